"""funclab.seed_everything: the same seed gives the same weights and draws, on every backend."""

import keras
import numpy as np
import pytest

import funclab


def _fresh_model():
    x = keras.Input((4,))
    h = keras.layers.Dense(8, activation="relu")(x)
    return keras.Model(x, keras.layers.Dropout(0.5)(keras.layers.Dense(2)(h), training=True))


def test_same_seed_same_initial_weights_and_keras_random_draws():
    funclab.seed_everything(3)
    first = [w.copy() for w in _fresh_model().get_weights()]
    draws = keras.ops.convert_to_numpy(keras.random.normal((5,)))
    funclab.seed_everything(3)
    again = _fresh_model().get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert np.array_equal(draws, keras.ops.convert_to_numpy(keras.random.normal((5,))))
    funclab.seed_everything(4)
    assert not np.array_equal(first[0], _fresh_model().get_weights()[0])


def test_training_repeats_exactly_with_the_same_seed():
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")

    def train():
        funclab.seed_everything(0)
        model = _fresh_model()
        model.compile("adam", "mse")
        return model.fit(x, np.stack([y, 1 - y], axis=1), epochs=2, batch_size=16, verbose=0).history["loss"]

    assert train() == train()


@pytest.mark.parametrize("bad", ["0", 1.5, True])
def test_seed_must_be_an_int(bad):
    with pytest.raises(TypeError, match="seed must be an int"):
        funclab.seed_everything(bad)
