"""funclab.explore: the Explorer driven without a browser, and its widget's messages."""

import keras
import model_zoo
import pytest

import funclab
from funclab.style import shapes_text

MODELS = ["shared_lstm", "shared_conv", "siamese", "two_level_nesting", "inside_outside", "masked_tagger"]


def layer_at(model, path):
    """A layer by path; through operations, since a Sequential hides its InputLayer from get_layer."""
    layer = model
    for part in path.split("/"):
        graph = layer._functional if isinstance(layer, keras.Sequential) else layer
        layer = next(op for op in graph.operations if op.name == part)
    return layer


def _expected_arrows(explorer, path, call):
    """The arrows of one call, counted from the extracted data (not the scene):
    one per tensor (and mask) it receives, one per use of its outputs in the
    same scope, one per model output it makes when that output has a terminal."""
    *outer, name = path.split("/")
    data = explorer.data
    for part in outer:
        data = data.layer(part).nested
    this = data.call(name, call)
    hidden = {info.name for info in data.layers if info.mask_only}
    received = len(this.inputs) + len(set(this.masks))
    used = sum(ref.layer == name and ref.node_index == call
               for c in data.calls if c.layer not in hidden for ref in c.inputs + tuple(dict.fromkeys(c.masks)))
    return received + used


@pytest.mark.parametrize("name", MODELS)
def test_every_call_shows_its_keras_2_shapes_and_highlights_its_own_arrows(name):
    model = model_zoo.ALL[name]()
    explorer = funclab.explore(model, expand_nested=True)
    for path in explorer.layer_paths():
        layer = layer_at(model, path)
        for call in explorer.calls(path):
            explorer.select(path, call)
            details = explorer.details()
            assert details.startswith(f"{path} ({type(layer).__name__}), call #{call} of ")
            inputs = funclab.get_input_shape_at(layer, call)
            outputs = funclab.get_output_shape_at(layer, call)
            assert f"  {shapes_text(inputs if isinstance(inputs, list) else [inputs])}" in details
            assert f"outputs:  {shapes_text(outputs if isinstance(outputs, list) else [outputs])}" in details
            highlighted = [a for a in explorer.scene.arrows if a.highlighted]
            terminals = [a for a in highlighted if a.head.startswith("#output")]
            assert len(highlighted) - len(terminals) == _expected_arrows(explorer, path, call), (path, call)
            assert all((path, call) in (a.consumer, a.producer) for a in highlighted)
            boxes = explorer.highlighted()["boxes"]
            assert boxes == ([path] if path in {b.id for b in explorer.scene.boxes} else []), (path, call)


def test_shared_lstm_second_call():
    explorer = funclab.explore(model_zoo.shared_lstm())
    explorer.select("lstm", 1)
    assert explorer.highlighted() == {"boxes": ["lstm"], "arrows": [("right", "lstm"), ("lstm", "merged")]}
    details = explorer.details()
    assert "inputs:   right[0][0]  (None, None, 128)" in details
    assert 'funclab.get_output_at(model.get_layer("lstm"), 1)' in details
    assert 'funclab.feature_model(model, ("lstm", 1))' in details
    assert "in model: shared_lstm" in details and "20,608 parameters, shared by every call" in details


def test_step_goes_through_the_calls_and_wraps():
    explorer = funclab.explore(model_zoo.called_three_times())
    explorer.select("dense", 0)
    seen = []
    for _ in range(4):
        explorer.step(1)
        seen.append(explorer.selection.call)
    assert seen == [1, 2, 0, 1]
    explorer.step(-1)
    assert explorer.selection == ("dense", 0)


def test_a_nested_model_expands_and_collapses_in_place():
    explorer = funclab.explore(model_zoo.siamese())
    assert [b.id for b in explorer.scene.boxes] == ["digit_a", "digit_b", "vision", "both", "same"]
    explorer.toggle("vision")
    assert "vision/c1" in {b.id for b in explorer.scene.boxes}
    explorer.toggle("vision")
    assert "vision/c1" not in {b.id for b in explorer.scene.boxes}
    explorer.select("vision/c1", 0)  # selecting an inner layer opens its model
    assert explorer.expandable == {"vision": True}


def test_a_layer_inside_a_collapsed_block_opens_its_block():
    explorer = funclab.explore(keras.applications.Xception(weights=None, include_top=False))
    assert "block4_sepconv1" not in {b.id for b in explorer.scene.boxes}
    explorer.select("block4_sepconv1", 0)
    assert explorer.highlighted()["boxes"] == ["block4_sepconv1"]
    assert "block4" in explorer.expanded_blocks


def test_bad_selections_say_what_exists():
    explorer = funclab.explore(model_zoo.shared_lstm())
    with pytest.raises(ValueError, match="has no layer 'lsmt'; its layers: left, right, lstm"):
        explorer.select("lsmt")
    with pytest.raises(ValueError, match="'lstm' has no call 2 in model 'shared_lstm'; its calls: #0, #1"):
        explorer.select("lstm", 2)
    with pytest.raises(ValueError, match="select a layer first"):
        explorer.step()
    with pytest.raises(ValueError, match="neither a nested model nor a block"):
        explorer.toggle("lstm")


def test_the_widget_answers_the_browsers_messages():
    explorer = funclab.explore(model_zoo.shared_lstm())
    view = explorer.widget()
    edge = next(i for i, target in view.arrows.items() if target == ["lstm", 1])
    view.handle({"event": "select", "path": "lstm", "call": 1})
    assert view.selected == "lstm" and view.call == 1 and view.calls == [0, 1]
    assert edge in view.highlight["arrows"] and len(view.highlight["arrows"]) == 2
    assert view.details == explorer.details()
    view.handle({"event": "step", "delta": 1})
    assert view.call == 0
    explorer.select("merged")  # from code: the widget follows
    assert view.selected == "merged" and view.calls == [0]


def test_statically_it_is_the_graph_and_its_text():
    explorer = funclab.explore(model_zoo.shared_lstm())
    bundle = explorer._repr_mimebundle_()
    assert {"image/svg+xml", "text/plain", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert bundle["text/plain"].startswith(repr(funclab.graph(model_zoo.shared_lstm())))
    assert 'id="n2"' in bundle["image/svg+xml"]  # the ids the view marks


def test_a_saved_notebook_shows_the_picture_with_the_pane_under_it(monkeypatch):
    """Built for a committed notebook (PNG twins on), the bundle has HTML: the
    PNG, which untrusted notebooks show, and the pane's text, escaped."""
    monkeypatch.setenv("FUNCLAB_PNG_TWINS", "1")
    explorer = funclab.explore(model_zoo.shared_lstm())
    explorer.select("lstm", 1)
    bundle = explorer._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.startswith('<div class="funclab-explorer-static"><img alt="')
    assert "data:image/png;base64," in page
    assert "image/png" not in bundle  # once, inside the HTML: the notebook stays small
    assert "lstm (LSTM), call #1 of 2" in page and "<pre>" in page
    monkeypatch.delenv("FUNCLAB_PNG_TWINS")
    assert "text/html" not in funclab.explore(model_zoo.shared_lstm())._repr_mimebundle_()
