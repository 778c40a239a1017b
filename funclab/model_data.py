"""A Keras model as plain data: what ``funclab.extract`` produces and every
renderer, inspector and exercise check reads.

Nothing here imports Keras, so code that only formats the data (the scene,
DOT, text twins) runs without it.

>>> ref = TensorRef("lstm", 1, 0)
>>> str(ref)
'lstm[1][0]'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["TensorSpec", "TensorRef", "Call", "LayerInfo", "ModelData"]


@dataclass(frozen=True)
class TensorSpec:
    """A symbolic tensor's shape (``None`` for unknown sizes) and dtype."""

    shape: tuple
    dtype: str


@dataclass(frozen=True)
class TensorRef:
    """A tensor in the graph: output ``tensor_index`` of call ``node_index`` of
    ``layer``. Printed as Keras 2 summaries did: ``left[0][0]``."""

    layer: str
    node_index: int
    tensor_index: int

    def __str__(self) -> str:
        return f"{self.layer}[{self.node_index}][{self.tensor_index}]"


@dataclass(frozen=True)
class Call:
    """One call of a layer (one Keras node) that belongs to the model.

    ``inputs`` are the tensors the call computes with, in Keras' order;
    ``arguments`` names the ``call`` argument each was passed as (``query``,
    ``value``, ...). ``masks`` are the masks Keras passed along (after
    ``Embedding(mask_zero=True)``), each as the output of the call that made it.
    ``feeds``: for a call of a nested (or wrapped) model, the nested model's
    input index that each of ``inputs`` feeds (``None`` for ordinary layers).
    """

    layer: str
    node_index: int
    inputs: tuple[TensorRef, ...]
    input_specs: tuple[TensorSpec, ...]
    output_specs: tuple[TensorSpec, ...]
    arguments: tuple[str, ...] = ()
    masks: tuple[TensorRef, ...] = ()
    feeds: tuple[int, ...] | None = None


@dataclass(frozen=True)
class LayerInfo:
    """A layer (or nested model, or raw operation) of the model.

    ``kind`` is ``"input"``, ``"layer"``, ``"model"`` (a nested graph model, or
    a wrapper such as ``TimeDistributed`` around one, with its own ``nested``
    data) or ``"operation"`` (a ``keras.ops`` call or an operator such as
    ``x + y``). ``node_indices`` are the calls that belong to this model.
    ``weights_key`` is the same for every appearance of one layer object in an
    extraction (one set of weights), however deeply nested. ``wraps`` names
    the model a wrapper applies. ``mask_only`` marks an operation whose
    outputs are used only as masks (the ``not_equal`` behind ``mask_zero``).
    ``config`` holds the layer's simple settings (units, activation, ...).
    """

    name: str
    class_name: str
    kind: str
    node_indices: tuple[int, ...]
    weights_key: str
    nested: ModelData | None = None
    wraps: str = ""
    mask_only: bool = False
    params: int = 0
    config: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ModelData:
    """A graph model as plain data: layers in model order, calls in topological order.

    ``output_keys`` (and ``input_keys``) name each output (input) by its place
    in the structure the model was built with: the dict key (``"attention"``)
    or a nested path (``"a/0"``); empty strings for a list or a single tensor.
    """

    name: str
    class_name: str
    layers: tuple[LayerInfo, ...]
    calls: tuple[Call, ...]
    inputs: tuple[TensorRef, ...]
    outputs: tuple[TensorRef, ...]
    input_keys: tuple[str, ...] = ()
    output_keys: tuple[str, ...] = ()

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
