"""The hand-written SOP pages: found by the `code` in their front matter.

Besides code, title, version, owner and next review, an SOP's front matter may say who must
read it and when its version took effect:

```yaml
audience: [前台接待, 管家]   # roles as the staff tab writes them, or `all`
effective: 2026-11-16       # the day this version took effect: acknowledgements run from it
retrain: service            # a material change: that category's next session is due again
```
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import yaml

from deskbook.i18n import choice_lookup, fold
from deskbook.model.sops import ALL, SopPage


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


def _audience(value: object) -> tuple[tuple[str, ...], bool]:
    """The roles, and whether the value was usable. `public`, `internal` and `manager` name a
    site (deskbook.site.stage), not roles."""
    if value is None or value in ("public", "internal", "manager"):
        return (), True
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return (), False
    roles = tuple(v.strip() for v in value)
    return ((ALL,) if any(fold(r) == ALL for r in roles) else roles), True


def _sop(meta: dict[str, object], path: str) -> SopPage:
    code = str(meta["code"])
    problems: list[tuple[str, str]] = []
    audience, ok = _audience(meta.get("audience"))
    if not ok:
        problems.append(("audience", str(meta.get("audience"))))
    review = meta.get("next_review")
    effective = meta.get("effective")
    if effective is not None and not isinstance(effective, dt.date):
        problems.append(("effective", str(effective)))
        effective = None
    retrain = meta.get("retrain")
    category = None
    if retrain is not None:
        category = choice_lookup("training_category").get(fold(str(retrain)))
        if category is None:
            problems.append(("retrain", str(retrain)))
    return SopPage(
        code=code,
        title=str(meta.get("title", code)),
        path=path,
        version=str(meta.get("version", "")),
        owner=str(meta.get("owner", "")),
        next_review=review if isinstance(review, dt.date) else None,
        audience=audience,
        effective=effective if isinstance(effective, dt.date) else None,
        retrain=category,
        problems=tuple(problems),
        managers_only=meta.get("audience") == "manager",
    )


def find_sops(docs_dir: Path) -> dict[str, SopPage]:
    """Every SOP page by its code, with the pages that link to it. Of pages claiming the same
    code the first by path keeps it, and the others are listed as its duplicates."""
    pages: dict[str, SopPage] = {}
    duplicates: dict[str, list[str]] = {}
    links: dict[str, set[str]] = {}  # page -> the pages linking to it
    for path in sorted(docs_dir.rglob("*.md")):
        name = path.relative_to(docs_dir).as_posix()
        text = path.read_text("utf-8")
        for target in linked_pages(name, text):
            if target != name:
                links.setdefault(target, set()).add(name)
        meta = front_matter(text)
        code = meta.get("code")
        if not isinstance(code, str) or not code:
            continue
        if code in pages:
            duplicates.setdefault(code, []).append(name)
        else:
            pages[code] = _sop(meta, name)
    return {
        code: replace(
            sop,
            linked_from=tuple(sorted(links.get(sop.path, ()))),
            duplicates=tuple(duplicates.get(code, ())),
        )
        for code, sop in pages.items()
    }


# Where a page's links point: [text](target), [label]: target, and href="target" in HTML.
_LINK = re.compile(
    r"\]\(\s*<?([^)\s>]+)>?"
    r"|^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)"
    r"""|\bhref\s*=\s*["']([^"']+)["']""",
    re.MULTILINE,
)


def linked_pages(page: str, text: str) -> set[str]:
    """The pages of the docs folder that `page` (its path there) links to, each as the page's
    path: `../sop/a.md#step-2` from `guide/x.md` is `sop/a.md`; a link written as the page's
    address (`../sop/a/`) counts for `sop/a.md` and `sop/a/index.md`. Links out of the site
    (a scheme, `//`) count for none."""
    found: set[str] = set()
    folder = posixpath.dirname(page)
    for match in _LINK.finditer(text):
        target = unquote(next(g for g in match.groups() if g).split("#")[0].split("?")[0])
        if not target or ":" in target or target.startswith("//"):
            continue
        path = posixpath.normpath(
            target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        )
        if path.startswith(".."):
            continue
        if path.endswith(".md"):
            found.add(path)
        elif target.endswith("/") or not posixpath.splitext(path)[1]:
            found.update({f"{path}.md", f"{path}/index.md"})
    return found
