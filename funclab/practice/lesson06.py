"""Lesson 06 exercises: one encoder for three inputs, the node that holds a call, a shared layer and a difference."""

from __future__ import annotations

from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


EXERCISES = [
    ModelExercise(
        id="06.1",
        titles={"en": "One encoder for three inputs", "ko": "세 입력에 인코더 하나"},
        hints={"en": "Create LSTM(16) once, before the inputs, and call that one object on a, b and c.",
               "ko": "입력을 만들기 전에 LSTM(16)을 한 번 만들고, 그 객체 하나를 a, b, c에 호출하세요."},
        why={"en": "One LSTM object called three times: one set of weights, trained by all three branches, and "
                   "three nodes (#0, #1, #2).",
             "ko": "LSTM 객체 하나를 세 번 호출합니다. 가중치는 한 벌이고 가지 세 개가 모두 이를 훈련하며, 노드는 "
                   "세 개(#0, #1, #2)입니다."},
        named_inputs=True,
        solution_code='''encoder = layers.LSTM(16)
a = keras.Input(shape=(10, 16), name="a")
b = keras.Input(shape=(10, 16), name="b")
c = keras.Input(shape=(10, 16), name="c")
merged = layers.concatenate([encoder(a), encoder(b), encoder(c)])
model = keras.Model([a, b, c], layers.Dense(1, activation="sigmoid")(merged))''',
    ),
    ValueExercise(
        id="06.2",
        titles={"en": "Which node holds a call's output?", "ko": "호출의 출력은 어느 노드에 있을까요?"},
        hints={"en": "Nodes are numbered in call order: the first call made node 0.",
               "ko": "노드 번호는 호출 순서대로 매겨집니다: 첫 번째 호출이 노드 0을 만들었습니다."},
        why={"en": "conv was called on `small` first (node 0), then on `large` (node 1): "
                   "funclab.get_output_at(conv, 1) is the 64×64 output.",
             "ko": "conv는 먼저 `small`에 호출되었고(노드 0), 그다음 `large`에 호출되었습니다(노드 1): "
                   "funclab.get_output_at(conv, 1)이 64×64 출력입니다."},
        solution_code="answer = 1",
        expected=lambda: 1,
        judge=judges.integer({"en": "the node index", "ko": "노드 인덱스"}),
        mistakes={0: {"en": "Node 0 is the first call, on the 32×32 images.",
                      "ko": "노드 0은 첫 번째 호출, 곧 32×32 이미지에 대한 호출입니다."}},
    ),
    ModelExercise(
        id="06.3",
        titles={"en": "A shared encoder and a difference", "ko": "공유 인코더와 차이"},
        hints={"en": "One Dense(4, activation=\"relu\") object on both inputs; layers.subtract([encoded_1, "
                     "encoded_2]) computes the first minus the second.",
               "ko": "Dense(4, activation=\"relu\") 객체 하나를 두 입력에 모두 쓰세요. layers.subtract([encoded_1, "
                     "encoded_2])는 첫째에서 둘째를 뺀 값을 계산합니다."},
        why={"en": "The same encoder makes the two encodings comparable; their difference is what the head sees.",
             "ko": "같은 인코더를 쓰므로 두 인코딩을 비교할 수 있고, 헤드가 보는 것은 그 둘의 차이입니다."},
        named_inputs=True,
        solution_code='''encoder = layers.Dense(4, activation="relu")
x1 = keras.Input(shape=(8,), name="x1")
x2 = keras.Input(shape=(8,), name="x2")
difference = layers.subtract([encoder(x1), encoder(x2)])
model = keras.Model([x1, x2], layers.Dense(1, activation="sigmoid")(difference))''',
    ),
]
