"""The explorer's widget: a thin anywidget view over ``funclab.explorer.ExplorerModel``.

The SVG is Graphviz's, the same picture ``funclab.graph`` draws; the view
marks the selected call's box and arrows by their element ids, so selecting
does not redraw the picture. Clicking a box or an arrow, the layer list, the
call buttons and the arrow keys all send the selection to Python, which
answers with the pane's text and what to highlight.

``Explorer`` (what ``funclab.explore`` returns) is the model with a display:
the widget in a live notebook; where widgets cannot run (a saved notebook,
GitHub), the picture with the pane's text under it, and a text twin.
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import traitlets

from funclab.dot import box_ids
from funclab.explorer import ExplorerModel
from funclab.i18n import pick, with_twins

__all__ = ["Explorer", "ExplorerView", "explore"]

HERE = Path(__file__).parent

#: The widget's words (the pane's text comes from funclab.explorer.PANE).
WORDS = {
    "layer": {"en": "Layer", "ko": "층"},
    "choose": {"en": "(choose a layer)", "ko": "(층을 선택하세요)"},
    "calls": {"en": "calls of the selected layer", "ko": "선택한 층의 호출"},
    "previous": {"en": "previous call (←)", "ko": "이전 호출 (←)"},
    "next": {"en": "next call (→)", "ko": "다음 호출 (→)"},
    "call": {"en": "call", "ko": "호출"},
    "expand": {"en": "expand", "ko": "펼치기"},
    "collapse": {"en": "collapse", "ko": "접기"},
    "toggle": {"en": "expand or collapse in place", "ko": "제자리에서 펼치거나 접기"},
    "graph": {"en": "model graph", "ko": "모델 그래프"},
}


class ExplorerView(anywidget.AnyWidget):
    """The widget; ``explorer`` is the model it shows. Tests send it the
    messages the browser would (``view.handle({"event": "select", ...})``)."""

    _esm = (HERE / "explorer.js").read_text(encoding="utf-8")
    _css = (HERE / "explorer.css").read_text(encoding="utf-8")

    svg = traitlets.Unicode("").tag(sync=True)
    boxes = traitlets.Dict().tag(sync=True)
    arrows = traitlets.Dict().tag(sync=True)
    highlight = traitlets.Dict({"boxes": [], "arrows": []}).tag(sync=True)
    layers = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    call = traitlets.Int(-1).tag(sync=True)
    calls = traitlets.List().tag(sync=True)
    details = traitlets.Unicode("").tag(sync=True)
    toggle = traitlets.Dict({"name": "", "expanded": False}).tag(sync=True)
    words = traitlets.Dict().tag(sync=True)

    def __init__(self, explorer: ExplorerModel, **kwargs):
        if not isinstance(explorer, ExplorerModel):
            raise TypeError(f"ExplorerView shows a funclab explorer, got {type(explorer).__name__}")
        super().__init__(**kwargs)
        self.explorer = explorer
        self.words = {key: pick(value) for key, value in WORDS.items()}
        self.layers = [[path, path] for path in explorer.layer_paths()]
        self.on_msg(lambda _widget, content, _buffers: self.handle(content))
        self._drawn = None
        self.sync()

    def handle(self, message: dict) -> None:
        """One message from the browser: select, step or toggle."""
        event = message.get("event")
        explorer = ExplorerModel  # the plain model's methods: syncing is done once, below
        if event == "select":
            path = message["path"]
            call = message.get("call")
            explorer.select(self.explorer, path, self.explorer.calls(path)[0] if call is None else call)
        elif event == "step":
            explorer.step(self.explorer, int(message.get("delta", 1)))
        elif event == "toggle":
            explorer.toggle(self.explorer, message["name"])
        else:
            return
        self.sync()

    def sync(self) -> None:
        """Send what changed: the whole picture when a nested model or block
        was expanded or collapsed, otherwise only the highlight and the pane."""
        structure = (frozenset(self.explorer.expanded_models), frozenset(self.explorer.expanded_blocks))
        if structure != self._drawn:
            self._drawn = structure
            self._redraw()
        self._refresh()

    def _redraw(self) -> None:
        scene = self.explorer.scene
        ids = box_ids(scene)
        self.boxes = {ids[b.id]: ({"block": b.name} if b.kind == "group" else {"path": b.id}) for b in scene.boxes}
        self.arrows = {a.id: list(target) for a in scene.arrows if (target := self._arrow_target(a)) is not None}
        self.svg = self.explorer.graph().svg()

    def _arrow_target(self, arrow):
        """The call a click on an arrow selects: the end whose call label it carries."""
        ends = [end for end in (arrow.consumer, arrow.producer) if end is not None and end[0] in self.explorer._layers]
        for end in ends:
            if len(self.explorer.calls(end[0])) > 1:
                return end
        return ends[0] if ends else None

    def _refresh(self) -> None:
        explorer = self.explorer
        ids = box_ids(explorer.scene)
        self.highlight = {
            "boxes": [ids[b.id] for b in explorer.scene.boxes if b.highlighted],
            "arrows": [a.id for a in explorer.scene.arrows if a.highlighted],
        }
        selection = explorer.selection
        self.selected = selection.path if selection else ""
        self.calls = list(explorer.calls(selection.path)) if selection else []
        self.call = selection.call if selection else -1
        self.details = explorer.details()
        expandable = explorer.expandable
        name = selection.path if selection and selection.path in expandable else ""
        self.toggle = {"name": name, "expanded": bool(name and expandable[name])}


class Explorer(ExplorerModel):
    """``funclab.explore(model)``: the explorer model, displayed as its widget
    in Jupyter, and as the graph picture with its text twin elsewhere."""

    _view: ExplorerView | None = None

    def widget(self) -> ExplorerView:
        if self._view is None:
            self._view = ExplorerView(self)
        return self._view

    # A displayed widget follows selections made in code too.
    def select(self, layer: str, call_index: int = 0) -> None:
        super().select(layer, call_index)
        if self._view is not None:
            self._view.sync()

    def step(self, delta: int = 1) -> None:
        super().step(delta)
        if self._view is not None:
            self._view.sync()

    def toggle(self, name: str) -> None:
        super().toggle(name)
        if self._view is not None:
            self._view.sync()

    def _repr_mimebundle_(self, include=None, exclude=None):
        static = self.graph()._repr_mimebundle_(include=include, exclude=exclude)
        widget = self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(widget, tuple):  # (data, metadata)
            widget = widget[0]
        widget = {k: v for k, v in widget.items() if k != "text/plain"}

        def render(code):
            bundle = {**static, **widget}
            if "text/plain" in static:
                bundle["text/plain"] = self._plain(code)
            if "image/png" in static:  # a saved notebook: the picture and the pane, where no widget runs
                bundle["text/html"] = self._static_html(bundle.pop("image/png"), code)
            return bundle

        return with_twins(render)

    def _static_html(self, png: str, language: str | None) -> str:
        """The picture (PNG, which untrusted notebooks show) with the pane's text under it."""
        title = html.escape(f"{self.model.name}: {pick(WORDS['graph'], language)}")
        return (f'<div class="funclab-explorer-static"><img alt="{title}" src="data:image/png;base64,{png}">'
                f'<pre>{html.escape(self.details(language))}</pre></div>')


def explore(model, *, expand_nested: bool = False, show_shapes: bool = True, rankdir: str = "TB",
            group_blocks: bool | None = None) -> Explorer:
    """The graph of ``model`` beside a detail pane: click a box or a call label
    (``#0``, ``#1``) to see that call's inputs, shapes, settings and how to get
    its output; step through a shared layer's calls with ◀ ▶ or the arrow keys;
    expand a nested model or a block in place."""
    return Explorer(model, expand_nested=expand_nested, show_shapes=show_shapes, rankdir=rankdir,
                    group_blocks=group_blocks)
