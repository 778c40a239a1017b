"""Lesson 04 exercises: the Inception module that concatenates, a width without padding, towers on the
channel axis, a separable convolution's parameters."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


def _unpadded_branch_c():
    import keras
    from keras import layers

    x = keras.Input(shape=(100, 100, 3))
    return tuple(layers.Conv2D(128, 3, activation="relu")(layers.AveragePooling2D(3, strides=2)(x)).shape)


def _separable_params():
    import keras

    layer = keras.layers.SeparableConv2D(64, 3)
    layer(keras.Input((16, 16, 32)))
    return layer.count_params()


EXERCISES = [
    ModelExercise(
        id="04.1",
        titles={"en": "Make the unpadded module concatenate"},
        hints={"en": "Add padding=\"same\" to every layer of the module except branch a's 1×1 stride-2 "
                     "convolution; then only the stride-2 step changes the size, to 64×64 in every branch."},
        why={"en": "With same-padding, only the stride-2 layer changes the size, identically in all four branches, "
                   "so their outputs agree on every axis but the channels."},
        solution_code='''x = keras.Input(shape=(128, 128, 3))
branch_a = layers.Conv2D(128, 1, activation="relu", strides=2)(x)
branch_b = layers.Conv2D(128, 1, activation="relu", padding="same")(x)
branch_b = layers.Conv2D(128, 3, activation="relu", strides=2, padding="same")(branch_b)
branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
branch_c = layers.Conv2D(128, 3, activation="relu", padding="same")(branch_c)
branch_d = layers.Conv2D(128, 1, activation="relu", padding="same")(x)
branch_d = layers.Conv2D(128, 3, activation="relu", padding="same")(branch_d)
branch_d = layers.Conv2D(128, 3, activation="relu", strides=2, padding="same")(branch_d)
output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
model = keras.Model(x, output)''',
    ),
    ValueExercise(
        id="04.2",
        titles={"en": "A width without padding"},
        hints={"en": "A 3×3 window with stride 2 and no padding fits (100 − 3) // 2 + 1 times along 100 pixels; "
                     "then an unpadded 3×3 convolution takes 2 more pixels away."},
        why={"en": "Average pooling: (100 − 3) // 2 + 1 = 49; the 3×3 convolution: 49 − 2 = 47; 128 filters."},
        solution_code="answer = (None, 47, 47, 128)",
        expected=_unpadded_branch_c,
        judge=judges.shape("(None, 64, 64, 128)"),
        mistakes={
            (None, 49, 49, 128): {"en": "49 is after the pooling; the unpadded 3×3 convolution after it loses 2 more."},
            (None, 50, 50, 128): {"en": "With padding=\"same\" it would be 50; without padding the window must fit "
                                        "inside the image."},
        },
    ),
    ModelExercise(
        id="04.3",
        titles={"en": "The guide's towers, stacked on the channel axis"},
        hints={"en": "Three towers on a 256×256×3 input, each 64 channels and same-padded; concatenate them with "
                     "axis=-1, the channels of a channels-last image."},
        why={"en": "Each tower keeps 256×256; stacking on the last axis gives 256×256×192, three sets of channels "
                   "side by side."},
        solution_code='''input_img = keras.Input(shape=(256, 256, 3))
tower_1 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_1 = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(tower_1)
tower_2 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_2 = layers.Conv2D(64, (5, 5), padding="same", activation="relu")(tower_2)
tower_3 = layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(input_img)
tower_3 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(tower_3)
model = keras.Model(input_img, layers.concatenate([tower_1, tower_2, tower_3], axis=-1))''',
    ),
    ValueExercise(
        id="04.4",
        titles={"en": "What a separable convolution costs"},
        hints={"en": "Depthwise: one 3×3 kernel per input channel. Pointwise: a 1×1 convolution from 32 to 64 "
                     "channels, with a bias per filter."},
        why={"en": "3·3·32 = 288 depthwise weights, 32·64 = 2,048 pointwise weights and 64 biases: 2,400, against "
                   "18,496 for a full Conv2D(64, 3)."},
        solution_code="answer = 3 * 3 * 32 + 32 * 64 + 64",
        expected=_separable_params,
        judge=judges.integer({"en": "the number of parameters"}),
        mistakes={
            18496: {"en": "18,496 is a full Conv2D(64, 3) on 32 channels; the separable one splits it in two steps."},
            2336: {"en": "Close: the pointwise step has a bias per filter, 64 more."},
        },
    ),
]
