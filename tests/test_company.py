"""A company of estates through the real CLI: xlsx, CSV and loopback Sheets estates, one broken;
the roll-up against the estates' own figures; shards; the shared Google quota; no PII."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from deskbook.company.config import estates, load_company
from deskbook.company.extract import without_machine_paths
from deskbook.errors import SourceError
from deskbook.pipeline import make_run, sync
from deskbook.site.mkdocs_config import docs_dir
from deskbook.sources.google.quota import Clock, Limits, Quota
from deskbook.sources.sop_pages import find_sops
from tests.conftest import ROOT, load_spec, run_cli, write_workbook
from tests.sheets_helpers import MAIN, publish_minimal, service_account
from tests.sheets_server import SheetsServer

AS_OF = "2026-11-27"


def _csv_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for title, sheet in load_spec().items():
        with (folder / f"{title}.csv").open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(sheet["header"])
            writer.writerows([str(v) for v in row] for row in sheet["rows"])
    return folder


def make_company(root: Path, server: SheetsServer, broken: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site", root / "site")
    write_workbook(root / "east.xlsx")
    # A second workbook with a fee half paid: the estates' figures differ.
    write_workbook(root / "west.xlsx", changes={"收費!E3": 100})
    _csv_folder(root / "north")
    publish_minimal(server)
    (root / "secrets").mkdir()
    (root / "secrets" / "key.json").write_text(json.dumps(service_account(server)), "utf-8")
    google = (
        f'credentials = "secrets/key.json"\napi_root = "{server.root}"\n'
        "timeout = 2\nretry_limit = 1.5\nbackoff = 0.05\n"
    )
    estates = [
        ("east", "東苑", "east.xlsx"),
        ("west", "西苑", "west.xlsx"),
        ("north", "北苑", "north"),
        ("cloud", "雲苑", f"https://docs.google.com/spreadsheets/d/{MAIN}/edit"),
    ]
    if broken:
        estates.append(("south", "南苑", "south-missing.xlsx"))
    lines = [
        "[company]",
        'name = "測試物業集團"',
        "[shared.site]",
        'mkdocs = "mkdocs.yml"',
        "[shared.source.google]",
        google,
    ]
    for code, name, source in estates:
        lines += ["[[estate]]", f'code = "{code}"', f'name = "{name}"', f'source = "{source}"']
    lines += ["[estate.overrides.office]", 'phone = "0755-1111 2222"']
    (root / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return root / "deskbook.toml"


def _rollup(root: Path) -> dict:
    return json.loads((root / "public" / "company" / "rollup.json").read_text("utf-8"))


def test_publish_all_isolates_a_broken_estate_and_sums_the_estates(
    tmp_path: Path, server: SheetsServer
) -> None:
    config = make_company(tmp_path / "co", server)
    code, out, err = run_cli(
        "publish", "--all", "--config", str(config), "--as-of", AS_OF, "--jobs", "2"
    )
    assert code == 2, out + err
    assert "south: failed" in out
    root = config.parent
    for estate in ("east", "west", "north", "cloud"):
        assert (root / "public" / estate / "index.html").is_file()
        assert (root / "public" / estate / "status.json").is_file()
    assert not (root / "public" / "south").exists()
    summary = _rollup(root)
    assert summary["estates"]["south"]["stale"]
    assert summary["estates"]["east"]["stale"] is None
    # Independently: the fees each workbook holds up to the --as-of month.
    spec = load_spec()["收費"]
    due = sum(Decimal(str(r[3])) for r in spec["rows"] if r[1] <= "2026-11")
    assert Decimal(summary["totals"]["fees"]["due"]) == due * 4
    # Each figure of the total is the sum of the estates' own.
    figures = [e["figures"] for e in summary["estates"].values() if e["figures"]]
    assert len(figures) == 4
    for key in ("open", "breaches", "followups_missed"):
        assert summary["totals"]["service"][key] == sum(f["service"][key] for f in figures)
    assert summary["totals"]["errors"] == sum(f["errors"] for f in figures)
    for category, counts in summary["totals"]["training"].items():
        assert counts["overdue"] == sum(f["training"][category]["overdue"] for f in figures)
    west = summary["estates"]["west"]["figures"]["fees"]
    east = summary["estates"]["east"]["figures"]["fees"]
    assert Decimal(west["collected"]) == Decimal(east["collected"]) + 100
    site = root / "public" / "company"
    # Links are written with character references (render/escape.py): compare what they say.
    raw = html.unescape((site / "index.html").read_text("utf-8"))
    # South never published: named with its reason, linked nowhere.
    assert '<td>南苑 <span class="deskbook-stale-mark">' in raw
    every = "".join(html.unescape(p.read_text("utf-8")) for p in site.rglob("*.html"))
    assert not re.search(r'href="(\.\./)+south/', every)
    assert 'href="../west/training/"' in raw
    assert "south-missing.xlsx" in raw
    # A page a folder down climbs one more level to the estates beside the roll-up.
    training = html.unescape((site / "training" / "index.html").read_text("utf-8"))
    assert 'href="../../east/training/"' in training
    # The roll-up is searchable like the estates' sites, its pages in the index.
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    indexed = " ".join(doc["text"] for doc in index["docs"])
    assert "西苑" in indexed and "東苑" in indexed
    # No person and no owner detail on any roll-up page.
    people = {r[1] for r in load_spec()["員工"]["rows"]} | {
        r[1] for r in load_spec()["業主"]["rows"]
    }
    phones = {
        str(v) for r in load_spec()["業主"]["rows"] for v in r if re.fullmatch(r"1\d{10}", str(v))
    }
    for page in site.rglob("*"):
        if page.suffix in (".html", ".json", ".xml"):
            body = page.read_text("utf-8")
            for secret in people | phones:
                assert secret not in body, (page, secret)
            # Nor where this host keeps its files: the reason names the source as configured.
            assert str(tmp_path) not in body, page
    assert summary["estates"]["south"]["stale"].count("south-missing.xlsx") >= 1


def test_shards_combine_into_the_same_rollup(tmp_path: Path, server: SheetsServer) -> None:
    one = make_company(tmp_path / "one", server, broken=False)
    code, out, err = run_cli(
        "publish", "--all", "--config", str(one), "--as-of", AS_OF, "--jobs", "1"
    )
    assert code == 0, out + err
    whole = _rollup(one.parent)
    two = make_company(tmp_path / "two", server, broken=False)
    extracts = []
    for shard in ("2/2", "1/2"):
        code, out, err = run_cli(
            "publish",
            "--all",
            "--config",
            str(two),
            "--as-of",
            AS_OF,
            "--shard",
            shard,
            "--jobs",
            "1",
        )
        assert code == 0, out + err
        # Each shard hands over its extracts, as a CI job's artifact would.
        moved = tmp_path / f"artifact-{shard[0]}"
        shutil.move(two.parent / ".deskbook" / "extracts", moved)
        extracts += ["--extracts", str(moved)]
    code, out, err = run_cli("rollup", "--config", str(two), "--as-of", AS_OF, *extracts)
    assert code == 0, out + err
    assert "4" in out
    combined = _rollup(two.parent)
    assert combined["totals"] == whole["totals"]
    assert {k: v["figures"] for k, v in combined["estates"].items()} == {
        k: v["figures"] for k, v in whole["estates"].items()
    }


def test_publish_all_needs_a_company_file(minimal_handbook: Path) -> None:
    code, _out, err = run_cli("publish", "--all", "--config", str(minimal_handbook))
    assert code == 2
    assert "is not a company's settings file" in err or "不是公司設定檔" in err


class FakeClock:
    def __init__(self) -> None:
        self.t = 1_000_000.0
        self.sent: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds


def _max_per_minute(times: list[float]) -> int:
    return max(sum(1 for u in times if t <= u < t + 60) for t in times)


@pytest.mark.parametrize("accounts, limit", [(1, 60), (10, 300)])
def test_quota_bucket_keeps_every_minute_within_the_limit(
    tmp_path: Path, accounts: int, limit: int
) -> None:
    fake = FakeClock()
    quota = Quota(tmp_path / "q.json", Limits(), Clock(fake.now, fake.sleep))
    times = [
        quota.take(f"sync-{i % accounts}@office-{0}.iam.gserviceaccount.com") for i in range(900)
    ]
    assert _max_per_minute(times) <= limit
    # Near the quota's floor: 900 requests at `limit` a minute.
    floor = 900 / limit * 60
    assert times[-1] - times[0] <= floor * 1.05


def test_init_company_builds(tmp_path: Path) -> None:
    code, out, err = run_cli("init", str(tmp_path / "co"), "--company", "east,west", "--lang", "en")
    assert code == 0, out + err
    config = tmp_path / "co" / "deskbook.toml"
    code, out, err = run_cli("publish", "--all", "--config", str(config), "--as-of", AS_OF)
    assert code == 0, out + err
    assert (tmp_path / "co" / "public" / "east" / "index.html").is_file()
    assert (tmp_path / "co" / "public" / "company" / "index.html").is_file()


@pytest.fixture(scope="module")
def demo_company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/make_company.py's company, written by its own command line."""
    folder = tmp_path_factory.mktemp("demo-company") / "co"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "sync")}
    script = ROOT / "examples" / "make_company.py"
    subprocess.run([sys.executable, str(script), str(folder)], check=True, env=env)
    return folder / "deskbook.toml"


def test_demo_company_estates_are_whole_and_only_the_faulty_one_fails(demo_company: Path) -> None:
    company = load_company(demo_company)
    found = {e.code: e for e in estates(company)}
    assert len(found) == 6
    # Different unit schemes, languages and kinds of source, each declared per estate.
    assert len({e.config.units.schemes for e in found.values()}) == 5
    assert {e.config.office.language for e in found.values()} == {"zh-Hant", "zh-Hans", "en"}
    assert {e.config.source.kind for e in found.values()} == {"xlsx", "csv"}
    units: dict[str, int] = {}
    for code, estate in found.items():
        run = make_run(estate.config, as_of=dt.date.fromisoformat(AS_OF))
        if code == "donggang":
            with pytest.raises(SourceError) as caught:
                sync(run, find_sops(docs_dir(run.config)))
            assert caught.value.key == "source-not-xlsx"
            continue
        dataset, _ = sync(run, find_sops(docs_dir(run.config)))
        assert dataset.errors == [], (code, dataset.errors[:3])
        # Every tab check validates has rows: a whole estate, not a slice.
        assert all(dataset.tabs[tab].records for tab in dataset.tabs), code
        units[code] = len(dataset.records("owners"))
    assert min(units.values()) <= 100 and max(units.values()) >= 1500, units
    assert len(set(units.values())) == len(units)


def test_estates_dir_estates_share_the_company_pages_and_rules_unless_they_override(
    tmp_path: Path,
) -> None:
    root = tmp_path / "co"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "site", root / "site")
    (root / "site" / "company-note.md").write_text("# 集團共用的一頁\n", "utf-8")
    (root / "training-rules.toml").write_text("# the company's rules: the shipped ones\n")
    (root / "deskbook.toml").write_text(
        'estates_dir = "estates"\n[company]\nname = "測試物業集團"\n'
        '[shared.site]\nmkdocs = "mkdocs.yml"\n[shared.training]\nrules = "training-rules.toml"\n'
        '[shared.office]\nphone = "0755-1111 2222"\n',
        "utf-8",
    )
    for code, own_site in (("east", False), ("west", True)):
        folder = root / "estates" / code
        folder.mkdir(parents=True)
        write_workbook(folder / "book.xlsx")
        lines = [
            f'[office]\nname = "{code}"\n[source]\nkind = "xlsx"\npath = "book.xlsx"',
            '[[publish]]\noutput = "public"',
        ]
        if own_site:  # west keeps its own pages
            shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
            shutil.copytree(ROOT / "site", folder / "site")
            lines.append('[site]\nmkdocs = "mkdocs.yml"')
        (folder / "deskbook.toml").write_text("\n".join(lines) + "\n", "utf-8")

    found = {e.code: e.config for e in estates(load_company(root / "deskbook.toml"))}
    for config in found.values():
        assert config.path(config.training.rules or Path()) == root / "training-rules.toml"
        assert config.office.phone == "0755-1111 2222"
        assert config.source_path == root / "estates" / config.office.name / "book.xlsx"
    code, out, err = run_cli(
        "publish", "--all", "--jobs", "1", "--config", str(root / "deskbook.toml"), "--as-of", AS_OF
    )
    assert code == 0, out + err
    shared = root / "estates" / "east" / "public" / "company-note" / "index.html"
    assert "集團共用的一頁" in shared.read_text("utf-8")
    assert (root / "estates" / "west" / "public" / "index.html").is_file()
    assert not (root / "estates" / "west" / "public" / "company-note").exists()


@pytest.mark.parametrize(
    "text, shown",
    [
        ("no workbook at /srv/co/estates/a.xlsx", "no workbook at estates/a.xlsx"),
        ("no workbook at '/mnt/share/b.xlsx'.", "no workbook at 'b.xlsx'."),
        (r"無法讀取 C:\物業\東苑.xlsx：損壞", "無法讀取 東苑.xlsx：損壞"),
        ("https://docs.google.com/spreadsheets/d/KEY answered 503", None),
        ("a relative estates/c.xlsx stays", None),
    ],
)
def test_a_reason_on_the_rollup_names_no_machine_path(text: str, shown: str | None) -> None:
    assert without_machine_paths(text, Path("/srv/co")) == (shown or text)


def test_quota_runs_on_the_monotonic_clock_and_survives_a_restart(tmp_path: Path) -> None:
    """A wall clock set back must not stall the buckets: the quota's time is monotonic, and a
    bucket stamped ahead of it (written before the machine restarted) starts full."""
    assert Quota(tmp_path / "default.json").clock.now is time.monotonic
    fake = FakeClock()
    path = tmp_path / "q.json"
    later = fake.t + 86_400
    path.write_text(json.dumps({"account:user": [0.0, later], "project:user": [0.0, later]}))
    quota = Quota(path, Limits(), Clock(fake.now, fake.sleep))
    start = fake.t
    times = [quota.take(None) for _ in range(60)]
    assert times[0] == start
    assert times[-1] - start <= 62


def test_the_default_jobs_count_the_cores_this_process_may_use() -> None:
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from deskbook.company.run import default_jobs; print(default_jobs())"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "sync")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "1"
