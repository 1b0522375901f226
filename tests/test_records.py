"""Records are typed per tab: one class per tab from model/records.py, read as attributes and
checked by mypy; the tab schema and the record classes cannot drift apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from dataclasses import FrozenInstanceError
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mypy import api as mypy_api

from deskbook.model.choices import TicketKind
from deskbook.model.dataset import Dataset, UnknownColumn, from_columns, make_record
from deskbook.model.records import RECORD_CLASSES, PlanRow, TicketRow
from deskbook.schema.tabs import TABS, TABS_BY_KEY, Column, Tab, check_record_classes
from deskbook.schema.types import Text
from deskbook.schema.validate import validate
from tests.conftest import load_spec
from tests.raw_books import raw_workbook

ROOT = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 27, 17, tzinfo=ZONE)
TICKET_COLUMNS = tuple(c.key for c in TABS_BY_KEY["tickets"].columns)


def synced(spec: dict | None = None) -> Dataset:
    return validate(raw_workbook(spec), ZONE, NOW, sop_codes=["CS-SOP-01", "CS-SOP-04"])


def test_records_are_of_their_tabs_class_and_read_as_attributes() -> None:
    ticket = synced().records("tickets")[0]
    assert type(ticket) is TicketRow
    assert ticket.kind == TicketKind.REPAIR
    assert (ticket.tab, ticket.row) == ("tickets", 2)
    assert list(ticket.values) == list(TICKET_COLUMNS)
    with pytest.raises(AttributeError):
        ticket.stauts  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(TypeError):
        ticket["kind"]  # type: ignore[index]


def test_mypy_refuses_a_misspelt_column_and_a_read_by_string(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        textwrap.dedent(
            """
            from deskbook.model.dataset import Dataset

            def read(data: Dataset) -> None:
                ticket = data.records("tickets")[0]
                ticket.stauts
                ticket["status"]
                fee = data.records("fees")[0]
                reveal_type(fee.amount_due)
            """
        ),
        "utf-8",
    )
    out, _, status = mypy_api.run(
        [
            "--no-incremental",
            "--follow-imports=silent",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(probe),
        ]
    )
    assert status == 1, out
    assert '"TicketRow" has no attribute "stauts"' in out
    assert 'Value of type "TicketRow" is not indexable' in out
    assert 'Revealed type is "decimal.Decimal"' in out


def test_an_optional_column_the_sheet_lacks_reads_as_none() -> None:
    spec = load_spec()
    tickets = spec["報事報修"]
    index = tickets["header"].index("回訪記錄")
    tickets["header"].pop(index)
    for row in tickets["rows"]:
        row.pop(index)
    data = synced(spec)
    assert data.errors == []
    assert data.records("tickets")[0].followup_note is None


def test_records_are_slotted_and_read_only() -> None:
    ticket = synced().records("tickets")[0]
    assert not hasattr(ticket, "__dict__")
    with pytest.raises(FrozenInstanceError):
        ticket.status = "closed"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del ticket.row


def test_a_record_is_built_from_declared_columns_only() -> None:
    plan = make_record("training_plan", 2, {"year": 2027, "category": "skills"})
    assert type(plan) is PlanRow
    assert plan == make_record(
        "training_plan", 2, {"year": 2027, "category": "skills", "scope": None}
    )
    assert isinstance(plan, PlanRow) and plan.budget is None
    with pytest.raises(UnknownColumn, match="tab 'training_plan' has no column 'yaer'"):
        make_record("training_plan", 2, {"yaer": 2027})


def test_records_built_from_columns_equal_records_built_from_rows() -> None:
    built = from_columns(
        "training_plan", [2, 3], {"year": [2027, 2028], "category": ["skills", None]}
    )
    assert built == [
        make_record("training_plan", 2, {"year": 2027, "category": "skills"}),
        make_record("training_plan", 3, {"year": 2028}),
    ]
    assert isinstance(built[1], PlanRow) and built[1].budget is None and built[1].row == 3
    with pytest.raises(UnknownColumn, match="tab 'training_plan' has no column 'yaer'"):
        from_columns("training_plan", [2], {"yaer": [2027]})


def test_every_tab_has_a_record_class_with_its_columns() -> None:
    check_record_classes(TABS, RECORD_CLASSES)
    for tab in TABS:
        kind = RECORD_CLASSES[tab.key]
        names = [f.name for f in dataclasses.fields(kind)]
        assert names == ["row", *(c.key for c in tab.columns)]


def test_a_schema_that_drifts_from_its_record_class_is_refused() -> None:
    renamed = tuple(
        Tab("fees", (*TABS_BY_KEY["fees"].columns[:-1], Column("receipt", Text())))
        if tab.key == "fees"
        else tab
        for tab in TABS
    )
    with pytest.raises(TypeError, match="tab 'fees': its record class holds"):
        check_record_classes(renamed, RECORD_CLASSES)
    with pytest.raises(TypeError, match="list different tabs"):
        check_record_classes(TABS[:-1], RECORD_CLASSES)
