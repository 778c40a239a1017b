"""Seeded, offline lesson data that a model can actually learn from."""

from funclab.data.digits import Digits, load_digits, resize_images

__all__ = ["Digits", "load_digits", "resize_images"]
