"""``funclab.graph(model)``: a picture of a functional model that shows what
``keras.utils.plot_model`` hides.

- A shared layer is one box, and each of its calls has its own labelled arrows
  (``#0``, ``#1``, ...) with that call's own shapes.
- Nested models (and models inside ``TimeDistributed``) are one box, or a
  cluster of their own layers with ``expand_nested=True``, without false cycles.
- In a big model, blocks of layers named with a common prefix (``block3_…``)
  are one box each; ``expand_blocks=["block3"]`` opens one.
- Without Graphviz's ``dot`` program you still get a picture (matplotlib) and a
  one-line hint on how to install Graphviz.

>>> import keras
>>> left, right = keras.Input((None, 8), name="left"), keras.Input((None, 8), name="right")
>>> lstm = keras.layers.LSTM(4, name="lstm")
>>> both = keras.layers.concatenate([lstm(left), lstm(right)], name="both")
>>> g = graph(keras.Model([left, right], both, name="twins"), highlight=[("lstm", 1)])
>>> print(repr(g))
Model 'twins' (Functional): inputs left, right → outputs both
  left   InputLayer   (None, None, 8) float32
  right  InputLayer   (None, None, 8) float32
  lstm   LSTM         shared: 2 calls
      #0  left → (None, 4)
      #1  right → (None, 4)
  both   Concatenate  lstm#0, lstm#1 → (None, 8)
Shared (one set of weights, several calls): lstm ×2
>>> [(a.tail, a.head) for a in g.scene.arrows if a.highlighted]
[('right', 'lstm'), ('lstm', 'both')]
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from funclab.blocks import group_names
from funclab.dot import INSTALL_HINT, GraphvizNotFoundError, dot_available, render, scene_to_dot
from funclab.extract import ModelData, extract
from funclab.fallback import FOOTER, scene_to_image
from funclab.scene import Scene, build_scene
from funclab.scene_text import scene_text

__all__ = ["graph", "ModelGraph", "layer_paths"]

RANKDIRS = ("TB", "LR", "BT", "RL")
#: Formats the matplotlib fallback can write when ``dot`` is missing.
FALLBACK_FORMATS = ("svg", "png", "pdf")
#: Formats Graphviz writes; all need the ``dot`` program.
GRAPHVIZ_FORMATS = ("svg", "png", "pdf", "jpg", "jpeg", "gif", "ps", "eps", "json", "xdot", "plain")
TEXT_FORMATS = ("dot", "gv")
MIME = {"image/svg+xml": "svg", "image/png": "png"}
#: Set to 1 where notebooks are written to be read untrusted (the lesson build,
#: funclab.build): displays then also carry a PNG twin of the SVG.
PNG_TWIN_ENV = "FUNCLAB_PNG_TWINS"


def layer_paths(data: ModelData, prefix: str = "") -> dict[str, list[str]]:
    """``{layer name: [scoped paths]}`` for every layer, nested ones included
    (``"c1"`` → ``["vision/c1"]``)."""
    paths: dict[str, list[str]] = {}
    for info in data.layers:
        paths.setdefault(info.name, []).append(prefix + info.name)
        if info.nested is not None:
            for name, inner in layer_paths(info.nested, prefix + info.name + "/").items():
                paths.setdefault(name, []).extend(inner)
    return paths


class ModelGraph:
    """A model's graph, ready to display in Jupyter, save or inspect.

    Build one with ``funclab.graph(model)``. In a notebook it shows as an SVG
    with a PNG twin for untrusted notebooks (or, without Graphviz, a
    matplotlib PNG) and a plain-text twin, all from one ``Scene``.
    """

    def __init__(self, data: ModelData, scene: Scene):
        self.data = data
        self.scene = scene
        self._rendered: dict[str, bytes] = {}

    @property
    def shared(self) -> dict[str, int]:
        """Layers and nested models called more than once, with their call counts."""
        return dict(self.scene.shared)

    def to_dot(self) -> str:
        """Deterministic Graphviz DOT text."""
        return scene_to_dot(self.scene)

    def _render(self, formats) -> dict[str, bytes]:
        missing = [f for f in formats if f not in self._rendered]
        if missing:
            self._rendered.update(render(self.to_dot(), missing))
        return {f: self._rendered[f] for f in formats}

    def svg(self) -> str:
        """The Graphviz SVG (raises ``GraphvizNotFoundError`` without ``dot``)."""
        return self._render(["svg"])["svg"].decode("utf-8")

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
            path.write_bytes(self._render([fmt])[fmt])
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

    def __repr__(self) -> str:
        return scene_text(self.scene)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The SVG and the text twin; ``include``/``exclude`` pick among them.

        JupyterLab does not render SVG from an output it does not trust: a
        committed notebook a learner opens. Outputs made in the learner's own
        session are trusted. So the lesson build, which writes the committed
        notebooks, sets ``FUNCLAB_PNG_TWINS=1`` and gets a PNG twin as well;
        a live display skips that rasterisation (about half of its cost).
        ``include=["image/png"]`` asks for the PNG anywhere."""
        default = ("image/svg+xml", "text/plain") + (("image/png",) if os.environ.get(PNG_TWIN_ENV) == "1" else ())
        wanted = [m for m in ("image/svg+xml", "image/png", "text/plain")
                  if (m in include if include is not None else m in default) and not (exclude and m in exclude)]
        bundle = {}
        if dot_available():
            images = self._render([MIME[m] for m in wanted if m in MIME])
            if "image/svg+xml" in wanted:
                bundle["image/svg+xml"] = images["svg"].decode("utf-8")
            if "image/png" in wanted:
                bundle["image/png"] = base64.b64encode(images["png"]).decode("ascii")
            if "text/plain" in wanted:
                bundle["text/plain"] = repr(self)
            return bundle
        if "image/png" in wanted or "image/svg+xml" in wanted:
            bundle["image/png"] = base64.b64encode(scene_to_image(self.scene, "png", note=FOOTER)).decode("ascii")
        if "text/plain" in wanted:
            bundle["text/plain"] = repr(self) + "\n(" + FOOTER + ")"
        return bundle


def _check_flags(**flags) -> None:
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def _is_call(item) -> bool:
    return (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
            and isinstance(item[1], int) and not isinstance(item[1], bool))


def _highlights(highlight) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """Layer names, and ``(layer name, call index)`` pairs."""
    if isinstance(highlight, str) or _is_call(highlight):
        highlight = [highlight]
    try:
        items = list(highlight)
    except TypeError:
        raise TypeError(f"highlight must be layer names (a list of str), got {type(highlight).__name__}") from None
    for item in items:
        if not (isinstance(item, str) or _is_call(item)):
            raise TypeError(
                f"highlight must hold layer names (str) or (layer name, call index) pairs, got "
                f"{type(item).__name__} {item!r}"
            )
    return tuple(i for i in items if isinstance(i, str)), tuple(i for i in items if _is_call(i))


def _unknown_names(data: ModelData, names, what: str, known: set[str]) -> None:
    unknown = sorted(set(names) - known)
    if unknown:
        available = sorted(known)
        shown = ", ".join(available[:12]) + (", ..." if len(available) > 12 else "")
        raise ValueError(f"{what} names no {'block' if what == 'expand_blocks' else 'layer'} of model "
                         f"{data.name!r}: {', '.join(unknown)}. Its {'blocks' if what == 'expand_blocks' else 'layers'}: {shown}")


def _call_paths(data: ModelData, calls, paths: dict[str, list[str]]) -> frozenset:
    _unknown_names(data, [name for name, _ in calls], "highlight", set(paths))
    return frozenset((path, index) for name, index in calls for path in paths[name])


def _all_groups(data: ModelData) -> set[str]:
    found = group_names(data)
    for info in data.layers:
        if info.nested is not None:
            found |= _all_groups(info.nested)
    return found


def graph(model, *, expand_nested: bool = False, show_shapes: bool = True, rankdir: str = "TB", highlight=(),
          group_blocks: bool | None = None, expand_blocks=()) -> ModelGraph:
    """Draw a functional (or built Sequential) Keras model's graph.

    Args:
        model: a ``keras.Model`` built with the functional API, or a built
            ``keras.Sequential``.
        expand_nested: draw nested models as clusters of their own layers
            instead of one box each.
        show_shapes: show tensor shapes (in boxes, and on the arrows of
            layers called more than once).
        rankdir: ``"TB"`` (top to bottom), ``"LR"``, ``"BT"`` or ``"RL"``.
        highlight: layer names to emphasise, or ``(layer name, call index)``
            pairs to emphasise one call: its box and its own arrows.
        group_blocks: draw each block of layers named with a common prefix
            (``block3_conv1``, ``block3_pool``, ...) as one box. ``None``
            (the default) does so in a model part with more than 40 layers.
        expand_blocks: names of blocks to draw with their layers.

    Returns:
        a ``ModelGraph``: displays itself in Jupyter; ``to_dot()``, ``save()``.
    """
    _check_flags(expand_nested=expand_nested, show_shapes=show_shapes)
    if group_blocks is not None:
        _check_flags(group_blocks=group_blocks)
    if rankdir not in RANKDIRS:
        raise ValueError(f"rankdir must be one of {', '.join(RANKDIRS)} (top-bottom, left-right, ...), got {rankdir!r}")
    names, calls = _highlights(highlight)
    blocks = (expand_blocks,) if isinstance(expand_blocks, str) else tuple(expand_blocks)
    data = extract(model, caller="funclab.graph")
    paths = layer_paths(data)
    _unknown_names(data, names, "highlight", set(paths))
    _unknown_names(data, blocks, "expand_blocks", _all_groups(data))
    scene = build_scene(
        data, expand_nested=expand_nested, show_shapes=show_shapes, highlight=frozenset(names),
        highlight_calls=_call_paths(data, calls, paths), rankdir=rankdir, group_blocks=group_blocks,
        expand_blocks=frozenset(blocks),
    )
    return ModelGraph(data, scene)
