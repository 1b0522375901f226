"""One estate's roll-up extract: the figures the company sees, counts only, never a name.

Computed from the same views the estate's own pages show, so the roll-up and the estate's
handbook cannot disagree. Money travels as Decimal strings.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from deskbook.pipeline import Prepared
from deskbook.training.compliance import STATUSES
from deskbook.views.fees import fees_view
from deskbook.views.service_desk import desk_view
from deskbook.views.training import training_view

ZERO = Decimal("0.00")
# An absolute path as a message quotes it, POSIX or Windows; not the path part of an address
# (`https://host/a/b`): a path starts after a space, a quote or a bracket, never inside a word.
# It names a folder and something in it: a message's own words such as "/d/ and /edit" (the
# parts of a spreadsheet's address) are no path.
_PART = r"[^\s'\"，。；：）)\\/]+"
_ABSOLUTE = re.compile(rf"(?<![\w:/.\\-])(?:[A-Za-z]:[\\/]|/){_PART}(?:[\\/]{_PART})+")


def without_machine_paths(text: str, root: Path | None = None) -> str:
    """`text` with every absolute path said relative to the company's folder `root`, or by its
    last name when outside it: the roll-up is a site, and where a host keeps its files is
    nobody's business there (nor, for another shard's host, known)."""

    def short(match: re.Match[str]) -> str:
        found = match.group(0)
        if root is not None:
            try:
                return Path(found).relative_to(root).as_posix()
            except ValueError:
                pass
        return re.split(r"[\\/]", found.rstrip("\\/"))[-1] or found

    return _ABSOLUTE.sub(short, text)


# The estate's own pages each figure links to (relative to its handbook's root).
PAGES = {
    "training": "training/",
    "onboarding": "training/onboarding/",
    "service": "service-desk/",
    "fees": "fees/",
    "errors": "data-quality/",
}


def figures(prepared: Prepared) -> dict[str, Any]:
    # Head office reads the estates' figures as their managers do.
    views = dataclasses.replace(prepared.views, audience="manager")
    report = views.view(training_view).report
    training: dict[str, dict[str, int]] = {}
    for code in report.rules.categories:
        counts = Counter(c.status for s in report.staff for c in s.categories if c.category == code)
        training[code] = {status: counts.get(status, 0) for status in STATUSES}
    onboarding = Counter(
        s.onboarding.state
        for s in (*report.staff, *report.leavers)
        if s.onboarding.state != "not_tracked"
    )
    desk = views.view(desk_view)
    fees = views.view(fees_view)
    due = sum((r.due for r in fees.by_period), ZERO)
    collected = sum((r.collected for r in fees.by_period), ZERO)
    dataset = prepared.dataset
    return {
        "as_of": prepared.run.as_of.isoformat(),
        "training": training,
        "training_labels": {c: dict(r.labels) for c, r in report.rules.categories.items()},
        "onboarding": dict(sorted(onboarding.items())),
        "service": {
            "open": len(desk.open_tickets),
            "breaches": len(desk.breaches),
            "breaches_open": sum(1 for b in desk.breaches if b.still_open),
            "followups_missed": sum(1 for f in desk.followups if f.missed),
        },
        "fees": {
            "due": str(due),
            "collected": str(collected),
            "arrears": str(fees.arrears_total),
            "arrears_units": len(fees.arrears),
        },
        "errors": len(dataset.errors),
        "warnings": len(dataset.warnings),
    }


def read_extracts(folders: list[Path]) -> dict[str, dict[str, Any]]:
    """Every estate's extract found in `folders`; a later folder's wins for the same estate."""
    found: dict[str, dict[str, Any]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and isinstance(data.get("code"), str):
                found[data["code"]] = data
    return found
