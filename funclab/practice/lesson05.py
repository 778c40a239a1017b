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
        titles={"en": "An identity shortcut", "ko": "항등 지름길"},
        hints={"en": "Keep the block's input in its own variable; after the two convolutions, "
                     "layers.add([y, x]) adds it back.",
               "ko": "블록의 입력을 별도 변수에 담아 두세요. 두 합성곱 뒤에 layers.add([y, x])로 입력을 다시 "
                     "더합니다."},
        why={"en": "Same padding and 64 filters keep the feature map at 32×32×64, so the input can be added as it "
                   "is: the shortcut has no weights.",
             "ko": "same 패딩과 필터 64개로 특성 맵이 32×32×64로 유지되므로 입력을 그대로 더할 수 있습니다: "
                   "지름길에는 가중치가 없습니다."},
        solution_code='''x = keras.Input(shape=(32, 32, 64))
y = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
y = layers.Conv2D(64, 3, activation="relu", padding="same")(y)
y = layers.add([y, x])
model = keras.Model(x, y)''',
    ),
    ModelExercise(
        id="05.2",
        titles={"en": "A projection shortcut where the shape changes", "ko": "크기가 바뀌는 곳의 투영 지름길"},
        hints={"en": "The block ends at 16×16×128, the input is 32×32×64: project the shortcut with "
                     "Conv2D(128, 1, strides=2) and no activation, then add.",
               "ko": "블록은 16×16×128로 끝나고 입력은 32×32×64입니다: 활성화 함수 없는 Conv2D(128, 1, strides=2)로 "
                     "지름길을 투영한 다음 더하세요."},
        why={"en": "A 1×1 convolution with stride 2 maps 32×32×64 to 16×16×128 linearly, the block's output shape, "
                   "so the two can be added.",
             "ko": "스트라이드 2인 1×1 합성곱은 32×32×64를 블록의 출력 크기인 16×16×128로 선형 변환하므로, 둘을 더할 "
                   "수 있습니다."},
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
        titles={"en": "What the projection costs", "ko": "투영의 비용"},
        hints={"en": "A 1×1 convolution from 64 to 128 channels has one weight per pair of channels, and a bias "
                     "per filter.",
               "ko": "64채널에서 128채널로 가는 1×1 합성곱에는 채널 쌍마다 가중치 하나, 필터마다 편향 하나가 "
                     "있습니다."},
        why={"en": "64 · 128 weights + 128 biases = 8,320 parameters; the identity shortcut of 05.1 costs none.",
             "ko": "가중치 64 · 128개 + 편향 128개 = 파라미터 8,320개. 05.1의 항등 지름길에는 비용이 들지 않습니다."},
        solution_code="answer = 64 * 128 + 128",
        expected=_projection_params,
        judge=judges.integer({"en": "the number of parameters", "ko": "파라미터 개수"}),
        mistakes={
            8192: {"en": "Close: each of the 128 filters also has a bias.",
                   "ko": "거의 맞았습니다: 필터 128개에도 각각 편향이 있습니다."},
            73856: {"en": "73,856 would be a 3×3 projection; the task's is 1×1.",
                    "ko": "73,856은 3×3 투영의 파라미터 개수입니다. 과제의 투영은 1×1입니다."},
            0: {"en": "An identity shortcut costs nothing; a projection is a convolution, with weights.",
                "ko": "항등 지름길에는 비용이 들지 않지만, 투영은 가중치가 있는 합성곱입니다."},
        },
    ),
]
