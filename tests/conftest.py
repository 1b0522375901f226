from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import Workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from tests.sheets_server import SheetsServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Debian's Chromium, driven by Playwright (never a browser Playwright downloads); elsewhere,
# point this at a Chromium or Chrome binary.
CHROMIUM = os.environ.get("DESKBOOK_CHROMIUM", "/usr/bin/chromium")
# Set by .ci/run: there a missing tool is a broken machine, and a skip would hide it.
REQUIRE_TOOLS = "DESKBOOK_REQUIRE_TOOLS"


@dataclass(frozen=True)
class Tool:
    """A program outside Python that some tests drive: where it is looked for, how to get it."""

    where: str
    present: Callable[[], bool]
    install: str


# `@pytest.mark.needs("chromium")` on a test (or `pytestmark` on a module) names the tools it
# drives. A machine without one skips those tests with one line saying what to install, so
# `make test` passes where only python3 and make exist; with DESKBOOK_REQUIRE_TOOLS=1 (CI) the
# same tests fail instead. This is the only skip the suite has.
TOOLS = {
    "chromium": Tool(
        f"chromium at {CHROMIUM}",
        lambda: Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK),
        "apt-get install chromium, or set DESKBOOK_CHROMIUM to a Chromium binary",
    ),
    "systemd-analyze": Tool(
        "systemd-analyze on PATH",
        lambda: shutil.which("systemd-analyze") is not None,
        "apt-get install systemd",
    ),
    "caddy": Tool(
        "caddy on PATH",
        lambda: shutil.which("caddy") is not None,
        "apt-get install caddy",
    ),
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"needs(*tools): the test drives these programs ({', '.join(TOOLS)})"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # tryfirst: decided before any fixture is set up, so a browser is never launched from a
    # path that is not there.
    for mark in item.iter_markers("needs"):
        for name in mark.args:
            if name not in TOOLS:
                pytest.fail(f"needs({name!r}): not a known tool; known: {', '.join(TOOLS)}")
            tool = TOOLS[name]
            if tool.present():
                continue
            reason = f"needs {tool.where}: {tool.install}"
            if os.environ.get(REQUIRE_TOOLS) == "1":
                pytest.fail(f"{reason} ({REQUIRE_TOOLS}=1)", pytrace=False)
            pytest.skip(reason)


def load_spec(name: str = "minimal.toml") -> dict[str, dict[str, Any]]:
    return tomllib.loads((DATA / name).read_text("utf-8"))


def write_workbook(
    path: Path,
    spec: dict[str, dict[str, Any]] | None = None,
    changes: dict[str, Any] | None = None,
    drop: tuple[str, ...] = (),
    *,
    copies: dict[str, str] | None = None,
    hidden: tuple[str, ...] = (),
    formats: dict[str, str] | None = None,
    clear: tuple[str, ...] = (),
) -> Path:
    """Write a real .xlsx: one sheet per spec entry, then apply A1-addressed cell changes.

    `copies` adds sheets as copies of others (new title -> copied title), before `changes`;
    `hidden` hides sheets; `formats` sets cells' number formats (A1 -> format); `clear`
    keeps only the header row of sheets. A value starting with "=" is written as a formula
    with no computed value, "#REF!" and the like as Excel error values (openpyxl's doing)."""
    spec = spec if spec is not None else load_spec()
    book = Workbook()
    book.remove(book.active)
    for title, sheet in spec.items():
        if title in drop:
            continue
        ws = book.create_sheet(title)
        ws.append(sheet["header"])
        for row in [] if title in clear else sheet["rows"]:
            ws.append([None if v == "" else v for v in row])
    for title, original in (copies or {}).items():
        book.copy_worksheet(book[original]).title = title
    for title in hidden:
        book[title].sheet_state = "hidden"
    for ref, value in (changes or {}).items():
        title, _, coord = ref.partition("!")
        letters, row = coordinate_from_string(coord)
        cell = book[title].cell(row=row, column=column_index_from_string(letters))
        cell.value = None if value == "" else value
    for ref, number_format in (formats or {}).items():
        title, _, coord = ref.partition("!")
        book[title][coord].number_format = number_format
    book.save(path)
    return path


def bad_case(case: Path) -> dict[str, Any]:
    """A file of tests/data/bad/ as the keyword arguments write_workbook and raw_workbook take."""
    spec = tomllib.loads(case.read_text("utf-8"))
    return {
        "changes": spec.get("set"),
        "drop": tuple(spec.get("drop", ())),
        "copies": spec.get("copy"),
        "hidden": tuple(spec.get("hide", ())),
        "formats": spec.get("format"),
        "clear": tuple(spec.get("clear", ())),
    }


def make_handbook(folder: Path, workbook: Path, **office: str) -> Path:
    """A handbook folder: settings, the demo's mkdocs.yml and SOP pages, and this workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site", dirs_exist_ok=True)
    lines = ["[office]", 'name = "測試花園物業服務中心"', 'phone = "0755-0000 0000"']
    lines += [f'{k} = "{v}"' for k, v in office.items()]
    lines += ["[source]", 'kind = "xlsx"', f'path = "{workbook.as_posix()}"']
    (folder / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder / "deskbook.toml"


@pytest.fixture
def minimal_handbook(tmp_path: Path) -> Path:
    return make_handbook(tmp_path / "hb", write_workbook(tmp_path / "book.xlsx"))


@pytest.fixture(scope="session")
def as_of() -> dt.date:
    return dt.date(2026, 11, 27)


def copy_demo(folder: Path) -> Path:
    """The demo handbook's files (settings, mkdocs.yml, SOP pages, workbook) copied into
    `folder`; its settings file."""
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "site", folder / "site")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder / "deskbook.toml"


def build_demo(folder: Path, *args: str) -> Path:
    """Copy the demo handbook into `folder`, run a real `deskbook build` on it, return the site."""
    from click.testing import CliRunner

    from deskbook.cli import main

    config = copy_demo(folder)
    result = CliRunner().invoke(
        main,
        ["build", "--config", str(config), "--as-of", "2026-11-27", *args],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return folder / "public"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo handbook as the office sees it, built once per test session."""
    return build_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def manager_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's managers' site (--audience manager), built once per test session."""
    return build_demo(tmp_path_factory.mktemp("manager"), "--audience", "manager")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo handbook built by the second engine (--engine zensical), once per session."""
    return build_demo(tmp_path_factory.mktemp("zensical"), "--engine", "zensical")


@pytest.fixture(scope="session")
def zensical_public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The owners' notice board built by Zensical, once per session."""
    folder = tmp_path_factory.mktemp("zensical-public")
    return build_demo(folder, "--audience", "public", "--engine", "zensical")


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's owners' notice board (--audience public), built once per test session."""
    return build_demo(tmp_path_factory.mktemp("public"), "--audience", "public")


def run_cli(*args: str) -> tuple[int, str, str]:
    """The real command line, in process: exit code, stdout, stderr."""
    from click.testing import CliRunner

    from deskbook.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def server() -> Iterator[SheetsServer]:
    """A loopback Google Sheets and Drive API for the real gspread client to talk to."""
    running = SheetsServer()
    yield running
    running.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(root: Path) -> Iterator[str]:
    """A built site served on loopback for as long as the generator is held: its address."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, once per test module (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()
