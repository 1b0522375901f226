"""Read the tabs from Google Sheets with as few requests as the API allows.

Per spreadsheet and sync: one Drive `files.get` for `modifiedTime`; when that is what the last
sync read, nothing else (the values come from the local cache). When it changed, one
`values:batchGet` for every tab at once. Plus one `spreadsheets.get` for the title -> gid map,
only when the map is not cached yet or a tab is missing from it and the spreadsheet changed.
Values are read unformatted (numbers as numbers, dates as serial numbers, booleans as
booleans) and typed by the schema, never by gspread's numericise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import requests
from gspread.exceptions import APIError
from gspread.http_client import ParamsType
from gspread.urls import DRIVE_FILES_API_V3_URL

from deskbook.config import Config
from deskbook.config.google import GoogleSettings
from deskbook.errors import SourceError
from deskbook.model.sheets_cache import CachedTabs, CachedValues, SheetCache
from deskbook.sources import RawSheet, RawWorkbook, trim_rows
from deskbook.sources.google.credentials import Account, load_account
from deskbook.sources.google.errors import api_failure, not_shared, status, unparsable_range
from deskbook.sources.google.http import DeskbookHTTPClient, connect
from deskbook.sources.google.refs import TabRef, a1_sheet, plan, resolve, sheet_link

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
SHEETS_API = "sheets.googleapis.com"
DRIVE_API = "drive.googleapis.com"
VALUE_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
_SHOWN_TITLES = 20
T = TypeVar("T")


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


@dataclass(frozen=True)
class DriveVersion:
    """A spreadsheet's name and Drive modifiedTime, asked once per run."""

    name: str
    modified_time: str


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

    def version(self) -> DriveVersion:
        if self.known is None:
            modified = self.drive_file()["modifiedTime"]
            self.known = DriveVersion(self.name, modified)
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
        params: ParamsType = {"fields": "name,mimeType,modifiedTime", "supportsAllDrives": "true"}
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
        if found.get("mimeType") != SPREADSHEET_MIME:
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

    def tab_map(self, modified: str) -> CachedTabs:
        params: ParamsType = {"fields": "sheets.properties(sheetId,title)"}
        meta = self.call(SHEETS_API, lambda: self.client.fetch_sheet_metadata(self.key, params))
        try:
            gids = {
                s["properties"]["title"]: int(s["properties"]["sheetId"]) for s in meta["sheets"]
            }
        except (KeyError, TypeError, ValueError):
            raise SourceError("google-bad-response", api=SHEETS_API, problem="sheets") from None
        tabs = CachedTabs(modified, gids)
        self.cache.store_tabs(self.key, tabs)
        return tabs

    def check_named(self, titles: dict[str, str | None], tabs: CachedTabs) -> None:
        for ref in self.refs:
            if ref.title is not None and titles[ref.tab] is None:
                shown = list(tabs.gids)[:_SHOWN_TITLES]
                raise SourceError(
                    "google-missing-tab",
                    name=self.name,
                    title=ref.title,
                    tab=ref.tab,
                    titles="、".join(shown) + ("…" if len(tabs.gids) > len(shown) else ""),
                )

    def batch_get(self, titles: list[str]) -> list[list[list[Any]]]:
        if not titles:
            return []
        ranges = [a1_sheet(t) for t in titles]
        answer = self.client.values_batch_get(self.key, ranges, params=dict(VALUE_PARAMS))
        value_ranges = answer.get("valueRanges") if isinstance(answer, dict) else None
        if not isinstance(value_ranges, list) or len(value_ranges) != len(ranges):
            raise SourceError("google-bad-response", api=SHEETS_API, problem="valueRanges")
        found: list[list[list[Any]]] = []
        for value_range in value_ranges:
            rows = value_range.get("values", []) if isinstance(value_range, dict) else None
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise SourceError("google-bad-response", api=SHEETS_API, problem="values")
            found.append(rows)
        return found

    def read(self) -> Spreadsheet:
        modified = self.version().modified_time
        tabs = self.cache.tabs(self.key)
        fresh = tabs is None
        if tabs is None:
            tabs = self.tab_map(modified)
        titles = resolve(self.refs, tabs.gids)
        if None in titles.values() and not fresh and tabs.modified_time != modified:
            tabs, fresh = self.tab_map(modified), True  # a missing tab may have been added
            titles = resolve(self.refs, tabs.gids)
        self.check_named(titles, tabs)
        wanted = list(dict.fromkeys(t for t in titles.values() if t is not None))
        cached = self.cache.values(self.key)
        if (
            not self.refresh
            and cached is not None
            and cached.modified_time == modified
            and cached.titles == wanted
        ):
            return self.spreadsheet(tabs, titles, cached, unchanged=True)
        try:
            value_ranges = self.call(SHEETS_API, lambda: self.try_batch_get(wanted))
        except _StaleTitles:
            if fresh:
                raise SourceError("google-bad-range", name=self.name) from None
            tabs = self.tab_map(modified)  # a tab was renamed or deleted since the map was read
            titles = resolve(self.refs, tabs.gids)
            self.check_named(titles, tabs)
            wanted = list(dict.fromkeys(t for t in titles.values() if t is not None))
            value_ranges = self.call(SHEETS_API, lambda: self.batch_get(wanted))
        read = CachedValues(modified, wanted, value_ranges)
        self.cache.store_values(self.key, read)
        return self.spreadsheet(tabs, titles, read, unchanged=False)

    def try_batch_get(self, titles: list[str]) -> list[list[list[Any]]]:
        try:
            return self.batch_get(titles)
        except APIError as err:
            if unparsable_range(err):
                raise _StaleTitles from None
            raise

    def spreadsheet(
        self, tabs: CachedTabs, titles: dict[str, str | None], read: CachedValues, unchanged: bool
    ) -> Spreadsheet:
        rows_of = dict(zip(read.titles, read.value_ranges, strict=True))
        sheets: dict[str, RawSheet] = {}
        for ref in self.refs:
            title = titles[ref.tab]
            if title is None:
                continue  # validation reports the tab as missing, as for a workbook
            rows = [tuple(cell(v) for v in row) for row in rows_of[title]]
            link = sheet_link(self.key, tabs.gids[title])
            sheets[ref.tab] = RawSheet(title, trim_rows(rows), link)
        return Spreadsheet(self.key, self.name, sheets, unchanged)


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
        """Each spreadsheet's Drive modifiedTime, one request each and nothing else: what
        tells an unchanged source before any value is read (state/stamps.py)."""
        account = load_account(self.settings, self.root)
        client = connect(account, self.settings)
        try:
            return {
                key: SpreadsheetReader(client, account, self.cache, key, refs).version()
                for key, refs in self.groups.items()
            }
        finally:
            self.requests_sent = client.sent
            client.session.close()

    def read(self, tabs: Sequence[str] = ()) -> RawWorkbook:
        account = load_account(self.settings, self.root)
        client = connect(account, self.settings)
        sheets: dict[str, RawSheet] = {}
        names: list[str] = []
        unchanged = True
        try:
            for key, refs in self._groups(tabs).items():
                known = self.known.get(key)
                reader = SpreadsheetReader(
                    client, account, self.cache, key, refs, self.refresh, known
                )
                got = reader.read()
                names.append(got.name)
                sheets.update(got.sheets)
                unchanged = unchanged and got.unchanged
        finally:
            self.requests_sent = client.sent
            client.session.close()
        return RawWorkbook(
            sheets=sheets,
            description="Google Sheets: " + "、".join(names),
            tabs={tab: tab for tab in sheets},
            unchanged=unchanged,
        )
