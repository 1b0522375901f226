"""`deskbook init DIR`: a new office's handbook folder that builds at once.

Writes deskbook.toml (commented), a minimal mkdocs.yml, the training-rules override file, the
starter pages (home and four SOPs from the seed SOPs) in the office's language, an empty
workbook (or CSV folder) with an instructions tab, and a .gitignore. The scaffold is package
data in deskbook/scaffold/<language>/; nothing is copied from the demo. Nothing is overwritten
unless asked: without --force, one existing file stops init before anything is written.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jinja2
from pydantic_core import PydanticCustomError

from deskbook.config.google import spreadsheet_key
from deskbook.config.regions import conventions, region_codes, region_table
from deskbook.errors import DeskbookError
from deskbook.i18n import text
from deskbook.schema.types import UnitCode
from deskbook.site.requirements import MATERIAL_LANGUAGE
from deskbook.writers.blank import blank_tabs
from deskbook.writers.instructions import describe
from deskbook.writers.workbook import write_template

SOURCES = ("xlsx", "csv", "gsheets")
# The workbook init writes: for gsheets, an .xlsx to upload to Google Drive.
WORKBOOK = {"xlsx": "workbook.xlsx", "csv": "workbook", "gsheets": "workbook.xlsx"}
_TEMPLATES = ("deskbook.toml.j2", "mkdocs.yml.j2")


@dataclass(frozen=True)
class InitResult:
    root: Path
    written: tuple[Path, ...]  # relative to root, in the order written
    lang: str
    source: str


def _scaffold(lang: str) -> Traversable:
    return resources.files("deskbook").joinpath("scaffold", lang)


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _files(entry, f"{name}/")
        else:
            found.append((name, entry))
    return found


def _write(path: Path, content: str) -> None:
    path.write_text(content, "utf-8")


def _csv_folder(folder: Path, lang: str, units: UnitCode, region: str) -> None:
    """One header-only CSV per tab, UTF-8 with a BOM so that Excel opens it as Chinese."""
    folder.mkdir(parents=True, exist_ok=True)
    tabs = blank_tabs(lang, conventions(region))
    for tab in tabs:
        with (folder / f"{tab.title}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerow([c.header for c in tab.columns])
    guide = folder / f"{text('workbook.title', lang)}.txt"
    lines = [text("workbook.intro", lang), ""]
    required = text("workbook.yes", lang)
    for tab in tabs:
        lines.append(f"[{tab.title}]")
        for c in tab.columns:
            mark = f" ({required})" if c.required else ""
            lines.append(f"  {c.header}{mark}: {describe(c.kind, c.choices, units, lang)}")
    guide.write_text("\n".join(lines) + "\n", "utf-8")


def run_init(
    root: Path,
    lang: str,
    source: str,
    force: bool = False,
    spreadsheet: str | None = None,
    office: Mapping[str, str] | None = None,
) -> InitResult:
    """`office`: name, phone, address, hours and region as the admin gave them; blanks are left
    for deskbook.toml (the owners' notice board shows address and hours)."""
    office = office or {}
    region = office.get("region") or "CN"
    if region not in region_codes():
        raise DeskbookError("unknown-region", value=region, known=", ".join(region_codes()))
    if root.exists() and not root.is_dir():
        raise DeskbookError("init-not-a-folder", path=str(root))
    if spreadsheet is not None:
        # Checked now, not at the first command that reads it.
        try:
            spreadsheet_key(spreadsheet)
        except PydanticCustomError:
            raise DeskbookError("init-not-spreadsheet", value=spreadsheet) from None
    scaffold = _scaffold(lang)
    units = UnitCode()
    workbook = WORKBOOK[source]
    values = {
        "site_name": text("init.site-name", lang),
        "office_name": office.get("name") or text("init.office-name", lang),
        "phone": office.get("phone", ""),
        "address": office.get("address", ""),
        "hours": office.get("hours", ""),
        "region": region,
        "timezone": region_table()["regions"][region]["timezone"],
        "material_language": MATERIAL_LANGUAGE[lang],
        "source": source,
        "workbook": workbook,
        "spreadsheet": spreadsheet,
    }
    env = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    # A TOML basic string: JSON's escapes are TOML's, so any name or address is written safely.
    env.filters["toml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    writes: dict[str, Callable[[Path], object]] = {}
    for name, entry in _files(scaffold):
        content = entry.read_text("utf-8")
        if name in _TEMPLATES:
            name = name.removesuffix(".j2")
            content = env.from_string(content).render(values)
        writes[name] = functools.partial(_write, content=content)
    gitignore = resources.files("deskbook").joinpath("scaffold", "gitignore").read_text("utf-8")
    writes[".gitignore"] = functools.partial(_write, content=gitignore)
    if source == "csv":
        writes[workbook] = lambda path: _csv_folder(path, lang, units, region)
    else:
        writes[workbook] = lambda path: write_template(
            path, lang, units, overwrite=True, conventions=conventions(region)
        )

    existing = [name for name in writes if (root / name).exists()]
    if existing and not force:
        raise DeskbookError("init-exists", path=str(root), files=", ".join(existing))
    for name, write in writes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
    return InitResult(root, tuple(Path(n) for n in writes), lang, source)
