"""The loss-balance experiment: train a multi-output model with chosen loss weights.

``LossBalance`` is the plain-Python model of the experiment behind the widget
(``funclab.LossBalanceView(experiment)``, which depends on this module, never
the reverse); tests drive it without a browser. It takes a
function that builds the (uncompiled) model, the data, and one loss per
output ("head"). Each ``run(weights)`` trains from the same initial weights
and the same shuffles, and records per head and per epoch the unweighted
loss, its weighted contribution to the total, and the head's metric. Every
run is kept, so runs can be compared.

For speed the model is compiled once, with ``compile(loss_weights=...)``
given ``keras.Variable`` weights: a new run assigns the variables instead of
compiling and tracing again, which would cost seconds per run. The variables
are attached to the model as non-trainable variables, so that on JAX, whose
compiled training step is a pure function of the model's variables, a new
value reaches the step instead of the value it was traced with. Keras logs
each head's loss unweighted (``age_loss``) and the weighted sum as ``loss``.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import keras
import numpy as np

from funclab import _keras_internals as internals
from funclab._html import Table
from funclab.i18n import Text

__all__ = ["LossBalance", "Run"]

DEFAULT_METRIC = {
    "mse": "mae",
    "mean_squared_error": "mae",
    "mae": "mae",
    "mean_absolute_error": "mae",
    "sparse_categorical_crossentropy": "accuracy",
    "categorical_crossentropy": "accuracy",
    "binary_crossentropy": "accuracy",
}


@dataclass(frozen=True)
class Run:
    """One training run: its weights and, per head, what happened.

    ``loss``, ``weighted`` and ``metric`` map each head to one value per
    epoch on the training data (``weighted`` = weight × unweighted loss);
    ``val_loss`` and ``val_metric`` are the final values on the held-out data
    (the training data when no validation data was given).
    """

    number: int
    weights: dict[str, float]
    loss: dict[str, tuple[float, ...]]
    weighted: dict[str, tuple[float, ...]]
    metric: dict[str, tuple[float, ...]]
    val_loss: dict[str, float]
    val_metric: dict[str, float]
    seconds: float

    def shares(self) -> dict[str, float]:
        """Each head's share of the total weighted loss in the last epoch."""
        last = {head: values[-1] for head, values in self.weighted.items()}
        total = sum(last.values())
        return {head: (value / total if total else 0.0) for head, value in last.items()}


class _EpochEnd(keras.callbacks.Callback):
    def __init__(self, on_epoch: Callable[[int, int], None], epochs: int):
        super().__init__()
        self.on_epoch = on_epoch
        self.epochs = epochs

    def on_epoch_end(self, epoch, logs=None):
        self.on_epoch(epoch + 1, self.epochs)


def _format_weight(value: float) -> str:
    return f"{value:.3g}"


def _length(data, what: str) -> int:
    if isinstance(data, Mapping):
        lengths = {len(v) for v in data.values()}
        if len(lengths) != 1:
            raise ValueError(f"{what}: the arrays have different lengths {sorted(lengths)}")
        return lengths.pop()
    if isinstance(data, (list, tuple)):
        return _length(dict(enumerate(data)), what)
    return len(data)


class LossBalance:
    """Train a multi-output model with different loss weights and compare runs.

    Args:
        build_model: a function returning a new, uncompiled ``keras.Model``
            whose output layers are named (``Dense(1, name="age")``).
        x: the model's input data (an array, or a list or dict of arrays).
        y: a dict of target arrays keyed by output name.
        losses: a dict of losses keyed by output name.
        validation: optional ``(x, y)`` held-out data, shaped like ``x``, ``y``.
        metrics: optional dict of one metric per head; by default MAE for
            squared/absolute error and accuracy for cross-entropy.
        epochs, batch_size: per run.
        learning_rate: RMSprop's learning rate.
        seed: every run starts from the weights this seed gives and sees the
            data in the same order. With TensorFlow's op determinism on
            (``funclab.seed_everything``), equal weights give identical runs.
    """

    def __init__(
        self,
        build_model: Callable[[], keras.Model],
        *,
        x,
        y: Mapping,
        losses: Mapping,
        validation: tuple | None = None,
        metrics: Mapping | None = None,
        epochs: int = 4,
        batch_size: int = 128,
        learning_rate: float = 5e-3,
        seed: int = 0,
    ):
        if not callable(build_model):
            raise TypeError(f"build_model must be a function that returns a keras.Model, got {type(build_model).__name__}")
        for name, value in (("epochs", epochs), ("batch_size", batch_size)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        keras.utils.set_random_seed(seed)
        model = build_model()
        if not isinstance(model, keras.Model):
            raise TypeError(f"build_model must return a keras.Model, got {type(model).__name__}")
        self.heads: tuple[str, ...] = tuple(model.output_names)
        self._check_heads(model, losses, "losses")
        self._check_targets(y, _length(x, "x"), "y")
        if validation is not None:
            if not (isinstance(validation, tuple) and len(validation) == 2):
                raise TypeError("validation must be a tuple (x_val, y_val)")
            self._check_targets(validation[1], _length(validation[0], "validation x"), "validation y")
        metrics = dict(metrics or {})
        self._check_keys(metrics, "metrics")  # a head without one gets its loss's default
        for head in self.heads:
            if head not in metrics:
                default = DEFAULT_METRIC.get(losses[head]) if isinstance(losses[head], str) else None
                if default is None:
                    raise ValueError(f"give metrics[{head!r}]: there is no default metric for the loss {losses[head]!r}")
                metrics[head] = default

        self.model = model
        self.x, self.y, self.validation = x, dict(y), validation
        self.losses = dict(losses)
        self.metric_names = {head: (m if isinstance(m, str) else m.name) for head, m in metrics.items()}
        self.epochs, self.batch_size, self.seed = epochs, batch_size, seed
        self.runs: list[Run] = []
        self._weights = {head: keras.Variable(1.0, trainable=False, name=f"{head}_loss_weight") for head in self.heads}
        # Tracked by the model: JAX's training step then reads them as state.
        model.funclab_loss_weights = list(self._weights.values())
        model.compile(
            optimizer=keras.optimizers.RMSprop(learning_rate),
            loss=dict(losses),
            loss_weights=self._weights,
            metrics={head: [metrics[head]] for head in self.heads},
        )
        model.optimizer.build(model.trainable_variables)
        self._initial_weights = model.get_weights()
        self._initial_optimizer = [v.numpy() for v in model.optimizer.variables]
        self._initial_losses: dict[str, float] | None = None
        self._prepared = False

    # -- checks ---------------------------------------------------------------

    def _check_keys(self, keys: Mapping, what: str, *, missing: str | None = None) -> None:
        """Every key of ``keys`` names an output; with ``missing`` (a message
        with ``{}`` for the heads), every output has a key."""
        unknown = sorted(set(keys) - set(self.heads))
        if unknown:
            raise ValueError(f"{what} for {', '.join(map(repr, unknown))} name no output; the outputs are {', '.join(self.heads)}")
        absent = [head for head in self.heads if head not in keys]
        if missing is not None and absent:
            raise ValueError(missing.format(", ".join(map(repr, absent))))

    def _check_heads(self, model, losses, what: str) -> None:
        if not isinstance(losses, Mapping):
            raise TypeError(f"{what} must be a dict keyed by output name ({', '.join(self.heads)}), got {type(losses).__name__}")
        for head, layer in zip(self.heads, (internals.tensor_history(t).operation for t in model.outputs)):
            default = re.sub(r"(?<!^)(?=[A-Z])", "_", type(layer).__name__).lower()
            if re.fullmatch(rf"{re.escape(default)}(_\d+)?", head):
                raise ValueError(
                    f"output {head!r} has Keras' automatic name: name the output layers "
                    f"(for example Dense(1, name='age')) so that weights and runs can refer to them"
                )
        self._check_keys(losses, what, missing=f"{what} has no entry for the output(s) {{}}")

    def _check_targets(self, y, n: int, what: str) -> None:
        if not isinstance(y, Mapping):
            raise TypeError(f"{what} must be a dict of targets keyed by output name ({', '.join(self.heads)})")
        self._check_keys(y, what, missing=f"{what} has no targets for the output(s) {{}}")
        for head in self.heads:
            if len(y[head]) != n:
                raise ValueError(f"{what}[{head!r}] has {len(y[head])} targets, but the inputs have {n} samples")

    def check_weights(self, weights) -> dict[str, float]:
        """Weights as ``{head: float}`` from a dict or a list in output order,
        or a ``ValueError``/``TypeError`` naming the head at fault."""
        if isinstance(weights, Mapping):
            self._check_keys(weights, "weights", missing="no weight for the output(s) {}")
            pairs = [(h, weights[h]) for h in self.heads]
        elif isinstance(weights, (list, tuple)):
            if len(weights) != len(self.heads):
                raise ValueError(f"expected {len(self.heads)} weights (for {', '.join(self.heads)}), got {len(weights)}")
            pairs = list(zip(self.heads, weights))
        else:
            raise TypeError(f"weights must be a dict keyed by output name or a list, got {type(weights).__name__}")
        checked = {}
        for head, value in pairs:
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"the weight for {head!r} must be a number, got {type(value).__name__} {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"the weight for {head!r} must be a finite number >= 0, got {value!r}")
            checked[head] = float(value)
        if not any(checked.values()):
            raise ValueError("at least one weight must be above 0, or nothing is trained")
        return checked

    # -- experiment -----------------------------------------------------------

    def _reset(self) -> None:
        self.model.set_weights(self._initial_weights)
        for variable, value in zip(self.model.optimizer.variables, self._initial_optimizer):
            variable.assign(value)

    def initial_losses(self) -> dict[str, float]:
        """Each head's unweighted loss on the training data before any training."""
        if self._initial_losses is None:
            self._reset()
            logs = self.model.evaluate(self.x, self.y, batch_size=self.batch_size, verbose=0, return_dict=True)
            self._initial_losses = {h: float(logs[f"{h}_loss"]) for h in self.heads}
        return dict(self._initial_losses)

    def propose_weights(self) -> dict[str, float]:
        """Weights that make every head start by contributing 1 to the total
        loss: 1 / its initial loss (3 significant digits)."""
        return {h: float(f"{1.0 / loss:.3g}") for h, loss in self.initial_losses().items()}

    def prepare(self) -> LossBalance:
        """Trace the training and evaluation steps now (a few seconds, once), so
        that the first ``run`` costs what every later one does."""
        if not self._prepared:
            self.initial_losses()
            # One real epoch traces every batch shape a run will use (the
            # partial last batch of training and of validation included).
            self.model.fit(
                self.x, self.y, epochs=1, batch_size=self.batch_size,
                validation_data=self.validation or (self.x, self.y), verbose=0,
            )
            self._reset()
            self._prepared = True
        return self

    def run(self, weights, *, on_epoch: Callable[[int, int], None] | None = None) -> Run:
        """Train from the initial weights with these loss weights; record and keep the run.

        ``on_epoch(done, total)`` is called after each epoch (for progress bars).
        """
        weights = self.check_weights(weights)
        started = time.perf_counter()
        self._reset()
        for head, value in weights.items():
            self._weights[head].assign(value)
        keras.utils.set_random_seed(self.seed)
        callbacks = [_EpochEnd(on_epoch, self.epochs)] if on_epoch else []
        history = self.model.fit(
            self.x,
            self.y,
            epochs=self.epochs,
            batch_size=self.batch_size,
            validation_data=self.validation or (self.x, self.y),
            validation_freq=self.epochs,  # only after the last epoch
            verbose=0,
            callbacks=callbacks,
        ).history
        metric_key = {h: f"{h}_{self.metric_names[h]}" for h in self.heads}
        loss = {h: tuple(float(v) for v in history[f"{h}_loss"]) for h in self.heads}
        run = Run(
            number=len(self.runs) + 1,
            weights=weights,
            loss=loss,
            weighted={h: tuple(weights[h] * v for v in loss[h]) for h in self.heads},
            metric={h: tuple(float(v) for v in history[metric_key[h]]) for h in self.heads},
            val_loss={h: float(history[f"val_{h}_loss"][-1]) for h in self.heads},
            val_metric={h: float(history[f"val_{metric_key[h]}"][-1]) for h in self.heads},
            seconds=time.perf_counter() - started,
        )
        self.runs.append(run)
        return run

    def compare(self) -> Table:
        """The runs' weights and final per-head loss and metric (held-out data
        if given), one row per run."""
        columns = [{"en": "run", "ko": "실행"}, {"en": "weights", "ko": "가중치"}]
        for head in self.heads:
            columns += [Text({"en": "{head} loss",
                              "ko": "{head} 손실"}, head=head), f"{head} {self.metric_names[head]}"]
        rows = []
        for run in self.runs:
            row = [f"#{run.number}", "[" + ", ".join(_format_weight(run.weights[h]) for h in self.heads) + "]"]
            for head in self.heads:
                row += [f"{run.val_loss[head]:.3f}", f"{run.val_metric[head]:.3f}"]
            rows.append(row)
        where = {"en": "held-out data", "ko": "검증 데이터"} if self.validation else {"en": "training data", "ko": "훈련 데이터"}
        title = Text({"en": "Loss-balance runs ({epochs} epochs each; final unweighted loss and metric on the {where})",
                      "ko": "손실 균형 실행 결과(실행마다 {epochs} 에포크, {where}에서 잰 가중치 적용 전 최종 손실과 "
                            "지표)"},
                     epochs=self.epochs, where=Text(where))
        return Table(title, columns, rows, note="" if rows else {"en": "No runs yet.",
                                                                 "ko": "아직 실행한 것이 없습니다."})

    def __repr__(self) -> str:
        return (
            f"LossBalance(heads={', '.join(self.heads)}; {len(self.runs)} run(s); "
            f"{self.epochs} epochs of {_length(self.x, 'x')} samples, batch {self.batch_size})"
        )
