"""Seeding, so that a lesson gives the same numbers every time it runs."""

from __future__ import annotations

__all__ = ["seed_everything"]


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy, Keras and the backend, and make TensorFlow's ops deterministic.

    Call it once at the top of a notebook, before building any model: layer
    weights are drawn from these generators when a layer is built.
    ``keras.utils.set_random_seed`` seeds Python's and NumPy's generators and
    Keras' own global seed, from which every Keras initializer, dropout and
    ``keras.random`` call draws on every backend (JAX has no global generator
    of its own: Keras passes it keys derived from that seed), and TensorFlow's
    generator when TensorFlow is installed. On the TensorFlow backend, op
    determinism makes reductions repeat bit for bit on one machine.

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

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
