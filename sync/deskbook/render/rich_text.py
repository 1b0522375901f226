"""Clerk-written Markdown (a notice's body) rendered to HTML that can hold no script."""

from __future__ import annotations

import re
import string

import markdown
import nh3
from markupsafe import Markup

_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "a",
    "code",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_BLANK_LINES = re.compile(r"\n\s*\n")
# Text between tags after cleaning: every ASCII mark but those of the entities nh3 wrote
# (&lt; and the like) becomes a reference, so fences, snippets, admonitions and attribute
# lists cannot be read into it on the page's own Markdown pass.
_BLOCK_MARKERS = str.maketrans(
    {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation if ch not in "&#;"}
)


def render_body(text: str) -> Markup:
    """Markdown -> sanitized HTML, one block with no blank line, so the page's own
    Markdown pass keeps it as raw HTML instead of reading it a second time."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "nl2br"])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    parts = re.split(r"(<[^>]*>)", clean)
    clean = "".join(p if p.startswith("<") else p.translate(_BLOCK_MARKERS) for p in parts)
    return Markup(
        '<div class="deskbook-body">\n' + _BLANK_LINES.sub("\n", clean).strip() + "\n</div>"
    )
