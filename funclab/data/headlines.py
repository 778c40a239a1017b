"""News headlines plus auxiliary features, for the guide's two-input, two-output model.

The guide predicts whether a headline does well on social media from its
words (100 word ids, vocabulary 10,000) and from auxiliary data (5 numbers,
such as the time it was posted). Here a headline is 8–15 words, padded at
the front with 0 to 100 ids. Whether it is *popular* depends on both:

- its words: up to 3 "hot" words (ids 1–10) raise the odds, up to 3 "cold"
  words (ids 11–20) lower them;
- its auxiliary features: a fixed linear combination of the first three.

So the auxiliary output, which sees only the words, can learn part of the
answer, and the main output, which sees both, can learn more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from funclab.data._rows import Rows

__all__ = ["Headlines", "make_headlines"]

LENGTH = 100
VOCABULARY_SIZE = 10_000
HOT_WORDS = 10
EXTRA_FEATURES = 5
EXTRA_EFFECT = np.array([1.0, -0.8, 0.6, 0.0, 0.0])


@dataclass(frozen=True)
class Headlines(Rows):
    """``headline`` (n, 100) int32 word ids, front-padded with 0; ``extra`` (n, 5)
    float32 auxiliary features; ``popular`` (n,) float32 0 or 1, about half 1."""

    headline: np.ndarray
    extra: np.ndarray
    popular: np.ndarray

    def __len__(self) -> int:
        return len(self.popular)

    def words(self, index: int) -> list[int]:
        """The word ids of one headline, padding dropped."""
        return [int(w) for w in self.headline[index] if w != 0]


def make_headlines(n: int = 1500, *, seed: int = 0) -> Headlines:
    """Generate ``n`` headlines with auxiliary features and a popularity label.

    >>> h = make_headlines(4, seed=1)
    >>> h.headline.shape, h.extra.shape, h.popular.shape
    ((4, 100), (4, 5), (4,))
    >>> 8 <= len(h.words(0)) <= 15
    True
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive number of headlines, got {n!r}")
    rng = np.random.default_rng(seed)
    first_plain = 1 + 2 * HOT_WORDS
    ranks = np.arange(1, VOCABULARY_SIZE - first_plain + 1)
    zipf = (1.0 / ranks) / (1.0 / ranks).sum()
    headline = np.zeros((n, LENGTH), dtype="int32")
    word_score = np.zeros(n)
    for i in range(n):
        length = rng.integers(8, 16)
        words = first_plain + rng.choice(len(ranks), size=length, p=zipf)
        hot, cold = rng.integers(0, 4, size=2)
        places = rng.choice(length, size=hot + cold, replace=False)
        words[places[:hot]] = 1 + rng.integers(0, HOT_WORDS, size=hot)
        words[places[hot:]] = 1 + HOT_WORDS + rng.integers(0, HOT_WORDS, size=cold)
        headline[i, LENGTH - length:] = words
        word_score[i] = (hot - cold) / 1.2
    extra = rng.normal(size=(n, EXTRA_FEATURES)).astype("float32")
    score = word_score + extra @ EXTRA_EFFECT + rng.normal(0.0, 0.3, size=n)
    return Headlines(headline, extra, (score > 0).astype("float32"))
