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
        titles={"en": "Make the unpadded module concatenate", "ko": "패딩 없는 모듈을 연결할 수 있게 만들기"},
        hints={"en": "Add padding=\"same\" to every layer of the module except branch a's 1×1 stride-2 "
                     "convolution; then only the stride-2 step changes the size, to 48×48 in every branch.",
               "ko": "가지 a의 1×1 스트라이드 2 합성곱을 뺀 모듈의 모든 층에 padding=\"same\"을 추가하세요. 그러면 "
                     "스트라이드 2 단계만 크기를 바꾸어, 모든 가지에서 48×48이 됩니다."},
        why={"en": "With same-padding, only the stride-2 layer changes the size, identically in all four branches, "
                   "so their outputs agree on every axis but the channels.",
             "ko": "same 패딩을 쓰면 스트라이드 2 층만 크기를 바꾸고 가지 네 개 모두에서 똑같이 바꾸므로, 가지들의 "
                   "출력은 채널을 뺀 모든 축에서 일치합니다."},
        solution_code='''x = keras.Input(shape=(96, 96, 3))
branch_a = layers.Conv2D(32, 1, activation="relu", strides=2)(x)
branch_b = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
branch_b = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(branch_b)
branch_c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
branch_c = layers.Conv2D(32, 3, activation="relu", padding="same")(branch_c)
branch_d = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
branch_d = layers.Conv2D(32, 3, activation="relu", padding="same")(branch_d)
branch_d = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(branch_d)
output = layers.concatenate([branch_a, branch_b, branch_c, branch_d], axis=-1)
model = keras.Model(x, output)''',
    ),
    ValueExercise(
        id="04.2",
        titles={"en": "A width without padding", "ko": "패딩 없는 너비"},
        hints={"en": "A 3×3 window with stride 2 and no padding fits (100 − 3) // 2 + 1 times along 100 pixels; "
                     "then an unpadded 3×3 convolution takes 2 more pixels away.",
               "ko": "스트라이드 2에 패딩 없는 3×3 윈도우는 100픽셀을 따라 (100 − 3) // 2 + 1번 들어갑니다. 그다음 "
                     "패딩 없는 3×3 합성곱이 2픽셀을 더 줄입니다."},
        why={"en": "Average pooling: (100 − 3) // 2 + 1 = 49; the 3×3 convolution: 49 − 2 = 47; 128 filters.",
             "ko": "평균 풀링: (100 − 3) // 2 + 1 = 49, 3×3 합성곱: 49 − 2 = 47, 필터 128개."},
        solution_code="answer = (None, 47, 47, 128)",
        expected=_unpadded_branch_c,
        judge=judges.shape("(None, 64, 64, 128)"),
        mistakes={
            (47, 47, 128): {"en": "Right sizes; give the full shape, with the batch axis (None) first: (None, 47, 47, 128).",
                            "ko": "크기는 맞습니다. 배치 축(None)을 맨 앞에 둔 전체 크기로 주세요: (None, 47, 47, 128)."},
            (None, 49, 49, 128): {"en": "49 is after the pooling; the unpadded 3×3 convolution after it loses 2 more.",
                                  "ko": "49는 풀링 직후의 크기입니다. 그 뒤의 패딩 없는 3×3 합성곱에서 2가 더 "
                                        "줄어듭니다."},
            (None, 50, 50, 128): {"en": "With padding=\"same\" it would be 50; without padding the window must fit "
                                        "inside the image.",
                                  "ko": "padding=\"same\"이면 50이 됩니다. 패딩이 없으면 윈도우가 이미지 안에 "
                                        "들어가야 합니다."},
        },
    ),
    ModelExercise(
        id="04.3",
        titles={"en": "Four towers, stacked on the channel axis", "ko": "타워 네 개를 채널 축으로 쌓기"},
        hints={"en": "Start from the guide's three towers (each 64 channels, same-padded) and add a fourth: one "
                     "1×1 Conv2D(64) on the input. Concatenate tower_1, tower_2, tower_3, tower_4 in that order "
                     "with axis=-1, the channels of a channels-last image.",
               "ko": "가이드의 타워 세 개(각각 64채널, same 패딩)에서 시작해 네 번째 타워를 더하세요: 입력에 "
                     "적용한 1×1 Conv2D(64) 하나입니다. tower_1, tower_2, tower_3, tower_4를 이 순서대로, "
                     "channels_last 형식 이미지의 채널 축인 axis=-1로 연결하세요."},
        why={"en": "Each tower keeps 256×256; stacking on the last axis gives 256×256×256, four sets of channels "
                   "side by side. The 1×1 tower passes the input through with only its channels mixed, as in "
                   "GoogLeNet's Inception module.",
             "ko": "각 타워는 256×256을 유지합니다. 마지막 축으로 쌓으면 256×256×256이 되어, 채널 네 묶음이 나란히 "
                   "놓입니다. 1×1 타워는 GoogLeNet의 인셉션 모듈에서처럼 공간은 그대로 두고 채널만 섞어 입력을 넘깁니다."},
        solution_code='''input_img = keras.Input(shape=(256, 256, 3))
tower_1 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_1 = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(tower_1)
tower_2 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
tower_2 = layers.Conv2D(64, (5, 5), padding="same", activation="relu")(tower_2)
tower_3 = layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(input_img)
tower_3 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(tower_3)
tower_4 = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
model = keras.Model(input_img, layers.concatenate([tower_1, tower_2, tower_3, tower_4], axis=-1))''',
    ),
    ValueExercise(
        id="04.4",
        titles={"en": "What a separable convolution costs", "ko": "분리 합성곱의 비용"},
        hints={"en": "Depthwise: one 3×3 kernel per input channel. Pointwise: a 1×1 convolution from 32 to 64 "
                     "channels, with a bias per filter.",
               "ko": "깊이별 단계: 입력 채널마다 3×3 커널 하나. 점별 단계: 32채널에서 64채널로 가는 1×1 합성곱, "
                     "필터마다 편향 하나."},
        why={"en": "3·3·32 = 288 depthwise weights, 32·64 = 2,048 pointwise weights and 64 biases: 2,400, against "
                   "18,496 for a full Conv2D(64, 3).",
             "ko": "깊이별 가중치 3·3·32 = 288개, 점별 가중치 32·64 = 2,048개, 편향 64개: 합계 2,400개입니다. 일반 "
                   "Conv2D(64, 3)는 18,496개입니다."},
        solution_code="answer = 3 * 3 * 32 + 32 * 64 + 64",
        expected=_separable_params,
        judge=judges.integer({"en": "the number of parameters", "ko": "파라미터 개수"}),
        mistakes={
            18496: {"en": "18,496 is a full Conv2D(64, 3) on 32 channels; the separable one splits it in two steps.",
                    "ko": "18,496은 32채널에 적용한 일반 Conv2D(64, 3)의 파라미터 개수입니다. 분리 합성곱은 이를 두 "
                          "단계로 나눕니다."},
            2336: {"en": "Close: the pointwise step has a bias per filter, 64 more.",
                   "ko": "거의 맞았습니다: 점별 단계에는 필터마다 편향이 있어 64개가 더 있습니다."},
        },
    ),
]
