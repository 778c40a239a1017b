"""funclab.data.digits: scikit-learn's 8x8 digits, offline, resized."""

import numpy as np
import pytest

from funclab.data import digits as digits_module
from funclab.data import load_digits, resize_images


def test_shapes_range_and_split():
    digits = load_digits(size=28)
    assert digits.x_train.shape == (1348, 28, 28, 1) and digits.x_test.shape == (449, 28, 28, 1)
    assert digits.x_train.dtype == np.float32
    assert digits.x_train.min() >= 0.0 and digits.x_train.max() <= 1.0
    assert set(np.unique(digits.y_test)) == set(range(10))


def test_same_seed_same_split_other_seed_other_split():
    a, b, c = load_digits(seed=0), load_digits(seed=0), load_digits(seed=1)
    assert np.array_equal(a.x_train, b.x_train) and np.array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_test, c.y_test)


def test_train_and_test_images_do_not_overlap():
    digits = load_digits()
    train = {x.tobytes() for x in digits.x_train}
    # The set has a few exact duplicate images; allow those, nothing more.
    assert sum(x.tobytes() in train for x in digits.x_test) <= 3


def test_the_fast_reader_matches_scikit_learns_loader():
    from sklearn.datasets import load_digits as sklearn_load_digits

    pixels, labels = digits_module._raw_digits()
    bunch = sklearn_load_digits()
    assert np.array_equal(pixels, bunch.data) and np.array_equal(labels, bunch.target)


def test_resize_keeps_corners_and_rejects_bad_input():
    image = np.arange(64, dtype="float32").reshape(1, 8, 8, 1) / 63
    big = resize_images(image, 27)
    assert big[0, 0, 0, 0] == pytest.approx(image[0, 0, 0, 0])
    assert big[0, -1, -1, 0] == pytest.approx(image[0, -1, -1, 0])
    with pytest.raises(ValueError, match="positive int"):
        resize_images(image, 0)
    with pytest.raises(ValueError, match="one channel"):
        resize_images(np.zeros((1, 8, 8, 3)), 16)


def test_a_nearest_centroid_classifier_beats_guessing():
    digits = load_digits()
    x_train = digits.x_train.reshape(len(digits.x_train), -1)
    x_test = digits.x_test.reshape(len(digits.x_test), -1)
    centroids = np.stack([x_train[digits.y_train == d].mean(0) for d in range(10)])
    predicted = ((x_test[:, None, :] - centroids[None]) ** 2).sum(-1).argmin(1)
    assert (predicted == digits.y_test).mean() > 0.85  # guessing: 0.10


def test_bad_test_fraction():
    with pytest.raises(ValueError, match="test_fraction"):
        load_digits(test_fraction=1.5)
