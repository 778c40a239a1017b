"""``funclab.graph(model)``: a picture of a functional model that shows what
``keras.utils.plot_model`` hides.

- A shared layer is one box, and each of its calls has its own labelled arrows
  (``#0``, ``#1``, ...) with that call's own shapes.
- Nested models are one box, or a cluster of their own layers with
  ``expand_nested=True``, without false cycles.
- Without Graphviz's ``dot`` program you still get a picture (matplotlib) and a
  one-line hint on how to install Graphviz.

>>> import keras
>>> left, right = keras.Input((None, 8), name="left"), keras.Input((None, 8), name="right")
>>> lstm = keras.layers.LSTM(4, name="lstm")
>>> both = keras.layers.concatenate([lstm(left), lstm(right)], name="both")
>>> g = graph(keras.Model([left, right], both, name="twins"))
>>> print(repr(g))
Model 'twins' (Functional): inputs left, right → outputs both
  left   InputLayer   (None, None, 8) float32
  right  InputLayer   (None, None, 8) float32
  lstm   LSTM         shared: 2 calls
      #0  left → (None, 4)
      #1  right → (None, 4)
  both   Concatenate  lstm#0, lstm#1 → (None, 8)
Shared (one set of weights, several calls): lstm ×2
"""

from __future__ import annotations

import base64
from pathlib import Path

from funclab.dot import INSTALL_HINT, GraphvizNotFoundError, dot_available, run_dot, scene_to_dot
from funclab.extract import Call, LayerInfo, ModelData, TensorRef, extract, format_shape
from funclab.fallback import FOOTER, draw_scene, scene_to_image
from funclab.scene import Scene, build_scene, display_class

__all__ = ["graph", "ModelGraph", "describe"]

RANKDIRS = ("TB", "LR", "BT", "RL")
#: Formats the matplotlib fallback can write when ``dot`` is missing.
FALLBACK_FORMATS = ("svg", "png", "pdf")
#: Formats Graphviz writes; all need the ``dot`` program.
GRAPHVIZ_FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "json", "xdot", "plain")
TEXT_FORMATS = ("dot", "gv")


def _all_layer_names(data: ModelData) -> set[str]:
    names = set()
    for info in data.layers:
        names.add(info.name)
        if info.nested is not None:
            names |= _all_layer_names(info.nested)
    return names


def _ref_text(data: ModelData, ref: TensorRef, counts) -> str:
    info = data.layer(ref.layer)
    text = ref.layer
    if counts.get(info.weights_key, 0) > 1 or len(info.node_indices) > 1:
        text += f"#{ref.node_index}"
    if len(data.call(ref.layer, ref.node_index).output_specs) > 1:
        text += f"[{ref.tensor_index}]"
    return text


def _call_text(data: ModelData, call: Call, counts) -> str:
    inputs = ", ".join(_ref_text(data, ref, counts) for ref in call.inputs)
    outputs = ", ".join(format_shape(s.shape) for s in call.output_specs)
    return f"{inputs} → {outputs}"


def _describe_layers(data: ModelData, counts, expand: bool, indent: str) -> list[str]:
    rows: list[tuple[str, str, str, list[str], LayerInfo]] = []
    for info in data.layers:
        calls = [data.call(info.name, i) for i in info.node_indices]
        sub: list[str] = []
        total = counts.get(info.weights_key, 0)
        if info.kind == "input":
            spec = calls[0].output_specs[0] if calls else None
            detail = f"{format_shape(spec.shape)} {spec.dtype}" if spec else ""
        elif total > 1 or len(calls) > 1:
            here = "" if len(calls) == total else f", {len(calls)} here"
            detail = f"shared: {total} calls{here}"
            sub = [f"#{c.node_index}  {_call_text(data, c, counts)}" for c in calls]
        elif calls:
            detail = _call_text(data, calls[0], counts)
        else:
            detail = "(not called in this model)"
        rows.append((info.name, display_class(info), detail, sub, info))
    name_w = max((len(r[0]) for r in rows), default=0)
    class_w = max((len(r[1]) for r in rows), default=0)
    lines = []
    for name, class_name, detail, sub, info in rows:
        lines.append(f"{indent}{name.ljust(name_w)}  {class_name.ljust(class_w)}  {detail}".rstrip())
        lines.extend(f"{indent}    {s}" for s in sub)
        if expand and info.nested is not None:
            lines.append(f"{indent}    inside {info.name}:")
            lines.extend(_describe_layers(info.nested, counts, expand, indent + "      "))
    return lines


def describe(data: ModelData, *, expand_nested: bool = False) -> str:
    """A compact text description: layers, their calls and shapes."""
    counts = data.call_counts()
    inputs = ", ".join(ref.layer for ref in data.inputs)
    outputs = ", ".join(_ref_text(data, ref, counts) for ref in data.outputs)
    lines = [f"Model {data.name!r} ({data.class_name}): inputs {inputs} → outputs {outputs}"]
    lines += _describe_layers(data, counts, expand_nested, "  ")
    shared = data.shared()
    if shared:
        listed = ", ".join(f"{key} ×{count}" for key, count in shared.items())
        lines.append(f"Shared (one set of weights, several calls): {listed}")
    return "\n".join(lines)


class ModelGraph:
    """A model's graph, ready to display in Jupyter, save or inspect.

    Build one with ``funclab.graph(model)``. In a notebook it shows as an SVG
    (or, without Graphviz, a matplotlib PNG) with a plain-text twin.
    """

    def __init__(self, data: ModelData, scene: Scene, *, expand_nested: bool):
        self.data = data
        self.scene = scene
        self.expand_nested = expand_nested

    @property
    def shared(self) -> dict[str, int]:
        """Layers and nested models called more than once, with their call counts."""
        return self.data.shared()

    def to_dot(self) -> str:
        """Deterministic Graphviz DOT text."""
        return scene_to_dot(self.scene)

    def svg(self) -> str:
        """The Graphviz SVG (raises ``GraphvizNotFoundError`` without ``dot``)."""
        return run_dot(self.to_dot(), "svg").decode("utf-8")

    def draw(self):
        """The matplotlib drawing (works without Graphviz), as a ``Figure``."""
        return draw_scene(self.scene, note=None)

    def save(self, path) -> Path:
        """Write the picture; the format follows the suffix.

        ``.svg``, ``.png`` and ``.pdf`` use Graphviz when ``dot`` is installed and
        the matplotlib drawing otherwise; ``.dot``/``.gv`` write the DOT text;
        other Graphviz formats (``.jpg``, ``.ps``, ...) need ``dot``.
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt in TEXT_FORMATS:
            path.write_text(self.to_dot(), encoding="utf-8")
        elif fmt in GRAPHVIZ_FORMATS and dot_available():
            path.write_bytes(run_dot(self.to_dot(), fmt))
        elif fmt in FALLBACK_FORMATS:
            path.write_bytes(scene_to_image(self.scene, fmt))
        elif fmt in GRAPHVIZ_FORMATS:
            raise GraphvizNotFoundError(
                f"saving as .{fmt} needs Graphviz's `dot` program, which is not on PATH; "
                f"{INSTALL_HINT}. Without it, save as .png, .svg or .pdf (drawn with matplotlib)."
            )
        else:
            known = ", ".join("." + f for f in sorted(set(GRAPHVIZ_FORMATS + TEXT_FORMATS)))
            raise ValueError(f"cannot save a graph as {path.name!r}: expected one of the suffixes {known}")
        return path

    def _text(self) -> str:
        return describe(self.data, expand_nested=self.expand_nested)

    def __repr__(self) -> str:
        return self._text()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if dot_available():
            # The PNG twin is for untrusted notebooks: JupyterLab will not
            # render SVG from an output it does not trust (a learner opening
            # a committed lesson) and falls back to PNG; trusted views and
            # GitHub prefer the SVG.
            png = run_dot(self.to_dot(), "png")
            return {
                "image/svg+xml": self.svg(),
                "image/png": base64.b64encode(png).decode("ascii"),
                "text/plain": self._text(),
            }
        png = scene_to_image(self.scene, "png", note=FOOTER)
        return {
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": self._text() + "\n(" + FOOTER + ")",
        }


def _check_options(expand_nested, show_shapes, rankdir, highlight) -> tuple[str, ...]:
    for name, value in (("expand_nested", expand_nested), ("show_shapes", show_shapes)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)} (top-bottom, left-right, ...), got {rankdir!r}")
    if isinstance(highlight, str):
        highlight = (highlight,)
    try:
        names = tuple(highlight)
    except TypeError:
        raise TypeError(f"highlight must be layer names (a list of str), got {type(highlight).__name__}") from None
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"highlight must hold layer names (str), got {type(name).__name__} {name!r}")
    return names


def graph(model, *, expand_nested: bool = False, show_shapes: bool = True, rankdir: str = "TB", highlight=()) -> ModelGraph:
    """Draw a functional (or built Sequential) Keras model's graph.

    Args:
        model: a ``keras.Model`` built with the functional API, or a built
            ``keras.Sequential``.
        expand_nested: draw nested models as clusters of their own layers
            instead of one box each.
        show_shapes: show tensor shapes (in boxes, and on the arrows of
            layers called more than once).
        rankdir: ``"TB"`` (top to bottom), ``"LR"``, ``"BT"`` or ``"RL"``.
        highlight: names of layers to emphasise.

    Returns:
        a ``ModelGraph``: displays itself in Jupyter; ``to_dot()``, ``save()``.
    """
    names = _check_options(expand_nested, show_shapes, rankdir, highlight)
    data = extract(model, caller="funclab.graph")
    unknown = sorted(set(names) - _all_layer_names(data))
    if unknown:
        available = sorted(_all_layer_names(data))
        shown = ", ".join(available[:12]) + (", ..." if len(available) > 12 else "")
        raise ValueError(f"highlight names no layer of model {data.name!r}: {', '.join(unknown)}. Its layers: {shown}")
    scene = build_scene(
        data, expand_nested=expand_nested, show_shapes=show_shapes, highlight=frozenset(names), rankdir=rankdir
    )
    return ModelGraph(data, scene, expand_nested=expand_nested)
