"""Write a ``Scene`` as Graphviz DOT text, and run Graphviz's ``dot`` on it.

The DOT text is deterministic: node ids are the layers' scoped names
(``"xception/block1_conv1"``), never ``id()``-based, and everything is emitted
in model order, so the same model built the same way gives the same text.
"""

from __future__ import annotations

import html
import shutil

from funclab.scene import LEGEND_TEXT, Box, Scene

__all__ = ["GraphvizNotFoundError", "INSTALL_HINT", "scene_to_dot", "dot_available", "run_dot"]

INSTALL_HINT = (
    "install Graphviz for the full picture: `apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS) or `conda install graphviz`"
)

INPUT_FILL = "#dbeafe"
OUTPUT_FILL = "#dcfce7"
MODEL_FILL = "#ede9fe"
OPERATION_FILL = "#f1f5f9"
SHARED_FILL = "#ffedd5"
SHARED_COLOR = "#ea580c"
HIGHLIGHT_COLOR = "#dc2626"
BORDER = "#6b7280"
EDGE = "#4b5563"
CLUSTER_COLOR = "#7c3aed"
CLUSTER_FILL = "#faf5ff"
LEGEND_ID = "#legend"


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program is needed for this and is not on PATH."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def box_fill(box: Box) -> str:
    if box.kind == "input":
        return INPUT_FILL
    if box.output:
        return OUTPUT_FILL
    if box.shared:
        return SHARED_FILL
    return {"model": MODEL_FILL, "operation": OPERATION_FILL}.get(box.kind, "#ffffff")


def box_border(box: Box) -> tuple[str, float]:
    if box.highlighted:
        return HIGHLIGHT_COLOR, 3.0
    if box.shared:
        return SHARED_COLOR, 2.5
    return BORDER, 1.0


def _box_label(box: Box) -> str:
    parts = [f"<b>{html.escape(box.name)}</b>"]
    parts.append(f'<font point-size="9" color="#4b5563">{html.escape(box.class_name)}</font>')
    for line in box.lines:
        parts.append(f'<font point-size="9">{html.escape(line)}</font>')
    return "<" + "<br/>".join(parts) + ">"


def _box_statement(box: Box) -> str:
    color, width = box_border(box)
    style = {"operation": "rounded,filled,dashed"}.get(box.kind, "rounded,filled")
    shape = "box3d" if box.kind == "model" else "box"
    if shape == "box3d":
        style = "filled"
    attributes = [
        f"label={_box_label(box)}",
        f"shape={shape}",
        f'style="{style}"',
        f'fillcolor="{box_fill(box)}"',
        f'color="{color}"',
    ]
    if width != 1.0:
        attributes.append(f"penwidth={width}")
    return f"{_quote(box.id)} [{', '.join(attributes)}];"


def _legend_statement(scene: Scene) -> str:
    swatches = {
        "input": f'<td bgcolor="{INPUT_FILL}" width="18"> </td>',
        "output": f'<td bgcolor="{OUTPUT_FILL}" width="18"> </td>',
        "shared": f'<td bgcolor="{SHARED_FILL}" width="18"><font color="{SHARED_COLOR}"><b>#k</b></font></td>',
        "model": f'<td bgcolor="{MODEL_FILL}" width="18"> </td>',
        "operation": f'<td bgcolor="{OPERATION_FILL}" width="18"> </td>',
        "highlight": f'<td width="18"><font color="{HIGHLIGHT_COLOR}"><b>▮</b></font></td>',
    }
    rows = "".join(
        f'<tr>{swatches[mark]}<td align="left"><font point-size="9">{html.escape(LEGEND_TEXT[mark])}</font></td></tr>'
        for mark in scene.legend
    )
    table = f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="3">{rows}</table>>'
    return f"{_quote(LEGEND_ID)} [shape=plaintext, label={table}];"


def scene_to_dot(scene: Scene) -> str:
    """The scene as DOT text."""
    lines = [
        f"digraph {_quote(scene.title)} {{",
        f'  graph [rankdir={scene.rankdir}, fontname="Helvetica", fontsize=12, nodesep=0.3, '
        f'ranksep=0.4, labelloc=t, label=<<b>{html.escape(scene.title)}</b>>];',
        '  node [fontname="Helvetica", fontsize=11, margin="0.12,0.05", penwidth=1.0];',
        f'  edge [fontname="Helvetica", fontsize=9, color="{EDGE}", arrowsize=0.7];',
    ]
    children: dict[str, list] = {}
    for cluster in scene.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    boxes_in: dict[str, list[Box]] = {}
    for box in scene.boxes:
        boxes_in.setdefault(box.cluster, []).append(box)

    def emit(cluster_id: str, indent: str) -> None:
        for box in boxes_in.get(cluster_id, []):
            lines.append(indent + _box_statement(box))
        for cluster in children.get(cluster_id, []):
            lines.append(f"{indent}subgraph {_quote('cluster_' + cluster.id)} {{")
            lines.append(
                f'{indent}  graph [label=<{html.escape(cluster.title)}>, style="rounded,dashed,filled", '
                f'color="{CLUSTER_COLOR}", fillcolor="{CLUSTER_FILL}", labeljust=l, fontsize=10];'
            )
            emit(cluster.id, indent + "  ")
            lines.append(indent + "}")

    emit("", "  ")
    for terminal in scene.terminals:
        lines.append(
            f"  {_quote(terminal.id)} [label={_quote(terminal.label)}, shape=plaintext, "
            f'fontsize=9, fontcolor="{EDGE}"];'
        )
    for arrow in scene.arrows:
        attributes = []
        if arrow.label:
            attributes.append(f"label={_quote(arrow.label)}")
        if arrow.kind == "same-weights":
            attributes += ["style=dotted", "dir=none", "constraint=false", f'color="{SHARED_COLOR}"', f'fontcolor="{SHARED_COLOR}"']
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f"  {_quote(arrow.tail)} -> {_quote(arrow.head)}{suffix};")
    if scene.legend:
        lines.append("  " + _legend_statement(scene))
        lines.append(f"  {{rank=sink; {_quote(LEGEND_ID)};}}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_dot(dot_text: str, fmt: str) -> bytes:
    """Lay out and render DOT text with Graphviz's ``dot`` program."""
    import graphviz

    if not dot_available():
        raise GraphvizNotFoundError(f"Graphviz's `dot` program was not found on PATH; {INSTALL_HINT}.")
    try:
        return graphviz.Source(dot_text).pipe(format=fmt)
    except graphviz.ExecutableNotFound as error:  # PATH changed under us
        raise GraphvizNotFoundError(f"Graphviz's `dot` program could not be run; {INSTALL_HINT}.") from error
