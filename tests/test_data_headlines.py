"""funclab.data.headlines: headlines plus auxiliary features, learnable from both."""

import numpy as np
import pytest
from logistic import held_out_accuracy

from funclab.data import make_headlines
from funclab.data.headlines import HOT_WORDS, LENGTH


def test_shapes_padding_and_balance():
    h = make_headlines(1000, seed=0)
    assert h.headline.shape == (1000, LENGTH) and h.headline.dtype == np.int32
    assert h.extra.shape == (1000, 5) and h.popular.dtype == np.float32
    assert (h.headline[:, :85] == 0).all() and (h.headline[:, -1] != 0).all()
    assert 0.4 < h.popular.mean() < 0.6


def test_same_seed_same_headlines():
    assert np.array_equal(make_headlines(20, seed=3).headline, make_headlines(20, seed=3).headline)


def _fit(features, target):
    """Held-out accuracy of a logistic regression (what one sigmoid unit computes)."""
    return held_out_accuracy(features, target, n_train=1500)


def test_words_alone_help_and_words_plus_extra_help_more():
    h = make_headlines(2000, seed=0)
    counts = np.zeros((len(h), 2 * HOT_WORDS), dtype="float32")
    for i in range(len(h)):
        for w in h.words(i):
            if 1 <= w <= 2 * HOT_WORDS:
                counts[i, w - 1] += 1
    words_only = _fit(counts, h.popular)
    both = _fit(np.concatenate([counts, h.extra], axis=1), h.popular)
    assert words_only > 0.6  # guessing: 0.5
    assert both > 0.85 and both > words_only + 0.1
    # the signal is in the data, not the fit: shuffled labels give guessing (0.48-0.52 over five seeds)
    shuffled = np.random.default_rng(0).permutation(h.popular)
    assert 0.4 < _fit(np.concatenate([counts, h.extra], axis=1), shuffled) < 0.6


def test_bad_size():
    with pytest.raises(ValueError, match="positive number of headlines"):
        make_headlines(0)
