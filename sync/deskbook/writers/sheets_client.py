"""What the two writing commands share: a client with write scope, and the tab map."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from gspread.exceptions import APIError

from deskbook.config import Config
from deskbook.errors import SourceError
from deskbook.model.sheets_cache import CachedTabs
from deskbook.sources.google.credentials import Account, load_account
from deskbook.sources.google.errors import api_failure
from deskbook.sources.google.http import DeskbookHTTPClient, connect
from deskbook.sources.google.refs import TabRef, plan
from deskbook.sources.google.sheets import SHEETS_API
from deskbook.state.db import state_file
from deskbook.state.sheets_cache import SheetCache

T = TypeVar("T")


@dataclass(frozen=True)
class SheetProps:
    gid: int
    title: str
    rows: int
    frozen: int


@dataclass
class Writer:
    """A write-scoped session on every spreadsheet the settings name."""

    client: DeskbookHTTPClient
    account: Account
    cache: SheetCache
    groups: dict[str, list[TabRef]]

    @classmethod
    def open(cls, config: Config, command: str) -> Writer:
        source = config.source
        if source.kind != "gsheets":
            raise SourceError("needs-gsheets", command=command, kind=source.kind)
        account = load_account(source.google, config.root, write=True)
        client = connect(account, source.google)
        groups = plan(source.spreadsheet, source.sheets, source.tabs)
        return cls(client, account, SheetCache(state_file(config)), groups)

    def call(self, key: str, send: Callable[[], T]) -> T:
        try:
            return send()
        except APIError as err:
            raise api_failure(err, SHEETS_API, key, self.account) from None
        except (requests.exceptions.JSONDecodeError, KeyError, TypeError) as exc:
            raise SourceError(
                "google-bad-response", api=SHEETS_API, problem=type(exc).__name__
            ) from None

    def sheets(self, key: str) -> tuple[str, dict[str, SheetProps]]:
        """The spreadsheet's name and its tabs; refreshes the cached title -> gid map."""
        fields = (
            "properties.title,"
            "sheets.properties(sheetId,title,gridProperties(rowCount,frozenRowCount))"
        )
        meta = self.call(key, lambda: self.client.fetch_sheet_metadata(key, {"fields": fields}))
        props: dict[str, SheetProps] = {}
        for sheet in meta.get("sheets", []):
            p = sheet["properties"]
            grid = p.get("gridProperties", {})
            props[p["title"]] = SheetProps(
                int(p["sheetId"]),
                p["title"],
                int(grid.get("rowCount", 0)),
                int(grid.get("frozenRowCount", 0)),
            )
        self.remember(key, {t: p.gid for t, p in props.items()})
        return str(meta.get("properties", {}).get("title") or key), props

    def remember(self, key: str, gids: dict[str, int]) -> None:
        # No modifiedTime: we are about to change the spreadsheet ourselves.
        self.cache.store_tabs(key, CachedTabs(None, gids))

    def update(self, key: str, requests_: list[dict[str, Any]]) -> None:
        try:
            self.call(key, lambda: self.client.batch_update(key, {"requests": requests_}))
        except SourceError as exc:
            # Refused a write to a spreadsheet it has just read: shared, as a Viewer. Asking
            # to share it (as a Viewer) would send the office round in a circle.
            if exc.key not in ("google-not-shared", "google-not-shared-user"):
                raise
            who = self.account.email or self.account.origin
            raise SourceError("google-viewer-only", spreadsheet=key, email=who) from None

    def close(self) -> None:
        self.client.session.close()


def new_gid(title: str, used: set[int]) -> int:
    """A sheet id for a tab we add: stable for a title, unused in the spreadsheet."""
    gid = zlib.crc32(title.encode()) & 0x3FFFFFFF
    while gid in used or gid == 0:
        gid = (gid + 1) & 0x3FFFFFFF
    used.add(gid)
    return gid


def string_row(values: list[str]) -> dict[str, Any]:
    return {"values": [{"userEnteredValue": {"stringValue": v}} for v in values]}
