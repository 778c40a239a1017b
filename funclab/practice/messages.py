"""What exercise checks say, in English and Korean (``funclab.set_language``).

Every message names the learner's own layers and says what was expected,
what was found and what to do. ``say(key, **fields)`` formats one in the
current language.
"""

from __future__ import annotations

from funclab.i18n import Text

__all__ = ["MESSAGES", "say"]

MESSAGES: dict[str, dict[str, str]] = {
    "not_attempted": {
        "en": "Not attempted yet: replace the `...` with your answer and run the cell again.",
    },
    "passed": {"en": "Passed."},
    "not_a_model_layer": {
        "en": "You gave the layer `{name}` ({cls}); the task asks for a model: keras.Model(inputs, outputs).",
    },
    "not_a_model_tensor": {
        "en": "You gave a tensor (`{name}`); the task asks for a model: keras.Model(inputs, outputs), with this "
              "tensor as the output.",
    },
    "not_a_model": {"en": "The task asks for a Keras model; you gave {kind}."},
    "sequential": {
        "en": "`{name}` is a Sequential model; the task asks for the functional API: keras.Model(inputs, outputs).",
    },
    "subclassed": {
        "en": "`{name}` is a subclassed model, which Keras keeps no graph of; build it with the functional API: "
              "keras.Model(inputs, outputs).",
    },
    "unbuilt": {"en": "Sequential model `{name}` is not built yet: start it with keras.Input(shape=...)."},
    "input_count": {"en": "Your model has {found} input(s) ({names}); the task has {expected} ({task})."},
    "input_name": {
        "en": "Your input `{found}` should be named `{expected}`: keras.Input(..., name=\"{expected}\"). "
              "Data is fed to the task's inputs by name.",
    },
    "input_order": {
        "en": "Input {position} of your model is `{found}`; the task's input {position} is `{expected}`: "
              "list the inputs in the task's order in keras.Model([...], ...).",
    },
    "input_shape": {
        "en": "Your input `{name}` has shape {found}; the task asks for {expected}. "
              "(keras.Input(shape=...) leaves out the batch axis.)",
    },
    "input_dtype": {"en": "Your input `{name}` holds {found}; the task asks for {expected}: keras.Input(..., dtype=\"{expected}\")."},
    "expected_model": {
        "en": "`{name}` is applied directly to {inputs}; the task calls a model there ({expected}): build that "
              "model once with keras.Model and call it on each input.",
    },
    "layer_type": {"en": "`{name}` is a {found} layer, applied to {inputs}; the task applies {expected} there."},
    "setting_units": {"en": "`{name}` has {found} units; the task asks for {expected}."},
    "setting_filters": {"en": "`{name}` has {found} filters; the task asks for {expected}."},
    "setting_activation": {"en": "`{name}` uses the activation {found!r}; the task asks for {expected!r}."},
    "setting_padding": {"en": "`{name}` uses padding={found!r}; the task asks for padding={expected!r}."},
    "setting_axis": {
        "en": "`{name}` joins its inputs on axis {found}; the task joins them on axis {expected} "
              "(the channels are the last axis: axis=-1).",
    },
    "setting": {"en": "`{name}` has {key}={found!r}; the task asks for {key}={expected!r} ({description})."},
    "nested_differs": {"en": "`{name}` is a model, but not the one the task calls there ({expected}): compare its "
                             "layers with the task's."},
    "inputs_of": {
        "en": "`{name}` combines {found} ({found_count} tensors); the task's {description} combines {expected} "
              "({expected_count}).",
    },
    "applied_to": {"en": "`{name}` is applied to {found}; the task applies {description} to {expected}."},
    "input_order_of": {
        "en": "`{name}` takes {found}; the task's {description} takes them in this order: {expected}.",
    },
    "after": {"en": "After `{producer}`, your model applies `{name}`, a {found}; the task applies {expected} there."},
    "missing": {"en": "The task applies {expected} to {inputs}; nothing in your model does."},
    "output_count": {"en": "Your model has {found} output(s) ({names}); the task has {expected} ({task})."},
    "output_order": {
        "en": "Output {position} of your model is `{found}`; the task's output {position} is the output of your "
              "`{expected}`: list the task's outputs, in its order.",
    },
    "output_differs": {"en": "Output {position} of your model (`{found}`) is not the task's output `{expected}`."},
    "output_name": {
        "en": "Your output `{found}` should be named `{expected}` (give its layer name=\"{expected}\"): losses, "
              "weights and targets find a head by its name.",
    },
    "not_shared": {
        "en": "`{second}` is a new layer with weights of its own; the task uses one layer object for all {count} "
              "calls: create the layer once and call `{first}` on each input.",
    },
    "shared_wrongly": {
        "en": "`{name}` is one layer called {count} times, where the task uses a separate layer each time "
              "(each with weights of its own): create one layer per use.",
    },
    "give_shape": {"en": "Give the shape as a tuple, like {example}; you gave {kind}."},
    "give_int": {"en": "Give {what} as a whole number (an int); you gave {kind}."},
    "give_number": {"en": "Give {what} as a number; you gave {kind}."},
    "give_name": {"en": "Give {what} as a string; you gave {kind}."},
    "value_wrong": {"en": "Not quite: your answer is {found}."},
}


def say(message: str, /, **fields) -> Text:
    """One message with its fields filled in, rendered in whichever language is asked."""
    if message == "setting" and f"setting_{fields.get('key')}" in MESSAGES:
        message = f"setting_{fields['key']}"
    return Text(MESSAGES[message], **fields)
