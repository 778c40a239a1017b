"""Lesson 01 exercises: layers as functions, Sequential to functional, two outputs, feature maps."""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


def _input_name_judge(answer, expected):
    import keras

    if isinstance(answer, keras.KerasTensor):
        return False, Text({"en": "That is the tensor itself; give its name as a string, like \"first\"."})
    return judges.name({"en": "the Input's name"})(answer, expected)


def _dense_on_a_sequence():
    import keras

    return tuple(keras.layers.Dense(16)(keras.Input((8, 5))).shape)


EXERCISES = [
    ModelExercise(
        id="01.1",
        titles={"en": "From Sequential to functional, with a second output"},
        hints={"en": "Give each hidden layer's tensor its own name (hidden_1, hidden_2), so that you can call the "
                     "second output's Dense layer on hidden_1. keras.Model(inputs, [main, aux]) lists the outputs "
                     "in order."},
        why={"en": "A Sequential model is one chain; the functional API names every tensor, so a second output "
                   "can branch off any of them."},
        solution_code='''inputs = keras.Input(shape=(20,))
hidden_1 = layers.Dense(16, activation="relu")(inputs)
hidden_2 = layers.Dense(8, activation="relu")(hidden_1)
main = layers.Dense(1, activation="sigmoid")(hidden_2)
aux = layers.Dense(3, activation="softmax")(hidden_1)
model = keras.Model(inputs, [main, aux])''',
    ),
    ValueExercise(
        id="01.2",
        titles={"en": "The shape a Dense layer returns"},
        hints={"en": "A Dense layer acts on the last axis of its input and leaves the others as they are; the "
                     "batch axis (None) stays first."},
        why={"en": "Dense transforms each 5-number vector at each of the 8 positions into 16 numbers."},
        solution_code="answer = (None, 8, 16)",
        expected=_dense_on_a_sequence,
        judge=judges.shape("(None, 4)"),
        mistakes={
            (None, 16): {"en": "(None, 16) would be a Dense layer on a flat vector. Here the input is (8, 5): Dense "
                               "acts on the last axis only, so the 8 positions stay."},
            (8, 16): {"en": "Keras shapes start with the batch axis, which a symbolic tensor leaves open: None."},
        },
    ),
    ModelExercise(
        id="01.3",
        titles={"en": "A model that ends inside another"},
        hints={"en": "Every layer output of a functional model is a tensor you can end a model at: "
                     "func_cnn.get_layer(\"conv2\").output, from func_cnn's inputs."},
        why={"en": "The new model reuses func_cnn's own layers (and weights) up to conv2, so it shows what the "
                   "trained network computes there."},
        setup_code='''image = keras.Input(shape=(28, 28, 1), name="image")
x = layers.Conv2D(32, 3, activation="relu", padding="same", name="conv1")(image)
x = layers.MaxPooling2D(2, name="pool1")(x)
x = layers.Conv2D(64, 3, activation="relu", padding="same", name="conv2")(x)
x = layers.MaxPooling2D(2, name="pool2")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(100, activation="relu", name="hidden")(x)
x = layers.Dropout(0.4, name="dropout")(x)
func_cnn = keras.Model(image, layers.Dense(10, activation="softmax", name="digit")(x), name="functional_cnn")''',
        solution_code='''model = keras.Model(func_cnn.inputs, func_cnn.get_layer("conv2").output)''',
    ),
    ValueExercise(
        id="01.4",
        titles={"en": "Which Input is missing?"},
        hints={"en": "Follow `out` back layer by layer to the Input it was computed from, or ask "
                     "funclab.check_connected(first, out)."},
        why={"en": "`out` was computed from `second`, so keras.Model(first, out) cannot reach it: Keras 3 says "
                   "only that the output is not connected; funclab.check_connected names the Input."},
        solution_code='answer = "second"',
        expected=lambda: "second",
        judge=_input_name_judge,
        mistakes={"first": {"en": "`first` is the Input you gave keras.Model; the output was computed from the other one."}},
    ),
]
