"""The loss-balance figure: per-head loss curves and each run's share of the total.

Plain matplotlib, no widget library: lesson 3 draws it after its runs, and the
widget (``funclab.loss_balance_view``) redraws it after each Train.
``plot_runs`` returns a ``RunsFigure``, which a notebook stores as a PNG
image (a matplotlib ``Figure`` made without pyplot would be stored only as
the text ``<Figure size ...>``), with a plain-text twin of what it shows.
"""

from __future__ import annotations

import io

from funclab.loss_balance import LossBalance, Run

__all__ = ["plot_runs", "RunsFigure", "COLORS"]

COLORS = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2")


class RunsFigure:
    """The runs' figure: ``.figure`` (matplotlib), ``png()``, and a text twin."""

    def __init__(self, figure, text: str):
        self.figure = figure
        self._text = text

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def __repr__(self) -> str:
        return self._text


def _text(experiment: LossBalance, runs: list[Run]) -> str:
    heads = experiment.heads
    lines = [f"Loss-balance figure: per-head training loss of run(s) {', '.join(f'#{r.number}' for r in runs[-2:])}; "
             "each run's share of the total weighted loss in its last epoch:"]
    for run in runs:
        shares = run.shares()
        weights = ", ".join(f"{run.weights[h]:.3g}" for h in heads)
        lines.append(f"  #{run.number} [{weights}]: " + ", ".join(f"{h} {shares[h]:.0%}" for h in heads))
    return "\n".join(lines)


def plot_runs(experiment: LossBalance, *, runs: list[Run] | None = None) -> RunsFigure:
    """A figure of the runs: per-head unweighted training loss per epoch for
    the last two runs, and a stacked bar of each run's share of the total
    weighted loss in its last epoch."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    runs = experiment.runs if runs is None else runs
    fig = Figure(figsize=(10, 3.6), dpi=90)
    curves, shares = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    heads = experiment.heads
    color = {head: COLORS[i % len(COLORS)] for i, head in enumerate(heads)}
    shown = runs[-2:]
    for run in shown:
        latest = run is shown[-1]
        for head in heads:
            epochs = range(1, len(run.loss[head]) + 1)
            curves.plot(epochs, run.loss[head], "-" if latest else ":", color=color[head], marker="o",
                        markersize=3, label=head if latest else None)
    curves.set_yscale("log")
    curves.xaxis.set_major_locator(MaxNLocator(integer=True))
    curves.set_xlabel("epoch")
    curves.set_ylabel("unweighted training loss")
    if shown:
        before = f", dotted: run #{shown[0].number}" if len(shown) == 2 else ""
        curves.set_title(f"Loss per head (solid: run #{shown[-1].number}{before})", fontsize=9)
        curves.legend(fontsize=8)
    labels = [
        f"#{run.number} [" + ", ".join(f"{run.weights[h]:.3g}" for h in heads) + "]" for run in runs
    ]
    left = [0.0] * len(runs)
    for head in heads:
        values = [run.shares()[head] for run in runs]
        shares.barh(labels, values, left=left, color=color[head], label=head)
        left = [a + b for a, b in zip(left, values)]
    shares.set_xlim(0, 1)
    shares.invert_yaxis()
    shares.tick_params(axis="y", labelsize=8)
    shares.set_xlabel("share of the total weighted loss in the last epoch")
    shares.set_title("Share of the weighted total, last epoch (run [weights])", fontsize=9)
    if runs:
        shares.legend(fontsize=8, ncol=len(heads), loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False)
    fig.tight_layout()
    return RunsFigure(fig, _text(experiment, runs))
