"""Small models shared by the lessons, the tests and the benchmarks.

>>> model = compact_posts_model(vocabulary_size=400, mean_age=40.0, width=8)
>>> model.output_names
['age', 'income', 'gender']
"""

from __future__ import annotations

import keras
from keras import layers

__all__ = ["compact_posts_model", "POSTS_LOSSES"]

#: One loss per head of the posts models (lesson 3).
POSTS_LOSSES = {"age": "mse", "income": "sparse_categorical_crossentropy", "gender": "binary_crossentropy"}


def compact_posts_model(vocabulary_size: int = 2000, mean_age: float = 43.0, *, width: int = 32) -> keras.Model:
    """The multi-head post model of lesson 3, small enough to train in about
    two seconds: embedding, one convolution, global max pooling and a dense
    layer shared by three heads (``age``, ``income``, ``gender``).

    The age head's bias starts at ``mean_age``: the head then begins from the
    mean age instead of 0, and its first loss is the ages' variance (a few
    hundred) rather than their mean square (about 2,000).
    """
    posts = keras.Input((None,), dtype="int32", name="posts")
    x = layers.Embedding(vocabulary_size, width, name="embed")(posts)
    x = layers.Conv1D(width, 3, activation="relu", name="conv")(x)
    x = layers.GlobalMaxPooling1D(name="pool")(x)
    x = layers.Dense(64, activation="relu", name="shared")(x)
    age = layers.Dense(1, name="age", bias_initializer=keras.initializers.Constant(mean_age))(x)
    income = layers.Dense(10, activation="softmax", name="income")(x)
    gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
    return keras.Model(posts, [age, income, gender], name="compact_posts")
