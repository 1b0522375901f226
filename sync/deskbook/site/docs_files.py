"""Which files of the docs folder reach a site.

Both audiences: nothing from outside the docs folder. MkDocs follows symlinks when it walks the
folder, so a link to a key file or to a home folder would be copied into the site as it is.

The owners' board: MkDocs copies every file of the docs folder that is not a page, which on an
office's PC means internal rosters, scans and spreadsheets. The board carries only the files its
own pages link to (after rendering, so Markdown links, images and raw HTML count alike), the
files mkdocs.yml names for every page (extra_css, extra_javascript, the logo and favicon), and
those [site] public_files lists.
"""

from __future__ import annotations

import fnmatch
import html.parser
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from deskbook.errors import DeskbookError

# Attributes whose value is a URL (srcset holds several, each followed by a size).
_URL_ATTRIBUTES = {"href", "src", "poster", "data"}
_BASE = "http://site.invalid/"


class LinkLeavesDocs(DeskbookError):
    key = "docs-link-outside"


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    return (
        file.src_dir is not None
        and file.abs_src_path is not None
        and (os.path.normpath(file.src_dir) == os.path.normpath(config.docs_dir))
    )


def refuse_outside_links(files: Files, config: MkDocsConfig) -> None:
    """Raise if any file of the docs folder is, or lies under, a link leading out of it."""
    docs = Path(config.docs_dir).resolve()
    for file in files:
        if not _from_docs(file, config):
            continue
        assert file.abs_src_path is not None
        real = Path(file.abs_src_path).resolve()
        if not real.is_relative_to(docs):
            raise LinkLeavesDocs(path=file.src_uri, docs=config.docs_dir, target=str(real))


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRIBUTES:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.split()]


def linked_paths(page_url: str, content: str) -> set[str]:
    """The site paths (no leading slash, unquoted) a rendered page's HTML links to."""
    parser = _Links()
    parser.feed(content)
    base = urljoin(_BASE, page_url)
    found: set[str] = set()
    for url in parser.urls:
        absolute = urlsplit(urljoin(base, url.strip()))
        if f"{absolute.scheme}://{absolute.netloc}/" == _BASE:
            found.add(unquote(absolute.path).lstrip("/"))
    return found


def named_for_every_page(config: MkDocsConfig) -> set[str]:
    """Files mkdocs.yml itself names: every page loads or shows them."""
    named = {str(p) for p in config.extra_css}
    named |= {str(getattr(p, "path", p)) for p in config.extra_javascript}
    named |= {str(config.theme[k]) for k in ("logo", "favicon") if config.theme.get(k)}
    return named


def keep_public(files: Files, config: MkDocsConfig, listed: Iterable[str]) -> None:
    """Drop from `files` the docs folder's non-page files the owners' board must not carry."""
    linked: set[str] = set()
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.content:
            linked |= linked_paths(page.url, page.content)
    patterns = [*listed, *named_for_every_page(config)]
    for file in list(files):
        if not _from_docs(file, config) or file.is_documentation_page():
            continue
        if unquote(file.url) in linked:
            continue
        if any(fnmatch.fnmatchcase(file.src_uri, p) for p in patterns):
            continue
        files.remove(file)
