"""Training compliance for 2,000 staff and three years of attendance, against a baseline.

The baseline is the least any computation must do: walk every attendance record once and
group it by person. The ratio (compliance time / baseline time, both measured in this run on
this machine) is the figure to watch; the seconds only say how fast this machine is.

Usage: python bench/training.py [--staff 2000] [--years 3] [--repeat 3] [--pages]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from deskbook.model.dataset import Dataset, TabData, make_record
from deskbook.model.records import Record
from deskbook.training.periods import period_of
from deskbook.training.report import compute
from deskbook.training.rules import load_rules
from deskbook.views.training import training_site

AS_OF = dt.date(2026, 11, 27)
SEED = 20261127
ROLES = ("客服主管", "客服專員", "前台接待", "管家", "收費員", "內勤")
SCORED = ("property_knowledge", "legal", "service", "safety")


def _schedule(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, int]]:
    """(category, date, minutes) of every session the SOP asks for between two days."""
    sessions: list[tuple[str, dt.date, int]] = []
    day = first
    while day <= last:
        if day.weekday() == 1:
            sessions.append(("skills", day, 60))
        if day.day == 8:
            sessions += [("property_knowledge", day, 120), ("meeting", day, 60)]
        if day.day == 20 and day.month in (1, 4, 7, 10):
            sessions += [("service", day, 90), ("culture", day + dt.timedelta(days=1), 90)]
        if day.day == 15 and day.month in (4, 10):
            sessions.append(("legal", day, 120))
        if (day.month, day.day) == (6, 18):
            sessions.append(("safety", day, 90))
        if day.month == 3 and day.day <= 28 and day.weekday() in (0, 2, 4):
            sessions.append(("computer", day, 120))
        day += dt.timedelta(days=1)
    return sessions


def synthetic(staff: int, years: int, seed: int = SEED) -> Dataset:
    """A workbook's worth of typed records, as the validator would hand them over."""
    rng = random.Random(seed)
    first = AS_OF.replace(year=AS_OF.year - years) + dt.timedelta(days=1)
    people = []
    for n in range(1, staff + 1):
        hired = first - dt.timedelta(days=rng.randint(0, 3650))
        if rng.random() < 0.1:  # hired during the window
            hired = first + dt.timedelta(days=rng.randint(0, (AS_OF - first).days))
        left = None
        if rng.random() < 0.05:
            left = hired + dt.timedelta(days=rng.randint(30, 2000))
            left = left if left < AS_OF else None
        people.append(
            {
                "staff_id": f"S{n:05d}",
                "name": f"員工{n}",
                "role": rng.choice(ROLES),
                "department": "客服部",
                "hire_date": hired,
                "status": "left" if left else ("leave" if rng.random() < 0.01 else "active"),
                "left_date": left,
                "culture_training": rng.random() < 0.1,
            }
        )
    sessions = []
    for n, (category, day, minutes) in enumerate(_schedule(first, AS_OF), start=1):
        sessions.append(
            {
                "session_id": f"TS{n:05d}",
                "category": category,
                "topic": f"{category} {n}",
                "date": day,
                "start_time": None,
                "minutes": minutes,
                "trainer": "講師",
                "external": False,
            }
        )
    attendance = []
    for s in sessions:
        computer_cohort = period_of("year", s["date"]).first.year % 6
        for p in people:
            employed = p["hire_date"] <= s["date"] and (
                p["left_date"] is None or s["date"] < p["left_date"]
            )
            if not employed or rng.random() > 0.9:
                continue
            if s["category"] == "culture" and not p["culture_training"]:
                continue
            if s["category"] == "computer" and int(p["staff_id"][1:]) % 6 != computer_cohort:
                continue
            row: dict[str, Any] = {
                "session_id": s["session_id"],
                "staff_id": p["staff_id"],
                "minutes": s["minutes"] if rng.random() > 0.02 else s["minutes"] - 5,
                "machine_hours": Decimal(2) if s["category"] == "computer" else None,
                "theory_score": None,
                "practical_score": None,
                "discipline_score": None,
                "attempt": None,
                "certificate": None,
            }
            if s["category"] in SCORED:
                failed = rng.random() < 0.05
                row |= {
                    "theory_score": Decimal(rng.randint(30, 50) if failed else rng.randint(55, 90)),
                    "discipline_score": Decimal(rng.randint(5, 10)),
                    "attempt": 1,
                }
                if failed:
                    attendance.append(row)
                    row = row | {
                        "minutes": 0,
                        "attempt": 2,
                        "theory_score": Decimal(rng.randint(40, 85)),
                    }
            attendance.append(row)

    def tab(key: str, rows: list[dict[str, Any]]) -> TabData:
        records = [make_record(key, n, r) for n, r in enumerate(rows, start=2)]
        return TabData(key, key, rows=len(records), records=records)

    tabs = {
        "staff": tab("staff", people),
        "training_sessions": tab("training_sessions", sessions),
        "training_attendance": tab("training_attendance", attendance),
        "training_plan": tab("training_plan", []),
    }
    return Dataset(tabs, [], "synthetic", dt.datetime.combine(AS_OF, dt.time(17)))


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(dataset: Dataset) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in dataset.records("training_attendance"):
        grouped[record.staff_id].append(record)
    return grouped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also time building the page views and rendering every page",
    )
    args = parser.parse_args(argv)

    dataset = synthetic(args.staff, args.years)
    rules = load_rules()
    rows = len(dataset.records("training_attendance"))
    print(
        f"training: {args.staff} staff, {args.years} years, "
        f"{len(dataset.records('training_sessions'))} sessions, {rows} attendance rows"
    )
    base = best_of(args.repeat, lambda: baseline(dataset))
    comp = best_of(args.repeat, lambda: compute(dataset, rules, AS_OF))
    print(f"  baseline (group attendance by person)  {base:8.3f} s")
    print(
        f"  compliance (every person x category)   {comp:8.3f} s   "
        f"ratio {comp / base:6.1f}x baseline"
    )
    if args.pages:
        from deskbook.render.pages import make_env, render

        report = compute(dataset, rules, AS_OF)
        view = best_of(1, lambda: training_site(report, "zh-Hant"))
        site = training_site(report, "zh-Hant")
        env = make_env("zh-Hant")
        specs = site.pages
        rendering = best_of(1, lambda: [render(env, s) for s in specs])
        print(
            f"  page views                             {view:8.3f} s   "
            f"ratio {view / base:6.1f}x baseline"
        )
        print(
            f"  render {len(specs)} pages (Jinja only)      {rendering:8.3f} s   "
            f"ratio {rendering / base:6.1f}x baseline"
        )


if __name__ == "__main__":
    main()
