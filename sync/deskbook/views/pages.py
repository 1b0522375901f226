"""What a generated page is: a PageSpec, which views return and the site renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Audience = Literal["internal", "public"]
INTERNAL: frozenset[Audience] = frozenset({"internal"})
PUBLIC: frozenset[Audience] = frozenset({"public"})
EVERYONE: frozenset[Audience] = INTERNAL | PUBLIC


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
    context: dict[str, Any] = field(default_factory=dict)
    audiences: frozenset[Audience] = INTERNAL
    in_nav: bool = True
    section: str | None = None
    in_search: bool = True
    meta: dict[str, Any] = field(default_factory=dict)  # more front matter

    @property
    def front_matter(self) -> dict[str, Any]:
        """What the page's front matter says beside its title."""
        search = {} if self.in_search else {"search": {"exclude": True}}
        return {**search, **self.meta}
