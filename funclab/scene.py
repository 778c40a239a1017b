"""What a model-graph picture shows, independent of how it is drawn.

``build_scene`` turns a ``ModelData`` into boxes, clusters and arrows. Both
renderers (Graphviz DOT in ``funclab.dot``, matplotlib in ``funclab.fallback``)
and the text twin (``funclab.scene_text``) read a ``Scene`` and nothing else,
so a picture and its text always agree.

Rules:

- one box per layer object per drawn scope (one set of weights); with
  ``expand_nested`` a nested model (or a model inside ``TimeDistributed``)
  becomes a cluster holding its own layers, and a layer used both inside and
  outside a nested model gets a box in each scope, joined by a dotted "same
  weights" link (one box for both would draw a false cycle);
- in a big scope, a block of layers named with a common prefix (``block3_…``)
  is one box unless expanded (``funclab.blocks``);
- one arrow per tensor flowing into a call; an arrow into or out of a call of
  a layer that the model calls more than once is labelled with that call's
  node index (``#0``, ``#1``, ...) and, with ``show_shapes``, the tensor's
  shape for that call; where a call takes several named arguments (a
  ``MultiHeadAttention``'s query, value and key), each arrow names its
  argument;
- a mask that Keras passes along (``Embedding(mask_zero=True)``) is a dashed
  arrow labelled ``mask`` from the layer that made it, not a box.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from funclab.blocks import block_path, plan_groups
from funclab.model_data import Call, LayerInfo, ModelData, TensorRef
from funclab.style import format_shape, shapes_text

__all__ = ["CallRow", "Box", "Cluster", "Terminal", "Arrow", "Scene", "build_scene", "display_class"]


@dataclass(frozen=True)
class CallRow:
    """One call of a box or cluster, as the text twin lists it."""

    node_index: int
    label: str  # "#1" for a call of a shared layer, "" otherwise
    inputs: tuple[str, ...]
    outputs: str


@dataclass(frozen=True)
class Box:
    id: str
    name: str
    class_name: str
    kind: str  # input, layer, model, operation, group
    cluster: str
    lines: tuple[str, ...]
    shared: bool
    output: bool
    highlighted: bool
    calls: tuple[CallRow, ...] = ()
    members: tuple[str, ...] = ()  # the layers of a collapsed group
    order: int = 0


@dataclass(frozen=True)
class Cluster:
    id: str
    title: str
    parent: str
    name: str = ""
    class_name: str = ""
    kind: str = "model"  # model, group
    calls: tuple[CallRow, ...] = ()
    shared: bool = False
    order: int = 0


@dataclass(frozen=True)
class Terminal:
    """A model output drawn as its own small node, used where the producing
    box alone cannot say which call, which of its outputs, or which key it is."""

    id: str
    label: str


@dataclass(frozen=True)
class Arrow:
    tail: str
    head: str
    label: str
    #: ``"data"`` for a tensor, ``"mask"`` for a mask passed along with one;
    #: ``"same-weights"`` links two boxes of one layer.
    kind: str = "data"
    id: str = ""
    #: The calls at either end, as ``(layer path, node index)``: the call that
    #: receives the tensor and the call that made it.
    consumer: tuple[str, int] | None = None
    producer: tuple[str, int] | None = None
    highlighted: bool = False


@dataclass(frozen=True)
class Scene:
    name: str
    class_name: str
    rankdir: str
    boxes: tuple[Box, ...]
    clusters: tuple[Cluster, ...]
    arrows: tuple[Arrow, ...]
    legend: tuple[str, ...]
    terminals: tuple[Terminal, ...] = ()
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    shared: tuple[tuple[str, int], ...] = ()

    @property
    def title(self) -> str:
        return f"{self.name} ({self.class_name})"


def display_class(info: LayerInfo) -> str:
    """``Add (keras.ops)`` for a raw operation, so it is not mistaken for the layer;
    ``TimeDistributed(vision)`` for a wrapper around a model."""
    if info.kind == "operation":
        return f"{info.class_name} (keras.ops)"
    if info.wraps:
        return f"{info.class_name}({info.wraps})"
    return info.class_name


class _SceneBuilder:
    """Builds one Scene; each step is a method that fits on a screen."""

    def __init__(self, data: ModelData, *, expand_nested, show_shapes, highlight, highlight_calls,
                 group_blocks, expand_blocks):
        self.data = data
        self.expand = expand_nested
        self.show_shapes = show_shapes
        self.highlight = highlight
        self.highlight_calls = highlight_calls
        self.group_blocks = group_blocks
        self.expand_blocks = expand_blocks
        self.counts = data.call_counts()
        self.groups: dict[str, dict[str, str]] = {}  # scope prefix -> {layer: collapsed group}
        self.boxes: list[Box] = []
        self.clusters: list[Cluster] = []
        self.arrows: list[Arrow] = []
        self.terminals: list[Terminal] = []
        self.boxes_by_key: dict[str, list[str]] = {}

    # -- facts ---------------------------------------------------------------

    def shared(self, info: LayerInfo) -> bool:
        return self.counts.get(info.weights_key, 0) > 1

    def expanded(self, info: LayerInfo, prefix: str) -> bool:
        """Drawn as a cluster: every nested model (``expand_nested=True``), or
        the nested models whose paths ``expand_nested`` lists."""
        if info.nested is None:
            return False
        return self.expand if isinstance(self.expand, bool) else prefix + info.name in self.expand

    def order(self) -> int:
        return len(self.boxes) + len(self.clusters)

    def ref_text(self, data: ModelData, ref: TensorRef) -> str:
        """``lstm#0`` for a call of a shared layer, ``lstm_s[2]`` for one output of several."""
        info = data.layer(ref.layer)
        text = ref.layer
        if self.shared(info) or len(info.node_indices) > 1:
            text += f"#{ref.node_index}"
        if len(data.call(ref.layer, ref.node_index).output_specs) > 1:
            text += f"[{ref.tensor_index}]"
        return text

    def call_row(self, data: ModelData, info: LayerInfo, call: Call) -> CallRow:
        inputs = [self.ref_text(data, ref) for ref in call.inputs]
        if call.arguments:
            inputs = [f"{name}={text}" for name, text in zip(call.arguments, inputs)]
        inputs += [f"mask from {ref.layer}" for ref in call.masks]
        label = f"#{call.node_index}" if self.shared(info) or len(info.node_indices) > 1 else ""
        return CallRow(call.node_index, label, tuple(inputs), shapes_text(s.shape for s in call.output_specs))

    # -- boxes, clusters and groups -----------------------------------------

    def add_scope(self, data: ModelData, prefix: str, cluster: str) -> None:
        plan = plan_groups(data, group_blocks=self.group_blocks, expand=self.expand_blocks)
        self.groups[prefix] = plan
        for info in data.layers:
            if info.mask_only:
                continue
            home = self.open_group_cluster(info.name, prefix, cluster, plan)
            if info.name in plan:
                self.add_group_box(data, prefix, plan[info.name], home)
            elif self.expanded(info, prefix):
                self.add_model_cluster(data, info, prefix, home)
            else:
                self.add_box(data, info, prefix, home)

    def open_group_cluster(self, name: str, prefix: str, cluster: str, plan: dict[str, str]) -> str:
        """The cluster a layer is drawn in: its scope's, or that of the innermost
        block it belongs to that is expanded (clusters are made on first use)."""
        home = cluster
        for group in block_path(name):
            if group not in self.expand_blocks or (name in plan and plan[name] == group):
                break
            group_id = f"{prefix}[{group}]"
            if all(c.id != group_id for c in self.clusters):
                self.clusters.append(Cluster(group_id, f"{group} (block, expanded)", home, group, "block",
                                             kind="group", order=self.order()))
            home = group_id
        return home

    def add_group_box(self, data: ModelData, prefix: str, group: str, cluster: str) -> None:
        box_id = f"{prefix}[{group}]"
        if any(b.id == box_id for b in self.boxes):
            return
        members = tuple(info.name for info in data.layers if self.groups[prefix].get(info.name) == group)
        entering = [(call, ref) for call in data.calls if call.layer in members
                    for ref in call.inputs if ref.layer not in members]
        leaving = [ref for call in data.calls if call.layer not in members
                   for ref in call.inputs if ref.layer in members]
        leaving += [ref for ref in data.outputs if ref.layer in members]
        inputs = tuple(dict.fromkeys(self.ref_text(data, ref) for _, ref in entering))
        out_specs = [data.output_spec(ref) for ref in dict.fromkeys(leaving)]
        outputs = shapes_text(s.shape for s in out_specs)
        lines = (f"{len(members)} layers",)
        if self.show_shapes and entering and out_specs:
            lines += (f"{shapes_text(dict.fromkeys(c.input_specs[c.inputs.index(r)].shape for c, r in entering))} → {outputs}",)
        self.boxes.append(Box(box_id, group, "block", "group", cluster, lines, False, False,
                              any(m in self.highlight for m in members), (CallRow(0, "", inputs, outputs),),
                              members, self.order()))

    def add_model_cluster(self, data: ModelData, info: LayerInfo, prefix: str, cluster: str) -> None:
        path = prefix + info.name
        calls = len(info.node_indices)
        called = f", called {calls}×" if calls > 1 else ""
        rows = tuple(self.call_row(data, info, data.call(info.name, i)) for i in info.node_indices)
        self.clusters.append(Cluster(path, f"{info.name} ({display_class(info)}{called})", cluster, info.name,
                                     display_class(info), calls=rows, shared=self.shared(info), order=self.order()))
        self.add_scope(info.nested, path + "/", path)

    def box_lines(self, info: LayerInfo, calls: list[Call]) -> tuple[str, ...]:
        if info.kind == "input":
            spec = calls[0].output_specs[0] if calls else None
            return (f"{format_shape(spec.shape)} {spec.dtype}",) if spec is not None else ()
        if self.shared(info):
            here, total = len(info.node_indices), self.counts[info.weights_key]
            return (f"shared: {total} calls" + ("" if here == total else f", {here} here"),)
        if self.show_shapes and len(calls) == 1:
            call = calls[0]
            return (f"{shapes_text(s.shape for s in call.input_specs)} → {shapes_text(s.shape for s in call.output_specs)}",)
        return ()

    def add_box(self, data: ModelData, info: LayerInfo, prefix: str, cluster: str) -> None:
        calls = [data.call(info.name, i) for i in info.node_indices]
        box_id = prefix + info.name
        highlighted = info.name in self.highlight or any(path == box_id for path, _ in self.highlight_calls)
        rows = tuple(self.call_row(data, info, call) for call in calls) if info.kind != "input" else ()
        self.boxes.append(Box(box_id, info.name, display_class(info), info.kind, cluster, self.box_lines(info, calls),
                              self.shared(info), False, highlighted, rows, (), self.order()))
        self.boxes_by_key.setdefault(info.weights_key, []).append(box_id)

    # -- arrows --------------------------------------------------------------

    def call_mark(self, info: LayerInfo, node_index: int, via_cluster: bool) -> str | None:
        if via_cluster:
            return f"{info.name} #{node_index}" if len(info.node_indices) > 1 else None
        return f"#{node_index}" if self.shared(info) else None

    def resolve_tail(self, data: ModelData, prefix: str, ref: TensorRef, marks: list[str]) -> str:
        info = data.layer(ref.layer)
        if info.name in self.groups.get(prefix, {}):
            return f"{prefix}[{self.groups[prefix][info.name]}]"
        if self.expanded(info, prefix):
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
        if info.name in self.groups.get(prefix, {}):
            return f"{prefix}[{self.groups[prefix][info.name]}]"
        mark = self.call_mark(info, call.node_index, via_cluster=self.expanded(info, prefix))
        if mark:
            marks.append(mark)
        if self.expanded(info, prefix):
            inner_ref = info.nested.inputs[call.feeds[position]]
            return prefix + info.name + "/" + inner_ref.layer
        return prefix + info.name

    def multi_output(self, data: ModelData, prefix: str, ref: TensorRef) -> bool:
        """Does the producing call (seen through expanded clusters) have several outputs?"""
        info = data.layer(ref.layer)
        if self.expanded(info, prefix):
            return self.multi_output(info.nested, prefix + info.name + "/", info.nested.outputs[ref.tensor_index])
        return len(data.call(ref.layer, ref.node_index).output_specs) > 1

    def add_arrow(self, tail: str, head: str, label: str, kind: str, consumer, producer) -> None:
        highlighted = bool({consumer, producer} & self.highlight_calls)
        self.arrows.append(Arrow(tail, head, label, kind, f"e{len(self.arrows)}", consumer, producer, highlighted))

    def add_arrows(self, data: ModelData, prefix: str) -> None:
        for info in data.layers:
            if self.expanded(info, prefix) and info.name not in self.groups.get(prefix, {}):
                self.add_arrows(info.nested, prefix + info.name + "/")
        hidden = {info.name for info in data.layers if info.mask_only}
        for call in data.calls:
            if call.layer in hidden:
                continue
            for position, (ref, spec) in enumerate(zip(call.inputs, call.input_specs)):
                tail_marks: list[str] = []
                head_marks: list[str] = []
                tail = self.resolve_tail(data, prefix, ref, tail_marks)
                head = self.resolve_head(data, prefix, call, position, head_marks)
                if tail == head and tail.endswith("]"):
                    continue  # inside a collapsed block
                marks = tail_marks + head_marks
                label = " → ".join(marks)
                if self.multi_output(data, prefix, ref):
                    label = f"{label} [{ref.tensor_index}]".strip()
                    marks.append("output index")
                if call.arguments:
                    label = f"{call.arguments[position]} {label}".strip()
                    marks.append("argument")
                if marks and self.show_shapes:
                    label += "\n" + format_shape(spec.shape)
                self.add_arrow(tail, head, label, "data", (prefix + call.layer, call.node_index),
                               (prefix + ref.layer, ref.node_index))
            self.add_mask_arrows(data, prefix, call)

    def add_mask_arrows(self, data: ModelData, prefix: str, call: Call) -> None:
        drawn = set()
        for ref in call.masks:
            tail = self.resolve_tail(data, prefix, ref, [])
            head = self.resolve_head(data, prefix, call, 0, [])
            if (tail, head) in drawn or (tail == head and tail.endswith("]")):
                continue
            drawn.add((tail, head))
            self.add_arrow(tail, head, "mask", "mask", (prefix + call.layer, call.node_index),
                           (prefix + ref.layer, ref.node_index))

    def output_label(self, position: int) -> str:
        key = self.data.output_keys[position] if position < len(self.data.output_keys) else ""
        return f"output {key!r}" if key else f"output {position}"

    def mark_outputs(self) -> None:
        """Colour the boxes that produce model outputs; where a box alone cannot
        say which call (shared layer), which of its outputs, or which key it is,
        or where the output is an input passed through, add an output terminal
        whose arrow carries that label."""
        producing = set()
        kinds = {b.id: b.kind for b in self.boxes}
        for position, ref in enumerate(self.data.outputs):
            marks: list[str] = []
            box = self.resolve_tail(self.data, "", ref, marks)
            producing.add(box)
            multi = self.multi_output(self.data, "", ref)
            keyed = position < len(self.data.output_keys) and bool(self.data.output_keys[position])
            if not marks and not multi and not keyed and kinds.get(box) != "input":
                continue
            label = " ".join(marks + ([f"[{ref.tensor_index}]"] if multi else []))
            if self.show_shapes:
                label = (label + "\n" if label else "") + format_shape(self.data.output_spec(ref).shape)
            terminal = Terminal(f"#output-{position}", self.output_label(position))
            self.terminals.append(terminal)
            self.add_arrow(box, terminal.id, label, "data", None, (ref.layer, ref.node_index))
        self.boxes = [replace(b, output=True) if b.id in producing and b.kind != "input" else b for b in self.boxes]

    def add_same_weight_links(self) -> None:
        kinds = {b.id: b.kind for b in self.boxes}
        for key in sorted(self.boxes_by_key):
            ids = [i for i in self.boxes_by_key[key] if kinds[i] != "input"]  # an Input has no weights
            for first, other in zip(ids, ids[1:]):
                self.add_arrow(first, other, "same weights", "same-weights", None, None)

    def legend(self) -> tuple[str, ...]:
        marks = []
        if any(b.shared for b in self.boxes) or any(c.shared for c in self.clusters):
            marks.append("shared")
        if any(b.kind == "model" for b in self.boxes) or any(c.kind == "model" for c in self.clusters):
            marks.append("model")
        if any(b.kind == "group" for b in self.boxes):
            marks.append("group")
        if any(b.kind == "operation" for b in self.boxes):
            marks.append("operation")
        if any(a.kind == "mask" for a in self.arrows):
            marks.append("mask")
        if any(b.highlighted for b in self.boxes) or any(a.highlighted for a in self.arrows):
            marks.append("highlight")
        if not marks:
            return ()
        return ("input", "output", *marks)


def build_scene(
    data: ModelData,
    *,
    expand_nested: bool | frozenset = False,
    show_shapes: bool = True,
    highlight: frozenset = frozenset(),
    highlight_calls: frozenset = frozenset(),
    rankdir: str = "TB",
    group_blocks: bool | None = False,
    expand_blocks: frozenset = frozenset(),
) -> Scene:
    """The scene of a model. ``expand_nested``: True or False for every
    nested model, or a set of nested models' paths (``{"outer/inner"}``) to
    expand only those. ``highlight`` names layers (their boxes);
    ``highlight_calls`` holds ``(layer path, node index)`` pairs (the box and
    that call's own arrows, in and out)."""
    builder = _SceneBuilder(data, expand_nested=expand_nested, show_shapes=show_shapes, highlight=highlight,
                            highlight_calls=highlight_calls, group_blocks=group_blocks, expand_blocks=expand_blocks)
    builder.add_scope(data, "", "")
    builder.add_arrows(data, "")
    builder.mark_outputs()
    builder.add_same_weight_links()
    outputs = tuple(
        builder.ref_text(data, ref) + (f" {key!r}" if key else "")
        for ref, key in zip(data.outputs, data.output_keys or ("",) * len(data.outputs))
    )
    return Scene(
        name=data.name,
        class_name=data.class_name,
        rankdir=rankdir,
        boxes=tuple(builder.boxes),
        clusters=tuple(builder.clusters),
        arrows=tuple(builder.arrows),
        legend=builder.legend(),
        terminals=tuple(builder.terminals),
        inputs=tuple(ref.layer for ref in data.inputs),
        outputs=outputs,
        shared=tuple(data.shared().items()),
    )
