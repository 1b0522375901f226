"""What the demo and a generated company produce, held against outputs recorded earlier.

A faster reader or validator must not change a single figure: these tests compare the `check
--json` report, every typed record and every built file with what the previous implementation
produced. The sync time is the one thing allowed to differ, so it is written as a fixed
placeholder before comparing.

When a change is meant to alter outputs, record them again and review the diff:
    DESKBOOK_RECORD_EXPECTED=1 python -m pytest tests/test_expected_outputs.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskbook.schema.validate import validate
from deskbook.sources.xlsx import XlsxSource

from .conftest import ROOT, run_cli

EXPECTED = Path(__file__).parent / "data" / "expected"
RECORD = os.environ.get("DESKBOOK_RECORD_EXPECTED") == "1"
AS_OF = "2026-11-27"
_SYNCED = re.compile(r'data-synced="([^"]+)"')


def _compare(name: str, actual: Any) -> None:
    path = EXPECTED / name
    if RECORD:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected


def _sync_time_forms(site: Path) -> list[str]:
    """Every way a page writes this build's sync time, longest first."""
    found = _SYNCED.search((site / "index.html").read_text(encoding="utf-8"))
    assert found is not None, "the home page carries its sync time"
    moment = dt.datetime.fromisoformat(found[1])
    minute = moment.strftime("%Y-%m-%d %H:%M")
    escaped = minute.replace("-", "&#45;").replace(":", "&#58;")
    return [found[1], moment.isoformat(timespec="seconds"), minute, escaped]


def _digest(path: Path, forms: list[str]) -> str:
    data = path.read_bytes()
    if path.suffix in {".html", ".json", ".xml", ".csv", ".txt", ".md"}:
        text = data.decode("utf-8")
        for form in forms:
            text = text.replace(form, "<synced>")
        data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _site_digests(site: Path) -> dict[str, str]:
    forms = _sync_time_forms(site)
    return {
        p.relative_to(site).as_posix(): _digest(p, forms)
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.endswith(".gz")
    }


def test_demo_check_report_is_unchanged(tmp_path: Path) -> None:
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "site", tmp_path / "site")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    code, out, _ = run_cli(
        "check", "--config", str(tmp_path / "deskbook.toml"), "--as-of", AS_OF, "--json"
    )
    assert code == 1
    _compare("demo-check.json", json.loads(out))


def test_demo_site_is_unchanged(demo_site: Path) -> None:
    _compare("demo-site.json", _site_digests(demo_site))


def test_demo_public_site_is_unchanged(public_site: Path) -> None:
    _compare("demo-public-site.json", _site_digests(public_site))


def _canonical(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return f"{type(value).__name__}:{value.isoformat()}"
    return f"{type(value).__name__}:{value}"


@pytest.fixture(scope="module")
def company_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = tmp_path_factory.mktemp("company") / "examples" / "demo.xlsx"
    book.parent.mkdir()
    generator = [sys.executable, str(ROOT / "examples" / "make_demo.py"), str(book)]
    subprocess.run([*generator, "--scale", "2"], check=True, capture_output=True)
    return book


def test_generated_company_records_are_unchanged(company_book: Path) -> None:
    zone = ZoneInfo("Asia/Shanghai")
    synced = dt.datetime(2026, 11, 27, 9, tzinfo=zone)
    dataset = validate(
        XlsxSource(company_book).read(), zone, synced, as_of=dt.date.fromisoformat(AS_OF)
    )
    digests = {}
    for key, tab in sorted(dataset.tabs.items()):
        digest = hashlib.sha256()
        for record in tab.records:
            cells = [str(record.row)]
            cells.extend(f"{k}={_canonical(v)}" for k, v in record.values.items())
            digest.update(("\t".join(cells) + "\n").encode())
        digests[key] = {
            "records": len(tab.records),
            "rejected": tab.rejected,
            "sha256": digest.hexdigest(),
        }
    issues = hashlib.sha256()
    for issue in dataset.issues:
        issues.update(json.dumps([issue.code, issue.cell, issue.params], default=str).encode())
    _compare("company-x2-records.json", {"tabs": digests, "issues": issues.hexdigest()})


def test_generated_company_check_report_is_unchanged(company_book: Path) -> None:
    folder = company_book.parent.parent
    for name in ("deskbook.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    if not (folder / "site").exists():
        shutil.copytree(ROOT / "site", folder / "site")
    code, out, _ = run_cli(
        "check", "--config", str(folder / "deskbook.toml"), "--as-of", AS_OF, "--json"
    )
    assert code == 1
    report = json.loads(out)
    text = json.dumps(report["issues"], ensure_ascii=False, sort_keys=True)
    _compare(
        "company-x2-check.json",
        {"counts": report["counts"], "issues": hashlib.sha256(text.encode()).hexdigest()},
    )
