"""funclab.LossBalanceView: the ipywidgets wiring, driven from code without a browser."""

import ipywidgets as widgets
import pytest
from lb_models import LOSSES, compact_post_model, post_data

import funclab
from funclab.loss_balance_plot import plot_runs

BOOK = {"age": 0.25, "income": 1, "gender": 10}


@pytest.fixture(scope="module")
def view():
    funclab.seed_everything(0)
    train, val = post_data(300, 100, length=40, vocabulary_size=400)
    build = compact_post_model(400, float(train.age.mean()), width=8)
    experiment = funclab.LossBalance(
        build, x=train.posts, y=train.targets, losses=LOSSES, validation=(val.posts, val.targets), epochs=2
    )
    return funclab.LossBalanceView(experiment, presets={"the book's": BOOK})


def test_one_log_slider_per_head(view):
    assert list(view.sliders) == ["age", "income", "gender"]
    assert all(isinstance(s, widgets.FloatLogSlider) and s.base == 10 for s in view.sliders.values())


def test_setting_a_slider_changes_the_next_runs_weights(view):
    view.apply_preset("equal")
    view.sliders["income"].value = 5.0
    view.train_button.click()
    assert view.experiment.runs[-1].weights == {"age": 1.0, "income": 5.0, "gender": 1.0}


def test_presets_set_the_sliders(view):
    view.preset_buttons["the book's"].click()
    assert view.weights == {"age": 0.25, "income": 1.0, "gender": 10.0}
    view.preset_buttons["proposed"].click()
    assert view.weights == pytest.approx(view.experiment.propose_weights(), rel=1e-6)
    assert list(view.preset_buttons) == ["equal", "the book's", "proposed"]
    with pytest.raises(ValueError, match="unknown preset 'nope'; the presets are equal, the book's, proposed"):
        view.apply_preset("nope")


def test_train_is_disabled_while_training_and_progress_advances(view, monkeypatch):
    seen = []
    run = view.experiment.run

    def watching_run(weights, *, on_epoch=None):
        def spy(done, total):
            seen.append((view.train_button.disabled, done, total))
            on_epoch(done, total)
            seen.append(("progress", view.progress.value))

        return run(weights, on_epoch=spy)

    monkeypatch.setattr(view.experiment, "run", watching_run)
    view.train_button.click()
    assert seen == [(True, 1, 2), ("progress", 1), (True, 2, 2), ("progress", 2)]
    assert view.train_button.disabled is False
    assert view.status.value.startswith(f"run #{len(view.experiment.runs)} took")


def test_the_button_comes_back_after_a_failed_run(view, monkeypatch):
    def failing(weights, *, on_epoch=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(view.experiment, "run", failing)
    with pytest.raises(RuntimeError):
        view.train()
    assert view.train_button.disabled is False


def test_figure_and_table_follow_the_runs(view):
    view.apply_preset("equal")
    view.train()
    first = bytes(view.figure.value)
    view.apply_preset("the book's")
    view.train()
    assert first.startswith(b"\x89PNG") and bytes(view.figure.value) != first
    assert view.table.value.count("<tr>") == len(view.experiment.runs) + 1
    picture = plot_runs(view.experiment)
    assert [len(a.get_lines()) for a in picture.figure.axes][0] == 6  # 3 heads x the last 2 runs
    assert picture._repr_png_().startswith(b"\x89PNG")  # stored as an image in a notebook
    text = repr(picture)
    assert text.startswith("Loss-balance figure: per-head training loss of run(s) ")
    assert text.count("\n  #") == len(view.experiment.runs)


def test_text_twin_for_static_renders(view):
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert text.startswith("LossBalance widget for the heads age, income, gender")
    assert "the book's [0.25, 1, 10]" in text and "Loss-balance runs" in text
    assert repr(view) == text


def test_bad_view_arguments(view):
    with pytest.raises(TypeError, match="LossBalanceView needs a funclab.LossBalance experiment, got str"):
        funclab.LossBalanceView("experiment")
    with pytest.raises(ValueError, match="preset 'huge': the weight for 'age' .* outside the sliders' range"):
        funclab.LossBalanceView(view.experiment, presets={"huge": {"age": 1e6, "income": 1, "gender": 1}})
    with pytest.raises(ValueError, match="the weight for 'age' must be a finite number >= 0"):
        funclab.LossBalanceView(view.experiment, presets={"bad": {"age": -1, "income": 1, "gender": 1}})
