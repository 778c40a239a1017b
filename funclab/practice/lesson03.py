"""Lesson 03 exercises: a fourth head, loss weights that balance two heads, the logged total."""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]

BALANCE_EPOCHS = 2


def _balance_experiment():
    """A two-headed post model (age, gender), trained briefly by LossBalance."""
    import keras
    from keras import layers

    from funclab.data import make_posts
    from funclab.loss_balance import LossBalance

    posts = make_posts(600, length=60, vocabulary_size=1000, seed=3)
    mean_age = float(posts.age.mean())

    def build():
        words = keras.Input((None,), dtype="int32", name="posts")
        x = layers.GlobalMaxPooling1D()(layers.Conv1D(16, 3, activation="relu")(layers.Embedding(1000, 16)(words)))
        x = layers.Dense(32, activation="relu")(x)
        age = layers.Dense(1, name="age", bias_initializer=keras.initializers.Constant(mean_age))(x)
        return keras.Model(words, [age, layers.Dense(1, activation="sigmoid", name="gender")(x)])

    keras.utils.set_random_seed(0)
    return LossBalance(build, x=posts.posts, y={"age": posts.age, "gender": posts.gender},
                       losses={"age": "mse", "gender": "binary_crossentropy"}, epochs=BALANCE_EPOCHS, batch_size=100)


_experiment = []


def _balance_judge(answer, _expected):
    if not isinstance(answer, dict):
        return False, Text({"en": "Give the weights as a dict, {{\"age\": ..., \"gender\": ...}}; you gave {kind}.",
                            "ko": "가중치를 딕셔너리 {{\"age\": ..., \"gender\": ...}}로 주세요. 받은 값은 "
                                  "{kind}입니다."},
                           kind=type(answer).__name__)
    if not _experiment:
        _experiment.append(_balance_experiment())
    experiment = _experiment[0]
    try:
        run = experiment.run(answer)
    except (TypeError, ValueError) as error:
        return False, Text({"en": "{error}", "ko": "가중치를 확인하세요: {error}"}, error=str(error))
    age, gender = run.weighted["age"][-1], run.weighted["gender"][-1]
    ratio = age / gender if gender else float("inf")
    summary = Text({"en": "in the last of {epochs} epochs, age's weighted training loss is {age:.3g} and gender's "
                          "{gender:.3g} (ratio {ratio:.3g}); age's unweighted MSE is {mse:.3g}",
                    "ko": "{epochs} 에포크 중 마지막 에포크에서 가중치를 곱한 훈련 손실이 age는 {age:.3g}, gender는 "
                          "{gender:.3g}입니다(비율 {ratio:.3g}). 가중치를 곱하지 않은 age의 MSE는 {mse:.3g}입니다"},
                   epochs=BALANCE_EPOCHS, age=age, gender=gender, ratio=ratio, mse=run.loss["age"][-1])
    if 0.5 <= ratio <= 2:
        return True, Text({"en": "Balanced: {summary}.", "ko": "균형이 맞습니다: {summary}."}, summary=summary)
    bigger = "age" if ratio > 2 else "gender"
    return False, Text({"en": "Not balanced yet: {summary}. Lower {bigger}'s weight (or raise the other's) and check "
                              "again.",
                        "ko": "아직 균형이 맞지 않습니다: {summary}. {bigger} 헤드의 가중치를 낮추고(또는 다른 "
                              "헤드의 가중치를 높이고) 다시 확인하세요."}, summary=summary, bigger=bigger)


def _total_judge(answer, expected):
    passed, message = judges.number({"en": "the total", "ko": "전체 손실"}, tolerance=1e-6)(answer, expected)
    if passed or message:
        return passed, message
    if abs(answer - 26.5) < 1e-6:
        return False, Text({"en": "26.5 is the plain sum. Keras 3 logs each head's loss unweighted, but the total "
                                  "`loss` is the weighted sum: 0.25·24 + 1·2 + 10·0.5.",
                            "ko": "26.5는 단순 합입니다. 케라스 3은 헤드마다 손실을 가중치 없이 기록하지만, 전체 "
                                  "`loss`는 가중 합입니다: 0.25·24 + 1·2 + 10·0.5."})
    return False, Text({"en": "Not quite: {answer}. The total is Σ weight × head loss.",
                        "ko": "정답이 아닙니다: {answer}. 전체 손실은 Σ 가중치 × 헤드 손실입니다."}, answer=answer)


EXERCISES = [
    ModelExercise(
        id="03.1",
        titles={"en": "A fourth head: the post's topic", "ko": "네 번째 헤드: 게시물의 주제"},
        hints={"en": "Build the compact post model again and call one more Dense layer on the shared 64-unit "
                     "layer: Dense(5, activation=\"softmax\", name=\"topic\"); list it last among the outputs.",
               "ko": "작은 게시물 모델을 다시 만들고, 공유된 64유닛 층에 Dense 층을 하나 더 호출하세요: Dense(5, "
                     "activation=\"softmax\", name=\"topic\"). 출력 목록의 맨 끝에 두세요."},
        why={"en": "Every head branches off the shared layer; naming the head is what lets compile, fit and the "
                   "logs refer to it (topic_loss).",
             "ko": "모든 헤드는 공유 층에서 갈라져 나옵니다. 헤드에 이름을 붙여야 compile, fit, 로그에서 그 헤드를 "
                   "가리킬 수 있습니다(topic_loss)."},
        named_outputs=True,
        solution_code='''words = keras.Input(shape=(None,), dtype="int32", name="posts")
x = layers.Embedding(2000, 32)(words)
x = layers.Conv1D(32, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
age = layers.Dense(1, name="age")(x)
income = layers.Dense(10, activation="softmax", name="income")(x)
gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
topic = layers.Dense(5, activation="softmax", name="topic")(x)
model = keras.Model(words, [age, income, gender, topic])''',
    ),
    ValueExercise(
        id="03.2",
        titles={"en": "Loss weights that balance two heads", "ko": "두 헤드의 균형을 맞추는 손실 가중치"},
        hints={"en": "Start from 1 / each head's starting loss (age's MSE starts near 200, gender's cross-entropy "
                     "near 0.7), then adjust by the ratio the check reports.",
               "ko": "1 / (각 헤드의 시작 손실)에서 출발하세요(age의 MSE는 200 가까이에서, gender의 크로스엔트로피는 "
                     "0.7 가까이에서 시작합니다). 그다음 확인 결과가 알려 주는 비율만큼 조정하세요."},
        why={"en": "Look at age's unweighted MSE, though: still about where it started. A weight that small leaves "
                   "age almost no say over the shared layers. Balancing the weighted losses is not the same as both "
                   "heads learning, as the lesson's proposed weights showed.",
             "ko": "그런데 가중치를 곱하지 않은 age의 MSE는 시작할 때와 거의 그대로입니다. 가중치가 이렇게 작으면 "
                   "age는 공유 층에 대해 발언권이 거의 없습니다. 가중치를 곱한 손실의 균형을 맞춘다고 두 헤드가 모두 "
                   "배우는 것은 아닙니다. 이번 강에서 제안된 가중치가 보여 준 그대로입니다."},
        solution_code='''answer = {"age": 0.003, "gender": 1.0}''',
        expected=lambda: None,
        judge=_balance_judge,
    ),
    ValueExercise(
        id="03.3",
        titles={"en": "The total loss Keras logs", "ko": "케라스가 기록하는 전체 손실"},
        hints={"en": "Keras 3 logs age_loss, income_loss and gender_loss unweighted, and `loss` as the weighted "
                     "sum of the three.",
               "ko": "케라스 3은 age_loss, income_loss, gender_loss를 가중치 없이 기록하고, `loss`에는 세 손실의 "
                     "가중 합을 기록합니다."},
        why={"en": "0.25 × 24 + 1 × 2 + 10 × 0.5 = 13: the weights scale each head's say in the total, not "
                   "the per-head logs.",
             "ko": "0.25 × 24 + 1 × 2 + 10 × 0.5 = 13입니다. 가중치는 전체 손실에서 각 헤드의 발언권을 조절할 뿐, "
                   "헤드별로 기록되는 손실은 바꾸지 않습니다."},
        solution_code="answer = 0.25 * 24.0 + 1.0 * 2.0 + 10.0 * 0.5",
        expected=lambda: 13.0,
        judge=_total_judge,
    ),
]
