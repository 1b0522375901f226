"""Owner files: units handed over, occupancy, renovations, keys held, contacts to re-verify."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbook.domain.contacts import is_stale
from deskbook.domain.privacy import show_phone
from deskbook.domain.renovation import RENOVATING
from deskbook.domain.service_rules import ServiceRules
from deskbook.i18n import choice_label, labels, text
from deskbook.model.choices import Occupancy
from deskbook.model.dataset import Dataset
from deskbook.model.pages import LIST_ROWS, Capped, PageContext, PageSpec, cap_table
from deskbook.model.records import OwnerRow
from deskbook.schema.units import unit_group, unit_sort_key

if TYPE_CHECKING:
    from deskbook.views.context import Views

OCCUPIED = {Occupancy.OWNER_OCCUPIED, Occupancy.RENTED}


@dataclass(frozen=True)
class Renovation:
    unit: str
    status: str
    until: dt.date | None
    days_left: int | None

    @property
    def expired(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class StaleContact:
    unit: str
    owner_name: str
    phones: list[str]
    verified_on: dt.date | None


@dataclass(frozen=True)
class BuildingCount:
    building: str
    units: int
    handed_over: int
    occupied: int
    rented: int
    vacant: int


@dataclass(frozen=True)
class Owners:
    units: int
    handed_over: int
    occupancy: dict[str, int]
    buildings: list[BuildingCount]
    renovations: list[Renovation]
    ending_soon: list[Renovation]
    keys_held: list[str]
    stale_contacts: list[StaleContact]


def owners(dataset: Dataset, rules: ServiceRules, as_of: dt.date, full_phones: bool) -> Owners:
    records = dataset.records("owners")
    handed = [r for r in records if r.handover_date is not None and r.handover_date <= as_of]
    renovations = sorted(
        (
            Renovation(
                unit=r.unit,
                status=r.renovation,
                until=r.renovation_until,
                days_left=None if r.renovation_until is None else (r.renovation_until - as_of).days,
            )
            for r in records
            if r.renovation in RENOVATING
        ),
        key=lambda v: (v.until or dt.date.max, v.unit),
    )
    warn = rules.owners.renovation_warning_days
    stale = [
        StaleContact(
            unit=r.unit,
            owner_name=r.owner_name or "",
            phones=[
                show_phone(phone, full_phones)
                for phone in (r.phone_1, r.phone_2, r.phone_3)
                if phone
            ],
            verified_on=r.contacts_verified_on,
        )
        for r in records
        if is_stale(r.contacts_verified_on, as_of, rules.owners.contact_stale_months)
    ]
    stale.sort(key=lambda s: (s.verified_on or dt.date.min, s.unit))
    return Owners(
        units=len(records),
        handed_over=len(handed),
        occupancy=dict(Counter(r.occupancy or "unknown" for r in records)),
        buildings=_buildings(records, as_of),
        renovations=renovations,
        ending_soon=[v for v in renovations if v.days_left is not None and v.days_left <= warn],
        keys_held=sorted(r.unit for r in records if r.keys_held),
        stale_contacts=stale,
    )


def _buildings(records: list[OwnerRow], as_of: dt.date) -> list[BuildingCount]:
    groups: dict[str, list[OwnerRow]] = {}
    for r in records:
        groups.setdefault(unit_group(r.unit), []).append(r)
    return [
        BuildingCount(
            building=b,
            units=len(rs),
            handed_over=sum(1 for r in rs if r.handover_date and r.handover_date <= as_of),
            occupied=sum(1 for r in rs if r.occupancy in OCCUPIED),
            rented=sum(1 for r in rs if r.occupancy == Occupancy.RENTED),
            vacant=sum(1 for r in rs if r.occupancy == Occupancy.VACANT),
        )
        for b, rs in sorted(groups.items(), key=lambda kv: unit_sort_key(kv[0]))
    ]


@dataclass(frozen=True)
class OwnersPage(PageContext):
    """owners.md.j2: occupancy, renovations, keys held, contacts to re-verify."""

    owners: Owners
    occupancy_codes: list[str]  # every occupancy choice, in the workbook's order
    warning_days: int  # [owners] renovation_warning_days
    stale_months: int  # [owners] contact_stale_months
    renovations: Capped[Renovation]
    stale_contacts: Capped[StaleContact]
    units_index: str  # the index of the units' own pages


def pages(views: Views) -> list[PageSpec]:
    owners, lang, path = views.view(owners_view), views.lang, "owners.md"
    ui = lambda key: text(f"ui.{key}", lang)  # noqa: E731
    renovations, renovations_csv = cap_table(
        owners.renovations,
        views.table_rows,
        path,
        "owners-renovations.csv",
        (ui("unit"), ui("renovation"), ui("permit-until"), ui("days-left")),
        lambda v: (
            v.unit,
            choice_label("renovation", v.status, lang) if v.status else "",
            v.until,
            v.days_left,
        ),
    )
    # A long list to call through: as long as the desk page's lists on a phone, the rest in
    # the CSV.
    stale_contacts, stale_csv = cap_table(
        owners.stale_contacts,
        min(views.table_rows, LIST_ROWS),
        path,
        "owners-stale-contacts.csv",
        (ui("unit"), ui("owner"), ui("phones"), ui("verified-on")),
        lambda s: (s.unit, s.owner_name, " / ".join(s.phones), s.verified_on),
    )
    context = OwnersPage(
        owners=owners,
        occupancy_codes=list(labels()["enums"]["occupancy"]),
        warning_days=views.rules.owners.renovation_warning_days,
        stale_months=views.rules.owners.contact_stale_months,
        renovations=renovations,
        stale_contacts=stale_contacts,
        units_index="units/index.md",
    )
    return [
        PageSpec(
            path,
            text("ui.owners", lang),
            "owners.md.j2",
            context,
            downloads=renovations_csv + stale_csv,
        )
    ]


def owners_view(views: Views) -> Owners:
    return owners(views.dataset, views.rules, views.as_of, views.full_phones)
