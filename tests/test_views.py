"""Service-desk and fee views on small hand-built workbooks; expected figures worked out below."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from deskbook.domain.service_rules import load_service_rules
from deskbook.model.dataset import Dataset
from deskbook.schema.validate import validate
from deskbook.views.fees import fees
from deskbook.views.owners import owners
from deskbook.views.service_desk import service_desk
from tests.conftest import load_spec
from tests.raw_books import raw_workbook

ZONE = ZoneInfo("Asia/Shanghai")
AS_OF = dt.date(2026, 11, 27)
END_OF_DAY = dt.datetime.combine(AS_OF, dt.time.max, tzinfo=ZONE)
RULES = load_service_rules({}, "defaults")


def validated(spec: dict[str, Any]) -> Dataset:
    # Some rows are of days after AS_OF, as in a sheet read later and looked back on.
    return validate(
        raw_workbook(spec),
        ZONE,
        END_OF_DAY,
        sop_codes=["CS-SOP-01", "CS-SOP-04"],
        as_of=dt.date(2027, 3, 31),
    )


def dataset_with(**tabs: list[list[object]]) -> Dataset:
    spec = load_spec()
    for title, rows in tabs.items():
        spec[title]["rows"] = rows
    data = validated(spec)
    assert [i for i in data.issues if i.severity == "error"] == []
    return data


def test_fees_ageing_rates_and_credits() -> None:
    d = dt.date
    data = dataset_with(
        **{
            "收費": [
                # 1-1-0101: this month unpaid (not yet arrears), October paid in full,
                # September overpaid by 50 (a credit; only 100 counts as collected).
                ["1-1-0101", "2026-11", "物業費", 100, "", "", ""],
                ["1-1-0101", "2026-10", "物業費", 100, 100, d(2026, 10, 5), "R1"],
                ["1-1-0101", "2026-09", "物業費", 100, 150, d(2026, 9, 3), "R2"],
                # 1-1-0102 owes: 150 of October (1 month), 200 of August (3 months),
                # 200 of May (6 months), 200 of April (7 months, over 6), and September's parking
                # (2 months): paid on 2026-12-01, after --as-of, so still unpaid on that day.
                ["1-1-0102", "2026-10", "物業費", 200, 50, d(2026, 10, 20), "R3"],
                ["1-1-0102", "2026-08", "物業費", 200, 0, "", ""],
                ["1-1-0102", "2026-05", "物業費", 200, 0, "", ""],
                ["1-1-0102", "2026-04", "物業費", 200, "", "", ""],
                ["1-1-0102", "2026-09", "停車費", 300, 300, d(2026, 12, 1), "R4"],
            ]
        }
    )
    view = fees(data, RULES, AS_OF, full_phones=False)
    assert [a.unit for a in view.arrears] == ["1-1-0102"]
    owed = view.arrears[0]
    # 150 + 200 + 200 + 200 + 300
    assert owed.total == Decimal("1050.00")
    assert owed.oldest_months == 7
    # Buckets: 1 month = 150; 2-3 months = 200 (Aug) + 300 (Sep parking); 4-6 = 200; >6 = 200.
    assert owed.by_bucket == {
        0: Decimal("150.00"),
        1: Decimal("500.00"),
        2: Decimal("200.00"),
        3: Decimal("200.00"),
    }
    assert [(b[2], b[3]) for b in view.buckets] == [
        (1, Decimal("150.00")),
        (1, Decimal("500.00")),
        (1, Decimal("200.00")),
        (1, Decimal("200.00")),
    ]
    assert [(c.unit, c.period, c.amount) for c in view.credits] == [
        ("1-1-0101", "2026-09", Decimal("50.00"))
    ]
    rates = {r.key: r.rate for r in view.by_period}
    # September: due 100 + 300, collected 100 (overpayment capped) + 0 (paid later) = 25.0%.
    # October: due 100 + 200, collected 100 + 50 = 50.0%. November: 0 of 100.
    assert rates == {
        "2026-04": Decimal("0.0"),
        "2026-05": Decimal("0.0"),
        "2026-08": Decimal("0.0"),
        "2026-09": Decimal("25.0"),
        "2026-10": Decimal("50.0"),
        "2026-11": Decimal("0.0"),
    }
    items = {r.key: (r.due, r.collected, r.rate) for r in view.by_item}
    # 物業費: due 1100, collected 0 + 100 + 100 + 50 = 250 -> 22.727...% shown as 22.7%.
    assert items["物業費"] == (Decimal("1100.00"), Decimal("250.00"), Decimal("22.7"))
    assert items["停車費"] == (Decimal("300.00"), Decimal("0.00"), Decimal("0.0"))
    assert all(isinstance(a, Decimal) for a in owed.by_bucket.values())


def ticket(
    no: str,
    received: dt.datetime,
    kind: str,
    urgency: str,
    status: str,
    resolved: dt.datetime | str = "",
    followup: dt.datetime | str = "",
) -> list[object]:
    return [
        no,
        received,
        "1-1-0101",
        kind,
        urgency,
        "電話",
        "測試",
        "工程部",
        status,
        resolved,
        followup,
        "林志強" if followup else "",
        "滿意" if followup else "",
        "",
    ]


def test_sla_breaches_followups_and_ages() -> None:
    t = dt.datetime
    data = dataset_with(
        **{
            "報事報修": [
                # Urgent repair (24 h), done in exactly 24 h: on time, follow-up due by 11-29.
                ticket("T1", t(2026, 11, 25, 9), "報修", "緊急", "已完成", t(2026, 11, 26, 9)),
                # Urgent repair done one minute late: a breach, closed late, followed up.
                ticket(
                    "T2",
                    t(2026, 11, 25, 9),
                    "報修",
                    "緊急",
                    "已完成",
                    t(2026, 11, 26, 9, 1),
                    t(2026, 11, 26, 15),
                ),
                # Normal repair (72 h) received 11-24 10:00, still open at the end of 11-27:
                # deadline 11-27 10:00, so a breach of just under 14 h; 3.58 days old.
                ticket("T3", t(2026, 11, 24, 10), "報修", "一般", "處理中"),
                # Complaint (48 h) received 11-26 10:00, open: deadline 11-28, no breach;
                # 1.58 days old.
                ticket("T4", t(2026, 11, 26, 10), "投訴", "", "待處理"),
                # Received after --as-of: it does not exist yet.
                ticket("T5", t(2026, 11, 28, 8), "咨詢", "", "待處理"),
                # Repair resolved 11-21 with no follow-up: due 11-24, missed.
                ticket("T6", t(2026, 11, 20, 8), "報修", "一般", "已關閉", t(2026, 11, 21, 8)),
                # Done on 12-05, after --as-of: open on 11-27, 1.58 days old then (not 9 days).
                ticket("T7", t(2026, 11, 26, 10), "報修", "一般", "已完成", t(2026, 12, 5, 9)),
            ]
        }
    )
    desk = service_desk(data, RULES, END_OF_DAY)
    assert [t.ticket_id for t in desk.open_tickets] == ["T3", "T4", "T7"]
    assert desk.open_by_age == {"age-3-7": 1, "age-1-3": 2}
    assert [(b.ticket.ticket_id, b.still_open) for b in desk.breaches] == [
        ("T3", True),
        ("T2", False),
    ]
    assert round(desk.breaches[0].hours_over, 2) == 14.0
    assert round(desk.breaches[1].hours_over * 60) == 1
    assert [(f.ticket.ticket_id, f.due_on, f.missed) for f in desk.followups] == [
        ("T6", dt.date(2026, 11, 24), True),
        ("T1", dt.date(2026, 11, 29), False),
    ]
    assert [t.ticket_id for t in desk.complaints] == ["T4"]


def test_owner_contacts_and_masking() -> None:
    data = dataset_with()
    # 1-1-0101 verified 2026-05-01 and 1-1-0102 2026-03-10: both within 12 months of 11-27.
    assert owners(data, RULES, AS_OF, full_phones=False).stale_contacts == []
    stale = owners(data, RULES, dt.date(2027, 3, 11), full_phones=False).stale_contacts
    # By 2027-03-11 the 2026-03-10 check is more than 12 months old.
    assert [(s.unit, s.phones) for s in stale] == [("1-1-0102", ["139****4321", "075*****0001"])]
    full = owners(data, RULES, dt.date(2027, 3, 11), full_phones=True).stale_contacts
    assert full[0].phones == ["13987654321", "075526880001"]


def test_free_text_masks_phone_numbers() -> None:
    t = dt.datetime
    row = ticket("T1", t(2026, 11, 25, 9), "報修", "緊急", "處理中")
    row[6] = "業主改用 139 1234 5678 聯繫，2026-11-25 18:00 上門"
    data = dataset_with(**{"報事報修": [row]})
    masked = service_desk(data, RULES, END_OF_DAY).open_tickets[0].summary
    # The phone is masked; the date and time, also long runs of digits, stay readable.
    assert masked == "業主改用 139 **** **78 聯繫，2026-11-25 18:00 上門"
    full = service_desk(data, RULES, END_OF_DAY, full_phones=True).open_tickets[0].summary
    assert full == row[6]


def test_without_completion_times_closed_tickets_are_still_closed() -> None:
    # A workbook without the optional 完成時間 column: the status alone says a ticket is done;
    # with no time there is no lateness to measure and no follow-up date to count from.
    t = dt.datetime
    spec = load_spec()
    tickets = spec["報事報修"]
    index = tickets["header"].index("完成時間")
    tickets["header"].pop(index)
    rows = [
        ticket("T1", t(2026, 11, 1, 9), "報修", "緊急", "已完成", t(2026, 11, 9, 9)),
        ticket("T2", t(2026, 11, 26, 9), "報修", "緊急", "處理中"),
    ]
    for row in rows:
        row.pop(index)
    tickets["rows"] = rows
    data = validated(spec)
    desk = service_desk(data, RULES, END_OF_DAY)
    assert [t.ticket_id for t in desk.open_tickets] == ["T2"]
    # T2 (urgent, 24 h) is past its deadline of 11-27 09:00; T1's lateness is unknown.
    assert [b.ticket.ticket_id for b in desk.breaches] == ["T2"]
    assert desk.followups == []
