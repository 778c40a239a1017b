"""Lesson 02 exercises: a third named input, a baseline, a bias that starts at the answers' frequencies."""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES"]


def _majority_baseline():
    import numpy as np

    from funclab.data import make_stories

    stories = make_stories(6000)
    train, test = stories[:5000], stories[5000:]
    most_common = np.bincount(train.answer).argmax()
    return float((test.answer == most_common).mean())


def _baseline_judge(answer, expected):
    passed, message = judges.number({"en": "the accuracy"}, tolerance=0.005)(answer, expected)
    if passed or message:
        return passed, message
    if abs(answer - 0.05) <= 0.005:
        return False, Text({"en": "0.05 is guessing among the 20 answer words. Always answering the most common word "
                                  "does better, because the answers are not equally frequent."})
    return False, Text({"en": "Your answer is {answer:.3f}. Count the answers of the training stories (np.bincount), "
                              "take the most common one, and measure how often it is right on the test stories."},
                       answer=answer)


def _prior_target():
    import numpy as np

    labels = np.array([3, 3, 1, 0, 3, 1, 2, 3])
    return np.bincount(labels, minlength=5) / len(labels)


def _prior_judge(answer, expected):
    import numpy as np

    try:
        values = np.asarray(answer, dtype="float64")
    except (TypeError, ValueError):
        return False, Text({"en": "Give five numbers (a list or an array); you gave {kind}."}, kind=type(answer).__name__)
    if values.shape != (5,):
        return False, Text({"en": "Give one bias per class, five numbers; yours has shape {shape}."}, shape=values.shape)
    if np.isnan(values).any() or np.isposinf(values).any():
        return False, Text({"en": "The biases must be finite numbers (or -inf for a class that never occurs)."})
    probabilities = np.exp(values - values[np.isfinite(values)].max())
    probabilities /= probabilities.sum()
    if np.allclose(probabilities, expected, atol=1e-3):
        return True, ""
    return False, Text({"en": "softmax(bias) should give each class its frequency among the labels: 1/8, 2/8, 1/8, "
                              "4/8 and (nearly) 0; yours gives {found}. Try np.log of the frequencies."},
                       found=np.round(probabilities, 3).tolist())


EXERCISES = [
    ModelExercise(
        id="02.1",
        titles={"en": "A third input: a hint"},
        hints={"en": "Copy the question branch for the hint: its own keras.Input (named \"hint\", int32, any "
                     "length), Embedding and LSTM; then concatenate all three encodings, text first."},
        why={"en": "Each input has a branch of its own; the branches meet at one concatenate, so the answer layer "
                   "sees all three encodings."},
        named_inputs=True,
        solution_code='''text_input = keras.Input(shape=(None,), dtype="int32", name="text")
encoded_text = layers.LSTM(32)(layers.Embedding(10_000, 64)(text_input))
question_input = keras.Input(shape=(None,), dtype="int32", name="question")
encoded_question = layers.LSTM(16)(layers.Embedding(10_000, 32)(question_input))
hint_input = keras.Input(shape=(None,), dtype="int32", name="hint")
encoded_hint = layers.LSTM(8)(layers.Embedding(10_000, 16)(hint_input))
merged = layers.concatenate([encoded_text, encoded_question, encoded_hint])
answer = layers.Dense(500, activation="softmax")(merged)
model = keras.Model([text_input, question_input, hint_input], answer)''',
    ),
    ValueExercise(
        id="02.2",
        titles={"en": "A baseline: always the most common answer"},
        hints={"en": "np.bincount(train.answer).argmax() is the most common answer word of the training stories; "
                     "compare it with test.answer."},
        why={"en": "A model that ignores both inputs can reach this accuracy, so a result means something only "
                   "above it (and above the question-only baseline)."},
        solution_code='''most_common = np.bincount(train.answer).argmax()
answer = float((test.answer == most_common).mean())''',
        expected=_majority_baseline,
        judge=_baseline_judge,
    ),
    ValueExercise(
        id="02.3",
        titles={"en": "A bias that starts at the answers' frequencies"},
        hints={"en": "softmax(b) is proportional to exp(b), so b = log(frequency) gives each class its frequency. "
                     "A class that never occurs needs a very low value: add a tiny count before the log."},
        why={"en": "Started at the log-frequencies, the softmax already predicts the right proportions, so the "
                   "first updates need not push the never-seen classes down (what saturated the LSTM)."},
        solution_code='''counts = np.bincount(labels, minlength=5) + 1e-6
answer = np.log(counts / counts.sum())''',
        expected=_prior_target,
        judge=_prior_judge,
    ),
]
