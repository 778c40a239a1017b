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
        return False, Text({"en": "Give the weights as a dict, {{\"age\": ..., \"gender\": ...}}; you gave {kind}."},
                           kind=type(answer).__name__)
    if not _experiment:
        _experiment.append(_balance_experiment())
    experiment = _experiment[0]
    try:
        run = experiment.run(answer)
    except (TypeError, ValueError) as error:
        return False, Text(str(error))
    age, gender = run.weighted["age"][-1], run.weighted["gender"][-1]
    ratio = age / gender if gender else float("inf")
    summary = Text({"en": "after {epochs} epochs, age's weighted loss is {age:.3g} and gender's {gender:.3g} "
                          "(ratio {ratio:.3g})"}, epochs=BALANCE_EPOCHS, age=age, gender=gender, ratio=ratio)
    if 0.5 <= ratio <= 2:
        return True, Text({"en": "Balanced: {summary}."}, summary=summary)
    bigger = "age" if ratio > 2 else "gender"
    return False, Text({"en": "Not balanced yet: {summary}. Lower {bigger}'s weight (or raise the other's) and check "
                              "again."}, summary=summary, bigger=bigger)


def _total_judge(answer, expected):
    passed, message = judges.number({"en": "the total"}, tolerance=1e-6)(answer, expected)
    if passed or message:
        return passed, message
    if abs(answer - 26.5) < 1e-6:
        return False, Text({"en": "26.5 is the plain sum. Keras 3 logs each head's loss unweighted, but the total "
                                  "`loss` is the weighted sum: 0.25·24 + 1·2 + 10·0.5."})
    return False, Text({"en": "Not quite: {answer}. The total is Σ weight × head loss."}, answer=answer)


EXERCISES = [
    ModelExercise(
        id="03.1",
        titles={"en": "A fourth head: the post's topic"},
        hints={"en": "Build the compact post model again and call one more Dense layer on the shared 64-unit "
                     "layer: Dense(5, activation=\"softmax\", name=\"topic\"); list it last among the outputs."},
        why={"en": "Every head branches off the shared layer; naming the head is what lets compile, fit and the "
                   "logs refer to it (topic_loss)."},
        named_outputs=True,
        solution_code='''posts = keras.Input(shape=(None,), dtype="int32", name="posts")
x = layers.Embedding(2000, 32)(posts)
x = layers.Conv1D(32, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
age = layers.Dense(1, name="age")(x)
income = layers.Dense(10, activation="softmax", name="income")(x)
gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
topic = layers.Dense(5, activation="softmax", name="topic")(x)
model = keras.Model(posts, [age, income, gender, topic])''',
    ),
    ValueExercise(
        id="03.2",
        titles={"en": "Loss weights that balance two heads"},
        hints={"en": "Start from 1 / each head's starting loss, as experiment.propose_weights() does, then "
                     "adjust: the age MSE is hundreds of times gender's cross-entropy."},
        why={"en": "Balanced weighted losses give both heads a say over the shared layers."},
        solution_code='''answer = {"age": 0.003, "gender": 1.0}''',
        expected=lambda: None,
        judge=_balance_judge,
    ),
    ValueExercise(
        id="03.3",
        titles={"en": "The total loss Keras logs"},
        hints={"en": "Keras 3 logs age_loss, income_loss and gender_loss unweighted, and `loss` as the weighted "
                     "sum of the three."},
        why={"en": "0.25 × 24 + 1 × 2 + 10 × 0.5 = 13: the weights scale each head's say in the total, not "
                   "the per-head logs."},
        solution_code="answer = 0.25 * 24.0 + 1.0 * 2.0 + 10.0 * 0.5",
        expected=lambda: 13.0,
        judge=_total_judge,
    ),
]
