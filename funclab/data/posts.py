"""Social-media posts whose words carry their author's age, income group and gender.

Each post is a sequence of word ids. Most words are background chatter (a
Zipf distribution over the vocabulary, as in real text). A few *marker* words
depend on the author:

- gender (0 or 1): 4 words from one of two sets of 20;
- income group (0–9): 4 words from that group's set of 3;
- age (18–68 years): 4 words from the set of its 5-year band.

So all three heads of a multi-output model can learn, on different scales:
an age regression that cannot beat the spread inside a 5-year band (a mean
squared error of about 2, a few units in practice) next to two
classifications whose cross-entropy can fall near 0.1 (5 % of authors use
another group's markers, so it cannot reach 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from funclab.data._rows import Rows

__all__ = ["Posts", "make_posts", "AGE_RANGE", "INCOME_GROUPS"]

AGE_RANGE = (18.0, 68.0)
AGE_BAND = 5.0
INCOME_GROUPS = 10
MARKERS_PER_ATTRIBUTE = 4
GENDER_WORDS, INCOME_WORDS, AGE_WORDS = 20, 3, 10
GENDER_START = 10
INCOME_START = GENDER_START + 2 * GENDER_WORDS
AGE_START = INCOME_START + INCOME_GROUPS * INCOME_WORDS
AGE_BANDS = int((AGE_RANGE[1] - AGE_RANGE[0]) // AGE_BAND)
BACKGROUND_START = AGE_START + AGE_BANDS * AGE_WORDS


@dataclass(frozen=True)
class Posts(Rows):
    """Posts and their authors' attributes.

    ``posts`` (n, length) int32 word ids; ``age`` (n,) float32 years;
    ``income`` (n,) int64 group 0–9; ``gender`` (n,) float32 0 or 1.
    Slicing (``posts[:2000]``) gives a ``Posts`` of those rows.
    """

    posts: np.ndarray
    age: np.ndarray
    income: np.ndarray
    gender: np.ndarray
    vocabulary_size: int

    def __len__(self) -> int:
        return len(self.age)

    @property
    def targets(self) -> dict[str, np.ndarray]:
        """The three targets keyed by the output names ``age``, ``income``, ``gender``."""
        return {"age": self.age, "income": self.income, "gender": self.gender}

    def marker_words(self, index: int) -> dict[str, list[int]]:
        """The marker word ids in one post, by the attribute they carry."""
        words = self.posts[index]
        return {
            "gender": [int(w) for w in words if GENDER_START <= w < INCOME_START],
            "income": [int(w) for w in words if INCOME_START <= w < AGE_START],
            "age": [int(w) for w in words if AGE_START <= w < BACKGROUND_START],
        }

    def show(self, index: int, *, words: int = 12) -> str:
        """One post's first words, its markers and its author."""
        markers = self.marker_words(index)
        head = " ".join(str(int(w)) for w in self.posts[index][:words])
        return (
            f"post {index}: {head} ... ({self.posts.shape[1]} words)\n"
            f"  markers: {markers}\n"
            f"  author:  age {self.age[index]:.1f}, income group {int(self.income[index])}, "
            f"gender {int(self.gender[index])}"
        )


def make_posts(
    n: int = 2500,
    *,
    length: int = 100,
    vocabulary_size: int = 2000,
    label_noise: float = 0.05,
    seed: int = 0,
) -> Posts:
    """Generate ``n`` posts of ``length`` words from a seed.

    ``vocabulary_size`` must leave room for background words after the marker
    words (ids below ``BACKGROUND_START``).

    >>> posts = make_posts(4, length=50, seed=1)
    >>> posts.posts.shape, posts.posts.dtype.name, sorted(posts.targets)
    ((4, 50), 'int32', ['age', 'gender', 'income'])
    >>> len(posts.marker_words(0)["age"])
    4
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive number of posts, got {n!r}")
    if length < 3 * MARKERS_PER_ATTRIBUTE:
        raise ValueError(f"length must be at least {3 * MARKERS_PER_ATTRIBUTE} words to hold the markers, got {length}")
    if vocabulary_size <= BACKGROUND_START + 10:
        raise ValueError(
            f"vocabulary_size must be above {BACKGROUND_START + 10} (ids below {BACKGROUND_START} are "
            f"marker words), got {vocabulary_size}"
        )
    if not 0.0 <= label_noise <= 1.0:
        raise ValueError(f"label_noise must be between 0 and 1, got {label_noise!r}")
    rng = np.random.default_rng(seed)
    age = rng.uniform(*AGE_RANGE, size=n)
    income = rng.integers(0, INCOME_GROUPS, size=n)
    gender = rng.integers(0, 2, size=n)

    ranks = np.arange(1, vocabulary_size - BACKGROUND_START + 1)
    zipf = (1.0 / ranks) / (1.0 / ranks).sum()
    posts = BACKGROUND_START + rng.choice(len(ranks), size=(n, length), p=zipf)

    band = np.minimum((age - AGE_RANGE[0]) // AGE_BAND, AGE_BANDS - 1).astype(int)
    noisy_gender = np.where(rng.random(n) < label_noise, rng.integers(0, 2, size=n), gender)
    noisy_income = np.where(rng.random(n) < label_noise, rng.integers(0, INCOME_GROUPS, size=n), income)
    k = MARKERS_PER_ATTRIBUTE
    markers = np.concatenate(
        [
            GENDER_START + noisy_gender[:, None] * GENDER_WORDS + rng.integers(0, GENDER_WORDS, size=(n, k)),
            INCOME_START + noisy_income[:, None] * INCOME_WORDS + rng.integers(0, INCOME_WORDS, size=(n, k)),
            AGE_START + band[:, None] * AGE_WORDS + rng.integers(0, AGE_WORDS, size=(n, k)),
        ],
        axis=1,
    )
    positions = np.argsort(rng.random((n, length)), axis=1)[:, : 3 * k]
    np.put_along_axis(posts, positions, markers, axis=1)
    return Posts(
        posts.astype("int32"),
        age.astype("float32"),
        income.astype("int64"),
        gender.astype("float32"),
        vocabulary_size,
    )
