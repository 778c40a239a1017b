"""Lesson 05 exercises: an identity shortcut, a projection shortcut, what a projection costs."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


def _projection_params():
    import keras

    layer = keras.layers.Conv2D(128, 1, strides=2)
    layer(keras.Input((32, 32, 64)))
    return layer.count_params()


EXERCISES = [
    ModelExercise(
        id="05.1",
        titles={"en": "An identity shortcut"},
        hints={"en": "Keep the block's input in its own variable; after the two convolutions, "
                     "layers.add([y, x]) adds it back."},
        why={"en": "Same padding and 64 filters keep the feature map at 32×32×64, so the input can be added as it "
                   "is: the shortcut has no weights."},
        solution_code='''x = keras.Input(shape=(32, 32, 64))
y = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(64, 3, activation="relu", padding="same")(y)
y = layers.add([y, x])
model = keras.Model(x, y)''',
    ),
    ModelExercise(
        id="05.2",
        titles={"en": "A projection shortcut where the shape changes"},
        hints={"en": "The block ends at 16×16×128, the input is 32×32×64: project the shortcut with "
                     "Conv2D(128, 1, strides=2) and no activation, then add."},
        why={"en": "A 1×1 convolution with stride 2 maps 32×32×64 to 16×16×128 linearly, the block's output shape, "
                   "so the two can be added."},
        solution_code='''x = keras.Input(shape=(32, 32, 64))
y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
y = layers.MaxPooling2D(2)(y)
shortcut = layers.Conv2D(128, 1, strides=2)(x)
y = layers.add([y, shortcut])
model = keras.Model(x, y)''',
    ),
    ValueExercise(
        id="05.3",
        titles={"en": "What the projection costs"},
        hints={"en": "A 1×1 convolution from 64 to 128 channels has one weight per pair of channels, and a bias "
                     "per filter."},
        why={"en": "64 · 128 weights + 128 biases = 8,320 parameters; the identity shortcut of 05.1 costs none."},
        solution_code="answer = 64 * 128 + 128",
        expected=_projection_params,
        judge=judges.integer({"en": "the number of parameters"}),
        mistakes={
            8192: {"en": "Close: each of the 128 filters also has a bias."},
            73856: {"en": "73,856 would be a 3×3 projection; the task's is 1×1."},
            0: {"en": "An identity shortcut costs nothing; a projection is a convolution, with weights."},
        },
    ),
]
