"""Where each notice's page goes: one name per notice, never one the section's own pages use.

The notices' section holds its list and archive pages beside one page per notice, named after
the notice number. Checks (which hold back a number whose page would land on another page) and
the view (which names the pages) both take the names from here.
"""

from __future__ import annotations

import re

SECTION = "announcements"
LIST_PAGE = "index"
ARCHIVE_PAGE = "archive"
# The section's own pages; a notice page of the same name would replace one of them.
RESERVED = (LIST_PAGE, ARCHIVE_PAGE)


def page_name(notice_no: str) -> str:
    """The page name a notice number gives: lower case (two numbers that differ only in case
    would be one file on Windows and macOS), runs of anything but a-z and 0-9 as one `-`.
    Empty for a number with none of those (通知一), which the view names by a digest."""
    return re.sub(r"[^a-z0-9]+", "-", notice_no.lower()).strip("-")


def page_path(name: str) -> str:
    return f"{SECTION}/{name}.md"
