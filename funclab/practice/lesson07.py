"""Lesson 07 exercises: a model called as a layer twice, a model on every frame, Xception's output shape."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]

ENCODER = '''frame = keras.Input(shape=(28, 28, 1))
features = layers.GlobalMaxPooling2D()(layers.Conv2D(16, 3, activation="relu")(frame))
encoder = keras.Model(frame, features, name="encoder")'''


def _xception_on_250():
    import keras

    base = keras.applications.Xception(weights=None, include_top=False)
    return tuple(base(keras.Input((250, 250, 3))).shape)


EXERCISES = [
    ModelExercise(
        id="07.1",
        titles={"en": "A model as a layer, twice"},
        hints={"en": "Build the encoder once as a keras.Model, then call encoder(left) and encoder(right) like a layer."},
        why={"en": "Calling one model on both images shares all its weights: the pair model has one encoder, called twice."},
        named_inputs=True,
        solution_code=ENCODER + '''
left = keras.Input(shape=(28, 28, 1), name="left")
right = keras.Input(shape=(28, 28, 1), name="right")
merged = layers.concatenate([encoder(left), encoder(right)])
model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))''',
    ),
    ModelExercise(
        id="07.2",
        titles={"en": "A model on every frame"},
        hints={"en": "layers.TimeDistributed(encoder) applies the encoder to each of the 10 frames; an LSTM(8) "
                     "reads the 10 feature vectors."},
        why={"en": "TimeDistributed calls the same encoder on every step of the sequence: one set of weights for "
                   "all frames."},
        setup_code=ENCODER,
        solution_code='''clip = keras.Input(shape=(10, 28, 28, 1))
frames = layers.TimeDistributed(encoder)(clip)
model = keras.Model(clip, layers.Dense(3, activation="softmax")(layers.LSTM(8)(frames)))''',
    ),
    ValueExercise(
        id="07.3",
        titles={"en": "What Xception makes of a 250×250 image"},
        hints={"en": "Xception halves the resolution five times (with valid padding on the way); try "
                     "xception_base(keras.Input((250, 250, 3))).shape, or read the lesson's printout."},
        why={"en": "250×250 becomes 8×8 with 2,048 channels, whatever weights the model has."},
        solution_code="answer = (None, 8, 8, 2048)",
        expected=_xception_on_250,
        judge=judges.shape("(None, 4, 4, 2048)"),
        mistakes={(None, 7, 7, 2048): {"en": "7×7 is for 224×224 images; these are 250×250."}},
    ),
]
