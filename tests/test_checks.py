"""Checks stand on the data alone: nothing a page does can change a warning."""

from __future__ import annotations

import ast
from importlib.util import find_spec
from pathlib import Path

import deskbook.checks


def _module_file(name: str) -> Path | None:
    try:
        spec = find_spec(name)
    except ModuleNotFoundError:
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def _imports(name: str, path: Path) -> set[str]:
    """The deskbook modules a file imports, relative imports resolved, `from a import b`
    counted as a.b when b is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m.split(".")[0] == "deskbook" and _module_file(m)}


def _reachable(roots: list[str]) -> set[str]:
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_file(name)
        if path is not None:
            pending.extend(_imports(name, path))
    return seen


def test_checks_never_import_views() -> None:
    folder = Path(deskbook.checks.__file__).parent
    roots = [f"deskbook.checks.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"]
    assert "deskbook.checks.office" in roots
    reached = _reachable(roots)
    assert "deskbook.i18n" in reached  # the walk does follow imports
    assert sorted(m for m in reached if m.startswith("deskbook.views")) == []
