"""Fee collection: rates per period, building and item; arrears with ageing; the 催費 log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from markupsafe import Markup

from deskbook.domain.contacts import contact_state
from deskbook.domain.privacy import show_phone, show_text
from deskbook.domain.service_rules import ServiceRules
from deskbook.i18n import text
from deskbook.model.dataset import Dataset
from deskbook.model.pages import Capped, Download, PageContext, PageSpec, cap_table
from deskbook.model.records import FeeRow
from deskbook.render.charts import Series, bar_chart, percent
from deskbook.schema.units import unit_group, unit_sort_key

if TYPE_CHECKING:
    from deskbook.views.context import Views

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Rate:
    key: str
    due: Decimal
    collected: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Share of the amount due that was paid, in percent; overpayments do not count."""
        if not self.due:
            return None
        return (self.collected / self.due * 100).quantize(Decimal("0.1"))


@dataclass
class Arrear:
    unit: str
    total: Decimal = ZERO
    by_bucket: dict[int, Decimal] = field(default_factory=dict)
    oldest_months: int = 0
    periods: set[str] = field(default_factory=set)  # the months with something owed

    @property
    def oldest(self) -> str:
        return min(self.periods)


@dataclass(frozen=True)
class Credit:
    unit: str
    period: str
    item: str
    amount: Decimal


@dataclass(frozen=True)
class Reminder:
    unit: str
    date: dt.date
    method: str
    contact: str
    on_file: bool
    verified_on: dt.date | None
    stale: bool
    staff_id: str
    outcome: str


@dataclass(frozen=True)
class Fees:
    current_period: str
    by_period: list[Rate]
    by_building: list[Rate]
    by_item: list[Rate]
    buckets: list[tuple[int, int, int, Decimal]]  # (index, first month, units, amount)
    arrears: list[Arrear]
    credits: list[Credit]
    reminders: dict[str, list[Reminder]]

    @property
    def arrears_total(self) -> Decimal:
        return sum((a.total for a in self.arrears), ZERO)


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(period: str, current: str) -> int:
    y1, m1 = map(int, period.split("-"))
    y2, m2 = map(int, current.split("-"))
    return (y2 * 12 + m2) - (y1 * 12 + m1)


def paid_as_of(record: FeeRow, as_of: dt.date) -> Decimal:
    """A payment dated after --as-of had not been made yet on that day."""
    paid: Decimal = record.amount_paid or ZERO
    if record.paid_on is not None and record.paid_on > as_of:
        return ZERO
    return paid


def fees(dataset: Dataset, rules: ServiceRules, as_of: dt.date, full_phones: bool) -> Fees:
    current = period_of(as_of)
    # A million fee rows: each row adds to one (period, building, item) group, and the three
    # roll-ups are summed from the groups; a unit's building and a period's age are worked out
    # once each. Sums of Decimals are exact, so the grouping cannot change a figure.
    groups: dict[tuple[str, str, str], list[Decimal]] = {}
    building_of: dict[str, str] = {}
    age_of: dict[str, int] = {}
    arrears: dict[str, Arrear] = {}
    credits: list[Credit] = []
    for r in dataset.records("fees"):
        period: str = r.period
        if period > current:
            continue
        due: Decimal = r.amount_due
        paid = paid_as_of(r, as_of)
        collected = due if due < paid else paid  # min(paid, due), as it always was
        unit: str = r.unit
        building = building_of.get(unit)
        if building is None:
            building = building_of[unit] = unit_group(unit)
        group = groups.get((period, building, r.item))
        if group is None:
            groups[(period, building, r.item)] = [due, collected]
        else:
            group[0] += due
            group[1] += collected
        if paid > due:
            credits.append(Credit(unit, period, r.item, paid - due))
        if collected < due:
            age = age_of.get(period)
            if age is None:
                age = age_of[period] = months_between(period, current)
            if age >= 1:
                owed = due - collected
                entry = arrears.get(unit)
                if entry is None:
                    entry = arrears[unit] = Arrear(unit)
                entry.total += owed
                index = rules.fees.bucket(age)
                entry.by_bucket[index] = entry.by_bucket.get(index, ZERO) + owed
                entry.oldest_months = max(entry.oldest_months, age)
                entry.periods.add(period)
    sums: dict[str, dict[str, list[Decimal]]] = {
        "period": defaultdict(lambda: [ZERO, ZERO]),
        "building": defaultdict(lambda: [ZERO, ZERO]),
        "item": defaultdict(lambda: [ZERO, ZERO]),
    }
    for (period, building, item), (due, collected) in groups.items():
        for kind, key in (("period", period), ("building", building), ("item", item)):
            sums[kind][key][0] += due
            sums[kind][key][1] += collected
    buckets = []
    for index, (low, _) in enumerate(rules.fees.buckets):
        owing = [a for a in arrears.values() if index in a.by_bucket]
        buckets.append((index, low, len(owing), sum((a.by_bucket[index] for a in owing), ZERO)))
    return Fees(
        current_period=current,
        by_period=_rates(sums["period"]),
        by_building=sorted(_rates(sums["building"]), key=lambda r: unit_sort_key(r.key)),
        by_item=_rates(sums["item"]),
        buckets=buckets,
        arrears=sorted(arrears.values(), key=lambda a: (-a.oldest_months, -a.total, a.unit)),
        credits=credits,
        reminders=_reminders(dataset, rules, as_of, full_phones),
    )


def _rates(sums: dict[str, list[Decimal]]) -> list[Rate]:
    return [Rate(key, due, paid) for key, (due, paid) in sorted(sums.items())]


def _reminders(
    dataset: Dataset, rules: ServiceRules, as_of: dt.date, full_phones: bool
) -> dict[str, list[Reminder]]:
    owners = {o.unit: o for o in dataset.records("owners")}
    result: dict[str, list[Reminder]] = defaultdict(list)
    for r in sorted(dataset.records("fee_reminders"), key=lambda r: (r.unit, r.date)):
        if r.date > as_of:
            continue
        owner = owners.get(r.unit)
        on_file, verified, stale = contact_state(owner, r, rules)
        result[r.unit].append(
            Reminder(
                unit=r.unit,
                date=r.date,
                method=r.method,
                contact=show_phone(r.contact_used, full_phones),
                on_file=on_file,
                verified_on=verified,
                stale=stale,
                staff_id=r.staff_id or "",
                outcome=show_text(r.outcome or "", full_phones),
            )
        )
    return dict(result)


@dataclass(frozen=True)
class FeesPage(PageContext):
    """fees.md.j2: collection rates, arrears with their ageing, the 催費 log's totals."""

    fees: Fees
    chart: Markup  # collection rate per period, an SVG
    bucket_labels: list[str]  # the ageing buckets' headings, in [fees] buckets' order
    composition: str  # the hand-written page on how a fee is made up, from this page
    arrears: Capped[Arrear]  # Fees.arrears, at most [site] table_rows of them shown
    last_reminder: dict[str, Reminder]  # each unit's latest 催費 call
    reminder_count: int
    reminders_csv: str  # the whole 催費 log as CSV, beside this page


def pages(views: Views) -> list[PageSpec]:
    lang = views.lang
    ui = lambda key, **params: text(f"ui.{key}", lang, **params)  # noqa: E731
    rates = [r for r in views.view(fees_view).by_period if r.rate is not None]
    chart = bar_chart(
        ui("fees-by-period"),
        [r.key[2:] for r in rates],
        [Series(ui("rate"), [percent(r.rate) for r in rates])],
        lang,
        maximum=100,
        unit="%",
        floor=True,
    )
    bucket_labels = [
        ui("months-over", low=low - 1)
        if high is None
        else ui("months-one", low=low)
        if high == low
        else ui("months-range", low=low, high=high)
        for low, high in views.rules.fees.buckets
    ]
    fees, path = views.view(fees_view), "fees/index.md"
    last = {unit: rs[-1] for unit, rs in fees.reminders.items() if rs}
    arrears, arrears_csv = cap_table(
        fees.arrears,
        views.table_rows,
        path,
        "arrears.csv",
        # A download leaves the page that says the currency: its amounts' headers say it.
        (
            *(ui("unit"), ui("months-owed")),
            f"{ui('arrears-total')} ({views.currency})",
            ui("oldest-month"),
            *(f"{label} ({views.currency})" for label in bucket_labels),
            *(ui("reminders"), ui("last-reminder"), ui("outcome")),
        ),
        lambda a: (
            a.unit,
            len(a.periods),
            a.total,
            a.oldest,
            *(a.by_bucket.get(i) for i in range(len(bucket_labels))),
            len(fees.reminders.get(a.unit, [])),
            last[a.unit].date if a.unit in last else None,
            last[a.unit].outcome if a.unit in last else "",
        ),
    )
    # The whole 催費 log, by unit and date, as a download: each unit's own calls are on its page.
    log = [r for _, rs in sorted(fees.reminders.items(), key=lambda kv: kv[0].lower()) for r in rs]
    reminders_csv = Download(
        "fees/reminders.csv",
        tuple(ui(k) for k in ("unit", "date", "method", "contact-used", "on-file"))
        + tuple(ui(k) for k in ("verified-on", "staff", "outcome")),
        [
            (
                r.unit,
                r.date,
                views.choice_label("reminder_method", r.method) if r.method else "",
                r.contact,
                ui("yes") if r.on_file else ui("no-not-on-file"),
                r.verified_on,
                r.staff_id,
                r.outcome,
            )
            for r in log
        ],
    )
    context = FeesPage(
        fees=fees,
        chart=chart,
        bucket_labels=bucket_labels,
        composition="composition.md",
        arrears=arrears,
        last_reminder=last,
        reminder_count=len(log),
        reminders_csv="reminders.csv",
    )
    return [
        PageSpec(
            path,
            ui("fees"),
            "fees.md.j2",
            context,
            section="fees",
            downloads=(*arrears_csv, reminders_csv),
        )
    ]


def fees_view(views: Views) -> Fees:
    return fees(views.dataset, views.rules, views.as_of, views.full_phones)
