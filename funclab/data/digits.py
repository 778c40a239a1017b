"""Real handwritten digits, offline: the UCI 8×8 digits (1,797 images).

The images ship with funclab (``digits.csv.gz``, 57 KB), so nothing is
downloaded. They are the test set of E. Alpaydin and C. Kaynak's "Optical
Recognition of Handwritten Digits" (UCI Machine Learning Repository, 1998,
https://doi.org/10.24432/C50P49, CC BY 4.0), in the same CSV layout as the
copy scikit-learn ships: 64 pixel counts 0–16 and the label on each line.
Images can be resized (bilinear) to the shape a lesson's model expects, for
example 28×28 for the Fashion-MNIST-style CNN or 27×27 for the guide's shared
vision model.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["Digits", "load_digits", "resize_images"]

NATIVE_SIZE = 8


@dataclass(frozen=True)
class Digits:
    """A train/test split of digit images.

    ``x_*`` are float32 arrays of shape ``(n, size, size, 1)`` with values in
    [0, 1]; ``y_*`` are int64 labels 0–9. Train and test images come from one
    seeded shuffle of the 1,797 digits and never overlap.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.x_train.shape[1:])

    def __repr__(self) -> str:
        return (
            f"Digits(train={len(self.x_train)}, test={len(self.x_test)}, "
            f"image_shape={self.image_shape})"
        )


def _interpolation_matrix(new: int, old: int) -> np.ndarray:
    """Rows of weights that resample ``old`` pixels to ``new`` (align corners)."""
    positions = np.linspace(0, old - 1, new)
    lower = np.floor(positions).astype(int)
    upper = np.minimum(lower + 1, old - 1)
    frac = positions - lower
    matrix = np.zeros((new, old))
    matrix[np.arange(new), lower] += 1 - frac
    matrix[np.arange(new), upper] += frac
    return matrix


def resize_images(images: np.ndarray, size: int) -> np.ndarray:
    """Bilinearly resize square images ``(n, h, w)`` or ``(n, h, w, 1)`` to ``size``.

    >>> resize_images(np.ones((2, 8, 8, 1)), 27).shape
    (2, 27, 27, 1)
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    images = np.asarray(images, dtype=np.float32)
    channel = images.ndim == 4
    if channel:
        if images.shape[-1] != 1:
            raise ValueError(f"expected one channel, got images of shape {images.shape}")
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(f"expected images shaped (n, h, w) or (n, h, w, 1), got {images.shape}")
    rows = _interpolation_matrix(size, images.shape[1]).astype(np.float32)
    cols = _interpolation_matrix(size, images.shape[2]).astype(np.float32)
    out = np.clip(np.einsum("ij,njk,lk->nil", rows, images, cols), 0.0, 1.0)
    return out[..., None] if channel else out


@functools.lru_cache(maxsize=1)
def _raw_digits() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits as (pixels 0–16, shape (n, 64)) and labels, read once."""
    with resources.files(__package__).joinpath("digits.csv.gz").open("rb") as raw, gzip.open(raw, "rt") as handle:
        table = np.loadtxt(handle, delimiter=",", dtype=np.int64)
    pixels, labels = table[:, :-1], table[:, -1]
    pixels.setflags(write=False)
    labels.setflags(write=False)
    return pixels, labels


def load_digits(*, size: int = NATIVE_SIZE, test_fraction: float = 0.25, seed: int = 0) -> Digits:
    """Load the digits as ``(n, size, size, 1)`` float32 images in [0, 1].

    >>> digits = load_digits(size=28)
    >>> digits
    Digits(train=1348, test=449, image_shape=(28, 28, 1))
    >>> float(digits.x_train.max()) <= 1.0
    True
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
    pixels, labels = _raw_digits()
    images = (pixels.reshape(-1, NATIVE_SIZE, NATIVE_SIZE) / 16.0).astype(np.float32)[..., None]
    if size != NATIVE_SIZE:
        images = resize_images(images, size)
    order = np.random.default_rng(seed).permutation(len(images))
    n_test = int(round(len(images) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return Digits(images[train], labels[train], images[test], labels[test])
