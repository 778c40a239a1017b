"""funclab.data.reviews: which of two reviews is more positive."""

import numpy as np
import pytest
from logistic import held_out_accuracy

from funclab.data import make_review_pairs
from funclab.data.reviews import MAX_LENGTH, MIN_LENGTH


def test_shapes_one_hot_padding_and_balance():
    pairs = make_review_pairs(800, seed=0)
    assert pairs.left.shape == (800, MAX_LENGTH, 128) and pairs.left.dtype == np.float32
    per_step = pairs.left.sum(axis=2)
    assert set(np.unique(per_step)) == {0.0, 1.0}
    lengths = per_step.sum(axis=1)
    assert lengths.min() >= MIN_LENGTH and lengths.max() <= MAX_LENGTH
    assert (per_step[:, -1] == 1).all()  # padded at the front
    assert 0.4 < pairs.label.mean() < 0.6


def test_scores_are_positives_minus_negatives_and_label_compares_them():
    pairs = make_review_pairs(300, seed=1)
    for i in range(len(pairs)):
        text = pairs.text(pairs.left[i])
        assert text.count("+") - text.count("-") == pairs.left_score[i]
    assert np.array_equal(pairs.label == 1, pairs.left_score > pairs.right_score)


def test_same_seed_same_pairs_and_slicing():
    a, b = make_review_pairs(50, seed=3), make_review_pairs(50, seed=3)
    assert np.array_equal(a.left, b.left) and np.array_equal(a.label, b.label)
    assert len(a[:10]) == 10 and len(a[4]) == 1


def test_a_linear_model_on_character_counts_beats_guessing():
    """The left-minus-right character counts suffice, which is what a shared
    encoder followed by one dense layer can compute."""
    pairs = make_review_pairs(1500, seed=0)
    counts = pairs.left.sum(axis=1) - pairs.right.sum(axis=1)
    assert held_out_accuracy(counts, pairs.label, n_train=1200) > 0.9  # one sigmoid unit; guessing: 0.5


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="positive number of pairs"):
        make_review_pairs(bad)
