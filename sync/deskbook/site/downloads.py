"""A page's CSV downloads: the full list behind a capped table, as a spreadsheet opens it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from deskbook.model.pages import Download
from deskbook.render.formula_guard import as_text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return str(value)
    return as_text(str(value))


def csv_text(download: Download) -> str:
    """UTF-8 with a byte-order mark, so Excel reads Chinese text without asking."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in download.header])
    writer.writerows([_cell(v) for v in row] for row in download.rows)
    return out.getvalue()
