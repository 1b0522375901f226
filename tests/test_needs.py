"""The one kind of skip the suite has: a test that drives a program the machine lacks
(`@pytest.mark.needs`, tests/conftest.py). Run here on a tiny test file in a pytest of its own,
so the machine's real tools do not decide the outcome."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_TOOLS, ROOT

TINY = """
import pytest

@pytest.mark.needs({tool!r})
def test_drives_it():
    assert True
"""
CHROMIUM_LINE = (
    "needs chromium at {path}: apt-get install chromium, "
    "or set DESKBOOK_CHROMIUM to a Chromium binary"
)


def run(tmp_path: Path, tool: str, *, require: bool, **env: str) -> tuple[int, str]:
    """pytest on one test needing `tool`, with tests/conftest.py's hooks and nothing else."""
    folder = tmp_path / "tiny"
    folder.mkdir(parents=True)
    (folder / "conftest.py").write_text(
        "from tests.conftest import pytest_configure, pytest_runtest_setup  # noqa: F401\n"
    )
    (folder / "test_tiny.py").write_text(TINY.format(tool=tool))
    environ = {k: v for k, v in os.environ.items() if k != REQUIRE_TOOLS}
    environ |= {"PYTHONPATH": str(ROOT), **env}
    if require:
        environ[REQUIRE_TOOLS] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-ra", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_a_missing_tool_skips_with_one_line_saying_how_to_get_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "no" / "chromium")
    code, out = run(tmp_path, "chromium", require=False, DESKBOOK_CHROMIUM=missing)
    assert code == 0, out
    assert re.search(r"\b1 skipped\b", out) and " passed" not in out, out
    said = [line for line in out.splitlines() if "needs chromium" in line]
    assert len(said) == 1 and said[0].startswith("SKIPPED [1] "), out
    assert said[0].endswith(CHROMIUM_LINE.format(path=missing)), out


def test_a_missing_tool_fails_when_tools_are_required(tmp_path: Path) -> None:
    missing = str(tmp_path / "no" / "chromium")
    code, out = run(tmp_path, "chromium", require=True, DESKBOOK_CHROMIUM=missing)
    assert code == 1, out
    assert re.search(r"\b1 error\b", out) and "skipped" not in out, out
    assert CHROMIUM_LINE.format(path=missing) + f" ({REQUIRE_TOOLS}=1)" in out, out


def test_a_tool_that_is_there_runs_the_test(tmp_path: Path) -> None:
    # Any executable file will do: the marker looks for one, the tiny test launches nothing.
    code, out = run(tmp_path, "chromium", require=True, DESKBOOK_CHROMIUM=sys.executable)
    assert code == 0 and re.search(r"\b1 passed\b", out), out


def test_a_program_off_the_path_is_missing(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    code, out = run(tmp_path, "systemd-analyze", require=False, PATH=str(empty))
    assert code == 0 and re.search(r"\b1 skipped\b", out), out
    assert "needs systemd-analyze on PATH: apt-get install systemd" in out, out
    code, out = run(tmp_path / "again", "systemd-analyze", require=True, PATH=str(empty))
    assert code == 1 and "needs systemd-analyze on PATH" in out, out


def test_an_unknown_tool_is_an_error_not_a_skip(tmp_path: Path) -> None:
    code, out = run(tmp_path, "chromum", require=False)
    assert code == 1 and "needs('chromum'): not a known tool" in out, out


@pytest.mark.parametrize("path", sorted((ROOT / "tests").glob("*.py")), ids=lambda p: p.name)
def test_no_other_skip_anywhere(path: Path) -> None:
    # The pattern's escapes, and the literal below written in two pieces, keep this file from
    # matching itself.
    skips = re.findall(
        r"pytest\.(?:skip|importorskip|xfail)\(|mark\.(?:skip|skipif|xfail)\b",
        path.read_text("utf-8"),
    )
    assert skips == (["pytest." + "skip("] if path.name == "conftest.py" else []), path.name
