"""funclab.graph / ModelGraph: the public renderer."""

import base64
import functools
import re

import keras
import model_zoo
import pytest

import funclab


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    """Hide Graphviz's dot binary, as on a machine without Graphviz."""
    monkeypatch.setenv("PATH", str(tmp_path))


def test_text_twin_lists_layers_calls_and_shapes():
    text = repr(funclab.graph(model_zoo.shared_conv()))
    assert text.splitlines() == [
        "Model 'shared_conv' (Functional): inputs small, large → outputs conv#0, conv#1",
        "  small  InputLayer  (None, 32, 32, 3) float32",
        "  large  InputLayer  (None, 64, 64, 3) float32",
        "  conv   Conv2D      shared: 2 calls",
        "      #0  small → (None, 32, 32, 16)",
        "      #1  large → (None, 64, 64, 16)",
        "Shared (one set of weights, several calls): conv ×2",
    ]


def test_expanded_text_shows_what_is_inside_nested_models():
    text = repr(funclab.graph(model_zoo.inside_outside(), expand_nested=True))
    assert "    inside inner:" in text
    assert "shared: 2 calls, 1 here" in text
    assert "(keras.ops)" in repr(funclab.graph(model_zoo.raw_ops()))


def test_a_live_display_is_svg_and_text(monkeypatch):
    monkeypatch.delenv("FUNCLAB_PNG_TWINS", raising=False)
    assert set(funclab.graph(model_zoo.shared_lstm())._repr_mimebundle_()) == {"image/svg+xml", "text/plain"}


def test_jupyter_gets_svg_and_text_and_the_build_a_png_twin(monkeypatch):
    monkeypatch.setenv("FUNCLAB_PNG_TWINS", "1")
    bundle = funclab.graph(model_zoo.shared_lstm())._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")  # for untrusted notebooks
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    assert "#1" in bundle["image/svg+xml"]
    assert bundle["text/plain"].startswith("Model 'shared_lstm'")


def test_without_dot_jupyter_gets_a_png_and_an_install_hint(no_dot):
    bundle = funclab.graph(model_zoo.shared_lstm())._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "apt-get install graphviz" in bundle["text/plain"].splitlines()[-1]


def test_save_by_suffix(tmp_path):
    g = funclab.graph(model_zoo.siamese(), expand_nested=True)
    assert g.save(tmp_path / "g.svg").read_text().lstrip().startswith("<?xml")
    assert g.save(tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    assert g.save(tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")
    assert g.save(tmp_path / "g.dot").read_text() == g.to_dot()


def test_save_without_dot_draws_with_matplotlib_or_names_the_missing_program(no_dot, tmp_path):
    g = funclab.graph(model_zoo.shared_lstm())
    svg = g.save(tmp_path / "g.svg").read_text()
    assert "<svg" in svg and "Matplotlib" in svg
    assert g.save(tmp_path / "g.dot").read_text() == g.to_dot()
    with pytest.raises(funclab.GraphvizNotFoundError, match="save as .png, .svg or .pdf"):
        g.save(tmp_path / "g.jpg")
    with pytest.raises(funclab.GraphvizNotFoundError, match="brew install graphviz"):
        g.svg()


def test_unknown_suffix_lists_the_known_ones(tmp_path):
    with pytest.raises(ValueError, match=r"'g.txt'.*\.svg"):
        funclab.graph(model_zoo.sequential()).save(tmp_path / "g.txt")


def test_shared_reports_call_counts():
    assert funclab.graph(model_zoo.siamese()).shared == {"vision": 2}


@pytest.mark.parametrize(
    "options, error, words",
    [
        ({"rankdir": "down"}, ValueError, "rankdir must be one of TB, LR, BT, RL"),
        ({"expand_nested": "yes"}, TypeError, "expand_nested must be True or False, got str"),
        ({"show_shapes": 1}, TypeError, "show_shapes must be True or False, got int"),
        ({"highlight": ["nope"]}, ValueError, "highlight names no layer of model 'shared_lstm': nope. Its layers: left,"),
        ({"highlight": [3]}, TypeError, "highlight must hold layer names"),
        ({"highlight": 3}, TypeError, "highlight must be layer names"),
    ],
)
def test_bad_options(options, error, words):
    with pytest.raises(error) as info:
        funclab.graph(model_zoo.shared_lstm(), **options)
    assert words in str(info.value)


def test_highlight_accepts_one_name_and_nested_names():
    one = funclab.graph(model_zoo.shared_lstm(), highlight="merged")
    assert [b.id for b in one.scene.boxes if b.highlighted] == ["merged"]
    g = funclab.graph(model_zoo.siamese(), expand_nested=True, highlight=["c1"])
    assert [b.id for b in g.scene.boxes if b.highlighted] == ["vision/c1"]


def test_highlight_one_call_of_a_shared_layer():
    g = funclab.graph(model_zoo.shared_lstm(), highlight=("lstm", 0))
    assert [(a.tail, a.head) for a in g.scene.arrows if a.highlighted] == [("left", "lstm"), ("lstm", "merged")]
    assert 'color="#dc2626", penwidth=2.5' in g.to_dot()
    with pytest.raises(ValueError, match="highlight names no layer of model 'shared_lstm': nope"):
        funclab.graph(model_zoo.shared_lstm(), highlight=[("nope", 0)])


def test_mimebundle_honours_include_and_exclude(monkeypatch):
    monkeypatch.setenv("FUNCLAB_PNG_TWINS", "1")
    g = funclab.graph(model_zoo.shared_lstm())
    assert set(g._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
    assert set(g._repr_mimebundle_(exclude=["image/png"])) == {"image/svg+xml", "text/plain"}
    assert set(g._repr_mimebundle_(include=["image/png", "text/plain"])) == {"image/png", "text/plain"}


def test_png_twin_is_capped_for_big_pictures():
    import struct

    x = inputs = keras.Input((4,), name="x")
    for number in range(60):
        x = keras.layers.Dense(4, name=f"dense_{number}")(x)
    g = funclab.graph(keras.Model(inputs, x), group_blocks=False)
    png = base64.b64decode(g._repr_mimebundle_(include=["image/png"])["image/png"])
    width, height = struct.unpack(">II", png[16:24])
    assert 2300 < height <= 2400 and width < 400  # 61 boxes in a column, scaled down to the cap


def _dot_boxes_and_marks(dot: str) -> tuple[set[str], set[str]]:
    boxes = set(re.findall(r"<b>([^<]+)</b><br/>", dot))
    marks = set(re.findall(r"#\d+", " ".join(re.findall(r'label="([^"]*)"', dot))))
    return boxes, marks


def test_every_box_and_call_label_of_the_picture_is_in_the_text_twin_and_back():
    """The DOT and the text twin come from one Scene: same boxes, same calls."""
    import model_zoo as zoo

    base = zoo.vision_model()
    model = zoo.siamese(base)
    outer = keras.Model(model.inputs, [model.output, base(model.inputs[0])], name="siamese_plus")
    for expand in (False, True):
        g = funclab.graph(outer, expand_nested=expand)
        dot, text = g.to_dot(), repr(g)
        boxes, marks = _dot_boxes_and_marks(dot)
        text_names = {line.split()[0] for line in text.splitlines()[1:] if line.startswith("  ") and line.split()}
        assert boxes <= text_names | {"siamese_plus (Functional)"}, boxes - text_names
        assert marks <= set(re.findall(r"#\d+", text)), marks
        assert set(re.findall(r"#\d+", text)) <= marks
        drawn = {b.name for b in g.scene.boxes}
        assert drawn == boxes
        assert {n for n in text_names if n in {info.name for info in g.data.layers}} <= drawn | {c.name for c in g.scene.clusters}


def test_big_models_are_drawn_by_blocks_by_default():
    model = APPLICATIONS["Xception"]()
    g = funclab.graph(model)
    assert len(g.scene.boxes) < 40 and "block4" in {b.name for b in g.scene.boxes}
    opened = funclab.graph(model, expand_blocks=["block4"])
    assert "block4_sepconv1" in {b.name for b in opened.scene.boxes}
    with pytest.raises(ValueError, match="expand_blocks names no block of model 'xception': block99"):
        funclab.graph(model, expand_blocks=["block99"])


def _keras_tensors_in(value) -> int:
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            return 1
        return sum(_keras_tensors_in(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_keras_tensors_in(v) for v in value)
    return 0


APPLICATIONS = {
    "MobileNetV2": functools.cache(lambda: keras.applications.MobileNetV2(weights=None)),
    "ResNet50": functools.cache(lambda: keras.applications.ResNet50(weights=None)),
    "DenseNet121": functools.cache(lambda: keras.applications.DenseNet121(weights=None)),
    "Xception": functools.cache(lambda: keras.applications.Xception(weights=None, include_top=False)),
}


@pytest.mark.parametrize("name", sorted(APPLICATIONS))
def test_applications_one_box_per_layer_one_edge_per_tensor(name):
    model = APPLICATIONS[name]()
    config = model.get_config()  # Keras' public description, independent of funclab
    expected_edges = sum(_keras_tensors_in(entry["inbound_nodes"]) for entry in config["layers"])
    dot = funclab.graph(model, group_blocks=False).to_dot()
    boxes = re.findall(r'^  "([^"#][^"]*)" \[id="n\d+", label=', dot, flags=re.MULTILINE)
    edges = re.findall(r'^  "[^"]+" -> "[^"]+"', dot, flags=re.MULTILINE)
    assert sorted(boxes) == sorted(entry["name"] for entry in config["layers"])
    assert len(edges) == expected_edges
