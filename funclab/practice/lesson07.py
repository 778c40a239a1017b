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
        titles={"en": "A model as a layer, twice", "ko": "층처럼 두 번 쓰는 모델"},
        hints={"en": "Build the encoder once as a keras.Model, then call encoder(left) and encoder(right) like a layer.",
               "ko": "인코더를 keras.Model로 한 번 만든 다음, 층처럼 encoder(left)와 encoder(right)를 호출하세요."},
        why={"en": "Calling one model on both images shares all its weights: the pair model has one encoder, called twice.",
             "ko": "모델 하나를 두 이미지에 호출하면 모든 가중치가 공유됩니다: 쌍 모델에는 인코더가 하나 있고, 두 번 "
                   "호출됩니다."},
        named_inputs=True,
        solution_code=ENCODER + '''
left = keras.Input(shape=(28, 28, 1), name="left")
right = keras.Input(shape=(28, 28, 1), name="right")
merged = layers.concatenate([encoder(left), encoder(right)])
model = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(merged))''',
    ),
    ModelExercise(
        id="07.2",
        titles={"en": "A model on every frame", "ko": "모든 프레임에 적용하는 모델"},
        hints={"en": "layers.TimeDistributed(encoder) applies the encoder to each of the 10 frames; an LSTM(8) "
                     "reads the 10 feature vectors.",
               "ko": "layers.TimeDistributed(encoder)는 프레임 10개 각각에 인코더를 적용합니다. 그다음 LSTM(8)이 "
                     "특성 벡터 10개를 읽습니다."},
        why={"en": "TimeDistributed calls the same encoder on every step of the sequence: one set of weights for "
                   "all frames.",
             "ko": "TimeDistributed는 시퀀스의 모든 스텝에 같은 인코더를 호출합니다: 모든 프레임에 가중치 한 벌을 "
                   "씁니다."},
        setup_code=ENCODER,
        solution_code='''clip = keras.Input(shape=(10, 28, 28, 1))
frames = layers.TimeDistributed(encoder)(clip)
model = keras.Model(clip, layers.Dense(3, activation="softmax")(layers.LSTM(8)(frames)))''',
    ),
    ValueExercise(
        id="07.3",
        titles={"en": "What Xception makes of a 250×250 image", "ko": "Xception이 250×250 이미지에서 만드는 것"},
        hints={"en": "Xception halves the resolution five times (with valid padding on the way); try "
                     "xception_base(keras.Input((250, 250, 3))).shape, or read the lesson's printout.",
               "ko": "Xception은 해상도를 다섯 번 절반으로 줄입니다(도중에 valid 패딩도 씁니다). "
                     "xception_base(keras.Input((250, 250, 3))).shape를 실행해 보거나, 이번 강에서 출력한 내용을 "
                     "읽어 보세요."},
        why={"en": "250×250 becomes 8×8 with 2,048 channels, whatever weights the model has.",
             "ko": "가중치가 무엇이든 250×250 이미지는 8×8 크기에 채널이 2,048개인 특성 맵이 됩니다."},
        solution_code="answer = (None, 8, 8, 2048)",
        expected=_xception_on_250,
        judge=judges.shape("(None, 4, 4, 2048)"),
        mistakes={(None, 7, 7, 2048): {"en": "7×7 is for 224×224 images; these are 250×250.",
                                       "ko": "7×7은 224×224 이미지일 때의 크기입니다. 이 이미지는 250×250입니다."}},
    ),
]
