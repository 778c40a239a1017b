"""Every access to Keras' private graph attributes, in one place.

Keras 3 has no public API for a layer's calls ("nodes"): maintainers point to the
private ``_inbound_nodes`` with no stability promise. funclab reads these
internals here and nowhere else:

- ``operation._inbound_nodes``: one ``Node`` per call, in call order;
- ``Node.operation``, ``Node.arguments`` (``.args``, ``.keras_tensors``),
  ``Node.outputs``, ``Node.is_input``;
- ``tensor._keras_history``: ``(operation, node_index, tensor_index)``;
- ``Functional._nodes_by_depth``: the calls that belong to a model;
- ``Sequential._functional``: the graph behind a built Sequential model.

They were checked against the Keras range pinned in pyproject.toml
(``TESTED_KERAS``). ``tests/test_keras_internals.py`` fails loudly when one of
them changes shape; update this module (and only this module) then.
"""

from __future__ import annotations

import gc
import warnings
from typing import Any, NamedTuple

import keras

__all__ = [
    "TESTED_KERAS",
    "History",
    "check_keras_version",
    "inbound_nodes",
    "node_index",
    "node_input_tensors",
    "node_output_tensors",
    "node_is_input",
    "tensor_history",
    "graph_model",
    "is_graph_model",
    "model_node_ids",
    "nested_call_inputs",
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


class History(NamedTuple):
    """Where a symbolic tensor came from: output ``tensor_index`` of call
    ``node_index`` of ``operation``."""

    operation: Any
    node_index: int
    tensor_index: int


def inbound_nodes(operation) -> list:
    """The operation's calls, in call order (node index = position)."""
    nodes = getattr(operation, "_inbound_nodes", None)
    return list(nodes) if nodes is not None else []


def node_index(node) -> int:
    """A node's index among its operation's calls."""
    for index, candidate in enumerate(inbound_nodes(node.operation)):
        if candidate is node:
            return index
    raise LookupError(f"node of {node.operation.name!r} is not among its inbound nodes")


def node_input_tensors(node) -> list:
    """The symbolic tensors a call received, flattened in Keras' own order."""
    return list(node.arguments.keras_tensors)


def node_output_tensors(node) -> list:
    return list(node.outputs)


def node_is_input(node) -> bool:
    """True for the node of an ``InputLayer`` (a graph entry point)."""
    return bool(node.is_input)


def tensor_history(tensor) -> History | None:
    """Where a symbolic tensor came from, or None for a tensor with no history."""
    history = getattr(tensor, "_keras_history", None)
    if history is None:
        return None
    operation, index, tensor_index = history
    if operation is None:
        return None
    return History(operation, index, tensor_index)


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


def live_graph_models() -> list:
    """Every fully built graph model alive in this process (a Sequential model
    stands in for the Functional graph it wraps)."""
    models = [obj for obj in gc.get_objects() if isinstance(obj, keras.Model) and _fully_built(obj)]
    wrapped = {id(m._functional) for m in models if isinstance(m, keras.Sequential)}
    return [m for m in models if id(m) not in wrapped]
