"""Blocks of layers, for readable pictures of big models.

``keras.applications`` and most real code name the layers of one block with a
common prefix: ``block3a_expand_conv`` (EfficientNet), ``conv2_block1_0_bn``
(ResNet, DenseNet), ``block_1_expand`` (MobileNetV2), ``block1_conv1``
(Xception, VGG). A picture of a 200-layer model is readable when each block
is one box that can be expanded on request. This module decides the groups;
``funclab.scene`` draws them.

>>> block_path("conv2_block1_0_bn")
('conv2', 'conv2_block1')
>>> block_path("block2a_expand_conv"), block_path("block1_conv1"), block_path("dense")
(('block2', 'block2a'), ('block1',), ())
"""

from __future__ import annotations

import re
from collections import defaultdict

from funclab.model_data import ModelData

__all__ = ["GROUP_LIMIT", "block_path", "plan_groups", "group_names"]

#: A scope with more boxes than this is drawn with its blocks collapsed
#: (``group_blocks=None``, the default).
GROUP_LIMIT = 40

_BLOCK = re.compile(r"^(?P<stage>.*?)_?(?P<block>block_?(?P<number>\d+)(?P<letter>[a-z]?))_")


def block_path(name: str) -> tuple[str, ...]:
    """The groups a layer belongs to, outermost first: a stage and a block
    (``conv2``, ``conv2_block1``), or a block alone, or nothing."""
    match = _BLOCK.match(name)
    if match is None:
        return ()
    block = name[: match.end() - 1]
    if match["stage"]:
        return (match["stage"], block)
    if match["letter"]:
        return (block[: -len(match["letter"])], block)
    return (block,)


def _successors(data: ModelData) -> dict[str, set[str]]:
    following = defaultdict(set)
    for call in data.calls:
        for ref in call.inputs + call.masks:
            following[ref.layer].add(call.layer)
    return following


def _collapsible(members: set[str], following: dict[str, set[str]]) -> bool:
    """False when a path leaves the group and comes back: drawn as one box,
    the group would be a cycle."""
    frontier = [after for name in members for after in following[name] if after not in members]
    seen = set(frontier)
    while frontier:
        for after in following[frontier.pop()]:
            if after in members:
                return False
            if after not in seen:
                seen.add(after)
                frontier.append(after)
    return True


def _groups_at(data: ModelData, level: int, names: list[str]) -> dict[str, str]:
    """``{layer: group}`` for the groups of one level (0: outermost) that have
    at least two layers and can be drawn as one box."""
    members = defaultdict(set)
    for name in names:
        path = block_path(name)
        if len(path) > level:
            members[path[level]].add(name)
    following = _successors(data)
    drawn = {group for group, names_in in members.items() if len(names_in) > 1 and _collapsible(names_in, following)}
    # In model order, so that everything built from the plan is deterministic.
    return {name: block_path(name)[level] for name in names if len(block_path(name)) > level and block_path(name)[level] in drawn}


def plan_groups(data: ModelData, *, group_blocks: bool | None, expand: frozenset = frozenset()) -> dict[str, str]:
    """``{layer name: group name}`` for the layers of one scope drawn inside a
    collapsed block. ``group_blocks``: True groups, False never, None groups
    when the scope has more than ``GROUP_LIMIT`` boxes. A block named in
    ``expand`` is not collapsed, and its inner blocks are tried instead."""
    names = [info.name for info in data.layers if not info.mask_only and info.kind != "input"]
    if group_blocks is False or (group_blocks is None and len(names) <= GROUP_LIMIT):
        return {}
    # Expanding a block inside a stage opens the stage too.
    expand = expand | {block_path(n)[0] for n in names if expand & set(block_path(n)[1:])}
    plan: dict[str, str] = {}
    for level in (0, 1):  # stages (or blocks without a stage), then blocks inside what stays open
        for name, group in _groups_at(data, level, names).items():
            if group not in expand:
                plan[name] = group
        names = [n for n in names if n not in plan]
    return plan


def group_names(data: ModelData) -> set[str]:
    """Every block and stage name in one scope (for checking ``expand_blocks``)."""
    return {group for info in data.layers for group in block_path(info.name)}
