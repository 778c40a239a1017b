"""Lesson 02 exercises: a third named input, a baseline, a bias that starts at the answers' frequencies."""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice import judges
from funclab.practice.base import ModelExercise, ValueExercise

__all__ = ["EXERCISES", "STORIES", "TRAIN"]


#: Lesson 2's stories and its split (tests/test_lesson_exercises.py checks the lesson uses these).
STORIES, TRAIN = 6000, 5000


def _majority_baseline():
    import numpy as np

    from funclab.data import make_stories

    stories = make_stories(STORIES)
    train, test = stories[:TRAIN], stories[TRAIN:]
    most_common = np.bincount(train.answer).argmax()
    return float((test.answer == most_common).mean())


def _baseline_judge(answer, expected):
    passed, message = judges.number({"en": "the accuracy", "ko": "정확도"}, tolerance=0.005)(answer, expected)
    if passed or message:
        return passed, message
    if abs(answer - 0.05) <= 0.005:
        return False, Text({"en": "0.05 is guessing among the 20 answer words. Always answering the most common word "
                                  "does better, because the answers are not equally frequent.",
                            "ko": "0.05는 정답 단어 20개 가운데 무작위로 추측했을 때의 정확도입니다. 정답 단어마다 "
                                  "빈도가 다르므로, 항상 가장 흔한 단어로 답하면 이보다 낫습니다."})
    return False, Text({"en": "Your answer is {answer:.3f}. Count the answers of the training stories (np.bincount), "
                              "take the most common one, and measure how often it is right on the test stories.",
                        "ko": "여러분의 답은 {answer:.3f}입니다. 훈련용 이야기의 정답을 세고(np.bincount) 가장 흔한 "
                              "정답을 골라, 검증용 이야기(test)에서 그 답이 얼마나 자주 맞는지 측정하세요."},
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
        return False, Text({"en": "Give five numbers (a list or an array); you gave {kind}.",
                            "ko": "숫자 다섯 개(리스트나 배열)를 주세요. 받은 값은 {kind}입니다."}, kind=type(answer).__name__)
    if values.shape != (5,):
        return False, Text({"en": "Give one bias per class, five numbers; yours has shape {shape}.",
                            "ko": "클래스마다 편향을 하나씩, 숫자 다섯 개를 주세요. 받은 값의 크기는 {shape}입니다."}, shape=values.shape)
    if np.isnan(values).any() or np.isposinf(values).any():
        return False, Text({"en": "The biases must be finite numbers (or -inf for a class that never occurs).",
                            "ko": "편향은 유한한 숫자여야 합니다(한 번도 나오지 않는 클래스라면 -inf도 됩니다)."})
    probabilities = np.exp(values - values[np.isfinite(values)].max())
    probabilities /= probabilities.sum()
    if np.allclose(probabilities, expected, atol=1e-3):
        return True, ""
    return False, Text({"en": "softmax(bias) should give each class its frequency among the labels: 1/8, 2/8, 1/8, "
                              "4/8 and (nearly) 0; yours gives {found}. Try np.log of the frequencies.",
                        "ko": "softmax(bias)가 각 클래스에 주는 값은 레이블에서 그 클래스가 나오는 빈도, 즉 1/8, "
                              "2/8, 1/8, 4/8, 그리고 (거의) 0이어야 합니다. 여러분의 편향으로는 {found}가 나옵니다. "
                              "빈도에 np.log를 적용해 보세요."},
                       found=np.round(probabilities, 3).tolist())


EXERCISES = [
    ModelExercise(
        id="02.1",
        titles={"en": "A third input: a hint", "ko": "세 번째 입력: 힌트"},
        hints={"en": "Copy the question branch for the hint: its own keras.Input (named \"hint\", int32, any "
                     "length), Embedding and LSTM; then concatenate all three encodings, text first.",
               "ko": "질문 가지를 복사해 힌트 가지를 만드세요: 자체 keras.Input(이름 \"hint\", int32, 길이 제한 "
                     "없음), Embedding, LSTM을 둡니다. 그다음 세 인코딩을 모두 연결하세요(텍스트가 맨 앞)."},
        why={"en": "Each input has a branch of its own; the branches meet at one concatenate, so the answer layer "
                   "sees all three encodings.",
             "ko": "입력마다 자기 가지가 있고 가지들은 하나의 concatenate에서 만나므로, 답을 내는 층이 세 인코딩을 "
                   "모두 봅니다."},
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
        titles={"en": "A baseline: always the most common answer", "ko": "기준선: 항상 가장 흔한 답"},
        hints={"en": "np.bincount(train.answer).argmax() is the most common answer word of the training stories; "
                     "compare it with test.answer.",
               "ko": "np.bincount(train.answer).argmax()는 훈련용 이야기에서 가장 흔한 정답 단어입니다. 이것을 "
                     "test.answer와 비교하세요."},
        why={"en": "A model that ignores both inputs can reach this accuracy, so a result means something only "
                   "above it (and above the question-only baseline).",
             "ko": "두 입력을 모두 무시하는 모델도 이 정확도에 도달할 수 있으므로, 결과는 이보다 높을 때만(그리고 "
                   "질문만 쓰는 기준선보다 높을 때만) 의미가 있습니다."},
        solution_code='''most_common = np.bincount(train.answer).argmax()
answer = float((test.answer == most_common).mean())''',
        expected=_majority_baseline,
        judge=_baseline_judge,
    ),
    ValueExercise(
        id="02.3",
        titles={"en": "A bias that starts at the answers' frequencies", "ko": "정답 빈도에서 시작하는 편향"},
        hints={"en": "softmax(b) is proportional to exp(b), so b = log(frequency) gives each class its frequency. "
                     "A class that never occurs needs a very low value: add a tiny count before the log.",
               "ko": "softmax(b)는 exp(b)에 비례하므로 b = log(빈도)이면 각 클래스가 자기 빈도를 얻습니다. 한 번도 "
                     "나오지 않는 클래스에는 아주 낮은 값이 필요합니다: log를 취하기 전에 아주 작은 개수를 더하세요."},
        why={"en": "Started at the log-frequencies, the softmax already predicts the right proportions, so the "
                   "first updates need not push the never-seen classes down (what saturated the LSTM).",
             "ko": "로그 빈도에서 시작하면 소프트맥스가 처음부터 올바른 비율을 예측하므로, 첫 업데이트들이 한 번도 "
                   "나오지 않은 클래스를 끌어내릴 필요가 없습니다(LSTM을 포화시킨 것이 바로 이 과정이었습니다)."},
        solution_code='''counts = np.bincount(labels, minlength=5) + 1e-6
answer = np.log(counts / counts.sum())''',
        expected=_prior_target,
        judge=_prior_judge,
    ),
]
