"""Publishing faults an operator meets, injected for real: a publish killed mid-build, a state
file damaged again and again, a status file cut short. Each leaves the sites and the record
true, and says so in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, make_handbook, run_cli, write_workbook

AS_OF = ("--as-of", "2026-11-27", "--lang", "en")


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Internal error" not in err, err


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "sync")}


def test_a_release_cut_short_by_kill_is_never_kept(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    site = tmp_path / "www" / "site"
    releases = site.parent / "site.releases"
    args = ["publish", "--config", str(config), "--output", str(site), *AS_OF, "--force"]
    assert run_cli(*args)[0] == 0
    first = {p.name for p in releases.iterdir()}
    # A publish killed while MkDocs writes its release: marked as deskbook's, never finished.
    child = subprocess.Popen(
        [sys.executable, "-m", "deskbook", *args],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    cut: Path | None = None
    while cut is None and time.monotonic() < deadline and child.poll() is None:
        for release in releases.iterdir():
            if release.name not in first and (release / "index.html").exists():
                cut = release
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert cut is not None and not (cut / "status.json").exists(), "the build was not caught"
    shown = site.resolve()

    for _ in range(3):
        code, _, err = run_cli(*args)
        assert code == 0, err
    assert not cut.exists()
    left = sorted(p.name for p in releases.iterdir())
    assert len(left) == 3 and all((releases / n / "status.json").is_file() for n in left)
    assert shown != site.resolve() and (site / "index.html").is_file()


def test_damaged_state_copies_are_pruned(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    state = tmp_path / "hb" / ".deskbook" / "deskbook.sqlite"
    for _ in range(5):
        assert run_cli("check", "--config", str(config), *AS_OF)[0] == 0
        state.write_bytes(b"this is not a database\n" * 40)
    code, _, err = run_cli("check", "--config", str(config), *AS_OF)
    assert code == 0
    no_traceback(err)
    assert len(list(state.parent.glob("deskbook.sqlite.broken-*"))) == 3


def test_a_cut_status_file_is_unreadable_not_never_ran(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    site = tmp_path / "www" / "site"
    assert run_cli("publish", "--config", str(config), "--output", str(site), *AS_OF)[0] == 0
    path = tmp_path / "hb" / ".deskbook" / "status.json"
    path.write_bytes(path.read_bytes()[:40])
    code, out, err = run_cli("status", "--config", str(config), "--lang", "en")
    assert code == 2
    no_traceback(err)
    said = (out + err).strip()
    assert said.startswith(f"{path} cannot be read (cut short or damaged)"), said
    assert "never run" not in said
    # The next publish that builds writes it whole again.
    args = ("--output", str(site), "--force", *AS_OF)
    assert run_cli("publish", "--config", str(config), *args)[0] == 0
    assert run_cli("status", "--config", str(config), "--lang", "en")[0] == 0
