"""funclab: lessons and helpers for the Keras functional API."""

from funclab.reproducible import seed_everything

__all__ = ["seed_everything"]
__version__ = "0.1.0"
