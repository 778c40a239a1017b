"""What exercise checks say, in English and Korean (``funclab.set_language``).

Every message names the learner's own layers and says what was expected,
what was found and what to do. ``say(key, **fields)`` formats one in the
current language.
"""

from __future__ import annotations

from funclab.i18n import Text

__all__ = ["MESSAGES", "say"]

MESSAGES: dict[str, dict[str, str]] = {
    "not_attempted": {
        "en": "Not attempted yet: replace the `...` with your answer and run the cell again.",
        "ko": "아직 시도하지 않았습니다: `...` 자리에 답을 넣고 셀을 다시 실행하세요.",
    },
    "passed": {"en": "Passed.", "ko": "통과했습니다."},
    "not_a_model_layer": {
        "en": "You gave the layer `{name}` ({cls}); the task asks for a model: keras.Model(inputs, outputs).",
        "ko": "`{name}` 층({cls})을 답으로 주었습니다. 과제는 모델을 요구합니다: keras.Model(inputs, outputs).",
    },
    "not_a_model_tensor": {
        "en": "You gave a tensor (`{name}`); the task asks for a model: keras.Model(inputs, outputs), with this "
              "tensor as the output.",
        "ko": "텐서(`{name}`)를 답으로 주었습니다. 과제는 모델을 요구합니다: 이 텐서를 출력으로 하는 "
              "keras.Model(inputs, outputs).",
    },
    "not_a_model": {"en": "The task asks for a Keras model; you gave {kind}.",
                    "ko": "과제는 케라스 모델을 요구합니다. 받은 값은 {kind}입니다."},
    "sequential": {
        "en": "`{name}` is a Sequential model; the task asks for the functional API: keras.Model(inputs, outputs).",
        "ko": "`{name}` 모델은 Sequential 모델입니다. 과제는 함수형 API를 요구합니다: keras.Model(inputs, outputs).",
    },
    "subclassed": {
        "en": "`{name}` is a subclassed model, which Keras keeps no graph of; build it with the functional API: "
              "keras.Model(inputs, outputs).",
        "ko": "`{name}` 모델은 서브클래싱 모델이어서 케라스가 그래프를 보관하지 않습니다. 함수형 API로 만드세요: "
              "keras.Model(inputs, outputs).",
    },
    "unbuilt": {"en": "Sequential model `{name}` is not built yet: start it with keras.Input(shape=...).",
                "ko": "Sequential 모델 `{name}`: 아직 빌드되지 않았습니다. keras.Input(shape=...)에서 시작하세요."},
    "input_count": {"en": "Your model has {found} input(s) ({names}); the task has {expected} ({task}).",
                    "ko": "여러분의 모델은 입력이 {found}개({names})인데, 과제는 {expected}개({task})입니다."},
    "input_name": {
        "en": "Your input `{found}` should be named `{expected}`: keras.Input(..., name=\"{expected}\"). "
              "Data is fed to the task's inputs by name.",
        "ko": "입력 `{found}`의 이름은 `{expected}`이어야 합니다: keras.Input(..., name=\"{expected}\"). 데이터는 "
              "이름으로 과제의 입력에 주입됩니다.",
    },
    "input_order": {
        "en": "Input {position} of your model is `{found}`; the task's input {position} is `{expected}`: "
              "list the inputs in the task's order in keras.Model([...], ...).",
        "ko": "여러분의 모델에서 {position}번 입력은 `{found}`인데, 과제의 {position}번 입력은 `{expected}`입니다. "
              "keras.Model([...], ...)에 입력을 과제의 순서대로 나열하세요.",
    },
    "input_shape": {
        "en": "Your input `{name}` has shape {found}; the task asks for {expected}. "
              "(keras.Input(shape=...) leaves out the batch axis.)",
        "ko": "입력 `{name}`의 크기는 {found}인데, 과제가 요구하는 크기는 {expected}입니다. "
              "(keras.Input(shape=...)에는 배치 축을 빼고 씁니다.)",
    },
    "input_dtype": {"en": "Your input `{name}` holds {found}; the task asks for {expected}: keras.Input(..., dtype=\"{expected}\").",
                    "ko": "입력 `{name}`의 dtype은 {found}인데, 과제가 요구하는 dtype은 {expected}입니다: "
                          "keras.Input(..., dtype=\"{expected}\")."},
    "expected_model": {
        "en": "`{name}` is applied directly to {inputs}; the task calls a model there ({expected}): build that "
              "model once with keras.Model and call it on each input.",
        "ko": "`{name}` 층이 {inputs}에 바로 적용됩니다. 과제는 그 자리에서 모델({expected})을 호출합니다. 그 모델을 "
              "keras.Model로 한 번 만들고 각 입력에 호출하세요.",
    },
    "layer_type": {"en": "`{name}` is a {found} layer, applied to {inputs}; the task applies {expected} there.",
                   "ko": "`{name}` 층은 {inputs}에 적용된 {found} 층입니다. 과제가 그 자리에 적용하는 것은 "
                         "{expected}입니다."},
    "setting_units": {"en": "`{name}` has {found} units; the task asks for {expected}.",
                      "ko": "`{name}` 층의 유닛은 {found}개인데, 과제는 {expected}개를 요구합니다."},
    "setting_filters": {"en": "`{name}` has {found} filters; the task asks for {expected}.",
                        "ko": "`{name}` 층의 필터는 {found}개인데, 과제는 {expected}개를 요구합니다."},
    "setting_activation": {"en": "`{name}` uses the activation {found!r}; the task asks for {expected!r}.",
                           "ko": "`{name}` 층의 활성화 함수는 {found!r}인데, 과제가 요구하는 것은 {expected!r}입니다."},
    "setting_padding": {"en": "`{name}` uses padding={found!r}; the task asks for padding={expected!r}.",
                        "ko": "`{name}` 층은 padding={found!r}인데, 과제가 요구하는 것은 padding={expected!r}입니다."},
    "setting_axis": {
        "en": "`{name}` joins its inputs on axis {found}; the task joins them on axis {expected} "
              "(the channels are the last axis: axis=-1).",
        "ko": "`{name}` 층은 입력을 축 {found}에서 연결하는데, 과제는 축 {expected}에서 연결합니다(채널은 마지막 "
              "축입니다: axis=-1).",
    },
    "setting": {"en": "`{name}` has {key}={found!r}; the task asks for {key}={expected!r} ({description}).",
                "ko": "`{name}` 층은 {key}={found!r}인데, 과제가 요구하는 것은 "
                      "{key}={expected!r}입니다({description})."},
    "nested_differs": {"en": "`{name}` is a model, but not the one the task calls there ({expected}): compare its "
                             "layers with the task's.",
                       "ko": "`{name}` 층은 모델이지만, 과제가 그 자리에서 호출하는 모델({expected})과는 다릅니다. "
                             "그 모델의 층을 과제의 층과 비교해 보세요."},
    "inputs_of": {
        "en": "`{name}` combines {found} ({found_count} tensors); the task's {description} combines {expected} "
              "({expected_count}).",
        "ko": "`{name}` 층은 {found}(텐서 {found_count}개)를 합치는데, 과제에서 {expected}({expected_count}개)를 "
              "합치는 것은 {description}입니다.",
    },
    "applied_to": {"en": "`{name}` is applied to {found}; the task applies {description} to {expected}.",
                   "ko": "`{name}` 층은 {found}에 적용되는데, 과제에서 {expected}에 적용하는 것은 "
                         "{description}입니다."},
    "input_order_of": {
        "en": "`{name}` takes {found}; the task's {description} takes them in this order: {expected}.",
        "ko": "`{name}` 층은 입력을 {found} 순서로 받는데, 과제에서 {description}에 들어가는 순서는 {expected}입니다.",
    },
    "after": {"en": "After `{producer}`, your model applies `{name}`, a {found}; the task applies {expected} there.",
              "ko": "여러분의 모델은 `{producer}` 다음에 `{name}` 층({found})을 적용합니다. 과제가 그 자리에 "
                    "적용하는 것은 {expected}입니다."},
    "nested_model": {"en": "the model `{name}`", "ko": "모델 `{name}`"},
    "nested_model_wrapped": {"en": "the model `{name}` through {wrapper}", "ko": "{wrapper}로 감싼 모델 `{name}`"},
    "missing": {"en": "The task applies {expected} to {inputs}; nothing in your model does.",
                "ko": "과제는 {inputs}에 다음을 적용합니다: {expected}. 여러분의 모델에는 이렇게 하는 층이 없습니다."},
    "output_count": {"en": "Your model has {found} output(s) ({names}); the task has {expected} ({task}).",
                     "ko": "여러분의 모델은 출력이 {found}개({names})인데, 과제는 {expected}개({task})입니다."},
    "output_order": {
        "en": "Output {position} of your model is `{found}`; the task's output {position} is the output of your "
              "`{expected}`: list the task's outputs, in its order.",
        "ko": "여러분의 모델에서 {position}번 출력은 `{found}`인데, 과제의 {position}번 출력은 여러분의 `{expected}` "
              "층이 내는 출력입니다. 과제의 출력을 과제의 순서대로 나열하세요.",
    },
    "output_differs": {"en": "Output {position} of your model (`{found}`) is not the task's output `{expected}`.",
                       "ko": "여러분의 모델에서 {position}번 출력(`{found}`)은 과제의 출력이 아닙니다. 과제의 출력은 "
                             "`{expected}`입니다."},
    "output_name": {
        "en": "Your output `{found}` should be named `{expected}` (give its layer name=\"{expected}\"): losses, "
              "weights and targets find a head by its name.",
        "ko": "출력 `{found}`의 이름은 `{expected}`이어야 합니다(그 층을 만들 때 name=\"{expected}\" 인자를 주세요). "
              "손실, 가중치, 타깃은 이름으로 헤드를 찾습니다.",
    },
    "not_shared": {
        "en": "`{second}` is a new layer with weights of its own; the task uses one layer object for all {count} "
              "calls: create the layer once and call `{first}` on each input.",
        "ko": "`{second}` 층은 자체 가중치를 가진 새 층입니다. 과제는 {count}번의 호출 모두에 층 객체 하나를 씁니다. "
              "층을 한 번만 만들고 `{first}` 층을 각 입력에 호출하세요.",
    },
    "shared_wrongly": {
        "en": "`{name}` is one layer called {count} times, where the task uses a separate layer each time "
              "(each with weights of its own): create one layer per use.",
        "ko": "`{name}` 층은 한 층을 {count}번 호출한 것인데, 과제는 호출마다 별도의 층(각자 자체 가중치를 가진 "
              "층)을 씁니다. 쓸 때마다 층을 하나씩 만드세요.",
    },
    "give_shape": {"en": "Give the shape as a tuple, like {example}; you gave {kind}.",
                   "ko": "크기는 {example}처럼 튜플로 주세요. 받은 값은 {kind}입니다."},
    "give_int": {"en": "Give {what} as a whole number (an int); you gave {kind}.",
                 "ko": "답({what})은 정수(int)여야 합니다. 받은 값은 {kind}입니다."},
    "give_number": {"en": "Give {what} as a number; you gave {kind}.",
                    "ko": "답({what})은 숫자여야 합니다. 받은 값은 {kind}입니다."},
    "give_name": {"en": "Give {what} as a string; you gave {kind}.",
                  "ko": "답({what})은 문자열이어야 합니다. 받은 값은 {kind}입니다."},
    "value_wrong": {"en": "Not quite: your answer is {found}.", "ko": "정답이 아닙니다: 여러분의 답은 {found}입니다."},
}


def say(message: str, /, **fields) -> Text:
    """One message with its fields filled in, rendered in whichever language is asked."""
    if message == "setting" and f"setting_{fields.get('key')}" in MESSAGES:
        message = f"setting_{fields['key']}"
    return Text(MESSAGES[message], **fields)
