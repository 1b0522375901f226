"""Which renovation states mean a unit is being renovated."""

from __future__ import annotations

# On file as a renovation from the application until the works pass inspection.
RENOVATING = frozenset({"applied", "in_progress", "awaiting_inspection"})
# Works actually going on: an application alone changes nothing in the unit.
WORKS_UNDER_WAY = RENOVATING - {"applied"}
