"""The site's nav: the office's own entries from mkdocs.yml, with the generated pages added in.

What the office placed stays where it put it: a generated page its nav already lists, and a
section it already has (by its title in any of our languages), which gets the generated pages
it lacks at its start. Every other generated section or page joins in registry order: after the
nearest one before it in that order that the office's nav holds; those before the first held
one go just ahead of it; with none held, after the office's entries.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deskbook.i18n import LANGUAGES, text
from deskbook.model.pages import PageSpec

# A MkDocs nav item as mkdocs.yml writes it: "page.md", {title: "page.md"}, {title: [items]}.
Entry = Any


@dataclass(frozen=True)
class _Group:
    """Generated pages that join the nav together: one section, or one page of its own."""

    title: str
    names: frozenset[str]  # what an office may have called the section, in any language
    section: bool
    paths: list[str] = field(default_factory=list)

    def entry(self, paths: list[str]) -> Entry:
        return {self.title: paths if self.section else paths[0]}

    def items_in(self, entry: Entry) -> list[Entry] | None:
        """The item list of the office's section of this title, if `entry` is one."""
        if isinstance(entry, dict):
            for title, value in entry.items():
                if title in self.names and isinstance(value, list):
                    return value
        return None

    def held_by(self, entry: Entry) -> bool:
        if isinstance(entry, dict) and self.names & set(entry):
            return True
        return bool(_pages(entry) & set(self.paths))


def _groups(specs: Iterable[PageSpec], lang: str) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for spec in specs:
        if not spec.in_nav:
            continue
        if spec.section is None:
            groups[spec.path] = _Group(spec.title, frozenset(), False, [spec.path])
            continue
        key = f"ui.{spec.section}"
        group = groups.setdefault(
            key,
            _Group(text(key, lang), frozenset(text(key, other) for other in LANGUAGES), True),
        )
        group.paths.append(spec.path)
    return list(groups.values())


def _pages(entry: Entry) -> set[str]:
    if isinstance(entry, str):
        return {entry}
    if isinstance(entry, dict):
        return set().union(*(_pages(value) for value in entry.values()))
    if isinstance(entry, list):
        return set().union(*(_pages(item) for item in entry))
    return set()


def _only(entry: Entry, pages: set[str]) -> Entry | None:
    """The entry without pages outside `pages` (nor links); None if nothing is left."""
    if isinstance(entry, str):
        return entry if entry in pages else None
    if not isinstance(entry, dict):
        return None
    kept: dict[str, Any] = {}
    for title, value in entry.items():
        if isinstance(value, list):
            items = [k for item in value if (k := _only(item, pages)) is not None]
            if items:
                kept[title] = items
        elif isinstance(value, str) and value in pages:
            kept[title] = value
    return kept or None


def _without(entry: Entry, gone: frozenset[str]) -> Entry | None:
    """The entry without the pages in `gone` (links and other pages kept); None if empty."""
    if isinstance(entry, str):
        return None if entry in gone else entry
    if not isinstance(entry, dict):
        return entry
    kept: dict[str, Any] = {}
    for title, value in entry.items():
        if isinstance(value, list):
            items = [k for item in value if (k := _without(item, gone)) is not None]
            if items:
                kept[title] = items
        elif not (isinstance(value, str) and value in gone):
            kept[title] = value
    return kept or None


def _at(nav: list[Entry], entry: Entry) -> int:
    return next(i for i, e in enumerate(nav) if e is entry)


def _with_sops(nav: list[Entry], sops: list[str], lang: str) -> list[Entry]:
    """`nav` with every SOP page it lacks: at the end of the office's section that holds its
    other SOP pages, or in a section of their own after the office's entries."""
    placed = _pages(nav)
    missing = [p for p in sops if p not in placed]
    if not missing:
        return nav
    held = set(sops) & placed
    for entry in nav:
        if isinstance(entry, dict):
            for value in entry.values():
                if isinstance(value, list) and _pages(value) & held:
                    value.extend(missing)
                    return nav
    return [*nav, {text("ui.sops-section", lang): missing}]


def site_nav(
    office: list[Entry] | None,
    specs: Iterable[PageSpec],
    lang: str,
    pages: set[str] | None = None,
    sops: Iterable[str] = (),
    without: frozenset[str] = frozenset(),
) -> list[Entry] | None:
    """The nav for the run. `pages`: when given (the owners' board), the office's entries for
    any other page are left out. `sops`: the SOP pages (by their front matter's code), which
    join the nav without the office listing them. `without`: pages this site does not have (the
    managers' own, on the internal site), whose entries are left out. With no nav in mkdocs.yml
    MkDocs builds one from the files, and per-entity pages stay out of it by their inclusion
    level, so this
    returns None."""
    if office is None:
        return None
    nav = copy.deepcopy(office)
    if pages is not None:
        nav = [k for entry in nav if (k := _only(entry, pages)) is not None]
        sops = [p for p in sops if p in pages]
    nav = _with_sops(nav, sorted(p for p in sops if p not in without), lang)
    if without:
        nav = [k for entry in nav if (k := _without(entry, without)) is not None]
    placed = _pages(nav)
    waiting: list[Entry] = []  # joining just ahead of the first entry the office holds
    last: Entry | None = None  # the entry the next new one follows
    for group in _groups(specs, lang):
        missing = [p for p in group.paths if p not in placed]
        holder = next((entry for entry in nav if group.held_by(entry)), None)
        if holder is None:
            new = group.entry(missing)
            if last is None:
                waiting.append(new)
            else:
                nav.insert(_at(nav, last) + 1, new)
                last = new
            continue
        at = _at(nav, holder)
        nav[at:at] = waiting
        waiting = []
        last = holder
        if not missing:
            continue
        section = group.items_in(holder)
        if section is not None:
            section[0:0] = missing  # a generated section's index page comes first
        else:
            last = group.entry(missing)
            nav.insert(_at(nav, holder) + 1, last)
    return nav + waiting
