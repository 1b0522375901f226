"""The wheel carries every module and data file the package has, however many folders it grows."""

from __future__ import annotations

import fnmatch
import tomllib
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
