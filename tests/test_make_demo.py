"""The demo generator's scaled company: estates served by fewer staff teams than there are."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def make_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "examples" / "make_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_three_estates_served_by_two_teams(make_demo: ModuleType) -> None:
    one = make_demo.estate_tabs()
    company = {tab: make_demo.scaled(tab, rows, 3, teams=2) for tab, rows in one.items()}
    assert len(company["staff"]) == 2 * len(one["staff"])
    assert len(company["training_attendance"]) == 2 * len(one["training_attendance"])
    assert len(company["fees"]) == 3 * len(one["fees"])
    assert len(company["tickets"]) == 3 * len(one["tickets"])
    staff = {row["staff_id"] for row in company["staff"]}
    assert len(staff) == len(company["staff"])  # ids stay unique
    for tab, column in [("fees", "staff_id"), ("fee_reminders", "staff_id")]:
        demo_known = {row["staff_id"] for row in one["staff"]}
        # The demo's own slips (a typo'd staff id) aside, every reference finds its person.
        slips = {row[column] for row in one[tab] if row.get(column)} - demo_known
        named = {row[column] for row in company[tab] if row.get(column)}
        assert {n for n in named if n.split("-")[0] not in slips} <= staff
        # The third estate is served by the first team, the demo's people as they are.
        third = company[tab][2 * len(one[tab]) :]
        assert {row[column] for row in third if row.get(column)} <= demo_known
    tickets = [row["ticket_id"] for row in company["tickets"]]
    assert len(set(tickets)) == len(tickets)


def test_every_estate_its_own_team_by_default(make_demo: ModuleType) -> None:
    one = make_demo.estate_tabs()
    rows = make_demo.scaled("staff", one["staff"], 3)
    assert len(rows) == 3 * len(one["staff"])
