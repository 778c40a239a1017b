"""funclab.nodes and the Keras 2 accessors, checked against recorded Keras 2 answers.

tests/fixtures/keras2_answers.json holds what tf_keras 2.21 answered for the
same architectures (see tests/fixtures/record_keras2_answers.py).
"""

import gc
import json
from pathlib import Path

import keras
import model_zoo
import numpy as np
import pytest

import funclab

KERAS2 = json.loads((Path(__file__).parent / "fixtures" / "keras2_answers.json").read_text())["cases"]


def as_tuples(shape):
    """JSON lists back to Keras 2's return format: a tuple, or a list of tuples."""
    if shape and isinstance(shape[0], list):
        return [tuple(s) for s in shape]
    return tuple(shape)


def assert_matches_keras2(layer, recorded):
    assert len(funclab.nodes(layer)) == recorded["nodes"]
    for index in range(recorded["nodes"]):
        assert funclab.get_input_shape_at(layer, index) == as_tuples(recorded["input_shape_at"][index])
        assert funclab.get_output_shape_at(layer, index) == as_tuples(recorded["output_shape_at"][index])


def test_shared_lstm_like_keras2():
    model = model_zoo.shared_lstm()
    lstm = model.get_layer("lstm")
    assert_matches_keras2(lstm, KERAS2["shared_lstm"]["lstm"])
    assert_matches_keras2(model.get_layer("merged"), KERAS2["shared_lstm"]["merged"])
    assert funclab.get_output_shape_at(lstm, -1) == as_tuples(KERAS2["shared_lstm"]["lstm.get_output_shape_at(-1)"])
    assert funclab.output_shape(lstm) == as_tuples(KERAS2["shared_lstm"]["lstm.output_shape"])


def test_the_two_calls_tensors_are_the_models_tensors():
    model = model_zoo.shared_lstm()
    lstm = model.get_layer("lstm")
    left_encoded, right_encoded = model.get_layer("merged").input
    assert funclab.get_output_at(lstm, 0) is left_encoded
    assert funclab.get_output_at(lstm, 1) is right_encoded
    assert funclab.get_input_at(lstm, 1) is model.inputs[1]
    # Keras 3 (like tf.keras 2.x, which the fixture records) answers layer.output
    # with the first call's tensor, silently.
    assert lstm.output is left_encoded
    assert KERAS2["shared_lstm"]["lstm.output"] is None


def test_shared_conv_on_two_input_sizes_like_keras2():
    model = model_zoo.shared_conv()
    conv = model.get_layer("conv")
    assert_matches_keras2(conv, KERAS2["shared_conv"]["conv"])
    assert funclab.get_output_shape_at(conv, 0) == (None, 32, 32, 16)
    assert funclab.get_output_shape_at(conv, 1) == (None, 64, 64, 16)
    assert_matches_keras2(model.get_layer("small"), KERAS2["shared_conv"]["small"])


@pytest.mark.parametrize("which", ["input", "output"])
def test_ill_defined_shape_lists_each_call(which):
    conv = model_zoo.shared_conv().get_layer("conv")
    keras2 = KERAS2["shared_conv"][f"conv.{which}_shape"]
    assert keras2["type"] == "AttributeError" and "ill-defined" in keras2["message"]
    function = funclab.input_shape if which == "input" else funclab.output_shape
    with pytest.raises(ValueError) as info:
        function(conv)
    message = str(info.value)
    assert f"different {which} shapes" in message and "ill-defined" in message
    expected = "(None, 32, 32, 16)" if which == "output" else "(None, 32, 32, 3)"
    assert f"call #0: {expected}" in message
    assert f"funclab.get_{which}_shape_at(conv, node_index)" in message


def test_layer_called_three_times_like_keras2():
    dense = model_zoo.called_three_times().get_layer("dense")
    assert_matches_keras2(dense, KERAS2["called_three_times"]["dense"])
    assert funclab.output_shape(dense) == as_tuples(KERAS2["called_three_times"]["dense.output_shape"])
    table = funclab.nodes(dense)
    assert [str(r.inbound[0]) for r in table] == ["x[0][0]", "dense[0][0]", "dense[1][0]"]


def test_nested_model_called_twice_like_keras2():
    model = model_zoo.siamese()
    vision = model.get_layer("vision")
    assert_matches_keras2(vision, KERAS2["siamese"]["vision"])
    assert_matches_keras2(vision.get_layer("c1"), KERAS2["siamese"]["c1"])
    table = funclab.nodes(vision, models=[model, vision])
    assert [r.models for r in table] == [("siamese",), ("siamese",)]
    assert [str(r.inbound[0]) for r in table] == ["digit_a[0][0]", "digit_b[0][0]"]
    # c1's one call belongs to the vision model, not to the model that calls vision.
    assert funclab.nodes(vision.get_layer("c1"), models=[model, vision])[0].models == ("vision",)


def test_layer_inside_and_outside_a_nested_model_like_keras2():
    model = model_zoo.inside_outside()
    inner = model.get_layer("inner")
    shared = model.get_layer("shared_dense")
    assert_matches_keras2(shared, KERAS2["inside_outside"]["shared_dense"])
    assert_matches_keras2(inner, KERAS2["inside_outside"]["inner"])
    table = funclab.nodes(shared, models=[model, inner])
    assert [r.models for r in table] == [("inner",), ("outer",)]
    assert [str(r.inbound[0]) for r in table] == ["inner_in[0][0]", "inner[0][0]"]


def test_multi_output_layer_like_keras2():
    lstm = model_zoo.lstm_states().get_layer("lstm_s")
    assert_matches_keras2(lstm, KERAS2["lstm_states"]["lstm_s"])
    assert len(funclab.get_output_at(lstm, 0)) == 3
    assert str(funclab.nodes(model_zoo.lstm_states().get_layer("from_c"))[0].inbound[0]) == "lstm_s[0][2]"


def test_a_stray_call_belongs_to_no_model():
    stray = keras.layers.Dense(3, name="stray")
    x = keras.Input((5,), name="loose")
    stray(x)
    model = keras.Model(x, keras.layers.Dense(2, name="used")(x), name="uses_x")
    assert_matches_keras2(stray, KERAS2["stray_call"]["stray"])
    assert funclab.nodes(stray, models=model)[0].models == ()
    assert "none (a call outside any model)" in repr(funclab.nodes(stray, models=model))


def test_membership_defaults_to_every_live_model():
    model = model_zoo.shared_lstm()
    sub = keras.Model(model.inputs, model.get_layer("merged").output, name="encoder_pair")
    assert sub.name == "encoder_pair"
    gc.collect()
    table = funclab.nodes(model.get_layer("lstm"))
    assert table[0].models == ("encoder_pair", "shared_lstm")


def test_a_half_built_model_is_not_a_member():
    out = keras.layers.Dense(2, name="out_of_reach")(keras.Input((3,), name="needed"))
    try:
        keras.Model(keras.Input((3,), name="unrelated"), out, name="broken")
    except ValueError as error:
        kept = error  # keeps the half-built model alive through the traceback
    assert "broken" not in funclab.nodes(out._keras_history[0])[0].models
    del kept


def test_input_layer_node():
    small = model_zoo.shared_conv().get_layer("small")
    assert funclab.get_input_shape_at(small, 0) == (None, 32, 32, 3)
    assert funclab.nodes(small)[0].inbound == ()


def test_table_text_and_html():
    lstm = model_zoo.shared_lstm().get_layer("lstm")
    table = funclab.nodes(lstm, models=[])
    assert repr(table).splitlines()[0] == "lstm (LSTM): 2 calls"
    assert "left[0][0]" in repr(table) and "(None, None, 128)" in repr(table)
    html = table._repr_html_()
    assert html.count("left[0][0]") == 2  # the table cell and the <pre> fallback
    assert '<table class="funclab">' in html and "<pre>lstm (LSTM): 2 calls" in html


def test_shared_layers_counts_calls_including_nested_ones():
    assert funclab.shared_layers(model_zoo.shared_lstm()) == {"lstm": 2}
    assert funclab.shared_layers(model_zoo.siamese()) == {"vision": 2}
    assert funclab.shared_layers(model_zoo.inside_outside()) == {"shared_dense": 2}
    assert funclab.shared_layers(model_zoo.called_three_times()) == {"dense": 3}
    assert funclab.shared_layers(model_zoo.sequential()) == {}
    assert "calls no layer more than once" in repr(funclab.shared_layers(model_zoo.sequential()))
    assert "#0, #1" in repr(funclab.shared_layers(model_zoo.shared_conv()))


ACCESSORS = [funclab.get_input_at, funclab.get_output_at, funclab.get_input_shape_at, funclab.get_output_shape_at]


@pytest.mark.parametrize("accessor", ACCESSORS, ids=lambda f: f.__name__)
def test_out_of_range_says_the_valid_range(accessor):
    lstm = model_zoo.shared_lstm().get_layer("lstm")
    assert "only 2 inbound nodes" in KERAS2["shared_lstm"]["lstm.get_output_shape_at(2)"]["message"]
    for bad in (2, -3):
        with pytest.raises(IndexError, match=r"has 2 calls, so valid indices are 0 to 1 \(or -2 to -1"):
            accessor(lstm, bad)


@pytest.mark.parametrize("accessor", ACCESSORS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [1.0, "1", None, True])
def test_a_non_integer_index_is_a_type_error(accessor, bad):
    lstm = model_zoo.shared_lstm().get_layer("lstm")
    with pytest.raises(TypeError, match="node_index must be an int"):
        accessor(lstm, bad)


def test_numpy_integers_are_indices():
    lstm = model_zoo.shared_lstm().get_layer("lstm")
    assert funclab.get_output_shape_at(lstm, np.int64(1)) == (None, 32)


@pytest.mark.parametrize(
    "function",
    [funclab.nodes, funclab.input_shape, funclab.output_shape, lambda layer: funclab.get_output_at(layer, 0)],
    ids=["nodes", "input_shape", "output_shape", "get_output_at"],
)
@pytest.mark.parametrize(
    "bad, error, words",
    [
        (None, TypeError, "expects a Keras layer (or model), got NoneType"),
        ("lstm", TypeError, "got the string 'lstm'. Pass the layer itself, for example model.get_layer('lstm')"),
        (keras.Input((3,), name="a_tensor"), TypeError, "got the symbolic tensor 'a_tensor'"),
        (keras.layers.Dense(3, name="never_called"), ValueError, "'never_called' has never been called"),
    ],
    ids=["None", "string", "tensor", "uncalled"],
)
def test_bad_layers(function, bad, error, words):
    with pytest.raises(error) as info:
        function(bad)
    assert words in str(info.value)


def test_eager_calls_are_not_nodes():
    dense = keras.layers.Dense(2, name="eager_only")
    dense(np.ones((1, 3), dtype="float32"))
    with pytest.raises(ValueError, match="calls on concrete data"):
        funclab.nodes(dense)


def test_models_argument_is_checked():
    lstm = model_zoo.shared_lstm().get_layer("lstm")
    with pytest.raises(TypeError, match="models must be functional or built Sequential Keras models, got str"):
        funclab.nodes(lstm, models=["shared_lstm"])


def test_shared_layers_rejects_what_is_not_a_model():
    with pytest.raises(TypeError, match="funclab.shared_layers expects a Keras model"):
        funclab.shared_layers("model")
