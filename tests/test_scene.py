"""funclab.scene: what the picture shows (boxes, clusters, labelled arrows)."""

import keras
import model_zoo
import pytest

from funclab.extract import extract
from funclab.scene import build_scene


def scene_of(model, **options):
    return build_scene(extract(model), **options)


def data_arrows(scene):
    return [(a.tail, a.head, a.label) for a in scene.arrows if a.kind == "data"]


def has_cycle(edges) -> bool:
    successors = {}
    for tail, head in edges:
        successors.setdefault(tail, set()).add(head)
    state = {}

    def visit(node):
        state[node] = "open"
        for child in successors.get(node, ()):
            if state.get(child) == "open" or (child not in state and visit(child)):
                return True
        state[node] = "done"
        return False

    return any(visit(node) for node in list(successors) if node not in state)


def scene_has_cycle(scene) -> bool:
    return has_cycle((tail, head) for tail, head, _ in data_arrows(scene))


def test_shared_lstm_arrows_carry_each_calls_index_and_shape():
    scene = scene_of(model_zoo.shared_lstm())
    assert [b.id for b in scene.boxes] == ["left", "right", "lstm", "merged", "same_author"]
    assert data_arrows(scene) == [
        ("left", "lstm", "#0\n(None, None, 128)"),
        ("right", "lstm", "#1\n(None, None, 128)"),
        ("lstm", "merged", "#0\n(None, 32)"),
        ("lstm", "merged", "#1\n(None, 32)"),
        ("merged", "same_author", ""),
    ]
    assert [b.id for b in scene.boxes if b.shared] == ["lstm"]
    assert "shared" in scene.legend


def test_without_shapes_the_labels_are_the_call_indices():
    scene = scene_of(model_zoo.shared_lstm(), show_shapes=False)
    assert [label for _, _, label in data_arrows(scene)] == ["#0", "#1", "#0", "#1", ""]


def test_shared_conv_outputs_get_terminals_with_per_call_shapes():
    scene = scene_of(model_zoo.shared_conv())
    assert [t.label for t in scene.terminals] == ["output 0", "output 1"]
    out = [(head, label) for tail, head, label in data_arrows(scene) if tail == "conv"]
    assert out == [("#output-0", "#0\n(None, 32, 32, 16)"), ("#output-1", "#1\n(None, 64, 64, 16)")]


def test_multi_output_layer_arrows_name_the_output_index():
    scene = scene_of(model_zoo.lstm_states())
    assert ("lstm_s", "from_c", "[2]\n(None, 4)") in data_arrows(scene)


def test_collapsed_nested_model_is_one_box_with_labelled_calls():
    scene = scene_of(model_zoo.siamese())
    assert [b.id for b in scene.boxes] == ["digit_a", "digit_b", "vision", "both", "same"]
    vision = next(b for b in scene.boxes if b.id == "vision")
    assert vision.kind == "model" and vision.shared
    assert ("vision", "both", "#1\n(None, 1152)") in data_arrows(scene)


def test_expanded_nested_model_is_a_cluster_entered_by_each_call():
    scene = scene_of(model_zoo.siamese(), expand_nested=True)
    assert [c.title for c in scene.clusters] == ["vision (Functional, called 2×)"]
    assert [b.id for b in scene.boxes if b.cluster == "vision"] == [
        "vision/digit", "vision/c1", "vision/pool", "vision/flat",
    ]
    arrows = data_arrows(scene)
    assert ("digit_a", "vision/digit", "vision #0\n(None, 27, 27, 1)") in arrows
    assert ("vision/flat", "both", "vision #1\n(None, 1152)") in arrows
    assert not scene_has_cycle(scene)


def test_layer_inside_and_outside_a_nested_model_draws_no_false_cycle():
    scene = scene_of(model_zoo.inside_outside(), expand_nested=True)
    assert [b.id for b in scene.boxes if b.name == "shared_dense"] == ["inner/shared_dense", "shared_dense"]
    assert not scene_has_cycle(scene)
    links = [(a.tail, a.head) for a in scene.arrows if a.kind == "same-weights"]
    assert links == [("inner/shared_dense", "shared_dense")]
    assert ("inner/inner_dense", "shared_dense", "#1\n(None, 8)") in data_arrows(scene)


def test_plot_model_draws_that_same_case_with_a_false_cycle():
    """The bug funclab avoids: keras' plot_model gives the layer one id in two places."""
    pydot_graph = keras.utils.model_to_dot(model_zoo.inside_outside(), expand_nested=True)

    def all_edges(graph):
        yield from ((e.get_source(), e.get_destination()) for e in graph.get_edges())
        for subgraph in graph.get_subgraphs():
            yield from all_edges(subgraph)

    edges = list(all_edges(pydot_graph))
    assert has_cycle(edges), "keras.utils.model_to_dot no longer draws a false cycle here"


def test_two_levels_of_expansion_nest_clusters():
    scene = scene_of(model_zoo.two_level_nesting(), expand_nested=True)
    assert [(c.id, c.parent) for c in scene.clusters] == [("mid", ""), ("mid/block", "mid")]
    assert ("mid/block/block_dense", "head", "") in data_arrows(scene)
    assert not scene_has_cycle(scene)


def test_expanded_dict_fed_model_routes_each_tensor_to_its_named_input():
    scene = scene_of(model_zoo.dict_fed(), expand_nested=True)
    arrows = {(tail, head) for tail, head, _ in data_arrows(scene)}
    assert {("x", "inner/zeta"), ("y", "inner/alpha")} <= arrows


def test_highlight_marks_only_the_named_boxes():
    scene = scene_of(model_zoo.shared_lstm(), highlight=frozenset({"merged"}))
    assert [b.id for b in scene.boxes if b.highlighted] == ["merged"]
    assert "highlight" in scene.legend


def test_plain_models_have_no_legend_and_mark_their_outputs():
    scene = scene_of(model_zoo.sequential())
    assert scene.legend == ()
    assert [b.id for b in scene.boxes if b.output] == ["out"]


@pytest.mark.parametrize("name", sorted(model_zoo.ALL))
def test_one_box_per_layer_and_one_arrow_per_tensor(name):
    data = extract(model_zoo.ALL[name]())
    scene = build_scene(data)
    drawn = [info for info in data.layers if not info.mask_only]
    assert len(scene.boxes) == len(drawn)
    into_calls = [a for a in scene.arrows if a.kind == "data" and not a.head.startswith("#output")]
    assert len(into_calls) == sum(len(c.inputs) for c in data.calls if not data.layer(c.layer).mask_only)


def test_an_input_passed_through_as_an_output_gets_an_output_terminal():
    scene = scene_of(model_zoo.attention())
    assert [t.label for t in scene.terminals] == ["output 'attention'", "output 'passthrough'"]
    assert ("v", "#output-1", "(None, 7, 8)") in data_arrows(scene)


def test_dict_outputs_are_labelled_with_their_keys_in_the_text_too():
    scene = scene_of(model_zoo.attention())
    assert scene.outputs == ("mha 'attention'", "v 'passthrough'")


def test_each_argument_of_a_multi_argument_call_is_labelled():
    labels = [label for tail, head, label in data_arrows(scene_of(model_zoo.attention())) if head == "mha"]
    assert labels == ["query\n(None, 5, 8)", "value\n(None, 7, 8)", "key\n(None, 7, 8)"]


def test_a_mask_is_a_dashed_arrow_from_the_layer_that_made_it_not_a_box():
    scene = scene_of(model_zoo.masked_tagger())
    assert not any(b.name.startswith("not_equal") for b in scene.boxes)
    masks = [(a.tail, a.head, a.label) for a in scene.arrows if a.kind == "mask"]
    assert masks == [("embed", "bidi", "mask"), ("embed", "tags", "mask")]
    assert "mask" in scene.legend
    assert all(not a.head.startswith("not_equal") for a in scene.arrows)


def test_inputs_in_two_scopes_get_no_same_weights_link():
    scene = scene_of(model_zoo.vae_style(), expand_nested=True)
    assert [b.id for b in scene.boxes if b.name == "x"] == ["x", "encoder/x"]
    assert [a for a in scene.arrows if a.kind == "same-weights"] == []


def test_an_expanded_picture_keeps_the_shared_legend_entry():
    scene = scene_of(model_zoo.siamese(), expand_nested=True)
    assert not any(b.shared for b in scene.boxes)
    assert "shared" in scene.legend


def test_a_wrapped_model_expands_into_a_cluster_named_after_both():
    collapsed = scene_of(model_zoo.time_distributed())
    assert [b.class_name for b in collapsed.boxes if b.name == "every_frame"] == ["TimeDistributed(frame_encoder)"]
    scene = scene_of(model_zoo.time_distributed(), expand_nested=True)
    assert [c.title for c in scene.clusters] == ["every_frame (TimeDistributed(frame_encoder))"]
    arrows = data_arrows(scene)
    assert ("clip", "every_frame/frame", "") in arrows and ("every_frame/frame_pool", "clip_lstm", "") in arrows


def test_blocks_collapse_into_one_box_each_and_expand_on_request():
    scene = scene_of(model_zoo.blocks(), group_blocks=True)
    assert [b.id for b in scene.boxes] == ["x", "[block1]", "[block2]", "[block3]", "head"]
    assert data_arrows(scene) == [("x", "[block1]", ""), ("[block1]", "[block2]", ""), ("[block2]", "[block3]", ""),
                                  ("[block3]", "head", "")]
    assert scene.boxes[1].members == ("block1_dense", "block1_act") and "group" in scene.legend
    opened = scene_of(model_zoo.blocks(), group_blocks=True, expand_blocks=frozenset({"block2"}))
    assert [c.id for c in opened.clusters] == ["[block2]"]
    assert [b.id for b in opened.boxes if b.cluster == "[block2]"] == ["block2_dense", "block2_act"]
    assert not scene_has_cycle(opened)


def test_a_block_that_a_path_leaves_and_reenters_is_not_collapsed():
    x = keras.Input((4,), name="x")
    a = keras.layers.Dense(4, name="block1_a")(x)
    outside = keras.layers.Dense(4, name="between")(a)
    b = keras.layers.Dense(4, name="block1_b")(outside)
    scene = scene_of(keras.Model(x, b, name="reentry"), group_blocks=True)
    assert [b.id for b in scene.boxes] == ["x", "block1_a", "between", "block1_b"]


def test_highlighting_a_call_marks_its_own_arrows_only():
    scene = scene_of(model_zoo.shared_lstm(), highlight_calls=frozenset({("lstm", 1)}))
    assert [(a.tail, a.head) for a in scene.arrows if a.highlighted] == [("right", "lstm"), ("lstm", "merged")]
    assert [b.id for b in scene.boxes if b.highlighted] == ["lstm"]
