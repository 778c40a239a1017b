"""funclab.check_connected: naming what a disconnected functional graph lacks."""

import keras
import pytest
from keras import layers

import funclab
from funclab import GraphDisconnectedError


def mlp():
    pixels = keras.Input((64,), name="pixels")
    h = layers.Dense(32, name="hidden_a")(pixels)
    h = layers.Dense(32, name="hidden_b")(h)
    return pixels, layers.Dense(10, name="digit")(h)


def test_a_connected_graph_returns_quietly():
    pixels, digit = mlp()
    assert funclab.check_connected(pixels, digit) is None
    assert funclab.check_connected([pixels], {"digit": digit}) is None


def test_keras_3_says_little_where_funclab_names_the_missing_input():
    pixels, digit = mlp()
    unrelated = keras.Input((32,), name="unrelated")
    with pytest.raises(ValueError, match="is not connected to `inputs`"):
        keras.Model(unrelated, digit)
    with pytest.raises(GraphDisconnectedError) as info:
        funclab.check_connected(unrelated, digit)
    error = info.value
    assert isinstance(error, ValueError)
    assert [m.name for m in error.missing] == ["pixels"]
    assert error.missing[0].path == ("pixels", "hidden_a", "hidden_b", "digit")
    assert error.unused == [("unrelated", (None, 32))]
    message = str(error)
    assert "output 0 ('digit') needs the Input 'pixels' (None, 64), which was not given" in message
    assert "Its path: pixels → hidden_a → hidden_b → digit" in message
    assert "the given input 'unrelated' (None, 32) is used by no output" in message
    assert "keras.Model(inputs=[pixels], outputs=...)" in message


def test_one_of_two_inputs_missing_in_a_multi_input_model():
    text = keras.Input((None,), dtype="int32", name="text")
    question = keras.Input((None,), dtype="int32", name="question")
    encoded_text = layers.LSTM(4, name="text_lstm")(layers.Embedding(50, 4, name="text_embed")(text))
    encoded_q = layers.LSTM(4, name="q_lstm")(layers.Embedding(50, 4, name="q_embed")(question))
    answer = layers.Dense(5, name="answer")(layers.concatenate([encoded_text, encoded_q], name="both"))
    with pytest.raises(GraphDisconnectedError) as info:
        funclab.check_connected(text, answer)
    assert [m.name for m in info.value.missing] == ["question"]
    assert info.value.missing[0].path == ("question", "q_embed", "q_lstm", "both", "answer")
    assert info.value.unused == []
    assert funclab.check_connected([text, question], answer) is None


def test_an_unused_input_alone_is_reported():
    pixels, digit = mlp()
    spare = keras.Input((3,), name="spare")
    with pytest.raises(GraphDisconnectedError, match="the given input 'spare' .* is used by no output"):
        funclab.check_connected([pixels, spare], digit)


def test_second_output_is_the_disconnected_one():
    pixels, digit = mlp()
    other = keras.Input((4,), name="other")
    extra = layers.Dense(1, name="extra")(other)
    with pytest.raises(GraphDisconnectedError, match=r"output 1 \('extra'\) needs the Input 'other'"):
        funclab.check_connected(pixels, [digit, extra])


def test_intermediate_tensors_can_be_inputs():
    pixels, digit = mlp()
    hidden = digit._keras_history[0]._inbound_nodes[0].input_tensors[0]
    assert funclab.check_connected(hidden, digit) is None


@pytest.mark.parametrize(
    "inputs, outputs, words",
    [
        (None, "ok", "inputs must be symbolic tensors"),
        ("pixels", "ok", "inputs must be symbolic tensors (from keras.Input or from calling layers on them), or a list or dict of them; got str"),
        ("ok", [3.0], "outputs must be symbolic tensors"),
    ],
)
def test_bad_arguments(inputs, outputs, words):
    pixels, digit = mlp()
    inputs = pixels if inputs == "ok" else inputs
    outputs = digit if outputs == "ok" else outputs
    with pytest.raises(TypeError) as info:
        funclab.check_connected(inputs, outputs)
    assert words in str(info.value)
