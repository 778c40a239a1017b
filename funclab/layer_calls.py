"""A layer's calls ("nodes"), and the Keras 2 accessors Keras 3 removed.

Every time a layer is called on symbolic tensors, Keras records a *node*:
node 0 for the first call, node 1 for the second, and so on. Keras 2 let you ask
for one call's tensors and shapes (``layer.get_output_at(1)``,
``layer.get_output_shape_at(1)``) and refused ``layer.output`` for a layer called
twice. Keras 3 removed those accessors, and ``layer.output`` now silently returns
the first call's tensor. This module gives the concept back:

>>> import keras
>>> conv = keras.layers.Conv2D(16, (3, 3), padding="same", name="conv")
>>> small, large = conv(keras.Input((32, 32, 3))), conv(keras.Input((64, 64, 3)))
>>> get_output_shape_at(conv, 0), get_output_shape_at(conv, 1)
((None, 32, 32, 16), (None, 64, 64, 16))
>>> get_input_shape_at(conv, -1)
(None, 64, 64, 3)
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import keras

from funclab import _keras_internals as internals
from funclab._html import Table
from funclab.extract import LayerInfo, ModelData, TensorRef, extract, mask_source
from funclab.style import shapes_text

__all__ = [
    "NodeRecord",
    "NodeTable",
    "SharedLayers",
    "nodes",
    "get_input_at",
    "get_output_at",
    "get_input_shape_at",
    "get_output_shape_at",
    "input_shape",
    "output_shape",
    "shared_layers",
]


@dataclass(frozen=True)
class NodeRecord:
    """One call of a layer.

    ``inbound`` are the tensors the call computed with, as ``layer[node][tensor]``
    references; ``masks`` the masks Keras passed along with them (after
    ``Embedding(mask_zero=True)``), which Keras 2 did not count as inputs.
    ``models`` names the models whose graph contains this call; it is empty for
    a stray call made outside any model.
    """

    node_index: int
    inbound: tuple[TensorRef, ...]
    input_shapes: tuple[tuple, ...]
    output_shapes: tuple[tuple, ...]
    models: tuple[str, ...]
    masks: tuple[TensorRef, ...] = ()


class NodeTable(tuple):
    """The calls of one layer, in node-index order: a tuple of ``NodeRecord``."""

    def __new__(cls, layer_name: str, class_name: str, records):
        table = super().__new__(cls, records)
        table.layer_name = layer_name
        table.class_name = class_name
        return table

    def _table(self) -> Table:
        rows = [
            (
                f"#{r.node_index}",
                ", ".join(str(i) for i in r.inbound) + "".join(f" + mask from {m}" for m in r.masks) or "(graph input)",
                shapes_text(r.input_shapes),
                shapes_text(r.output_shapes),
                ", ".join(r.models) or "none (a call outside any model)",
            )
            for r in self
        ]
        calls = "1 call" if len(self) == 1 else f"{len(self)} calls"
        return Table(
            f"{self.layer_name} ({self.class_name}): {calls}",
            ("node", "inbound layer[node][tensor]", "input shape", "output shape", "in model"),
            rows,
        )

    def __repr__(self) -> str:
        return repr(self._table())

    def _repr_html_(self) -> str:
        return self._table()._repr_html_()


class SharedLayers(dict):
    """``{layer name: number of calls}`` for the layers and nested models that a
    model calls more than once, with a table display."""

    def __init__(self, model_name: str, rows: list[tuple[str, str, int, str]]):
        super().__init__((name, calls) for name, _, calls, _ in rows)
        self.model_name = model_name
        self._rows = rows

    def _table(self) -> Table:
        if not self._rows:
            return Table(f"Model {self.model_name!r} calls no layer more than once.", ("layer",), [])
        return Table(
            f"Layers that model {self.model_name!r} calls more than once (one set of weights each)",
            ("layer", "type", "calls", "node indices"),
            [(name, kind, str(calls), where) for name, kind, calls, where in self._rows],
        )

    def __repr__(self) -> str:
        return repr(self._table())

    def _repr_html_(self) -> str:
        return self._table()._repr_html_()


def _describe(obj) -> str:
    text = repr(obj)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_layer(layer, caller: str) -> list:
    """The layer's nodes, or a clear error for anything that is not a called layer."""
    if isinstance(layer, str):
        raise TypeError(
            f"{caller} expects a layer object, got the string {layer!r}. "
            f"Pass the layer itself, for example model.get_layer({layer!r})."
        )
    if isinstance(layer, keras.KerasTensor):
        raise TypeError(
            f"{caller} expects a layer object, got the symbolic tensor {layer.name!r}. "
            "Pass the layer that was called, not a tensor it returned."
        )
    if not isinstance(layer, keras.Operation):
        raise TypeError(f"{caller} expects a Keras layer (or model), got {type(layer).__name__}: {_describe(layer)}")
    internals.check_keras_version()
    found = internals.inbound_nodes(layer)
    if not found:
        wrappers = _wrappers_of(layer)
        if wrappers:
            wrapper = wrappers[0]
            how = "applies it" if getattr(wrapper, "layer", None) is layer else "applies a copy of it"
            raise ValueError(
                f"layer {layer.name!r} has no calls of its own: it is used through the wrapper "
                f"{wrapper.name!r} ({type(wrapper).__name__}), which {how} inside its own call, and Keras "
                f"records only the wrapper's calls. See them with funclab.nodes(model.get_layer({wrapper.name!r}))."
            )
        raise ValueError(
            f"layer {layer.name!r} has never been called on symbolic tensors, so it has no nodes yet. "
            "Call it on a tensor first, for example layer(keras.Input(shape=...)); "
            "calls on concrete data (NumPy arrays) are not recorded as nodes."
        )
    return found


def _wrappers_of(layer) -> list:
    """Wrapper layers (TimeDistributed, Bidirectional) in live models that use
    ``layer``: the object itself, or (Bidirectional) a copy named after it."""
    copies = {f"forward_{layer.name}", f"backward_{layer.name}"}
    found = []
    for model in internals.live_graph_models():
        for candidate in internals.graph_model(model).operations:
            if not isinstance(candidate, keras.layers.Wrapper) or any(w is candidate for w in found):
                continue
            forward = getattr(candidate, "forward_layer", None)
            if getattr(candidate, "layer", None) is layer or (forward is not None and forward.name in copies):
                found.append(candidate)
    return found


def _node_at(layer, node_index, caller: str):
    found = _check_layer(layer, caller)
    if isinstance(node_index, bool):
        raise TypeError(f"node_index must be an int, got bool {node_index!r}")
    try:
        index = operator.index(node_index)
    except TypeError:
        raise TypeError(
            f"node_index must be an int (0 for the first call, 1 for the second, ...), "
            f"got {type(node_index).__name__} {node_index!r}"
        ) from None
    count = len(found)
    if not -count <= index < count:
        calls = "1 call" if count == 1 else f"{count} calls"
        raise IndexError(
            f"node_index {index} is out of range: layer {layer.name!r} has {calls}, so valid indices are "
            f"0 to {count - 1} (or -{count} to -1, counting from the last call)"
        )
    return found[index]


def _unwrap(values: list):
    """Keras 2's convention: one value alone, several as a list."""
    return values[0] if len(values) == 1 else values


def _inputs_of(node) -> list:
    # An InputLayer's node has no inputs; Keras 2 answered with its output.
    if internals.node_is_input(node):
        return internals.node_output_tensors(node)
    return internals.node_input_tensors(node)


def get_input_at(layer, node_index):
    """The input tensor of call ``node_index`` (a list if there are several)."""
    return _unwrap(_inputs_of(_node_at(layer, node_index, "get_input_at")))


def get_output_at(layer, node_index):
    """The output tensor of call ``node_index`` (a list if there are several)."""
    return _unwrap(internals.node_output_tensors(_node_at(layer, node_index, "get_output_at")))


def get_input_shape_at(layer, node_index):
    """The input shape of call ``node_index``, as a tuple like ``(None, 32, 32, 3)``."""
    node = _node_at(layer, node_index, "get_input_shape_at")
    return _unwrap([tuple(t.shape) for t in _inputs_of(node)])


def get_output_shape_at(layer, node_index):
    """The output shape of call ``node_index``, as a tuple like ``(None, 32, 32, 16)``."""
    node = _node_at(layer, node_index, "get_output_shape_at")
    return _unwrap([tuple(t.shape) for t in internals.node_output_tensors(node)])


def _agreed_shape(layer, which: str):
    found = _check_layer(layer, f"funclab.{which}_shape")
    per_call = [
        _unwrap([tuple(t.shape) for t in (_inputs_of(n) if which == "input" else internals.node_output_tensors(n))])
        for n in found
    ]
    if all(shape == per_call[0] for shape in per_call):
        return per_call[0]
    listed = "; ".join(f"call #{i}: {shape}" for i, shape in enumerate(per_call))
    raise ValueError(
        f"layer {layer.name!r} was called {len(found)} times with different {which} shapes, so its "
        f"{which} shape is ill-defined ({listed}). Ask for one call instead: "
        f"funclab.get_{which}_shape_at({layer.name}, node_index)."
    )


def input_shape(layer):
    """The layer's input shape when every call agrees; an error listing each
    call's shape when they differ (Keras 2's ``layer.input_shape``)."""
    return _agreed_shape(layer, "input")


def output_shape(layer):
    """The layer's output shape when every call agrees; an error listing each
    call's shape when they differ (Keras 2's ``layer.output_shape``)."""
    return _agreed_shape(layer, "output")


def _membership(models) -> list[tuple[str, dict]]:
    if models is None:
        candidates = internals.live_graph_models()
    else:
        candidates = [models] if isinstance(models, keras.Model) else list(models)
        for model in candidates:
            if not isinstance(model, keras.Model) or internals.graph_model(model) is None:
                raise TypeError(
                    f"models must be functional or built Sequential Keras models, got "
                    f"{type(model).__name__}: {_describe(model)}"
                )
    return sorted(((m.name, internals.model_node_ids(m)) for m in candidates), key=lambda item: item[0])


def nodes(layer, *, models=None) -> NodeTable:
    """One record per call of ``layer`` (or of a nested model), in node-index order.

    Each record gives the node index, the inbound tensors as
    ``layer[node][tensor]``, the input and output shapes, and the models whose
    graph contains the call. By default every model alive in this Python
    process is considered; pass ``models=`` (one model or several) to limit it.
    """
    found = _check_layer(layer, "funclab.nodes")
    member_sets = _membership(models)
    records = []
    for index, node in enumerate(found):
        arguments = [] if internals.node_is_input(node) else internals.node_arguments(node)
        data = [a.tensor for a in arguments if not a.is_mask]
        masks = [mask_source(a.tensor, data) or _ref(a.tensor) for a in arguments if a.is_mask]
        records.append(
            NodeRecord(
                node_index=index,
                inbound=tuple(_ref(t) for t in data),
                input_shapes=tuple(tuple(t.shape) for t in _inputs_of(node)),
                output_shapes=tuple(tuple(t.shape) for t in internals.node_output_tensors(node)),
                models=tuple(name for name, ids in member_sets if id(node) in ids),
                masks=tuple(masks),
            )
        )
    return NodeTable(layer.name, type(layer).__name__, records)


def _ref(tensor) -> TensorRef:
    history = internals.tensor_history(tensor)
    return TensorRef(history.operation.name, history.node_index, history.tensor_index)


def _find(data: ModelData, key: str) -> list[LayerInfo]:
    found = []
    for info in data.layers:
        if info.weights_key == key and info.kind != "input":
            found.append(info)
        if info.nested is not None:
            found.extend(_find(info.nested, key))
    return found


def shared_layers(model) -> SharedLayers:
    """The layers and nested models that ``model`` calls more than once,
    counting calls made inside its nested models, with their call counts."""
    data = extract(model, caller="funclab.shared_layers")
    rows = []
    for key, calls in data.shared().items():
        infos = _find(data, key)
        indices = sorted({i for info in infos for i in info.node_indices})
        rows.append((key, infos[0].class_name, calls, ", ".join(f"#{i}" for i in indices)))
    return SharedLayers(data.name, rows)
