"""What the demo and a generated company produce, held against outputs recorded earlier.

A faster reader or validator must not change a single figure: these tests compare the `check
--json` report, every typed record and every built file with what the previous implementation
produced. The sync time is the one thing allowed to differ, so it is written as a fixed
placeholder before comparing. Each site file is held to its digest; beside the digests lies a
normalised text form of each file deskbook writes (tests/expected.py says what that is), so a
failure prints what changed in elements, attributes and text.

When a change is meant to alter outputs:
1. `make expected-diff` builds everything and shows, per changed file, the normalised diff
   against the recording, and a summary line; it writes nothing. Review it.
2. `make expected-record` (DESKBOOK_RECORD_EXPECTED=1 python -m pytest
   tests/test_expected_outputs.py) prints the same report, then writes digests and text forms
   under tests/data/expected/. Paste the report's summary into the commit body.
The digests depend on the versions of MkDocs, its theme and Markdown: `make` installs the ones
in constraints.txt, so the suite and the recording see the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import expected
from tests.conftest import copy_demo

RECORD = os.environ.get("DESKBOOK_RECORD_EXPECTED") == "1"
# Every comparison made while recording, printed together once the module's tests are done.
_RECORDED = expected.Report()


@pytest.fixture(scope="module", autouse=True)
def _print_what_was_recorded(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if RECORD:
        # Printed past pytest's capture, which would otherwise keep a passing test's output.
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        terminal = request.config.pluginmanager.get_plugin("terminalreporter")
        assert capture is not None and terminal is not None
        with capture.global_and_fixture_disabled():
            terminal.write_sep("-", "expected outputs recorded again; what changed")
            terminal.write_line(_RECORDED.text())


def _hold(report: expected.Report, record: Callable[[], None]) -> None:
    """Recording: keep the report and write the outputs. Otherwise: fail with the report."""
    if RECORD:
        _RECORDED.extend(report)
        record()
        return
    assert report.byte_changes() == [], "\n" + report.text()


def test_demo_check_report_is_unchanged(tmp_path: Path) -> None:
    report = expected.check_report(copy_demo(tmp_path))
    name = "demo-check.json"
    _hold(expected.compare_json(name, report), lambda: expected.record_json(name, report))


def _hold_site(site_name: str, site: Path) -> None:
    outputs = expected.site_outputs(site)
    _hold(
        expected.compare_site(site_name, outputs),
        lambda: expected.record_site(site_name, outputs),
    )


def test_demo_site_is_unchanged(demo_site: Path) -> None:
    _hold_site("demo-site", demo_site)


def test_demo_public_site_is_unchanged(public_site: Path) -> None:
    _hold_site("demo-public-site", public_site)


@pytest.fixture(scope="module")
def company_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return expected.make_company_book(tmp_path_factory.mktemp("company"))


def test_generated_company_records_are_unchanged(company_book: Path) -> None:
    records = expected.company_records(company_book)
    name = "company-x2-records.json"
    _hold(expected.compare_json(name, records), lambda: expected.record_json(name, records))


def test_generated_company_check_report_is_unchanged(company_book: Path) -> None:
    report = expected.company_check(company_book)
    name = "company-x2-check.json"
    _hold(expected.compare_json(name, report), lambda: expected.record_json(name, report))
