"""funclab.data.digits: the UCI 8x8 digits, shipped with funclab, resized."""

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


def test_the_shipped_file_is_the_uci_test_set():
    """The 1,797 digits of the UCI set's test part (the copy scikit-learn also
    ships): its class counts, pixel range and first image."""
    pixels, labels = digits_module._raw_digits()
    assert pixels.shape == (1797, 64) and labels.shape == (1797,)
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert pixels.min() == 0 and pixels.max() == 16
    assert labels[:10].tolist() == list(range(10))
    first_zero = pixels[0].reshape(8, 8)
    assert first_zero[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert first_zero[:, 0].sum() == 0  # a zero drawn in the middle: an empty left column
    assert not pixels.flags.writeable  # the cached copy cannot be edited by a caller


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
