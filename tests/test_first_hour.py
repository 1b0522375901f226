"""A new office's first hour: every dead end is one clear line and exit 2; the plugin carries
what a handbook needs; the estate's own unit numbering is read as declared."""

from __future__ import annotations

import logging
import shutil
import socket
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import run_cli as run

AS_OF = ("--as-of", "2026-11-27")


def _office(folder: Path, lang: str = "en") -> Path:
    code, out, err = run("init", str(folder), "--lang", lang)
    assert code == 0, out + err
    return folder / "deskbook.toml"


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # no traceback
    return lines[0]


def test_no_settings_points_at_init(tmp_path: Path) -> None:
    code, _, err = run("check", "--config", str(tmp_path / "deskbook.toml"), "--lang", "en")
    assert code == 2
    assert _one_line(err) == (
        f"Config file {tmp_path / 'deskbook.toml'} not found. Run inside the handbook folder or "
        "pass --config; to start a new handbook, run deskbook init FOLDER."
    )


def test_no_mkdocs_yml_names_the_setting_not_config(tmp_path: Path) -> None:
    config = _office(tmp_path)
    (tmp_path / "mkdocs.yml").unlink()
    code, _, err = run("build", "--config", str(config), *AS_OF)
    assert code == 2
    assert _one_line(err) == (
        f"Site settings {tmp_path / 'mkdocs.yml'} not found ([site] mkdocs in deskbook.toml "
        "names it). Create it, or run deskbook init in a new folder to get one."
    )


def test_a_minimal_mkdocs_yml_without_docs_dir(tmp_path: Path) -> None:
    config = _office(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\nplugins:\n  - deskbook\n", "utf-8")
    code, _, err = run("build", "--config", str(config), *AS_OF)
    assert code == 2
    line = _one_line(err)
    assert line.startswith(f"{tmp_path / 'mkdocs.yml'}: the pages folder does not exist (")
    assert line.endswith(
        "Put docs_dir: site (the folder holding the home page and SOPs) in "
        "mkdocs.yml, or create the folder."
    )


def test_docs_and_output_colliding(tmp_path: Path) -> None:
    config = _office(tmp_path)
    code, _, err = run("build", "--config", str(config), "--output", str(tmp_path / "site"))
    assert code == 2
    assert "the pages folder (docs_dir) and the output folder (site_dir or --output) overlap" in (
        _one_line(err)
    )
    assert (tmp_path / "site" / "index.md").is_file()  # the pages are untouched


def test_three_line_mkdocs_yml_builds_with_everything_a_handbook_needs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _office(tmp_path, "zh-Hant")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 手冊\ndocs_dir: site\nplugins:\n  - deskbook\n", "utf-8"
    )
    caplog.set_level(logging.WARNING)
    code, out, err = run("build", "--config", str(config), *AS_OF)
    assert code == 0, out + err
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    html = (tmp_path / "public" / "index.html").read_text("utf-8")
    assert "assets/stylesheets/main" in html  # Material
    assert "fonts.googleapis" not in html
    assert 'class="admonition note"' in html
    assert 'lang="zh-Hant"' in html


def test_a_web_font_is_turned_off_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _office(tmp_path)
    mkdocs = tmp_path / "mkdocs.yml"
    text = mkdocs.read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  font:\n    text: Noto Sans SC\n"
    )
    mkdocs.write_text(text, "utf-8")
    caplog.set_level(logging.WARNING)
    code, out, err = run("build", "--config", str(config), *AS_OF)
    assert code == 0, out + err
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        f"{mkdocs}: theme font would load web fonts from Google Fonts (blocked in mainland China, "
        "and an intranet may have no internet); it was turned off and the site uses local fonts. "
        "Set font: false to silence this."
    ]
    assert "fonts.googleapis" not in (tmp_path / "public" / "index.html").read_text("utf-8")


def test_another_theme_stops_the_build(tmp_path: Path) -> None:
    config = _office(tmp_path)
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace("name: material", "name: readthedocs"))
    code, _, err = run("build", "--config", str(config), *AS_OF)
    assert code == 2
    assert "mkdocs.yml sets the theme 'readthedocs', but the handbook needs the Material theme" in (
        _one_line(err)
    )


def test_serve_on_a_busy_port(tmp_path: Path) -> None:
    config = _office(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run("serve", "--config", str(config), "--port", str(port))
    assert code == 2
    assert _one_line(err).startswith(f"Cannot preview on 127.0.0.1:{port} (")
    assert err.strip().endswith("pick another with --port (--port 0 picks a free one).")


def test_an_sop_code_with_no_sop_pages_says_how_to_add_one(tmp_path: Path) -> None:
    config = _office(tmp_path)
    shutil.rmtree(tmp_path / "site" / "sop")
    book = load_workbook(tmp_path / "workbook.xlsx")
    book["Responsibilities"].append([1, "Handle owners' repair requests", "Clerk", "CS-SOP-01"])
    book.save(tmp_path / "workbook.xlsx")
    code, out, _ = run("check", "--config", str(config), *AS_OF)
    assert code == 1
    assert out.splitlines()[0] == (
        "Responsibilities!D2 unknown-reference: 'CS-SOP-01' is not the code of any SOP page: the "
        "handbook has no SOP pages yet. Create a .md file in site/sop/ whose front matter says "
        "code: and this code (e.g. code: CS-SOP-01)."
    )


def test_the_estates_unit_schemes_are_shared_by_every_tab(tmp_path: Path) -> None:
    config = _office(tmp_path)
    settings = config.read_text("utf-8").replace(
        'schemes = ["building-unit-room"]', 'schemes = ["tower-room", "parking"]'
    )
    config.write_text(settings, "utf-8")
    book = load_workbook(tmp_path / "workbook.xlsx")
    book["Owners"].append(["12棟1203", "Chan Tai Man"])
    book["Owners"].append(["車位 B2-045", "Chan Tai Man"])
    book["Fees"].append(["12-1203", "2026-10", "Management fee", 300, 300, "2026-10-08"])
    book["Fees"].append(["B2-045", "2026-10", "Parking", 150, 0])
    book["Fees"].append(["3-2-1201", "2026-10", "Management fee", 300, 0])
    book.save(tmp_path / "workbook.xlsx")
    code, out, _ = run("check", "--config", str(config), *AS_OF)
    assert code == 1
    assert out.splitlines()[:-1] == [
        "Fees!A4 invalid-unit: '3-2-1201' fits none of this estate's unit numbering schemes and "
        "was not used. Write it as: 12-1203 (12棟1203, 12幢1203室, 12#1203); P-B2-045 "
        "(車位 B2-045, 地下車庫 B1-12, B2-045). If the estate numbers units another way, add "
        "that scheme to [units] schemes in deskbook.toml."
    ]


def test_a_rejected_unit_is_quoted_as_typed_and_a_pasted_phone_is_masked(tmp_path: Path) -> None:
    config = _office(tmp_path)
    book = load_workbook(tmp_path / "workbook.xlsx")
    book["Fees"].append(["1203-2-1201", "2026-10", "Management fee", 300, 0])
    book["Fees"].append(["138-1234-5678", "2026-10", "Management fee", 300, 0])
    book.save(tmp_path / "workbook.xlsx")
    code, out, _ = run("check", "--config", str(config), *AS_OF)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Fees!A2 invalid-unit: '1203-2-1201' fits none")
    assert lines[1].startswith("Fees!A3 invalid-unit: '138-****-**78' fits none")


def test_an_unknown_unit_scheme_is_a_config_error(tmp_path: Path) -> None:
    config = _office(tmp_path, "zh-Hant")
    settings = config.read_text("utf-8").replace('"building-unit-room"', '"tower_room"')
    config.write_text(settings, "utf-8")
    code, _, err = run("check", "--config", str(config), *AS_OF)
    assert code == 2
    line = _one_line(err)
    assert "units.schemes" in line and "「tower_room」不是已知的房號編法" in line
    assert "tower-room" in line
