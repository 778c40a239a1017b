"""funclab.exercise: every exercise's solution passes, realistic wrong answers fail
with the message that names the mistake, and an untouched starter is "not attempted"."""

import json
import re

import keras
import numpy as np
import pytest
from keras import layers

import funclab
from funclab.practice.base import ModelExercise, ValueExercise, _execute

EXERCISES = funclab.exercises()
IDS = [e.id for e in EXERCISES]

# What the lessons define before a value exercise's solution runs.
CONTEXT = {
    "02.2": "stories = funclab.data.make_stories(6000)\ntrain, test = stories[:5000], stories[5000:]",
    "02.3": "labels = np.array([3, 3, 1, 0, 3, 1, 2, 3])",
    "08.4": '''pixels = keras.Input(shape=(64,))
base = keras.Model(pixels, layers.Dense(16, activation="relu")(layers.Dense(32, activation="relu")(pixels)))
base.trainable = False
inputs = keras.Input(shape=(64,))
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(base(inputs)))''',
}


def solution_answer(exercise):
    """What the worked solution leaves in `model` or `answer`, run as the lesson runs it."""
    setup = getattr(exercise, "setup_code", "") or CONTEXT.get(exercise.id, "")
    scope = _execute(setup + "\n" + exercise.solution_code, {})
    return scope["model"] if isinstance(exercise, ModelExercise) else scope["answer"]


def test_ids_titles_and_order():
    assert sorted(IDS, key=lambda i: tuple(map(int, i.split(".")))) == IDS
    assert all(re.fullmatch(r"0[1-8]\.\d", i) for i in IDS)
    for lesson in ("01", "02", "03", "04", "05", "06", "07", "08"):
        assert len(funclab.exercises(lesson)) >= 3, lesson
    kinds = [isinstance(e, ModelExercise) for e in EXERCISES]
    assert sum(kinds) >= len(kinds) / 2  # at least half build a model
    assert all(e.title and e.title[0].isupper() for e in EXERCISES)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_passes(exercise_id):
    exercise = funclab.exercise(exercise_id)
    result = exercise.check(solution_answer(exercise))
    assert result.passed, result.message
    assert result.message.startswith("Passed") or result.message.startswith("Balanced")


@pytest.mark.parametrize("exercise_id", IDS)
def test_an_untouched_starter_is_not_attempted(exercise_id):
    for placeholder in (..., None):
        result = funclab.exercise(exercise_id).check(placeholder)
        assert result.status == "not attempted" and not result.passed
        assert "Not attempted yet" in repr(result)


def test_hint_and_solution_display_as_markdown_with_a_text_twin():
    exercise = funclab.exercise("06.1")
    assert "LSTM(16) once" in repr(exercise.hint())
    solution = exercise.solution()
    assert "encoder = layers.LSTM(16)" in solution._repr_markdown_() and "```python" in solution._repr_markdown_()
    assert "one set of weights" in repr(solution)


def test_unknown_ids_list_the_lessons_exercises():
    with pytest.raises(ValueError, match="there is no exercise '05.9'; the exercises are 05.1, 05.2, 05.3"):
        funclab.exercise("05.9")
    with pytest.raises(TypeError, match='an exercise id is a string like "05.2"'):
        funclab.exercise(5.2)
    with pytest.raises(ValueError, match="there is no lesson '09'"):
        funclab.progress("09")


def test_progress_lists_what_passed_in_this_kernel():
    exercise = funclab.exercise("05.3")
    exercise.check(8192)
    assert "✗ 05.3" in repr(funclab.progress("05"))
    exercise.check(64 * 128 + 128)
    text = repr(funclab.progress(5))
    assert "✓ 05.3 What the projection costs (passed)" in text and text.startswith("Lesson 05 exercises passed")


# -- wrong kinds of answer -------------------------------------------------------


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda: layers.Dense(3, name="lonely"), "You gave the layer `lonely` (Dense); the task asks for a model"),
        (lambda: keras.Input((4,), name="tensor_in"), "You gave a tensor (`tensor_in`)"),
        (lambda: "model", "The task asks for a Keras model; you gave str"),
        (lambda: keras.Sequential([keras.Input((32, 32, 64)), layers.Conv2D(64, 3)], name="stack"),
         "`stack` is a Sequential model; the task asks for the functional API"),
        (lambda: keras.Sequential([layers.Dense(2)], name="unbuilt"), "Sequential model `unbuilt` is not built yet"),
    ],
)
def test_a_wrong_kind_of_answer_gets_its_own_message(answer, words):
    result = funclab.exercise("05.1").check(answer())
    assert not result.passed and words in result.message


# -- realistic wrong answers, per exercise ----------------------------------------


def model_01_1(*, aux_from=1, order=("main", "aux"), aux_activation="softmax"):
    inputs = keras.Input(shape=(20,))
    hidden_1 = layers.Dense(16, activation="relu", name="hidden_1")(inputs)
    hidden_2 = layers.Dense(8, activation="relu", name="hidden_2")(hidden_1)
    main = layers.Dense(1, activation="sigmoid", name="main")(hidden_2)
    aux = layers.Dense(3, activation=aux_activation, name="aux")(hidden_1 if aux_from == 1 else hidden_2)
    outputs = {"main": main, "aux": aux}
    return keras.Model(inputs, [outputs[name] for name in order])


def cnn_01_3():
    return _execute(funclab.exercise("01.3").setup_code, {})["func_cnn"]


def qa_02_1(*, hint_units=8, names=("text", "question", "hint"), order=(0, 1, 2)):
    inputs = [keras.Input(shape=(None,), dtype="int32", name=name) for name in names]
    sizes = [(64, 32), (32, 16), (16, hint_units)]
    encoded = [layers.LSTM(units)(layers.Embedding(10_000, width)(x)) for x, (width, units) in zip(inputs, sizes)]
    merged = layers.concatenate([encoded[i] for i in order], name="merged")
    return keras.Model(inputs, layers.Dense(500, activation="softmax")(merged))


def posts_03_1(*, topic_activation="softmax", topic_name="topic", topic_from="dense"):
    posts = keras.Input(shape=(None,), dtype="int32", name="posts")
    x = layers.Embedding(2000, 32)(posts)
    x = layers.Conv1D(32, 3, activation="relu")(x)
    pooled = layers.GlobalMaxPooling1D(name="pooled")(x)
    x = layers.Dense(64, activation="relu", name="shared")(pooled)
    heads = [layers.Dense(1, name="age")(x), layers.Dense(10, activation="softmax", name="income")(x),
             layers.Dense(1, activation="sigmoid", name="gender")(x)]
    source = x if topic_from == "dense" else pooled
    heads.append(layers.Dense(5, activation=topic_activation, name=topic_name)(source))
    return keras.Model(posts, heads)


def inception_04_1(*, axis=-1, b_filters=32, a_padding="valid"):
    x = keras.Input(shape=(96, 96, 3))
    a = layers.Conv2D(32, 1, activation="relu", strides=2, padding=a_padding, name="a")(x)
    b = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
    b = layers.Conv2D(b_filters, 3, activation="relu", strides=2, padding="same", name="b_3x3")(b)
    c = layers.AveragePooling2D(3, strides=2, padding="same")(x)
    c = layers.Conv2D(32, 3, activation="relu", padding="same")(c)
    d = layers.Conv2D(32, 1, activation="relu", padding="same")(x)
    d = layers.Conv2D(32, 3, activation="relu", padding="same")(d)
    d = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(d)
    return keras.Model(x, layers.concatenate([a, b, c, d], axis=axis, name="stack"))


def towers_04_3(*, axis=-1, kernel=5, reverse=False, towers=4):
    input_img = keras.Input(shape=(256, 256, 3))

    def tower(kind):
        if kind == 3:
            t = layers.MaxPooling2D((3, 3), strides=(1, 1), padding="same")(input_img)
            return layers.Conv2D(64, (1, 1), padding="same", activation="relu")(t)
        if kind == 4:
            return layers.Conv2D(64, (1, 1), padding="same", activation="relu", name="t4")(input_img)
        t = layers.Conv2D(64, (1, 1), padding="same", activation="relu")(input_img)
        size = 3 if kind == 1 else kernel
        return layers.Conv2D(64, (size, size), padding="same", activation="relu", name=f"t{kind}")(t)

    kinds = list(range(1, towers + 1))
    built = {kind: tower(kind) for kind in (kinds[::-1] if reverse else kinds)}  # code order does not matter
    return keras.Model(input_img, layers.concatenate([built[k] for k in kinds], axis=axis, name="towers"))


def block_05_1(*, shortcut="input", second_activation="relu"):
    x = keras.Input(shape=(32, 32, 64))
    y1 = layers.Conv2D(64, 3, activation="relu", padding="same", name="conv_1")(x)
    y = layers.Conv2D(64, 3, activation=second_activation, padding="same", name="conv_2")(y1)
    return keras.Model(x, layers.add([y, x if shortcut == "input" else y1], name="sum"))


def block_05_2(*, shortcut_activation=None, pool_shortcut=False):
    x = keras.Input(shape=(32, 32, 64))
    y = layers.Conv2D(128, 3, activation="relu", padding="same")(x)
    y = layers.Conv2D(128, 3, activation="relu", padding="same")(y)
    y = layers.MaxPooling2D(2)(y)
    if pool_shortcut:
        shortcut = layers.MaxPooling2D(2)(layers.Conv2D(128, 1, name="projection")(x))
    else:
        shortcut = layers.Conv2D(128, 1, strides=2, activation=shortcut_activation, name="projection")(x)
    return keras.Model(x, layers.add([y, shortcut]))


def encoders_06_1(*, shared=True, units=16):
    inputs = [keras.Input(shape=(10, 16), name=name) for name in "abc"]
    one = layers.LSTM(units, name="encoder")
    encoded = [one(x) if shared else layers.LSTM(units, name=f"encoder_{x.name}")(x) for x in inputs]
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid")(layers.concatenate(encoded)))


def siamese_06_3(*, shared=True, swap=False, merge="subtract"):
    encoder = layers.Dense(4, activation="relu", name="encoder")
    x1, x2 = keras.Input(shape=(8,), name="x1"), keras.Input(shape=(8,), name="x2")
    e1 = encoder(x1)
    e2 = encoder(x2) if shared else layers.Dense(4, activation="relu", name="second_encoder")(x2)
    pair = [e2, e1] if swap else [e1, e2]
    joined = layers.subtract(pair, name="difference") if merge == "subtract" else layers.concatenate(pair, name="joined")
    return keras.Model([x1, x2], layers.Dense(1, activation="sigmoid")(joined))


def encoder_07(name="encoder"):
    frame = keras.Input(shape=(28, 28, 1))
    features = layers.GlobalMaxPooling2D()(layers.Conv2D(16, 3, activation="relu")(frame))
    return keras.Model(frame, features, name=name)


def pair_07_1(*, how="model", head_activation="sigmoid"):
    left, right = keras.Input(shape=(28, 28, 1), name="left"), keras.Input(shape=(28, 28, 1), name="right")
    if how == "model":
        encoder = encoder_07()
        a, b = encoder(left), encoder(right)
    elif how == "two models":
        a, b = encoder_07("encoder_left")(left), encoder_07("encoder_right")(right)
    else:  # the layers, applied directly
        conv, pool = layers.Conv2D(16, 3, activation="relu", name="conv"), layers.GlobalMaxPooling2D(name="pool")
        a, b = pool(conv(left)), pool(conv(right))
    merged = layers.concatenate([a, b])
    return keras.Model([left, right], layers.Dense(1, activation=head_activation)(merged))


def video_07_2(*, units=8, recurrent=layers.LSTM):
    encoder = encoder_07()
    clip = keras.Input(shape=(10, 28, 28, 1))
    frames = layers.TimeDistributed(encoder)(clip)
    return keras.Model(clip, layers.Dense(3, activation="softmax")(recurrent(units, name="reader")(frames)))


def pair_08():
    return _execute(funclab.exercise("08.1").setup_code, {})["pair"]


def resnet_08_2(*, second_strides=2, blocks=3):
    block = _execute(funclab.exercise("08.2").setup_code, {})["residual_block"]
    image = keras.Input(shape=(16, 16, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(image)
    x = block(x, 16)
    if blocks >= 2:
        x = block(x, 32, strides=second_strides)
    if blocks >= 3:
        x = block(x, 64, strides=2)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(image, layers.Dense(10, activation="softmax")(x))


def ensemble_08_3(*, count=3, merge="average"):
    members = _execute(funclab.exercise("08.3").setup_code, {})["members"]
    inputs = keras.Input(shape=(64,))
    outputs = [member(inputs) for member in members[:count]]
    merged = layers.average(outputs, name="mean") if merge == "average" else layers.concatenate(outputs, name="joined")
    return keras.Model(inputs, merged)


WRONG = [
    ("01.1", lambda: model_01_1(aux_from=2), "`aux` is applied to `hidden_2`; the task applies Dense(units=3, activation='softmax') to `hidden_1`"),
    ("01.1", lambda: model_01_1(order=("aux", "main")), "Output 0 of your model is `aux`; the task's output 0 is the output of your `main`"),
    ("01.1", lambda: model_01_1(aux_activation="relu"), "`aux` uses the activation 'relu'; the task asks for 'softmax'"),
    ("01.2", lambda: (None, 16), "Dense acts on the last axis only"),
    ("01.2", lambda: "(None, 8, 16)", "Give the shape as a tuple"),
    ("01.3", lambda: (lambda cnn: keras.Model(cnn.inputs, cnn.get_layer("conv1").output))(cnn_01_3()), "The task applies MaxPooling2D(pool_size=(2, 2), strides=(2, 2)) to `conv1`; nothing in your model does"),
    ("01.3", lambda: cnn_01_3(), "Output 0 of your model is `digit`; the task's output 0 is the output of your `conv2`"),
    ("01.4", lambda: "first", "`first` is the Input you gave keras.Model"),
    ("01.4", lambda: keras.Input((4,), name="second"), "give its name as a string"),
    ("02.1", lambda: qa_02_1(hint_units=16), "has 16 units; the task asks for 8"),
    ("02.1", lambda: qa_02_1(names=("text", "question", "tip")), "Your input `tip` should be named `hint`"),
    ("02.1", lambda: qa_02_1(order=(2, 0, 1)), "`merged` takes"),
    ("02.2", lambda: 0.05, "0.05 is guessing among the 20 answer words"),
    ("02.2", lambda: 0.5, "Count the answers of the training stories"),
    ("02.3", lambda: [1 / 8, 2 / 8, 1 / 8, 4 / 8, 0.0], "softmax(bias) should give each class its frequency"),
    ("02.3", lambda: [0.0, 0.0], "Give one bias per class, five numbers"),
    ("03.1", lambda: posts_03_1(topic_activation="sigmoid"), "`topic` uses the activation 'sigmoid'; the task asks for 'softmax'"),
    ("03.1", lambda: posts_03_1(topic_name="topics"), "Your output `topics` should be named `topic`"),
    ("03.1", lambda: posts_03_1(topic_from="pooled"), "`topic` is applied to `pooled`; the task applies Dense(units=5, activation='softmax') to `shared`"),
    ("03.2", lambda: {"age": 1.0, "gender": 1.0}, "Not balanced yet"),
    ("03.2", lambda: {"age": 1.0}, "no weight for the output(s) 'gender'"),
    ("03.3", lambda: 26.5, "26.5 is the plain sum"),
    ("03.3", lambda: "13", "Give the total as a number"),
    ("04.1", lambda: inception_04_1(axis=1), "`stack` joins its inputs on axis 1; the task joins them on axis 3"),
    ("04.1", lambda: inception_04_1(b_filters=64), "`b_3x3` has 64 filters; the task asks for 32"),
    ("04.1", lambda: inception_04_1(a_padding="same"), "`a` uses padding='same'; the task asks for padding='valid'"),
    ("04.2", lambda: (None, 49, 49, 128), "49 is after the pooling"),
    ("04.2", lambda: (47, 47, 128), "with the batch axis (None) first"),
    ("04.2", lambda: (None, 50, 50, 128), "With padding=\"same\" it would be 50"),
    ("04.3", lambda: towers_04_3(axis=1), "`towers` joins its inputs on axis 1; the task joins them on axis 3"),
    ("04.3", lambda: towers_04_3(kernel=3), "`t2` has kernel_size=(3, 3); the task asks for kernel_size=(5, 5)"),
    ("04.3", lambda: towers_04_3(towers=3), "(3 tensors); the task's Concatenate(axis=-1) combines"),
    ("04.4", lambda: 18496, "18,496 is a full Conv2D(64, 3)"),
    ("04.4", lambda: 2336, "the pointwise step has a bias per filter"),
    ("05.1", lambda: block_05_1(shortcut="conv_1"), "`sum` combines `conv_2`, `conv_1`"),
    ("05.1", lambda: block_05_1(second_activation=None), "`conv_2` uses the activation 'linear'; the task asks for 'relu'"),
    ("05.2", lambda: block_05_2(shortcut_activation="relu"), "`projection` uses the activation 'relu'; the task asks for 'linear'"),
    ("05.2", lambda: block_05_2(pool_shortcut=True), "`projection` has strides=(1, 1); the task asks for strides=(2, 2)"),
    ("05.3", lambda: 8192, "each of the 128 filters also has a bias"),
    ("05.3", lambda: 0, "An identity shortcut costs nothing"),
    ("06.1", lambda: encoders_06_1(shared=False), "is a new layer with weights of its own; the task uses one layer object for all 3 calls"),
    ("06.1", lambda: encoders_06_1(units=32), "`encoder` has 32 units; the task asks for 16"),
    ("06.2", lambda: 0, "Node 0 is the first call, on the 32×32 images"),
    ("06.2", lambda: "1", "Give the node index as a whole number (an int)"),
    ("06.3", lambda: siamese_06_3(shared=False), "`second_encoder` is a new layer with weights of its own"),
    ("06.3", lambda: siamese_06_3(swap=True), "`difference` takes `encoder#1`, `encoder#0`; the task's Subtract() takes them in this order: `encoder#0`, `encoder#1`"),
    ("06.3", lambda: siamese_06_3(merge="concatenate"), "`joined` is a Concatenate layer"),
    ("07.1", lambda: pair_07_1(how="layers"), "`conv` is applied directly to `left`; the task calls a model there"),
    ("07.1", lambda: pair_07_1(how="two models"), "`encoder_right` is a new layer with weights of its own"),
    ("07.1", lambda: pair_07_1(head_activation="relu"), "uses the activation 'relu'; the task asks for 'sigmoid'"),
    ("07.2", lambda: video_07_2(units=16), "`reader` has 16 units; the task asks for 8"),
    ("07.2", lambda: video_07_2(recurrent=layers.GRU), "`reader` is a GRU layer"),
    ("07.3", lambda: (None, 7, 7, 2048), "7×7 is for 224×224 images"),
    ("07.3", lambda: [None, 8, 8], "Not quite"),
    ("08.1", lambda: funclab.feature_model(pair_08(), ("tower/conv", 0)), "`tower_to_conv` is applied to `a`; the task applies the model `tower_to_conv` to `b`"),
    ("08.1", lambda: funclab.feature_model(pair_08(), ("tower", 1)), "`tower` is a model, but not the one the task calls there"),
    ("08.2", lambda: resnet_08_2(second_strides=1), "has strides=(1, 1); the task asks for strides=(2, 2)"),
    ("08.2", lambda: resnet_08_2(blocks=2), "the task applies Conv2D(filters=64"),
    ("08.3", lambda: ensemble_08_3(count=2), "`mean` combines"),
    ("08.3", lambda: ensemble_08_3(merge="concatenate"), "`joined` is a Concatenate layer, applied to `member_1`, `member_2`, `member_3`; the task applies Average() there"),
    ("08.4", lambda: 2778, "2,778 is every parameter"),
    ("08.4", lambda: 2608, "2,608 is the frozen base"),
]


@pytest.mark.parametrize("exercise_id, answer, words", WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_a_realistic_mistake_fails_with_a_message_that_names_it(exercise_id, answer, words):
    result = funclab.exercise(exercise_id).check(answer())
    assert not result.passed
    assert words in result.message, result.message


def test_every_exercise_has_at_least_two_wrong_answers_tested():
    counts = {i: sum(w[0] == i for w in WRONG) for i in IDS}
    assert all(count >= 2 for count in counts.values()), counts


def test_a_failed_model_shows_the_learners_graph_with_the_difference_highlighted():
    result = funclab.exercise("06.1").check(encoders_06_1(shared=False))
    html = result._repr_html_()
    assert "<svg" in html and "encoder_b" in html and "#dc2626" in html
    assert "✗ Exercise 06.1" in html and "is a new layer" in html


# -- properties --------------------------------------------------------------------


def _renamed(model, keep: set[str]):
    """The same model rebuilt from its config with every other layer renamed."""
    config = json.dumps(keras.saving.serialize_keras_object(model))
    names = {layer.name for layer in model.layers} - keep
    for name in sorted(names, key=len, reverse=True):
        config = config.replace(f'"{name}"', f'"renamed_{name}"')
    return keras.saving.deserialize_keras_object(json.loads(config))


@pytest.mark.parametrize("exercise_id", [e.id for e in EXERCISES if isinstance(e, ModelExercise) and e.id != "08.1"])
def test_renaming_the_inner_layers_keeps_a_solution_passing(exercise_id):
    exercise = funclab.exercise(exercise_id)
    model = exercise.reference()
    keep = {t._keras_history[0].name for t in model.inputs + model.outputs}
    renamed = _renamed(model, keep)
    assert {layer.name for layer in renamed.layers} != {layer.name for layer in model.layers} or len(keep) == len(model.layers)
    result = exercise.check(renamed)
    assert result.passed, result.message


def test_the_order_the_code_was_written_in_does_not_matter():
    assert funclab.exercise("04.3").check(towers_04_3(reverse=True)).passed


def test_value_exercises_accept_lists_for_shapes():
    assert funclab.exercise("04.2").check([None, 47, 47, 128]).passed
    assert isinstance(funclab.exercise("04.2"), ValueExercise)
    assert funclab.exercise("02.3").check(np.log([1, 2, 1, 4, 1e-9])).passed
