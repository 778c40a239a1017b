"""Extract, then draw: walk a Keras model's graph once into plain data.

``extract(model)`` returns a ``ModelData``: the model's layers (one entry per
layer object, i.e. per set of weights) and its calls, each keyed by
``(layer name, node index)``; every input of a call is a ``TensorRef`` naming the
producing layer, the producing call's node index and the output's tensor index.
Nested models (and models inside a wrapper such as ``TimeDistributed``) carry
their own ``ModelData``. Nothing here draws; the scene (``funclab.scene``), the
inspector and the exercise checks all read this structure.

>>> import keras
>>> x = keras.Input((4,), name="x")
>>> dense = keras.layers.Dense(4, name="d")
>>> data = extract(keras.Model(x, dense(dense(x)), name="twice"))
>>> [(c.layer, c.node_index, [str(r) for r in c.inputs]) for c in data.calls if c.layer == "d"]
[('d', 0, ['x[0][0]']), ('d', 1, ['d[0][0]'])]
>>> data.call_counts()["d"]
2
"""

from __future__ import annotations

import keras

from funclab import _keras_internals as internals
from funclab.model_data import Call, LayerInfo, ModelData, TensorRef, TensorSpec

__all__ = ["TensorSpec", "TensorRef", "Call", "LayerInfo", "ModelData", "extract", "mask_source", "require_graph_model"]


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


def _ref(tensor) -> TensorRef:
    origin = internals.tensor_history(tensor)
    return TensorRef(origin.operation.name, origin.node_index, origin.tensor_index)


def _inner_model(operation):
    """The graph model a layer runs as a whole: itself, or what a wrapper wraps."""
    if isinstance(operation, keras.Model) and internals.graph_model(operation) is not None:
        return operation
    return internals.wrapped_model(operation)


def _kind(operation) -> str:
    if isinstance(operation, keras.layers.InputLayer):
        return "input"
    if _inner_model(operation) is not None:
        return "model"
    if isinstance(operation, keras.layers.Layer):
        return "layer"
    return "operation"


_CONFIG_KEYS = ("units", "filters", "kernel_size", "pool_size", "strides", "padding", "activation", "axis", "axes",
                "rate", "input_dim", "output_dim", "mask_zero", "return_sequences", "return_state",
                "num_heads", "key_dim", "use_bias", "dilation_rate", "depth_multiplier", "merge_mode")


def _plain(value):
    """A setting as plain, comparable data: ``"relu"`` for an activation function."""
    if callable(value):
        return getattr(value, "__name__", None)
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, tuple) and all(isinstance(v, (int, str)) for v in value):
        return value
    return value if isinstance(value, (str, int, float, bool)) else None


def _simple_config(operation) -> dict:
    """The settings a reader (and an exercise check) compares: units,
    activation, padding, ... read from the layer's attributes (cheaper than
    ``get_config()``, which serializes initializers too)."""
    if isinstance(operation, (keras.Model, keras.layers.InputLayer)):
        return {}
    simple = {}
    for key in _CONFIG_KEYS:
        if key in ("rate",) and not isinstance(operation, keras.layers.Dropout):
            continue
        try:
            value = _plain(getattr(operation, key))
        except Exception:  # a property that needs a built layer, or no such setting
            continue
        if value is not None:
            simple[key] = value
    return simple


def _feeds(node, inputs, inner_model) -> tuple[int, ...]:
    """Which input of the nested model each tensor fed to this call goes to."""
    if inner_model is not node.operation:  # a wrapper: everything feeds input 0
        return tuple(0 for _ in inputs)
    inner_inputs = list(internals.graph_model(inner_model).inputs)
    inner_position = {id(t): i for i, t in enumerate(inner_inputs)}
    outer_position = {id(t): i for i, t in enumerate(inputs)}
    feeds = list(range(len(inputs)))
    for inner, outer in internals.nested_call_inputs(inner_model, node):
        if id(outer) in outer_position and id(inner) in inner_position:
            feeds[outer_position[id(outer)]] = inner_position[id(inner)]
    return tuple(feeds)


def mask_source(mask, data_inputs) -> TensorRef | None:
    """The output of the call that made ``mask``: follow the data tensor that
    carries it back through the layers that only passed it along."""
    carrier = next((t for t in data_inputs if internals.tensor_mask(t) is mask), None)
    while carrier is not None:
        origin = internals.tensor_history(carrier)
        node = internals.inbound_nodes(origin.operation)[origin.node_index]
        earlier = next((t for t in internals.node_input_tensors(node) if internals.tensor_mask(t) is mask), None)
        if earlier is None:
            return _ref(carrier)
        carrier = earlier
    return None


def _call(node, index: int) -> tuple[Call, set[str]]:
    """One call as plain data, and the operations whose outputs it took as masks."""
    outputs = internals.node_output_tensors(node)
    if internals.node_is_input(node):
        return Call(node.operation.name, index, (), (), tuple(_spec(t) for t in outputs)), set()
    arguments = internals.node_arguments(node)
    data = [a for a in arguments if not a.is_mask]
    tensors = [a.tensor for a in data]
    masks, mask_sources = [], set()
    for argument in arguments:
        if argument.is_mask:
            maker = mask_source(argument.tensor, tensors)
            masks.append(maker if maker is not None else _ref(argument.tensor))
            mask_sources.add(internals.tensor_history(argument.tensor).operation.name)
    inner = _inner_model(node.operation)
    named = len({a.name for a in data}) > 1 and isinstance(node.operation, keras.layers.Layer)
    call = Call(
        layer=node.operation.name,
        node_index=index,
        inputs=tuple(_ref(t) for t in tensors),
        input_specs=tuple(_spec(t) for t in tensors),
        output_specs=tuple(_spec(t) for t in outputs),
        arguments=tuple(a.name for a in data) if named else (),
        masks=tuple(masks),
        feeds=_feeds(node, tensors, inner) if inner is not None else None,
    )
    return call, mask_sources


def _key_text(path: tuple) -> str:
    if not path or all(isinstance(part, int) for part in path):
        return ""
    return "/".join(str(part) for part in path)


class _Walker:
    """One extraction: remembers which layer objects it has seen, so the same
    object gets the same ``weights_key`` in every scope."""

    def __init__(self):
        self.keys: dict[int, str] = {}

    def walk(self, model, functional, prefix: str) -> ModelData:
        operations = list(functional.operations)
        order = {id(op): position for position, op in enumerate(operations)}
        members = internals.model_node_ids(functional)  # {id(node): depth}
        # Keys first for this whole level, so a layer used here and inside a
        # nested model is keyed by its outer (first-listed) appearance.
        for op in operations:
            self.keys.setdefault(id(op), prefix + op.name)

        index_of = {}
        ordered_nodes = []
        for op in operations:
            for index, node in enumerate(internals.inbound_nodes(op)):
                index_of[id(node)] = index
                if id(node) in members:
                    ordered_nodes.append(node)
        ordered_nodes.sort(key=lambda n: (-members[id(n)], order[id(n.operation)], index_of[id(n)]))
        calls, mask_sources = [], set()
        for node in ordered_nodes:
            call, sources = _call(node, index_of[id(node)])
            calls.append(call)
            mask_sources |= sources
        outputs = tuple(_ref(t) for t in functional.outputs)
        # Operations whose outputs serve only as masks (the not_equal behind mask_zero).
        as_data = {ref.layer for call in calls for ref in call.inputs} | {ref.layer for ref in outputs}
        mask_only = {op.name for op in operations if op.name in mask_sources - as_data and _kind(op) == "operation"}
        layers = tuple(self.layer_info(op, members, prefix, op.name in mask_only) for op in operations)
        return ModelData(
            name=model.name,
            class_name=type(model).__name__,
            layers=layers,
            calls=tuple(calls),
            inputs=tuple(_ref(t) for t in functional.inputs),
            outputs=outputs,
            input_keys=tuple(_key_text(p) for p in internals.structure_paths(functional, "inputs")),
            output_keys=tuple(_key_text(p) for p in internals.structure_paths(functional, "outputs")),
        )

    def layer_info(self, op, members: dict[int, int], prefix: str, mask_only: bool) -> LayerInfo:
        nodes = internals.inbound_nodes(op)
        inner = _inner_model(op)
        nested = None
        if inner is not None:
            nested = self.walk(inner, internals.graph_model(inner), prefix + op.name + "/")
        return LayerInfo(
            name=op.name,
            class_name=type(op).__name__,
            kind=_kind(op),
            node_indices=tuple(i for i, node in enumerate(nodes) if id(node) in members),
            weights_key=self.keys[id(op)],
            nested=nested,
            wraps=inner.name if inner is not None and inner is not op else "",
            mask_only=mask_only,
            params=op.count_params() if isinstance(op, keras.layers.Layer) and op.built else 0,
            config=_simple_config(op),
        )


def extract(model, *, caller: str = "funclab.extract") -> ModelData:
    """Walk a functional or built Sequential model once into a ``ModelData``."""
    functional = require_graph_model(model, caller=caller)
    return _Walker().walk(model, functional, "")
