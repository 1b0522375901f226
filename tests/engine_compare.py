"""Two builds of the same handbook by two engines, compared page by page as a reader sees them.

Each page is reduced to what the office wrote and deskbook generated: the page title, the
article (elements and text, as tests/expected.py normalises a page) and the main nav's entries.
What a theme adds around them is set aside first: each theme's own scripts, styles and icons,
the heading anchors' markup, the header and footer chrome. What remains and differs is listed,
one line per difference, so a reviewer reads every one.

`python -m tests.engine_compare SITE_A SITE_B` prints the list for two built folders.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import Tag

from tests.expected import normalise_html

_HREF = re.compile(r'\b(href|src)="([^"]*)"')
# Each engine's own pages and files, which the other does not write.
ENGINE_FILES = ("404.html", "search/", "search.json", "sitemap.xml", "sitemap.xml.gz", "assets/")
# Elements a theme puts inside the article around the content: anchors' pilcrows, edit buttons.
THEME_MARKUP = (
    "a.headerlink",
    "a#__skip",
    ".md-content__button",
    ".md-source-file",
    "script",
    "style",
)


@dataclass(frozen=True)
class Difference:
    page: str
    part: str  # "missing", "title", "article" or "nav"
    detail: str

    def __str__(self) -> str:
        return f"{self.page} [{self.part}] {self.detail}"


def pages(site: Path) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(ENGINE_FILES)
    }


def reader_parts(html: str) -> tuple[str, list[str], list[str]]:
    """A page's title, its article's normalised lines and its main nav's (title, link) lines."""
    soup = BeautifulSoup(html, "html.parser")
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    article = soup.select_one("article.md-content__inner")
    body: list[str] = []
    if isinstance(article, Tag):
        for selector in THEME_MARKUP:
            for element in article.select(selector):
                element.decompose()
        # Material keeps the attribute in the page, Zensical takes it out once its index has
        # left the section out: the two indexes hold the same entries.
        for element in article.select("[data-search-exclude]"):
            del element["data-search-exclude"]
        body = normalise_html(str(article))
    nav = [
        f'{" ".join(a.get_text().split())} href="{a.get("href", "")}"'
        for a in soup.select("nav.md-nav--primary a.md-nav__link[href]")
    ]
    return title, body, nav


def _address(href: str, page: str) -> str:
    """Where a link on `page` leads, from the site's root, as a browser follows it: a `..`
    past the root stays at the root, `./..` is `..`."""
    path, mark, fragment = href.partition("#")
    if ":" in path or path.startswith("/") or (not path and mark):
        return href
    path = path or "./"  # an empty link is the page itself
    base = posixpath.dirname(page)
    parts: list[str] = []
    for part in posixpath.join(base, path).split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    tidy = "/" + "/".join(parts) + ("/" if path.endswith("/") and parts else "")
    return tidy + mark + fragment


def _links(lines: list[str], page: str) -> list[str]:
    return [_HREF.sub(lambda m: f'{m[1]}="{_address(m[2], page)}"', line) for line in lines]


def compare(left: Path, right: Path) -> list[Difference]:
    """Every difference a reader could see between two builds, page by page."""
    found: list[Difference] = []
    one, other = pages(left), pages(right)
    found += [Difference(p, "missing", f"only in {right.name}") for p in sorted(other - one)]
    found += [Difference(p, "missing", f"only in {left.name}") for p in sorted(one - other)]
    for page in sorted(one & other):
        a = reader_parts((left / page).read_text("utf-8"))
        b = reader_parts((right / page).read_text("utf-8"))
        a = (a[0], _links(a[1], page), _links(a[2], page))
        b = (b[0], _links(b[1], page), _links(b[2], page))
        if a[0] != b[0]:
            found.append(Difference(page, "title", f"{a[0]!r} != {b[0]!r}"))
        for part, x, y in (("article", a[1], b[1]), ("nav", a[2], b[2])):
            for line in difflib.unified_diff(x, y, lineterm="", n=0):
                if not line.startswith(("---", "+++", "@@")):
                    found.append(Difference(page, part, line.strip()))
    return found


if __name__ == "__main__":
    differences = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    for difference in differences:
        print(difference)
    print(f"{len(differences)} differences")
