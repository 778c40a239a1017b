"""``funclab.feature_model(model, *targets)``: a model that outputs what layers
inside ``model`` compute, right for shared layers and for layers inside
nested models.

The Keras FAQ's recipe, ``keras.Model(model.inputs, [l.output for l in
model.layers])``, quietly returns call 0 of a shared layer (``layer.output``
means the first call in Keras 3), and cannot reach a layer inside a nested
model at all: that layer's tensors belong to the nested model's own graph,
not to the outer model's. ``feature_model`` walks the calls instead:

>>> import keras
>>> lstm = keras.layers.LSTM(4, name="lstm")
>>> left, right = keras.Input((None, 3), name="left"), keras.Input((None, 3), name="right")
>>> model = keras.Model([left, right], keras.layers.concatenate([lstm(left), lstm(right)]), name="pair")
>>> feature_model(model, ("lstm", 1)).output.name == lstm._inbound_nodes[1].outputs[0].name
True
>>> feature_model(model, "lstm")
Traceback (most recent call last):
  ...
ValueError: 'lstm' is called 2 times in model 'pair', so say which call: ('lstm', 0) takes left → (None, 4); ('lstm', 1) takes right → (None, 4). For example funclab.feature_model(model, ('lstm', 1)).

A target is a layer name (a layer called once), ``(name, call_index)`` for
one call of a shared layer, or a path ``"tower/conv1"`` (any depth) for a
layer inside a nested model; there the call index picks the call of the
outermost nested model: in a Siamese model, ``("tower/conv1", 1)`` is
``conv1``'s output on the second branch.
"""

from __future__ import annotations

import difflib

import keras

from funclab import _keras_internals as internals
from funclab.extract import require_graph_model
from funclab.style import shapes_text

__all__ = ["feature_model"]


def _parse(target) -> tuple[list[str], int | None]:
    if isinstance(target, str):
        path, index = target, None
    elif (isinstance(target, tuple) and len(target) == 2 and isinstance(target[0], str)
          and isinstance(target[1], int) and not isinstance(target[1], bool)):
        path, index = target
    else:
        raise TypeError(
            "a target is a layer name (\"conv1\"), a (layer name, call index) pair for one call of a "
            f"shared layer, or a path \"tower/conv1\" into a nested model; got {type(target).__name__} {target!r}"
        )
    parts = path.split("/")
    if not all(parts):
        raise ValueError(f"the path {path!r} has an empty part: write nested paths as \"outer/inner\"")
    return parts, index


def _names(functional, prefix: str = "") -> list[str]:
    """Every layer of a graph model as a target path, nested ones included."""
    found = []
    for op in functional.operations:
        found.append(prefix + op.name)
        inner = internals.graph_model(op) if isinstance(op, keras.Model) else None
        if inner is not None:
            found += _names(inner, prefix + op.name + "/")
    return found


def _operation(functional, name: str, where: str, model_name: str):
    for op in functional.operations:
        if op.name == name:
            return op
    close = difflib.get_close_matches(where + name, _names(functional, where), n=5, cutoff=0.5)
    hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    raise ValueError(f"model {model_name!r} has no layer {where + name!r}.{hint}")


def _calls(functional, op) -> list[tuple[int, object]]:
    """``(node index, node)`` for the calls of ``op`` that belong to this graph."""
    members = internals.model_node_ids(functional)
    return [(i, node) for i, node in enumerate(internals.inbound_nodes(op)) if id(node) in members]


def _call_text(path: str, index: int, node) -> str:
    sources = ", ".join(internals.tensor_history(t).operation.name for t in internals.node_input_tensors(node))
    outputs = shapes_text(tuple(t.shape) for t in internals.node_output_tensors(node))
    return f"({path!r}, {index}) takes {sources} → {outputs}"


def _pick_call(functional, op, path: str, index: int | None, model_name: str):
    calls = _calls(functional, op)
    if index is None:
        if len(calls) == 1:
            return calls[0][1]
        listed = "; ".join(_call_text(path, i, node) for i, node in calls)
        raise ValueError(
            f"{path!r} is called {len(calls)} times in model {model_name!r}, so say which call: {listed}. "
            f"For example funclab.feature_model(model, ({path!r}, {calls[-1][0]}))."
        )
    for i, node in calls:
        if i == index:
            return node
    valid = ", ".join(str(i) for i, _ in calls)
    raise ValueError(
        f"call index {index} is out of range for {path!r}: it has {len(calls)} call"
        f"{'s' if len(calls) != 1 else ''} in model {model_name!r}, with index {valid}"
    )


def _fed_tensors(nested, node) -> list:
    """The outer tensors of one call of a nested model, in its inputs' order."""
    inner_inputs = list(internals.graph_model(nested).inputs)
    by_inner = {id(inner): outer for inner, outer in internals.nested_call_inputs(nested, node)}
    return [by_inner[id(t)] for t in inner_inputs]


def _resolve(functional, parts: list[str], index: int | None, where: str, model_name: str):
    """The tensor(s) that ``parts`` names, as tensors of ``functional``'s graph."""
    op = _operation(functional, parts[0], where, model_name)
    path = where + parts[0]
    node = _pick_call(functional, op, path, index, model_name)
    if len(parts) == 1:
        outputs = internals.node_output_tensors(node)
        return outputs[0] if len(outputs) == 1 else outputs
    nested = internals.graph_model(op) if isinstance(op, keras.Model) else None
    if nested is None:
        kind = type(op).__name__
        extra = " (it applies a model to every time step; its inner outputs are not tensors of this graph)" \
            if isinstance(op, keras.layers.Wrapper) else ""
        raise ValueError(
            f"the path {'/'.join([path, *parts[1:]])!r} stops at {path!r}: that is a {kind} layer, not a model{extra}. "
            f"Only a nested model's layers can be reached with a path."
        )
    inner = _resolve(nested, parts[1:], None, path + "/", model_name)
    # A model from the nested model's inputs to the inner tensor, called on
    # the tensors this call of the nested model received: it reuses the
    # nested model's layers (and their weights) on this call's data.
    reach = keras.Model(list(nested.inputs), inner, name=f"{op.name}_to_{parts[-1]}")
    fed = _fed_tensors(op, node)
    return reach(fed if len(fed) > 1 else fed[0])


def feature_model(model, *targets, name: str | None = None) -> keras.Model:
    """A ``keras.Model`` with ``model``'s inputs and one output per target
    (a single output for a single target); see the module docs for targets.

    The result shares ``model``'s layers and weights: training ``model``
    changes what it computes. Bad targets get an error that says what is
    wrong and what to pass instead.
    """
    functional = require_graph_model(model, caller="funclab.feature_model")
    if not targets:
        names = ", ".join(repr(n) for n in _names(functional)[:8])
        raise TypeError(
            "funclab.feature_model needs at least one target: a layer name, a (layer name, call index) pair "
            f"for a shared layer, or a path 'nested/inner'. Layers of {model.name!r}: {names}, ..."
        )
    outputs = []
    for target in targets:
        parts, index = _parse(target)
        outputs.append(_resolve(functional, parts, index, "", model.name))
    inputs = internals.input_structure(functional)
    return keras.Model(inputs, outputs[0] if len(outputs) == 1 else outputs, name=name or f"{model.name}_features")
