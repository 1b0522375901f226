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
from pathlib import Path

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
    pages: dict[str, SopPage] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        meta = front_matter(path.read_text("utf-8"))
        code = meta.get("code")
        if not isinstance(code, str) or not code:
            continue
        pages[code] = _sop(meta, path.relative_to(docs_dir).as_posix())
    return pages
