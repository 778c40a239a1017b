"""Compare a learner's model with a task's reference, structurally.

Both models are extracted (``funclab.extract``) and every tensor gets a
*signature*: what computed it (the layer type and the settings a task fixes:
units, filters, kernel size, strides, padding, activation, axis, rate, ...)
from which signatures, in which order. Names the task does not fix, and the
order in which the code was written, do not enter a signature. Two models
compute the same thing when their outputs have the same signatures; sharing
(one layer object called several times) is checked afterwards.

The first reference call (in topological order) whose output has no twin in
the learner's model is the first difference; ``Difference`` then says what
the learner's model does there instead, in the learner's own layer names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from funclab.i18n import Text
from funclab.model_data import Call, ModelData, TensorRef
from funclab.practice.messages import say
from funclab.style import format_shape

__all__ = ["CHECKED_SETTINGS", "Difference", "compare_models", "describe_layer"]

#: The settings a model-building task fixes; others (initializers, names) are free.
CHECKED_SETTINGS = ("units", "filters", "kernel_size", "strides", "padding", "activation", "axis", "axes", "rate",
                    "pool_size", "input_dim", "output_dim", "mask_zero", "return_sequences", "return_state",
                    "num_heads", "key_dim", "depth_multiplier", "dilation_rate", "merge_mode")


@dataclass
class Difference:
    """The first way a learner's model differs from the task: a message in the
    learner's terms, and the learner's layers (and calls) to highlight."""

    message: Text
    layers: tuple[str, ...] = ()
    calls: tuple[tuple[str, int], ...] = ()


@dataclass
class _Side:
    """One model's tensors and calls, with their signatures."""

    data: ModelData
    sig: dict[TensorRef, int] = field(default_factory=dict)  # tensor -> signature id
    calls: list[tuple[ModelData, Call]] = field(default_factory=list)  # top-level calls, topological


class _Signer:
    """Interns signatures (nested tuples) as small ints, shared by both models."""

    def __init__(self, *, named_inputs: bool):
        self.named_inputs = named_inputs
        self.ids: dict[tuple, int] = {}

    def intern(self, key: tuple) -> int:
        return self.ids.setdefault(key, len(self.ids))

    def settings(self, data: ModelData, call: Call) -> tuple:
        info = data.layer(call.layer)
        config = {k: v for k, v in info.config.items() if k in CHECKED_SETTINGS}
        if "axis" in config and isinstance(config["axis"], int) and call.output_specs:
            rank = len(call.output_specs[0].shape)
            config["axis"] = config["axis"] % rank  # -1 and 3 are the same axis of a 4-d tensor
        return tuple(sorted(config.items()))

    def sign(self, data: ModelData, *, top: bool) -> dict[TensorRef, int]:
        """Signatures of every tensor of one (possibly nested) model."""
        sig: dict[TensorRef, int] = {}
        for position, ref in enumerate(data.inputs):
            spec = data.output_spec(ref)
            key = ref.layer if (top and self.named_inputs) else position
            sig[ref] = self.intern(("input", key, tuple(spec.shape), spec.dtype))
        for call in data.calls:
            info = data.layer(call.layer)
            if info.kind == "input" or info.mask_only:
                continue
            inner = self.nested(info.nested) if info.nested is not None else None
            head = (info.class_name, self.settings(data, call), inner, tuple(sig[r] for r in call.inputs))
            for index in range(len(call.output_specs)):
                sig[TensorRef(call.layer, call.node_index, index)] = self.intern((*head, index))
        return sig

    def nested(self, data: ModelData) -> int:
        """A nested model as a whole: the signatures of its outputs on its own inputs."""
        inner = self.sign(data, top=False)
        return self.intern(("model", tuple(inner[ref] for ref in data.outputs)))


def describe_layer(data: ModelData, call: Call) -> str | Text:
    """``Dense(32, activation='relu')``: the layer type and the settings a task fixes
    (for a nested model, a text in the learner's language)."""
    info = data.layer(call.layer)
    if info.wraps:
        return say("nested_model_wrapped", name=info.wraps, wrapper=info.class_name)
    if info.nested is not None:
        return say("nested_model", name=info.name)
    shown = [f"{k}={v!r}" for k, v in info.config.items() if k in CHECKED_SETTINGS and v not in _DEFAULTS.get(k, ())]
    return f"{info.class_name}({', '.join(shown)})"


# Settings left out of descriptions when they have Keras' default value.
_DEFAULTS = {"strides": ((1,), (1, 1), (1, 1, 1)), "dilation_rate": ((1,), (1, 1), (1, 1, 1)), "padding": ("valid",),
             "activation": ("linear",), "return_state": (False,), "return_sequences": (False,), "mask_zero": (False,),
             "depth_multiplier": (1,), "merge_mode": ("concat",)}


def _producers(side: _Side, sig_id: int) -> list[TensorRef]:
    return [ref for ref, s in side.sig.items() if s == sig_id]


def _name(side: _Side, ref: TensorRef) -> str:
    """``lstm``, ``lstm#1`` for a call of a shared layer, ``lstm_s[2]`` for one output of several."""
    calls = len(side.data.layer(ref.layer).node_indices)
    multi = len(side.data.call(ref.layer, ref.node_index).output_specs) > 1
    return ref.layer + (f"#{ref.node_index}" if calls > 1 else "") + (f"[{ref.tensor_index}]" if multi else "")


class _Comparison:
    def __init__(self, learner: ModelData, reference: ModelData, *, named_inputs: bool, named_outputs: bool):
        signer = _Signer(named_inputs=named_inputs)
        self.named_inputs, self.named_outputs = named_inputs, named_outputs
        self.mine = _Side(reference, signer.sign(reference, top=True), [(reference, c) for c in reference.calls])
        self.yours = _Side(learner, signer.sign(learner, top=True), [(learner, c) for c in learner.calls])

    # -- inputs ----------------------------------------------------------------

    def inputs(self) -> Difference | None:
        mine, yours = self.mine.data, self.yours.data
        if len(yours.inputs) != len(mine.inputs):
            return Difference(say("input_count", found=len(yours.inputs), names=", ".join(r.layer for r in yours.inputs),
                                  expected=len(mine.inputs), task=", ".join(r.layer for r in mine.inputs)),
                              tuple(r.layer for r in yours.inputs))
        for position, (want, got) in enumerate(zip(mine.inputs, yours.inputs)):
            expected, found = mine.output_spec(want), yours.output_spec(got)
            if self.named_inputs and got.layer != want.layer:
                if any(r.layer == want.layer for r in yours.inputs):
                    return Difference(say("input_order", position=position, found=got.layer, expected=want.layer),
                                      (got.layer,))
                return Difference(say("input_name", found=got.layer, expected=want.layer), (got.layer,))
            if tuple(expected.shape) != tuple(found.shape):
                return Difference(say("input_shape", name=got.layer, found=format_shape(found.shape),
                                      expected=format_shape(expected.shape)), (got.layer,))
            if expected.dtype != found.dtype:
                return Difference(say("input_dtype", name=got.layer, found=found.dtype, expected=expected.dtype),
                                  (got.layer,))
        return None

    # -- the first call that differs ------------------------------------------

    def calls(self) -> Difference | None:
        have = set(self.yours.sig.values())
        for data, call in self.mine.calls:
            info = data.layer(call.layer)
            if info.kind == "input" or info.mask_only:
                continue
            out = self.mine.sig[TensorRef(call.layer, call.node_index, 0)]
            if out not in have:
                return self.diagnose(call)
        return None

    def _unaccounted(self) -> list[Call]:
        """The learner's calls the task has no twin for: their signature is not
        the task's, or it is, more often than in the task (a duplicated branch)."""
        budget = Counter(sig for ref, sig in self.mine.sig.items() if ref.tensor_index == 0)
        found = []
        for call in self.yours.data.calls:
            if self.yours.data.layer(call.layer).kind == "input" or not call.output_specs:
                continue
            sig = self.yours.sig.get(TensorRef(call.layer, call.node_index, 0))
            if budget[sig] > 0:
                budget[sig] -= 1
            else:
                found.append(call)
        return found

    def _twins(self, call: Call) -> list[list[TensorRef]]:
        """For each input of a reference call, the learner's tensors that are its twins
        (several when the model has identical branches)."""
        return [_producers(self.yours, self.mine.sig[ref]) for ref in call.inputs]

    def diagnose(self, want: Call) -> Difference:
        mine, yours = self.mine.data, self.yours.data
        expected = describe_layer(mine, want)
        twins = self._twins(want)
        want_info = mine.layer(want.layer)
        unaccounted = self._unaccounted()
        any_twin = {ref for options in twins for ref in options}
        consumers = [c for c in unaccounted if any(r in any_twin for r in c.inputs)]
        same_inputs = [c for c in consumers if len(c.inputs) == len(twins)
                       and all(r in options for r, options in zip(c.inputs, twins))]
        # Name the inputs as the closest learner call uses them, else by their first twin.
        if same_inputs:
            sources = list(same_inputs[0].inputs)
        else:  # identical branches: a different twin for each input where there are several
            sources = []
            for options in twins:
                sources.append(next((r for r in options if r not in sources), options[0]))
        source_names = ", ".join(f"`{_name(self.yours, r)}`" for r in sources)
        for got in same_inputs:  # the same inputs, something else computed
            found = yours.layer(got.layer)
            where = ((got.layer, got.node_index),)
            if want_info.nested is not None and found.nested is None:
                return Difference(say("expected_model", name=got.layer, inputs=source_names, expected=expected),
                                  (got.layer,), where)
            if found.class_name != want_info.class_name:
                return Difference(say("layer_type", name=got.layer, found=found.class_name, inputs=source_names,
                                      expected=expected), (got.layer,), where)
            for key, value in dict(self.mine_settings(want)).items():
                found_value = dict(self.your_settings(got)).get(key)
                if found_value != value:
                    return Difference(say("setting", name=got.layer, key=key, found=found_value, expected=value,
                                          description=expected), (got.layer,), where)
            if want_info.nested is not None:
                return Difference(say("nested_differs", name=got.layer, expected=expected), (got.layer,), where)
        for got in unaccounted:  # the same layer, other inputs
            found = yours.layer(got.layer)
            if found.class_name == want_info.class_name and dict(self.your_settings(got)) == dict(self.mine_settings(want)):
                got_names = ", ".join(f"`{_name(self.yours, r)}`" for r in got.inputs)
                same_set = len(got.inputs) == len(twins) and all(
                    any(r in options for r in got.inputs) for options in twins)
                key = "input_order_of" if same_set else "inputs_of"
                if len(got.inputs) == 1 and len(sources) == 1:
                    key = "applied_to"
                return Difference(say(key, name=got.layer, found=got_names, expected=source_names,
                                      description=expected, found_count=len(got.inputs), expected_count=len(sources)),
                                  (got.layer,), ((got.layer, got.node_index),))
        if consumers:
            got = consumers[0]
            producer = next(r for r in got.inputs if r in any_twin)
            return Difference(say("after", producer=_name(self.yours, producer), name=got.layer,
                                  found=describe_layer(yours, got), expected=expected),
                              (got.layer, producer.layer), ((got.layer, got.node_index),))
        return Difference(say("missing", inputs=source_names, expected=expected), tuple(r.layer for r in sources))

    def mine_settings(self, call: Call) -> tuple:
        return _Signer(named_inputs=False).settings(self.mine.data, call)

    def your_settings(self, call: Call) -> tuple:
        return _Signer(named_inputs=False).settings(self.yours.data, call)

    # -- outputs and sharing ---------------------------------------------------

    def outputs(self) -> Difference | None:
        mine, yours = self.mine.data, self.yours.data
        names = [_output_name(self.yours, i) for i in range(len(yours.outputs))]
        task = [_output_name(self.mine, i) for i in range(len(mine.outputs))]
        if len(yours.outputs) != len(mine.outputs):
            return Difference(say("output_count", found=len(yours.outputs), names=", ".join(names),
                                  expected=len(mine.outputs), task=", ".join(task)),
                              tuple(r.layer for r in yours.outputs))
        for position, (want, got) in enumerate(zip(mine.outputs, yours.outputs)):
            if self.yours.sig[got] != self.mine.sig[want]:
                twin = _producers(self.yours, self.mine.sig[want])
                return Difference(say("output_order" if twin else "output_differs", position=position, found=names[position],
                                      expected=_name(self.yours, twin[0]) if twin else task[position]),
                                  (got.layer,))
            if self.named_outputs and names[position] != task[position]:
                return Difference(say("output_name", found=names[position], expected=task[position]), (got.layer,))
        return None

    def _layer_calls(self, side: _Side) -> dict[str, list[tuple[int, Call]]]:
        """``{weights key: [(output signature, call), ...]}`` for the layers of one model."""
        found: dict[str, list[tuple[int, Call]]] = {}
        for call in side.data.calls:
            info = side.data.layer(call.layer)
            if info.kind == "input" or info.mask_only or not call.output_specs:
                continue
            found.setdefault(info.weights_key, []).append((side.sig[TensorRef(call.layer, call.node_index, 0)], call))
        return found

    def sharing(self) -> Difference | None:
        """Layers called several times by the task must be one object in the learner's
        model too, and the reverse. (Calls with the same signature are
        interchangeable: two identical branches may be matched either way.)"""
        mine, yours = self._layer_calls(self.mine), self._layer_calls(self.yours)
        layer_sigs = {key: sorted(sig for sig, _ in calls) for key, calls in yours.items()}
        task_sigs = [sorted(sig for sig, _ in calls) for calls in mine.values()]
        for calls in mine.values():
            if len(calls) < 2:
                continue
            wanted = sorted(sig for sig, _ in calls)
            if wanted in layer_sigs.values():
                continue
            holders = list(dict.fromkeys(
                key for sig, _ in calls for key, your_calls in yours.items() if any(s == sig for s, _ in your_calls)))
            names = [yours[key][0][1].layer for key in holders]
            if len(names) >= 2:
                where = tuple((c.layer, c.node_index) for key in holders[:2] for _, c in yours[key])
                return Difference(say("not_shared", first=names[0], second=names[1], count=len(calls)),
                                  tuple(names[:2]), where)
        for key, calls in yours.items():
            if len(calls) >= 2 and layer_sigs[key] not in task_sigs:
                name = calls[0][1].layer
                return Difference(say("shared_wrongly", name=name, count=len(calls)), (name,),
                                  tuple((c.layer, c.node_index) for _, c in calls))
        return None


def _output_name(side: _Side, position: int) -> str:
    data = side.data
    key = data.output_keys[position] if position < len(data.output_keys) else ""
    return key or _name(side, data.outputs[position])


def compare_models(learner: ModelData, reference: ModelData, *, named_inputs: bool = False,
                   named_outputs: bool = False) -> Difference | None:
    """None when the learner's model is the task's model, else the first difference."""
    comparison = _Comparison(learner, reference, named_inputs=named_inputs, named_outputs=named_outputs)
    for step in (comparison.inputs, comparison.calls, comparison.outputs, comparison.sharing):
        difference = step()
        if difference is not None:
            return difference
    return None
