"""funclab.extract: one walk of a Keras graph into plain data."""

import keras
import model_zoo
import pytest

from funclab.extract import TensorRef, TensorSpec, extract


def test_shared_lstm_has_one_layer_and_two_calls():
    data = extract(model_zoo.shared_lstm())
    lstm = data.layer("lstm")
    assert lstm.node_indices == (0, 1)
    assert [c.inputs for c in data.calls if c.layer == "lstm"] == [
        (TensorRef("left", 0, 0),),
        (TensorRef("right", 0, 0),),
    ]
    merged = data.call("merged", 0)
    assert merged.inputs == (TensorRef("lstm", 0, 0), TensorRef("lstm", 1, 0))
    assert data.shared() == {"lstm": 2}


def test_each_call_keeps_its_own_shapes():
    data = extract(model_zoo.shared_conv())
    first, second = data.call("conv", 0), data.call("conv", 1)
    assert first.input_specs == (TensorSpec((None, 32, 32, 3), "float32"),)
    assert first.output_specs == (TensorSpec((None, 32, 32, 16), "float32"),)
    assert second.input_specs == (TensorSpec((None, 64, 64, 3), "float32"),)
    assert second.output_specs == (TensorSpec((None, 64, 64, 16), "float32"),)
    assert data.outputs == (TensorRef("conv", 0, 0), TensorRef("conv", 1, 0))


def test_a_layer_called_three_times_chains_its_own_calls():
    data = extract(model_zoo.called_three_times())
    chain = [(c.node_index, c.inputs[0]) for c in data.calls if c.layer == "dense"]
    assert chain == [
        (0, TensorRef("x", 0, 0)),
        (1, TensorRef("dense", 0, 0)),
        (2, TensorRef("dense", 1, 0)),
    ]
    assert data.call_counts()["dense"] == 3


def test_refs_print_as_keras_2_summaries_did():
    assert str(TensorRef("lstm", 1, 0)) == "lstm[1][0]"


def test_masks_are_not_inputs_and_name_the_layer_that_made_them():
    data = extract(model_zoo.masked_tagger())
    call = data.call("bidi", 0)
    assert call.inputs == (TensorRef("embed", 0, 0),)
    assert call.masks == (TensorRef("embed", 0, 0),)
    # Dropout passes the mask along: the tags layer's mask still comes from embed.
    assert data.call("tags", 0).masks == (TensorRef("embed", 0, 0),)
    hidden = [info.name for info in data.layers if info.mask_only]
    assert len(hidden) == 1 and hidden[0].startswith("not_equal")


def test_several_arguments_are_named_one_is_not():
    data = extract(model_zoo.attention())
    assert data.call("mha", 0).arguments == ("query", "value", "key")
    assert data.call("mha", 0).inputs == (TensorRef("q", 0, 0), TensorRef("v", 0, 0), TensorRef("v", 0, 0))
    assert extract(model_zoo.shared_lstm()).call("merged", 0).arguments == ()


def test_dict_outputs_are_named_by_key_in_keras_order():
    data = extract(model_zoo.attention())
    assert data.output_keys == ("attention", "passthrough")
    assert data.outputs == (TensorRef("mha", 0, 0), TensorRef("v", 0, 0))
    assert extract(model_zoo.shared_conv()).output_keys == ("", "")


def test_a_wrapped_model_is_nested_data():
    data = extract(model_zoo.time_distributed())
    every = data.layer("every_frame")
    assert every.kind == "model" and every.wraps == "frame_encoder" and every.class_name == "TimeDistributed"
    assert [layer.name for layer in every.nested.layers] == ["frame", "frame_conv", "frame_pool"]
    assert data.call("every_frame", 0).feeds == (0,)


def test_layers_carry_their_settings_and_parameter_count():
    info = extract(model_zoo.shared_lstm()).layer("same_author")
    assert info.config["units"] == 1 and info.config["activation"] == "sigmoid"
    assert info.params == 65


def test_a_nested_model_called_twice():
    data = extract(model_zoo.siamese())
    vision = data.layer("vision")
    assert vision.kind == "model" and vision.node_indices == (0, 1)
    assert [layer.name for layer in vision.nested.layers] == ["digit", "c1", "pool", "flat"]
    # Its own layers are called once each, however often the model is called.
    assert data.call_counts()["vision/c1"] == 1
    assert data.shared() == {"vision": 2}
    assert data.call("vision", 1).output_specs[0].shape == (None, 1152)


def test_a_layer_inside_and_outside_a_nested_model_is_one_layer_called_twice():
    data = extract(model_zoo.inside_outside())
    outside = data.layer("shared_dense")
    inside = data.layer("inner").nested.layer("shared_dense")
    assert outside.weights_key == inside.weights_key == "shared_dense"
    assert outside.node_indices == (1,) and inside.node_indices == (0,)
    assert data.shared() == {"shared_dense": 2}


def test_two_levels_of_nesting_and_a_nested_sequential():
    data = extract(model_zoo.two_level_nesting())
    block = data.layer("mid").nested.layer("block")
    assert block.kind == "model" and block.class_name == "Sequential"
    assert [layer.name for layer in block.nested.layers][1:] == ["block_dense"]


def test_dict_fed_nested_model_maps_each_tensor_to_its_named_input():
    data = extract(model_zoo.dict_fed())
    inner = data.layer("inner").nested
    call = data.call("inner", 0)
    fed = {ref.layer: inner.inputs[index].layer for ref, index in zip(call.inputs, call.feeds)}
    assert fed == {"x": "zeta", "y": "alpha"}


def test_raw_operations_are_operations():
    data = extract(model_zoo.raw_ops())
    kinds = {layer.class_name: layer.kind for layer in data.layers}
    assert kinds == {"InputLayer": "input", "Add": "operation", "Sigmoid": "operation", "Multiply": "operation"}


def test_multi_output_layer_refs_carry_the_tensor_index():
    data = extract(model_zoo.lstm_states())
    assert data.call("from_c", 0).inputs == (TensorRef("lstm_s", 0, 2),)
    assert len(data.call("lstm_s", 0).output_specs) == 3


def test_sequential_is_drawn_from_its_graph():
    data = extract(model_zoo.sequential())
    assert data.class_name == "Sequential" and data.name == "seq"
    assert [layer.kind for layer in data.layers] == ["input", "layer", "layer"]


def test_a_feature_model_shares_calls_with_its_parent():
    model = model_zoo.multi_output()
    feature = keras.Model(model.inputs, model.get_layer("pool").output, name="features")
    data = extract(feature)
    assert [layer.name for layer in data.layers] == ["posts", "embed", "pool"]
    assert data.shared() == {}


@pytest.mark.parametrize(
    "bad, error, words",
    [
        (None, TypeError, "functional model), got NoneType"),
        ("model", TypeError, "functional model), got str"),
        (keras.layers.Dense(2, name="lonely"), TypeError, "funclab.nodes(layer)"),
    ],
)
def test_not_a_model(bad, error, words):
    with pytest.raises(error) as info:
        extract(bad, caller="funclab.graph")
    assert words in str(info.value)


def test_a_symbolic_tensor_is_not_a_model():
    with pytest.raises(TypeError, match="keras.Model\\(inputs, outputs\\)"):
        extract(keras.Input((3,)))


def test_a_subclassed_model_has_no_static_graph():
    model = model_zoo.Subclassed()
    model(keras.ops.ones((1, 3)))
    with pytest.raises(ValueError, match="subclassed keras.Model.*functional API"):
        extract(model)


def test_an_unbuilt_sequential_model_says_how_to_build_it():
    model = keras.Sequential([keras.layers.Dense(3)], name="unbuilt")
    with pytest.raises(ValueError, match=r"'unbuilt' is not built yet.*keras.Input\(shape=...\)"):
        extract(model)
