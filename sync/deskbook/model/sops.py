"""An SOP page as the handbook knows it: its code, version, and who must read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from deskbook.i18n import fold

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
    # `audience: manager`: on the managers' site only, in no other site's SOP lists.
    managers_only: bool = False
    # The other pages of the docs folder that link to this one, and those that claim the same
    # code (set aside: the first page by path keeps the code).
    linked_from: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()

    @property
    def for_everyone(self) -> bool:
        return ALL in self.audience

    def concerns(self, role: str) -> bool:
        return self.for_everyone or fold(role) in {fold(r) for r in self.audience}


def version_key(version: object) -> tuple[str, ...]:
    """A version as compared: `v1.0`, `1.0` and `1` are one version. Excel turns a typed 1.0
    into the number 1, so trailing zero parts cannot tell versions apart."""
    parts = [p.strip() for p in str(version).strip().casefold().removeprefix("v").split(".")]
    while len(parts) > 1 and parts[-1].lstrip("0") == "":
        parts.pop()
    return tuple(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)
