"""Lesson 08 exercises: an inner output of one branch, a ResNet from a block function, an ensemble,
what a frozen base leaves to train."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]

PAIR = '''digit = keras.Input(shape=(16, 16, 1), name="digit")
x = layers.Conv2D(8, 3, activation="relu", name="conv")(digit)
tower = keras.Model(digit, layers.GlobalAveragePooling2D(name="gap")(x), name="tower")
a = keras.Input(shape=(16, 16, 1), name="a")
b = keras.Input(shape=(16, 16, 1), name="b")
difference = layers.subtract([tower(a), tower(b)])
pair = keras.Model([a, b], layers.Dense(1, activation="sigmoid", name="same")(difference), name="pair")'''

BLOCK = '''def residual_block(x, filters, *, strides=1):
    """conv → BN → ReLU → conv → BN, plus the input (projected when the shape changes), → ReLU."""
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization(momentum=0.9)(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization(momentum=0.9)(y)
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False)(x)
        shortcut = layers.BatchNormalization(momentum=0.9)(shortcut)
    return layers.Activation("relu")(layers.add([y, shortcut]))'''

MEMBERS = '''def member(seed):
    keras.utils.set_random_seed(seed)
    pixels = keras.Input(shape=(64,))
    hidden = layers.Dense(32, activation="relu")(pixels)
    return keras.Model(pixels, layers.Dense(10, activation="softmax")(hidden), name=f"member_{seed}")


members = [member(seed) for seed in (1, 2, 3)]'''


def _frozen_trainable():
    import keras
    from keras import layers

    pixels = keras.Input(shape=(64,))
    base = keras.Model(pixels, layers.Dense(16, activation="relu")(layers.Dense(32, activation="relu")(pixels)))
    base.trainable = False
    inputs = keras.Input(shape=(64,))
    model = keras.Model(inputs, layers.Dense(10, activation="softmax")(base(inputs)))
    return sum(int(w.numpy().size) for w in model.trainable_weights)


EXERCISES = [
    ModelExercise(
        id="08.1",
        titles={"en": "An inner layer on the second branch"},
        hints={"en": "`conv` is inside the nested model `tower`, which `pair` calls twice: the path is "
                     "\"tower/conv\", and call 1 is the second branch (b)."},
        why={"en": "feature_model reuses tower's layers on the tensors that call 1 of tower received, so the output "
                   "is conv's feature maps of b; conv.output would be the nested model's own tensor, which pair's "
                   "inputs cannot reach."},
        setup_code=PAIR,
        solution_code='''model = funclab.feature_model(pair, ("tower/conv", 1))''',
    ),
    ModelExercise(
        id="08.2",
        titles={"en": "A small ResNet from a block function"},
        hints={"en": "Call residual_block twice: residual_block(x, 16), then residual_block(x, 32, strides=2); "
                     "the function adds the projection where the shape changes."},
        why={"en": "A function that builds a block is called like a layer, but each call makes new layers (new "
                   "weights): the functional API composes code as well as layers."},
        setup_code=BLOCK,
        solution_code='''image = keras.Input(shape=(16, 16, 1))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(image)
x = residual_block(x, 16)
x = residual_block(x, 32, strides=2)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(image, layers.Dense(10, activation="softmax")(x))''',
    ),
    ModelExercise(
        id="08.3",
        titles={"en": "An ensemble in one model"},
        hints={"en": "One keras.Input((64,)); call each of the three members on it (models are layers) and "
                     "combine their outputs with layers.average."},
        why={"en": "The members are called as layers on one input; averaging their probabilities is a model of "
                   "its own that Keras can save, evaluate and serve."},
        setup_code=MEMBERS,
        solution_code='''inputs = keras.Input(shape=(64,))
model = keras.Model(inputs, layers.average([member(inputs) for member in members]))''',
    ),
    ValueExercise(
        id="08.4",
        titles={"en": "What a frozen base leaves to train"},
        hints={"en": "model.trainable_weights lists what training changes; with base.trainable = False only the "
                     "new head's kernel and bias are left."},
        why={"en": "The head's Dense(10) on 16 features: 16 · 10 + 10 = 170 parameters; the base's 2,608 are frozen."},
        solution_code="answer = sum(int(w.numpy().size) for w in model.trainable_weights)",
        expected=_frozen_trainable,
        judge=judges.integer({"en": "the number of parameters"}),
        mistakes={
            2778: {"en": "2,778 is every parameter; the frozen base's 2,608 do not train."},
            2608: {"en": "2,608 is the frozen base; training changes only the head."},
        },
    ),
]
