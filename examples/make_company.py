"""A small demo company: six whole estates of different sizes and unit schemes, one broken.

Each estate is a complete year of its own office (staff, training sessions and attendance,
plan, owners, tickets, fees, reminders, notices, duties, read-and-sign), written by the demo's
generator (examples/make_demo.py) with the estate's own layout, seed and unit numbering and
without the demo's deliberate slips, so a healthy estate checks with no data errors:

  cuihu     翠湖花園    600 units   3-1-0602      building-unit-room  zh-Hant  xlsx + owners' board
  binjiang  濱江苑     1,500 units  12棟603室      tower-room          zh-Hant  xlsx
  nanshan   南山阁       320 units  A座1203       block-room          zh-Hans  CSV folder (GB18030)
  xiyuan    西園別墅      80 units  別墅 V-18     villa               zh-Hant  xlsx
  beicheng  North Point  240 units  12/F Flat A   floor-flat          en       xlsx
  donggang  東港大廈     432 units  3-1-0602      building-unit-room  zh-Hant  xlsx, DAMAGED

The one deliberate fault: donggang's workbook is cut off halfway, as a copy broken off on the
way from the office's PC leaves it. It cannot be read, so `deskbook publish --all` reports that
estate failed (exit 2), keeps whatever it last published, and the roll-up shows it stale with
the reason. Deterministic: the same command writes the same files.

Usage: python examples/make_company.py [FOLDER]   (default: company-demo)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import make_demo
from make_demo import LABELS, Layout, Row
from opencc import OpenCC

from deskbook.schema.tabs import TABS_BY_KEY
from deskbook.schema.types import Boolean, Choice

ROOT = Path(__file__).resolve().parent.parent
COMPANY = "翠湖物業集團"


def _building_unit_room(building: int, entrance: int, floor: int, door: int) -> str:
    return f"{building}-{entrance}-{floor * 100 + door:04d}"


def _tower_room(building: int, entrance: int, floor: int, door: int) -> str:
    return f"{building}棟{floor * 100 + door}室"


def _block_room(building: int, entrance: int, floor: int, door: int) -> str:
    return f"{'ABCDEFGH'[building - 1]}座{floor * 100 + door}"


def _villa(building: int, entrance: int, floor: int, door: int) -> str:
    return f"別墅 V-{building}"


def _floor_flat(building: int, entrance: int, floor: int, door: int) -> str:
    return f"{floor}/F Flat {'ABCDEFGH'[door - 1]}"


@dataclass(frozen=True)
class EstateSpec:
    code: str
    name: str
    lang: str
    source: str  # xlsx, csv or damaged
    scheme: str  # schema/units.py's name for how the layout writes a unit
    layout: Layout
    seed: int
    board: bool = False  # also publishes the owners' notice board


ESTATES = (
    EstateSpec(
        "cuihu", "翠湖花園", "zh-Hant", "xlsx", "building-unit-room", Layout(), 101, board=True
    ),
    EstateSpec(
        "binjiang",
        "濱江苑",
        "zh-Hant",
        "xlsx",
        "tower-room",
        Layout(25, 1, 30, 2, _tower_room, (5, 14)),
        102,
    ),
    EstateSpec(
        "nanshan", "南山阁", "zh-Hans", "csv", "block-room", Layout(4, 1, 20, 4, _block_room), 103
    ),
    EstateSpec(
        "xiyuan", "西園別墅", "zh-Hant", "xlsx", "villa", Layout(80, 1, 1, 1, _villa, (1, 2)), 104
    ),
    EstateSpec(
        "beicheng",
        "North Point Court",
        "en",
        "xlsx",
        "floor-flat",
        Layout(1, 1, 30, 8, _floor_flat, (1, 4)),
        105,
    ),
    EstateSpec(
        "donggang",
        "東港大廈",
        "zh-Hant",
        "damaged",
        "building-unit-room",
        Layout(6, 2, 18, 2, _building_unit_room, (2, 5)),
        106,
    ),
)
HEALTHY = tuple(e.code for e in ESTATES if e.source != "damaged")
FAULTY = "donggang"

_TO_SIMPLIFIED = OpenCC("t2s")
_YES_NO = {"en": {"是": "Yes", "否": "No"}}


def in_language(tab: str, rows: list[Row], lang: str) -> list[Row]:
    """The tab as an office working in `lang` types it: choices and yes/no in its labels, and
    in Simplified Chinese every other piece of text too."""
    if lang == make_demo.LANG:
        return rows
    columns = {c.key: c.type for c in TABS_BY_KEY[tab].columns}
    out: list[Row] = []
    for row in rows:
        written: Row = {}
        for key, value in row.items():
            kind = columns.get(key)
            if isinstance(kind, Choice) and isinstance(value, str):
                value = _relabel(kind.enum, value, lang)
            elif isinstance(kind, Boolean) and isinstance(value, str):
                value = _YES_NO.get(lang, {}).get(value, value)
            elif isinstance(value, str) and lang == "zh-Hans":
                value = _TO_SIMPLIFIED.convert(value)
            written[key] = value
        out.append(written)
    return out


def _relabel(enum: str, label: str, lang: str) -> str:
    for entry in LABELS["enums"][enum].values():
        if entry[make_demo.LANG] == label:
            return str(entry[lang])
    return label


def cell_text(value: Any) -> str:
    """A value as a spreadsheet program exports it to CSV."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def write_csv_folder(folder: Path, tabs: dict[str, list[Row]], lang: str) -> None:
    """One CSV file per tab, named as the tab, in GB18030 as mainland Excel and WPS save it."""
    folder.mkdir(parents=True, exist_ok=True)
    for tab, rows in tabs.items():
        columns = list(LABELS["columns"][tab])
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(LABELS["columns"][tab][c][lang] for c in columns)
        writer.writerows([cell_text(row.get(c)) for c in columns] for row in rows if row)
        name = LABELS["tabs"][tab][lang]
        (folder / f"{name}.csv").write_bytes(text.getvalue().encode("gb18030"))


def write_estate(folder: Path, spec: EstateSpec) -> str:
    """The estate's source under `folder`/estates; returns it as the settings name it."""
    tabs = make_demo.estate_tabs(spec.layout, spec.seed, faults=False, estate=spec.name)
    tabs = {tab: in_language(tab, rows, spec.lang) for tab, rows in tabs.items()}
    estates = folder / "estates"
    if spec.source == "csv":
        write_csv_folder(estates / spec.code, tabs, spec.lang)
        return f"estates/{spec.code}"
    path = estates / f"{spec.code}.xlsx"
    creator = f"{spec.name}物業服務中心客服部"
    make_demo.save(make_demo.workbook(tabs, spec.lang, creator), path)
    if spec.source == "damaged":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return f"estates/{spec.code}.xlsx"


def settings(sources: dict[str, str]) -> str:
    lines = [
        "# The demo company written by examples/make_company.py; see its docstring.",
        "[company]",
        f'name = "{COMPANY}"',
        'language = "zh-Hant"',
        "",
        "[shared.site]",
        'mkdocs = "mkdocs.yml"  # its docs folder holds the SOP pages every estate shares',
    ]
    for spec in ESTATES:
        lines += [
            "",
            "[[estate]]",
            f'code = "{spec.code}"',
            f'name = "{spec.name}"',
            f'source = "{sources[spec.code]}"',
            f'language = "{spec.lang}"',
            f'overrides = {{ units = {{ schemes = ["{spec.scheme}"] }} }}',
        ]
        if spec.board:
            lines += [
                f'outputs = [{{ output = "public/{spec.code}", audience = "internal" }},',
                f'           {{ output = "public/{spec.code}-board", audience = "public" }}]',
            ]
    return "\n".join(lines) + "\n"


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site", dirs_exist_ok=True)
    (folder / "estates").mkdir(exist_ok=True)
    sources = {spec.code: write_estate(folder, spec) for spec in ESTATES}
    (folder / "deskbook.toml").write_text(settings(sources), "utf-8")
    print(f"wrote {folder}: {len(ESTATES)} estates, {FAULTY} deliberately damaged")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "company-demo"))
