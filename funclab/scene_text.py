"""The text twin of a graph picture, written from the same ``Scene``.

Every box, cluster and call label of the picture appears here, in model
order, so a reader of the plain text (a screen reader, GitHub, nbval) gets
the same facts as a reader of the picture:

>>> import keras
>>> from funclab.extract import extract
>>> from funclab.scene import build_scene
>>> left, right = keras.Input((None, 8), name="left"), keras.Input((None, 8), name="right")
>>> lstm = keras.layers.LSTM(4, name="lstm")
>>> both = keras.layers.concatenate([lstm(left), lstm(right)], name="both")
>>> print(scene_text(build_scene(extract(keras.Model([left, right], both, name="twins")))))
Model 'twins' (Functional): inputs left, right → outputs both
  left   InputLayer   (None, None, 8) float32
  right  InputLayer   (None, None, 8) float32
  lstm   LSTM         shared: 2 calls
      #0  left → (None, 4)
      #1  right → (None, 4)
  both   Concatenate  lstm#0, lstm#1 → (None, 8)
Shared (one set of weights, several calls): lstm ×2
"""

from __future__ import annotations

from funclab.scene import Box, CallRow, Cluster, Scene

__all__ = ["scene_text"]


def _call_text(row: CallRow) -> str:
    return f"{', '.join(row.inputs)} → {row.outputs}"


def _item_row(item) -> tuple[str, str, str, list[str]]:
    """(name, class, detail, sub-rows) of a box or a cluster."""
    if isinstance(item, Cluster):
        if item.kind == "group":
            return f"[{item.name}]", "block", "expanded below", []
        if len(item.calls) > 1 or item.shared:
            return item.name, item.class_name, f"shared: {len(item.calls)} calls", [
                f"{row.label}  {_call_text(row)}" for row in item.calls
            ]
        return item.name, item.class_name, _call_text(item.calls[0]) if item.calls else "", []
    box: Box = item
    if box.kind == "input":
        return box.name, box.class_name, box.lines[0] if box.lines else "", []
    if box.kind == "group":
        row = box.calls[0]
        return box.name, "block", f"{len(box.members)} layers: {_call_text(row)}", ["layers: " + ", ".join(box.members)]
    if box.shared or len(box.calls) > 1:
        return box.name, box.class_name, box.lines[0] if box.lines else "", [
            f"{row.label}  {_call_text(row)}" for row in box.calls
        ]
    if box.calls:
        return box.name, box.class_name, _call_text(box.calls[0]), []
    return box.name, box.class_name, "(not called in this model)", []


def _members(scene: Scene, cluster: str) -> list:
    items = [b for b in scene.boxes if b.cluster == cluster] + [c for c in scene.clusters if c.parent == cluster]
    return sorted(items, key=lambda item: item.order)


def _scope_lines(scene: Scene, cluster: str, indent: str) -> list[str]:
    items = _members(scene, cluster)
    rows = [_item_row(item) for item in items]
    name_w = max((len(r[0]) for r in rows), default=0)
    class_w = max((len(r[1]) for r in rows), default=0)
    lines = []
    for item, (name, class_name, detail, sub) in zip(items, rows):
        lines.append(f"{indent}{name.ljust(name_w)}  {class_name.ljust(class_w)}  {detail}".rstrip())
        lines.extend(f"{indent}    {s}" for s in sub)
        if isinstance(item, Cluster):
            lines.append(f"{indent}    inside {item.name}:")
            lines.extend(_scope_lines(scene, item.id, indent + "      "))
    return lines


def scene_text(scene: Scene) -> str:
    """A compact text description of the scene: boxes, calls and shapes."""
    lines = [f"Model {scene.name!r} ({scene.class_name}): inputs {', '.join(scene.inputs)} → outputs {', '.join(scene.outputs)}"]
    lines += _scope_lines(scene, "", "  ")
    if scene.shared:
        listed = ", ".join(f"{key} ×{count}" for key, count in scene.shared)
        lines.append(f"Shared (one set of weights, several calls): {listed}")
    return "\n".join(lines)
