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
        titles={"en": "An inner layer on the second branch", "ko": "두 번째 가지의 내부 층"},
        hints={"en": "`conv` is inside the nested model `tower`, which `pair` calls twice: the path is "
                     "\"tower/conv\", and call 1 is the second branch (b).",
               "ko": "`conv`는 `pair`가 두 번 호출하는 중첩 모델 `tower` 안에 있습니다: 경로는 \"tower/conv\"이고, "
                     "호출 1이 두 번째 가지(b)입니다."},
        why={"en": "feature_model reuses tower's layers on the tensors that call 1 of tower received, so the output "
                   "is conv's feature maps of b; conv.output would be the nested model's own tensor, which pair's "
                   "inputs cannot reach.",
             "ko": "feature_model은 tower의 호출 1이 받은 텐서에 tower의 층을 재사용하므로, 출력은 b에 대한 conv의 "
                   "특성 맵입니다. conv.output은 중첩 모델 자체의 텐서여서 pair의 입력에서 닿을 수 없습니다."},
        setup_code=PAIR,
        solution_code='''model = funclab.feature_model(pair, ("tower/conv", 1))''',
    ),
    ModelExercise(
        id="08.2",
        titles={"en": "A small ResNet from a block function", "ko": "블록 함수로 만드는 작은 ResNet"},
        hints={"en": "Call residual_block three times: residual_block(x, 16), residual_block(x, 32, strides=2), "
                     "then residual_block(x, 64, strides=2); the function adds the projection where the shape "
                     "changes.",
               "ko": "residual_block을 세 번 호출하세요: residual_block(x, 16), residual_block(x, 32, strides=2), "
                     "그다음 residual_block(x, 64, strides=2). 크기가 바뀌는 곳에서는 함수가 투영을 추가합니다."},
        why={"en": "A function that builds a block is called like a layer, but each call makes new layers (new "
                   "weights): the functional API composes code as well as layers.",
             "ko": "블록을 만드는 함수는 층처럼 호출되지만, 호출할 때마다 새 층(새 가중치)을 만듭니다: 함수형 API는 "
                   "층뿐 아니라 코드도 조합합니다."},
        setup_code=BLOCK,
        solution_code='''image = keras.Input(shape=(16, 16, 1))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(image)
x = residual_block(x, 16)
x = residual_block(x, 32, strides=2)
x = residual_block(x, 64, strides=2)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(image, layers.Dense(10, activation="softmax")(x))''',
    ),
    ModelExercise(
        id="08.3",
        titles={"en": "An ensemble in one model", "ko": "모델 하나에 담은 앙상블"},
        hints={"en": "One keras.Input((64,)); call each of the three members on it (models are layers) and "
                     "combine their outputs with layers.average.",
               "ko": "keras.Input((64,)) 하나를 만들고 구성원 모델 세 개를 각각 그 입력에 호출한 다음(모델은 "
                     "층입니다), layers.average로 출력을 합치세요."},
        why={"en": "The members are called as layers on one input; averaging their probabilities is a model of "
                   "its own that Keras can save, evaluate and serve.",
             "ko": "구성원 모델들은 하나의 입력에 층처럼 호출됩니다. 그 확률을 평균하는 앙상블은 그 자체로 하나의 "
                   "모델이므로, 케라스로 저장하고 평가하고 서빙할 수 있습니다."},
        setup_code=MEMBERS,
        solution_code='''inputs = keras.Input(shape=(64,))
model = keras.Model(inputs, layers.average([member(inputs) for member in members]))''',
    ),
    ValueExercise(
        id="08.4",
        titles={"en": "What a frozen base leaves to train", "ko": "기반 모델을 동결하면 무엇이 훈련될까요?"},
        hints={"en": "With base.trainable = False only the new head's kernel and bias train: a Dense(10) on the "
                     "base's 16 features. (sum(w.numpy().size for w in model.trainable_weights) checks your count.)",
               "ko": "base.trainable = False이면 새 헤드의 커널과 편향만 훈련됩니다: 기반 모델의 특성 16개 위에 놓인 "
                     "Dense(10)입니다. (sum(w.numpy().size for w in model.trainable_weights)로 여러분의 계산을 "
                     "확인할 수 있습니다.)"},
        why={"en": "The head's Dense(10) on 16 features: 16 · 10 + 10 = 170 parameters; the base's 2,608 are frozen.",
             "ko": "특성 16개 위에 놓인 헤드의 Dense(10): 16 · 10 + 10 = 파라미터 170개. 기반 모델의 파라미터 "
                   "2,608개는 동결되어 있습니다."},
        solution_code="answer = 16 * 10 + 10  # the head's kernel and bias; the base is frozen",
        expected=_frozen_trainable,
        judge=judges.integer({"en": "the number of parameters", "ko": "파라미터 개수"}),
        mistakes={
            2778: {"en": "2,778 is every parameter; the frozen base's 2,608 do not train.",
                   "ko": "2,778은 모든 파라미터의 개수입니다. 동결된 기반 모델의 파라미터 2,608개는 훈련되지 "
                         "않습니다."},
            2608: {"en": "2,608 is the frozen base; training changes only the head.",
                   "ko": "2,608은 동결된 기반 모델의 파라미터 개수입니다. 훈련은 헤드만 바꿉니다."},
        },
    ),
]
