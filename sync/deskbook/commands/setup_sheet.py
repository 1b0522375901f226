"""`deskbook setup-sheet`: make each Google spreadsheet ready for clerks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskbook.config import load_config
from deskbook.site.publish import acquire
from deskbook.writers.setup_sheet import SetupResult, setup_sheets


@dataclass(frozen=True)
class SetupSheetResult:
    lang: str
    # One per spreadsheet: what was added, and the tabs left alone.
    spreadsheets: list[SetupResult]


def run_setup_sheet(config_path: Path, lang: str | None = None) -> SetupSheetResult:
    config = load_config(config_path)
    language = lang or config.office.language
    with acquire(config):
        return SetupSheetResult(language, setup_sheets(config, language))
