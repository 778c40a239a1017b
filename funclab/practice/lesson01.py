"""Lesson 01 exercises: layers as functions, Sequential to functional, two outputs, feature maps."""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


def _input_name_judge(answer, expected):
    import keras

    if isinstance(answer, keras.KerasTensor):
        return False, Text({"en": "That is the tensor itself; give its name as a string, like \"first\".",
                            "ko": "그것은 텐서 자체입니다. \"first\"처럼 그 이름을 문자열로 주세요."})
    return judges.name({"en": "the Input's name", "ko": "Input의 이름"})(answer, expected)


def _dense_on_a_sequence():
    import keras

    return tuple(keras.layers.Dense(16)(keras.Input((8, 5))).shape)


EXERCISES = [
    ModelExercise(
        id="01.1",
        titles={"en": "From Sequential to functional, with a second output",
                "ko": "Sequential에서 함수형으로: 두 번째 출력 추가"},
        hints={"en": "Give each hidden layer's tensor its own name (hidden_1, hidden_2), so that you can call the "
                     "second output's Dense layer on hidden_1. keras.Model(inputs, [main, aux]) lists the outputs "
                     "in order.",
               "ko": "은닉 층의 출력 텐서마다 각자 변수 이름(hidden_1, hidden_2)을 붙이면 두 번째 출력의 Dense 층을 "
                     "hidden_1에 호출할 수 있습니다. keras.Model(inputs, [main, aux])에는 출력을 순서대로 나열합니다."},
        why={"en": "A Sequential model is one chain; the functional API names every tensor, so a second output "
                   "can branch off any of them.",
             "ko": "Sequential 모델은 한 줄로 이어진 사슬입니다. 함수형 API에서는 모든 텐서에 이름이 있으므로 두 "
                   "번째 출력이 그중 어느 텐서에서든 갈라져 나올 수 있습니다."},
        solution_code='''inputs = keras.Input(shape=(20,))
hidden_1 = layers.Dense(16, activation="relu")(inputs)
hidden_2 = layers.Dense(8, activation="relu")(hidden_1)
main = layers.Dense(1, activation="sigmoid")(hidden_2)
aux = layers.Dense(3, activation="softmax")(hidden_1)
model = keras.Model(inputs, [main, aux])''',
    ),
    ValueExercise(
        id="01.2",
        titles={"en": "The shape a Dense layer returns", "ko": "Dense 층이 반환하는 크기"},
        hints={"en": "A Dense layer acts on the last axis of its input and leaves the others as they are; the "
                     "batch axis (None) stays first.",
               "ko": "Dense 층은 입력의 마지막 축에만 작용하고 나머지 축은 그대로 둡니다. 배치 축(None)은 맨 앞에 "
                     "남습니다."},
        why={"en": "Dense transforms each 5-number vector at each of the 8 positions into 16 numbers.",
             "ko": "Dense는 8개 위치 각각에서 숫자 5개짜리 벡터를 숫자 16개로 바꿉니다."},
        solution_code="answer = (None, 8, 16)",
        expected=_dense_on_a_sequence,
        judge=judges.shape("(None, 4)"),
        mistakes={
            (None, 16): {"en": "(None, 16) would be a Dense layer on a flat vector. Here the input is (8, 5): Dense "
                               "acts on the last axis only, so the 8 positions stay.",
                         "ko": "(None, 16)은 평평한 벡터에 적용한 Dense 층의 크기입니다. 여기서 입력은 (8, 5)입니다: "
                               "Dense는 마지막 축에만 작용하므로 8개 위치는 그대로 남습니다."},
            (8, 16): {"en": "Keras shapes start with the batch axis, which a symbolic tensor leaves open: None.",
                      "ko": "케라스의 크기는 배치 축으로 시작하며, 심볼릭 텐서에서 이 축은 정해지지 않은 채 None으로 "
                            "남습니다."},
        },
    ),
    ModelExercise(
        id="01.3",
        titles={"en": "A model that ends inside another", "ko": "다른 모델의 중간에서 끝나는 모델"},
        hints={"en": "Every layer output of a functional model is a tensor you can end a model at: "
                     "func_cnn.get_layer(\"conv2\").output, from func_cnn's inputs.",
               "ko": "함수형 모델에서 층의 출력은 모두 모델을 끝낼 수 있는 텐서입니다: func_cnn의 입력에서 시작해 "
                     "func_cnn.get_layer(\"conv2\").output에서 끝내세요."},
        why={"en": "Built from func_cnn's own tensors (func_cnn.inputs and its conv2 layer's output), the new model "
                   "reuses func_cnn's layers and trained weights up to conv2, so it shows what the trained network "
                   "computes there. (The check compares structure: new, untrained layers of the same shapes would "
                   "pass it too, but would show nothing learned.)",
             "ko": "func_cnn 자신의 텐서(func_cnn.inputs와 conv2 층의 출력)로 만든 새 모델은 conv2까지 func_cnn의 "
                   "층과 훈련된 가중치를 재사용하므로, 훈련된 네트워크가 그 지점에서 계산하는 것을 보여 줍니다. "
                   "(이 확인은 구조만 비교합니다. 크기가 같은 새 층, 즉 훈련되지 않은 층으로 만들어도 통과하지만, 그런 "
                   "모델은 학습한 것을 아무것도 보여 주지 못합니다.)"},
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
        titles={"en": "Which Input is missing?", "ko": "빠진 Input은 어느 것일까요?"},
        hints={"en": "Follow `out` back layer by layer to the Input it was computed from, or ask "
                     "funclab.check_connected(first, out).",
               "ko": "`out`에서 층을 하나씩 거슬러 올라가 그것을 계산한 Input을 찾거나, "
                     "funclab.check_connected(first, out)에 물어보세요."},
        why={"en": "`out` was computed from `second`, so keras.Model(first, out) cannot reach it: Keras 3 says "
                   "only that the output is not connected; funclab.check_connected names the Input.",
             "ko": "`out`은 `second`에서 계산되었으므로 keras.Model(first, out)은 그 Input에 닿을 수 없습니다. "
                   "케라스 3은 출력이 연결되어 있지 않다고만 알려 주지만, funclab.check_connected는 그 Input의 "
                   "이름을 알려 줍니다."},
        solution_code='answer = "second"',
        expected=lambda: "second",
        judge=_input_name_judge,
        mistakes={"first": {"en": "`first` is the Input you gave keras.Model; the output was computed from the other one.",
                            "ko": "`first`는 keras.Model에 준 Input입니다. 출력은 다른 Input에서 계산되었습니다."}},
    ),
]
