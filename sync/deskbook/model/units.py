"""The names of the unit numbering schemes an estate may declare ([units] schemes).

Settings are checked against these names before anything is read; the schemes themselves (how
each reads a unit) are in schema/units.py, which checks on import that it has exactly these."""

from __future__ import annotations

import re

SCHEME_NAMES: tuple[str, ...] = (
    "building-unit-room",
    "tower-room",
    "block-room",
    "floor-flat",
    "shop",
    "parking",
    "storage",
    "villa",
    "office",
)
DEFAULT_SCHEMES: tuple[str, ...] = ("building-unit-room",)

# The parts an office's own unit writing ([units] patterns) is made of, each in braces:
# "{block}座{floor}樓{flat}室". What each part reads is in schema/units.py.
PATTERN_PARTS: tuple[str, ...] = (
    "block",  # a lettered, numbered or named block: A, 5, 翠園閣
    "building",  # a building number: 3
    "entrance",  # an entrance (單元) number: 2
    "floor",  # a floor: 12, G, B1
    "flat",  # a flat letter or number: B, 03
    "room",  # a room number with its floor: 1203
    "number",  # any other number: a shop's G05, a parking space's B1-23, a house's 3
)


def pattern_parts(template: str) -> list[str]:
    """The part names a pattern template names, in order."""
    return re.findall(r"\{([^{}]*)\}", template)
