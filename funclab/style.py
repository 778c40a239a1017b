"""How funclab presents things, in one place: colours, shapes as text, legend words.

Both graph renderers (Graphviz DOT in ``funclab.dot``, matplotlib in
``funclab.fallback``), the text twins and the inspector tables take their
presentation from here, so a picture and its text always agree.

>>> format_shape((None, 32))
'(None, 32)'
>>> format_shape((None,))
'(None,)'
>>> shapes_text([(None, 4), (None, 2)])
'[(None, 4), (None, 2)]'
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "INPUT_FILL",
    "OUTPUT_FILL",
    "MODEL_FILL",
    "GROUP_FILL",
    "OPERATION_FILL",
    "SHARED_FILL",
    "SHARED_COLOR",
    "HIGHLIGHT_COLOR",
    "BORDER",
    "EDGE",
    "MASK_COLOR",
    "CLUSTER_COLOR",
    "CLUSTER_FILL",
    "LEGEND_TEXT",
    "box_fill",
    "box_border",
    "format_shape",
    "shapes_text",
]

INPUT_FILL = "#dbeafe"
OUTPUT_FILL = "#dcfce7"
MODEL_FILL = "#ede9fe"
GROUP_FILL = "#f5f5f4"
OPERATION_FILL = "#f1f5f9"
SHARED_FILL = "#ffedd5"
SHARED_COLOR = "#ea580c"
HIGHLIGHT_COLOR = "#dc2626"
BORDER = "#6b7280"
EDGE = "#4b5563"
MASK_COLOR = "#0891b2"
CLUSTER_COLOR = "#7c3aed"
CLUSTER_FILL = "#faf5ff"

#: What each legend entry says; a Scene lists the entries its picture needs.
LEGEND_TEXT = {
    "input": "model input",
    "output": "produces a model output",
    "shared": "one layer (one set of weights) called more than once; #k is its call with node index k",
    "model": "a nested model used as a layer",
    "group": "a block of layers drawn as one box (expand_blocks= shows its layers)",
    "operation": "a keras.ops operation (no weights)",
    "mask": "dashed: the mask Keras passes along with a tensor (mask_zero=True)",
    "highlight": "highlighted",
}


def box_fill(box) -> str:
    """A box's fill colour (``box`` is a ``funclab.scene.Box``)."""
    if box.kind == "input":
        return INPUT_FILL
    if box.output:
        return OUTPUT_FILL
    if box.shared:
        return SHARED_FILL
    return {"model": MODEL_FILL, "operation": OPERATION_FILL, "group": GROUP_FILL}.get(box.kind, "#ffffff")


def box_border(box) -> tuple[str, float]:
    """A box's border colour and width: highlighted, shared, or plain."""
    if box.highlighted:
        return HIGHLIGHT_COLOR, 3.0
    if box.shared:
        return SHARED_COLOR, 2.5
    return BORDER, 1.0


def format_shape(shape: Iterable) -> str:
    """``(None, 32)`` as Keras 2 printed it: a tuple, with a trailing comma for one dim."""
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shapes_text(shapes) -> str:
    """One shape as a tuple, several as a list of tuples (Keras 2's convention)."""
    shapes = list(shapes)
    if len(shapes) == 1:
        return format_shape(shapes[0])
    return "[" + ", ".join(format_shape(s) for s in shapes) + "]"
