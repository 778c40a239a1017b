"""A logistic regression in NumPy, for the data tests: what one sigmoid unit
computes, fitted by Newton's method with a small L2 penalty (so separable
data still converges). The data modules' tests use it to show that a
generator's signal is there, without a scikit-learn dependency."""

import numpy as np


def held_out_accuracy(features, target, *, n_train: int, penalty: float = 1.0, steps: int = 25) -> float:
    """Fit on the first ``n_train`` rows, return the accuracy on the rest."""
    x = np.concatenate([np.asarray(features, dtype=np.float64), np.ones((len(features), 1))], axis=1)
    y = np.asarray(target, dtype=np.float64).reshape(-1)
    x_train, y_train, x_test, y_test = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    ridge = penalty * np.eye(x.shape[1])
    ridge[-1, -1] = 0.0  # the bias is not penalised
    weights = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x_train @ weights))
        gradient = x_train.T @ (p - y_train) + ridge @ weights
        hessian = (x_train * (p * (1 - p))[:, None]).T @ x_train + ridge
        weights -= np.linalg.solve(hessian, gradient)
    return float(((x_test @ weights > 0) == (y_test > 0.5)).mean())
