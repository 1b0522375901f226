"""The hand-written SOP pages: found by the `code` in their front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SopPage:
    code: str
    title: str
    path: str  # relative to docs_dir, with forward slashes
    version: str
    owner: str
    next_review: dt.date | None


def front_matter(text: str) -> dict[str, object]:
    if not text.startswith("---"):
        return {}
    head, sep, _ = text[3:].partition("\n---")
    if not sep:
        return {}
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def find_sops(docs_dir: Path) -> dict[str, SopPage]:
    pages: dict[str, SopPage] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        meta = front_matter(path.read_text("utf-8"))
        code = meta.get("code")
        if not isinstance(code, str) or not code:
            continue
        review = meta.get("next_review")
        pages[code] = SopPage(
            code=code,
            title=str(meta.get("title", code)),
            path=path.relative_to(docs_dir).as_posix(),
            version=str(meta.get("version", "")),
            owner=str(meta.get("owner", "")),
            next_review=review if isinstance(review, dt.date) else None,
        )
    return pages
