"""`deskbook template`: a blank workbook to fill in offline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskbook.writers.workbook import write_template


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    tabs: int


def run_template(path: Path, lang: str) -> TemplateResult:
    """Write every tab with its headers, dropdowns and date formats in `lang` to `path`."""
    return TemplateResult(path, write_template(path, lang))
