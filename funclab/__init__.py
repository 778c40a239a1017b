"""funclab: lessons and helpers for the Keras functional API.

The public API is flat: ``funclab.graph``, ``funclab.nodes``, ... Names are
imported on first use, so ``import funclab`` (and the instructors' build,
``python -m funclab.build``) does not import TensorFlow until a function that
needs it is used. That lets a process set TensorFlow's environment first.
"""

import importlib

__all__ = [
    "graph",
    "ModelGraph",
    "GraphvizNotFoundError",
    "nodes",
    "get_input_at",
    "get_output_at",
    "get_input_shape_at",
    "get_output_shape_at",
    "input_shape",
    "output_shape",
    "shared_layers",
    "check_connected",
    "GraphDisconnectedError",
    "LossBalance",
    "LossBalanceView",
    "plot_runs",
    "seed_everything",
    "claim",
    "ClaimFailed",
    "feature_model",
    "explore",
    "Explorer",
    "exercise",
    "exercises",
    "progress",
    "set_language",
    "data",
]
__version__ = "0.1.0"

_MODULE_OF = {
    "graph": "funclab.modelgraph",
    "ModelGraph": "funclab.modelgraph",
    "GraphvizNotFoundError": "funclab.dot",
    "nodes": "funclab.layer_calls",
    "get_input_at": "funclab.layer_calls",
    "get_output_at": "funclab.layer_calls",
    "get_input_shape_at": "funclab.layer_calls",
    "get_output_shape_at": "funclab.layer_calls",
    "input_shape": "funclab.layer_calls",
    "output_shape": "funclab.layer_calls",
    "shared_layers": "funclab.layer_calls",
    "check_connected": "funclab.connectivity",
    "GraphDisconnectedError": "funclab.connectivity",
    "LossBalance": "funclab.loss_balance",
    "LossBalanceView": "funclab.loss_balance_view",
    "plot_runs": "funclab.loss_balance_plot",
    "seed_everything": "funclab.reproducible",
    "claim": "funclab.claims",
    "ClaimFailed": "funclab.claims",
    "feature_model": "funclab.features",
    "explore": "funclab.explorer_view",
    "Explorer": "funclab.explorer_view",
    "exercise": "funclab.practice",
    "exercises": "funclab.practice",
    "progress": "funclab.practice",
    "set_language": "funclab.i18n",
}
#: Subpackages reachable as attributes (``funclab.data.make_stories``).
_SUBMODULES = {"data": "funclab.data"}


def __getattr__(name):
    if name in _SUBMODULES:
        value = importlib.import_module(_SUBMODULES[name])
    elif name in _MODULE_OF:
        value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module 'funclab' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
