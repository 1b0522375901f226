"""Which renovation states mean a unit is being renovated."""

from __future__ import annotations

from deskbook.model.choices import RenovationStatus

# On file as a renovation from the application until the works pass inspection.
RENOVATING = frozenset(
    {RenovationStatus.APPLIED, RenovationStatus.IN_PROGRESS, RenovationStatus.AWAITING_INSPECTION}
)
# Works actually going on: an application alone changes nothing in the unit.
WORKS_UNDER_WAY = RENOVATING - {RenovationStatus.APPLIED}
