"""Pairs of real handwritten digits labelled same or different.

Built from ``load_digits``: training pairs use only training digits and test
pairs only held-out digits, so a model is tested on handwriting it never saw.
Half the pairs show the same digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from funclab.data.digits import load_digits

__all__ = ["DigitPairs", "make_digit_pairs"]


@dataclass(frozen=True)
class DigitPairs:
    """``a`` and ``b`` (n, size, size, 1) float32 images; ``same`` (n,) float32,
    1 when both show the same digit; ``digit_a`` and ``digit_b`` (n,) their labels."""

    a: np.ndarray
    b: np.ndarray
    same: np.ndarray
    digit_a: np.ndarray
    digit_b: np.ndarray

    def __len__(self) -> int:
        return len(self.same)


def _pairs(images: np.ndarray, labels: np.ndarray, n: int, rng: np.random.Generator) -> DigitPairs:
    same = np.zeros(n, dtype=bool)
    same[: n // 2] = True
    rng.shuffle(same)
    first = rng.integers(0, len(images), size=n)
    by_digit = {d: np.flatnonzero(labels == d) for d in range(10)}
    second = np.empty(n, dtype=int)
    for i in range(n):
        digit = labels[first[i]]
        if same[i]:
            choices = by_digit[digit][by_digit[digit] != first[i]]
        else:
            choices = np.flatnonzero(labels != digit)
        second[i] = rng.choice(choices)
    return DigitPairs(images[first], images[second], same.astype("float32"), labels[first], labels[second])


def make_digit_pairs(n_train: int = 1000, n_test: int = 400, *, size: int = 27, seed: int = 0) -> tuple[DigitPairs, DigitPairs]:
    """Balanced same/different pairs: ``(train_pairs, test_pairs)``.

    >>> train, test = make_digit_pairs(10, 4, size=27, seed=1)
    >>> train.a.shape, float(train.same.mean()), len(test)
    ((10, 27, 27, 1), 0.5, 4)
    """
    for name, value in (("n_train", n_train), ("n_test", n_test)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 2:
            raise ValueError(f"{name} must be an int of at least 2, got {value!r}")
    digits = load_digits(size=size, seed=seed)
    rng = np.random.default_rng(seed)
    return (
        _pairs(digits.x_train, digits.y_train, int(n_train), rng),
        _pairs(digits.x_test, digits.y_test, int(n_test), rng),
    )
