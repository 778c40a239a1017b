"""funclab.fallback: the matplotlib drawing used when Graphviz is missing."""

import model_zoo

from funclab.extract import extract
from funclab.fallback import FOOTER, draw_scene, layout, scene_to_image
from funclab.scene import build_scene


def test_rows_follow_depth_and_inputs_come_first():
    scene = build_scene(extract(model_zoo.shared_lstm()))
    places = layout(scene)
    rows = {box_id: row for box_id, (_, row) in places.items()}
    assert rows == {"left": 0, "right": 0, "lstm": 1, "merged": 2, "same_author": 3}


def test_a_layer_called_on_its_own_output_does_not_break_the_layout():
    scene = build_scene(extract(model_zoo.called_three_times()))
    assert {a.tail for a in scene.arrows if a.tail == a.head} == {"dense"}
    assert set(layout(scene)) == {"x", "dense", "#output-0"}


def test_clusters_terminals_and_legend_are_drawn():
    scene = build_scene(extract(model_zoo.inside_outside()), expand_nested=True)
    fig = draw_scene(scene)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "inner (Functional)" in texts
    assert "output 0" in texts
    assert "same weights" in texts
    assert any(FOOTER[:40] in t.get_text() for t in fig.texts)
    assert fig.legends and len(fig.legends[0].get_texts()) == len(scene.legend)


def test_images_in_three_formats():
    scene = build_scene(extract(model_zoo.siamese()), expand_nested=True)
    assert scene_to_image(scene, "png").startswith(b"\x89PNG")
    assert b"<svg" in scene_to_image(scene, "svg")
    assert scene_to_image(scene, "pdf").startswith(b"%PDF")
