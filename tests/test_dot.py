"""funclab.dot: deterministic DOT text (golden files) and running Graphviz.

Regenerate the golden files after an intended change with
``FUNCLAB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_dot.py``.
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import model_zoo
import pytest

from funclab.dot import GraphvizNotFoundError, run_dot, scene_to_dot
from funclab.extract import extract
from funclab.scene import build_scene

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("shared_lstm", {}),
    ("shared_conv", {}),
    ("called_three_times", {}),
    ("lstm_states", {}),
    ("siamese", {}),
    ("siamese", {"expand_nested": True}),
    ("inside_outside", {"expand_nested": True}),
    ("shared_lstm", {"show_shapes": False, "rankdir": "LR", "highlight": frozenset({"merged"})}),
]


def case_id(name, options):
    return name + "".join(f"-{key}" for key in sorted(options))


@pytest.mark.parametrize("name, options", CASES, ids=[case_id(*c) for c in CASES])
def test_golden_dot(name, options):
    text = dot_text(name, options)
    path = GOLDEN / f"{case_id(name, options)}.dot"
    if os.environ.get("FUNCLAB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"DOT changed; see {path}"


SCRIPT = """
import pickle, sys
from funclab.dot import scene_to_dot
from funclab.scene import build_scene
cases = pickle.load(open(sys.argv[1], "rb"))
for data, options in cases:
    print(scene_to_dot(build_scene(data, **options)), end="\\f")
print("keras imported:", "keras" in sys.modules, end="")
"""


def dot_text(name, options):
    return scene_to_dot(build_scene(extract(model_zoo.ALL[name]()), **options))


def test_dot_text_is_the_same_in_a_fresh_process_with_another_hash_seed(tmp_path):
    """Names are hashed into sets and dicts; the DOT text must not depend on it.
    A fresh process with a fixed hash seed draws every golden case from the
    extracted data (plain data: the drawing needs no Keras): the golden files
    were written, and are compared here, under random ones."""
    cases = tmp_path / "cases.pickle"
    cases.write_bytes(pickle.dumps([(extract(model_zoo.ALL[name]()), options) for name, options in CASES]))
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(cases)], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, PYTHONHASHSEED=seed))
    assert run.returncode == 0, run.stderr[-2000:]
    *texts, last = run.stdout.split("\f")
    assert last == "keras imported: False"
    assert len(texts) == len(CASES)
    for (name, options), text in zip(CASES, texts):
        assert text == (GOLDEN / f"{case_id(name, options)}.dot").read_text(encoding="utf-8"), case_id(name, options)


def test_names_are_quoted_and_escaped():
    import keras

    x = keras.Input((2,), name='in"put')
    model = keras.Model(x, keras.layers.Dense(1, name="a<b>&c")(x), name='m"odel')
    text = scene_to_dot(build_scene(extract(model)))
    assert '"in\\"put" -> "a<b>&c"' in text
    assert "<b>a&lt;b&gt;&amp;c</b>" in text
    svg = run_dot(text, "svg").decode()
    assert "a&lt;b&gt;&amp;c" in svg


def test_run_dot_without_the_binary_raises_the_named_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        run_dot("digraph { a -> b }", "svg")


def test_a_rendered_png_is_a_palette_image_on_white_that_keeps_the_picture():
    import io

    from PIL import Image

    from funclab.dot import PNG_COLOURS, compact_png, render

    dot = scene_to_dot(build_scene(extract(model_zoo.ALL["siamese"]())))
    raw = run_dot(dot, "png")
    png = render(dot, ["png"])["png"]
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and len(image.getcolors()) <= PNG_COLOURS
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)
    compact = compact_png(raw)
    assert len(compact) < len(raw) / 2
    assert Image.open(io.BytesIO(compact)).size == Image.open(io.BytesIO(raw)).size
