"""Seeding, so that a lesson gives the same numbers every time it runs."""

from __future__ import annotations

__all__ = ["seed_everything"]


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and TensorFlow, and make TensorFlow's ops deterministic.

    Call it once at the top of a notebook, before building any model: layer
    weights are drawn from these generators when a layer is built.

    >>> seed_everything(0)
    >>> import numpy as np
    >>> first = np.random.rand()
    >>> seed_everything(0)
    >>> np.random.rand() == first
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__} {seed!r}")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
