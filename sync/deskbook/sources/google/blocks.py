"""A spreadsheet's tabs read in row blocks small enough for Google to answer.

One `values:batchGet` of every tab whole returned 279.5 MB of JSON for a company's workbook:
Google advises answers of a few MB, stops any request at 180 s and answers 503 to one too
complex. So a tab is read in blocks of rows sized from its grid (the sheet metadata's rows and
columns) to carry about `ANSWER_BYTES` each; several small blocks (a small office's whole tabs)
still go in one request. A tab's first block asks for every column of the grid and holds the
header (validation looks for it in the first rows); the later ones ask only for the columns
that block used, since a column without a header is never read. Each later block is sized
from the bytes a row cost in the tab's last answer, growing at most `GROWTH` times a block
(an empty stretch of grid costs nothing, and is crossed in a few requests, not dozens), and a
tab's last block is open-ended, so rows added since the metadata was read are not missed.

Each answer is parsed as it arrives and appended to its tab's rows, equal values held once
(model/sheets_cache.py): what is held is the values, never an answer's JSON beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from deskbook.model.sheets_cache import Rows, SharedValues
from deskbook.sources.google.refs import a1_sheet

ANSWER_BYTES = 4_000_000  # the JSON one answer may carry, about
# JSON bytes a cell is taken to cost before an answer has measured it: 21 on average in a
# company's 1.6M-row workbook (a long text costs more, an empty cell 3); answers correct it.
CELL_BYTES = 24.0
FIRST_ROWS = 50  # a tab's first block holds at least these rows, so the header is among them
_MARGIN = 1.25  # later blocks aim this much below ANSWER_BYTES: their cells vary
GROWTH = 4  # a block is at most this many times as many rows as the tab's last one
# Times a read halves what it asks for after a 503 or a time-out; then a failing request is
# retried as it is, within its retry budget. Each halving may cost a whole time-out (Google
# gives up after 180 s), so a read that no size helps still ends in bounded time.
HALVINGS = 3


def column_letters(count: int) -> str:
    """The letters of the `count`-th column (1 -> A, 27 -> AA)."""
    text = ""
    while count:
        count, rest = divmod(count - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass
class Tab:
    """One tab being read: its grid as the metadata gave it, its rows as read so far."""

    title: str
    grid_rows: int
    grid_cols: int
    width: int = 0  # columns the first block used: what the later ones ask for
    row_bytes: float | None = None  # what a row asked for cost in the last answer
    last_rows: int = 0  # rows the last answered block asked for
    planned: int | None = 0  # the last row a block was planned for; None: the tab's end
    values: Rows = field(default_factory=list)
    _shared: SharedValues = field(default_factory=SharedValues)

    def take(self, block: Block, rows: list[list[object]]) -> None:
        if block.cols is None:
            self.width = max(self.width, max(map(len, rows), default=0), 1)
        # An answer leaves out the empty rows at its end: they are put back before the next.
        missing = block.first - 1 - len(self.values)
        if missing > 0:
            self.values.extend(() for _ in range(missing))
        self.values.extend(map(self._shared.row, rows))

    def measured(self, block: Block, size: float) -> None:
        """Its answer to `block` took `size` bytes of JSON."""
        self.row_bytes = size / block.rows()
        self.last_rows = block.rows()

    def rows_per_block(self, cap: float) -> int:
        fit = cap / _MARGIN / max(self.row_bytes or 0.0, 1.0)
        return max(1, int(min(fit, GROWTH * self.last_rows)))


@dataclass(frozen=True)
class Block:
    """Rows `first` to `last` (1-based; None: to the tab's end) of a tab, columns 1 to `cols`
    (None: every column)."""

    tab: Tab
    first: int
    last: int | None
    cols: int | None

    def a1(self) -> str:
        if self.first == 1 and self.last is None and self.cols is None:
            return a1_sheet(self.tab.title)  # the whole tab, however it has grown
        right = column_letters(self.cols if self.cols is not None else self.tab.grid_cols)
        end = right if self.last is None else f"{right}{self.last}"
        return f"{a1_sheet(self.tab.title)}!A{self.first}:{end}"

    def rows(self) -> int:
        end = self.last if self.last is not None else max(self.tab.grid_rows, self.first)
        return end - self.first + 1

    def size(self) -> float:
        """The JSON bytes its answer is expected to carry."""
        if self.tab.row_bytes is not None:
            return self.rows() * self.tab.row_bytes
        return self.rows() * max(self.tab.grid_cols, 1) * CELL_BYTES

    def halves(self) -> tuple[Block, Block] | None:
        if self.rows() < 2:
            return None
        middle = self.first + self.rows() // 2
        return (
            Block(self.tab, self.first, middle - 1, self.cols),
            Block(self.tab, middle, self.last, self.cols),
        )


def first_block(tab: Tab) -> Block:
    rows = max(FIRST_ROWS, int(ANSWER_BYTES / (CELL_BYTES * max(tab.grid_cols, 1))))
    tab.planned = None if rows >= tab.grid_rows else rows
    return Block(tab, 1, tab.planned, None)


def next_block(tab: Tab, after: Block, cap: float) -> Block | None:
    """The tab's block after `after`, or None when a block to the tab's end is planned or
    `after` is not the last one planned (the first half of one that was split)."""
    if after.last is None or after.last != tab.planned:
        return None
    first = after.last + 1
    last = first + tab.rows_per_block(cap) - 1
    tab.planned = None if last >= tab.grid_rows else last
    return Block(tab, first, tab.planned, tab.width)


def pack(pending: list[Block], cap: float) -> list[Block]:
    """The blocks for the next request, taken from the front of `pending`: as many as fit
    in `cap` bytes of answer (at least one)."""
    chosen = [pending.pop(0)]
    total = chosen[0].size()
    while pending and total + pending[0].size() <= cap:
        total += pending[0].size()
        chosen.append(pending.pop(0))
    return chosen


@dataclass
class Reading:
    """The blocks of every tab, read one request after another by `send`: it asks for the
    ranges and returns each one's rows with the answer's size in bytes, or raises
    `TooLarge` when Google could not answer that much at once."""

    tabs: list[Tab]
    send: Callable[[list[str], bool], tuple[list[list[list[object]]], int]]
    requests: int = 0
    largest: int = 0
    # The most an answer is planned to carry: lowered when Google could not answer a request.
    cap: float = ANSWER_BYTES
    halvings: int = 0

    def run(self) -> None:
        pending = [first_block(tab) for tab in self.tabs]
        while pending:
            batch = pack(pending, self.cap)
            try:
                answers, size = self.send([b.a1() for b in batch], self.can_shrink(batch))
            except TooLarge:
                pending[:0] = self.smaller(batch)
                continue
            self.requests += 1
            self.largest = max(self.largest, size)
            # An answer's bytes shared among its blocks by the cells each returned.
            counts = [sum(map(len, rows)) for rows in answers]
            cells = sum(counts)
            later: list[Block] = []
            for block, rows, count in zip(batch, answers, counts, strict=True):
                tab = block.tab
                tab.take(block, rows)
                tab.measured(block, size * count / cells if cells else 0.0)
                following = next_block(tab, block, self.cap)
                if following is not None:
                    later.append(following)
            pending[:0] = later

    def can_shrink(self, batch: list[Block]) -> bool:
        return self.halvings < HALVINGS and (len(batch) > 1 or batch[0].halves() is not None)

    def smaller(self, batch: list[Block]) -> list[Block]:
        """What failed, to be asked for in halves: from now on no answer is planned to carry
        more than half of what failed, and a single block is split in two."""
        self.halvings += 1
        self.cap = max(min(self.cap, sum(b.size() for b in batch)) / 2, 1.0)
        if len(batch) > 1:
            return batch
        halves = batch[0].halves()
        assert halves is not None  # can_shrink said so
        return list(halves)


class TooLarge(Exception):
    """Google answered a 503 or timed out: the request may pass when smaller."""
