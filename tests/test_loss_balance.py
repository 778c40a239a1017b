"""funclab.LossBalance: the experiment behind the widget, driven without a browser."""

import math

import keras
import numpy as np
import pytest
from lb_models import LOSSES, compact_post_model, post_data

import funclab


@pytest.fixture(scope="module")
def experiment():
    """One experiment for the module, with its first two runs made here (equal
    weights, then the book's), so that every test finds them whatever order
    the tests run in; tests may add runs but never rely on others' runs."""
    funclab.seed_everything(0)  # as the lessons do: op determinism makes reruns bit-identical
    train, val = post_data()
    build = compact_post_model(2000, float(train.age.mean()))
    experiment = funclab.LossBalance(build, x=train.posts, y=train.targets, losses=LOSSES, validation=(val.posts, val.targets))
    experiment.run({"age": 1, "income": 1, "gender": 1})
    experiment.run([0.25, 1, 10])
    return experiment


@pytest.fixture
def small():
    train, val = post_data(200, 50, length=40, vocabulary_size=400)
    build = compact_post_model(400, float(train.age.mean()), width=8)
    return build, train, val


@pytest.fixture(scope="module")
def quick():
    """A small experiment, one epoch per run, for the mechanics of a run."""
    train, _ = post_data(200, 50, length=40, vocabulary_size=400)
    build = compact_post_model(400, float(train.age.mean()), width=8)
    return funclab.LossBalance(build, x=train.posts, y=train.targets, losses=LOSSES, epochs=2)


def test_weighting_fixes_something_visible(experiment):
    """With equal weights the age MSE (hundreds at first) drowns the gender
    head, which stays at chance; the book's weights let gender learn."""
    initial = experiment.initial_losses()
    assert initial["age"] > 100 and 2.0 < initial["income"] < 2.6 and 0.6 < initial["gender"] < 0.8
    equal, book = experiment.runs[:2]
    assert equal.weights == {"age": 1.0, "income": 1.0, "gender": 1.0}
    assert book.weights == {"age": 0.25, "income": 1.0, "gender": 10.0}
    assert equal.val_metric["gender"] < 0.6
    assert book.val_metric["gender"] > 0.9
    assert book.val_loss["gender"] < 0.3 and book.val_loss["age"] < 15


def test_more_weight_on_income_lets_it_learn(experiment):
    run = experiment.run([0.25, 5, 10])
    assert run.val_metric["income"] > 0.4  # 10 groups: guessing gives 0.1


def test_proposed_weights_equalise_the_initial_losses(experiment):
    proposed = experiment.propose_weights()
    initial = experiment.initial_losses()
    for head in experiment.heads:
        assert proposed[head] * initial[head] == pytest.approx(1.0, rel=0.01)


def test_a_run_records_per_head_per_epoch(quick):
    run = quick.run({"age": 0.5, "income": 2, "gender": 3})
    for head in quick.heads:
        assert len(run.loss[head]) == len(run.weighted[head]) == len(run.metric[head]) == quick.epochs
        assert run.weighted[head] == tuple(run.weights[head] * v for v in run.loss[head])
    assert sum(run.shares().values()) == pytest.approx(1.0)
    assert quick.runs[-1] is run and run.number == len(quick.runs)


def test_runs_are_reproducible_and_kept(quick):
    funclab.seed_everything(0)  # op determinism: reruns are bit-identical
    before = len(quick.runs)
    first = quick.run([1, 1, 1])
    again = quick.run([1, 1, 1])
    assert first.loss == again.loss and first.val_metric == again.val_metric
    assert len(quick.runs) == before + 2


def test_runs_change_weights_without_compiling_again(quick):
    quick.run([1, 1, 1])
    train_function = quick.model.train_function
    changed = quick.run([0.1, 1, 1])
    assert quick.model.train_function is train_function
    assert changed.weighted["age"][0] == pytest.approx(0.1 * changed.loss["age"][0])


def test_compare_lists_every_run(experiment):
    table = experiment.compare()
    text = repr(table)
    assert text.count("\n#") == len(experiment.runs)
    assert "[0.25, 1, 10]" in text and "gender accuracy" in text
    assert "<table class=\"funclab\">" in table._repr_html_()


def test_keras_logs_the_unweighted_loss_per_head(quick):
    heavy = quick.run({"age": 1, "income": 1000, "gender": 1})
    light = quick.run({"age": 1, "income": 1, "gender": 1})
    # The first epoch starts from the same weights: the logged (unweighted)
    # income loss is of the same size whatever its weight.
    assert heavy.loss["income"][0] == pytest.approx(light.loss["income"][0], rel=0.5)
    assert heavy.weighted["income"][0] == pytest.approx(1000 * heavy.loss["income"][0])


@pytest.mark.parametrize(
    "weights, error, words",
    [
        ({"age": -1, "income": 1, "gender": 1}, ValueError, "the weight for 'age' must be a finite number >= 0, got -1"),
        ({"age": 1, "income": math.nan, "gender": 1}, ValueError, "the weight for 'income' must be a finite number"),
        ({"age": 1, "income": "1", "gender": 1}, TypeError, "the weight for 'income' must be a number, got str"),
        ({"age": 1, "income": 1, "gender": True}, TypeError, "the weight for 'gender' must be a number, got bool"),
        ({"age": 1, "income": 1}, ValueError, "no weight for the output(s) 'gender'"),
        ({"age": 1, "income": 1, "gender": 1, "height": 1}, ValueError, "weights for 'height' name no output; the outputs are age, income, gender"),
        ([1, 1], ValueError, "expected 3 weights (for age, income, gender), got 2"),
        ([0, 0, 0], ValueError, "at least one weight must be above 0"),
        ("1,1,1", TypeError, "weights must be a dict keyed by output name or a list"),
    ],
)
def test_bad_weights(quick, weights, error, words):
    before = list(quick.runs)
    with pytest.raises(error) as info:
        quick.run(weights)
    assert words in str(info.value)
    assert quick.runs == before


def test_unnamed_outputs_are_refused():
    def build():
        x = keras.Input((3,))
        return keras.Model(x, [keras.layers.Dense(1)(x), keras.layers.Dense(1, name="named")(x)])

    data = np.zeros((8, 3), "float32")
    with pytest.raises(ValueError, match=r"output 'dense(_\d+)?' has Keras' automatic name: name the output layers"):
        funclab.LossBalance(build, x=data, y={}, losses={})


@pytest.mark.parametrize(
    "change, error, words",
    [
        ({"losses": {**LOSSES, "height": "mse"}}, ValueError, "losses for 'height' name no output; the outputs are age, income, gender"),
        ({"losses": {"age": "mse", "income": "sparse_categorical_crossentropy"}}, ValueError, "losses has no entry for the output(s) 'gender'"),
        ({"losses": ["mse"]}, TypeError, "losses must be a dict keyed by output name (age, income, gender)"),
        ({"y": "targets"}, TypeError, "y must be a dict of targets keyed by output name"),
        ({"metrics": {"height": "mae"}}, ValueError, "metrics for 'height' name no output"),
        ({"validation": ([1], [2], [3])}, TypeError, "validation must be a tuple (x_val, y_val)"),
        ({"epochs": 0}, ValueError, "epochs must be a positive int, got 0"),
        ({"build_model": "model"}, TypeError, "build_model must be a function that returns a keras.Model, got str"),
        ({"build_model": lambda: "model"}, TypeError, "build_model must return a keras.Model, got str"),
    ],
)
def test_bad_setup(small, change, error, words):
    build, train, val = small
    arguments = {"build_model": build, "x": train.posts, "y": train.targets, "losses": LOSSES, **change}
    with pytest.raises(error) as info:
        funclab.LossBalance(arguments.pop("build_model"), **arguments)
    assert words in str(info.value)


def test_targets_that_do_not_match_the_heads(small):
    build, train, val = small
    short = {**train.targets, "income": train.income[:10]}
    with pytest.raises(ValueError, match=r"y\['income'\] has 10 targets, but the inputs have 200 samples"):
        funclab.LossBalance(build, x=train.posts, y=short, losses=LOSSES)
    with pytest.raises(ValueError, match="y for 'height' name no output; the outputs are age, income, gender"):
        funclab.LossBalance(build, x=train.posts, y={**train.targets, "height": train.age}, losses=LOSSES)
    missing = {"age": val.age, "income": val.income}
    with pytest.raises(ValueError, match=r"validation y has no targets for the output\(s\) 'gender'"):
        funclab.LossBalance(build, x=train.posts, y=train.targets, losses=LOSSES, validation=(val.posts, missing))


def test_a_loss_without_a_default_metric_asks_for_one(small):
    build, train, _ = small
    losses = {**LOSSES, "age": keras.losses.Huber()}
    with pytest.raises(ValueError, match=r"give metrics\['age'\]"):
        funclab.LossBalance(build, x=train.posts, y=train.targets, losses=losses)
    experiment = funclab.LossBalance(build, x=train.posts, y=train.targets, losses=losses, metrics={"age": "mae"})
    assert experiment.metric_names == {"age": "mae", "income": "accuracy", "gender": "accuracy"}
