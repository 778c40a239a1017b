"""``funclab.explore(model)``: the graph picture as the way in to a layer's calls.

``ExplorerModel`` is the plain-Python model of the explorer (anywidget's
model/view split): it holds the selection, builds the same ``Scene`` as
``funclab.graph`` (with the selected call highlighted) and writes the detail
pane's text. Tests drive it without a browser. ``funclab.explorer_view``
depends on it (never the reverse): its ``Explorer`` adds the display, a thin
widget in Jupyter, and in a static view (GitHub, an untrusted notebook,
nbval) the graph picture and its text twin.

>>> import keras
>>> lstm = keras.layers.LSTM(4, name="lstm")
>>> left, right = keras.Input((None, 3), name="left"), keras.Input((None, 3), name="right")
>>> model = keras.Model([left, right], keras.layers.concatenate([lstm(left), lstm(right)], name="both"), name="pair")
>>> explorer = ExplorerModel(model)
>>> explorer.select("lstm", 1)
>>> print(explorer.details())
lstm (LSTM), call #1 of 2
inputs:   right[0][0]  (None, None, 3)
outputs:  (None, 4)
in model: pair
settings: units=4, activation='tanh', return_sequences=False, return_state=False, use_bias=True
weights:  128 parameters, shared by every call
get it:   funclab.get_output_at(model.get_layer("lstm"), 1)
          funclab.feature_model(model, ("lstm", 1))
>>> explorer.highlighted()
{'boxes': ['lstm'], 'arrows': [('right', 'lstm'), ('lstm', 'both')]}
"""

from __future__ import annotations

import keras

from funclab import _keras_internals as internals
from funclab.blocks import block_path, group_names
from funclab.extract import LayerInfo, ModelData, extract
from funclab.i18n import display_width, pick
from funclab.layer_calls import nodes
from funclab.modelgraph import ModelGraph
from funclab.scene import Scene, build_scene
from funclab.style import shapes_text

__all__ = ["ExplorerModel", "Selection"]


class Selection(tuple):
    """The selected call: ``(layer path, call index)``; ``.path``, ``.call``."""

    def __new__(cls, path: str, call: int):
        return super().__new__(cls, (path, call))

    @property
    def path(self) -> str:
        return self[0]

    @property
    def call(self) -> int:
        return self[1]


def _walk(data: ModelData, functional, prefix: str, found: dict) -> None:
    """``{path: (LayerInfo, layer object)}`` for every layer, nested ones included."""
    operations = {op.name: op for op in functional.operations}
    for info in data.layers:
        op = operations[info.name]
        found[prefix + info.name] = (info, op)
        if info.nested is not None:
            inner = op if isinstance(op, keras.Model) else op.layer
            _walk(info.nested, internals.graph_model(inner), prefix + info.name + "/", found)


#: The pane's words; code and Keras names stay as they are.
PANE = {
    "select": {"en": "Select a layer: click its box or a call label (#0, #1, ...), or pick it from the list.",
               "ko": "층을 선택하세요: 층의 상자나 호출 레이블(#0, #1, ...)을 클릭하거나 목록에서 고르세요."},
    "title": {"en": "{path} ({cls}), call #{call} of {calls}", "ko": "{path} ({cls}): 호출 {calls}개 중 #{call}"},
    "inputs": {"en": "inputs:   {inbound}  {shapes}", "ko": "입력:      {inbound}  {shapes}"},
    "graph_input": {"en": "(graph input)", "ko": "(그래프 입력)"},
    "masks": {"en": "masks:    {masks} (passed along by Keras)", "ko": "마스크:    {masks} (케라스가 함께 전달)"},
    "outputs": {"en": "outputs:  {shapes}", "ko": "출력:      {shapes}"},
    "models": {"en": "in model: {models}", "ko": "속한 모델: {models}"},
    "no_model": {"en": "none", "ko": "없음"},
    "settings": {"en": "settings: {settings}", "ko": "설정:      {settings}"},
    "weights": {"en": "weights:  {params:,} parameters", "ko": "가중치:    파라미터 {params:,}개"},
    "weights_shared": {"en": "weights:  {params:,} parameters, shared by every call",
                       "ko": "가중치:    파라미터 {params:,}개, 모든 호출이 공유"},
    "get_it": {"en": "get it:   {code}", "ko": "얻는 법:   {code}"},
    "on_call": {"en": "# on call #{call} of {model}", "ko": "# {model}의 호출 #{call}에서"},
    "no_settings": {"en": "(none)", "ko": "(없음)"},
}


def _settings(info: LayerInfo, none: str = "(none)") -> str:
    return ", ".join(f"{key}={value!r}" for key, value in info.config.items()) or none


class ExplorerModel:
    """An interactive picture of a model: select a layer's call, see its node.

    ``select(layer, call_index)`` picks a call (a layer name, or a path
    ``"outer/inner"`` for a layer inside a nested model); ``step(+1)`` moves
    to the next call of the selected layer; ``toggle(name)`` expands or
    collapses a nested model (by path) or a block of layers (by name) in
    place. ``details()`` is the detail pane's text, ``highlighted()`` the
    boxes and arrows the picture highlights, ``scene`` the picture itself.
    """

    def __init__(self, model, *, expand_nested: bool = False, show_shapes: bool = True, rankdir: str = "TB",
                 group_blocks: bool | None = None):
        self.model = model
        self.data = extract(model, caller="funclab.explore")
        self._options = {"show_shapes": show_shapes, "rankdir": rankdir, "group_blocks": group_blocks}
        self._layers: dict[str, tuple[LayerInfo, object]] = {}
        _walk(self.data, internals.graph_model(model), "", self._layers)
        self.expanded_models: set[str] = {p for p, (info, _) in self._layers.items() if info.nested is not None} \
            if expand_nested else set()
        self.expanded_blocks: set[str] = set()
        self.selection: Selection | None = None
        self.scene = self._build_scene()

    # -- the picture ---------------------------------------------------------

    def _build_scene(self) -> Scene:
        selected = frozenset({tuple(self.selection)}) if self.selection else frozenset()
        return build_scene(self.data, expand_nested=frozenset(self.expanded_models), highlight_calls=selected,
                           expand_blocks=frozenset(self.expanded_blocks), **self._options)

    def graph(self) -> ModelGraph:
        """The current picture as a ``ModelGraph`` (SVG, PNG, text twin)."""
        return ModelGraph(self.data, self.scene)

    @property
    def expandable(self) -> dict[str, bool]:
        """Nested models (by path) and blocks (by name) that can be expanded in
        place, with whether each is expanded now."""
        models = {p: p in self.expanded_models for p, (info, _) in self._layers.items() if info.nested is not None}
        blocks = {g: g in self.expanded_blocks for g in sorted(self._all_blocks())}
        return {**models, **blocks}

    def _all_blocks(self) -> set[str]:
        found = group_names(self.data)
        for info, _ in self._layers.values():
            if info.nested is not None:
                found |= group_names(info.nested)
        return found

    def toggle(self, name: str) -> None:
        """Expand a collapsed nested model or block in place, or collapse an expanded one."""
        if name in self._layers and self._layers[name][0].nested is not None:
            self.expanded_models ^= {name}
        elif name in self._all_blocks():
            self.expanded_blocks ^= {name}
        else:
            raise ValueError(f"{name!r} is neither a nested model nor a block of model {self.data.name!r}; "
                             f"these can be expanded: {', '.join(self.expandable) or 'none'}")
        self.scene = self._build_scene()

    # -- the selection -------------------------------------------------------

    def layer_paths(self) -> list[str]:
        """Every layer that can be selected, in model order (nested ones as paths)."""
        return [p for p, (info, _) in self._layers.items() if info.node_indices and not info.mask_only]

    def calls(self, path: str) -> tuple[int, ...]:
        return self._info(path).node_indices

    def _info(self, path: str) -> LayerInfo:
        if path not in self._layers:
            names = ", ".join(self.layer_paths()[:10])
            raise ValueError(f"model {self.data.name!r} has no layer {path!r}; its layers: {names}, ...")
        return self._layers[path][0]

    def select(self, layer: str, call_index: int = 0) -> None:
        """Select call ``call_index`` (its node index) of a layer."""
        if not isinstance(layer, str):
            raise TypeError(f"select takes a layer name or path (str), got {type(layer).__name__} {layer!r}")
        calls = self.calls(layer)
        if call_index not in calls:
            raise ValueError(f"{layer!r} has no call {call_index} in model {self.data.name!r}; "
                             f"its calls: {', '.join(f'#{c}' for c in calls)}")
        self.selection = Selection(layer, call_index)
        self._reveal(layer)
        self.scene = self._build_scene()

    def _reveal(self, path: str) -> None:
        """Expand the nested models, and the blocks, a selected layer sits in."""
        parts = path.split("/")
        for depth in range(1, len(parts)):
            self.expanded_models.add("/".join(parts[:depth]))
        scene_boxes = {b.id for b in self.scene.boxes}
        if path not in scene_boxes:  # drawn inside a collapsed block
            self.expanded_blocks |= set(block_path(parts[-1])) & self._all_blocks()

    def step(self, delta: int = 1) -> None:
        """Select the next (``delta=1``) or previous (``-1``) call of the selected layer."""
        if self.selection is None:
            raise ValueError("select a layer first: explorer.select(name, call_index)")
        calls = self.calls(self.selection.path)
        position = (calls.index(self.selection.call) + delta) % len(calls)
        self.select(self.selection.path, calls[position])

    # -- what the pane and the picture show ----------------------------------

    def highlighted(self) -> dict[str, list]:
        """The highlighted boxes (by id) and arrows (as ``(tail, head)``)."""
        return {
            "boxes": [b.id for b in self.scene.boxes if b.highlighted],
            "arrows": [(a.tail, a.head) for a in self.scene.arrows if a.highlighted],
        }

    def details(self, language: str | None = None) -> str:
        """The detail pane: the selected call's node, settings and how to get its output."""
        say = lambda key, **fields: pick(PANE[key], language).format(**fields)  # noqa: E731
        if self.selection is None:
            return say("select")
        path, call = self.selection
        info, layer = self._layers[path]
        record = next(r for r in nodes(layer) if r.node_index == call)
        shared = len(info.node_indices) > 1
        lines = [
            say("title", path=path, cls=info.class_name, call=call, calls=len(info.node_indices)),
            say("inputs", inbound=", ".join(str(ref) for ref in record.inbound) or say("graph_input"),
                shapes=shapes_text(record.input_shapes)),
            say("outputs", shapes=shapes_text(record.output_shapes)),
            say("models", models=", ".join(record.models) or say("no_model")),
            say("settings", settings=_settings(info, say("no_settings"))),
            say("weights_shared" if shared else "weights", params=info.params),
        ]
        if record.masks:
            lines.insert(2, say("masks", masks=", ".join(str(m) for m in record.masks)))
        return "\n".join(lines + self._expressions(path, call, info, say))

    def _expressions(self, path: str, call: int, info: LayerInfo, say) -> list[str]:
        getter = "model" + "".join(f'.get_layer("{part}")' for part in path.split("/"))
        lines = [say("get_it", code=f"funclab.get_output_at({getter}, {call})")]
        if info.kind == "input":
            return lines
        parts = path.split("/")
        indent = " " * display_width(say("get_it", code=""))  # under the code, whatever the label's script
        if len(parts) == 1:
            target = f'("{path}", {call})' if len(info.node_indices) > 1 else f'"{path}"'
            lines.append(f"{indent}funclab.feature_model(model, {target})")
        else:
            outer = self._layers[parts[0]][0]
            for outer_call in outer.node_indices:
                lines.append(f'{indent}funclab.feature_model(model, ("{path}", {outer_call}))  '
                             + say("on_call", call=outer_call, model=parts[0]))
        return lines

    def _plain(self, language: str | None = None) -> str:
        return repr(self.graph()) + "\n" + self.details(language)

    def __repr__(self) -> str:
        return self._plain()
