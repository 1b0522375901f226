"""What an unchanged sync may skip: the build fingerprint moves with the hour of today's pages
and with the content of the rules files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.config import load_config
from deskbook.i18n import text
from deskbook.pipeline import docs_dir, make_run, prepare
from deskbook.state.stamps import fingerprint
from tests.conftest import make_handbook, write_workbook
from tests.sheets_helpers import publish_minimal, sheets_handbook
from tests.sheets_server import SheetsServer

ZONE = ZoneInfo("Asia/Shanghai")


def stamp(config_path: Path, now: dt.datetime, as_of: dt.date | None = None) -> str:
    """The fingerprint `deskbook build` would record for a sync at `now`."""
    config = load_config(config_path)
    docs = docs_dir(config)
    prepared = prepare(make_run(config, as_of=as_of, now=now), docs)
    return fingerprint(prepared, "build", config.path(config.site.output), docs)


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 27, hour, minute, tzinfo=ZONE)


def test_todays_pages_are_rebuilt_every_hour(minimal_handbook: Path) -> None:
    # Today's service desk is measured at the moment of the sync: a ticket past its deadline
    # at 10:00 must show by the first sync after, edits or none.
    assert stamp(minimal_handbook, at(9, 5)) == stamp(minimal_handbook, at(9, 55))
    assert stamp(minimal_handbook, at(9, 55)) != stamp(minimal_handbook, at(10, 5))


def test_a_past_days_pages_do_not_change_with_the_hour(minimal_handbook: Path) -> None:
    # An --as-of day before today is measured at its end, whenever the sync runs.
    day = dt.date(2026, 11, 20)
    assert stamp(minimal_handbook, at(9, 5), day) == stamp(minimal_handbook, at(10, 5), day)


def test_the_rules_files_count_by_content(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write('[training]\nrules = "office-rules.toml"\n')
    rules = config.parent / "office-rules.toml"
    rules.write_text("pass_mark = 60\n", "utf-8")
    before = stamp(config, at(9, 5))
    assert stamp(config, at(9, 5)) == before
    rules.write_text("pass_mark = 90\n", "utf-8")  # same path in the settings, new content
    assert stamp(config, at(9, 5)) != before


def test_an_edited_rules_file_rebuilds_an_unchanged_sync(
    server: SheetsServer, tmp_path: Path
) -> None:
    # Google Sheets says when nothing changed; the office's own rules file is not in a sheet.
    publish_minimal(server)
    config = sheets_handbook(
        tmp_path / "hb", server, extra='[training]\nrules = "office-rules.toml"\n'
    )
    rules = config.parent / "office-rules.toml"
    rules.write_text("pass_mark = 60\n", "utf-8")
    site = tmp_path / "public"
    args = ["build", "--config", str(config), "--as-of", "2026-11-27", "--lang", "en", "--json"]

    def build() -> dict[str, object]:
        result = CliRunner().invoke(main, [*args, "--output", str(site)], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    assert "pages" in build()
    assert build().get("unchanged") is True
    rules.write_text("pass_mark = 90\n", "utf-8")
    assert "pages" in build()
    sop = BeautifulSoup((site / "sop/training/index.html").read_text("utf-8"), "html.parser")
    assert text("ui.training-how-exam", "en", pass_mark="90") in sop.get_text()
