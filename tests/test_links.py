"""No broken link: every internal link and asset of the built sites leads to a file.

A link is followed as a static web server would: relative to the page's address (`..` taken
off the path as written, not through the published symlink), `/...` from the site's root, a
folder to its index.html. Links to other sites, `tel:` and `mailto:` are not ours.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.test_company import AS_OF

ROOT = Path(__file__).resolve().parent.parent
_REF = re.compile(r'(?:href|src)="([^"]*)"')


def broken(site: Path) -> tuple[int, list[str]]:
    """How many internal links the site's pages hold, and each that leads nowhere."""
    followed, missing = 0, []
    for page in sorted(site.rglob("*.html")):
        for ref in _REF.findall(page.read_text("utf-8")):
            parts = urlsplit(html.unescape(ref))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            followed += 1
            path = unquote(parts.path)
            start = site if path.startswith("/") else page.parent
            target = Path(os.path.normpath(start / path.lstrip("/")))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{page.relative_to(site)}: {ref}")
    return followed, missing


def test_the_demo_has_no_broken_link(demo_site: Path) -> None:
    followed, missing = broken(demo_site)
    assert followed > 10_000
    assert missing == []


def test_the_owners_board_has_no_broken_link(public_site: Path) -> None:
    followed, missing = broken(public_site)
    assert followed > 100
    assert missing == []


@pytest.fixture(scope="module")
def company_sites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """examples/make_company.py's company, published whole (its damaged estate exits 2)."""
    folder = tmp_path_factory.mktemp("company-links") / "co"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "sync")}
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "make_company.py"), str(folder)],
        check=True,
        env=env,
    )
    deskbook = str(Path(sys.executable).parent / "deskbook")
    config = str(folder / "deskbook.toml")
    subprocess.run(
        [deskbook, "publish", "--all", "--quiet", "--config", config, "--as-of", AS_OF],
        env=env,
        check=False,
    )
    # Each site as the web server publishes it: the symlink beside its releases.
    return sorted(p for p in (folder / "public").iterdir() if not p.name.endswith(".releases"))


def test_the_demo_company_has_no_broken_link(company_sites: list[Path]) -> None:
    assert len(company_sites) >= 6  # five whole estates, the owners' board, the roll-up
    for site in company_sites:
        followed, missing = broken(site)
        assert followed > 0, site
        assert missing == [], site
