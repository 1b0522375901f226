"""Which files of the docs folder reach a site.

Both audiences: nothing from outside the docs folder. MkDocs follows symlinks when it walks the
folder, so a link to a key file or to a home folder would be copied into the site as it is.

The owners' board: MkDocs copies every file of the docs folder that is not a page, which on an
office's PC means internal rosters, scans and spreadsheets. The board carries only the files its
own pages link to (Markdown links and images, and raw HTML, each read as the engine reads it),
the files its configuration names for every page (extra_css, extra_javascript, the logo and
favicon), and those [site] public_files lists.
"""

from __future__ import annotations

import fnmatch
import html.parser
import os
import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

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


class _MarkdownLinks(Treeprocessor):
    """The targets of a page's Markdown links and images: relative to the page's file, as
    MkDocs rewrites them (raw HTML is not in the tree, and is left as written)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(key) if key else None
            if value:
                self.found.append(value)


def public_static(
    pages: dict[str, str], static: list[File], settings: dict[str, Any], listed: Iterable[str]
) -> list[File]:
    """Of the docs folder's non-page files `static`, those the owners' board carries: linked
    from its `pages` (path -> staged Markdown) or matching a pattern in `listed`."""
    extensions: dict[str, dict[str, Any]] = {}
    for item in settings.get("markdown_extensions", []):
        extensions.update(item if isinstance(item, dict) else {item: {}})
    md = markdown.Markdown(extensions=list(extensions), extension_configs=extensions)
    collect = _MarkdownLinks(md)
    md.treeprocessors.register(collect, "deskbook-links", 0)  # last: every link is made
    urls = bool(settings.get("use_directory_urls", True))
    linked: set[str] = set()
    for path, text in pages.items():
        collect.found = []
        md.reset()
        md.convert(get_data(text)[0])
        for url in collect.found:
            target = urlsplit(url.strip())
            if target.scheme or target.netloc or not target.path:
                continue
            joined = posixpath.join(posixpath.dirname(path), unquote(target.path))
            linked.add(posixpath.normpath(joined).lstrip("/"))
        page_url = File(path, src_dir=None, dest_dir="", use_directory_urls=urls).url
        raw = "".join(block for block in md.htmlStash.rawHtmlBlocks if isinstance(block, str))
        linked |= linked_paths(page_url, raw)
    patterns = list(listed)
    return [
        file
        for file in static
        if unquote(file.url) in linked
        or any(fnmatch.fnmatchcase(file.src_uri, p) for p in patterns)
    ]
