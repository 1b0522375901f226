"""The staff as other pages name them: each person's own page, found by ID or by name.

A person's page (training/staff/<slug>.md) opens with what they owe; the service desk links
each assignee and 回訪人 to it. The slugs are made here, from the staff IDs alone, so the
training pages and the pages that link to them agree without either building the other.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from deskbook.domain.privacy import show_text
from deskbook.render.escape import page_path
from deskbook.render.pages import token
from deskbook.training.history import on_record

if TYPE_CHECKING:
    from deskbook.views.context import Views

STAFF_DIR = "training/staff"


@dataclass(frozen=True)
class Person:
    staff_id: str
    name: str
    page: str  # in docs_dir, with forward slashes


@dataclass(frozen=True)
class People:
    """Everyone with a page: the staff on record on the day of the run, leavers included."""

    by_id: dict[str, Person]
    by_name: dict[str, str]  # the names held by exactly one of them -> their ID
    full_phones: bool = False  # text that names nobody is shown as [privacy] says

    def named(self, value: str | None) -> Person | None:
        """The person a cell names: by staff ID, or by a name nobody else holds. Free text
        (回訪人 is whatever the clerk wrote) names nobody otherwise."""
        if not value:
            return None
        value = value.strip()
        found = self.by_id.get(value)
        if found is None and value in self.by_name:
            found = self.by_id[self.by_name[value]]
        return found

    def link(self, value: str | None, here: str, html: bool = False) -> Markup:
        """The person a cell names, as a link from the page `here` to theirs (Markdown, or an
        <a> for a table written as HTML); what the cell says, escaped, if it names nobody."""
        person = self.named(value)
        if person is None:
            return token(show_text(value or "", self.full_phones))
        target = Markup("../" * here.count("/")) + page_path(person.page)
        if html:
            return Markup('<a href="{}">{}</a>').format(target, token(person.name))
        return Markup("[") + token(person.name) + Markup("](") + target + Markup(")")


def staff_slugs(staff_ids: Iterable[str]) -> dict[str, str]:
    """Each person's page name, taken in ID order: the same IDs always get the same names."""
    taken: set[str] = set()
    return {staff_id: _slug(staff_id, taken) for staff_id in sorted(set(staff_ids))}


def _slug(staff_id: str, taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", staff_id.lower()).strip("-")
    # Ids differing only in case would share a file name on Windows and macOS.
    if not slug or slug in taken:
        slug = f"{slug or 's'}-{hashlib.sha1(staff_id.encode()).hexdigest()[:8]}"
    taken.add(slug)
    return slug


def people_view(views: Views) -> People:
    staff = [r for r in views.dataset.records("staff") if on_record(r, views.as_of)]
    slugs = staff_slugs(r.staff_id for r in staff)
    by_id = {
        r.staff_id: Person(r.staff_id, r.name, f"{STAFF_DIR}/{slugs[r.staff_id]}.md") for r in staff
    }
    holders: dict[str, set[str]] = {}
    for r in staff:
        holders.setdefault(r.name.strip(), set()).add(r.staff_id)
    by_name = {name: next(iter(ids)) for name, ids in holders.items() if len(ids) == 1}
    return People(by_id, by_name, views.full_phones)
