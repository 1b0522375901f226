"""What an unchanged sync may skip: the build fingerprint moves with the hour of today's pages
and with the content of the rules files; an unchanged xlsx or CSV source is not even read."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from deskbook.cli import main
from deskbook.commands.fingerprint import early_fingerprint, fingerprint
from deskbook.config import load_config
from deskbook.i18n import text
from deskbook.pipeline import make_run, prepare
from deskbook.site.mkdocs_config import docs_dir
from tests.conftest import load_spec, make_handbook, write_workbook
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


def _sources() -> list[str]:
    return ["xlsx", "csv"]


def file_handbook(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    """A handbook whose source is a real xlsx workbook or a real CSV folder; and that source."""
    from tests.test_sources import write_csv_folder

    if kind == "xlsx":
        source = write_workbook(tmp_path / "book.xlsx")
        return make_handbook(tmp_path / "hb", source), source
    source = write_csv_folder(tmp_path / "csv", "utf-8")
    config = make_handbook(tmp_path / "hb", source)
    config.write_text(config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"'), "utf-8")
    return config, source


def syncs(config: Path) -> int:
    """How many syncs the state file holds: a run that read and validated the source adds one."""
    with closing(sqlite3.connect(config.parent / ".deskbook" / "deskbook.sqlite")) as db:
        return int(db.execute("SELECT count(*) FROM sync").fetchone()[0])


def run(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, [*args, "--config", str(config), "--lang", "en"], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", _sources())
def test_an_unchanged_file_source_is_not_even_read(tmp_path: Path, kind: str) -> None:
    config, _ = file_handbook(tmp_path, kind)
    site = str(tmp_path / "site")
    build = ["build", "--as-of", "2026-11-27", "--output", site]
    assert run(config, *build)[0] == 0
    assert syncs(config) == 1
    code, out, _ = run(config, *build)
    assert (code, syncs(config)) == (0, 1)  # skipped before reading: no new sync
    assert out == text("cli.unchanged", "en") + "\n"
    code, out, err = run(config, *build, "--json")
    assert (code, json.loads(out)) == (0, {"unchanged": True, "site": site})
    assert err == text("cli.unchanged", "en") + "\n"
    # --force, another day, --strict after a build without it: each reads again.
    for extra in (["--force"], ["--as-of", "2026-11-26"], ["--strict"]):
        before = syncs(config)
        assert run(config, *build, *extra)[0] == 0
        assert syncs(config) == before + 1, extra


@pytest.mark.parametrize("kind", _sources())
def test_an_edited_cell_rebuilds(tmp_path: Path, kind: str) -> None:
    config, source = file_handbook(tmp_path, kind)
    build = ["build", "--as-of", "2026-11-27", "--output", str(tmp_path / "site"), "--json"]
    assert run(config, *build)[0] == 0
    name = load_spec()["員工"]["rows"][0][1]
    if kind == "xlsx":
        write_workbook(source, changes={"員工!B2": name + "二"})
    else:
        staff = source / "員工.csv"
        staff.write_bytes(staff.read_bytes().replace(name.encode(), (name + "二").encode(), 1))
    code, out, _ = run(config, *build)
    assert (code, syncs(config)) == (0, 2)
    assert "pages" in json.loads(out)


@pytest.mark.parametrize("kind", _sources())
def test_an_edited_sop_page_rebuilds(tmp_path: Path, kind: str) -> None:
    config, _ = file_handbook(tmp_path, kind)
    build = ["build", "--as-of", "2026-11-27", "--output", str(tmp_path / "site")]
    assert run(config, *build)[0] == 0
    sop = next((config.parent / "site" / "sop").rglob("*.md"))
    sop.write_text(sop.read_text("utf-8") + "\n\nOne more step.\n", "utf-8")
    assert run(config, *build)[0] == 0
    assert syncs(config) == 2


@pytest.mark.parametrize("kind", _sources())
def test_a_new_hour_changes_a_file_sources_stamp(tmp_path: Path, kind: str) -> None:
    config_path, _ = file_handbook(tmp_path, kind)
    config = load_config(config_path)
    docs, target = docs_dir(config), tmp_path / "site"

    def early(now: dt.datetime) -> str | None:
        return early_fingerprint(make_run(config, now=now), "build", target, docs)

    assert early(at(9, 5)) == early(at(9, 55))
    assert early(at(9, 55)) != early(at(10, 5))


@pytest.mark.parametrize("kind", _sources())
def test_publish_of_an_unchanged_file_source_reads_nothing(tmp_path: Path, kind: str) -> None:
    config, _ = file_handbook(tmp_path, kind)
    publish = ["publish", "--as-of", "2026-11-27", "--output", str(tmp_path / "site")]
    assert run(config, *publish)[0] == 0
    status = config.parent / ".deskbook" / "status.json"
    success = json.loads(status.read_text("utf-8"))["last_success"]
    code, out, _ = run(config, *publish)
    assert (code, out, syncs(config)) == (0, text("cli.unchanged", "en") + "\n", 1)
    recorded = json.loads(status.read_text("utf-8"))
    assert recorded["last_attempt"]["outcome"] == "unchanged"
    assert recorded["last_success"] == success  # what the site shows is still that sync
    assert run(config, *publish, "--quiet")[1] == ""
