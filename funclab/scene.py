"""What a model-graph picture shows, independent of how it is drawn.

``build_scene`` turns a ``ModelData`` into boxes, clusters and arrows. Both
renderers (Graphviz DOT in ``funclab.dot``, matplotlib in ``funclab.fallback``)
draw a ``Scene`` and nothing else, so they always agree on what is shown.

Rules:

- one box per layer object per drawn scope (one set of weights); with
  ``expand_nested`` a nested model becomes a cluster holding its own layers, and
  a layer used both inside and outside a nested model gets a box in each scope,
  joined by a dotted "same weights" link (one box for both would draw a false
  cycle);
- one arrow per tensor flowing into a call;
- an arrow into or out of a call of a layer that the model calls more than
  once is labelled with that call's node index (``#0``, ``#1``, ...) and, with
  ``show_shapes``, the tensor's shape for that call.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from funclab.extract import Call, LayerInfo, ModelData, TensorRef, TensorSpec, format_shape

__all__ = ["Box", "Cluster", "Terminal", "Arrow", "Scene", "build_scene", "LEGEND_TEXT"]

LEGEND_TEXT = {
    "input": "model input",
    "output": "produces a model output",
    "shared": "one layer (one set of weights) called more than once; #k is its call with node index k",
    "model": "a nested model used as a layer",
    "operation": "a keras.ops operation (no weights)",
    "highlight": "highlighted",
}


@dataclass(frozen=True)
class Box:
    id: str
    name: str
    class_name: str
    kind: str
    cluster: str
    lines: tuple[str, ...]
    shared: bool
    output: bool
    highlighted: bool


@dataclass(frozen=True)
class Cluster:
    id: str
    title: str
    parent: str


@dataclass(frozen=True)
class Terminal:
    """A model output drawn as its own small node, used where the producing
    box alone cannot say which call or which of its outputs it is."""

    id: str
    label: str


@dataclass(frozen=True)
class Arrow:
    tail: str
    head: str
    label: str
    #: ``"data"`` for a tensor; ``"same-weights"`` links two boxes of one layer.
    kind: str = "data"


@dataclass(frozen=True)
class Scene:
    title: str
    rankdir: str
    boxes: tuple[Box, ...]
    clusters: tuple[Cluster, ...]
    arrows: tuple[Arrow, ...]
    legend: tuple[str, ...]
    terminals: tuple[Terminal, ...] = ()


def display_class(info: LayerInfo) -> str:
    """``Add (keras.ops)`` for a raw operation, so it is not mistaken for the layer."""
    return f"{info.class_name} (keras.ops)" if info.kind == "operation" else info.class_name


def _shapes(specs: tuple[TensorSpec, ...]) -> str:
    if len(specs) == 1:
        return format_shape(specs[0].shape)
    return "[" + ", ".join(format_shape(s.shape) for s in specs) + "]"


class _SceneBuilder:
    def __init__(self, data: ModelData, *, expand_nested: bool, show_shapes: bool, highlight: frozenset):
        self.data = data
        self.expand = expand_nested
        self.show_shapes = show_shapes
        self.highlight = highlight
        self.counts = data.call_counts()
        self.boxes: list[Box] = []
        self.clusters: list[Cluster] = []
        self.arrows: list[Arrow] = []
        self.boxes_by_key: dict[str, list[str]] = {}
        self.terminals: list[Terminal] = []

    def shared(self, info: LayerInfo) -> bool:
        return self.counts.get(info.weights_key, 0) > 1

    def expanded(self, info: LayerInfo) -> bool:
        return self.expand and info.kind == "model"

    # -- boxes and clusters --------------------------------------------------

    def add_scope(self, data: ModelData, prefix: str, cluster: str) -> None:
        for info in data.layers:
            if self.expanded(info):
                path = prefix + info.name
                self.clusters.append(Cluster(path, self.cluster_title(info), cluster))
                self.add_scope(info.nested, path + "/", path)
            else:
                self.add_box(data, info, prefix, cluster)

    def cluster_title(self, info: LayerInfo) -> str:
        calls = len(info.node_indices)
        called = f", called {calls}×" if calls > 1 else ""
        return f"{info.name} ({info.class_name}{called})"

    def add_box(self, data: ModelData, info: LayerInfo, prefix: str, cluster: str) -> None:
        lines: list[str] = []
        shared = self.shared(info)
        calls = [data.call(info.name, i) for i in info.node_indices]
        if info.kind == "input":
            spec = calls[0].output_specs[0] if calls else None
            if spec is not None:
                lines.append(f"{format_shape(spec.shape)} {spec.dtype}")
        elif shared:
            here = len(info.node_indices)
            total = self.counts[info.weights_key]
            where = "" if here == total else f", {here} here"
            lines.append(f"shared: {total} calls{where}")
        elif self.show_shapes and len(calls) == 1:
            lines.append(f"{_shapes(calls[0].input_specs)} → {_shapes(calls[0].output_specs)}")
        box_id = prefix + info.name
        self.boxes.append(
            Box(
                id=box_id,
                name=info.name,
                class_name=display_class(info),
                kind=info.kind,
                cluster=cluster,
                lines=tuple(lines),
                shared=shared,
                output=False,
                highlighted=info.name in self.highlight,
            )
        )
        self.boxes_by_key.setdefault(info.weights_key, []).append(box_id)

    # -- arrows --------------------------------------------------------------

    def call_mark(self, info: LayerInfo, node_index: int, via_cluster: bool) -> str | None:
        if via_cluster:
            return f"{info.name} #{node_index}" if len(info.node_indices) > 1 else None
        return f"#{node_index}" if self.shared(info) else None

    def resolve_tail(self, data: ModelData, prefix: str, ref: TensorRef, marks: list[str]) -> str:
        info = data.layer(ref.layer)
        if self.expanded(info):
            mark = self.call_mark(info, ref.node_index, via_cluster=True)
            inner_ref = info.nested.outputs[ref.tensor_index]
            box = self.resolve_tail(info.nested, prefix + info.name + "/", inner_ref, marks)
            if mark:
                marks.append(mark)
            return box
        mark = self.call_mark(info, ref.node_index, via_cluster=False)
        if mark:
            marks.append(mark)
        return prefix + info.name

    def resolve_head(self, data: ModelData, prefix: str, call: Call, position: int, marks: list[str]) -> str:
        info = data.layer(call.layer)
        if self.expanded(info):
            mark = self.call_mark(info, call.node_index, via_cluster=True)
            if mark:
                marks.append(mark)
            inner_ref = info.nested.inputs[call.feeds[position]]
            return prefix + info.name + "/" + inner_ref.layer
        mark = self.call_mark(info, call.node_index, via_cluster=False)
        if mark:
            marks.append(mark)
        return prefix + info.name

    def multi_output(self, data: ModelData, prefix: str, ref: TensorRef) -> bool:
        """Does the producing call (seen through expanded clusters) have several outputs?"""
        info = data.layer(ref.layer)
        if self.expanded(info):
            inner_ref = info.nested.outputs[ref.tensor_index]
            return self.multi_output(info.nested, prefix + info.name + "/", inner_ref)
        return len(data.call(ref.layer, ref.node_index).output_specs) > 1

    def add_arrows(self, data: ModelData, prefix: str) -> None:
        for info in data.layers:
            if self.expanded(info):
                self.add_arrows(info.nested, prefix + info.name + "/")
        for call in data.calls:
            for position, (ref, spec) in enumerate(zip(call.inputs, call.input_specs)):
                tail_marks: list[str] = []
                head_marks: list[str] = []
                tail = self.resolve_tail(data, prefix, ref, tail_marks)
                head = self.resolve_head(data, prefix, call, position, head_marks)
                marks = tail_marks + head_marks
                label = " → ".join(marks)
                if self.multi_output(data, prefix, ref):
                    label = f"{label} [{ref.tensor_index}]".strip()
                    marks.append("output index")
                if marks and self.show_shapes:
                    label += "\n" + format_shape(spec.shape)
                self.arrows.append(Arrow(tail, head, label))

    def mark_outputs(self) -> None:
        """Colour the boxes that produce model outputs; where a box alone cannot
        say which call (shared layer) or which of its outputs it is, add an
        output terminal whose arrow carries that label."""
        producing = set()
        for position, ref in enumerate(self.data.outputs):
            marks: list[str] = []
            box = self.resolve_tail(self.data, "", ref, marks)
            producing.add(box)
            multi = self.multi_output(self.data, "", ref)
            if not marks and not multi:
                continue
            label = " ".join(marks + ([f"[{ref.tensor_index}]"] if multi else []))
            if self.show_shapes:
                label += "\n" + format_shape(self.data.output_spec(ref).shape)
            terminal = Terminal(f"#output-{position}", f"output {position}")
            self.terminals.append(terminal)
            self.arrows.append(Arrow(box, terminal.id, label))
        self.boxes = [replace(b, output=True) if b.id in producing else b for b in self.boxes]

    def add_same_weight_links(self) -> None:
        for key in sorted(self.boxes_by_key):
            ids = self.boxes_by_key[key]
            for first, other in zip(ids, ids[1:]):
                self.arrows.append(Arrow(first, other, "same weights", kind="same-weights"))

    def legend(self) -> tuple[str, ...]:
        marks = []
        if any(b.shared for b in self.boxes):
            marks.append("shared")
        if any(b.kind == "model" for b in self.boxes) or self.clusters:
            marks.append("model")
        if any(b.kind == "operation" for b in self.boxes):
            marks.append("operation")
        if any(b.highlighted for b in self.boxes):
            marks.append("highlight")
        if not marks:
            return ()
        return ("input", "output", *marks)


def build_scene(
    data: ModelData,
    *,
    expand_nested: bool = False,
    show_shapes: bool = True,
    highlight: frozenset = frozenset(),
    rankdir: str = "TB",
) -> Scene:
    builder = _SceneBuilder(data, expand_nested=expand_nested, show_shapes=show_shapes, highlight=highlight)
    builder.add_scope(data, "", "")
    builder.add_arrows(data, "")
    builder.mark_outputs()
    builder.add_same_weight_links()
    return Scene(
        title=f"{data.name} ({data.class_name})",
        rankdir=rankdir,
        boxes=tuple(builder.boxes),
        clusters=tuple(builder.clusters),
        arrows=tuple(builder.arrows),
        legend=builder.legend(),
        terminals=tuple(builder.terminals),
    )
