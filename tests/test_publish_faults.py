"""Publishing faults an operator meets, injected for real: a publish killed mid-build, a state
file damaged again and again, a status file cut short. Each leaves the sites and the record
true, and says so in one line."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_handbook, run_cli, write_workbook
from tests.webhook_receiver import Receiver

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


# ---------------------------------------------------------------- folders that cannot be written


@contextlib.contextmanager
def frozen(*folders: Path) -> Iterator[None]:
    """Folders in which nothing can be made, renamed or removed, as a remount read-only or an
    immutable flag leaves them (root ignores permissions: it gets the flag)."""
    as_root = os.geteuid() == 0
    for folder in folders:
        if as_root:
            subprocess.run(["chattr", "+i", str(folder)], check=True)
        else:
            folder.chmod(0o555)
    try:
        yield
    finally:
        for folder in folders:
            if as_root:
                subprocess.run(["chattr", "-i", str(folder)], check=True)
            else:
                folder.chmod(0o755)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _attempt(config: Path) -> dict[str, object]:
    status = json.loads((config.parent / ".deskbook" / "status.json").read_text("utf-8"))
    attempt: dict[str, object] = status["last_attempt"]
    return attempt


def test_a_read_only_output_folder_fails_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    www = tmp_path / "www"
    site = www / "site"
    assert run_cli("publish", "--config", str(config), "--output", str(site), *AS_OF)[0] == 0
    shown, before = site.resolve(), _tree(site)
    with frozen(www, www / "site.releases"):
        for command, output in (("publish", site), ("build", www / "new")):
            args = (command, "--config", str(config), "--output", str(output), "--force")
            code, _, err = run_cli(*args[:-1] if command == "build" else args, *AS_OF)
            assert code == 2
            no_traceback(err)
            lines = err.strip().splitlines()
            assert len(lines) == 1, err
            assert lines[0].startswith("The site build failed; the published site was left as")
        assert _attempt(config)["outcome"] == "failed"
    assert site.resolve() == shown and _tree(site) == before
    assert [p.name for p in (www / "site.releases").iterdir()] == [shown.name]


def test_an_unwritable_state_folder_is_alerted_recorded_and_recovers(
    tmp_path: Path, receiver: Receiver
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write(f'[notify]\nurls = ["{receiver.url}"]\non = ["failure"]\n')
    site = tmp_path / "www" / "site"
    args = ("publish", "--config", str(config), "--output", str(site), *AS_OF)
    assert run_cli(*args)[0] == 0
    shown = site.resolve()
    with frozen(tmp_path / "hb" / ".deskbook"):
        for _ in range(2):
            code, _, err = run_cli(*args, "--force")
            assert code == 2
            no_traceback(err)
            assert err.startswith("Cannot write the state file"), err
            assert len(err.strip().splitlines()) == 1
        code, out, _ = run_cli("status", "--config", str(config), "--lang", "en")
        assert code == 2 and "failed (exit 2)" in out
    assert site.resolve() == shown
    titles = [m["title"] for m in receiver.received]
    assert len(titles) == 1 and "發佈失敗" in titles[0]  # once per streak

    # Writable again: the next publish works, and says so once.
    assert run_cli(*args, "--force")[0] == 0
    assert run_cli(*args, "--force")[0] == 0
    titles = [m["title"] for m in receiver.received]
    assert len(titles) == 2 and "發佈已恢復" in titles[1], titles


def test_two_outputs_move_together_when_the_second_cannot(tmp_path: Path) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write(
            '[[publish]]\noutput = "../www1/handbook"\n'
            '[[publish]]\noutput = "../www2/board"\naudience = "public"\n'
        )
    handbook, board = tmp_path / "www1" / "handbook", tmp_path / "www2" / "board"
    assert run_cli("publish", "--config", str(config), *AS_OF)[0] == 0
    shown = (handbook.resolve(), board.resolve())
    # The board's release can be built, but its link cannot be swapped: the handbook's,
    # swapped first, is put back.
    with frozen(tmp_path / "www2"):
        code, _, err = run_cli("publish", "--config", str(config), "--force", *AS_OF)
    assert code == 2
    no_traceback(err)
    assert err.startswith("The site build failed; the published site was left as it was"), err
    assert (handbook.resolve(), board.resolve()) == shown
    for output in (handbook, board):
        releases = output.parent / f"{output.name}.releases"
        assert [p.name for p in releases.iterdir()] == [output.resolve().name]
    assert _attempt(config)["outcome"] == "failed"


# ---------------------------------------------------------------- publish --all


def _company(tmp_path: Path) -> Path:
    code, out, err = run_cli("init", str(tmp_path / "co"), "--company", "east,west,north")
    assert code == 0, out + err
    return tmp_path / "co" / "deskbook.toml"


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_end_when_publish_all_is_killed(tmp_path: Path) -> None:
    config = _company(tmp_path)
    command = ["publish", "--all", "--config", str(config), "--jobs", "2", *AS_OF]
    parent = subprocess.Popen(
        [sys.executable, "-m", "deskbook", *command],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
        workers = {c for c in _children(parent.pid) if "spawn_main" in _cmdline(c)}
        time.sleep(0.05)
    assert len(workers) == 2, "the workers were not seen"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_two_publish_all_at_once_take_the_company_lock(tmp_path: Path) -> None:
    from filelock import FileLock

    config = _company(tmp_path)
    lock = tmp_path / "co" / ".deskbook" / "company.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock)):
        code, _, err = run_cli("publish", "--all", "--config", str(config), *AS_OF)
    assert code == 2
    no_traceback(err)
    assert err.startswith(f"Another deskbook run is working on this handbook (lock {lock})")
    assert not (tmp_path / "co" / "public" / "company").exists()


# ---------------------------------------------------------------- every failure path at once


def _spoil_source(hb: Path) -> Callable[[], None]:
    book = hb.parent / "book.xlsx"
    good = book.read_bytes()
    book.write_bytes(b"garbage")
    return lambda: book.write_bytes(good)


def _spoil_docs(hb: Path) -> Callable[[], None]:
    outside = hb.parent / "private.json"
    outside.write_text("{}", "utf-8")
    link = hb / "site" / "key.json"
    link.symlink_to(outside)
    return link.unlink


def _spoil_output(hb: Path) -> Callable[[], None]:
    stack = contextlib.ExitStack()
    stack.enter_context(frozen(hb.parent / "www"))
    return stack.close


def _spoil_state(hb: Path) -> Callable[[], None]:
    stack = contextlib.ExitStack()
    stack.enter_context(frozen(hb / ".deskbook"))
    return stack.close


# Where a publish can fail, how it is injected, and the error it records.
FAILURES: dict[str, tuple[Callable[[Path], Callable[[], None]], str]] = {
    "read": (_spoil_source, "source-not-xlsx"),
    "build": (_spoil_docs, "docs-link-outside"),
    "swap": (_spoil_output, "build-failed"),
    "state": (_spoil_state, "state-unwritable"),
}


@pytest.mark.parametrize("where", list(FAILURES))
def test_every_failure_is_recorded_alerted_once_and_keeps_the_site(
    tmp_path: Path, receiver: Receiver, where: str
) -> None:
    config = make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))
    with config.open("a", encoding="utf-8") as f:
        f.write(f'[[publish]]\noutput = "../www/site"\n[notify]\nurls = ["{receiver.url}"]\n')
        f.write('on = ["failure"]\n')
    site = tmp_path / "www" / "site"
    args = ("publish", "--config", str(config), "--force", *AS_OF)
    assert run_cli(*args)[0] == 0
    shown, before = site.resolve(), _tree(site)
    spoil, error = FAILURES[where]
    undo = spoil(tmp_path / "hb")
    try:
        for _ in range(2):
            code, _, err = run_cli(*args)
            assert code == 2
            no_traceback(err)
            assert len(err.strip().splitlines()) == 1, err
            attempt = _attempt(config)
            assert attempt["outcome"] == "failed" and attempt["error"] == error, attempt
    finally:
        undo()
    assert site.resolve() == shown and _tree(site) == before
    assert [m["title"] for m in receiver.received] == ["【測試花園物業服務中心】手冊發佈失敗"]
    assert run_cli(*args)[0] == 0 and _attempt(config)["outcome"] == "ok"
    assert len(receiver.received) == 2 and "恢復" in receiver.received[1]["title"]
