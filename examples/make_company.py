"""A small demo company: six estates cut from the demo workbook, one of them broken.

Deterministic: each estate keeps the first rows of every tab of examples/demo.xlsx (a different
share per estate), one is a folder of CSV files, and one names a workbook that is not there,
so the roll-up shows it stale with the reason. Usage: python examples/make_company.py FOLDER
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parent.parent
# code, name, share of the demo's rows, source kind
ESTATES = (
    ("cuihu", "翠湖花園", 1.0, "xlsx"),
    ("binjiang", "濱江苑", 0.5, "xlsx"),
    ("nanshan", "南山閣", 0.25, "csv"),
    ("xiyuan", "西園", 0.15, "xlsx"),
    ("beicheng", "北城公寓", 0.1, "xlsx"),
    ("donggang", "東港大廈", 0.1, "missing"),
)


def rows_of(share: float) -> dict[str, list[list[object]]]:
    book = load_workbook(ROOT / "examples" / "demo.xlsx", read_only=True, data_only=True)
    tabs: dict[str, list[list[object]]] = {}
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        keep = max(1, round((len(rows) - 1) * share))
        tabs[ws.title] = [rows[0], *rows[1 : 1 + keep]]
    return tabs


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "site", folder / "site", dirs_exist_ok=True)
    (folder / "estates").mkdir(exist_ok=True)
    lines = ["[company]", 'name = "翠湖物業集團"', "[shared.site]", 'mkdocs = "mkdocs.yml"']
    for code, name, share, kind in ESTATES:
        source = f"estates/{code}.xlsx"
        if kind == "csv":
            source = f"estates/{code}"
            (folder / source).mkdir(exist_ok=True)
            for title, rows in rows_of(share).items():
                with (folder / source / f"{title}.csv").open(
                    "w", encoding="utf-8-sig", newline=""
                ) as out:
                    csv.writer(out).writerows(["" if v is None else v for v in r] for r in rows)
        elif kind == "xlsx":
            book = Workbook()
            book.remove(book.active)
            for title, rows in rows_of(share).items():
                ws = book.create_sheet(title)
                for row in rows:
                    ws.append(row)
            book.save(folder / source)
        lines += ["[[estate]]", f'code = "{code}"', f'name = "{name}"', f'source = "{source}"']
    (folder / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "company-demo"))
