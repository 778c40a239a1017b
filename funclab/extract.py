"""Extract, then draw: walk a Keras model's graph once into plain data.

``extract(model)`` returns a ``ModelData``: the model's layers (one entry per
layer object, i.e. per set of weights) and its calls, each keyed by
``(layer name, node index)``; every input of a call is a ``TensorRef`` naming the
producing layer, the producing call's node index and the output's tensor index.
Nested models carry their own ``ModelData``. Nothing here draws; the renderer
(``funclab.dot``, ``funclab.fallback``), the text description and
``funclab.shared_layers`` all read this structure.

>>> import keras
>>> x = keras.Input((4,), name="x")
>>> dense = keras.layers.Dense(4, name="d")
>>> data = extract(keras.Model(x, dense(dense(x)), name="twice"))
>>> [(c.layer, c.node_index, c.inputs) for c in data.calls if c.layer == "d"]
[('d', 0, (TensorRef(layer='x', node_index=0, tensor_index=0),)), ('d', 1, (TensorRef(layer='d', node_index=0, tensor_index=0),))]
>>> data.call_counts()["d"]
2
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterator

import keras

from funclab import _keras_internals as internals

__all__ = ["TensorSpec", "TensorRef", "Call", "Edge", "LayerInfo", "ModelData", "extract", "require_graph_model"]


@dataclass(frozen=True)
class TensorSpec:
    """A symbolic tensor's shape (``None`` for unknown sizes) and dtype."""

    shape: tuple
    dtype: str

    def __str__(self) -> str:
        return format_shape(self.shape)


def format_shape(shape: tuple) -> str:
    """``(None, 32)`` as Keras 2 printed it: a tuple, with a trailing comma for one dim."""
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


@dataclass(frozen=True)
class TensorRef:
    """A tensor in the graph: output ``tensor_index`` of call ``node_index`` of ``layer``."""

    layer: str
    node_index: int
    tensor_index: int


@dataclass(frozen=True)
class Call:
    """One call of a layer (one Keras node) that belongs to the model."""

    layer: str
    node_index: int
    inputs: tuple[TensorRef, ...]
    input_specs: tuple[TensorSpec, ...]
    output_specs: tuple[TensorSpec, ...]
    #: For a call of a nested model: the nested model's input index that each
    #: of ``inputs`` feeds (``None`` for ordinary layers).
    feeds: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Edge:
    """One tensor flowing into one call: ``source`` feeds input ``position`` of
    call ``node_index`` of ``layer``."""

    source: TensorRef
    layer: str
    node_index: int
    position: int
    spec: TensorSpec


@dataclass(frozen=True)
class LayerInfo:
    """A layer (or nested model, or raw operation) of the model.

    ``kind`` is ``"input"``, ``"layer"``, ``"model"`` (a nested graph model,
    with its own ``nested`` data) or ``"operation"`` (a ``keras.ops`` call or an
    operator such as ``x + y``). ``node_indices`` are the calls that belong to
    this model; ``total_calls`` counts every call of the layer anywhere.
    ``weights_key`` is the same for every appearance of one layer object in an
    extraction (one set of weights), however deeply nested.
    """

    name: str
    class_name: str
    kind: str
    node_indices: tuple[int, ...]
    total_calls: int
    weights_key: str
    nested: "ModelData | None" = None


@dataclass(frozen=True)
class ModelData:
    """A graph model as plain data: layers in model order, calls in topological order."""

    name: str
    class_name: str
    layers: tuple[LayerInfo, ...]
    calls: tuple[Call, ...]
    inputs: tuple[TensorRef, ...]
    outputs: tuple[TensorRef, ...]

    def layer(self, name: str) -> LayerInfo:
        for info in self.layers:
            if info.name == name:
                return info
        raise KeyError(name)

    def call(self, layer: str, node_index: int) -> Call:
        for call in self.calls:
            if call.layer == layer and call.node_index == node_index:
                return call
        raise KeyError((layer, node_index))

    def edges(self) -> Iterator[Edge]:
        """Every tensor into every call, in call order then input order."""
        for call in self.calls:
            for position, (source, spec) in enumerate(zip(call.inputs, call.input_specs)):
                yield Edge(source, call.layer, call.node_index, position, spec)

    def output_spec(self, ref: TensorRef) -> TensorSpec:
        return self.call(ref.layer, ref.node_index).output_specs[ref.tensor_index]

    def distinct_calls(self) -> set[tuple[str, int]]:
        """``(weights_key, node_index)`` of every call in this model and, recursively,
        in the models it nests (a nested model's own calls are counted once,
        however often the nested model is called)."""
        calls = set()
        for info in self.layers:
            if info.kind == "input":
                continue
            calls.update((info.weights_key, index) for index in info.node_indices)
            if info.nested is not None:
                calls.update(info.nested.distinct_calls())
        return calls

    def call_counts(self) -> Counter:
        """Calls per layer, nested models included, keyed by weights key."""
        return Counter(key for key, _ in self.distinct_calls())

    def shared(self) -> dict[str, int]:
        """``{weights_key: calls}`` for layers and nested models called more than once."""
        return {key: count for key, count in sorted(self.call_counts().items()) if count > 1}


def require_graph_model(model, *, caller: str):
    """Return the Functional graph behind ``model`` or raise a clear error."""
    if isinstance(model, keras.KerasTensor):
        raise TypeError(
            f"{caller} expects a Keras model, got a symbolic tensor {model.name!r}. "
            "Make a model from your tensors first: keras.Model(inputs, outputs)."
        )
    if not isinstance(model, keras.Model):
        if isinstance(model, keras.layers.Layer):
            raise TypeError(
                f"{caller} expects a Keras model, got the layer {model.name!r} "
                f"({type(model).__name__}). To see a layer's calls, use funclab.nodes(layer)."
            )
        raise TypeError(
            f"{caller} expects a Keras model (keras.Model, keras.Sequential or a functional "
            f"model), got {type(model).__name__}: {model!r:.80}"
        )
    if not internals.is_graph_model(model):
        raise ValueError(
            f"{type(model).__name__} {model.name!r} is a subclassed keras.Model: its call() is "
            "Python code, so Keras keeps no graph of its layers to inspect. Rebuild it with the "
            "functional API (keras.Model(inputs, outputs)), or inspect a functional model that "
            "calls it (it appears there as one box)."
        )
    functional = internals.graph_model(model)
    if functional is None:
        raise ValueError(
            f"Sequential model {model.name!r} is not built yet, so its layers have no inputs "
            "or shapes. Give it a keras.Input(shape=...) as its first element, or call "
            "model.build((None, ...)) with the input shape, then try again."
        )
    internals.check_keras_version()
    return functional


def _spec(tensor) -> TensorSpec:
    return TensorSpec(tuple(tensor.shape), str(tensor.dtype))


def _kind(operation) -> str:
    if isinstance(operation, keras.layers.InputLayer):
        return "input"
    if isinstance(operation, keras.Model) and internals.graph_model(operation) is not None:
        return "model"
    if isinstance(operation, keras.layers.Layer):
        return "layer"
    return "operation"


def _ref(tensor) -> TensorRef:
    origin = internals.tensor_history(tensor)
    return TensorRef(origin.operation.name, origin.node_index, origin.tensor_index)


def _feeds(node, inputs) -> tuple[int, ...]:
    """Which input of the nested model each tensor fed to this call goes to."""
    inner_inputs = list(internals.graph_model(node.operation).inputs)
    inner_position = {id(t): i for i, t in enumerate(inner_inputs)}
    outer_position = {id(t): i for i, t in enumerate(inputs)}
    feeds = list(range(len(inputs)))
    for inner, outer in internals.nested_call_inputs(node.operation, node):
        if id(outer) in outer_position and id(inner) in inner_position:
            feeds[outer_position[id(outer)]] = inner_position[id(inner)]
    return tuple(feeds)


class _Walker:
    """One extraction: remembers which layer objects it has seen, so the same
    object gets the same ``weights_key`` in every scope."""

    def __init__(self):
        self.keys: dict[int, str] = {}

    def key_for(self, operation, path: str) -> str:
        return self.keys.setdefault(id(operation), path)

    def walk(self, model, functional, prefix: str) -> ModelData:
        operations = list(functional.operations)
        order = {id(op): position for position, op in enumerate(operations)}
        members = internals.model_node_ids(functional)  # {id(node): depth}

        # Keys first for this whole level, so a layer used here and inside a
        # nested model is keyed by its outer (first-listed) appearance.
        for op in operations:
            self.key_for(op, prefix + op.name)

        layers = []
        for op in operations:
            nodes = internals.inbound_nodes(op)
            indices = tuple(i for i, node in enumerate(nodes) if id(node) in members)
            kind = _kind(op)
            nested = None
            if kind == "model":
                nested = self.walk(op, internals.graph_model(op), prefix + op.name + "/")
            layers.append(
                LayerInfo(
                    name=op.name,
                    class_name=type(op).__name__,
                    kind=kind,
                    node_indices=indices,
                    total_calls=len(nodes),
                    weights_key=self.keys[id(op)],
                    nested=nested,
                )
            )

        index_of = {
            id(node): index for op in operations for index, node in enumerate(internals.inbound_nodes(op))
        }
        depths = members
        ordered_nodes = [node for op in operations for node in internals.inbound_nodes(op) if id(node) in depths]
        ordered_nodes.sort(key=lambda n: (-depths[id(n)], order[id(n.operation)], index_of[id(n)]))

        calls = []
        for node in ordered_nodes:
            if internals.node_is_input(node):
                outputs = internals.node_output_tensors(node)
                calls.append(Call(node.operation.name, index_of[id(node)], (), (), tuple(_spec(t) for t in outputs)))
                continue
            inputs = internals.node_input_tensors(node)
            calls.append(
                Call(
                    layer=node.operation.name,
                    node_index=index_of[id(node)],
                    inputs=tuple(_ref(t) for t in inputs),
                    input_specs=tuple(_spec(t) for t in inputs),
                    output_specs=tuple(_spec(t) for t in internals.node_output_tensors(node)),
                    feeds=_feeds(node, inputs) if _kind(node.operation) == "model" else None,
                )
            )
        return ModelData(
            name=model.name,
            class_name=type(model).__name__,
            layers=tuple(layers),
            calls=tuple(calls),
            inputs=tuple(_ref(t) for t in functional.inputs),
            outputs=tuple(_ref(t) for t in functional.outputs),
        )


def extract(model, *, caller: str = "funclab.extract") -> ModelData:
    """Walk a functional or built Sequential model once into a ``ModelData``."""
    functional = require_graph_model(model, caller=caller)
    return _Walker().walk(model, functional, "")
