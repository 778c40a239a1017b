"""Data and builders shared by the loss-balance tests."""

from funclab.data import make_posts
from funclab.examples import POSTS_LOSSES as LOSSES
from funclab.examples import compact_posts_model

__all__ = ["LOSSES", "post_data", "compact_post_model"]


def post_data(n_train=1500, n_val=500, length=100, vocabulary_size=2000):
    posts = make_posts(n_train + n_val, length=length, vocabulary_size=vocabulary_size, seed=0)
    return posts[:n_train], posts[n_train:]


def compact_post_model(vocabulary_size, mean_age, *, width=32):
    return lambda: compact_posts_model(vocabulary_size, mean_age, width=width)
