"""The loss-balance widget: a thin ipywidgets view over ``LossBalance``.

One log-scale slider per head, preset buttons, a Train button (disabled while
training, with a progress bar), a figure (per-head loss curves and each run's
share of the total loss) and a table comparing the runs. All the logic lives in
``funclab.loss_balance.LossBalance``; this module only wires widgets to it.

In a static render (GitHub, nbviewer, nbval) the widget shows as its text
twin: the heads, the presets and the runs so far.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets

from funclab.i18n import pick, with_twins
from funclab.loss_balance import LossBalance, Run
from funclab.loss_balance_plot import plot_runs

__all__ = ["LossBalanceView"]

SLIDER_RANGE = (-3.0, 2.0)  # log10 of the smallest and largest weight

#: The widget's words, in each language the lessons speak.
WORDS = {
    "heading": {"en": "<b>Loss weights</b> (log scale)", "ko": "<b>손실 가중치</b> (로그 스케일)"},
    "presets": {"en": "Presets:", "ko": "프리셋:"},
    "train": {"en": "Train", "ko": "훈련"},
    "epochs": {"en": "epochs", "ko": "에포크"},
    "start": {"en": "Choose weights, then press Train.", "ko": "가중치를 고른 다음 훈련 버튼을 누르세요."},
    "training": {"en": "training...", "ko": "훈련 중..."},
    "took": {"en": "run #{number} took {seconds:.1f} s", "ko": "실행 #{number}: {seconds:.1f}초 걸림"},
    "text": {
        "en": "LossBalance widget for the heads {heads}: one slider per head ({low:g} to {high:g}, log scale), "
              "presets, and a Train button ({epochs} epochs per run).\nPresets: {presets}\n{runs}\n"
              "(Run the notebook in Jupyter to move the sliders and train.)",
        "ko": "헤드 {heads}의 LossBalance 위젯: 헤드마다 슬라이더 하나({low:g}~{high:g}, 로그 스케일), 프리셋, 훈련 "
              "버튼(실행마다 {epochs} 에포크).\n프리셋: {presets}\n{runs}\n(슬라이더를 움직이고 훈련하려면 "
              "Jupyter에서 노트북을 실행하세요.)",
    },
}


class LossBalanceView:
    """Sliders, presets and a Train button for a ``LossBalance`` experiment.

    ``presets`` adds named weight sets to the built-in ``equal`` (all 1) and
    ``proposed`` (``experiment.propose_weights()``). Display it in Jupyter
    like any widget; ``sliders``, ``preset_buttons`` and ``train_button`` are
    public so that tests (and curious learners) can drive it from code.
    """

    def __init__(self, experiment: LossBalance, *, presets: Mapping[str, Mapping[str, float]] | None = None):
        if not isinstance(experiment, LossBalance):
            raise TypeError(f"LossBalanceView needs a funclab.LossBalance experiment, got {type(experiment).__name__}")
        self.experiment = experiment.prepare()
        self.presets = {"equal": {h: 1.0 for h in experiment.heads}}
        for name, weights in (presets or {}).items():
            self.presets[name] = experiment.check_weights(weights)
        self.presets["proposed"] = experiment.propose_weights()
        low, high = SLIDER_RANGE
        for name, weights in self.presets.items():
            for head, value in weights.items():
                if not 10**low <= value <= 10**high:
                    raise ValueError(
                        f"preset {name!r}: the weight for {head!r} ({value}) is outside the sliders' range "
                        f"{10**low:g} to {10**high:g}"
                    )

        style = {"description_width": "70px"}
        self.sliders = {
            head: widgets.FloatLogSlider(
                value=1.0, base=10, min=low, max=high, step=0.01, description=head,
                readout_format=".3g", continuous_update=False, style=style,
                layout=widgets.Layout(width="420px"),
            )
            for head in experiment.heads
        }
        self.preset_buttons = {name: widgets.Button(description=name, tooltip=self._preset_text(name)) for name in self.presets}
        for name, button in self.preset_buttons.items():
            button.on_click(lambda _button, name=name: self.apply_preset(name))
        self.train_button = widgets.Button(description=pick(WORDS["train"]), button_style="primary", icon="play")
        self.train_button.on_click(lambda _button: self.train())
        self.progress = widgets.IntProgress(value=0, min=0, max=experiment.epochs, description=pick(WORDS["epochs"]),
                                            style=style, layout=widgets.Layout(width="300px"))
        self.status = widgets.Label(value=pick(WORDS["start"]))
        # Hidden until the first run: an empty image shows as a broken icon.
        self.figure = widgets.Image(format="png", layout=widgets.Layout(max_width="100%", display="none"))
        self.table = widgets.HTML()
        self.widget = widgets.VBox(
            [
                widgets.HTML(pick(WORDS["heading"])),
                *self.sliders.values(),
                widgets.HBox([widgets.Label(pick(WORDS["presets"])), *self.preset_buttons.values()]),
                widgets.HBox([self.train_button, self.progress, self.status]),
                self.figure,
                self.table,
            ]
        )
        self._refresh()

    def _preset_text(self, name: str) -> str:
        weights = self.presets[name]
        return f"{name} [" + ", ".join(f"{weights[h]:.3g}" for h in self.experiment.heads) + "]"

    @property
    def weights(self) -> dict[str, float]:
        """The weights the sliders show now (the next run's weights)."""
        return {head: float(slider.value) for head, slider in self.sliders.items()}

    def apply_preset(self, name: str) -> None:
        if name not in self.presets:
            raise ValueError(f"unknown preset {name!r}; the presets are {', '.join(self.presets)}")
        for head, value in self.presets[name].items():
            self.sliders[head].value = value

    def train(self) -> Run:
        """One run with the sliders' weights; the button is disabled meanwhile."""
        self.train_button.disabled = True
        self.progress.value = 0
        self.status.value = pick(WORDS["training"])
        try:
            run = self.experiment.run(self.weights, on_epoch=self._on_epoch)
        finally:
            self.train_button.disabled = False
        self._refresh()
        # Last, so that "took" means the figure and the table are up to date.
        self.status.value = pick(WORDS["took"]).format(number=run.number, seconds=run.seconds)
        return run

    def _on_epoch(self, done: int, total: int) -> None:
        self.progress.value = done

    def _refresh(self) -> None:
        self.table.value = self.experiment.compare()._repr_html_()
        if self.experiment.runs:
            self.figure.value = plot_runs(self.experiment).png()
            self.figure.layout.display = None

    def _text(self, language: str | None = None) -> str:
        low, high = (10**v for v in SLIDER_RANGE)
        presets = "; ".join(self._preset_text(name) for name in self.presets)
        return pick(WORDS["text"], language).format(
            heads=", ".join(self.experiment.heads), low=low, high=high, epochs=self.experiment.epochs,
            presets=presets, runs=self.experiment.compare()._text(language),
        )

    def __repr__(self) -> str:
        return self._text()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        if isinstance(bundle, tuple):  # (data, metadata)
            bundle = bundle[0]
        return with_twins(lambda code: {**bundle, "text/plain": self._text(code)})
