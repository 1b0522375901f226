"""Operator faults through the real command line: a broken state file, a damaged workbook, a
folder deskbook cannot write, hostile output paths, links out of the docs folder, files the
owners' board must not carry, settings that name no data. Each ends in one clear line."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_handbook, run_cli, write_workbook

AS_OF = ("--as-of", "2026-11-27", "--lang", "en")


def check(config: Path) -> tuple[int, str, str]:
    return run_cli("check", "--config", str(config), *AS_OF)


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Internal error" not in err, err


# ---------------------------------------------------------------- the state file


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 40)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _scribbled(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for at in range(4096, len(data), 4096):  # every page but the header page
        data[at + 8 : at + 64] = b"\xff" * 56
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")


def _altered(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE tab_count")
        db.execute("CREATE TABLE tab_count (anything TEXT)")


@pytest.mark.parametrize(
    "spoil", [_garbage, _truncated, _scribbled, _foreign, _altered], ids=lambda f: f.__name__
)
def test_broken_state_file_is_moved_aside_and_the_run_goes_on(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    assert check(config)[0] == 0
    state = tmp_path / "hb" / ".deskbook" / "deskbook.sqlite"
    spoil(state)
    spoiled = state.read_bytes()

    code, out, err = check(config)

    assert code == 0, err
    no_traceback(err)
    aside = list(state.parent.glob("deskbook.sqlite.broken-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == spoiled  # kept for whoever looks
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith(f"State file {state} is damaged or not")
    assert f"it was renamed {aside[0].name} and a fresh one started" in lines[0]
    assert "rows" in out  # the summary: the check itself ran
    assert check(config)[0] == 0 and len(list(state.parent.glob("*.broken-*"))) == 1


def test_state_file_moved_aside_is_said_in_the_office_language(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    (tmp_path / "hb" / ".deskbook").mkdir()
    _garbage(tmp_path / "hb" / ".deskbook" / "deskbook.sqlite")
    code, _, err = run_cli("check", "--config", str(config), "--as-of", "2026-11-27")
    assert code == 0
    assert "已損壞或不是 deskbook 的檔案" in err


def test_state_folder_that_is_a_file_exits_2(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    (tmp_path / "hb" / ".deskbook").write_text("not a folder", "utf-8")
    for command in ("check", "build"):
        code, _, err = run_cli(command, "--config", str(config), *AS_OF)
        assert code == 2, err
        no_traceback(err)
        assert err.startswith(f"Cannot write the state file {tmp_path / 'hb' / '.deskbook'}")
        assert "Make sure the .deskbook folder is writable and the disk has room" in err


def test_state_file_that_is_a_folder_exits_2(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    (tmp_path / "hb" / ".deskbook" / "deskbook.sqlite").mkdir(parents=True)
    code, _, err = check(config)
    assert code == 2
    no_traceback(err)
    state = tmp_path / "hb" / ".deskbook" / "deskbook.sqlite"
    assert err.startswith(f"Cannot write the state file {state} (unable to open database file)")


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        # The kernel answers a write past the limit with EFBIG, as a full disk answers ENOSPC.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return apply


def test_full_state_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    assert check(config)[0] == 0
    # Something new to store, on a disk with no room for it.
    write_workbook(tmp_path / "book.xlsx", changes={"員工!B2": "王小明"})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "sync")}
    done = subprocess.run(
        [sys.executable, "-m", "deskbook", "check", "--config", str(config), *AS_OF],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_file_size_limit(4096),
        check=False,
    )
    assert done.returncode == 2, done.stderr
    no_traceback(done.stderr)
    state = tmp_path / "hb" / ".deskbook" / "deskbook.sqlite"
    assert done.stderr.splitlines() == [
        line for line in done.stderr.splitlines() if line.startswith("Cannot write the state file")
    ]
    assert f"Cannot write the state file {state} (" in done.stderr
    assert not list(state.parent.glob("*.broken-*"))  # a full disk is not a broken file


# ---------------------------------------------------------------- damaged sources


def _rewrite_member(book: Path, spoil: Callable[[str, bytes], bytes]) -> None:
    source = zipfile.ZipFile(book)
    members = [(info, spoil(info.filename, source.read(info))) for info in source.infolist()]
    source.close()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, data)


def _bad_xml(book: Path) -> None:
    _rewrite_member(
        book, lambda name, data: data[: len(data) // 2] if name.endswith("sheet2.xml") else data
    )


def _bad_member(book: Path) -> None:
    with zipfile.ZipFile(book) as source:
        info = source.getinfo("xl/worksheets/sheet2.xml")
    data = bytearray(book.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for at in range(start, start + min(info.compress_size, 40)):
        data[at] ^= 0x5A
    book.write_bytes(bytes(data))


@pytest.mark.parametrize("spoil", [_bad_xml, _bad_member], ids=lambda f: f.__name__)
def test_damaged_workbook_exits_2_with_one_line(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    book = write_workbook(tmp_path / "book.xlsx")
    config = make_handbook(tmp_path / "hb", book)
    spoil(book)
    code, _, err = check(config)
    assert code == 2
    no_traceback(err)
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"{book} ")
    assert "save it again as .xlsx" in err or "Save it from Excel or WPS" in err


def test_damaged_sheet_names_its_tab(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx")
    config = make_handbook(tmp_path / "hb", book)
    _bad_xml(book)
    code, _, err = check(config)
    assert code == 2
    assert err.startswith(f"{book} is damaged: its tab '培訓場次' cannot be read (ParseError: ")


def test_unreadable_csv_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "員工.csv").write_text("staff_id,name\nS001,王\n", "utf-8")
    (folder / "收費.csv").mkdir()  # a name that says CSV, on something that cannot be read
    config = make_handbook(tmp_path / "hb", folder)
    text = config.read_text("utf-8").replace('kind = "xlsx"', 'kind = "csv"')
    config.write_text(text, "utf-8")
    code, _, err = check(config)
    assert code == 2
    no_traceback(err)
    assert err.startswith(f"Cannot read {folder / '收費.csv'} (Is a directory). Make sure")


# ---------------------------------------------------------------- settings that name no data


@pytest.mark.parametrize(
    "settings",
    ["", '[office]\nname = "X"\n', '[source]\nkind = "xlsx"\n', '[source]\nkind = "csv"\n'],
    ids=["empty", "no-source", "no-path", "csv-no-path"],
)
def test_settings_without_a_source_never_read_the_demo(tmp_path: Path, settings: str) -> None:
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "demo.xlsx", tmp_path / "examples" / "demo.xlsx")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "deskbook.toml").write_text(settings, "utf-8")
    code, out, err = check(tmp_path / "deskbook.toml")
    assert code == 2
    assert out == ""
    kind = "csv" if "csv" in settings else "xlsx"
    assert err.strip() == (
        f"Config file {tmp_path / 'deskbook.toml'} is invalid: no data source is named "
        f'(kind = "{kind}" but no path). Say in [source]: kind = "xlsx" and path = '
        '"data/handbook.xlsx", kind = "csv" and path = "<CSV folder>", or kind = "gsheets" '
        'and spreadsheet = "<address>"'
    )


# ---------------------------------------------------------------- output folders


def _foreign_folder(path: Path) -> None:
    path.mkdir()
    (path / "thesis.docx").write_text("years of work", "utf-8")


def _regular_file(path: Path) -> None:
    path.write_text("someone's notes", "utf-8")


def _foreign_link(path: Path) -> None:
    target = path.parent / "elsewhere"
    _foreign_folder(target)
    path.symlink_to(target)


HOSTILE = {
    "foreign-folder": (_foreign_folder, "exists and is not a site deskbook built"),
    "regular-file": (_regular_file, "exists and is not a folder"),
    "foreign-link": (_foreign_link, "is a link to"),
}


def _snapshot(path: Path) -> dict[str, bytes]:
    root = path.parent
    return {
        str(p.relative_to(root)): p.read_bytes() if p.is_file() else b""
        for p in sorted(root.rglob("*"))
        if ".deskbook" not in p.parts and "hb" not in p.parts
    }


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_output_is_refused_and_left_alone(tmp_path: Path, command: str, case: str) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    output = tmp_path / "out" / "site"
    output.parent.mkdir()
    make, said = HOSTILE[case]
    make(output)
    before = _snapshot(output)
    code, _, err = run_cli(command, "--config", str(config), "--output", str(output), *AS_OF)
    assert code == 2, err
    no_traceback(err)
    if case == "foreign-link" and command == "build":
        said = "exists and is not a site deskbook built"  # build would write through the link
    assert err.startswith(f"{output} {said}"), err
    assert _snapshot(output) == before
    assert not (tmp_path / "out" / "site.releases").exists() or command == "publish"
    if command == "publish":
        assert output.is_symlink() == (case == "foreign-link")


def test_build_into_the_docs_folder_is_refused(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    docs = tmp_path / "hb" / "site"
    pages = sorted(p.name for p in docs.rglob("*"))
    code, _, err = run_cli("build", "--config", str(config), "--output", str(docs), *AS_OF)
    assert code == 2
    # The more telling reason wins: the output would be the hand-written pages' own folder.
    assert err.startswith(f"{tmp_path / 'hb' / 'mkdocs.yml'}: the pages folder (docs_dir) and")
    assert sorted(p.name for p in docs.rglob("*")) == pages


def test_own_outputs_are_rebuilt_and_republished(tmp_path: Path) -> None:
    """An empty folder, a folder deskbook built (even one emptied by a failed build) and
    deskbook's own published link are all fair game."""
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    site = tmp_path / "site"
    site.mkdir()
    assert run_cli("build", "--config", str(config), "--output", str(site), *AS_OF)[0] == 0
    assert (site / ".deskbook-site").is_file()
    for entry in site.iterdir():  # what MkDocs leaves of a build that failed half-way
        if entry.name != ".deskbook-site":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    code, _, err = run_cli("build", "--config", str(config), "--output", str(site), *AS_OF)
    assert code == 0, err
    code, _, err = run_cli("publish", "--config", str(config), "--output", str(site), *AS_OF)
    assert code == 0, err
    assert site.is_symlink()
    code, _, err = run_cli("publish", "--config", str(config), "--output", str(site), *AS_OF)
    assert code == 0, err


def test_publish_prunes_only_its_own_releases(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    site = tmp_path / "site"
    keepsake = tmp_path / "site.releases" / "0-someone-elses"
    keepsake.mkdir(parents=True)
    (keepsake / "notes.txt").write_text("mine", "utf-8")
    for _ in range(4):
        assert run_cli("publish", "--config", str(config), "--output", str(site), *AS_OF)[0] == 0
    assert (keepsake / "notes.txt").read_text("utf-8") == "mine"


# ---------------------------------------------------------------- the docs folder


def _linked_file(docs: Path, outside: Path) -> str:
    (docs / "key.json").symlink_to(outside / "secret.json")
    return "key.json"


def _linked_folder(docs: Path, outside: Path) -> str:
    (docs / "shared").symlink_to(outside)
    return "shared/secret.json"


@pytest.mark.parametrize("audience", ["internal", "public"])
@pytest.mark.parametrize("link", [_linked_file, _linked_folder], ids=lambda f: f.__name__)
def test_links_out_of_the_docs_folder_are_refused(
    tmp_path: Path, audience: str, link: Callable[[Path, Path], str]
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.json").write_text('{"private_key": "s3cr3t"}', "utf-8")
    docs = tmp_path / "hb" / "site"
    name = link(docs, outside)
    output = tmp_path / "out"
    code, _, err = run_cli(
        "build", "--config", str(config), "--output", str(output), "--audience", audience, *AS_OF
    )
    assert code == 2
    no_traceback(err)
    assert err.strip() == (
        f"{name} in {docs} is a link to {outside / 'secret.json'}, outside that folder; the site "
        f"is not built, so nothing from outside is published. Copy the file into {docs}, or "
        "remove the link."
    )
    assert not any("s3cr3t" in p.read_text("utf-8", "replace") for p in output.rglob("*.*"))


def test_links_inside_the_docs_folder_are_fine(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    docs = tmp_path / "hb" / "site"
    (docs / "fees" / "table.csv").write_text("item,amount\n", "utf-8")
    (docs / "table-link.csv").symlink_to(docs / "fees" / "table.csv")
    code, _, err = run_cli(
        "build", "--config", str(config), "--output", str(tmp_path / "o"), *AS_OF
    )
    assert code == 0, err
    assert (tmp_path / "o" / "table-link.csv").is_file()


def test_owners_board_carries_only_linked_and_listed_files(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    docs = tmp_path / "hb" / "site"
    (docs / "roster.csv").write_text("name,phone\n王小明,13800138000\n", "utf-8")
    (docs / "sop" / "internal-form.pdf").write_bytes(b"%PDF internal")
    (docs / "fees" / "files").mkdir()
    (docs / "fees" / "files" / "fee table.pdf").write_bytes(b"%PDF fees")
    (docs / "images").mkdir()
    (docs / "images" / "estate.png").write_bytes(b"\x89PNG")
    (docs / "images" / "map.svg").write_text("<svg/>", "utf-8")
    (docs / "logo.svg").write_text("<svg/>", "utf-8")
    composition = docs / "fees" / "composition.md"
    composition.write_text(
        composition.read_text("utf-8")
        + "\n[收費表](files/fee%20table.pdf)\n\n![](../images/estate.png)\n",
        "utf-8",
    )
    # The SOP (internal) links the form: that makes it internal, not public.
    sop = docs / "sop" / "index.md"
    sop.write_text(sop.read_text("utf-8") + "\n[表格](internal-form.pdf)\n", "utf-8")
    mkdocs = tmp_path / "hb" / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace("theme:\n", "theme:\n  logo: logo.svg\n"))
    with config.open("a", encoding="utf-8") as settings:
        settings.write('[site]\npublic_files = ["images/*.svg"]\n')

    public, internal = tmp_path / "public", tmp_path / "internal"
    for audience, output in (("public", public), ("internal", internal)):
        code, _, err = run_cli(
            "build",
            "--config",
            str(config),
            "--output",
            str(output),
            "--audience",
            audience,
            *AS_OF,
        )
        assert code == 0, err

    shipped = {str(p.relative_to(public)) for p in public.rglob("*") if p.is_file()}
    assert {"fees/files/fee table.pdf", "images/estate.png", "images/map.svg", "logo.svg"} <= (
        shipped
    )
    assert not {"roster.csv", "sop/internal-form.pdf"} & shipped
    assert not any(b"13800138000" in p.read_bytes() for p in public.rglob("*") if p.is_file())
    assert (internal / "roster.csv").is_file() and (
        internal / "sop" / "internal-form.pdf"
    ).is_file()
