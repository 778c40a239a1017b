"""funclab.data.pairs: same/different pairs of real digits, held-out pairs from held-out digits."""

import numpy as np
import pytest

from funclab.data import load_digits, make_digit_pairs


def test_shapes_balance_and_labels():
    train, test = make_digit_pairs(200, 80, size=27, seed=0)
    assert train.a.shape == (200, 27, 27, 1) and test.b.shape == (80, 27, 27, 1)
    assert train.same.mean() == 0.5 and test.same.mean() == 0.5
    assert np.array_equal(train.same == 1, train.digit_a == train.digit_b)


def test_test_pairs_use_only_held_out_digits():
    digits = load_digits(size=27, seed=0)
    _, test = make_digit_pairs(50, 200, size=27, seed=0)
    held_out = {x.tobytes() for x in digits.x_test}
    assert all(x.tobytes() in held_out for x in np.concatenate([test.a, test.b]))


def test_a_same_pair_is_never_one_image_twice():
    train, _ = make_digit_pairs(300, 2, seed=1)
    assert not any(np.array_equal(a, b) for a, b in zip(train.a, train.b))


def test_same_seed_same_pairs():
    a, b = make_digit_pairs(40, 10, seed=2), make_digit_pairs(40, 10, seed=2)
    assert np.array_equal(a[0].a, b[0].a) and np.array_equal(a[1].same, b[1].same)


def test_comparing_predicted_digits_beats_guessing():
    """A nearest-centroid digit classifier, applied to both images, tells same
    from different far better than the 0.5 of guessing."""
    digits = load_digits(size=27, seed=0)
    train, test = make_digit_pairs(100, 400, size=27, seed=0)
    flat = digits.x_train.reshape(len(digits.x_train), -1)
    centroids = np.stack([flat[digits.y_train == d].mean(0) for d in range(10)])

    def predict(images):
        return ((images.reshape(len(images), 1, -1) - centroids[None]) ** 2).sum(-1).argmin(1)

    accuracy = ((predict(test.a) == predict(test.b)) == (test.same == 1)).mean()
    assert accuracy > 0.8


@pytest.mark.parametrize("bad", [1, 0, 2.0])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="n_train must be an int of at least 2"):
        make_digit_pairs(bad, 10)
