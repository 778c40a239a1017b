"""Lesson 06 exercises: one encoder for three inputs, the node that holds a call, a shared layer and a difference."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


EXERCISES = [
    ModelExercise(
        id="06.1",
        titles={"en": "One encoder for three inputs"},
        hints={"en": "Create LSTM(16) once, before the inputs, and call that one object on a, b and c."},
        why={"en": "One LSTM object called three times: one set of weights, trained by all three branches, and "
                   "three nodes (#0, #1, #2)."},
        named_inputs=True,
        solution_code='''encoder = layers.LSTM(16)
a = keras.Input(shape=(10, 16), name="a")
b = keras.Input(shape=(10, 16), name="b")
c = keras.Input(shape=(10, 16), name="c")
merged = layers.concatenate([encoder(a), encoder(b), encoder(c)])
model = keras.Model([a, b, c], layers.Dense(1, activation="sigmoid")(merged))''',
    ),
    ValueExercise(
        id="06.2",
        titles={"en": "Which node holds a call's output?"},
        hints={"en": "Nodes are numbered in call order: the first call made node 0."},
        why={"en": "conv was called on `small` first (node 0), then on `large` (node 1): "
                   "funclab.get_output_at(conv, 1) is the 64×64 output."},
        solution_code="answer = 1",
        expected=lambda: 1,
        judge=judges.integer({"en": "the node index"}),
        mistakes={0: {"en": "Node 0 is the first call, on the 32×32 images."}},
    ),
    ModelExercise(
        id="06.3",
        titles={"en": "A shared encoder and a difference"},
        hints={"en": "One Dense(4, activation=\"relu\") object on both inputs; layers.subtract([encoded_1, "
                     "encoded_2]) computes the first minus the second."},
        why={"en": "The same encoder makes the two encodings comparable; their difference is what the head sees."},
        named_inputs=True,
        solution_code='''encoder = layers.Dense(4, activation="relu")
x1 = keras.Input(shape=(8,), name="x1")
x2 = keras.Input(shape=(8,), name="x2")
difference = layers.subtract([encoder(x1), encoder(x2)])
model = keras.Model([x1, x2], layers.Dense(1, activation="sigmoid")(difference))''',
    ),
]
