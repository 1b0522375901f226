"""What needs doing today at the desk, counted from the other views for the home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from deskbook.model.choices import TicketStatus
from deskbook.model.dataset import Dataset
from deskbook.views.context import Views
from deskbook.views.fees import Fees, fees_view
from deskbook.views.owners import Owners, owners_view
from deskbook.views.service_desk import ServiceDesk, desk_view


@dataclass(frozen=True)
class Today:
    as_of: dt.date
    breaches_open: int
    followups_missed: int
    complaints_open: int
    arrears_units: int
    arrears_total: Decimal
    contacts_to_verify: int
    permits_ending: int
    data_errors: int

    @property
    def busy(self) -> bool:
        return any(
            (
                self.breaches_open,
                self.followups_missed,
                self.complaints_open,
                self.contacts_to_verify,
                self.permits_ending,
                self.data_errors,
            )
        )


def today(dataset: Dataset, desk: ServiceDesk, fees: Fees, owners: Owners, as_of: dt.date) -> Today:
    return Today(
        as_of=as_of,
        breaches_open=sum(1 for b in desk.breaches if b.still_open),
        followups_missed=sum(1 for f in desk.followups if f.missed),
        complaints_open=sum(
            1 for c in desk.complaints if not c.closed and c.status != TicketStatus.CANCELLED
        ),
        arrears_units=len(fees.arrears),
        arrears_total=fees.arrears_total,
        contacts_to_verify=len(owners.stale_contacts),
        permits_ending=len(owners.ending_soon),
        data_errors=len(dataset.errors),
    )


def today_view(views: Views) -> Today:
    """The desk's counts for the office's home page."""
    return today(
        views.dataset,
        views.view(desk_view),
        views.view(fees_view),
        views.view(owners_view),
        views.as_of,
    )
