"""A real photograph for the stereo-camera example (lesson 7), offline.

``stereo_photo.jpg`` (36 KB) ships with funclab: a 350×250 crop of
"china.jpg" by Daniel Buechele (https://www.flickr.com/photos/danielbuechele/6061409035),
CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/), the photograph
scikit-learn also ships as a sample image. Cropped and re-saved as JPEG for
funclab. It shows a temple's eaves and a lake; two 250×250 windows a few
pixels apart stand in for the two cameras of a stereo pair.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np

__all__ = ["PHOTO_CREDIT", "load_photo"]

PHOTO_CREDIT = 'Photo: "china.jpg" by Daniel Buechele, CC BY 2.0 (cropped)'


@functools.lru_cache(maxsize=1)
def _pixels() -> np.ndarray:
    from PIL import Image  # Pillow: a dependency of matplotlib, and of funclab

    with resources.files(__package__).joinpath("stereo_photo.jpg").open("rb") as handle:
        pixels = np.asarray(Image.open(handle).convert("RGB"))
    pixels.setflags(write=False)
    return pixels


def load_photo() -> np.ndarray:
    """The photograph as float32 RGB in [0, 1], shape ``(250, 350, 3)``.

    >>> photo = load_photo()
    >>> photo.shape, photo.dtype
    ((250, 350, 3), dtype('float32'))
    >>> bool(photo.min() >= 0.0 and photo.max() <= 1.0)
    True
    """
    return _pixels().astype(np.float32) / 255.0
