"""funclab.scene: what the picture shows (boxes, clusters, labelled arrows)."""

import keras
import pytest

import model_zoo
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
    assert len(scene.boxes) == len(data.layers)
    into_calls = [a for a in scene.arrows if a.kind == "data" and not a.head.startswith("#output")]
    assert len(into_calls) == sum(len(c.inputs) for c in data.calls)
