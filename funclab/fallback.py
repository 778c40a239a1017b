"""Draw a ``Scene`` with matplotlib, for machines without Graphviz's ``dot``.

Boxes are placed in rows by their depth in the graph (longest path from an
input) and ordered within a row to keep arrows short. It is plainer than the
Graphviz layout but shows the same boxes, colours, call labels and clusters.
"""

from __future__ import annotations

import io
import math
import textwrap

from funclab import dot as style
from funclab.scene import LEGEND_TEXT, Scene

__all__ = ["layout", "draw_scene", "scene_to_image"]

FOOTER = "Graphviz's `dot` was not found, so this is funclab's simpler matplotlib drawing: " + style.INSTALL_HINT + "."


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


def draw_scene(scene: Scene, *, note: str | None = FOOTER):
    """A matplotlib ``Figure`` of the scene (not registered with pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

    places = layout(scene)
    rows = max((r for _, r in places.values()), default=0) + 1
    widest = max((sum(1 for _, r in places.values() if r == row) for row in range(rows)), default=1)
    horizontal = scene.rankdir in ("LR", "RL")
    width_units = (rows - 1) * STEP_ALONG if horizontal else (widest - 1) * STEP_ALONG
    height_units = (widest - 1) * STEP_ACROSS if horizontal else (rows - 1) * STEP_ACROSS
    width_units += 2 * HALF_W + (2.6 if any(a.kind == "same-weights" for a in scene.arrows) else 1.5)
    height_units += 2 * HALF_H + 1.1
    footer_in = 0.75 if (scene.legend or note) else 0.1
    fig_w = min(40.0, max(6.5, width_units * INCHES_PER_UNIT))
    fig_h = min(80.0, height_units * INCHES_PER_UNIT + footer_in + 0.5)
    fig = Figure(figsize=(fig_w, fig_h), dpi=100)
    bottom = footer_in / fig_h
    ax = fig.add_axes((0.0, bottom, 1.0, 1.0 - bottom - 0.45 / fig_h))
    ax.set_axis_off()

    def xy(node_id: str) -> tuple[float, float]:
        offset, row = places[node_id]
        if scene.rankdir == "LR":
            return row * STEP_ALONG, -offset * STEP_ACROSS
        if scene.rankdir == "RL":
            return -row * STEP_ALONG, -offset * STEP_ACROSS
        if scene.rankdir == "BT":
            return offset * STEP_ALONG, row * STEP_ACROSS
        return offset * STEP_ALONG, -row * STEP_ACROSS

    terminal_ids = {t.id for t in scene.terminals}

    def half(node_id: str) -> tuple[float, float]:
        return TERMINAL_HALF if node_id in terminal_ids else (HALF_W, HALF_H)

    # Clusters: a frame around their boxes, deepest last so it draws on top.
    for cluster in sorted(scene.clusters, key=lambda c: c.id.count("/")):
        members = [b.id for b in scene.boxes if b.cluster == cluster.id or b.cluster.startswith(cluster.id + "/")]
        if not members:
            continue
        nesting = max(b.cluster.count("/") for b in scene.boxes if b.id in members) - cluster.id.count("/")
        pad = 0.18 + 0.12 * nesting
        xs = [xy(m)[0] for m in members]
        ys = [xy(m)[1] for m in members]
        left, right = min(xs) - HALF_W - pad, max(xs) + HALF_W + pad
        low, top = min(ys) - HALF_H - pad, max(ys) + HALF_H + pad + 0.22
        ax.add_patch(FancyBboxPatch((left, low), right - left, top - low,
                                    boxstyle="round,pad=0.0,rounding_size=0.12",
                                    facecolor=style.CLUSTER_FILL, edgecolor=style.CLUSTER_COLOR,
                                    linestyle="--", zorder=0))
        ax.text(left + 0.08, top - 0.05, cluster.title, fontsize=7.5, color=style.CLUSTER_COLOR,
                va="top", ha="left", zorder=1)

    # Arrows: parallel arrows between the same two nodes sit side by side.
    groups: dict[tuple[str, str], list] = {}
    for arrow in scene.arrows:
        groups.setdefault((arrow.tail, arrow.head), []).append(arrow)
    for (tail, head), arrows in groups.items():
        (x0, y0), (x1, y1) = xy(tail), xy(head)
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        px, py = -(y1 - y0) / length, (x1 - x0) / length  # unit perpendicular
        spread = min(0.7, 2 * min(half(tail)[0], half(head)[0]) / (len(arrows) + 1))
        for k, arrow in enumerate(arrows):
            if arrow.kind == "same-weights":
                # Arc around the side, from the right edges, so it crosses no box.
                start, end = (x0 + HALF_W, y0), (x1 + HALF_W, y1)
                rad = -0.5 if (y1 < y0 or x1 > x0) else 0.5
                ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={rad}", arrowstyle="-",
                                             linestyle=":", linewidth=1.3, color=style.SHARED_COLOR, zorder=1))
                dx, dy = end[0] - start[0], end[1] - start[1]
                mx, my = (start[0] + end[0]) / 2 + rad * dy / 2, (start[1] + end[1]) / 2 - rad * dx / 2
                ax.text(mx, my, arrow.label, fontsize=6.5, color=style.SHARED_COLOR, ha="center", va="center",
                        zorder=4, bbox=dict(facecolor="white", edgecolor="none", pad=0.3))
                continue
            if tail == head:  # a layer called on its own output
                start, end = (x0 + HALF_W, y0 + 0.12), (x0 + HALF_W, y0 - 0.12)
                ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-2.2", arrowstyle="-|>",
                                             mutation_scale=9, color=style.EDGE, zorder=2))
                if arrow.label:
                    ax.text(x0 + HALF_W + 0.45, y0, arrow.label, fontsize=6.5, va="center", zorder=4,
                            bbox=dict(facecolor="white", edgecolor="none", pad=0.3))
                continue
            shift = (k - (len(arrows) - 1) / 2) * spread
            a = (x0 + px * shift, y0 + py * shift)
            b = (x1 + px * shift, y1 + py * shift)
            start = _border_point(a, b, *half(tail))
            end = _border_point(b, a, *half(head))
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9, shrinkA=0,
                                         shrinkB=0, color=style.EDGE, zorder=2))
            if arrow.label:
                t = 0.4  # nearer the tail, away from cluster titles at the head
                lx, ly = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
                side = shift if shift else 1.0
                lx, ly = lx + px * 0.08 * math.copysign(1, side), ly + py * 0.08 * math.copysign(1, side)
                horizontal_arrow = abs(px) < abs(py)
                ha = "center" if horizontal_arrow else ("left" if px * side > 0 else "right")
                ax.text(lx, ly, arrow.label, fontsize=6.5, ha=ha, va="center", zorder=4,
                        bbox=dict(facecolor="white", edgecolor="none", pad=0.3, alpha=0.85))

    for box in scene.boxes:
        x, y = xy(box.id)
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
    for terminal in scene.terminals:
        x, y = xy(terminal.id)
        ax.text(x, y, terminal.label, fontsize=7.5, ha="center", va="center", color=style.EDGE, zorder=5)

    xs = [xy(i)[0] for i in places] or [0.0]
    ys = [xy(i)[1] for i in places] or [0.0]
    # A fixed scale (INCHES_PER_UNIT), content centred: boxes keep their shape
    # whatever the figure's minimum size adds.
    axes_w = fig_w * 1.0 / INCHES_PER_UNIT
    axes_h = fig_h * (1.0 - bottom - 0.45 / fig_h) / INCHES_PER_UNIT
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    ax.set_xlim(cx - axes_w / 2, cx + axes_w / 2)
    ax.set_ylim(cy - axes_h / 2, cy + axes_h / 2)
    fig.suptitle(scene.title, fontsize=11, fontweight="bold")

    if scene.legend:
        fills = {"input": style.INPUT_FILL, "output": style.OUTPUT_FILL, "shared": style.SHARED_FILL,
                 "model": style.MODEL_FILL, "operation": style.OPERATION_FILL, "highlight": "#ffffff"}
        edges = {"shared": style.SHARED_COLOR, "highlight": style.HIGHLIGHT_COLOR}
        handles = [Patch(facecolor=fills[m], edgecolor=edges.get(m, style.BORDER), label=LEGEND_TEXT[m])
                   for m in scene.legend]
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.035 if note else 0.0),
                   fontsize=6.5, frameon=False, ncol=2 if fig_w < 12 else 3)
    if note:
        fig.text(0.01, 0.008, textwrap.fill(note, int(fig_w * 17)), fontsize=6.5, color="#9a3412", va="bottom")
    return fig


def scene_to_image(scene: Scene, fmt: str = "png", *, note: str | None = FOOTER) -> bytes:
    """The fallback drawing as ``png``, ``svg`` or ``pdf`` bytes."""
    fig = draw_scene(scene, note=note)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=100, metadata=None if fmt != "png" else {"Software": None})
    return buffer.getvalue()
