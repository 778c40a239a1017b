"""The Keras internals funclab reads (funclab/_keras_internals.py), pinned.

Keras 3 has no public API for a layer's calls. These tests describe the exact
private structures funclab relies on. If one fails after a Keras upgrade, the
internals changed: update funclab/_keras_internals.py (and only it), then the
range in pyproject.toml.
"""

import gc
import warnings

import keras
import pytest

from funclab import _keras_internals as internals

CHANGED = "Keras internals changed: update funclab/_keras_internals.py"


def test_installed_keras_is_the_tested_minor():
    major, minor = (int(p) for p in keras.__version__.split(".")[:2])
    assert (major, minor) == internals.TESTED_KERAS, (
        f"funclab was tested with Keras {internals.TESTED_KERAS}, found {keras.__version__}: "
        "run the test suite on the new version and update TESTED_KERAS and pyproject.toml"
    )


def test_a_warning_for_untested_versions(monkeypatch):
    monkeypatch.setattr(keras, "__version__", "3.99.0")
    monkeypatch.setattr(internals, "_warned_version", False)
    with pytest.warns(RuntimeWarning, match="tested with Keras 3.15.x; found 3.99.0"):
        internals.check_keras_version()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        internals.check_keras_version()  # only once


def test_each_call_appends_a_node_with_operation_arguments_and_outputs():
    dense = keras.layers.Dense(2, name="pinned")
    a, b = keras.Input((3,), name="pin_a"), keras.Input((3,), name="pin_b")
    dense(a)
    out_b = dense(b)
    nodes = dense._inbound_nodes
    assert len(nodes) == 2, CHANGED
    node = nodes[1]
    assert node.operation is dense, CHANGED
    assert list(node.arguments.keras_tensors) == [b], CHANGED
    assert node.arguments.args == (b,), CHANGED
    assert node.outputs == [out_b] and node.is_input is False, CHANGED
    assert node.arguments.kwargs == {}, CHANGED
    assert internals.node_arguments(node) == [internals.Argument("inputs", b, False)]


def test_tensors_carry_their_history():
    dense = keras.layers.Dense(3, name="historic")
    x = keras.Input((3,), name="hist_in")
    y = dense(dense(x))
    assert tuple(y._keras_history) == (dense, 1, 0), CHANGED
    assert y._keras_history._fields == ("operation", "node_index", "tensor_index"), CHANGED
    assert tuple(internals.tensor_history(y)) == (dense, 1, 0)
    input_node = x._keras_history.operation._inbound_nodes[0]
    assert input_node.is_input and input_node.outputs == [x], CHANGED


def test_functional_models_index_their_nodes_by_depth():
    x = keras.Input((3,), name="depth_in")
    dense = keras.layers.Dense(2, name="depth_dense")
    model = keras.Model(x, dense(x), name="depth_model")
    by_depth = model._nodes_by_depth
    assert sorted(by_depth) == [0, 1], CHANGED
    assert by_depth[0] == [dense._inbound_nodes[0]], CHANGED
    assert internals.model_node_ids(model) == {id(dense._inbound_nodes[0]): 0, id(x._keras_history.operation._inbound_nodes[0]): 1}
    assert "output_names" in vars(model), CHANGED


def test_a_model_call_adds_a_node_to_the_model_only():
    x = keras.Input((3,), name="inner_x")
    dense = keras.layers.Dense(2, name="inner_only")
    inner = keras.Model(x, dense(x), name="called_model")
    assert len(inner._inbound_nodes) == 0, CHANGED
    inner(keras.Input((3,), name="outer_x"))
    assert len(inner._inbound_nodes) == 1 and len(dense._inbound_nodes) == 1, CHANGED


def test_sequential_keeps_its_graph_in_functional():
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    assert unbuilt._functional is None, CHANGED
    assert internals.graph_model(unbuilt) is None
    built = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert built._functional is not None and hasattr(built._functional, "_nodes_by_depth"), CHANGED
    assert internals.graph_model(built) is built._functional


def test_dict_fed_call_arguments_keep_their_keys():
    zeta, alpha = keras.Input((2,), name="zeta"), keras.Input((2,), name="alpha")
    inner = keras.Model({"zeta": zeta, "alpha": alpha}, keras.layers.concatenate([zeta, alpha]), name="dict_model")
    x, y = keras.Input((2,), name="fx"), keras.Input((2,), name="fy")
    inner({"zeta": x, "alpha": y})
    node = inner._inbound_nodes[0]
    assert isinstance(node.arguments.args[0], dict), CHANGED
    pairs = {outer.name: inner_t.name for inner_t, outer in internals.nested_call_inputs(inner, node)}
    assert pairs == {"fx": "zeta", "fy": "alpha"}


def test_a_half_built_model_is_not_live():
    out = keras.layers.Dense(1, name="unreached")(keras.Input((2,), name="needed_in"))
    try:
        keras.Model(keras.Input((2,), name="other_in"), out, name="half_built")
    except ValueError as error:
        model = error.__traceback__.tb_next.tb_frame.f_locals.get("self")
    assert model is not None and hasattr(model, "_nodes_by_depth"), CHANGED
    assert "output_names" not in vars(model), CHANGED
    assert model not in internals.live_graph_models()


def test_a_mask_travels_with_the_tensor_and_is_passed_as_the_mask_argument():
    ids = keras.Input((None,), dtype="int32", name="mask_ids")
    embedded = keras.layers.Embedding(10, 4, mask_zero=True, name="mask_embed")(ids)
    lstm = keras.layers.LSTM(3, name="mask_lstm")
    lstm(embedded)
    mask = embedded._keras_mask
    assert mask is not None and mask._keras_history.operation.name.startswith("not_equal"), CHANGED
    node = lstm._inbound_nodes[0]
    assert node.arguments.kwargs["mask"] is mask, CHANGED
    assert list(node.arguments.keras_tensors) == [embedded, mask], CHANGED
    assert [(a.name, a.is_mask) for a in internals.node_arguments(node)] == [("sequences", False), ("mask", True)]
    assert internals.node_input_tensors(node) == [embedded]
    assert internals.tensor_mask(embedded) is mask


def test_call_arguments_are_named_by_the_call_signature():
    query, value = keras.Input((4, 8), name="arg_q"), keras.Input((6, 8), name="arg_v")
    attention = keras.layers.MultiHeadAttention(2, 4, name="arg_mha")
    attention(query, value, value)
    node = attention._inbound_nodes[0]
    assert node.arguments.args == (query, value, value), CHANGED
    assert [a.name for a in internals.node_arguments(node)] == ["query", "value", "key"]


def test_models_keep_the_structure_they_were_built_with():
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    model = keras.Model({"b": b, "a": a}, {"zeta": a, "alpha": keras.layers.Dense(1, name="struct_d")(b)})
    assert isinstance(model._inputs_struct, dict) and isinstance(model._outputs_struct, dict), CHANGED
    assert internals.structure_paths(model, "outputs") == [("alpha",), ("zeta",)]
    assert [t.name for t in model.outputs] == [model._outputs_struct["alpha"].name, "a"], CHANGED


def test_wrappers_keep_the_layer_they_apply():
    x = keras.Input((3,), name="wrap_x")
    inner = keras.Model(x, keras.layers.Dense(2, name="wrap_dense")(x), name="wrap_inner")
    every = keras.layers.TimeDistributed(inner, name="wrap_every")
    assert every.layer is inner, CHANGED
    assert internals.wrapped_model(every) is inner
    lstm = keras.layers.LSTM(2, name="wrap_lstm")
    both = keras.layers.Bidirectional(lstm, name="wrap_bidi")
    assert both.forward_layer is not lstm and both.forward_layer.name == "forward_wrap_lstm", CHANGED


def test_live_models_are_found_after_a_full_scan_without_another():
    """funclab.nodes finds the models a call belongs to by scanning the garbage
    collector's objects; after one full scan, models made later are among the
    young objects as long as no older generation was collected."""
    assert len(gc.get_stats()) == 3 and "collections" in gc.get_stats()[1], CHANGED
    internals.live_graph_models()  # a full scan
    x = keras.Input((2,), name="late_x")
    late = keras.Model(x, keras.layers.Dense(1, name="late_dense")(x), name="late_model")
    assert any(m is late for m in internals.live_graph_models())
    gc.collect()  # collects the old generation: the next call scans fully
    assert any(m is late for m in internals.live_graph_models())
