"""`deskbook publish --all`: every estate in its own process, then the company roll-up.

An estate is an ordinary `deskbook publish` (commands/publish.py) with its own state folder,
lock and status.json, so one that fails keeps its last good site and stops no other. After
each attempt the estate's extract is written to the company's extracts folder: its status
and its last good figures. The roll-up (company/rollup.py) reads only those files, so shards
that ran on other hosts combine once their extracts are gathered in one folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from deskbook.company.config import CompanyConfig, Estate, estates, in_shard
from deskbook.company.extract import figures, without_machine_paths
from deskbook.company.plan import PassPlan, plan_pass
from deskbook.errors import DeskbookError, LockHeld, StateUnwritable
from deskbook.runtime import cores, die_with_parent
from deskbook.sources.google import drive
from deskbook.sources.google import quota as google_quota
from deskbook.state.status import read_status, status_file, write_status

log = logging.getLogger(__name__)

# What one estate's publish may take at its peak: the default --jobs is no more than the
# available memory holds of these. Measured (bench/company_jobs.py): the demo company's largest
# estate, 1,500 units, peaks at about 230 MB; the margin is for a larger workbook.
ESTATE_MEMORY = 400 * 1024 * 1024


def default_jobs() -> int:
    """One process per core this process may run on (a container or a CI runner is often
    given fewer than the machine has), no more than the memory free for them."""
    available = cores()
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            free = next(
                int(line.split()[1]) * 1024 for line in info if line.startswith("MemAvailable")
            )
    except (OSError, StopIteration, ValueError):
        return available
    return max(1, min(available, free // ESTATE_MEMORY))


@dataclass(frozen=True)
class Job:
    estate: Estate
    root: Path  # the company's folder: what paths in a reason are said relative to
    extracts: Path
    quota_file: Path
    quota_limits: google_quota.Limits
    as_of: dt.date | None
    now: dt.datetime | None
    strict: bool
    force: bool
    # What Drive said of the estate's spreadsheets at the start of the pass (company/plan.py).
    versions: dict[str, drive.DriveVersion] = field(default_factory=dict)


@dataclass
class EstateResult:
    code: str
    outcome: str  # published, unchanged, strict-failed, held-back, failed
    exit_code: int
    message: str = ""


@dataclass
class CompanyResult:
    estates: list[EstateResult] = field(default_factory=list)
    rollup: Path | None = None

    @property
    def exit_code(self) -> int:
        """The worst estate's: 2 if one could not run, 1 if one had data errors, else 0."""
        return max((e.exit_code for e in self.estates), default=0)


def extract_path(folder: Path, code: str) -> Path:
    return folder / f"{code}.json"


def publish_estate(job: Job) -> EstateResult:
    """One estate's publish; whatever happens in it is its result, never the others' end."""
    # The company's quota holds for this estate only: with --jobs 1 the estate runs in this
    # process, and a single-estate run later in it must not draw on the company's buckets.
    google_quota.use(google_quota.Quota(job.quota_file, job.quota_limits))
    drive.use(job.versions)
    try:
        return _publish_estate(job)
    finally:
        google_quota.use(None)
        drive.use({})


def _publish_estate(job: Job) -> EstateResult:
    from deskbook.commands.publish import outputs_for, run_publish

    estate = job.estate
    config = estate.config
    lang = config.office.language
    path = extract_path(job.extracts, estate.code)
    previous = read_status(path) or {}
    last_figures = previous.get("figures")
    try:
        result = run_publish(
            config, outputs_for(config, None, None, None), job.as_of, job.now, job.strict, job.force
        )
        # An unchanged source that was not even read keeps the figures it last gave.
        prepared = result.outputs[0].prepared if result.outputs else None
        if result.outcome in ("published", "unchanged") and prepared is not None:
            last_figures = figures(prepared)
        status = result.status
        done = EstateResult(estate.code, result.outcome, result.exit_code)
    except DeskbookError as exc:
        line = exc.message(lang).splitlines()[0] if exc.message(lang) else exc.key or ""
        done = EstateResult(estate.code, "failed", exc.exit_code, line)
        status = read_status(status_file(config)) or {}
    except Exception as exc:  # a bug of ours in one estate must not stop the others
        log.exception("estate %s", estate.code)
        done = EstateResult(estate.code, "failed", 2, f"internal: {type(exc).__name__}: {exc}")
        status = read_status(status_file(config)) or {}
    attempt = dict(status.get("last_attempt") or {})
    for key in ("message", "error"):
        if isinstance(attempt.get(key), str):
            attempt[key] = without_machine_paths(attempt[key], job.root)
    done.message = without_machine_paths(done.message, job.root)
    if not done.message:
        done.message = str(attempt.get("message") or "")
    write_status(
        path,
        {
            "code": estate.code,
            "name": estate.name,
            "url": estate.url,
            "outputs": [p.model_dump(mode="json") for p in config.publish],
            "last_attempt": attempt,
            "last_success": status.get("last_success"),
            "figures": last_figures,
        },
    )
    return done


def publish_all(
    company: CompanyConfig,
    as_of: dt.date | None = None,
    now: dt.datetime | None = None,
    strict: bool = False,
    force: bool = False,
    jobs: int | None = None,
    shard: tuple[int, int] | None = None,
    on_plan: Callable[[PassPlan], None] | None = None,
) -> CompanyResult:
    """`on_plan` is told what the pass will read, and how long that takes at the least,
    before any estate starts."""
    # One company run at a time: two would publish every estate twice over and build the
    # roll-up twice (each estate's own lock would only make them take turns).
    lock = company.path(company.state_dir) / "company.lock"
    with _held(lock):
        return _publish_all(company, as_of, now, strict, force, jobs, shard, on_plan)


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    file_lock = FileLock(str(path), timeout=0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file_lock.acquire()
    except Timeout:
        raise LockHeld(path=str(path)) from None
    except OSError as exc:
        raise StateUnwritable(path=str(path.parent), reason=exc.strerror or str(exc)) from exc
    try:
        yield
    finally:
        file_lock.release()


def _publish_all(
    company: CompanyConfig,
    as_of: dt.date | None,
    now: dt.datetime | None,
    strict: bool,
    force: bool,
    jobs: int | None,
    shard: tuple[int, int] | None,
    on_plan: Callable[[PassPlan], None] | None,
) -> CompanyResult:
    from deskbook.company.rollup import build_rollup

    chosen = [e for e in estates(company) if in_shard(e.code, shard)]
    extracts = company.extracts_dir
    extracts.mkdir(parents=True, exist_ok=True)
    limits = google_quota.Limits(company.quota.per_account, company.quota.per_project)
    quota_file = company.path(company.state_dir) / "google-quota.json"
    planned = plan_pass(chosen, limits, force)
    if on_plan is not None:
        on_plan(planned)
    work = [
        Job(
            e,
            company.root,
            extracts,
            quota_file,
            limits,
            as_of,
            now,
            strict,
            force,
            planned.versions.get(e.code, {}),
        )
        for e in chosen
    ]
    jobs = max(1, jobs or default_jobs())
    result = CompanyResult()
    if jobs == 1 or len(work) <= 1:
        result.estates = [publish_estate(job) for job in work]
    else:
        # spawn: a fresh interpreter per worker, nothing of the parent's locks or threads.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            min(jobs, len(work)),
            mp_context=context,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        with pool:
            result.estates = list(pool.map(publish_estate, work))
    if shard is None:
        result.rollup = build_rollup(company, [extracts], as_of, now)
    return result
