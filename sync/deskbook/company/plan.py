"""Before a company's pass: Drive asked about every estate's spreadsheets at once, and what
the pass will cost said before it starts.

Each estate's own Drive check, one request at a time and counted against the Sheets read
quota, made an unchanged pass of 90 estates take 95 s. Here the estates that share a service
account are asked about in Drive batches of 100 (sources/google/drive.py), on Drive's quota;
each estate's process is handed what Drive said, so an unchanged estate costs no request.
An estate whose spreadsheet moved since its last read will be read: at least two Sheets
reads (the tabs' grids and one values request) a spreadsheet, at the pace of the read quota.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from deskbook.company.config import Estate
from deskbook.errors import DeskbookError
from deskbook.sources.google import quota as google_quota
from deskbook.sources.google.credentials import load_account
from deskbook.sources.google.drive import DriveVersion, batch_versions
from deskbook.sources.google.refs import plan
from deskbook.state.db import state_file
from deskbook.state.sheets_cache import last_read

log = logging.getLogger(__name__)

READS_PER_SPREADSHEET = 2  # the grids and at least one values request


@dataclass
class PassPlan:
    estates: int = 0
    spreadsheets: int = 0  # on Google Sheets
    to_read: int = 0  # spreadsheets changed since their last read, or never read
    accounts: int = 0  # service accounts that read them
    reads: int = 0  # Sheets read requests that takes, at the least
    minutes: float = 0.0  # those reads at the read quota's limit per minute
    # Estate code -> what Drive said of its spreadsheets.
    versions: dict[str, dict[str, DriveVersion]] = field(default_factory=dict)


def spreadsheets(estate: Estate) -> list[str]:
    source = estate.config.source
    if source.kind != "gsheets":
        return []
    return list(plan(source.spreadsheet, source.sheets, source.tabs))


def plan_pass(chosen: list[Estate], limits: google_quota.Limits, force: bool) -> PassPlan:
    """`force`: every spreadsheet is read, whatever Drive says."""
    found = PassPlan(estates=len(chosen))
    # Estates signing in the same way share their batches.
    groups: dict[tuple[str, str | None], list[Estate]] = defaultdict(list)
    for estate in chosen:
        if spreadsheets(estate):
            google = estate.config.source.google
            key_file = str(estate.config.root / google.credentials) if google.credentials else ""
            groups[(key_file, google.api_root)].append(estate)
    readers: set[str] = set()
    for members in groups.values():
        config = members[0].config
        keys = [k for e in members for k in spreadsheets(e)]
        try:
            account = load_account(config.source.google, config.root)
            email = account.email or "user"
            said = batch_versions(config.source.google, account, keys)
        except DeskbookError as exc:
            # Each estate then asks Drive itself, and says what is wrong in its own result.
            log.warning("Drive check of %d spreadsheets failed: %s", len(keys), exc.key)
            said, email = {}, "user"
        for estate in members:
            mine = {k: said[k] for k in spreadsheets(estate) if k in said}
            found.versions[estate.code] = mine
            last = last_read(state_file(estate.config))
            moved = [
                k
                for k in spreadsheets(estate)
                if force or k not in mine or last.get(k) != mine[k].modified_time
            ]
            found.spreadsheets += len(spreadsheets(estate))
            found.to_read += len(moved)
            if moved:
                readers.add(email)
    found.accounts = len(readers)
    found.reads = found.to_read * READS_PER_SPREADSHEET
    rate = min(found.accounts * limits.per_account, limits.per_project)
    found.minutes = found.reads / rate if rate else 0.0
    return found
