"""`deskbook init` given what an operator types by mistake: a file for the folder, options a
company folder has no use for, a spreadsheet address with quotes or none at all. Each is one
line and nothing written; what is accepted is written so that deskbook.toml reads back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import run_cli

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("someone's notes", "utf-8")
    for extra in ((), ("--company", "east,west")):
        code, _, err = run_cli("init", str(target), "--lang", "en", *extra)
        assert code == 2
        assert "Traceback" not in err
        assert err.strip() == (
            f"{target} is a file, not a folder. init wrote nothing; name a folder (one that "
            "does not exist yet is made)."
        )
        assert target.read_text("utf-8") == "someone's notes"


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (("--source", "gsheets", "--spreadsheet", KEY), "--spreadsheet"),
        (("--source", "csv"), "--source csv"),
        (("--spreadsheet", KEY), "--spreadsheet"),
    ],
)
def test_company_init_refuses_a_source_for_all(
    tmp_path: Path, extra: tuple[str, ...], option: str
) -> None:
    folder = tmp_path / "co"
    code, _, err = run_cli("init", str(folder), "--company", "east", "--lang", "en", *extra)
    assert code == 2
    assert err.startswith(f"{option} cannot go with --company: in a company folder each estate")
    assert not folder.exists()


@pytest.mark.parametrize(
    "address",
    [
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit#gid=0",
        f'https://docs.google.com/spreadsheets/d/{KEY}/edit?usp="sharing"',
        f"https://docs.google.com/spreadsheets/d/{KEY}/edit\\x",
        KEY,
    ],
    ids=["address", "quotes", "backslash", "key"],
)
def test_the_spreadsheet_is_written_so_that_it_reads_back(tmp_path: Path, address: str) -> None:
    folder = tmp_path / "office"
    code, out, err = run_cli(
        "init", str(folder), "--lang", "en", "--source", "gsheets", "--spreadsheet", address
    )
    assert code == 0, out + err
    settings = tomllib.loads((folder / "deskbook.toml").read_text("utf-8"))
    assert settings["source"]["spreadsheet"] == address


@pytest.mark.parametrize("address", ["my sheet", "https://example.com/a/b", '"'])
def test_an_unusable_spreadsheet_is_refused_at_init(tmp_path: Path, address: str) -> None:
    folder = tmp_path / "office"
    code, _, err = run_cli(
        "init", str(folder), "--lang", "en", "--source", "gsheets", "--spreadsheet", address
    )
    assert code == 2
    assert err.startswith(f"'{address}' is not a spreadsheet key or address. init wrote nothing")
    assert not folder.exists()
