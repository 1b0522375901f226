"""What a generated page is: a PageSpec, which views return and the site renders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Generic, Literal, TypeVar

# Who reads a site, from the open owners' board up: staff read the internal handbook; managers
# read all of it and what colleagues must not read of one another (exam scores, warnings,
# dismissals, full phone numbers).
Audience = Literal["public", "internal", "manager"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal", "manager")
MANAGER: frozenset[Audience] = frozenset({"manager"})
INTERNAL: frozenset[Audience] = frozenset({"internal", "manager"})
PUBLIC: frozenset[Audience] = frozenset({"public"})
EVERYONE: frozenset[Audience] = INTERNAL | PUBLIC
T = TypeVar("T")
# The longest list a page shows a person scrolling on a phone (a page of cards stays under
# 20,000 px at 390 px); the rest of such a list is counted, and in its CSV where it has one.
LIST_ROWS = 150


@dataclass(frozen=True)
class Download:
    """A file of the site beside the pages, written as CSV: a table's every row."""

    path: str  # in docs_dir, with forward slashes
    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Capped(Generic[T]):
    """A table a page shows at most `limit` rows of: the page states the total and, when rows
    are left out, links to `download`, the full list as CSV (its name relative to the page)."""

    rows: Sequence[T]
    limit: int
    download: str = ""

    @property
    def shown(self) -> Sequence[T]:
        return self.rows[: self.limit]

    @property
    def more(self) -> int:
        return max(0, len(self.rows) - self.limit)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class PageContext:
    """What a page template is given: each field of a subclass is a name at the template's top
    level. Offices override templates by name, so these fields are a public contract: each
    template's type is registered in views/registry.py and listed in the manual."""

    def names(self) -> dict[str, Any]:
        """The fields by name, shallow: asdict would deep-copy a run's data into every page."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class PageSpec:
    """One generated page.

    `section` is the UI label key of its nav section; None makes the page an entry of its own.
    Per-entity pages (a person, a notice) are linked from an index page and stay out of the nav
    and, when data-heavy, out of the search index: with thousands of them, a nav on every page
    and one search index would not scale.
    """

    path: str  # in docs_dir, with forward slashes
    title: str
    template: str  # a name in templates/, which an office's own templates/ folder may override
    context: PageContext = field(default_factory=PageContext)
    audiences: frozenset[Audience] = INTERNAL
    in_nav: bool = True
    section: str | None = None
    in_search: bool = True
    meta: dict[str, Any] = field(default_factory=dict)  # more front matter
    downloads: tuple[Download, ...] = ()  # written beside the page only when it is built

    @property
    def front_matter(self) -> dict[str, Any]:
        """What the page's front matter says beside its title."""
        search = {} if self.in_search else {"search": {"exclude": True}}
        return {**search, **self.meta}


def unit_page(code: str) -> str:
    """A unit's own page, named by its canonical code: every page that shows the code links
    here, so one tap reaches the unit's arrears, tickets and reminders."""
    return f"units/{code}.md"


def cap_table(
    rows: Sequence[T],
    limit: int,
    page: str,
    name: str,
    header: tuple[str, ...],
    cells: Callable[[T], Sequence[object]],
) -> tuple[Capped[T], tuple[Download, ...]]:
    """A table of `page` capped at `limit` rows and, when rows are left out, its full list as
    the CSV `name` beside the page (a table that fits is left as it was)."""
    if len(rows) <= limit:
        return Capped(rows, limit), ()
    folder = page.rpartition("/")[0]
    path = f"{folder}/{name}" if folder else name
    return Capped(rows, limit, name), (Download(path, header, [cells(r) for r in rows]),)
