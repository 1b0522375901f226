"""Raw sheets -> Dataset: find each tab and its headers, type every cell, check keys and links."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from deskbook import progress
from deskbook.domain.privacy import mask_numbers
from deskbook.i18n import (
    LANGUAGES,
    choice_label,
    column_label,
    column_names,
    fold,
    localized,
    tab_label,
)
from deskbook.i18n import tab_names as all_tab_names
from deskbook.i18n import text as i18n_text
from deskbook.model.conventions import CN, Conventions
from deskbook.model.dataset import Dataset, TabData
from deskbook.model.issues import (
    AmbiguousTab,
    DateOrder,
    DuplicateColumn,
    DuplicateKey,
    EmptyTab,
    HeaderBelowTitle,
    InvisibleCharacters,
    Issue,
    Location,
    MissingColumn,
    MissingTab,
    NoHeaderRow,
    OptionalTabMissing,
    RenamedColumn,
    RequiredValue,
    RequiredWhen,
    StaffByName,
    UnknownColumn,
    UnknownReference,
    ValueWithoutHeader,
)
from deskbook.runtime import bulk
from deskbook.schema.columns import ColumnReader, Note
from deskbook.schema.relations import BY_NAME, DATE_ORDER, REFERENCES, REQUIRED_WHEN
from deskbook.schema.tabs import PERSONAL_COLUMNS, TABS, Column, Tab
from deskbook.schema.types import (
    CellProblem,
    CellType,
    Choice,
    Date,
    DateTime,
    IdNumber,
    Period,
    UnitCode,
    normalize_text,
)
from deskbook.sources import Body, RawSheet, RawWorkbook, filled

# How far down title and instruction rows (填表說明) may push the header row: sheet rows.
_HEADER_SEARCH_ROWS = 30
_SHOWN_VALUE_MAX = 40


def shown_value(raw: object, personal: bool = False, mask: bool = True) -> str:
    """A cell value safe to quote in a message: short, and no phone or ID number in full.

    `mask=False` for values known not to be phone or ID numbers (a unit, a month, a key), whose
    digits would otherwise be starred as if they were one.
    """
    value = normalize_text(raw) if not isinstance(raw, str) else raw.strip()
    if len(value) > _SHOWN_VALUE_MAX:
        value = value[:_SHOWN_VALUE_MAX] + "…"
    if not mask:
        return value

    # In a phone column even six digits are most of a number; elsewhere seven could be one.
    return mask_numbers(value, min_digits=6 if personal else 7)


@dataclass
class _Layout:
    header_row: int
    columns: dict[int, Column]
    headers: dict[int, str]


@dataclass(frozen=True, slots=True)
class _ColumnPlan:
    index: int
    column: Column
    key: str
    header: str
    reader: ColumnReader
    personal: bool
    # The column's type as this office writes it (its region, currency, date order, choices).
    kind: CellType


class _TabValidator:
    def __init__(
        self,
        tab: Tab,
        sheet: RawSheet,
        zone: ZoneInfo,
        as_of: dt.date,
        issues: list[Issue],
        units: UnitCode,
        unit_readings: dict[str, tuple[Any, Note | None]],
        conventions: Conventions = CN,
        staff_ids: dict[str, str] | None = None,
    ) -> None:
        self.tab = tab
        self.units = units
        self.conventions = conventions
        self.staff_ids = staff_ids or {}
        self.unit_readings = unit_readings
        self.sheet = sheet
        self.zone = zone
        self.as_of = as_of
        self.issues = issues
        self.personal = PERSONAL_COLUMNS.get(tab.key, frozenset())
        self.data = TabData(tab.key, sheet.title, link=sheet.link)

    def issue(
        self,
        kind: type[Issue],
        row: int | None = None,
        index: int | None = None,
        column: str | None = None,
        **params: Any,
    ) -> None:
        self.issues.append(self.made(kind, row, index, column, **params))

    def made(
        self,
        kind: type[Issue],
        row: int | None = None,
        index: int | None = None,
        column: str | None = None,
        **params: Any,
    ) -> Issue:
        return kind.at(self.data, row, column, index=index, **params)

    def layout(self) -> _Layout | None:
        """The header row: the first of the top rows that holds every required header, else
        the one holding the most known headers. None when the sheet holds nothing at all; a
        NoHeaderRow issue (and None) when no top row holds a single known header."""
        top = itertools.takewhile(lambda r: r.number <= _HEADER_SEARCH_ROWS, self.sheet.filled())
        candidates = list(top)
        if not candidates and next(self.sheet.filled(), None) is None:
            return None
        lookup = {
            fold(name): column
            for column in self.tab.columns
            for name in column_names(self.tab.key, column.key)
        }
        required = {c.key for c in self.tab.columns if c.required}
        scores = []
        for row in candidates:
            known = {c.key for v in row.values if (c := lookup.get(fold(normalize_text(v))))}
            if required <= known:
                scores = [(len(known), row)]
                break
            scores.append((len(known), row))
        score, best = max(scores, key=lambda s: s[0], default=(0, None))
        if best is None or not score:
            names = {
                lang: (", " if lang == "en" else "、").join(
                    column_label(self.tab.key, c.key, lang) for c in self.tab.columns
                )
                for lang in LANGUAGES
            }
            self.issue(NoHeaderRow, rows=_HEADER_SEARCH_ROWS, columns=names)
            return None
        if best.number != candidates[0].number:
            self.issue(HeaderBelowTitle, best.number, header_row=best.number, above=best.number - 1)
        columns: dict[int, Column] = {}
        headers: dict[int, str] = {}
        first_at: dict[str, int] = {}
        unknown: dict[int, str] = {}
        for index, value in enumerate(best.values):
            header = normalize_text(value)
            if not header:
                continue
            headers[index] = header
            column = lookup.get(fold(header))
            if column is None:
                unknown[index] = header
            elif column.key in first_at:
                first = Location.of(self.data, best.number, index=first_at[column.key]).cell
                self.issue(
                    DuplicateColumn, best.number, index, column.key, header=header, first=first
                )
            else:
                first_at[column.key] = index
                columns[index] = column
        self.report_missing(best.number, columns, unknown)
        return _Layout(best.number, columns, headers)

    def report_missing(
        self, header_row: int, columns: dict[int, Column], unknown: dict[int, str]
    ) -> None:
        present = {c.key for c in columns.values()}
        unclaimed = dict(unknown)
        for column in self.tab.columns:
            if column.key in present:
                continue
            names = column_names(self.tab.key, column.key)
            guess = _closest(names, unclaimed)
            labels = {lang: column_label(self.tab.key, column.key, lang) for lang in LANGUAGES}
            if guess is not None:
                index = guess
                header = unclaimed.pop(index)
                if column.required:
                    hint = {
                        lang: i18n_text(
                            "hints.missing-column-renamed",
                            lang,
                            suggestion=header,
                            column_name=labels[lang],
                        )
                        for lang in LANGUAGES
                    }
                    self.issue(
                        MissingColumn,
                        header_row,
                        index,
                        column.key,
                        column_name=labels,
                        hint=hint,
                    )
                else:
                    self.issue(
                        RenamedColumn,
                        header_row,
                        index,
                        column.key,
                        header=header,
                        column_name=labels,
                    )
            elif column.required:
                self.issue(
                    MissingColumn,
                    header_row,
                    None,
                    column.key,
                    column_name=labels,
                    hint=localized("hints.missing-column-add"),
                )
        for index, header in unclaimed.items():
            self.issue(UnknownColumn, header_row, index, None, header=header)

    def run(self) -> TabData:
        with bulk():
            return self.read()

    def read(self) -> TabData:
        data = self.data
        layout = self.layout()
        if layout is not None:
            data.columns = {c.key: i for i, c in layout.columns.items()}
        start = -1 if layout is None else layout.header_row
        body = self.sheet.body(start)
        numbers = body.numbers
        data.rows = len(numbers)
        # A tab with its header and no rows yet is a new office's normal state, not a problem.
        if layout is None:
            if not numbers:
                self.issue(EmptyTab)
            data.rejected = list(numbers)
            return data
        if not numbers:
            return data
        self.report_unheaded(layout, body)
        present = {c.key for c in layout.columns.values()}
        # With a required column gone the rows are held back, reported once as missing-column
        # rather than on every row; their keys are still read so references to them hold.
        complete = all(c.key in present for c in self.tab.columns if c.required)
        plans = self.plan(layout)
        found: list[tuple[int, int, int, Issue]] = []
        columns: dict[str, list[Any]] = {}
        failed: set[int] = set()
        for plan, cells in zip(plans, body.columns([p.index for p in plans]), strict=True):
            tail = None if body.blank_tail is None else partial(body.blank_tail, plan.index)
            values, notes = plan.reader.column(cells, body.normal, tail)
            columns[plan.key] = values
            for at, note in notes:
                if note.fails:
                    failed.add(at)
                if complete:
                    self.note_issues(found, plan, numbers[at], note)
        if complete:
            failed |= self.check_order(found, layout, body, columns, failed)
            # Row by row, as the rows were read; the sort keeps a cell's issues in the order
            # its reading found them (a warning before the error on the same cell).
            found.sort(key=lambda f: f[:3])
            self.issues.extend(f[3] for f in found)
        # Without a required column no row is usable: every record's required fields are set.
        held_all = None if complete else set(range(len(numbers)))
        good = [at for at in range(len(numbers)) if at not in failed] if complete else []
        kept = {key: _picked(values, good, held_all or failed) for key, values in columns.items()}
        data.set_columns(_picked(numbers, good, held_all or failed), kept)
        key = self.tab.primary_key[0] if len(self.tab.primary_key) == 1 else None
        held = sorted(failed) if complete else range(len(numbers))
        data.rejected = [numbers[at] for at in held]
        if key is not None and key in columns:
            keys = {v for v in map(columns[key].__getitem__, held) if v is not None}
            if keys:
                data.rejected_keys[key] = keys
        return data

    def report_unheaded(self, layout: _Layout, body: Body) -> None:
        """A value in a column with no header is read by no one: said once per column, at its
        first cell, rather than dropped without a word."""
        unheaded = [i for i in range(body.width) if i not in layout.headers]
        if not unheaded:
            return
        for index, cells in zip(unheaded, body.columns(unheaded), strict=True):
            # The distinct values first (in C): most such columns are formatted but empty.
            if not any(map(filled, set(cells))):
                continue
            shown = [c for c in cells if filled(c)]
            at = next(i for i, c in enumerate(cells) if filled(c))
            value = body.normal(shown[0]) if body.normal is not None else shown[0]
            self.issue(
                ValueWithoutHeader,
                body.numbers[at],
                index,
                None,
                count=len(shown),
                value=shown_value(value),
            )

    def plan(self, layout: _Layout) -> list[_ColumnPlan]:
        """Each column's reader worked out once per tab, not once per cell."""
        plans = []
        for index, column in layout.columns.items():
            kind = (
                self.units
                if isinstance(column.type, UnitCode)
                else column.type.for_office(self.conventions)
            )
            plausible = (
                column.type.plausible if isinstance(column.type, (Date, DateTime, Period)) else None
            )
            reader = ColumnReader(
                kind.read,
                kind.parse,
                plausible,
                column.required,
                self.zone if isinstance(column.type, DateTime) else None,
                self.as_of,
                kind.verbatim(),
                self.unit_readings if kind is self.units else None,
            )
            plans.append(
                _ColumnPlan(
                    index,
                    column,
                    column.key,
                    layout.headers[index],
                    reader,
                    column.key in self.personal,
                    kind,
                )
            )
        return plans

    def note_issues(
        self, found: list[tuple[int, int, int, Issue]], plan: _ColumnPlan, row: int, note: Note
    ) -> None:
        """The issues of one cell's note, kept with the cell's row and column for ordering."""
        made: list[Issue] = []
        if note.removed:
            made.append(
                self.made(
                    InvisibleCharacters,
                    row,
                    plan.index,
                    plan.key,
                    column_name=plan.header,
                    count=note.removed,
                    value=shown_value(
                        note.cell, plan.personal, plan.personal or plan.kind.masks_digits
                    ),
                )
            )
        if note.blank:
            made.append(
                self.made(RequiredValue, row, plan.index, plan.key, column_name=plan.header)
            )
        elif note.problem is not None:
            made.append(self.cell_issue(note.problem, row, plan, note.cell))
        found.extend((row, plan.index, n, issue) for n, issue in enumerate(made))

    def cell_issue(self, problem: CellProblem, row: int, plan: _ColumnPlan, cell: object) -> Issue:
        column = plan.column
        params: dict[str, Any] = dict(problem.params)
        params["column_name"] = plan.header
        if isinstance(column.type, UnitCode):
            # A unit runs to ten digits at most (building, entrance, room): the clerk must see
            # the one that failed; only a phone number pasted into the column is masked.
            params["value"] = mask_numbers(shown_value(cell, mask=False), min_digits=11)
        elif not isinstance(column.type, IdNumber):
            # Only a phone or ID number is masked: a date, amount or code must be seen whole.
            params["value"] = shown_value(
                cell, plan.personal, mask=plan.personal or plan.kind.masks_digits
            )
        if problem.code == "invalid-format":
            params["hint"] = _staff_hint(self.tab.key, column.key, cell, self.staff_ids)
        if problem.code == "out-of-range":
            params["range"] = _range_text(params.pop("minimum"), params.pop("maximum"))
        if isinstance(plan.kind, Choice):
            enum = plan.kind.enum
            params["choices"] = {
                lang: "、".join(
                    self.conventions.choice_label(enum, c) or choice_label(enum, c, lang)
                    for c in plan.kind.choices
                )
                for lang in LANGUAGES
            }
        return self.made(Issue.by_code(problem.code), row, plan.index, column.key, **params)

    def check_order(
        self,
        found: list[tuple[int, int, int, Issue]],
        layout: _Layout,
        body: Body,
        columns: dict[str, list[Any]],
        failed: set[int],
    ) -> set[int]:
        """Date-order and required-when rules over the rows whose cells all read; returns the
        rows a date-order rule holds back (a missing required-when value is reported only)."""
        index_of = {c.key: i for i, c in layout.columns.items()}
        numbers = body.numbers
        # After every cell issue of the same cell.
        last = 3
        out_of_order: set[int] = set()
        for tab, earlier, later in DATE_ORDER:
            if tab != self.tab.key or earlier not in columns or later not in columns:
                continue
            pairs = zip(columns[earlier], columns[later], strict=True)
            for at, (first, then) in enumerate(pairs):
                if first is None or then is None or at in failed:
                    continue
                if _as_date(then) < _as_date(first):
                    issue = self.made(
                        DateOrder,
                        numbers[at],
                        index_of[later],
                        later,
                        column_name=layout.headers[index_of[later]],
                        value=_show_date(then),
                        other_name=layout.headers[index_of[earlier]],
                        other_value=_show_date(first),
                    )
                    found.append((numbers[at], index_of[later], last, issue))
                    last += 1
                    out_of_order.add(at)
        for tab, column, when, states in REQUIRED_WHEN:
            if tab != self.tab.key or column not in columns or when not in columns:
                continue
            pairs = zip(columns[when], columns[column], strict=True)
            for at, (state, value) in enumerate(pairs):
                if value is not None or state not in states or at in failed:
                    continue
                issue = self.made(
                    RequiredWhen,
                    numbers[at],
                    index_of[column],
                    column,
                    column_name=layout.headers[index_of[column]],
                    other_name=layout.headers[index_of[when]],
                    other_value=shown_value(body.row(at)[index_of[when]]),
                )
                found.append((numbers[at], index_of[column], last, issue))
                last += 1
        return out_of_order


def _picked(values: list[Any], good: list[int], failed: set[int]) -> list[Any]:
    """The values at the good positions (all of them when none failed)."""
    return values if not failed else list(map(values.__getitem__, good))


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _show_date(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _range_text(minimum: Any, maximum: Any) -> str:
    if minimum != "" and maximum != "":
        return f"{minimum}–{maximum}"
    return f"≥ {minimum}" if minimum != "" else f"≤ {maximum}"


def _closest(names: list[str], unclaimed: dict[int, str]) -> int | None:
    best: tuple[float, int] | None = None
    for index, header in unclaimed.items():
        for name in names:
            score = difflib.SequenceMatcher(None, fold(name), fold(header)).ratio()
            if score >= 0.5 and (best is None or score > best[0]):
                best = (score, index)
    return None if best is None else best[1]


def issue_order(issue: Issue) -> tuple[int, int, str]:
    """Tabs in workbook order, then by row, then by column."""
    return ([t.key for t in TABS].index(issue.tab), issue.row or 0, issue.where.letter or "")


def sheet_titles(tab: Tab, workbook: RawWorkbook, override: str | None) -> list[str]:
    """The titles of the sheets that could feed this tab, the one to read first: a visible
    sheet before a hidden one (a hidden copy is usually last year's or a backup), then in
    workbook order. Chosen by title and hidden flag alone: a source may read sheets lazily."""
    if override is not None:
        return [override] if override in workbook.sheets else []
    wanted = {fold(n) for n in all_tab_names(tab.key)}
    return sorted((t for t in workbook.sheets if fold(t) in wanted), key=workbook.is_hidden)


def validate(
    workbook: RawWorkbook,
    zone: ZoneInfo,
    synced_at: dt.datetime,
    tab_titles: dict[str, str] | None = None,
    sop_codes: Iterable[str] = (),
    units: UnitCode | None = None,
    as_of: dt.date | None = None,
    conventions: Conventions = CN,
) -> Dataset:
    """Check every tab; rows with an error are left out of the records but never lost.

    `units` reads every unit column by the estate's declared schemes (default: the default's);
    `conventions` are how the office writes phones, money, dates, IDs and choices.
    Dates are plausible up to a span after the later of `as_of` and the sync's own day: a look
    back with --as-of does not make what happened since implausible.
    """
    units = units or UnitCode()
    tab_titles = tab_titles or {}
    synced_on = synced_at.astimezone(zone).date()
    as_of = max(as_of or synced_on, synced_on)
    issues: list[Issue] = []
    tabs: dict[str, TabData] = {}
    titles = {tab.key: sheet_titles(tab, workbook, tab_titles.get(tab.key)) for tab in TABS}
    workbook.expect([title for tab in TABS for title in titles[tab.key]])
    unit_readings: dict[str, tuple[Any, Note | None]] = {}
    staff_ids: dict[str, str] = {}
    for tab in TABS:
        sheets = [workbook.sheets[title] for title in titles[tab.key]]
        if not sheets:
            title = tab_titles.get(tab.key) or tab_label(tab.key, "zh-Hant")
            aliases = "、".join(n for n in all_tab_names(tab.key) if n != title)
            kind = OptionalTabMissing if tab.optional else MissingTab
            issues.append(kind.named(tab.key, title, tab_name=title, aliases=aliases))
            tabs[tab.key] = TabData(tab.key, None)
            continue
        sheet = sheets[0]
        if len(sheets) > 1:
            issues.append(
                AmbiguousTab.named(
                    tab.key,
                    sheet.title,
                    sheet_name=_sheet_names(sheets[:1]),
                    others=_sheet_names(sheets[1:]),
                )
            )
        tabs[tab.key] = _TabValidator(
            tab, sheet, zone, as_of, issues, units, unit_readings, conventions, staff_ids
        ).run()
        if tab.key == "staff":  # read first: later tabs' staff columns may hold a name
            staff_ids.update(_ids_by_name(tabs["staff"]))
        progress.tab("validated", sheet.title, tabs[tab.key].rows)
        # This tab's cells go before the next tab's are read, not after: a large company's
        # fees and tickets grids are never held at once.
        del sheet, sheets
    with bulk():
        _check_keys(tabs, issues)
        _check_references(tabs, issues, set(sop_codes), staff_ids)
    issues.sort(key=issue_order)
    return Dataset(tabs=tabs, issues=issues, source=workbook.description, synced_at=synced_at)


def _sheet_names(sheets: list[RawSheet]) -> dict[str, str]:
    """「業主」、「業主」(hidden) in each language."""
    return {
        lang: "、".join(
            f"「{s.title}」" + (i18n_text("hints.hidden-sheet", lang) if s.hidden else "")
            for s in sheets
        )
        for lang in LANGUAGES
    }


def _check_keys(tabs: dict[str, TabData], issues: list[Issue]) -> None:
    for tab in TABS:
        data = tabs[tab.key]
        if not tab.primary_key or not data.valid:
            continue
        parts = [
            [v or 1 for v in data.column(k)] if k == "attempt" else data.column(k)
            for k in tab.primary_key
        ]
        keys = list(zip(*parts, strict=True))
        # Each key's first row: later rows overwrite earlier ones when read from the end.
        first_at = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
        if len(first_at) == len(keys):
            continue
        dropped: set[int] = set()
        # Each part masked only if it is personal: a unit and month are not a phone number.
        personal = PERSONAL_COLUMNS.get(tab.key, frozenset())
        numbers = data.row_numbers()
        for at, key in enumerate(keys):
            if first_at[key] == at:
                continue
            first = Location.of(data, numbers[first_at[key]], tab.primary_key[0]).cell
            value = " / ".join(
                shown_value(_display_key(v), True) if k in personal else _display_key(v)
                for k, v in zip(tab.primary_key, key, strict=True)
            )
            issues.append(
                DuplicateKey.at(
                    data,
                    numbers[at],
                    tab.primary_key[0],
                    value=shown_value(value, mask=False),
                    first=first,
                )
            )
            dropped.add(numbers[at])
        data.hold_back(dropped)


def _display_key(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _ids_of_names(staff: TabData) -> dict[str, set[str]]:
    """The IDs of the staff members holding each name."""
    ids: dict[str, set[str]] = {}
    for name, staff_id in zip(staff.column("name"), staff.column("staff_id"), strict=True):
        if name and staff_id:
            ids.setdefault(normalize_text(name), set()).add(staff_id)
    return ids


def _ids_by_name(staff: TabData) -> dict[str, str]:
    """Each staff member's ID by their name, for names held by exactly one person."""
    ids = _ids_of_names(staff)
    return {name: next(iter(found)) for name, found in ids.items() if len(found) == 1}


def _staff_hint(
    tab: str, column: str, value: object, staff_ids: dict[str, str], key: str = "staff-name"
) -> dict[str, str]:
    """Where a staff ID belongs and a person's name was typed: that person's ID."""
    name = normalize_text(value)
    if (tab, column, "staff", "staff_id") in REFERENCES and name in staff_ids:
        return localized(f"hints.{key}", name=name, staff_id=staff_ids[name])
    return {lang: "" for lang in LANGUAGES}


def _check_references(
    tabs: dict[str, TabData],
    issues: list[Issue],
    sop_codes: set[str],
    staff_ids: dict[str, str] | None = None,
) -> None:
    """A value must exist in the target tab. A target row that has errors of its own still
    counts: its issue is reported there, and holding back every row that refers to it would
    hide far more than the one mistake. In a BY_NAME column a name held by one staff member
    is read as their ID, with a warning."""
    staff_ids = staff_ids or {}
    for tab, column, target, target_column in REFERENCES:
        data = tabs[tab]
        if target == "sop":
            known: set[Any] = sop_codes
            hint = (
                localized("hints.reference-sop", codes="、".join(sorted(sop_codes)))
                if sop_codes
                else localized("hints.reference-sop-none")
            )
        else:
            target_data = tabs[target]
            if target_data.sheet is None:
                continue  # its missing-tab issue says it all
            known = set(target_data.column(target_column))
            known |= target_data.rejected_keys.get(target_column, set())
            hint = {
                lang: i18n_text("hints.reference-missing", lang, target=tab_label(target, lang))
                for lang in LANGUAGES
            }
        values = data.column(column)
        if not set(values) - known - {None}:
            continue
        by_name = staff_ids if (tab, column) in BY_NAME else {}
        shared = _ids_of_names(tabs["staff"]) if target == "staff" else {}
        read: list[Any] | None = None  # the column with names read as IDs, if any was
        dropped: set[int] = set()
        for at, (row, value) in enumerate(zip(data.row_numbers(), values, strict=True)):
            if value is None or value in known:
                continue
            shown = shown_value(value, mask=False)
            staff_id = by_name.get(normalize_text(value))
            if staff_id is not None:
                read = list(values) if read is None else read
                read[at] = staff_id
                issues.append(StaffByName.at(data, row, column, value=shown, staff_id=staff_id))
                continue
            named = (
                _staff_reference_hint(tab, column, value, staff_ids, shared)
                if target == "staff"
                else None
            ) or hint
            issues.append(UnknownReference.at(data, row, column, value=shown, hint=named))
            dropped.add(row)
        if read is not None:
            data.replace_column(column, read)
        data.hold_back(dropped)


def _staff_reference_hint(
    tab: str, column: str, value: object, staff_ids: dict[str, str], shared: dict[str, set[str]]
) -> dict[str, str] | None:
    """Where a staff ID was wanted and a name typed: the ID of the one person of that name,
    or the IDs of the several who share it; None for the reference's usual hint."""
    named = _staff_hint(tab, column, value, staff_ids, "reference-staff-name")
    if any(named.values()):
        return named
    holders = shared.get(normalize_text(value), set())
    if len(holders) > 1:
        return localized("hints.reference-staff-shared-name", staff_ids="、".join(sorted(holders)))
    return None
