"""Clerk-written Markdown (a notice's body) rendered to HTML that can hold no script."""

from __future__ import annotations

import re

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
_BLOCK_MARKERS = str.maketrans({"-": "&#45;", "!": "&#33;", "{": "&#123;", "}": "&#125;"})


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
    # Snippet and admonition markers must not survive as literal text for the second pass.
    parts = re.split(r"(<[^>]*>)", clean)
    clean = "".join(p if p.startswith("<") else p.translate(_BLOCK_MARKERS) for p in parts)
    return Markup(
        '<div class="deskbook-body">\n' + _BLANK_LINES.sub("\n", clean).strip() + "\n</div>"
    )
