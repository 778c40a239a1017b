"""funclab.claim: the printed verdict, the failure message, bad input, and the log benchmarks/spread.py reads."""

import json

import pytest

from funclab.claims import LOG_ENV, ClaimFailed, claim


def test_a_claim_that_holds_prints_the_figure_the_bound_and_the_baseline(capsys):
    claim("held-out accuracy", 0.934, above=0.8, baseline=0.1)
    claim("spread", 3.5e-05, below=0.01)
    claim("features' shape", (None, 100, 256), equals=(None, 100, 256))
    assert capsys.readouterr().out.splitlines() == [
        "✓ held-out accuracy 0.93 > 0.80  (baseline 0.10)",
        "✓ spread 3.5e-05 < 0.01",
        "✓ features' shape: (None, 100, 256)",
    ]


def test_a_claim_that_fails_says_what_was_claimed_and_what_this_run_gave():
    with pytest.raises(ClaimFailed, match=r"claims residual accuracy > 0.80, but this run gives 0.42"):
        claim("residual accuracy", 0.42, above=0.8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"what": "", "value": 1.0, "above": 0.5}, "short description"),
        ({"what": "x", "value": 1.0}, "give exactly one of"),
        ({"what": "x", "value": 1.0, "above": 0.5, "below": 2.0}, "give exactly one of"),
        ({"what": "x", "value": "high", "above": 0.5}, "must be a number"),
        ({"what": "x", "value": 1.0, "above": "0.5"}, "above must be a number"),
    ],
)
def test_bad_input_is_a_type_error_that_says_what_to_give(kwargs, message):
    with pytest.raises(TypeError, match=message):
        claim(**kwargs)


def test_with_the_log_variable_set_every_claim_is_recorded_even_a_failing_one(tmp_path, monkeypatch):
    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    claim("accuracy", 0.9, above=0.8)
    claim("shape", (None, 8), equals=(None, 8))
    with pytest.raises(ClaimFailed):
        claim("error", 30.0, below=20)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries == [
        {"what": "accuracy", "value": 0.9, "relation": ">", "bound": 0.8},
        {"what": "shape", "value": "(None, 8)", "relation": "==", "bound": "(None, 8)"},
        {"what": "error", "value": 30.0, "relation": "<", "bound": 20.0},
    ]
