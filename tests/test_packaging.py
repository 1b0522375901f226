"""The wheel carries every module and data file the package has, however many folders it grows."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sync" / "deskbook"


def _settings() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def test_every_folder_with_modules_is_a_found_package() -> None:
    where = _settings()["packages"]["find"]["where"]
    found = set(find_packages(str(ROOT / where[0])))
    folders = {
        ".".join(path.parent.relative_to(PACKAGE.parent).parts)
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert folders - found == set()


def test_every_data_file_is_package_data() -> None:
    patterns = _settings()["package-data"]["deskbook"]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data, "the package has templates and labels"
    missing = [name for name in data if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert missing == []


def test_the_top_level_templates_ship_in_the_wheel(tmp_path: Path) -> None:
    """The page templates live in `templates/` at the top level (the design card); the package
    reaches them through the link `sync/deskbook/templates`, so an editable install and a
    wheel find them the same way, as package data of `deskbook`."""
    link = PACKAGE / "templates"
    assert link.is_symlink() and link.resolve() == (ROOT / "templates").resolve()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("deskbook-*.whl")
    with zipfile.ZipFile(wheel) as built:
        shipped = {name for name in built.namelist() if name.startswith("deskbook/templates/")}
    templates = {f"deskbook/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    assert templates and shipped == templates
