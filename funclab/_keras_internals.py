"""Every access to Keras' private graph attributes, in one place.

Keras 3 has no public API for a layer's calls ("nodes"): maintainers point to the
private ``_inbound_nodes`` with no stability promise. funclab reads these
internals here and nowhere else:

- ``operation._inbound_nodes``: one ``Node`` per call, in call order;
- ``Node.operation``, ``Node.arguments`` (``.args``, ``.kwargs``,
  ``.keras_tensors``), ``Node.outputs``, ``Node.is_input``;
- ``tensor._keras_history``: ``(operation, node_index, tensor_index)``;
- ``tensor._keras_mask``: the mask a tensor carries (``Embedding(mask_zero=True)``);
- ``Functional._nodes_by_depth``: the calls that belong to a model;
- ``Functional._inputs_struct`` / ``_outputs_struct``: the structure (list,
  dict) the model was built with;
- ``Sequential._functional``: the graph behind a built Sequential model.

They were checked against the Keras range pinned in pyproject.toml
(``TESTED_KERAS``). ``tests/test_keras_internals.py`` fails loudly when one of
them changes shape; update this module (and only this module) then.
"""

from __future__ import annotations

import gc
import inspect
import warnings
import weakref
from typing import Any, NamedTuple

import keras

__all__ = [
    "TESTED_KERAS",
    "Argument",
    "check_keras_version",
    "inbound_nodes",
    "node_arguments",
    "node_input_tensors",
    "node_output_tensors",
    "node_is_input",
    "tensor_history",
    "tensor_mask",
    "graph_model",
    "is_graph_model",
    "model_node_ids",
    "nested_call_inputs",
    "structure_paths",
    "input_structure",
    "wrapped_model",
    "live_graph_models",
]

#: The Keras versions whose internals this module was written and tested against.
TESTED_KERAS = (3, 15)

_warned_version = False


def check_keras_version() -> None:
    """Warn once if the installed Keras is outside the tested minor range."""
    global _warned_version
    if _warned_version:
        return
    major, minor = (int(part) for part in keras.__version__.split(".")[:2])
    if (major, minor) != TESTED_KERAS:
        _warned_version = True
        warnings.warn(
            f"funclab reads Keras internals and was tested with Keras "
            f"{TESTED_KERAS[0]}.{TESTED_KERAS[1]}.x; found {keras.__version__}. "
            "Layer-call inspection and graph pictures may be wrong: install the "
            "version pinned in funclab's pyproject.toml.",
            RuntimeWarning,
            stacklevel=3,
        )


def inbound_nodes(operation) -> list:
    """The operation's calls, in call order (node index = position)."""
    nodes = getattr(operation, "_inbound_nodes", None)
    return list(nodes) if nodes is not None else []


class Argument(NamedTuple):
    """One symbolic tensor a call received, with the name of the ``call``
    argument it was passed as. ``is_mask`` marks the ``mask`` argument that
    Keras fills in itself after a masking layer (``Embedding(mask_zero=True)``)."""

    name: str
    tensor: Any
    is_mask: bool


def _parameter_names(operation, positional: int) -> list[str]:
    """Names of the first ``positional`` parameters of ``operation.call``."""
    try:
        parameters = list(inspect.signature(operation.call).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    names = []
    for index in range(positional):
        if index < len(parameters) and parameters[index].kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            names.append(parameters[index].name)
        else:
            names.append(f"arg{index}")
    return names


def node_arguments(node) -> list[Argument]:
    """Every symbolic tensor of a call, in Keras' own flattened order (positional
    arguments first, then keyword arguments by sorted name), with its argument."""
    args, kwargs = node.arguments.args, node.arguments.kwargs
    found = []
    for name, value in zip(_parameter_names(node.operation, len(args)), args):
        found += [Argument(name, t, False) for t in keras.tree.flatten(value) if isinstance(t, keras.KerasTensor)]
    for name in sorted(kwargs):
        found += [
            Argument(name, t, name == "mask")
            for t in keras.tree.flatten(kwargs[name])
            if isinstance(t, keras.KerasTensor)
        ]
    if [id(a.tensor) for a in found] != [id(t) for t in node.arguments.keras_tensors]:
        # An argument structure this module does not understand: keep Keras' order.
        return [Argument(f"arg{i}", t, False) for i, t in enumerate(node.arguments.keras_tensors)]
    return found


def node_input_tensors(node, *, masks: bool = False) -> list:
    """The symbolic tensors a call received, in Keras' own order; without the
    masks Keras passed along unless ``masks=True`` (Keras 2 recorded a call
    without them)."""
    if masks:
        return list(node.arguments.keras_tensors)
    return [a.tensor for a in node_arguments(node) if not a.is_mask]


def node_output_tensors(node) -> list:
    return list(node.outputs)


def node_is_input(node) -> bool:
    """True for the node of an ``InputLayer`` (a graph entry point)."""
    return bool(node.is_input)


def tensor_history(tensor):
    """Where a symbolic tensor came from, as Keras records it: a named tuple
    ``(operation, node_index, tensor_index)``; None for a tensor with no history."""
    history = getattr(tensor, "_keras_history", None)
    if history is None or history[0] is None:
        return None
    return history


def tensor_mask(tensor):
    """The mask a symbolic tensor carries (a boolean symbolic tensor), or None."""
    return getattr(tensor, "_keras_mask", None)


def is_graph_model(obj) -> bool:
    """A Functional model, or a Sequential model (built or not)."""
    return isinstance(obj, keras.Model) and (
        hasattr(obj, "_nodes_by_depth") or isinstance(obj, keras.Sequential)
    )


def graph_model(model):
    """The Functional graph behind a model: the model itself, the graph of a
    built Sequential, or None (unbuilt Sequential, subclassed model)."""
    if isinstance(model, keras.Sequential):
        return getattr(model, "_functional", None)
    if hasattr(model, "_nodes_by_depth"):
        return model
    return None


def wrapped_model(layer):
    """The graph model a wrapper layer applies (``TimeDistributed(model)``), or None."""
    inner = getattr(layer, "layer", None) if isinstance(layer, keras.layers.Wrapper) else None
    return inner if inner is not None and graph_model(inner) is not None else None


def model_node_ids(model) -> dict[int, int]:
    """The calls that belong to a graph model, as ``{id(node): depth}``."""
    functional = graph_model(model)
    if functional is None:
        return {}
    return {
        id(node): depth
        for depth, nodes in functional._nodes_by_depth.items()
        for node in nodes
    }


def structure_paths(model, which: str) -> list[tuple]:
    """The path of each of a graph model's inputs or outputs in the structure it
    was built with, in Keras' flattened order: ``("attention",)`` for a dict
    key, ``(0,)`` for a list position, ``()`` for a single tensor."""
    functional = graph_model(model)
    struct = getattr(functional, "_outputs_struct" if which == "outputs" else "_inputs_struct")
    return [tuple(path) for path, _ in keras.tree.flatten_with_path(struct)]


def input_structure(model):
    """A graph model's inputs in the structure it was built with (a tensor, a
    list or a dict), so that a new model on them is fed the same way."""
    return graph_model(model)._inputs_struct


def nested_call_inputs(model, node) -> list[tuple[Any, Any]]:
    """For a call of a graph model: pairs ``(inner input tensor, outer tensor)``.

    Maps by input name when the model is fed a dict, by position otherwise
    (a dict is flattened in sorted-key order, not in the model's input order).
    """
    functional = graph_model(model)
    inner_inputs = list(functional.inputs)
    args = node.arguments.args
    fed = args[0] if len(args) == 1 else list(args)
    if isinstance(fed, dict):
        by_name = {tensor.name: tensor for tensor in inner_inputs}
        history_names = {}
        for tensor in inner_inputs:
            origin = tensor_history(tensor)
            if origin is not None:
                history_names[origin.operation.name] = tensor
        pairs = []
        for key, outer in fed.items():
            inner = by_name.get(key)
            if inner is None:
                inner = history_names.get(key)
            if inner is not None and hasattr(outer, "_keras_history"):
                pairs.append((inner, outer))
        if len(pairs) == len(inner_inputs):
            return pairs
    outer_tensors = node_input_tensors(node)
    return list(zip(inner_inputs, outer_tensors))


def _fully_built(model) -> bool:
    """False for a Functional whose construction raised half-way (for example
    on a disconnected graph) but which is still referenced by a traceback."""
    if isinstance(model, keras.Sequential):
        return getattr(model, "_functional", None) is not None
    # Functional.__init__ assigns output_names last.
    return hasattr(model, "_nodes_by_depth") and "output_names" in vars(model)


def _built_models(objects) -> list:
    return [obj for obj in objects if isinstance(obj, keras.Model) and _fully_built(obj)]


class _LiveModels:
    """The graph models alive in this process, found by scanning the garbage
    collector's objects once and then only the objects created since.

    A full scan costs tens of milliseconds; a loop over a 250-layer model's
    layers would repeat it for every layer. CPython keeps new objects in its
    two young generations until a collection of generation 1 or 2 promotes
    the survivors to the old one. So while the collection counts of
    generations 1 and 2 are unchanged since the last full scan, every model
    created since then is among the young objects, and scanning those is
    enough. Models that die drop out through their weak references.
    """

    def __init__(self):
        self._models: list[weakref.ref] = []
        self._stamp = None

    @staticmethod
    def _collections():
        stats = gc.get_stats()
        if len(stats) != 3:  # not CPython's three generations: always scan fully
            return None
        return stats[1]["collections"], stats[2]["collections"]

    def _add(self, models) -> None:
        known = {id(ref()) for ref in self._models if ref() is not None}
        self._models += [weakref.ref(m) for m in models if id(m) not in known]

    def get(self) -> list:
        stamp = self._collections()
        if stamp is None or stamp != self._stamp:
            self._models = []
            self._add(_built_models(gc.get_objects()))
            self._stamp = self._collections()
        else:
            self._add(_built_models(gc.get_objects(generation=0) + gc.get_objects(generation=1)))
        models = [m for m in (ref() for ref in self._models) if m is not None and _fully_built(m)]
        # A Sequential model stands in for the Functional graph it wraps.
        wrapped = {id(m._functional) for m in models if isinstance(m, keras.Sequential)}
        return [m for m in models if id(m) not in wrapped]


_live_models = _LiveModels()


def live_graph_models() -> list:
    """Every fully built graph model alive in this process (a Sequential model
    stands in for the Functional graph it wraps)."""
    return _live_models.get()
