"""Draw a ``Scene`` with matplotlib, for machines without Graphviz's ``dot``.

Boxes are placed in rows by their depth in the graph (longest path from an
input) and ordered within a row to keep arrows short. It is plainer than the
Graphviz layout but shows the same boxes, colours, call labels and clusters.
"""

from __future__ import annotations

import io
import math
import textwrap

from funclab import dot, style
from funclab.scene import Scene

__all__ = ["layout", "draw_scene", "scene_to_image"]

FOOTER = "Graphviz's `dot` was not found, so this is funclab's simpler matplotlib drawing: " + dot.INSTALL_HINT + "."


def _ranks(scene: Scene) -> dict[str, int]:
    """Longest-path depth of every box; edges that would close a cycle
    (a layer called on its own output) are ignored."""
    ids = [b.id for b in scene.boxes] + [t.id for t in scene.terminals]
    successors: dict[str, list[str]] = {i: [] for i in ids}
    for arrow in scene.arrows:
        if arrow.kind == "data" and arrow.tail != arrow.head:
            successors[arrow.tail].append(arrow.head)
    order: list[str] = []
    state: dict[str, int] = {}
    back_edges = set()

    def visit(node: str) -> None:
        stack = [(node, iter(successors[node]))]
        state[node] = 1
        while stack:
            current, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    back_edges.add((current, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors[child])))
                    break
            else:
                stack.pop()
                state[current] = 2
                order.append(current)

    for node in ids:
        if node not in state:
            visit(node)
    rank = {i: 0 for i in ids}
    for node in reversed(order):
        for child in successors[node]:
            if (node, child) not in back_edges:
                rank[child] = max(rank[child], rank[node] + 1)
    return rank


def layout(scene: Scene) -> dict[str, tuple[float, int]]:
    """``{box id: (position within row, row)}`` with rows by depth."""
    rank = _ranks(scene)
    rows: dict[int, list[str]] = {}
    for box_id in [b.id for b in scene.boxes] + [t.id for t in scene.terminals]:
        rows.setdefault(rank[box_id], []).append(box_id)
    predecessors: dict[str, list[str]] = {box_id: [] for box_id in rank}
    for arrow in scene.arrows:
        if arrow.kind == "data":
            predecessors[arrow.head].append(arrow.tail)
    position: dict[str, float] = {}
    for row in sorted(rows):
        members = rows[row]
        # Barycentre ordering: a box sits under the boxes that feed it.
        def key(box_id: str, members=members) -> tuple[float, int]:
            placed = [position[p] for p in predecessors[box_id] if p in position]
            centre = sum(placed) / len(placed) if placed else members.index(box_id)
            return (centre, members.index(box_id))

        ordered = sorted(members, key=key)
        offset = (len(ordered) - 1) / 2
        for index, box_id in enumerate(ordered):
            position[box_id] = index - offset
    return {box_id: (position[box_id], rank[box_id]) for box_id in position}


HALF_W, HALF_H = 1.15, 0.33
TERMINAL_HALF = (0.45, 0.12)
STEP_ALONG, STEP_ACROSS = 2.8, 1.7
INCHES_PER_UNIT = 0.85


def _border_point(center, toward, half_w, half_h):
    """Where the segment from ``center`` to ``toward`` leaves a box."""
    dx, dy = toward[0] - center[0], toward[1] - center[1]
    if dx == 0 and dy == 0:
        return center
    scale = min(half_w / abs(dx) if dx else float("inf"), half_h / abs(dy) if dy else float("inf"))
    return center[0] + dx * scale, center[1] + dy * scale


class _Canvas:
    """Figure geometry: where each node of the layout sits, in axes units."""

    def __init__(self, scene: Scene, note: str | None):
        from matplotlib.figure import Figure

        self.scene = scene
        self.places = layout(scene)
        rows = max((r for _, r in self.places.values()), default=0) + 1
        widest = max((sum(1 for _, r in self.places.values() if r == row) for row in range(rows)), default=1)
        horizontal = scene.rankdir in ("LR", "RL")
        width_units = (rows - 1) * STEP_ALONG if horizontal else (widest - 1) * STEP_ALONG
        height_units = (widest - 1) * STEP_ACROSS if horizontal else (rows - 1) * STEP_ACROSS
        width_units += 2 * HALF_W + (2.6 if any(a.kind == "same-weights" for a in scene.arrows) else 1.5)
        height_units += 2 * HALF_H + 1.1
        self.footer_in = 0.75 if (scene.legend or note) else 0.1
        self.fig_w = min(40.0, max(6.5, width_units * INCHES_PER_UNIT))
        self.fig_h = min(80.0, height_units * INCHES_PER_UNIT + self.footer_in + 0.5)
        self.fig = Figure(figsize=(self.fig_w, self.fig_h), dpi=100)
        self.bottom = self.footer_in / self.fig_h
        self.ax = self.fig.add_axes((0.0, self.bottom, 1.0, 1.0 - self.bottom - 0.45 / self.fig_h))
        self.ax.set_axis_off()
        self.terminal_ids = {t.id for t in scene.terminals}

    def xy(self, node_id: str) -> tuple[float, float]:
        offset, row = self.places[node_id]
        if self.scene.rankdir == "LR":
            return row * STEP_ALONG, -offset * STEP_ACROSS
        if self.scene.rankdir == "RL":
            return -row * STEP_ALONG, -offset * STEP_ACROSS
        if self.scene.rankdir == "BT":
            return offset * STEP_ALONG, row * STEP_ACROSS
        return offset * STEP_ALONG, -row * STEP_ACROSS

    def half(self, node_id: str) -> tuple[float, float]:
        return TERMINAL_HALF if node_id in self.terminal_ids else (HALF_W, HALF_H)

    def fit(self) -> None:
        """A fixed scale (INCHES_PER_UNIT), content centred: boxes keep their
        shape whatever the figure's minimum size adds."""
        xs = [self.xy(i)[0] for i in self.places] or [0.0]
        ys = [self.xy(i)[1] for i in self.places] or [0.0]
        axes_w = self.fig_w / INCHES_PER_UNIT
        axes_h = self.fig_h * (1.0 - self.bottom - 0.45 / self.fig_h) / INCHES_PER_UNIT
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        self.ax.set_xlim(cx - axes_w / 2, cx + axes_w / 2)
        self.ax.set_ylim(cy - axes_h / 2, cy + axes_h / 2)


def _draw_clusters(canvas: _Canvas) -> None:
    """A frame around each cluster's boxes, deepest last so it draws on top."""
    from matplotlib.patches import FancyBboxPatch

    scene, ax = canvas.scene, canvas.ax
    for cluster in sorted(scene.clusters, key=lambda c: c.id.count("/")):
        members = [b for b in scene.boxes if b.cluster == cluster.id or b.cluster.startswith(cluster.id + "/")]
        if not members:
            continue
        nesting = max(b.cluster.count("/") for b in members) - cluster.id.count("/")
        pad = 0.18 + 0.12 * nesting
        xs = [canvas.xy(m.id)[0] for m in members]
        ys = [canvas.xy(m.id)[1] for m in members]
        left, right = min(xs) - HALF_W - pad, max(xs) + HALF_W + pad
        low, top = min(ys) - HALF_H - pad, max(ys) + HALF_H + pad + 0.22
        ax.add_patch(FancyBboxPatch((left, low), right - left, top - low, boxstyle="round,pad=0.0,rounding_size=0.12",
                                    facecolor=style.CLUSTER_FILL, edgecolor=style.CLUSTER_COLOR, linestyle="--", zorder=0))
        ax.text(left + 0.08, top - 0.05, cluster.title, fontsize=7.5, color=style.CLUSTER_COLOR, va="top", ha="left", zorder=1)


def _label(ax, x, y, text, **options) -> None:
    ax.text(x, y, text, fontsize=6.5, zorder=4, bbox=dict(facecolor="white", edgecolor="none", pad=0.3), **options)


def _draw_link(canvas: _Canvas, arrow, tail, head) -> None:
    """A dotted "same weights" arc around the side, from the right edges, so it crosses no box."""
    from matplotlib.patches import FancyArrowPatch

    (x0, y0), (x1, y1) = tail, head
    start, end = (x0 + HALF_W, y0), (x1 + HALF_W, y1)
    rad = -0.5 if (y1 < y0 or x1 > x0) else 0.5
    canvas.ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={rad}", arrowstyle="-",
                                        linestyle=":", linewidth=1.3, color=style.SHARED_COLOR, zorder=1))
    dx, dy = end[0] - start[0], end[1] - start[1]
    mx, my = (start[0] + end[0]) / 2 + rad * dy / 2, (start[1] + end[1]) / 2 - rad * dx / 2
    _label(canvas.ax, mx, my, arrow.label, color=style.SHARED_COLOR, ha="center", va="center")


def _draw_self_loop(canvas: _Canvas, arrow, at) -> None:
    """A layer called on its own output."""
    from matplotlib.patches import FancyArrowPatch

    x0, y0 = at
    start, end = (x0 + HALF_W, y0 + 0.12), (x0 + HALF_W, y0 - 0.12)
    canvas.ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-2.2", arrowstyle="-|>",
                                        mutation_scale=9, color=style.EDGE, zorder=2))
    if arrow.label:
        _label(canvas.ax, x0 + HALF_W + 0.45, y0, arrow.label, va="center")


def _arrow_color(arrow) -> str:
    if arrow.highlighted:
        return style.HIGHLIGHT_COLOR
    return style.MASK_COLOR if arrow.kind == "mask" else style.EDGE


def _draw_straight(canvas: _Canvas, arrow, tail_id, head_id, shift, perpendicular) -> None:
    from matplotlib.patches import FancyArrowPatch

    (x0, y0), (x1, y1) = canvas.xy(tail_id), canvas.xy(head_id)
    px, py = perpendicular
    a, b = (x0 + px * shift, y0 + py * shift), (x1 + px * shift, y1 + py * shift)
    start, end = _border_point(a, b, *canvas.half(tail_id)), _border_point(b, a, *canvas.half(head_id))
    canvas.ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9, shrinkA=0, shrinkB=0,
                                        color=_arrow_color(arrow), linestyle="--" if arrow.kind == "mask" else "-",
                                        linewidth=2.0 if arrow.highlighted else 1.0, zorder=2))
    if arrow.label:
        t = 0.4  # nearer the tail, away from cluster titles at the head
        lx, ly = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
        side = math.copysign(1, shift if shift else 1.0)
        lx, ly = lx + px * 0.08 * side, ly + py * 0.08 * side
        ha = "center" if abs(px) < abs(py) else ("left" if px * side > 0 else "right")
        _label(canvas.ax, lx, ly, arrow.label, ha=ha, va="center",
               color=style.MASK_COLOR if arrow.kind == "mask" else "black")


def _draw_arrows(canvas: _Canvas) -> None:
    """Parallel arrows between the same two nodes sit side by side."""
    groups: dict[tuple[str, str], list] = {}
    for arrow in canvas.scene.arrows:
        groups.setdefault((arrow.tail, arrow.head), []).append(arrow)
    for (tail, head), arrows in groups.items():
        (x0, y0), (x1, y1) = canvas.xy(tail), canvas.xy(head)
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        perpendicular = (-(y1 - y0) / length, (x1 - x0) / length)
        spread = min(0.7, 2 * min(canvas.half(tail)[0], canvas.half(head)[0]) / (len(arrows) + 1))
        for k, arrow in enumerate(arrows):
            if arrow.kind == "same-weights":
                _draw_link(canvas, arrow, (x0, y0), (x1, y1))
            elif tail == head:
                _draw_self_loop(canvas, arrow, (x0, y0))
            else:
                _draw_straight(canvas, arrow, tail, head, (k - (len(arrows) - 1) / 2) * spread, perpendicular)


def _draw_boxes(canvas: _Canvas) -> None:
    from matplotlib.patches import FancyBboxPatch

    ax = canvas.ax
    for box in canvas.scene.boxes:
        x, y = canvas.xy(box.id)
        color, width = style.box_border(box)
        ax.add_patch(FancyBboxPatch((x - HALF_W, y - HALF_H), 2 * HALF_W, 2 * HALF_H,
                                    boxstyle="round,pad=0.0,rounding_size=0.08",
                                    facecolor=style.box_fill(box), edgecolor=color, linewidth=width,
                                    linestyle="--" if box.kind == "operation" else "-", zorder=3))
        detail = " ".join(textwrap.shorten(line, 44, placeholder="…") for line in box.lines)
        ax.text(x, y + (0.14 if detail else 0.08), box.name, fontsize=8, fontweight="bold",
                ha="center", va="center", zorder=5)
        ax.text(x, y - (0.02 if detail else 0.1), box.class_name, fontsize=6.5, color="#4b5563",
                ha="center", va="center", zorder=5)
        if detail:
            ax.text(x, y - 0.17, detail, fontsize=6.5, ha="center", va="center", zorder=5)
    for terminal in canvas.scene.terminals:
        x, y = canvas.xy(terminal.id)
        ax.text(x, y, terminal.label, fontsize=7.5, ha="center", va="center", color=style.EDGE, zorder=5)


def _draw_footer(canvas: _Canvas, note: str | None) -> None:
    from matplotlib.patches import Patch

    scene, fig = canvas.scene, canvas.fig
    if scene.legend:
        fills = {"input": style.INPUT_FILL, "output": style.OUTPUT_FILL, "shared": style.SHARED_FILL,
                 "model": style.MODEL_FILL, "group": style.GROUP_FILL, "operation": style.OPERATION_FILL,
                 "mask": "#ffffff", "highlight": "#ffffff"}
        edges = {"shared": style.SHARED_COLOR, "highlight": style.HIGHLIGHT_COLOR, "mask": style.MASK_COLOR}
        handles = [Patch(facecolor=fills[m], edgecolor=edges.get(m, style.BORDER), label=style.LEGEND_TEXT[m])
                   for m in scene.legend]
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.035 if note else 0.0),
                   fontsize=6.5, frameon=False, ncol=2 if canvas.fig_w < 12 else 3)
    if note:
        fig.text(0.01, 0.008, textwrap.fill(note, int(canvas.fig_w * 17)), fontsize=6.5, color="#9a3412", va="bottom")


def draw_scene(scene: Scene, *, note: str | None = FOOTER):
    """A matplotlib ``Figure`` of the scene (not registered with pyplot)."""
    canvas = _Canvas(scene, note)
    _draw_clusters(canvas)
    _draw_arrows(canvas)
    _draw_boxes(canvas)
    canvas.fit()
    canvas.fig.suptitle(scene.title, fontsize=11, fontweight="bold")
    _draw_footer(canvas, note)
    return canvas.fig


def scene_to_image(scene: Scene, fmt: str = "png", *, note: str | None = FOOTER) -> bytes:
    """The fallback drawing as ``png``, ``svg`` or ``pdf`` bytes."""
    fig = draw_scene(scene, note=note)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=100, metadata=None if fmt != "png" else {"Software": None})
    return buffer.getvalue()
