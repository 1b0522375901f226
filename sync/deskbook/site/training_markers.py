"""Hand-written pages ask for generated training content with a marker on a line of its own.

`<!-- deskbook:training-rules -->` becomes the rule table and "how status is computed", so the
SOP page can never disagree with the computation; `<!-- deskbook:action-counts -->` becomes
what needs doing today; `<!-- deskbook:sop-index -->` the SOPs with their versions, review
dates and read-and-sign counts. An unknown marker is left as it is: an HTML comment shows
nothing. An SOP page (one with a `code`) gets its read-and-sign box under its title, or where
it puts `<!-- deskbook:sop-acknowledgements -->`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import jinja2

from deskbook.model.pages import PageContext
from deskbook.training.acknowledgements import SopStanding
from deskbook.views.training import TrainingSite, number

_MARKER = re.compile(r"^<!--\s*deskbook:(?P<name>[a-z-]+)\s*-->[ \t]*$", re.MULTILINE)
_TEMPLATES = {
    "training-rules": "training_rules.md.j2",
    "action-counts": "_training_actions.md.j2",
    "sop-index": "_sop_index.md.j2",
}
_SOP_MARKER = re.compile(r"^<!--\s*deskbook:sop-acknowledgements\s*-->[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"^# .*$", re.MULTILINE)


@dataclass(frozen=True)
class TrainingBox(PageContext):
    """training_rules.md.j2, _training_actions.md.j2, _sop_index.md.j2: the rules, what needs
    doing today, the SOPs, where a hand-written page's marker asks for them."""

    site: TrainingSite  # the training report shaped for pages
    up: int  # how many folders the page sits below the site's root
    base: str  # the training pages' folder, from the root
    # A score or hours as a person writes them: 86, 21.5.
    number: Callable[[Decimal | int | None], str] = field(default=number, kw_only=True)


@dataclass(frozen=True)
class SopStandingBox(PageContext):
    """_sop_standing.md.j2: an SOP page's read-and-sign box."""

    site: TrainingSite  # the training report shaped for pages
    s: SopStanding  # the SOP's acknowledgements as of the run's day
    up: int  # how many folders the page sits below the site's root


def fill_markers(markdown: str, src_uri: str, site: TrainingSite, env: jinja2.Environment) -> str:
    """`src_uri` is the page's path in docs_dir, so links can climb back to the root."""
    if not any(m["name"] in _TEMPLATES for m in _MARKER.finditer(markdown)):
        return markdown

    def fill(match: re.Match[str]) -> str:
        template = _TEMPLATES.get(match["name"])
        if template is None:
            return match[0]
        box = TrainingBox(site, src_uri.count("/"), "training/")
        return env.get_template(template).render(box.names())

    return _MARKER.sub(fill, markdown)


def fill_sop_page(markdown: str, src_uri: str, site: TrainingSite, env: jinja2.Environment) -> str:
    standing = site.standing(src_uri)
    if standing is None:
        return markdown
    box = env.get_template("_sop_standing.md.j2").render(
        SopStandingBox(site, standing, src_uri.count("/")).names()
    )
    if _SOP_MARKER.search(markdown):
        return _SOP_MARKER.sub(lambda _: box, markdown, count=1)
    title = _TITLE.search(markdown)
    if title is None:
        return f"{box}\n\n{markdown}"
    return f"{markdown[: title.end()]}\n\n{box}\n{markdown[title.end() :]}"
