"""``check_connected(inputs, outputs)``: why a functional model cannot be built.

Keras 2 reported an output that the given inputs cannot reach as "Graph
disconnected: cannot obtain value for tensor ... at layer 'input_1'". Keras 3
says only "Output with path `` is not connected to `inputs`". This check walks
back from the outputs and names what is wrong:

>>> import keras
>>> pixels, other = keras.Input((4,), name="pixels"), keras.Input((4,), name="other")
>>> out = keras.layers.Dense(2, name="classify")(pixels)
>>> check_connected(pixels, out)  # fine: returns None
>>> check_connected(other, out)
Traceback (most recent call last):
  ...
funclab.connectivity.GraphDisconnectedError: The outputs cannot be computed from the given inputs.
- output 0 ('classify') needs the Input 'pixels' (None, 4), which was not given. Its path: pixels → classify
- the given input 'other' (None, 4) is used by no output.
Give keras.Model every Input the outputs depend on, for example keras.Model(inputs=[pixels], outputs=...).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras

from funclab import _keras_internals as internals
from funclab.style import format_shape

__all__ = ["GraphDisconnectedError", "MissingInput", "check_connected"]


@dataclass(frozen=True)
class MissingInput:
    """An ``Input`` an output depends on that was not given, and the chain of
    layers from it to that output."""

    name: str
    shape: tuple
    output_index: int
    path: tuple[str, ...]
    #: How Keras names the output: ``0`` for a list position, ``'attention'`` for a dict key.
    output_label: str = ""


class GraphDisconnectedError(ValueError):
    """The outputs depend on inputs that were not given, or a given input is unused."""

    def __init__(self, missing: list[MissingInput], unused: list[tuple[str, tuple]], output_names: list[str]):
        self.missing = missing
        self.unused = unused
        lines = ["The outputs cannot be computed from the given inputs."]
        for item in missing:
            lines.append(
                f"- output {item.output_label or item.output_index} ({output_names[item.output_index]!r}) needs the Input "
                f"{item.name!r} {format_shape(item.shape)}, which was not given. "
                f"Its path: {' → '.join(item.path)}"
            )
        for name, shape in unused:
            lines.append(f"- the given input {name!r} {format_shape(shape)} is used by no output.")
        needed = sorted({m.name for m in missing})
        if needed:
            lines.append(
                "Give keras.Model every Input the outputs depend on, for example "
                f"keras.Model(inputs=[{', '.join(needed)}], outputs=...)."
            )
        else:
            lines.append("Remove the unused inputs, or connect them to an output.")
        super().__init__("\n".join(lines))


def _flatten(value, role: str) -> list[tuple[str, object]]:
    """``(label, tensor)`` pairs in the order Keras flattens a structure (dict
    keys sorted), each labelled as Keras names it: its position in a list,
    its key (or key path) in a dict."""
    pairs = []
    for position, (path, tensor) in enumerate(keras.tree.flatten_with_path(value)):
        if not isinstance(tensor, keras.KerasTensor):
            shown = repr(tensor) if len(repr(tensor)) < 60 else repr(tensor)[:57] + "..."
            raise TypeError(
                f"{role} must be symbolic tensors (from keras.Input or from calling layers on them), or a "
                f"list or dict of them; got {type(tensor).__name__}: {shown}"
            )
        if internals.tensor_history(tensor) is None:
            raise TypeError(f"{role}: the tensor {tensor.name!r} has no Keras history (it was not made by a layer call)")
        keyed = any(isinstance(part, str) for part in path)
        pairs.append((repr("/".join(str(p) for p in path)) if keyed else str(position), tensor))
    return pairs


def _tensor_name(tensor) -> str:
    return internals.tensor_history(tensor).operation.name


def check_connected(inputs, outputs) -> None:
    """Return quietly if ``keras.Model(inputs, outputs)`` can compute every output
    from the inputs and uses every input; otherwise raise
    ``GraphDisconnectedError`` naming each missing ``Input`` (with the chain of
    layers from it to the output) and each given input no output uses."""
    given = [t for _, t in _flatten(inputs, "inputs")]
    labelled = _flatten(outputs, "outputs")
    wanted = [t for _, t in labelled]
    given_ids = {id(t) for t in given}
    used: set[int] = set()
    missing: dict[str, MissingInput] = {}

    for output_index, output in enumerate(wanted):
        seen: set[int] = set()
        # Depth-first from the output; each stack entry carries the layers
        # between the current tensor and the output.
        stack = [(output, (_tensor_name(output),))]
        while stack:
            tensor, path = stack.pop()
            if id(tensor) in given_ids:
                used.add(id(tensor))
                continue
            history = internals.tensor_history(tensor)
            node = internals.inbound_nodes(history.operation)[history.node_index]
            if id(node) in seen:
                continue
            seen.add(id(node))
            if internals.node_is_input(node):
                name = history.operation.name
                if name not in missing:
                    missing[name] = MissingInput(
                        name, tuple(tensor.shape), output_index, tuple(reversed(path)), labelled[output_index][0]
                    )
                continue
            for parent in internals.node_input_tensors(node):
                stack.append((parent, path + (_tensor_name(parent),)))

    unused = [(_tensor_name(t), tuple(t.shape)) for t in given if id(t) not in used]
    if missing or unused:
        output_names = [_tensor_name(t) for t in wanted]
        raise GraphDisconnectedError(list(missing.values()), unused, output_names)
