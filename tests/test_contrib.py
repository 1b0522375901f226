"""The schedules in contrib/ work as written: systemd units verified by systemd itself, the CI
workflow parsed and held to its promises, and the manual's Operations page quoting each file
verbatim."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from deskbook.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTRIB = ROOT / "contrib"
SERVICE = CONTRIB / "systemd" / "deskbook-publish.service"
TIMER = CONTRIB / "systemd" / "deskbook-publish.timer"
CRON = CONTRIB / "cron" / "deskbook"
WORKFLOW = CONTRIB / "github" / "deskbook-publish.yml"
EXEC = "/srv/handbook/.venv/bin/deskbook"


def verify(tmp_path: Path, service_text: str) -> subprocess.CompletedProcess[str]:
    """systemd-analyze verify on the pair; the ExecStart program is put where it can be found,
    since verify also checks that it exists."""
    program = tmp_path / "deskbook"
    program.write_text("#!/bin/sh\n", "utf-8")
    program.chmod(0o755)
    service = tmp_path / SERVICE.name
    service.write_text(service_text.replace(EXEC, str(program)), "utf-8")
    (tmp_path / TIMER.name).write_text(TIMER.read_text("utf-8"), "utf-8")
    return subprocess.run(
        ["systemd-analyze", "verify", str(service), str(tmp_path / TIMER.name)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.needs("systemd-analyze")
def test_systemd_units_verify_cleanly(tmp_path: Path) -> None:
    text = SERVICE.read_text("utf-8")
    assert EXEC in text
    result = verify(tmp_path, text)
    assert result.returncode == 0 and result.stdout + result.stderr == ""
    settings = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and line[0] != "#"
    )
    assert settings["Type"] == "oneshot" and settings["User"] == "deskbook"
    assert settings["ProtectSystem"] == "strict"
    assert set(settings["ReadWritePaths"].split()) == {
        "/srv/handbook/.deskbook",
        "/var/www/handbook",
    }
    assert "OnCalendar=*:0/30" in TIMER.read_text("utf-8")


@pytest.mark.needs("systemd-analyze")
def test_verify_would_catch_a_mistake(tmp_path: Path) -> None:
    broken = SERVICE.read_text("utf-8").replace("ProtectSystem=strict", "ProtectSystem=stritc")
    result = verify(tmp_path, broken)
    assert "ProtectSystem" in result.stderr or "protect system" in result.stderr


def _deskbook_args(command: str) -> list[str]:
    words = shlex.split(command)
    return words[words.index("publish") :]


@pytest.mark.parametrize(
    "command",
    [
        re.search(r"^ExecStart=\S+ (.*)$", SERVICE.read_text("utf-8"), re.M)[1],  # type: ignore[index]
        CRON.read_text("utf-8").splitlines()[-1].split("&&", 1)[1],
    ],
    ids=["systemd", "cron"],
)
def test_scheduled_commands_parse(command: str) -> None:
    """Every option the schedules pass exists (click stops on an unknown one with exit 2)."""
    ctx = main.make_context("deskbook", _deskbook_args(command), resilient_parsing=False)
    sub = main.get_command(ctx, "publish")
    assert sub is not None
    sub.make_context("publish", _deskbook_args(command)[1:])


def test_cron_file_has_the_cron_d_form() -> None:
    line = CRON.read_text("utf-8").splitlines()[-1]
    minute, hour, day, month, weekday, user, _ = line.split(None, 6)
    assert (minute, hour, day, month, weekday, user) == ("*/30", "*", "*", "*", "*", "deskbook")


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_workflow_publishes_the_board_to_pages_and_never_the_internal_site() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # PyYAML reads the bare key `on` as True.
    trigger = flow.get("on", flow.get(True))
    assert trigger["schedule"] == [{"cron": "*/30 * * * *"}]
    assert flow["permissions"] == {"contents": "read"}
    publish, pages = flow["jobs"]["publish"], flow["jobs"]["pages"]
    assert pages["needs"] == "publish" and pages["permissions"]["pages"] == "write"
    for job in (publish, pages):
        for step in _steps(job):
            assert ("uses" in step) != ("run" in step), step
    uploads = [s for s in _steps(publish) if s.get("uses", "").startswith("actions/upload")]
    assert [s["with"]["path"] for s in uploads] == ["www/board/"]
    run = "\n".join(s.get("run", "") for s in _steps(publish))
    assert "deskbook publish --quiet" in run
    assert 'rsync -a --delete -e "ssh -i ~/.ssh/deploy" www/handbook/ "$DEPLOY_TARGET"' in run
    text = WORKFLOW.read_text("utf-8")
    assert "secrets.GOOGLE_SERVICE_ACCOUNT_JSON" in text
    # A secret reaches a step only through env, never pasted into a command line.
    for step in _steps(publish):
        assert "secrets." not in step.get("run", "")


@pytest.mark.parametrize("path", [SERVICE, TIMER, CRON, WORKFLOW], ids=lambda p: p.name)
def test_manual_quotes_each_file_verbatim(path: Path) -> None:
    page = (ROOT / "docs" / "pages" / "operations.md").read_text("utf-8")
    section = page[page.index("## Schedules (contrib/)") : page.index("## Operator faults")]
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```$", section, re.M | re.S)
    assert path.read_text("utf-8") in blocks
