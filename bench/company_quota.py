"""A company of Google Sheets estates under the shared read quota, on an accelerated clock.

Each estate is its own spreadsheet on the loopback Sheets API server the tests use
(tests/sheets_server.py), read by the real source (sources/google/) with the real gspread
client over real HTTP, every estate's settings made by the company's own settings code from
one company deskbook.toml. Several estates read at once (threads), all drawing on one quota
file, as `publish --all` does from its processes. The estates share a few service accounts
of one project: six accounts at 60 a minute each outrun the project's 300, so the project's
limit binds, and each account's is checked as well.

The quota's clock runs `--speed` times faster than the wall. The default is only 2: the
loopback server answers some 12 requests a wall second on a shared 2-core machine, so at 60x
the server, not the quota, would set the pace and the limits would never bind; at 2x the
first pass runs against the project's limit (about a minute and a half in all).

Printed: requests and quota time per pass, the quota's own floor (requests / binding limit),
the busiest 60 seconds of quota time for any one account and for the project against their
limits, and requests per quota minute. The second pass reads unchanged spreadsheets:
each estate should cost only its Drive check, which no longer draws on the read quota.

Usage: python bench/company_quota.py [--estates 200] [--accounts 6] [--speed 2] [--threads 8]
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deskbook.company.config import Estate, estates, load_company  # noqa: E402
from deskbook.model.records import TAB_KEYS  # noqa: E402
from deskbook.pipeline import open_source  # noqa: E402
from deskbook.sources.google import quota as google_quota  # noqa: E402
from tests.sheets_helpers import service_account, spec_tabs  # noqa: E402
from tests.sheets_server import SheetsServer  # noqa: E402

PROJECT = "deskbook-company"


class RecordingQuota(google_quota.Quota):
    """The real quota, noting the quota time and account of every request it lets through."""

    def __init__(self, path: Path, limits: google_quota.Limits, clock: google_quota.Clock) -> None:
        super().__init__(path, limits, clock)
        self.sent: list[tuple[float, str]] = []
        self._guard = threading.Lock()

    def take(self, account: str | None) -> float:
        at = super().take(account)
        with self._guard:
            self.sent.append((at, account or "user"))
        return at


def email(i: int) -> str:
    return f"sync-{i}@{PROJECT}.iam.gserviceaccount.com"


def spreadsheet_key(n: int) -> str:
    return f"1Estate{n:04d}ServiceDeskLedger2026abcdefghij"


def make_company(root: Path, server: SheetsServer, count: int, accounts: int) -> Path:
    tabs = spec_tabs()
    secrets = root / "secrets"
    secrets.mkdir(parents=True)
    for a in range(accounts):
        info = service_account(server, kid=f"bench-{a}", email=email(a))
        (secrets / f"key-{a}.json").write_text(json.dumps(info), "utf-8")
    lines = [
        "[company]",
        'name = "Bench company"',
        'language = "en"',
        "[shared.source.google]",
        f'api_root = "{server.root}"',
        "timeout = 10",
        "retry_limit = 30",
        "backoff = 0.05",
    ]
    for n in range(count):
        a = n % accounts
        key = spreadsheet_key(n)
        server.api.add_book(key, f"Estate {n}", tabs, {email(a)})
        lines += [
            "[[estate]]",
            f'code = "e{n:04d}"',
            f'name = "Estate {n}"',
            f'source = "{key}"',
            "[estate.overrides.source.google]",
            f'credentials = "secrets/key-{a}.json"',
        ]
    path = root / "deskbook.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def read_all(chosen: list[Estate], threads: int) -> None:
    def one(estate: Estate) -> None:
        open_source(estate.config).read(TAB_KEYS)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, chosen))


def busiest_windows(times: list[float], width: float = 60.0) -> int:
    """The most requests in any `width` seconds of quota time (sliding, starting at a request)."""
    times = sorted(times)
    return max((bisect.bisect_left(times, t + width) - i for i, t in enumerate(times)), default=0)


def per_minute(sent: list[tuple[float, str]], start: float) -> list[tuple[int, int, int]]:
    """For each quota minute from `start`: requests by the project, and by the busiest account."""
    minutes: dict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for at, account in sent:
        minutes[int((at - start) // 60)][account] += 1
    return [
        (m, sum(minutes[m].values()), max(minutes[m].values(), default=0))
        for m in range(max(minutes, default=-1) + 1)
    ]


def report(
    name: str, quota: RecordingQuota, server: SheetsServer, count: int, wall: float, limit: float
) -> None:
    sent = sorted(quota.sent)
    requests = len(sent)
    api = server.api.api_requests()
    span = (sent[-1][0] - sent[0][0]) if len(sent) > 1 else 0.0
    floor = requests / limit
    by_account: defaultdict[str, list[float]] = defaultdict(list)
    for at, account in sent:
        by_account[account].append(at)
    worst_account = max((busiest_windows(v) for v in by_account.values()), default=0)
    worst_project = busiest_windows([at for at, _ in sent])
    print(f"\n{name}:")
    print(f"  read requests through the quota {requests} (server saw {api} API requests),")
    print(f"  {requests / count:.2f} per estate; wall {wall:.1f} s")
    ratio = span / 60 / floor if floor else 0.0
    print(
        f"  quota time {span / 60:.2f} min; the quota's floor {floor:.2f} min "
        f"({requests} requests / {limit:.0f} a minute); ratio {ratio:.2f}"
    )
    print(
        f"  busiest 60 s of quota time: one account {worst_account}"
        f" (limit {quota.limits.per_account}),"
        f" the project {worst_project} (limit {quota.limits.per_project})"
    )
    if requests:
        print("  per quota minute:  minute  project  busiest account")
        for minute, project, busiest in per_minute(sent, sent[0][0]):
            print(f"                     {minute:6d}  {project:7d}  {busiest:15d}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estates", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=6, help="service accounts, one project")
    parser.add_argument("--speed", type=float, default=2.0, help="quota time per wall second")
    parser.add_argument("--threads", type=int, default=8, help="estates read at once")
    args = parser.parse_args(argv)
    limits = google_quota.Limits()
    # The binding rate: every account's, or the project's if the accounts together exceed it.
    limit = float(min(args.accounts * limits.per_account, limits.per_project))
    print(
        f"Company quota: {args.estates} Google Sheets estates, {args.accounts} service accounts of"
        f" one project, {args.threads} at once, quota clock x{args.speed:g}"
    )
    server = SheetsServer()
    try:
        with tempfile.TemporaryDirectory(prefix="deskbook-bench-") as tmp:
            root = Path(tmp)
            chosen = estates(load_company(make_company(root, server, args.estates, args.accounts)))
            clock = google_quota.accelerated(args.speed)
            for number, name in enumerate(
                ("first sync, every estate read", "second sync, nothing changed")
            ):
                quota = RecordingQuota(root / "quota" / f"pass-{number}.json", limits, clock)
                google_quota.use(quota)
                server.api.reset_counts()
                started = time.perf_counter()
                try:
                    read_all(chosen, args.threads)
                finally:
                    google_quota.use(None)
                report(name, quota, server, args.estates, time.perf_counter() - started, limit)
    finally:
        server.close()


if __name__ == "__main__":
    main()
