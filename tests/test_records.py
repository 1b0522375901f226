"""Records are typed per tab: a column the tab does not declare is an error, never an empty
value that would quietly give empty tables and zero counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import FrozenInstanceError
from zoneinfo import ZoneInfo

import pytest

from deskbook.dataset import Dataset, Record, UnknownColumn, record_class
from deskbook.schema.choices import TicketKind
from deskbook.schema.tabs import TABS_BY_KEY, Column, Tab
from deskbook.schema.types import Text
from deskbook.schema.validate import validate
from tests.conftest import load_spec
from tests.raw_books import raw_workbook

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 17, tzinfo=ZONE)
TICKET_COLUMNS = tuple(c.key for c in TABS_BY_KEY["tickets"].columns)


def synced(spec: dict | None = None) -> Dataset:
    return validate(raw_workbook(spec), ZONE, NOW, sop_codes=["CS-SOP-01", "CS-SOP-04"])


def test_an_undeclared_column_raises_naming_tab_and_key() -> None:
    ticket = synced().records("tickets")[0]
    with pytest.raises(KeyError) as by_key:
        ticket["stauts"]
    with pytest.raises(AttributeError) as by_attribute:
        ticket.stauts  # noqa: B018
    for caught in (by_key.value, by_attribute.value):
        assert isinstance(caught, UnknownColumn)
        assert str(caught) == "tab 'tickets' has no column 'stauts'"
        assert (caught.tab, caught.key) == ("tickets", "stauts")
    assert not hasattr(ticket, "stauts")


def test_declared_columns_read_by_key_or_attribute() -> None:
    ticket = synced().records("tickets")[0]
    assert ticket["kind"] == ticket.kind == TicketKind.REPAIR
    assert (ticket.tab, ticket.row) == ("tickets", 2)
    assert list(ticket.values) == list(TICKET_COLUMNS)
    assert ticket.values["ticket_id"] == ticket["ticket_id"]


def test_an_optional_column_the_sheet_lacks_reads_as_none() -> None:
    spec = load_spec()
    tickets = spec["報事報修"]
    index = tickets["header"].index("回訪記錄")
    tickets["header"].pop(index)
    for row in tickets["rows"]:
        row.pop(index)
    data = synced(spec)
    assert data.errors == []
    ticket = data.records("tickets")[0]
    assert ticket["followup_note"] is None and ticket.followup_note is None


def test_records_are_slotted_per_tab_and_read_only() -> None:
    ticket = synced().records("tickets")[0]
    assert type(ticket).__name__ == "TicketsRecord"
    assert type(ticket).__slots__ == TICKET_COLUMNS
    assert not hasattr(ticket, "__dict__")
    with pytest.raises(FrozenInstanceError):
        ticket.status = "closed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del ticket.row


def test_a_record_is_built_from_declared_columns_only() -> None:
    plan = Record("training_plan", 2, {"year": 2027, "category": "skills"})
    assert plan == Record("training_plan", 2, {"year": 2027, "category": "skills", "scope": None})
    assert plan["budget"] is None
    with pytest.raises(UnknownColumn, match="tab 'training_plan' has no column 'yaer'"):
        Record("training_plan", 2, {"yaer": 2027})


def test_records_built_from_columns_equal_records_built_from_rows() -> None:
    built = Record.from_columns(
        "training_plan", [2, 3], {"year": [2027, 2028], "category": ["skills", None]}
    )
    assert built == [
        Record("training_plan", 2, {"year": 2027, "category": "skills"}),
        Record("training_plan", 3, {"year": 2028}),
    ]
    assert built[1].budget is None and built[1].row == 3
    with pytest.raises(UnknownColumn, match="tab 'training_plan' has no column 'yaer'"):
        Record.from_columns("training_plan", [2], {"yaer": [2027]})


def test_a_column_may_not_hide_what_every_record_has() -> None:
    with pytest.raises(TypeError, match=r"column keys \['row', 'values'\]"):
        record_class(Tab("odd", (Column("row", Text()), Column("values", Text()))))
