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
from dataclasses import dataclass
from pathlib import Path

import yaml

from deskbook.i18n import choice_lookup, fold

ALL = "all"


@dataclass(frozen=True)
class SopPage:
    code: str
    title: str
    path: str  # relative to docs_dir, with forward slashes
    version: str
    owner: str
    next_review: dt.date | None
    # Who must read it: role names, or ("all",); empty when nobody signs for it.
    audience: tuple[str, ...] = ()
    effective: dt.date | None = None
    retrain: str | None = None  # a training category code
    # Front matter deskbook could not use, by key, with the value as written.
    problems: tuple[tuple[str, str], ...] = ()

    @property
    def for_everyone(self) -> bool:
        return ALL in self.audience

    def concerns(self, role: str) -> bool:
        return self.for_everyone or fold(role) in {fold(r) for r in self.audience}


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


def version_key(version: object) -> tuple[str, ...]:
    """A version as compared: `v1.0`, `1.0` and `1` are one version. Excel turns a typed 1.0
    into the number 1, so trailing zero parts cannot tell versions apart."""
    parts = [p.strip() for p in str(version).strip().casefold().removeprefix("v").split(".")]
    while len(parts) > 1 and parts[-1].lstrip("0") == "":
        parts.pop()
    return tuple(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


def _audience(value: object) -> tuple[tuple[str, ...], bool]:
    """The roles, and whether the value was usable. `public` belongs to the owners' board."""
    if value is None or value == "public" or value == "internal":
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
