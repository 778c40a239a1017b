"""funclab.feature_model: intermediate outputs, right for shared and nested layers.

Every output is compared with the same layers computed by hand on the same data.
"""

import keras
import model_zoo
import numpy as np
import pytest

import funclab

RNG = np.random.default_rng(0)


def data(*shapes):
    return [RNG.normal(size=(2, *shape)).astype("float32") for shape in shapes]


def by_hand(layers, x):
    for layer in layers:
        x = layer(x)
    return keras.ops.convert_to_numpy(x)


def close(a, b):
    return np.allclose(keras.ops.convert_to_numpy(a), b, atol=1e-5)


def test_each_call_of_a_shared_layer():
    model = model_zoo.shared_lstm()
    lstm = model.get_layer("lstm")
    left, right = data((5, 128), (7, 128))
    for call, x in ((0, left), (1, right)):
        out = funclab.feature_model(model, ("lstm", call)).predict([left, right], verbose=0)
        assert close(out, by_hand([lstm], x))


def test_keras_faq_recipe_returns_call_0_for_both_calls():
    """keras-team/keras#23238: layer.output is the first call, silently."""
    model = model_zoo.shared_lstm()
    lstm = model.get_layer("lstm")
    recipe = keras.Model(model.inputs, [lstm.output, lstm.output])
    left, right = data((5, 128), (7, 128))
    first, second = recipe.predict([left, right], verbose=0)
    assert np.array_equal(first, second)  # both are call 0
    ours = funclab.feature_model(model, ("lstm", 0), ("lstm", 1)).predict([left, right], verbose=0)
    assert close(ours[1], by_hand([lstm], right)) and not np.allclose(ours[0], ours[1])


def test_a_layer_called_on_two_shapes():
    model = model_zoo.shared_conv()
    conv = model.get_layer("conv")
    small, large = data((32, 32, 3), (64, 64, 3))
    outs = funclab.feature_model(model, ("conv", 0), ("conv", 1)).predict([small, large], verbose=0)
    assert outs[0].shape == (2, 32, 32, 16) and outs[1].shape == (2, 64, 64, 16)
    assert close(outs[0], by_hand([conv], small)) and close(outs[1], by_hand([conv], large))


def test_a_layer_inside_a_nested_model_on_each_call():
    model = model_zoo.siamese()
    vision = model.get_layer("vision")
    a, b = data((27, 27, 1), (27, 27, 1))
    for call, x in ((0, a), (1, b)):
        out = funclab.feature_model(model, ("vision/c1", call)).predict([a, b], verbose=0)
        assert close(out, by_hand([vision.get_layer("c1")], x))
        pooled = funclab.feature_model(model, ("vision/pool", call)).predict([a, b], verbose=0)
        assert close(pooled, by_hand([vision.get_layer("c1"), vision.get_layer("pool")], x))


def test_twice_nested():
    model = model_zoo.two_level_nesting()
    block_dense = model.get_layer("mid").get_layer("block").get_layer("block_dense")
    (x,) = data((4,))
    out = funclab.feature_model(model, "mid/block/block_dense").predict(x, verbose=0)
    assert close(out, by_hand([block_dense], x))


def test_inner_conv_and_prediction_together_for_grad_cam():
    """keras-team/keras#16355: an inner layer of a nested base model cannot be
    reached from the outer model's inputs with layer.output."""
    base_in = keras.Input((8, 8, 3), name="image")
    base = keras.Model(base_in, keras.layers.Conv2D(4, 3, name="last_conv")(base_in), name="base")
    x = keras.Input((8, 8, 3), name="x")
    pooled = keras.layers.GlobalAveragePooling2D(name="gap")(base(x))
    model = keras.Model(x, keras.layers.Dense(2, activation="softmax", name="predictions")(pooled), name="classifier")
    with pytest.raises(ValueError):
        keras.Model(model.inputs, [base.get_layer("last_conv").output, model.output])
    grad_model = funclab.feature_model(model, "base/last_conv", "predictions")
    (images,) = data((8, 8, 3))
    maps, predictions = grad_model.predict(images, verbose=0)
    assert close(maps, by_hand([base.get_layer("last_conv")], images))
    assert close(predictions, model.predict(images, verbose=0))


def test_multi_output_layer_gives_all_its_outputs():
    model = model_zoo.lstm_states()
    outputs = funclab.feature_model(model, "lstm_s").outputs
    assert [tuple(t.shape) for t in outputs] == [(None, 4), (None, 4), (None, 4)]


def test_dict_fed_models_keep_their_input_structure():
    model = model_zoo.dict_fed()
    features = funclab.feature_model(model, "inner/grow")
    x, y = data((4,), (3,))
    assert close(features.predict([x, y], verbose=0), by_hand([model.get_layer("inner").get_layer("grow")], y))


def test_the_feature_model_shares_the_weights():
    model = model_zoo.shared_lstm()
    features = funclab.feature_model(model, ("lstm", 1))
    assert all(a is b for a, b in zip(features.get_layer("lstm").weights, model.get_layer("lstm").weights))


@pytest.mark.parametrize(
    "target, words",
    [
        ("lsmt", "model 'shared_lstm' has no layer 'lsmt'. Did you mean 'lstm'"),
        ("lstm", "'lstm' is called 2 times in model 'shared_lstm', so say which call: ('lstm', 0) takes left → (None, 32); ('lstm', 1) takes right → (None, 32)"),
        (("lstm", 2), "call index 2 is out of range for 'lstm': it has 2 calls in model 'shared_lstm', with index 0, 1"),
        ("merged/inner", "the path 'merged/inner' stops at 'merged': that is a Concatenate layer, not a model"),
        (("lstm", "1"), "a target is a layer name"),
        ("a//b", "has an empty part"),
    ],
)
def test_bad_targets_say_what_to_pass(target, words):
    with pytest.raises((ValueError, TypeError)) as info:
        funclab.feature_model(model_zoo.shared_lstm(), target)
    assert words in str(info.value)


def test_a_nested_path_without_a_call_index_lists_the_nested_models_calls():
    with pytest.raises(ValueError, match=r"'vision' is called 2 times .*\('vision', 0\) takes digit_a"):
        funclab.feature_model(model_zoo.siamese(), "vision/c1")
    with pytest.raises(ValueError, match=r"has no layer 'vision/c2'. Did you mean 'vision/c1'"):
        funclab.feature_model(model_zoo.siamese(), ("vision/c2", 0))


def test_no_target_says_what_to_pass():
    with pytest.raises(TypeError, match="needs at least one target: a layer name"):
        funclab.feature_model(model_zoo.shared_lstm())
