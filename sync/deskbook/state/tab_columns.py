"""One tab's records as stored in a snapshot: column-wise JSON, zlib-compressed, one blob a tab.

Encoding a column at once instead of a record at once is what makes saving a million rows
cheap: one `json.dumps` a column, and a column whose values are all Decimals (or dates, times,
datetimes) is written as plain strings under one type tag instead of a tagged object a value.

The encoded text is `[rows, [key, tag, values], ...]`: `rows` the sheet rows in record order,
`tag` null (values as JSON, any Decimal or date in them as `{"decimal": "1.50"}`) or the one
type every non-null value of the column has (values its text). The unmasked bytes are what
the content hash reads; personal columns are masked column by column for the stored copy.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import zlib
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import orjson

from deskbook.domain.privacy import mask_name, mask_phone
from deskbook.schema.tabs import PERSONAL_COLUMNS, TABS_BY_KEY
from deskbook.schema.types import Text

# Type tag and text of the values a record may hold beyond JSON's own.
_TAGS: dict[type, tuple[str, Callable[[Any], str]]] = {
    Decimal: ("decimal", str),
    dt.datetime: ("datetime", dt.datetime.isoformat),
    dt.date: ("date", dt.date.isoformat),
    dt.time: ("time", dt.time.isoformat),
}
_NONE = type(None)
# Dates and dataclasses go to `tagged`, as json sends them, rather than orjson's own forms.
_AS_JSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# zlib's fastest level: the text is repetitive enough that it still shrinks about 5x.
_LEVEL = 1


def tagged(value: Any) -> Any:
    """A value JSON cannot hold as itself, as a one-key object naming its type."""
    tag = _TAGS.get(type(value))
    if tag is None:
        raise TypeError(f"cannot store {type(value).__name__}")
    return {tag[0]: tag[1](value)}


def dumps(value: Any) -> str:
    return json.dumps(value, default=tagged, ensure_ascii=False, separators=(",", ":"))


def encoded(value: Any) -> bytes:
    """`dumps(value).encode()`, the same bytes, written by orjson (a tenth of the time) for a
    value that holds no float: orjson writes 1e-05 as 0.00001. An integer beyond 64 bits, or
    text json itself would refuse, goes to json, which says what is wrong as it always did."""
    try:
        return orjson.dumps(value, default=tagged, option=_AS_JSON)
    except orjson.JSONEncodeError:
        return dumps(value).encode()


def encode_column(key: str, values: Sequence[Any]) -> bytes:
    kinds = set(map(type, values))
    blank = _NONE in kinds
    kinds.discard(_NONE)
    if len(kinds) == 1 and (kind := next(iter(kinds))) in _TAGS:
        tag, text = _TAGS[kind]
        if blank:
            texts = [None if v is None else text(v) for v in values]
        else:
            texts = list(map(text, values))
        return encoded([key, tag, texts])
    if float in kinds:
        return dumps([key, None, values]).encode()
    return encoded([key, None, values])


def _masker(tab: str, key: str) -> Callable[[str], str]:
    return mask_name if isinstance(TABS_BY_KEY[tab].column(key).type, Text) else mask_phone


def masked_column(tab: str, key: str, values: Iterable[Any]) -> list[Any]:
    mask = _masker(tab, key)
    return [mask(v) if isinstance(v, str) and v else v for v in values]


def join(rows: Sequence[int], columns: Iterable[bytes]) -> bytes:
    return b"[" + b",".join([encoded(list(rows)), *columns]) + b"]"


def compress(text: bytes) -> bytes:
    return zlib.compress(text, _LEVEL)


def decompress(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def decode(blob: bytes) -> tuple[list[int], list[tuple[str, str | None, list[Any]]]]:
    rows, *columns = json.loads(decompress(blob))
    return rows, [(key, tag, values) for key, tag, values in columns]


def records(blob: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row, values) in row order, each value as JSON holds it (a Decimal as {"decimal": …})."""
    rows, columns = decode(blob)
    keys = [key for key, _, _ in columns]
    lists = [
        values if tag is None else [None if v is None else {tag: v} for v in values]
        for _, tag, values in columns
    ]
    found = [
        (row, dict(zip(keys, cells, strict=True))) for row, *cells in zip(rows, *lists, strict=True)
    ]
    return sorted(found, key=operator.itemgetter(0))


def masked_blob(tab: str, blob: bytes) -> bytes:
    """The same stored tab with its personal columns masked (for a snapshot kept in full)."""
    personal = PERSONAL_COLUMNS.get(tab, frozenset())
    rows, columns = decode(blob)
    return compress(
        join(
            rows,
            (
                dumps(
                    [key, tag, masked_column(tab, key, values) if key in personal else values]
                ).encode()
                for key, tag, values in columns
            ),
        )
    )


def from_dicts(rows: Sequence[tuple[int, dict[str, Any]]]) -> bytes:
    """A tab stored the old way (a JSON object a record) as one stored blob."""
    keys = sorted({key for _, values in rows for key in values})
    return compress(
        join(
            [row for row, _ in rows],
            (dumps([key, None, [values.get(key) for _, values in rows]]).encode() for key in keys),
        )
    )
