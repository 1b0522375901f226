"""Rows whose generated page would land where another page is: held back, an error at the cell.

Runs after validation and before the office's rules, so no view and no rule meets such a row.
"""

from __future__ import annotations

from deskbook.domain.notice_pages import RESERVED, page_name, page_path
from deskbook.i18n import localized
from deskbook.model.dataset import Dataset
from deskbook.model.issues import Issue, Location, NoticePageTaken


def notice_pages(dataset: Dataset) -> list[Issue]:
    tab = dataset.tabs["announcements"]
    found: list[Issue] = []
    first_by_name: dict[str, Location] = {}
    numbers: dict[str, str] = {}
    held: set[int] = set()
    for record in sorted(dataset.records("announcements"), key=lambda r: r.row):
        number = record.notice_no
        name = page_name(number)
        if not name:
            continue
        if name in RESERVED:
            taken = localized("hints.page-of-section")
        elif name in first_by_name:
            first = first_by_name[name].cell
            taken = localized("hints.page-of-notice", other=numbers[name], first=first)
        else:
            first_by_name[name] = Location.of(tab, record.row, "notice_no")
            numbers[name] = number
            continue
        found.append(
            NoticePageTaken.at(
                tab, record.row, "notice_no", notice=number, page=page_path(name), taken=taken
            )
        )
        held.add(record.row)
    tab.hold_back(held)
    return found
