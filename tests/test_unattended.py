"""Unattended publishing through the real CLI: several outputs from one sync, --wait, --quiet,
status for monitors, and alerts to a loopback webhook."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from deskbook.cli import main
from tests.conftest import load_spec, make_handbook, write_workbook
from tests.webhook_receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


def handbook(tmp_path: Path, extra: str = "", changes: dict[str, str] | None = None) -> Path:
    book = write_workbook(tmp_path / "book.xlsx", changes=changes)
    config = make_handbook(tmp_path / "hb", book)
    with config.open("a", encoding="utf-8") as f:
        f.write(
            '[[publish]]\noutput = "../www/handbook"\n'
            '[[publish]]\noutput = "../www/board"\naudience = "public"\nlang = "en"\n' + extra
        )
    return config


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def publish(config: Path, *extra: str) -> tuple[int, str, str]:
    return cli("publish", "--config", str(config), "--as-of", "2026-11-27", *extra)


def state_status(config: Path) -> dict:
    return json.loads((config.parent / ".deskbook" / "status.json").read_text("utf-8"))


def test_two_outputs_from_one_sync_in_one_lock(tmp_path: Path) -> None:
    config = handbook(tmp_path)
    code, out, err = publish(config)
    assert code == 0, out + err
    internal, board = tmp_path / "www" / "handbook", tmp_path / "www" / "board"
    assert internal.is_symlink() and board.is_symlink()
    assert (internal / "service-desk" / "index.html").is_file()
    assert not (board / "service-desk").exists()  # the owners' board has no desk data
    assert 'lang="en"' in (board / "index.html").read_text("utf-8")
    for site, audience in ((internal, "internal"), (board, "public")):
        site_status = json.loads((site / "status.json").read_text("utf-8"))
        assert site_status["output"]["audience"] == audience
        assert site_status["last_attempt"]["outcome"] == "ok"
    with sqlite3.connect(config.parent / ".deskbook" / "deskbook.sqlite") as db:
        assert db.execute("SELECT count(*) FROM sync").fetchone()[0] == 1  # one sync for both
    status = state_status(config)
    assert status["last_attempt"]["outcome"] == "ok"
    assert [o["audience"] for o in status["last_success"]["outputs"]] == ["internal", "public"]


def test_wait_for_the_lock(tmp_path: Path) -> None:
    config = handbook(tmp_path)
    held, release = threading.Event(), threading.Event()

    def other_run() -> None:  # another run, holding the lock until told to let go
        with FileLock(str(config.parent / ".deskbook" / "deskbook.lock")):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=other_run)
    holder.start()
    held.wait(10)
    started = time.monotonic()
    code, _, err = publish(config, "--quiet", "--lang", "en")
    assert code == 2 and "Another deskbook run is working on this handbook" in err
    assert time.monotonic() - started < 2
    threading.Timer(1.0, release.set).start()
    started = time.monotonic()
    code, out, err = publish(config, "--quiet", "--wait", "30")
    assert code == 0, out + err
    assert time.monotonic() - started >= 1.0
    holder.join()


def test_quiet_prints_nothing_on_success_and_a_short_summary_on_errors(tmp_path: Path) -> None:
    config = handbook(tmp_path)
    assert publish(config, "--quiet") == (0, "", "")
    write_workbook(tmp_path / "book.xlsx", changes={"業主!C2": "12", "業主!C3": "13"})
    code, out, err = publish(config, "--quiet", "--lang", "en")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "2 data errors, 0 warnings; the site was updated."
    assert len(lines) == 3 and all(" invalid-phone: " in line for line in lines[1:])
    code, out, err = publish(config, "--quiet", "--lang", "en", "--strict")
    assert code == 1
    assert out.splitlines()[0] == "2 data errors, 0 warnings; the site was not updated (--strict)."


def status(config: Path, *extra: str) -> tuple[int, str, str]:
    return cli("status", "--config", str(config), "--lang", "en", *extra)


def test_status_after_success_data_errors_and_failure(tmp_path: Path) -> None:
    config = handbook(tmp_path)
    code, out, _ = status(config)
    assert code == 3 and "deskbook publish has never run" in out + _
    assert publish(config, "--quiet")[0] == 0
    code, out, _ = status(config)
    assert code == 0, out
    assert out.startswith("Last attempt ") and ": ok (exit 0)" in out
    time.sleep(1.1)
    code, out, _ = status(config, "--max-age", "1s")
    assert code == 2 and "STALE: the last success is older than 1s." in out
    success = state_status(config)["last_success"]

    # --strict with data errors: held back, exit 1, the last success kept.
    write_workbook(tmp_path / "book.xlsx", changes={"業主!C2": "12"})
    assert publish(config, "--quiet", "--strict")[0] == 1
    assert state_status(config)["last_attempt"]["outcome"] == "data-errors"
    # Recorded in the office's language, as the status command will print it.
    assert (
        state_status(config)["last_attempt"]["message"]
        == "有 1 個資料錯誤且使用了 --strict：沒有發佈。"
    )
    assert state_status(config)["last_success"] == success
    assert status(config)[0] == 1

    # A failed build: the state copy records it; the published site's copy is untouched.
    site_copy = (tmp_path / "www" / "handbook" / "status.json").read_bytes()
    (tmp_path / "book.xlsx").write_bytes(b"garbage")
    code, _, err = publish(config, "--quiet")
    assert code == 2 and err
    attempt = state_status(config)["last_attempt"]
    assert attempt["outcome"] == "failed" and attempt["exit_code"] == 2
    assert attempt["error"] == "source-not-xlsx" and "\n" not in attempt["message"]
    assert state_status(config)["last_success"] == success
    assert (tmp_path / "www" / "handbook" / "status.json").read_bytes() == site_copy
    code, out, _ = status(config)
    assert code == 2 and "failed (exit 2)" in out
    code, out, _ = status(config, "--json")
    assert code == 2 and json.loads(out)["last_attempt"]["error"] == "source-not-xlsx"


def test_a_sheets_fault_is_recorded(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.sheets_helpers import publish_minimal, sheets_handbook
    from tests.sheets_server import Fault

    publish_minimal(server)
    config = sheets_handbook(
        tmp_path / "hb", server, google={"timeout": 0.4, "retry_limit": 0.5, "backoff": 0.05}
    )
    server.api.inject("drive.get", Fault.error(503), times=None)
    code, _, err = cli("publish", "--config", str(config), "--output", str(tmp_path / "www"))
    assert code == 2 and "503" in err
    attempt = state_status(config)["last_attempt"]
    assert attempt["outcome"] == "failed" and attempt["error"] == "google-busy"
    assert state_status(config)["last_success"] is None
    assert status(config)[0] == 2


PHONE = re.compile(r"1[3-9]\d{9}")


def test_alerts_reach_a_loopback_webhook_once(tmp_path: Path, receiver: Receiver) -> None:
    extra = f'[notify]\nurls = ["{receiver.url}"]\ndigest_at = "00:00"\n'
    extra += 'site_url = "https://handbook.example.invalid/"\n'
    config = handbook(tmp_path, extra)
    # Two good runs on one day: one digest.
    assert publish(config, "--quiet")[0] == 0
    assert publish(config, "--quiet", "--force")[0] == 0
    digests = [m for m in receiver.received if "今日待辦" in m["title"]]
    assert len(digests) == 1 and len(receiver.received) == 1
    body = digests[0]["message"]
    assert "超時仍未完成的工單 0 張" in body and "逾期培訓 2 項，涉及 2 人" in body
    assert "https://handbook.example.invalid/service-desk/" in body
    phones = {r[2] for r in load_spec()["業主"]["rows"]} - {""}
    assert not PHONE.search(body) and not any(p in body for p in phones)

    # Two failures in a row: one message.
    (tmp_path / "book.xlsx").write_bytes(b"garbage")
    assert publish(config, "--quiet")[0] == 2
    assert publish(config, "--quiet")[0] == 2
    failures = [m for m in receiver.received if "發佈失敗" in m["title"]]
    assert len(failures) == 1 and len(receiver.received) == 2
    assert "source-not-xlsx" not in failures[0]["message"]  # the office's words, not a code
    assert state_status(config)["notify"]["last"]["ok"] is True


def test_a_failing_notifier_never_fails_the_publish(tmp_path: Path) -> None:
    closed = Receiver()
    url = closed.url
    closed.close()  # nothing listens there now
    config = handbook(tmp_path, f'[notify]\nurls = ["{url}"]\ndigest_at = "00:00"\n')
    code, out, err = publish(config, "--quiet")
    assert code == 0, out + err
    last = state_status(config)["notify"]["last"]
    assert last["ok"] is False and last["targets"] == [{"target": "#1 JSON", "ok": False}]
    assert "127.0.0.1" not in json.dumps(state_status(config))  # an address is a secret
    code, out, _ = status(config)
    assert code == 0 and "not delivered to: #1 JSON" in out
