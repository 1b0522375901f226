"""A Google Sheets API v4 + Drive v3 + OAuth token server on 127.0.0.1, for the tests.

Real HTTP, and JSON shaped like Google's, so the real gspread client and google-auth run
unchanged against it: service-account JWTs are verified against the public key the test made,
tokens carry scopes, sharing and enabled APIs are enforced, values come back the way the API
sends them (trailing blanks dropped, `[]` for empty rows, no `values` key for an empty range),
and errors carry `{"error": {"code", "message", "status", "errors"/"details"}}`.
Faults (429 storms, 5xx, hangs, cut-off and non-JSON bodies) are injected per endpoint.
Like Google, it refuses a spreadsheet of more than 10M cells (every tab's rows x columns),
sends large answers in chunks, can answer a values read above a size with a 503 or a hang
(`answer_limit`), keeps Drive's `version` with `modifiedTime`, and answers Drive batches
(`POST /batch/drive/v3`, up to 100 `files.get` in one multipart request).
Only what deskbook and gspread's common calls send is implemented.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import datetime as dt
import json
import re
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
CELL_LIMIT = 10_000_000  # Google's cells per spreadsheet, every tab's grid counted
CHUNK = 64 * 1024  # an answer larger than this goes out in chunks of this size
BATCH_LIMIT = 100  # requests in one Drive batch
_EPOCH = dt.datetime(1899, 12, 30)
_SCOPE = "https://www.googleapis.com/auth/"
SHEETS_READ = {
    f"{_SCOPE}{s}"
    for s in ("spreadsheets", "spreadsheets.readonly", "drive", "drive.readonly", "drive.file")
}
SHEETS_WRITE = {f"{_SCOPE}{s}" for s in ("spreadsheets", "drive", "drive.file")}
DRIVE_READ = {
    f"{_SCOPE}{s}"
    for s in ("drive", "drive.readonly", "drive.metadata", "drive.metadata.readonly", "drive.file")
}
WRITE_KINDS = {"batchUpdate", "values.update", "values.append"}


# ---------------------------------------------------------------- the model
@dataclass
class Cell:
    value: Any  # str | bool | int | float: the effective value
    kind: str | None = None  # date | datetime | time: how a number is formatted
    formula: str | None = None


@dataclass
class Sheet:
    gid: int
    title: str
    rows: int = 1000
    cols: int = 26
    frozen: int = 0
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    validations: list[tuple[dict[str, int], dict[str, Any] | None]] = field(default_factory=list)
    formats: list[tuple[dict[str, int], dict[str, Any]]] = field(default_factory=list)

    def extent(self) -> tuple[int, int]:
        if not self.cells:
            return 0, 0
        return max(r for r, _ in self.cells) + 1, max(c for _, c in self.cells) + 1

    def validation(self, row: int, col: int) -> dict[str, Any] | None:
        found = None
        for grid, rule in self.validations:
            if _inside(grid, row, col):
                found = rule
        return found


@dataclass
class Book:
    key: str
    name: str
    sheets: list[Sheet]
    modified: str
    shared_with: set[str]
    link_only: bool = False
    mime: str = SPREADSHEET_MIME
    version: int = 1  # Drive's: one more at every change

    def cells(self) -> int:
        return sum(s.rows * s.cols for s in self.sheets)

    # Accounts it is shared with as Viewers: they read, and every write is refused.
    viewers: set[str] = field(default_factory=set)

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def by_gid(self, gid: int) -> Sheet | None:
        return next((s for s in self.sheets if s.gid == gid), None)


def _inside(grid: dict[str, int], row: int, col: int) -> bool:
    return grid.get("startRowIndex", 0) <= row < grid.get("endRowIndex", 10**9) and grid.get(
        "startColumnIndex", 0
    ) <= col < grid.get("endColumnIndex", 10**9)


def to_cell(value: Any) -> Cell | None:
    """A Python value as Sheets stores what a clerk typed: dates become serial numbers."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Cell(value)
    if isinstance(value, dt.datetime):
        delta = value - _EPOCH
        return Cell(delta.days + delta.seconds / 86400, "datetime")
    if isinstance(value, dt.date):
        return Cell((value - _EPOCH.date()).days, "date")
    if isinstance(value, dt.time):
        return Cell((value.hour * 3600 + value.minute * 60 + value.second) / 86400, "time")
    if isinstance(value, (int, float, str)):
        return Cell(value)
    raise TypeError(type(value))


def _number(value: float) -> int | float:
    # Google writes 43525, not 43525.0.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _formatted(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    if cell.kind in {"date", "datetime", "time"}:
        moment = _EPOCH + dt.timedelta(days=value)
        return {
            "date": moment.strftime("%Y-%m-%d"),
            "datetime": moment.strftime("%Y-%m-%d %H:%M:%S"),
            "time": moment.strftime("%H:%M:%S"),
        }[cell.kind]
    return str(_number(value))


def render(cell: Cell, option: str, dates: str) -> Any:
    if option == "FORMULA" and cell.formula:
        return cell.formula
    if option == "FORMATTED_VALUE":
        return _formatted(cell)
    if cell.kind and dates == "FORMATTED_STRING":
        return _formatted(cell)
    return _number(cell.value) if isinstance(cell.value, float) else cell.value


def user_entered(value: Any) -> Cell | None:
    """What Sheets makes of text typed with valueInputOption=USER_ENTERED."""
    if not isinstance(value, str):
        return to_cell(value)
    if value.startswith("="):
        return Cell(_formula_value(value), formula=value)
    if value.upper() in {"TRUE", "FALSE"}:
        return Cell(value.upper() == "TRUE")
    if re.fullmatch(r"[+-]?\d+", value):
        return Cell(int(value))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return Cell(float(value))
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
        return to_cell(dt.date.fromisoformat("-".join(p.zfill(2) for p in value.split("-"))))
    return to_cell(value)


def _formula_value(formula: str) -> str:
    match = re.fullmatch(r'=HYPERLINK\("(?:[^"]|"")*",\s*"((?:[^"]|"")*)"\)', formula)
    return match.group(1).replace('""', '"') if match else formula


# ---------------------------------------------------------------- A1 ranges
_CELL = re.compile(r"([A-Z]*)(\d*)")


def _column(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def split_range(text: str) -> tuple[str | None, str | None]:
    """A1 range -> (sheet title or None for the first sheet, cells part or None)."""
    if text.startswith("'"):
        end = 1
        title = ""
        while True:
            quote = text.index("'", end)
            if text[quote : quote + 2] == "''":
                title += text[end:quote] + "'"
                end = quote + 2
                continue
            title += text[end:quote]
            rest = text[quote + 1 :]
            if rest and not rest.startswith("!"):
                raise ValueError(text)
            return title, rest[1:] or None
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells or None
    # Unquoted and without "!": a cell range on the first sheet if it reads as one.
    if re.fullmatch(r"[A-Z]{1,3}\d*(:[A-Z]{1,3}\d*)?|\d+:\d+", text):
        return None, text
    return text, None


def grid_of(cells: str | None) -> dict[str, int]:
    """A1 cells part -> GridRange indexes (0-based, end exclusive)."""
    if not cells:
        return {}
    first, _, last = cells.partition(":")
    last = last or first
    grid: dict[str, int] = {}
    for part, start in ((first, True), (last, False)):
        match = _CELL.fullmatch(part)
        if not match or not (match.group(1) or match.group(2)):
            raise ValueError(cells)
        col, row = match.groups()
        if col:
            grid["startColumnIndex" if start else "endColumnIndex"] = _column(col) + (
                0 if start else 1
            )
        if row:
            grid["startRowIndex" if start else "endRowIndex"] = int(row) - (1 if start else 0)
    return grid


# ---------------------------------------------------------------- field masks
def parse_mask(text: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    pos = 0

    def parse_into(node: dict[str, Any]) -> None:
        nonlocal pos
        while pos < len(text):
            match = re.match(r"[A-Za-z_]+(?:\.[A-Za-z_]+)*", text[pos:])
            if not match:
                raise ValueError(text)
            path = match.group(0).split(".")
            pos += len(match.group(0))
            target = node
            for name in path[:-1]:
                target = target.setdefault(name, {})
            last = path[-1]
            if pos < len(text) and text[pos] == "(":
                pos += 1
                child = target.setdefault(last, {})
                parse_into(child)
                pos += 1  # ")"
            else:
                target[last] = None
            if pos < len(text) and text[pos] == ",":
                pos += 1
                continue
            return

    parse_into(tree)
    return tree


def apply_mask(value: Any, mask: dict[str, Any] | None) -> Any:
    if mask is None:
        return value
    if isinstance(value, list):
        return [apply_mask(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: apply_mask(v, mask[k]) for k, v in value.items() if k in mask}
    return value


# ---------------------------------------------------------------- errors and faults
def google_error(code: int, message: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status, **extra}}


def quota_error() -> dict[str, Any]:
    return google_error(
        429,
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute "
        "per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456'.",
        "RESOURCE_EXHAUSTED",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMIT_EXCEEDED",
                "domain": "googleapis.com",
                "metadata": {"service": "sheets.googleapis.com", "consumer": "projects/123456"},
            }
        ],
    )


def disabled_error(service: str, name: str) -> dict[str, Any]:
    url = f"https://console.developers.google.com/apis/api/{service}/overview?project=123456"
    message = (
        f"{name} has not been used in project 123456 before or it is disabled. Enable it by "
        f"visiting {url} then retry. If you enabled this API recently, wait a few minutes for "
        "the action to propagate to our systems and retry."
    )
    body = google_error(
        403,
        message,
        "PERMISSION_DENIED",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [{"description": "Google developers console API activation", "url": url}],
            },
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com",
                "metadata": {
                    "service": service,
                    "consumer": "projects/123456",
                    "activationUrl": url,
                },
            },
        ],
    )
    if service.startswith("drive"):
        body["error"]["errors"] = [
            {
                "message": message,
                "domain": "usageLimits",
                "reason": "accessNotConfigured",
                "extendedHelp": "https://console.developers.google.com",
            }
        ]
    return body


@dataclass
class Fault:
    """One injected answer: an error body, a hang, a cut-off body or a non-JSON page."""

    status: int = 0
    body: dict[str, Any] | None = None
    hang: float = 0.0
    truncate: bool = False
    garbage: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int) -> Fault:
        if status == 429:
            return cls(429, quota_error())
        names = {
            500: ("Internal error encountered.", "INTERNAL"),
            502: ("Bad Gateway", "UNAVAILABLE"),
            503: ("The service is currently unavailable.", "UNAVAILABLE"),
        }
        message, state = names[status]
        return cls(status, google_error(status, message, state))


# ---------------------------------------------------------------- the server state
@dataclass
class Grant:
    email: str
    scopes: set[str]


class SheetsAPI:
    """Everything the server knows; tests read and change it directly (it is the backend)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.books: dict[str, Book] = {}
        self.public_keys: dict[str, tuple[str, rsa.RSAPublicKey]] = {}  # kid -> (email, key)
        self.revoked: set[str] = set()
        self.users: dict[str, tuple[str, str, str]] = {}  # refresh token -> (id, secret, email)
        self.tokens: dict[str, Grant] = {}
        self.disabled: set[str] = set()  # "sheets" and/or "drive"
        self.faults: dict[str, list[list[Any]]] = {}
        self.counts: Counter[str] = Counter()
        self.log: list[tuple[str, str, dict[str, list[str]]]] = []
        self.issued: list[str] = []
        self._clock = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)
        self._gid = 100
        self.stop = threading.Event()
        self.latency = 0.0  # seconds added to every answer, to stand in for a real network
        # A values answer of more JSON bytes than this gets the fault instead: Google's 503
        # for a request too complex, or its time-out for one that runs too long.
        self.answer_limit: tuple[int, Fault] | None = None
        self.largest = 0  # bytes of the largest values answer sent
        # Changes made while a request is being answered (a clerk typing during a sync): kind
        # -> what to do before answering, each time one of that kind arrives.
        self.during: dict[str, Callable[[], None]] = {}

    # -- set-up helpers for the tests
    def now(self) -> str:
        self._clock += dt.timedelta(milliseconds=1234)
        return (
            self._clock.strftime("%Y-%m-%dT%H:%M:%S.") + f"{self._clock.microsecond // 1000:03d}Z"
        )

    def next_gid(self) -> int:
        self._gid += 7919
        return self._gid

    def add_book(
        self, key: str, name: str, tabs: dict[str, list[list[Any]]], shared_with: set[str]
    ) -> Book:
        with self.lock:
            book = Book(key, name, [], self.now(), set(shared_with))
            for title, rows in tabs.items():
                book.sheets.append(self._sheet(title, rows, len(book.sheets)))
            over_limit(book)
            self.books[key] = book
            return book

    def touch(self, book: Book) -> None:
        """A change: Drive's modifiedTime and version move on."""
        book.modified = self.now()
        book.version += 1

    def _sheet(self, title: str, rows: list[list[Any]], index: int) -> Sheet:
        # Made from a workbook, as an upload converts one: the grid is what the data uses (a
        # tab added in Sheets itself, `addSheet`, is 1000 x 26 unless it says otherwise).
        width = max((len(r) for r in rows), default=0)
        sheet = Sheet(self.next_gid(), title, max(len(rows), 1), max(width, 1))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                made = to_cell(value)
                if made is not None:
                    sheet.cells[(r, c)] = made
        return sheet

    def add_tab(self, key: str, title: str, rows: list[list[Any]]) -> None:
        with self.lock:
            book = self.books[key]
            book.sheets.append(self._sheet(title, rows, len(book.sheets)))
            over_limit(book)
            self.touch(book)

    def rename_tab(self, key: str, old: str, new: str) -> None:
        with self.lock:
            book = self.books[key]
            sheet = book.sheet(old)
            assert sheet is not None
            sheet.title = new
            self.touch(book)

    def set_cell(self, key: str, title: str, a1: str, value: Any) -> None:
        with self.lock:
            book = self.books[key]
            sheet = book.sheet(title)
            assert sheet is not None
            grid = grid_of(a1)
            position = (grid["startRowIndex"], grid["startColumnIndex"])
            made = to_cell(value)
            if made is None:
                sheet.cells.pop(position, None)
            else:
                sheet.cells[position] = made
            self.touch(book)

    def register_key(self, kid: str, email: str, public_key: rsa.RSAPublicKey) -> None:
        self.public_keys[kid] = (email, public_key)

    def register_user(self, client_id: str, secret: str, refresh_token: str, email: str) -> None:
        self.users[refresh_token] = (client_id, secret, email)

    def inject(self, kind: str, fault: Fault, times: int | None = 1) -> None:
        with self.lock:
            self.faults.setdefault(kind, []).append([fault, times])

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def take_fault(self, kind: str) -> Fault | None:
        with self.lock:
            for entry in self.faults.get(kind, []):
                fault, left = entry
                if left is None:
                    return fault
                if left > 0:
                    entry[1] = left - 1
                    return fault
        return None

    def api_requests(self) -> int:
        """HTTP requests to the APIs: a Drive batch is one, whatever it holds."""
        return sum(n for kind, n in self.counts.items() if kind not in ("token", "drive.batched"))

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()
            self.log.clear()
            self.largest = 0

    def grid(self, key: str, title: str) -> list[list[Any]]:
        """The effective values of a tab, as a test wants to compare them."""
        sheet = self.books[key].sheet(title)
        assert sheet is not None
        rows, cols = sheet.extent()
        return [
            [
                sheet.cells[(r, c)].formula or sheet.cells[(r, c)].value
                if (r, c) in sheet.cells
                else ""
                for c in range(cols)
            ]
            for r in range(rows)
        ]


# ---------------------------------------------------------------- HTTP
_ROUTES = [
    ("POST", re.compile(r"/token"), "token"),
    ("GET", re.compile(r"/drive/v3/files/(?P<key>[^/]+)"), "drive.get"),
    ("POST", re.compile(r"/batch/drive/v3"), "drive.batch"),
    ("GET", re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+)/values:batchGet"), "values.batchGet"),
    ("POST", re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+):batchUpdate"), "batchUpdate"),
    (
        "POST",
        re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>.+):append"),
        "values.append",
    ),
    ("GET", re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>.+)"), "values.get"),
    ("PUT", re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>.+)"), "values.update"),
    ("GET", re.compile(r"/v4/spreadsheets/(?P<key>[^/:]+)"), "sheets.get"),
]


class _Answer(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body


def over_limit(book: Book) -> None:
    """Google's answer to a change that would take a spreadsheet past 10M cells."""
    if book.cells() > CELL_LIMIT:
        raise _Answer(
            400,
            google_error(
                400,
                "This action would increase the number of cells in the workbook above the "
                f"limit of {CELL_LIMIT} cells.",
                "INVALID_ARGUMENT",
            ),
        )


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Handler(BaseHTTPRequestHandler):
    api: SheetsAPI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.dispatch("GET")

    def do_POST(self) -> None:
        self.dispatch("POST")

    def do_PUT(self) -> None:
        self.dispatch("PUT")

    # -- plumbing
    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_data(status, data, "application/json; charset=UTF-8", headers)

    def send_data(
        self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        chunked = len(data) > CHUNK  # as Google sends a large answer
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        # A client that gave up on a slow answer (the timeout faults) has already hung up.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if not chunked:
                self.wfile.write(data)
                return
            view = memoryview(data)
            for at in range(0, len(data), CHUNK):
                piece = view[at : at + CHUNK]
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")

    def send_fault(self, fault: Fault) -> None:
        if fault.hang:
            self.api.stop.wait(fault.hang)
        if fault.truncate:
            data = b'{"valueRanges": [{"range": "x", "values": [["cut'
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data) + 500))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True
            return
        if fault.garbage:
            data = b"<html><body>Proxy login required</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.send_json(fault.status, fault.body, fault.headers)

    def dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        for verb, pattern, route in _ROUTES:
            match = pattern.fullmatch(parts.path)
            if verb == method and match:
                kind = route
                break
        else:
            self.send_json(404, google_error(404, "Not Found", "NOT_FOUND"))
            return
        query = parse_qs(parts.query, keep_blank_values=True)
        with self.api.lock:
            self.api.counts[kind] += 1
            self.api.log.append((kind, unquote(parts.path), query))
        if self.api.latency:
            self.api.stop.wait(self.api.latency)
        edit = self.api.during.get(kind)
        if edit is not None:
            edit()
        fault = self.api.take_fault(kind)
        if fault is not None:
            self.send_fault(fault)
            return
        try:
            if kind == "token":
                self.send_json(200, self.token(parse_qs(raw.decode())))
                return
            grant = self.authorize(kind)
            if kind == "drive.batch":
                self.drive_batch(grant, raw)
                return
            with self.api.lock:
                body = self.answer(kind, grant, match.groupdict(), query, raw)
        except _Answer as answer:
            self.send_json(answer.status, answer.body)
            return
        data = json.dumps(body, ensure_ascii=False).encode()
        if kind in ("values.batchGet", "values.get"):
            limit = self.api.answer_limit
            if limit is not None and len(data) > limit[0]:
                self.send_fault(limit[1])
                return
            with self.api.lock:
                self.api.largest = max(self.api.largest, len(data))
        self.send_json(200, data)

    # -- Drive batches
    def drive_batch(self, grant: Grant, raw: bytes) -> None:
        """Each part a `GET /drive/v3/files/<id>?...` answered as its own HTTP response, under
        the batch's sign-in, as Google's batch endpoint does."""
        kind = self.headers.get("Content-Type", "")
        found = re.search(r'boundary="?([^";]+)"?', kind)
        if not kind.startswith("multipart/mixed") or not found:
            raise _Answer(400, google_error(400, "Invalid multipart request", "INVALID_ARGUMENT"))
        boundary = found.group(1)
        parts = [
            p.strip("\r\n")
            for p in raw.decode().split(f"--{boundary}")
            if p.strip("\r\n") and p.strip() != "--"
        ]
        if len(parts) > BATCH_LIMIT:
            raise _Answer(
                400,
                google_error(
                    400, f"A batch may hold at most {BATCH_LIMIT} requests.", "INVALID_ARGUMENT"
                ),
            )
        out = f"batch_{secrets.token_hex(8)}"
        answers = []
        for part in parts:
            head, _, inner = part.replace("\r\n", "\n").partition("\n\n")
            content_id = re.search(r"(?im)^content-id:\s*<?([^>\s]+)>?", head)
            request_line = inner.strip().splitlines()[0] if inner.strip() else ""
            method, _, target = request_line.partition(" ")
            target = target.split(" ")[0]
            path = urlsplit(target)
            route = re.fullmatch(r"/drive/v3/files/(?P<key>[^/]+)", path.path)
            with self.api.lock:
                self.api.counts["drive.batched"] += 1
            try:
                if method != "GET" or route is None:
                    raise _Answer(404, google_error(404, "Not Found", "NOT_FOUND"))
                with self.api.lock:
                    body = self.answer(
                        "drive.get", grant, route.groupdict(), parse_qs(path.query), b""
                    )
                status = 200
            except _Answer as answer:
                status, body = answer.status, answer.body
            answers.append(
                f"--{out}\r\nContent-Type: application/http\r\n"
                f"Content-ID: <response-{content_id.group(1) if content_id else ''}>\r\n\r\n"
                f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
                "Content-Type: application/json; charset=UTF-8\r\n\r\n"
                + json.dumps(body, ensure_ascii=False)
                + "\r\n"
            )
        data = ("".join(answers) + f"--{out}--\r\n").encode()
        self.send_data(200, data, f"multipart/mixed; boundary={out}")

    # -- OAuth
    def token(self, form: dict[str, list[str]]) -> dict[str, Any]:
        grant_type = form.get("grant_type", [""])[0]
        if grant_type == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            email, scopes = self.verify_jwt(form.get("assertion", [""])[0])
        elif grant_type == "refresh_token":
            user = self.api.users.get(form.get("refresh_token", [""])[0])
            if user is None or user[:2] != (
                form.get("client_id", [""])[0],
                form.get("client_secret", [""])[0],
            ):
                raise _Answer(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            email = user[2]
            scopes = set(form.get("scope", [""])[0].split())
        else:
            raise _Answer(400, {"error": "unsupported_grant_type"})
        token = "ya29.loopback-" + secrets.token_urlsafe(32)
        with self.api.lock:
            self.api.tokens[token] = Grant(email, scopes)
            self.api.issued.append(token)
        answer: dict[str, Any] = {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        if grant_type == "refresh_token":
            answer["scope"] = " ".join(sorted(scopes))
        return answer

    def verify_jwt(self, assertion: str) -> tuple[str, set[str]]:
        bad = _Answer(
            400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        )
        try:
            head, body, signature = assertion.split(".")
            header = json.loads(_b64(head))
            claims = json.loads(_b64(body))
        except ValueError:
            raise bad from None
        kid = header.get("kid", "")
        if kid in self.api.revoked or kid not in self.api.public_keys:
            raise bad
        email, public_key = self.api.public_keys[kid]
        try:
            public_key.verify(
                _b64(signature), f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature:
            raise bad from None
        if claims.get("iss") != email:
            raise bad
        return email, set(str(claims.get("scope", "")).split())

    def authorize(self, kind: str) -> Grant:
        auth = self.headers.get("Authorization", "")
        grant = (
            self.api.tokens.get(auth.removeprefix("Bearer "))
            if auth.startswith("Bearer ")
            else None
        )
        if grant is None:
            raise _Answer(
                401,
                google_error(
                    401,
                    "Request had invalid authentication credentials. Expected OAuth 2 access "
                    "token, login cookie or other valid authentication credential.",
                    "UNAUTHENTICATED",
                ),
            )
        drive = kind.startswith("drive.")
        if ("drive" if drive else "sheets") in self.api.disabled:
            service = "drive.googleapis.com" if drive else "sheets.googleapis.com"
            raise _Answer(
                403, disabled_error(service, "Google Drive API" if drive else "Google Sheets API")
            )
        needed = DRIVE_READ if drive else SHEETS_WRITE if kind in WRITE_KINDS else SHEETS_READ
        if not grant.scopes & needed:
            body = google_error(
                403,
                "Request had insufficient authentication scopes.",
                "PERMISSION_DENIED",
                details=[
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                        "domain": "googleapis.com",
                    }
                ],
            )
            raise _Answer(403, body)
        return grant

    # -- the API
    def book(self, kind: str, key: str, grant: Grant) -> Book:
        book = self.api.books.get(key)
        drive = kind.startswith("drive.")
        if drive and (book is None or grant.email not in book.shared_with):
            message = f"File not found: {key}."
            raise _Answer(
                404,
                google_error(
                    404,
                    message,
                    "NOT_FOUND",
                    errors=[
                        {
                            "message": message,
                            "domain": "global",
                            "reason": "notFound",
                            "location": "fileId",
                            "locationType": "parameter",
                        }
                    ],
                ),
            )
        if book is None:
            raise _Answer(404, google_error(404, "Requested entity was not found.", "NOT_FOUND"))
        writes = kind in ("batchUpdate", "values.append", "values.update")
        if (grant.email not in book.shared_with and not book.link_only) or (
            writes and grant.email in book.viewers
        ):
            raise _Answer(
                403, google_error(403, "The caller does not have permission", "PERMISSION_DENIED")
            )
        return book

    def answer(
        self, kind: str, grant: Grant, path: dict[str, str], query: dict[str, list[str]], raw: bytes
    ) -> Any:
        book = self.book(kind, unquote(path["key"]), grant)
        if kind == "drive.get":
            full = {
                "id": book.key,
                "name": book.name,
                "mimeType": book.mime,
                "createdTime": "2026-01-05T02:00:00.000Z",
                "modifiedTime": book.modified,
                "version": str(book.version),  # Drive sends the int64 as a string
            }
            fields = query.get("fields", [""])[0]
            return (
                apply_mask(full, parse_mask(fields))
                if fields
                else {k: full[k] for k in ("id", "name", "mimeType")}
            )
        if book.mime != SPREADSHEET_MIME:
            raise _Answer(
                400,
                google_error(
                    400, "This operation is not supported for this document", "FAILED_PRECONDITION"
                ),
            )
        if kind == "sheets.get":
            return self.spreadsheet(book, query)
        if kind == "values.batchGet":
            option = query.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
            dates = query.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
            ranges = [self.range(book, r) for r in query.get("ranges", [])]
            return {
                "spreadsheetId": book.key,
                "valueRanges": [self.values(s, g, r, option, dates) for s, g, r in ranges],
            }
        if kind == "values.get":
            option = query.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
            dates = query.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
            sheet, grid, text = self.range(book, unquote(path["range"]))
            return self.values(sheet, grid, text, option, dates)
        body = json.loads(raw or b"{}")
        if kind == "batchUpdate":
            return self.batch_update(book, body)
        sheet, grid, text = self.range(book, unquote(path["range"]))
        option = query.get("valueInputOption", ["RAW"])[0]
        make = user_entered if option == "USER_ENTERED" else to_cell
        top = grid.get("startRowIndex", 0)
        if kind == "values.append":
            top = sheet.extent()[0]
        left = grid.get("startColumnIndex", 0)
        rows = body.get("values", [])
        # Writing past the grid grows it, unless that takes the spreadsheet over the limit.
        grown = (sheet.rows, sheet.cols)
        sheet.rows = max(sheet.rows, top + len(rows))
        sheet.cols = max(sheet.cols, left + max((len(r) for r in rows), default=0))
        try:
            over_limit(book)
        except _Answer:
            sheet.rows, sheet.cols = grown
            raise
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                made = make(value)
                if made is None:
                    sheet.cells.pop((top + r, left + c), None)
                else:
                    sheet.cells[(top + r, left + c)] = made
        self.api.touch(book)
        updated = {
            "spreadsheetId": book.key,
            "updatedRange": text,
            "updatedRows": len(rows),
            "updatedColumns": max((len(r) for r in rows), default=0),
            "updatedCells": sum(len(r) for r in rows),
        }
        if kind == "values.append":
            return {"spreadsheetId": book.key, "tableRange": text, "updates": updated}
        return updated

    def range(self, book: Book, text: str) -> tuple[Sheet, dict[str, int], str]:
        try:
            title, cells = split_range(text)
            sheet = book.sheets[0] if title is None else book.sheet(title)
            grid = grid_of(cells)
        except (ValueError, IndexError):
            sheet = None
        if sheet is None:
            raise _Answer(
                400, google_error(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT")
            )
        return sheet, grid, text

    def values(
        self, sheet: Sheet, grid: dict[str, int], text: str, option: str, dates: str
    ) -> dict[str, Any]:
        rows, cols = sheet.extent()
        top = grid.get("startRowIndex", 0)
        left = grid.get("startColumnIndex", 0)
        bottom = min(grid.get("endRowIndex", rows), rows)
        right = min(grid.get("endColumnIndex", cols), cols)
        quoted = "'" + sheet.title.replace("'", "''") + "'"
        answer: dict[str, Any] = {
            "range": f"{quoted}!{letters(left)}{top + 1}:"
            f"{letters(max(sheet.cols, right) - 1)}{max(sheet.rows, bottom)}",
            "majorDimension": "ROWS",
        }
        values: list[list[Any]] = []
        for r in range(top, bottom):
            row = [sheet.cells.get((r, c)) for c in range(left, right)]
            while row and row[-1] is None:
                row.pop()
            values.append(["" if c is None else render(c, option, dates) for c in row])
        while values and not values[-1]:
            values.pop()
        if values:
            answer["values"] = values
        return answer

    def spreadsheet(self, book: Book, query: dict[str, list[str]]) -> dict[str, Any]:
        fields = query.get("fields", [""])[0]
        mask = parse_mask(fields) if fields else None
        with_grid = query.get("includeGridData", ["false"])[0] == "true" or (
            mask is not None and "data" in (mask.get("sheets") or {})
        )
        wanted: dict[int, list[dict[str, int]]] = {}
        for text in query.get("ranges", []):
            sheet, grid, _ = self.range(book, text)
            wanted.setdefault(sheet.gid, []).append(grid)
        sheets = []
        for index, sheet in enumerate(book.sheets):
            if wanted and sheet.gid not in wanted:
                continue
            grid_props: dict[str, int] = {"rowCount": sheet.rows, "columnCount": sheet.cols}
            if sheet.frozen:
                grid_props["frozenRowCount"] = sheet.frozen
            entry: dict[str, Any] = {
                "properties": {
                    "sheetId": sheet.gid,
                    "title": sheet.title,
                    "index": index,
                    "sheetType": "GRID",
                    "gridProperties": grid_props,
                }
            }
            if with_grid:
                entry["data"] = [self.grid_data(sheet, g) for g in wanted.get(sheet.gid, [{}])]
            sheets.append(entry)
        full = {
            "spreadsheetId": book.key,
            "properties": {
                "title": book.name,
                "locale": "zh_TW",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Asia/Shanghai",
            },
            "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.key}/edit",
        }
        return apply_mask(full, mask)

    def grid_data(self, sheet: Sheet, grid: dict[str, int]) -> dict[str, Any]:
        rows, cols = sheet.extent()
        top = grid.get("startRowIndex", 0)
        left = grid.get("startColumnIndex", 0)
        bottom = grid.get("endRowIndex", max(rows, top + 1))
        right = grid.get("endColumnIndex", max(cols, left + 1) + 5)
        data: dict[str, Any] = {}
        if top:
            data["startRow"] = top
        if left:
            data["startColumn"] = left
        row_data = []
        for r in range(top, bottom):
            values = []
            for c in range(left, right):
                cell = sheet.cells.get((r, c))
                entry: dict[str, Any] = {}
                if cell is not None:
                    entry["userEnteredValue"] = _typed(cell)
                    entry["effectiveValue"] = _typed(Cell(cell.value, cell.kind))
                    entry["formattedValue"] = _formatted(cell)
                rule = sheet.validation(r, c)
                if rule is not None:
                    entry["dataValidation"] = rule
                values.append(entry)
            while values and not values[-1]:
                values.pop()
            row_data.append({"values": values} if values else {})
        while row_data and not row_data[-1]:
            row_data.pop()
        if row_data:
            data["rowData"] = row_data
        return data

    def batch_update(self, book: Book, body: dict[str, Any]) -> dict[str, Any]:
        draft = copy.deepcopy(book)  # all requests apply, or none
        replies = []
        for number, request in enumerate(body.get("requests", [])):
            ((name, args),) = request.items()
            replies.append(self.apply(draft, number, name, args))
        over_limit(draft)
        book.sheets = draft.sheets
        self.api.touch(book)
        return {"spreadsheetId": book.key, "replies": replies}

    def apply(self, book: Book, number: int, name: str, args: dict[str, Any]) -> dict[str, Any]:
        def invalid(message: str) -> _Answer:
            return _Answer(
                400,
                google_error(
                    400, f"Invalid requests[{number}].{name}: {message}", "INVALID_ARGUMENT"
                ),
            )

        def sheet_of(grid: dict[str, Any]) -> Sheet:
            sheet = book.by_gid(int(grid.get("sheetId", 0)))
            if sheet is None:
                raise invalid(f"No grid with id: {grid.get('sheetId')}")
            return sheet

        if name == "addSheet":
            props = args.get("properties", {})
            title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
            if book.sheet(title) is not None:
                raise invalid(
                    f'A sheet with the name "{title}" already exists. Please enter another name.'
                )
            gid = int(props.get("sheetId", self.api.next_gid()))
            if book.by_gid(gid) is not None:
                raise invalid(f"Sheet with id {gid} already exists.")
            grid = props.get("gridProperties", {})
            sheet = Sheet(
                gid,
                title,
                grid.get("rowCount", 1000),
                grid.get("columnCount", 26),
                grid.get("frozenRowCount", 0),
            )
            book.sheets.insert(props.get("index", len(book.sheets)), sheet)
            return {
                "addSheet": {
                    "properties": {
                        "sheetId": gid,
                        "title": title,
                        "index": book.sheets.index(sheet),
                        "sheetType": "GRID",
                        "gridProperties": {"rowCount": sheet.rows, "columnCount": sheet.cols},
                    }
                }
            }
        if name == "updateSheetProperties":
            sheet = sheet_of(args.get("properties", {}))
            props = args["properties"]
            for path in args.get("fields", "").split(","):
                if path == "gridProperties.frozenRowCount":
                    sheet.frozen = props.get("gridProperties", {}).get("frozenRowCount", 0)
                elif path == "gridProperties.rowCount":
                    sheet.rows = props.get("gridProperties", {}).get("rowCount", sheet.rows)
                elif path == "title":
                    sheet.title = props["title"]
                else:
                    raise invalid(f"unsupported field {path}")
            return {}
        if name == "setDataValidation":
            sheet = sheet_of(args["range"])
            sheet.validations.append((args["range"], args.get("rule")))
            return {}
        if name == "repeatCell":
            sheet = sheet_of(args["range"])
            sheet.formats.append((args["range"], args.get("cell", {})))
            return {}
        if name == "updateCells":
            grid = args.get("range") or args.get("start")
            sheet = sheet_of(grid)
            if args.get("fields") != "userEnteredValue":
                raise invalid("only fields=userEnteredValue is supported here")
            top = grid.get("startRowIndex", grid.get("rowIndex", 0))
            left = grid.get("startColumnIndex", grid.get("columnIndex", 0))
            written = set()
            for r, row in enumerate(args.get("rows", [])):
                for c, data in enumerate(row.get("values", [])):
                    made = _from_user_entered(data.get("userEnteredValue"))
                    position = (top + r, left + c)
                    written.add(position)
                    if made is None:
                        sheet.cells.pop(position, None)
                    else:
                        sheet.cells[position] = made
            if "range" in args:  # cells of the range not written are cleared
                for position in [
                    p for p in sheet.cells if _inside(args["range"], *p) and p not in written
                ]:
                    del sheet.cells[position]
            return {}
        if name == "deleteSheet":
            book.sheets.remove(sheet_of(args))
            return {}
        raise invalid("unsupported request")


def _typed(cell: Cell) -> dict[str, Any]:
    if cell.formula:
        return {"formulaValue": cell.formula}
    if isinstance(cell.value, bool):
        return {"boolValue": cell.value}
    if isinstance(cell.value, str):
        return {"stringValue": cell.value}
    return {"numberValue": _number(cell.value)}


def _from_user_entered(value: dict[str, Any] | None) -> Cell | None:
    if not value:
        return None
    if "formulaValue" in value:
        return Cell(_formula_value(value["formulaValue"]), formula=value["formulaValue"])
    if "boolValue" in value:
        return Cell(bool(value["boolValue"]))
    if "numberValue" in value:
        return Cell(value["numberValue"])
    return Cell(str(value.get("stringValue", "")))


class SheetsServer:
    """The running server: `root` for [source.google] api_root, `token_uri` for key files."""

    def __init__(self) -> None:
        self.api = SheetsAPI()
        handler = type("BoundHandler", (Handler,), {"api": self.api})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def token_uri(self) -> str:
        return f"{self.root}/token"

    def close(self) -> None:
        self.api.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
