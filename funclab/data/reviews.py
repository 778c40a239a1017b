"""Pairs of short reviews: is the left one more positive than the right one?

Each review is a sequence of 8–16 characters, each character a one-hot
vector of 128 (the shape of the book's shared-LSTM example, ``(None, 128)``).
Characters 0–9 are *positive*, 10–19 *negative*, the rest neutral; a review
holds 0–3 of each. Its score is positives minus negatives, and the label says
whether the left review scores higher (pairs with equal scores are not made).

The question is symmetric, so one encoder should read both reviews: the
lesson's shared LSTM. And it suits a model that ends in
``concatenate → Dense(1)``: the answer is a *difference* of one score per
review, which a single dense layer can compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from funclab.data._rows import Rows

__all__ = ["ReviewPairs", "make_review_pairs", "FEATURES"]

FEATURES = 128
POSITIVE = range(0, 10)
NEGATIVE = range(10, 20)
MIN_LENGTH, MAX_LENGTH = 8, 16


@dataclass(frozen=True)
class ReviewPairs(Rows):
    """``left`` and ``right`` (n, 16, 128) float32 one-hot characters, padded at
    the front with zero vectors; ``label`` (n,) float32, 1 when the left review
    is more positive; ``left_score`` and ``right_score`` (n,) their scores."""

    left: np.ndarray
    right: np.ndarray
    label: np.ndarray
    left_score: np.ndarray
    right_score: np.ndarray

    def __len__(self) -> int:
        return len(self.label)

    @staticmethod
    def text(review: np.ndarray) -> str:
        """One review as characters: ``+`` positive, ``-`` negative, ``.`` neutral."""
        chars = [int(np.argmax(v)) for v in review if v.any()]
        return "".join("+" if c in POSITIVE else "-" if c in NEGATIVE else "." for c in chars)


def _reviews(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    lengths = rng.integers(MIN_LENGTH, MAX_LENGTH + 1, size=n)
    chars = rng.integers(NEGATIVE.stop, FEATURES, size=(n, MAX_LENGTH))
    positives, negatives = rng.integers(0, 4, size=(2, n))
    order = np.argsort(rng.random((n, MAX_LENGTH)), axis=1)
    for i in range(n):
        start = MAX_LENGTH - lengths[i]
        slots = start + order[i][order[i] < lengths[i]][: positives[i] + negatives[i]]
        chars[i, slots[: positives[i]]] = rng.integers(POSITIVE.start, POSITIVE.stop, size=positives[i])
        chars[i, slots[positives[i]:]] = rng.integers(NEGATIVE.start, NEGATIVE.stop, size=negatives[i])
    one_hot = np.zeros((n, MAX_LENGTH, FEATURES), dtype="float32")
    rows, steps = np.nonzero(np.arange(MAX_LENGTH)[None, :] >= (MAX_LENGTH - lengths)[:, None])
    one_hot[rows, steps, chars[rows, steps]] = 1.0
    return one_hot, (positives - negatives).astype("float32")


def make_review_pairs(n: int = 2500, *, seed: int = 0) -> ReviewPairs:
    """Generate ``n`` pairs of reviews with different scores, about half with
    the left one more positive.

    >>> pairs = make_review_pairs(6, seed=1)
    >>> pairs.left.shape, bool((pairs.left_score != pairs.right_score).all())
    ((6, 16, 128), True)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive number of pairs, got {n!r}")
    rng = np.random.default_rng(seed)
    lefts, rights, left_scores, right_scores = [], [], [], []
    missing = int(n)
    while missing:
        left, left_score = _reviews(2 * missing, rng)
        right, right_score = _reviews(2 * missing, rng)
        keep = np.flatnonzero(left_score != right_score)[:missing]
        lefts.append(left[keep]), rights.append(right[keep])
        left_scores.append(left_score[keep]), right_scores.append(right_score[keep])
        missing -= len(keep)
    left_score, right_score = np.concatenate(left_scores), np.concatenate(right_scores)
    return ReviewPairs(
        np.concatenate(lefts), np.concatenate(rights), (left_score > right_score).astype("float32"), left_score, right_score
    )
