"""`deskbook template`: a blank workbook to fill in offline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskbook.config import load_config
from deskbook.schema.types import UnitCode
from deskbook.writers.workbook import write_template


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    tabs: int


def run_template(path: Path, lang: str, config_path: Path | None = None) -> TemplateResult:
    """Write every tab with its headers, dropdowns and date formats in `lang` to `path`; with
    an office's settings, its unit writings and its own dropdown values too."""
    if config_path is None:
        return TemplateResult(path, write_template(path, lang))
    config = load_config(config_path)
    units = UnitCode(config.units.schemes, config.units.patterns)
    return TemplateResult(path, write_template(path, lang, units, conventions=config.conventions))
