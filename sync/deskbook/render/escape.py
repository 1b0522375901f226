"""Make untrusted cell text inert in Markdown and HTML alike."""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from markupsafe import Markup

# Every ASCII punctuation mark becomes a numeric character reference. Markdown (with any
# extension: tables, attr_list, snippets, admonitions, emoji, magiclink...) only reacts to the
# literal characters, and HTML shows the reference as the character, so one escape serves
# paragraphs, table cells, titles and raw HTML.
_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKS = re.compile(r"\r\n|\r|\n")
_SAFE_SCHEMES = {"http", "https", "mailto"}
# Our own page paths, and hand-written ones such as sop/催費溝通.md: any letters, but nothing
# that could end a Markdown link or start a scheme.
_SAFE_PATH = re.compile(r"[\w./-]+(#[\w-]+)?")


def clean_text(value: object) -> str:
    """Text as it should read: control characters dropped, tabs as spaces, ends trimmed."""
    text = "" if value is None else str(value)
    return _INVISIBLE.sub("", text).replace("\t", " ").strip()


def escape_text(value: object) -> Markup:
    """One cell's text, safe anywhere in a generated page; line breaks become <br>."""
    lines = _BREAKS.split(clean_text(value))
    return Markup("<br>".join(line.strip().translate(_TABLE) for line in lines))


def safe_url(value: object) -> str | None:
    """The URL if a browser would open it as http, https or mailto; None otherwise."""
    url = clean_text(value)
    if not url or any(ch.isspace() for ch in url) or url != str(value).strip():
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url


def link(url: object, label: object | None = None) -> Markup:
    """An <a> for a safe URL, or just the escaped text when the URL is not safe."""
    text = escape_text(url if label is None else label)
    target = safe_url(url)
    if target is None:
        return text
    return Markup(f'<a href="{target.translate(_TABLE)}" rel="noopener">{text}</a>')


_DIALLED = re.compile(r"[^\d+]")


def tel_link(number: object, label: object | None = None) -> Markup:
    """A phone number a phone can dial with one tap: a tel: link of its digits (and a leading
    +), showing the number as written; just the text when it has too few digits to dial."""
    text = escape_text(number if label is None else label)
    digits = _DIALLED.sub("", clean_text(number))
    if len(digits.lstrip("+")) < 3 or "+" in digits[1:]:
        return text
    return Markup(f'<a href="tel:{digits}">{text}</a>')


def page_path(path: str) -> Markup:
    """A page path we generated ourselves, checked so a bug can never become an injection."""
    if not _SAFE_PATH.fullmatch(path) or ".." in path:
        raise ValueError(f"unsafe page path {path!r}")
    return Markup(path)
