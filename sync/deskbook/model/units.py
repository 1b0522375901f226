"""The names of the unit numbering schemes an estate may declare ([units] schemes).

Settings are checked against these names before anything is read; the schemes themselves (how
each reads a unit) are in schema/units.py, which checks on import that it has exactly these."""

from __future__ import annotations

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
