"""Read the tabs from Google Sheets in answers Google can give, as one consistent snapshot.

Per spreadsheet and sync: one Drive `files.get` for `modifiedTime` and `version` (asked once
for the unchanged-build check, state/stamps.py, and reused; in a company's pass, asked for
every estate at once, drive.py). When that is the last read's version, nothing else: the
rows come from the copy kept in the state folder (state/sheets_cache.py). When it changed,
one `spreadsheets.get` for every tab's gid and grid size, then the values in row blocks
(blocks.py): a small office's tabs in one `values:batchGet`, a large spreadsheet's in blocks
of about 4 MB of JSON each. A read of more than one values request asks Drive again at its
end (see `SpreadsheetReader.read`).
Values are read unformatted (numbers as numbers, dates as serial numbers, booleans as
booleans) and typed by the schema, never by gspread's numericise.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import requests
from gspread.exceptions import APIError
from gspread.http_client import ParamsType
from gspread.urls import DRIVE_FILES_API_V3_URL, SPREADSHEET_VALUES_BATCH_URL

from deskbook.config import Config
from deskbook.config.google import GoogleSettings
from deskbook.errors import SourceError
from deskbook.model.dataset import SpreadsheetSize
from deskbook.model.sheets_cache import CachedTabs, CachedValues, Rows, SheetCache
from deskbook.sources import Grid, RawSheet, RawWorkbook
from deskbook.sources.google import drive
from deskbook.sources.google.blocks import Reading, Tab, TooLarge
from deskbook.sources.google.credentials import Account, load_account
from deskbook.sources.google.drive import DriveVersion
from deskbook.sources.google.errors import api_failure, not_shared, status, unparsable_range
from deskbook.sources.google.http import DeskbookHTTPClient, Overloaded, connect
from deskbook.sources.google.refs import TabRef, plan, resolve, sheet_link

SHEETS_API = "sheets.googleapis.com"
DRIVE_API = "drive.googleapis.com"
VALUE_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
_SHOWN_TITLES = 20
SNAPSHOT_TRIES = 3  # reads of a spreadsheet edited while it is read, before giving up
T = TypeVar("T")
log = logging.getLogger(__name__)


def cell(value: object) -> object:
    """A value as the API sent it: str, bool, int or float stay as they are."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


@dataclass(frozen=True)
class Spreadsheet:
    """One spreadsheet as read in this sync."""

    key: str
    name: str
    sheets: dict[str, RawSheet]  # tab key -> its sheet
    unchanged: bool
    cells: int  # every tab's rows x columns: what Google's 10M limit counts


class SpreadsheetReader:
    """Reads the tabs of one spreadsheet, keeping to the request budget."""

    def __init__(
        self,
        client: DeskbookHTTPClient,
        account: Account,
        cache: SheetCache,
        key: str,
        refs: list[TabRef],
        refresh: bool = False,
        known: DriveVersion | None = None,
    ) -> None:
        self.client = client
        self.account = account
        self.cache = cache
        self.key = key
        self.refs = refs
        self.refresh = refresh
        self.name = key
        # What Drive said earlier in this run (the build's unchanged check): not asked again.
        self.known = known
        self.largest = 0  # bytes of the largest values answer of the read

    def version(self) -> DriveVersion:
        if self.known is None:
            self.known = self.drive_version()
        self.name = self.known.name
        return self.known

    def call(self, api: str, send: Callable[[], T]) -> T:
        try:
            return send()
        except APIError as err:
            raise api_failure(err, api, self.key, self.account) from None
        except (requests.exceptions.JSONDecodeError, KeyError, TypeError) as exc:
            raise SourceError("google-bad-response", api=api, problem=type(exc).__name__) from None

    def drive_file(self) -> dict[str, Any]:
        url = f"{DRIVE_FILES_API_V3_URL}/{self.key}"
        params: ParamsType = {"fields": drive.FIELDS, "supportsAllDrives": "true"}
        try:
            found = self.call(
                DRIVE_API, lambda: self.client.request("get", url, params=params).json()
            )
        except SourceError as exc:
            if exc.key != "google-not-found":
                raise
            raise self.why_not_found() from None
        if not isinstance(found, dict) or not isinstance(found.get("modifiedTime"), str):
            raise SourceError("google-bad-response", api=DRIVE_API, problem="modifiedTime")
        self.name = str(found.get("name") or self.key)
        if found.get("mimeType") != drive.SPREADSHEET_MIME:
            raise SourceError(
                "google-not-a-sheet",
                spreadsheet=self.key,
                name=self.name,
                mime=found.get("mimeType", "?"),
            )
        return found

    def why_not_found(self) -> SourceError:
        """Drive says 404 both for a wrong key and for a file not shared with us: ask Sheets."""
        try:
            self.client.fetch_sheet_metadata(self.key, params={"fields": "spreadsheetId"})
        except APIError as err:
            if status(err) == 403:
                return not_shared(self.key, self.account)
            return api_failure(err, SHEETS_API, self.key, self.account)
        # Sheets can open it but Drive cannot see it: shared by link only.
        return SourceError(
            "google-link-only", spreadsheet=self.key, email=self.account.email or "-"
        )

    def grids(self, modified: str) -> dict[str, tuple[int, int, int]]:
        """Every tab's gid, rows and columns, from one `spreadsheets.get`; the title -> gid map
        is kept for the write-back (writers/) and for links."""
        params: ParamsType = {
            "fields": "sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))"
        }
        meta = self.call(SHEETS_API, lambda: self.client.fetch_sheet_metadata(self.key, params))
        try:
            found = {}
            for sheet in meta["sheets"]:
                props = sheet["properties"]
                grid = props.get("gridProperties") or {}
                found[props["title"]] = (
                    int(props["sheetId"]),
                    int(grid.get("rowCount", 0)),
                    int(grid.get("columnCount", 0)),
                )
        except (KeyError, TypeError, ValueError):
            raise SourceError("google-bad-response", api=SHEETS_API, problem="sheets") from None
        self.cache.store_tabs(self.key, CachedTabs(modified, {t: g[0] for t, g in found.items()}))
        return found

    def check_named(self, titles: dict[str, str | None], gids: Sequence[str]) -> None:
        for ref in self.refs:
            if ref.title is not None and titles[ref.tab] is None:
                shown = list(gids)[:_SHOWN_TITLES]
                raise SourceError(
                    "google-missing-tab",
                    name=self.name,
                    title=ref.title,
                    tab=ref.tab,
                    titles="、".join(shown) + ("…" if len(gids) > len(shown) else ""),
                )

    def read(self) -> Spreadsheet:
        """One consistent snapshot: when the read took more than one values request, Drive is
        asked again after it, and a spreadsheet edited meanwhile is read again (at most
        SNAPSHOT_TRIES times), so no sync validates rows of two versions. An unchanged
        spreadsheet is not read: its rows are the last read's, kept in the state folder."""
        before = self.version()
        last = self.cache.values(self.key)
        if not self.refresh and last is not None and last.modified_time == before.modified_time:
            kept = self.kept(last)
            if kept is not None:
                return kept
        for _ in range(SNAPSHOT_TRIES):
            got = self.read_once(before.modified_time)
            if got.requests <= 1:
                break  # one answer is one version of the spreadsheet
            after = self.drive_version()
            if after == before:
                break
            log.info("%s was edited while it was read; reading it again", self.name)
            before = self.known = after
        else:
            raise SourceError("google-edited-during-read", name=self.name, tries=SNAPSHOT_TRIES)
        self.largest = got.largest
        read = CachedValues(before.modified_time, list(got.rows), got.cells)
        self.cache.store_values(self.key, read, got.rows)
        return self.spreadsheet(got.titles, got.rows, got.gids, read.cells, unchanged=False)

    def kept(self, last: CachedValues) -> Spreadsheet | None:
        """The last read's rows, if they are what these settings read: the same tabs."""
        tabs = self.cache.tabs(self.key)
        if tabs is None:
            return None
        titles = resolve(self.refs, tabs.gids)
        if list(dict.fromkeys(t for t in titles.values() if t is not None)) != last.titles:
            return None  # other tabs asked for (settings changed, or a tab added or missing)
        rows = self.cache.rows(self.key, last)
        if rows is None:
            return None
        return self.spreadsheet(titles, rows, tabs.gids, last.cells, unchanged=True)

    def spreadsheet(
        self,
        titles: dict[str, str | None],
        rows: dict[str, Rows],
        gids: Mapping[str, int],
        cells: int,
        unchanged: bool,
    ) -> Spreadsheet:
        sheets: dict[str, RawSheet] = {}
        for ref in self.refs:
            title = titles[ref.tab]
            if title is None:
                continue  # validation reports the tab as missing, as for a workbook
            link = sheet_link(self.key, gids[title])
            sheets[ref.tab] = RawSheet(title, Grid(rows[title], cell), link)
        return Spreadsheet(self.key, self.name, sheets, unchanged, cells)

    def drive_version(self) -> DriveVersion:
        found = self.drive_file()
        return DriveVersion(self.name, found["modifiedTime"], str(found.get("version", "")))

    def read_once(self, modified: str) -> _Read:
        grids = self.grids(modified)
        gids = {t: g[0] for t, g in grids.items()}
        titles = resolve(self.refs, gids)
        self.check_named(titles, list(grids))
        wanted = list(dict.fromkeys(t for t in titles.values() if t is not None))
        tabs = {t: Tab(t, grids[t][1], grids[t][2]) for t in wanted}
        reading = Reading(list(tabs.values()), self.send)
        try:
            reading.run()
        except _StaleTitles:
            # A tab was renamed or deleted since the metadata was read: read it again.
            if resolve(self.refs, {t: g[0] for t, g in self.grids(modified).items()}) == titles:
                raise SourceError("google-bad-range", name=self.name) from None
            return self.read_once(modified)
        rows = {t: tab.values for t, tab in tabs.items()}
        cells = sum(r * c for _, r, c in grids.values())
        return _Read(titles, rows, gids, cells, reading.requests, reading.largest)

    def send(self, ranges: list[str], shrinkable: bool) -> tuple[list[list[list[object]]], int]:
        """One `values:batchGet` of these ranges: each one's rows, and the answer's bytes."""
        url = SPREADSHEET_VALUES_BATCH_URL % self.key
        params: ParamsType = {**VALUE_PARAMS, "ranges": ranges}

        def ask() -> requests.Response:
            try:
                return self.client.request("get", url, params=params, shrinkable=shrinkable)
            except APIError as err:
                if unparsable_range(err):
                    raise _StaleTitles from None
                raise

        try:
            response = self.call(SHEETS_API, ask)
        except Overloaded:
            raise TooLarge from None
        size = len(response.content)
        answer = self.call(SHEETS_API, response.json)
        value_ranges = answer.get("valueRanges") if isinstance(answer, dict) else None
        if not isinstance(value_ranges, list) or len(value_ranges) != len(ranges):
            raise SourceError("google-bad-response", api=SHEETS_API, problem="valueRanges")
        found: list[list[list[object]]] = []
        for value_range in value_ranges:
            rows = value_range.get("values", []) if isinstance(value_range, dict) else None
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise SourceError("google-bad-response", api=SHEETS_API, problem="values")
            found.append(rows)
        return found, size


@dataclass(frozen=True)
class _Read:
    titles: dict[str, str | None]  # tab key -> its title, None where there is no such tab
    rows: dict[str, Rows]  # title -> its rows
    gids: dict[str, int]
    cells: int  # every tab's rows x columns: what Google's 10M limit counts
    requests: int  # values requests it took
    largest: int  # bytes of its largest answer


class _StaleTitles(Exception):
    """The batch named a tab the spreadsheet no longer has (400 Unable to parse range)."""


@dataclass
class GSheetsSource:
    groups: dict[str, list[TabRef]]
    settings: GoogleSettings
    root: Path
    cache: SheetCache
    refresh: bool = False
    known: dict[str, DriveVersion] = field(default_factory=dict)
    # What the last read cost, for the benchmark and the tests' budget checks.
    requests_sent: int = 0
    largest_answer: int = 0
    # One sign-in for the source's life: the Drive check and the read share it (a token each
    # would be two sign-ins a publish).
    _signed_in: tuple[Account, DeskbookHTTPClient] | None = field(
        default=None, init=False, repr=False
    )

    @classmethod
    def open(cls, config: Config, cache: SheetCache, refresh: bool = False) -> GSheetsSource:
        source = config.source
        groups = plan(source.spreadsheet, source.sheets, source.tabs)
        return cls(groups, source.google, config.root, cache, refresh)

    def fingerprint(self) -> str | None:
        """Each spreadsheet's Drive modifiedTime, asked once; the read then reuses them."""
        if not self.known:
            self.known = self.versions()
        times = [(key, version.modified_time) for key, version in sorted(self.known.items())]
        return hashlib.sha256(json.dumps(times).encode()).hexdigest()

    def _groups(self, tabs: Sequence[str]) -> dict[str, list[TabRef]]:
        if not tabs:
            return self.groups
        wanted = set(tabs)
        groups = {key: [r for r in refs if r.tab in wanted] for key, refs in self.groups.items()}
        return {key: refs for key, refs in groups.items() if refs}

    def versions(self) -> dict[str, DriveVersion]:
        """Each spreadsheet's Drive version, one request each and nothing else: what tells an
        unchanged source before any value is read (state/stamps.py). In a company's pass
        Drive was asked for every estate at its start (drive.py): nothing is asked here."""
        found = {key: v for key in self.groups if (v := drive.known(key)) is not None}
        if len(found) == len(self.groups):
            return found
        account, client = self._client()
        before = client.sent
        try:
            for key, refs in self.groups.items():
                if key not in found:
                    reader = SpreadsheetReader(client, account, self.cache, key, refs)
                    found[key] = reader.version()
            return found
        finally:
            self.requests_sent = client.sent - before

    def _client(self) -> tuple[Account, DeskbookHTTPClient]:
        if self._signed_in is None:
            account = load_account(self.settings, self.root)
            self._signed_in = (account, connect(account, self.settings))
        return self._signed_in

    def read(self, tabs: Sequence[str] = ()) -> RawWorkbook:
        account, client = self._client()
        before = client.sent
        sheets: dict[str, RawSheet] = {}
        names: list[str] = []
        sizes: list[SpreadsheetSize] = []
        unchanged = True
        self.largest_answer = 0
        try:
            for key, refs in self._groups(tabs).items():
                known = self.known.get(key) or drive.known(key)
                reader = SpreadsheetReader(
                    client, account, self.cache, key, refs, self.refresh, known
                )
                got = reader.read()
                names.append(got.name)
                sheets.update(got.sheets)
                unchanged = unchanged and got.unchanged
                self.largest_answer = max(self.largest_answer, reader.largest)
                if got.sheets:
                    sizes.append(SpreadsheetSize(got.name, got.cells, next(iter(got.sheets))))
        finally:
            # The read is the source's last use: its session goes with it.
            self.requests_sent = client.sent - before
            client.session.close()
            self._signed_in = None
        return RawWorkbook(
            sheets=sheets,
            description="Google Sheets: " + "、".join(names),
            tabs={tab: tab for tab in sheets},
            unchanged=unchanged,
            sizes=tuple(sizes),
        )
