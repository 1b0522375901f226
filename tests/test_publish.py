from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from filelock import FileLock

from deskbook.cli import main
from tests.conftest import make_handbook, write_workbook


def tree_digest(link: Path) -> dict[str, str]:
    root = link.resolve()
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def publish(config: Path, output: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            "publish",
            "--config",
            str(config),
            "--output",
            str(output),
            "--as-of",
            "2026-11-27",
            *extra,
        ],
    )
    return result.exit_code, result.output


def test_publish_swaps_and_a_failed_build_changes_nothing(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx")
    config = make_handbook(tmp_path / "hb", book)
    public = tmp_path / "public"
    code, out = publish(config, public)
    assert code == 0, out
    assert public.is_symlink()
    status = json.loads((public / "status.json").read_text("utf-8"))
    assert status["ok"] is True and status["errors"] == 0 and status["pages"] > 10
    before = tree_digest(public)
    first_release = public.resolve()

    # A page with a broken link under strict MkDocs aborts the build half-way.
    mkdocs_yml = config.parent / "mkdocs.yml"
    mkdocs_yml.write_text("strict: true\n" + mkdocs_yml.read_text("utf-8"), "utf-8")
    (config.parent / "site" / "broken.md").write_text("[x](nowhere.md)\n", "utf-8")
    code, out = publish(config, public)
    assert code == 2, out
    assert public.resolve() == first_release
    assert tree_digest(public) == before
    assert sorted(p.name for p in (tmp_path / "public.releases").iterdir()) == [first_release.name]

    # An unreadable workbook fails before anything is built.
    book.write_bytes(b"garbage")
    code, out = publish(config, public)
    assert code == 2, out
    assert tree_digest(public) == before


def test_strict_publish_with_data_errors_keeps_the_last_good_site(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "book.xlsx")
    config = make_handbook(tmp_path / "hb", book)
    public = tmp_path / "public"
    assert publish(config, public)[0] == 0
    before = tree_digest(public)
    write_workbook(book, changes={"業主!C2": "12"})
    code, _ = publish(config, public, "--strict")
    assert code == 1
    assert tree_digest(public) == before


def test_second_publish_keeps_the_previous_release(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    public = tmp_path / "public"
    built = CliRunner().invoke(
        main, ["build", "--config", str(config), "--output", str(public), "--as-of", "2026-11-27"]
    )
    assert built.exit_code == 0, built.output
    (public / "old.html").write_text("from deskbook build", "utf-8")
    assert publish(config, public)[0] == 0
    # The same workbook would be skipped unread (state/stamps.py); --force publishes again.
    assert publish(config, public, "--force")[0] == 0
    releases = sorted(p.name for p in (tmp_path / "public.releases").iterdir())
    assert len(releases) == 3 and "previous-build" in releases
    assert not (public / "old.html").exists()


def test_lock_held_exits_2(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with FileLock(str(config.parent / ".deskbook" / "deskbook.lock")):
        result = CliRunner().invoke(main, ["check", "--config", str(config), "--lang", "en"])
    assert result.exit_code == 2
    assert "Another deskbook run is working on this handbook" in result.stderr


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_serve_binds_loopback_only(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskbook",
            "serve",
            "--config",
            str(config),
            "--port",
            "0",
            "--lang",
            "en",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + proc.stderr.read() if proc.stderr else line
        port = int(match[1])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
        assert _listening_addresses(port) == {"127.0.0.1"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_build_refuses_to_rewrite_a_published_site(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    public = tmp_path / "public"
    assert publish(config, public)[0] == 0
    before = tree_digest(public)
    result = CliRunner().invoke(
        main, ["build", "--config", str(config), "--output", str(public), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert "is a site published by deskbook publish" in result.stderr
    assert tree_digest(public) == before
