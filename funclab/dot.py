"""Write a ``Scene`` as Graphviz DOT text, and run Graphviz on it.

The DOT text is deterministic: node ids are the layers' scoped names
(``"xception/block1_conv1"``), never ``id()``-based, and everything is emitted
in model order, so the same model built the same way gives the same text.
Every box and arrow also carries an ``id`` attribute (``n3``, ``e7``) that
Graphviz copies into the SVG, so an interactive view can find them.

``render(dot_text, ["svg", "png"])`` lays the graph out once and writes every
format from that one layout; the PNG is scaled down so that its longer side
stays within ``PNG_MAX_PIXELS``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from funclab import style
from funclab.scene import Box, Scene

__all__ = [
    "GraphvizNotFoundError",
    "INSTALL_HINT",
    "PNG_MAX_PIXELS",
    "PNG_COLOURS",
    "compact_png",
    "scene_to_dot",
    "box_ids",
    "dot_available",
    "run_dot",
    "render",
]

INSTALL_HINT = (
    "install Graphviz for the full picture: `apt-get install graphviz` (Debian/Ubuntu), "
    "`brew install graphviz` (macOS) or `conda install graphviz`"
)
LEGEND_ID = "#legend"
#: The PNG twin's longer side, at most (untrusted notebooks show it; the SVG
#: stays at full size).
PNG_MAX_PIXELS = 2400
PNG_DPI = 96


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program is needed for this and is not on PATH."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def box_ids(scene: Scene) -> dict[str, str]:
    """``{box id: SVG element id}`` (``n0``, ``n1``, ... in scene order)."""
    return {box.id: f"n{index}" for index, box in enumerate(scene.boxes)}


def _box_label(box: Box) -> str:
    parts = [f"<b>{html.escape(box.name)}</b>"]
    parts.append(f'<font point-size="9" color="#4b5563">{html.escape(box.class_name)}</font>')
    for line in box.lines:
        parts.append(f'<font point-size="9">{html.escape(line)}</font>')
    return "<" + "<br/>".join(parts) + ">"


def _box_statement(box: Box, element_id: str) -> str:
    color, width = style.box_border(box)
    style_ = {"operation": "rounded,filled,dashed", "group": "filled,bold"}.get(box.kind, "rounded,filled")
    shape = {"model": "box3d", "group": "folder"}.get(box.kind, "box")
    if shape == "box3d":
        style_ = "filled"
    attributes = [
        f"id={_quote(element_id)}",
        f"label={_box_label(box)}",
        f"shape={shape}",
        f'style="{style_}"',
        f'fillcolor="{style.box_fill(box)}"',
        f'color="{color}"',
    ]
    if width != 1.0:
        attributes.append(f"penwidth={width}")
    return f"{_quote(box.id)} [{', '.join(attributes)}];"


def _legend_statement(scene: Scene) -> str:
    cell = '<td bgcolor="{}" width="18">{}</td>'
    swatches = {
        "input": cell.format(style.INPUT_FILL, " "),
        "output": cell.format(style.OUTPUT_FILL, " "),
        "shared": cell.format(style.SHARED_FILL, f'<font color="{style.SHARED_COLOR}"><b>#k</b></font>'),
        "model": cell.format(style.MODEL_FILL, " "),
        "group": cell.format(style.GROUP_FILL, " "),
        "operation": cell.format(style.OPERATION_FILL, " "),
        "mask": f'<td width="18"><font color="{style.MASK_COLOR}"><b>- -</b></font></td>',
        "highlight": f'<td width="18"><font color="{style.HIGHLIGHT_COLOR}"><b>▮</b></font></td>',
    }
    rows = "".join(
        f'<tr>{swatches[mark]}<td align="left"><font point-size="9">{html.escape(style.LEGEND_TEXT[mark])}</font></td></tr>'
        for mark in scene.legend
    )
    table = f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="3">{rows}</table>>'
    return f"{_quote(LEGEND_ID)} [shape=plaintext, label={table}];"


def _cluster_lines(scene: Scene) -> list[str]:
    children: dict[str, list] = {}
    for cluster in scene.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    boxes_in: dict[str, list[Box]] = {}
    for box in scene.boxes:
        boxes_in.setdefault(box.cluster, []).append(box)
    ids = box_ids(scene)
    lines: list[str] = []

    def emit(cluster_id: str, indent: str) -> None:
        for box in boxes_in.get(cluster_id, []):
            lines.append(indent + _box_statement(box, ids[box.id]))
        for cluster in children.get(cluster_id, []):
            color = style.CLUSTER_COLOR if cluster.kind == "model" else style.BORDER
            fill = style.CLUSTER_FILL if cluster.kind == "model" else "#fafaf9"
            lines.append(f"{indent}subgraph {_quote('cluster_' + cluster.id)} {{")
            lines.append(
                f'{indent}  graph [label=<{html.escape(cluster.title)}>, style="rounded,dashed,filled", '
                f'color="{color}", fillcolor="{fill}", labeljust=l, fontsize=10];'
            )
            emit(cluster.id, indent + "  ")
            lines.append(indent + "}")

    emit("", "  ")
    return lines


def _arrow_statement(arrow) -> str:
    attributes = [f"id={_quote(arrow.id)}"] if arrow.id else []
    if arrow.label:
        attributes.append(f"label={_quote(arrow.label)}")
    if arrow.kind == "same-weights":
        attributes += ["style=dotted", "dir=none", "constraint=false",
                       f'color="{style.SHARED_COLOR}"', f'fontcolor="{style.SHARED_COLOR}"']
    elif arrow.kind == "mask":
        attributes += ["style=dashed", f'color="{style.MASK_COLOR}"', f'fontcolor="{style.MASK_COLOR}"']
    if arrow.highlighted:
        attributes += [f'color="{style.HIGHLIGHT_COLOR}"', "penwidth=2.5"]
    suffix = f" [{', '.join(attributes)}]" if attributes else ""
    return f"  {_quote(arrow.tail)} -> {_quote(arrow.head)}{suffix};"


def scene_to_dot(scene: Scene) -> str:
    """The scene as DOT text."""
    lines = [
        f"digraph {_quote(scene.title)} {{",
        f'  graph [rankdir={scene.rankdir}, fontname="Helvetica", fontsize=12, nodesep=0.3, '
        f'ranksep=0.4, labelloc=t, label=<<b>{html.escape(scene.title)}</b>>];',
        '  node [fontname="Helvetica", fontsize=11, margin="0.12,0.05", penwidth=1.0];',
        f'  edge [fontname="Helvetica", fontsize=9, color="{style.EDGE}", arrowsize=0.7];',
    ]
    lines += _cluster_lines(scene)
    for terminal in scene.terminals:
        lines.append(
            f"  {_quote(terminal.id)} [label={_quote(terminal.label)}, shape=plaintext, "
            f'fontsize=9, fontcolor="{style.EDGE}"];'
        )
    lines += [_arrow_statement(arrow) for arrow in scene.arrows]
    if scene.legend:
        lines.append("  " + _legend_statement(scene))
        lines.append(f"  {{rank=sink; {_quote(LEGEND_ID)};}}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _require_dot() -> None:
    if not dot_available():
        raise GraphvizNotFoundError(f"Graphviz's `dot` program was not found on PATH; {INSTALL_HINT}.")


def _run(command: list[str], stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(command, input=stdin, capture_output=True, check=False)
    except FileNotFoundError as error:  # PATH changed under us
        raise GraphvizNotFoundError(f"Graphviz's `{command[0]}` program could not be run; {INSTALL_HINT}.") from error
    if result.returncode != 0:
        raise RuntimeError(f"Graphviz's {command[0]} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def run_dot(dot_text: str, fmt: str) -> bytes:
    """Lay out and render DOT text with Graphviz's ``dot`` program in one format."""
    _require_dot()
    return _run(["dot", f"-T{fmt}"], dot_text.encode("utf-8"))


def _png_dpi(svg: bytes) -> float:
    """The dpi at which the drawing's longer side is at most PNG_MAX_PIXELS."""
    match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if match is None:
        return PNG_DPI
    longest_inches = max(float(match.group(1)), float(match.group(2))) / 72
    return min(PNG_DPI, PNG_MAX_PIXELS / longest_inches)


def render(dot_text: str, formats) -> dict[str, bytes]:
    """Lay the graph out once with ``dot`` and write each format from that
    layout (``svg``, ``png``, ...). ``png`` is written last, from the
    positions ``dot`` computed (``neato -n2`` does no layout of its own), at a
    resolution that keeps its longer side within ``PNG_MAX_PIXELS``."""
    _require_dot()
    formats = list(dict.fromkeys(formats))
    raster = "png" in formats
    with tempfile.TemporaryDirectory(prefix="funclab-dot-") as directory:
        folder = Path(directory)
        command = ["dot"]
        others = [f for f in formats if f != "png"] or ["svg"]
        for fmt in others:
            command += [f"-T{fmt}", f"-o{folder / ('out.' + fmt)}"]
        if raster:
            command += ["-Tdot", f"-o{folder / 'laid_out.dot'}"]
        _run(command, dot_text.encode("utf-8"))
        results = {fmt: (folder / f"out.{fmt}").read_bytes() for fmt in others}
        if raster:
            dpi = _png_dpi(results["svg"]) if "svg" in results else PNG_DPI
            results["png"] = compact_png(_run(["neato", "-n2", "-Tpng", f"-Gdpi={dpi:.2f}", str(folder / "laid_out.dot")]))
    return {fmt: results[fmt] for fmt in formats}


PNG_COLOURS = 128


def compact_png(png: bytes) -> bytes:
    """The picture with at most ``PNG_COLOURS`` colours, on white: a diagram's
    few fills and anti-aliased text look the same, and the file (committed in
    every lesson notebook) is about a third of the size. Unchanged when Pillow
    is missing."""
    try:
        from PIL import Image
    except ImportError:
        return png
    import io

    image = Image.open(io.BytesIO(png)).convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    palette = flat.quantize(colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()
