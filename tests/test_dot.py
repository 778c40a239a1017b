"""funclab.dot: deterministic DOT text (golden files) and running Graphviz.

Regenerate the golden files after an intended change with
``FUNCLAB_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_dot.py``.
"""

import os
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
    text = scene_to_dot(build_scene(extract(model_zoo.ALL[name]()), **options))
    path = GOLDEN / f"{case_id(name, options)}.dot"
    if os.environ.get("FUNCLAB_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"DOT changed; see {path}"


SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import model_zoo, funclab
for name, build in sorted(model_zoo.ALL.items()):
    print(funclab.graph(build(), expand_nested=True).to_dot())
"""


def test_dot_text_is_the_same_in_fresh_processes_with_different_hash_seeds():
    """Names are hashed into sets and dicts; the DOT text must not depend on it.
    (Fresh processes, because Keras numbers automatic names per process.)"""
    script = SCRIPT.format(tests=str(Path(__file__).parent))
    runs = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                         env=dict(os.environ, PYTHONHASHSEED=seed))
        for seed in ("1", "2")
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1]
    assert "0x" not in outputs[0] and outputs[0].count("digraph") == len(model_zoo.ALL)


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
