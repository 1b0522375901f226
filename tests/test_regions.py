"""Offices beyond the mainland, each typed the way its clerks type: only the planted mistakes
are held back, each at its cell.

Four offices are written here as real files: a Hong Kong estate in zh-Hant (.xlsx), a Taiwan
one with 民國 dates (.xlsx), a mainland one in zh-Hans keeping GB18030 CSV files, and an
English-speaking office that writes the day first (.xlsx). Each declares only what
docs/pages/regions.md tells an office to write: its region, its unit schemes and patterns, its
own dropdown values. `deskbook check --json` then runs on it through the real command line.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from deskbook.i18n import choice_label, column_label, messages, tab_label
from deskbook.model.issues import Issue
from deskbook.model.units import SCHEME_NAMES
from deskbook.schema.tabs import TABS, TABS_BY_KEY
from deskbook.schema.types import CellProblem, Date, DateTime, IdNumber, Money, Period, Phone
from deskbook.schema.units import NoReading, read_unit

from .conftest import make_handbook, run_cli

AS_OF = "2026-11-27"


@dataclass(frozen=True)
class Planted:
    """A mistake put in on purpose: the cell must be held back with this issue code."""

    value: object
    code: str


@dataclass
class Office:
    key: str
    lang: str
    source: str  # xlsx, or csv (a folder of GB18030 files)
    settings: str  # deskbook.toml lines after [office] name and phone
    rows: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def label(self, enum: str, code: str) -> str:
        return choice_label(enum, code, self.lang)


def _common(office: Office, forms: dict[str, Any]) -> Office:
    """The same estate in every office, each cell in the office's own forms."""
    label = office.label
    names = forms["names"]
    units = forms["units"]
    office.rows = {
        "staff": [
            {
                "staff_id": f"S00{i + 1}",
                "name": names[i],
                "role": forms["role"],
                "hire_date": forms["dates"][i],
                "status": label("staff_status", "active"),
                "culture_training": "否" if office.lang != "en" else "no",
            }
            for i in range(3)
        ],
        "training_sessions": [
            {
                "session_id": f"TS-00{i + 1}",
                "category": label("training_category", category),
                "topic": forms["role"],
                "date": forms["dates"][3 + i],
                "start_time": forms["times"][i],
                "minutes": 90,
                "trainer": names[0],
            }
            for i, category in enumerate(("skills", "service"))
        ],
        "training_attendance": [
            {"session_id": "TS-001", "staff_id": "S001", "minutes": 90},
            {"session_id": "TS-002", "staff_id": "S002", "minutes": 90},
        ],
        "training_plan": [
            {
                "year": 2027,
                "category": label("training_category", "skills"),
                "budget": forms["money"][0],
                "submitted_on": forms["dates"][0],
            }
        ],
        "owners": [
            {
                "unit": unit[0],
                "owner_name": names[i % len(names)],
                "phone_1": forms["phones"][i % len(forms["phones"])],
                "phone_2": forms["phones"][(i + 1) % len(forms["phones"])] if i % 2 else "",
                "contacts_verified_on": forms["dates"][i % len(forms["dates"])],
                "occupancy": label("occupancy", "owner_occupied"),
                "id_number": forms["ids"][i % len(forms["ids"])],
            }
            for i, unit in enumerate(units)
        ],
        "tickets": [
            {
                "ticket_id": f"T-{i + 1:03d}",
                "received_at": forms["datetimes"][i % len(forms["datetimes"])],
                "unit": units[i][1],
                "kind": label("ticket_kind", "repair"),
                "channel": forms["channels"][i % len(forms["channels"])],
                "summary": forms["role"],
                "status": label("ticket_status", "in_progress"),
            }
            for i in range(4)
        ],
        "fees": [
            {
                "unit": unit[1],
                "period": "2026-10",
                "item": forms["item"],
                "amount_due": forms["money"][i % len(forms["money"])],
                "amount_paid": forms["money"][i % len(forms["money"])] if i % 2 else "",
                "paid_on": forms["dates"][i % len(forms["dates"])] if i % 2 else "",
            }
            for i, unit in enumerate(units)
        ],
        "fee_reminders": [
            {
                "unit": units[i * 2 % len(units)][1],
                "date": forms["dates"][i],
                "method": forms["methods"][i % len(forms["methods"])],
                "contact_used": forms["phones"][0],
                "staff_id": "S002",
                "outcome": forms["role"],
            }
            for i in range(3)
        ],
        "announcements": [
            {
                "notice_no": "N-001",
                "title": forms["role"],
                "kind": label("notice_kind", "notice"),
                "audience": label("audience", "owners"),
                "body": forms["role"],
                "issued_on": forms["dates"][1],
                "issuer": names[0],
                "status": label("notice_status", "published"),
            }
        ],
        "responsibilities": [
            {"no": 1, "duty": forms["role"], "role": forms["role"], "sop": "CS-SOP-01"},
            {"no": 2, "duty": forms["item"], "role": forms["role"], "sop": "CS-SOP-04"},
        ],
    }
    return office


def _plant(office: Office, mistakes: list[tuple[str, int, str, Planted]]) -> Office:
    for tab, index, column, planted in mistakes:
        office.rows[tab][index][column] = planted
    return office


def hong_kong() -> Office:
    office = Office(
        "hk",
        "zh-Hant",
        "xlsx",
        'region = "HK"\n[units]\nschemes = ["floor-flat", "block-room", "shop", "parking",'
        ' "villa"]\n[choices.ticket_channel]\nwhatsapp = ["WhatsApp", "WA"]\n'
        '[choices.reminder_method]\nwhatsapp = ["WhatsApp"]\n',
    )
    forms = {
        "names": ["陳美玲", "梁美玲", "黃志強"],
        "role": "客戶服務",
        "item": "管理費",
        "dates": ["5/3/2026", "5 Mar 2026", "2026年3月5日", "18/11/2026", "12 Nov 2026"],
        "times": ["2:30 PM", "09:30"],
        "datetimes": ["18/03/2026 16:32", "5 Mar 2026 4:32 PM", "2026年3月5日 14:30"],
        "money": ["HK$1,450.50", "HKD 1,450.5", "1,450.50港元", "$980", 1450.5, "港幣 980"],
        "phones": [
            "9123 4567",
            "2688 1234",
            "+852 6123-4567",
            "+86 138 0013 8000",
            "+44 20 7946 0018",
            "0086 139 8765 4321",
        ],
        "ids": ["A123456(3)", "A1234563", "11010519491231002X", "E12345678"],
        "units": [
            ("第5座12樓B室", "5座12樓B室"),
            ("Block 5, 12/F, Flat C", "5座12樓C室"),
            ("Tower B 1502", "B座1502"),
            ("G12號舖", "商鋪G12"),
            ("B1-23號車位", "車位B1-23"),
            ("洋房3號", "Villa 3"),
        ],
        "channels": ["WhatsApp", "WA", "電話"],
        "methods": ["WhatsApp", "電話"],
    }
    return _plant(
        _common(office, forms),
        [
            ("fees", 2, "amount_due", Planted("¥300", "wrong-currency")),
            ("owners", 1, "phone_1", Planted("9123 456", "invalid-phone")),
            ("owners", 3, "id_number", Planted("A123456(4)", "invalid-id-number")),
            ("fee_reminders", 1, "staff_id", Planted("黃志強", "invalid-format")),
            ("tickets", 2, "received_at", Planted("31/02/2026 10:00", "no-such-day")),
        ],
    )


def taiwan() -> Office:
    office = Office(
        "tw",
        "zh-Hant",
        "xlsx",
        'region = "TW"\n[units]\nschemes = ["block-room", "parking"]\n'
        '[choices.ticket_channel]\nline = ["LINE"]\n',
    )
    forms = {
        "names": ["陳怡君", "林志明", "張雅婷"],
        "role": "社區服務",
        "item": "管理費",
        "dates": ["115/03/05", "民國115年3月5日", "115年3月5日", "2026-11-18", "115/11/12"],
        "times": ["下午2:30", "09:30"],
        "datetimes": ["115/11/20 14:30", "民國115年11月20日 下午2:30", "2026-03-05 09:00"],
        "money": ["NT$2,000", "新台幣1,500", "2,000元", 1500],
        "phones": ["0912-345-678", "(02)2345-6789", "+886 912 345 678", "02-2345-6789"],
        "ids": ["A123456789", "B123456780", "A123456(3)"],
        "units": [
            ("B棟12樓03室", "B棟1203"),
            ("A棟1201", "A棟12樓01室"),
            ("C棟0501", "C-0501"),
            ("車位B1-07", "B1-07號車位"),
        ],
        "channels": ["LINE", "電話"],
        "methods": ["電話", "上門"],
    }
    return _plant(
        _common(office, forms),
        [
            ("owners", 0, "id_number", Planted("A123456788", "invalid-id-number")),
            ("staff", 2, "hire_date", Planted("115/02/30", "no-such-day")),
            ("fees", 1, "amount_due", Planted("HK$100", "wrong-currency")),
            ("owners", 2, "phone_1", Planted("0912-345-67", "invalid-phone")),
        ],
    )


def mainland() -> Office:
    office = Office(
        "cn",
        "zh-Hans",
        "csv",
        '[units]\nschemes = ["building-unit-room", "parking"]\n'
        '[choices.ticket_channel]\napp = ["APP"]\nhotline = ["400熱線", "400热线"]\n',
    )
    forms = {
        "names": ["王丽华", "刘建国", "赵敏"],
        "role": "客户服务",
        "item": "物业费",
        "dates": ["2026/3/5", "2026年3月5日", "2026.3.5", "15/03/2026", "2026-11-12"],
        "times": ["下午2:30", "09:30"],
        "datetimes": ["2026-11-20 下午2:30", "2026/11/20 14:30", "2026年11月20日14时30分"],
        "money": ["2850.00 RMB", "¥1,200", "1200元", "RMB 2,850.00", "￥980"],
        "phones": [
            "138 0013 8000",
            "0755-2688 0000 转 801",
            "+852 9123 4567",
            "0086 139 8765 4321",
            "(020)8888-6666",
            "400-800-1234",
        ],
        "ids": ["11010519491231002X", "A123456(3)"],
        "units": [
            ("3栋2单元1201", "3-2-1201"),
            ("3幢2单元1202室", "3#2-1202"),
            ("5-1-0601", "5栋1单元0601"),
            ("车位B2-045", "地下车库B2-045"),
        ],
        "channels": ["APP", "400热线", "电话"],
        "methods": ["电话", "短信"],
    }
    return _plant(
        _common(office, forms),
        [
            ("fee_reminders", 2, "date", Planted("05/03/2026", "ambiguous-date")),
            ("fees", 3, "amount_due", Planted("HK$100", "wrong-currency")),
            ("owners", 1, "phone_1", Planted("138-0013-800", "invalid-phone")),
            ("owners", 2, "id_number", Planted("110105194912310021", "invalid-id-number")),
        ],
    )


def english() -> Office:
    office = Office(
        "gb",
        "en",
        "xlsx",
        'region = "GB"\nlanguage = "en"\n[units]\nschemes = ["floor-flat", "parking", "shop",'
        ' "villa"]\n[choices.ticket_channel]\nwhatsapp = ["WhatsApp"]\n'
        'email = ["Email", "E-mail"]\n[choices.reminder_method]\nemail = ["Email"]\n',
    )
    forms = {
        "names": ["Alice Wong", "Ben Carter", "Chloe Lee"],
        "role": "Customer service",
        "item": "Service charge",
        "dates": ["15/03/2023", "5 Mar 2026", "March 5, 2026", "18/11/2026", "12 Nov 2026"],
        "times": ["2:30 PM", "09:30"],
        "datetimes": ["18/03/2026 16:32", "5 Mar 2026 4:32 PM", "2026-03-05 09:00"],
        "money": ["£1,450.50", "GBP 980", "1,450.50", 980],
        "phones": ["020 7946 0018", "+44 20 7946 0018", "07911 123456", "+852 9123 4567"],
        "ids": ["533380006", "GB1234567"],
        "units": [
            ("Flat B, 12/F, Block 5", "Block 5, 12/F, Flat B"),
            ("12/F Flat A", "Flat A, 12/F"),
            ("Car park B2-045", "B2-045"),
            ("Shop G05", "Shop G05"),
            ("Villa 3", "Villa 3"),
            ("Flat C, 3/F, Block 2", "Block 2, 3/F, Flat C"),
        ],
        "channels": ["WhatsApp", "E-mail", "Email"],
        "methods": ["Email", office.label("reminder_method", "phone")],
    }
    return _plant(
        _common(office, forms),
        [
            ("fees", 4, "amount_due", Planted("$100", "wrong-currency")),
            ("owners", 5, "contacts_verified_on", Planted("31/04/2026", "no-such-day")),
            ("owners", 3, "phone_1", Planted("+44 20 7946", "invalid-phone")),
            ("fee_reminders", 0, "staff_id", Planted("Alice Wong", "invalid-format")),
        ],
    )


OFFICES = (hong_kong, taiwan, mainland, english)


def write_office(office: Office, folder: Path, settings: bool = True) -> Path:
    """The office's workbook (or CSV folder) and deskbook.toml; returns the settings file.
    `settings=False` writes only what a new user's first try had: the unit schemes."""
    tables: dict[str, list[list[object]]] = {}
    for tab in TABS:
        if tab.key not in office.rows:
            continue
        keys = [c.key for c in tab.columns]
        header: list[object] = [column_label(tab.key, k, office.lang) for k in keys]
        body = [[_value(row.get(k, "")) for k in keys] for row in office.rows[tab.key]]
        tables[tab_label(tab.key, office.lang)] = [header, *body]
    folder.mkdir(parents=True, exist_ok=True)
    if office.source == "csv":
        data = folder / "data"
        data.mkdir(exist_ok=True)
        for title, rows in tables.items():
            with (data / f"{title}.csv").open("w", encoding="gb18030", newline="") as out:
                csv.writer(out).writerows(rows)
        source = data
    else:
        book = Workbook()
        book.remove(book.active)
        for title, rows in tables.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append([None if v == "" else v for v in row])
        source = folder / "book.xlsx"
        book.save(source)
    config = make_handbook(folder / "hb", source)
    text = config.read_text("utf-8").replace('kind = "xlsx"', f'kind = "{office.source}"')
    lines = office.settings.splitlines()
    first = _first_table(lines)
    own, tables_text = lines[:first], lines[first:]
    if not settings:  # the language and unit schemes: all an office could declare before
        own = [line for line in own if line.startswith("language")]
        tables_text = tables_text[:2]
    head, _, rest = text.partition("[source]")
    extra = "".join(f"{line}\n" for line in own)
    config.write_text(f"{head}{extra}[source]{rest}" + "\n".join(tables_text) + "\n", "utf-8")
    return config


def _first_table(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.startswith("[")), len(lines))


def _value(value: object) -> object:
    return value.value if isinstance(value, Planted) else value


def planted(office: Office) -> set[tuple[str, int, str, str]]:
    """(tab, row, column, code) of every planted mistake, rows counted as the sheet does."""
    return {
        (tab, index + 2, column, value.code)
        for tab, rows in office.rows.items()
        for index, row in enumerate(rows)
        for column, value in row.items()
        if isinstance(value, Planted)
    }


def check(config: Path) -> dict[str, Any]:
    code, out, _ = run_cli("check", "--config", str(config), "--as-of", AS_OF, "--json")
    assert code in (0, 1), out
    report: dict[str, Any] = json.loads(out)
    return report


def held_back(report: dict[str, Any]) -> tuple[int, int]:
    """Rows held back and rows in all."""
    counts = report["counts"].values()
    return sum(c["rejected"] for c in counts), sum(c["rows"] for c in counts)


@pytest.mark.parametrize("make", OFFICES, ids=lambda m: m.__name__)
def test_only_the_planted_mistakes_are_held_back_each_at_its_cell(
    make: Any, tmp_path: Path
) -> None:
    office = make()
    report = check(write_office(office, tmp_path))
    errors = {
        (i["tab"], i["row"], i["column"], i["code"])
        for i in report["issues"]
        if i["severity"] == "error"
    }
    assert errors == planted(office)
    assert held_back(report)[0] == len(planted(office))


@pytest.mark.parametrize("make", OFFICES, ids=lambda m: m.__name__)
def test_messages_show_dates_amounts_and_units_whole(make: Any, tmp_path: Path) -> None:
    office = make()
    report = check(write_office(office, tmp_path))
    for issue in report["issues"]:
        if issue["column"] in ("date", "hire_date", "received_at", "amount_due", "unit"):
            assert "*" not in issue["message"], issue


def test_a_name_where_a_staff_id_belongs_says_which_id_to_write(tmp_path: Path) -> None:
    report = check(write_office(hong_kong(), tmp_path))
    [issue] = [i for i in report["issues"] if i["column"] == "staff_id"]
    assert "S003" in issue["message"] and "員工編號" in issue["message"]


def test_a_hong_kong_estate_prints_its_fees_in_hong_kong_dollars(tmp_path: Path) -> None:
    config = write_office(hong_kong(), tmp_path)
    code, out, err = run_cli("build", "--config", str(config), "--as-of", AS_OF)
    assert code == 0, out + err
    fees = html.unescape((config.parent / "public" / "fees" / "index.html").read_text("utf-8"))
    assert "HK$" in fees and "¥" not in fees
    # The office's own reminder method, by its label, in the reminder log (its download; each
    # unit's calls are on the unit's own page).
    log = (config.parent / "public" / "fees" / "reminders.csv").read_text("utf-8-sig")
    assert "WhatsApp" in log


def _conventions(region: str) -> Any:
    from deskbook.config.regions import conventions

    return conventions(region)


# (region, cell type, what the clerk typed, what is read or the issue code)
FORMS: list[tuple[str, Any, object, object]] = [
    ("HK", Phone(), "9123-4567", "91234567"),
    ("HK", Phone(), "(852) 2688 1234", "26881234"),
    ("HK", Phone(), "0086 138 0013 8000", "+8613800138000"),
    ("MO", Phone(), "6612 3456", "66123456"),
    ("TW", Phone(), "0912-345-678", "0912345678"),
    ("CN", Phone(), "+852 9123 4567", "+85291234567"),
    ("CN", Phone(), "138 0013 8000", "13800138000"),
    ("CN", Phone(), "0755-2688 0000 转 801", "075526880000"),
    ("CN", Phone(), "138-0013-867", "invalid-phone"),
    ("GB", Phone(), "+44 20 7946 0018", "02079460018"),
    ("HK", Money(), "HK$1,450.50", Decimal("1450.50")),
    ("HK", Money(), "1,450.50港元", Decimal("1450.50")),
    ("HK", Money(), "RMB 2,850.00", "wrong-currency"),
    ("HK", Money(), "HKD$1,450", Decimal("1450.00")),
    ("MO", Money(), "MOP$300", Decimal("300.00")),
    ("TW", Money(), "NT$2,000", Decimal("2000.00")),
    ("SG", Money(), "S$12.50", Decimal("12.50")),
    ("GB", Money(), "£99", Decimal("99.00")),
    ("GB", Money(), "$99", "wrong-currency"),
    ("CN", Money(), "2850.00 RMB", Decimal("2850.00")),
    ("CN", Money(), "HK$100", "wrong-currency"),
    ("HK", Date(), "15/03/2023", dt.date(2023, 3, 15)),
    ("HK", Date(), "05/03/26", dt.date(2026, 3, 5)),
    ("US", Date(), "03/15/2023", dt.date(2023, 3, 15)),
    ("CN", Date(), "15/03/2023", dt.date(2023, 3, 15)),
    ("CN", Date(), "05/03/2023", "ambiguous-date"),
    ("GB", Date(), "March 5, 2026", dt.date(2026, 3, 5)),
    ("GB", Date(), "Thursday, 5 March 2026", dt.date(2026, 3, 5)),
    ("HK", Date(), "2026年3月5日（星期四）", dt.date(2026, 3, 5)),
    ("CN", Date(), "05/03/26", "invalid-date"),
    ("TW", Date(), "115/03/05", dt.date(2026, 3, 5)),
    ("TW", Date(), "民國115年3月5日", dt.date(2026, 3, 5)),
    ("TW", DateTime(), "115/03/05 下午2:30", dt.datetime(2026, 3, 5, 14, 30)),
    ("GB", DateTime(), "18/03/2026 4:32 PM", dt.datetime(2026, 3, 18, 16, 32)),
    ("TW", Period(), "115年10月", "2026-10"),
    ("GB", Period(), "Oct 2026", "2026-10"),
    ("HK", IdNumber(), "A123456(3)", "A123456(3)"),
    ("HK", IdNumber(), "A123456(4)", "invalid-id-number"),
    ("TW", IdNumber(), "A123456789", "A123456789"),
    ("CN", IdNumber(), "11010519491231002x", "11010519491231002X"),
    ("GB", IdNumber(), "533380006", "533380006"),
]


@pytest.mark.parametrize(("region", "kind", "typed", "expected"), FORMS)
def test_each_region_reads_its_own_forms(
    region: str, kind: Any, typed: object, expected: object
) -> None:
    bound = kind.for_office(_conventions(region))
    if isinstance(expected, str) and expected in Issue._by_code:
        with pytest.raises(CellProblem) as raised:
            bound.parse(typed)
        assert raised.value.code == expected
    else:
        assert bound.parse(typed) == expected


UNITS = [
    ("5座12樓B室", "5-12F-B"),
    ("第5座12樓B室", "5-12F-B"),
    ("Block 5 1203", "5-1203"),
    ("Tower B 1502", "B-1502"),
    ("商鋪G05", "S-G05"),
    ("G12號舖", "S-G12"),
    ("Shop G05", "S-G05"),
    ("B1-23號車位", "P-B1-23"),
    ("車位B1-07", "P-B1-07"),
    ("Car park B2-045", "P-B2-045"),
    ("洋房3號", "V-3"),
    ("獨立屋 H5", "V-H5"),
    ("Villa 3", "V-3"),
    ("A栋-2701", "A-2701"),
    ("12/F, Flat B, Block 5", "5-12F-B"),
    ("5樓之3", "5F-3"),
    ("Blk 5 #12-03", "5-1203"),
]


@pytest.mark.parametrize(("typed", "code"), UNITS)
def test_the_built_in_schemes_read_how_estates_write(typed: str, code: str) -> None:
    assert read_unit(typed, SCHEME_NAMES) == code


def test_an_office_gives_a_shipped_code_its_own_spellings() -> None:
    from deskbook.config.regions import conventions

    own = conventions("GB", choices={"ticket_status": {"resolved": ("Done", "Completed")}})
    status = TABS_BY_KEY["tickets"].column("status").type.for_office(own)
    assert status.parse("Completed") == "resolved" and status.parse("已完成") == "resolved"
    assert own.choice_label("ticket_status", "resolved") == "Done"


def test_an_office_declares_its_own_writing_and_nothing_is_guessed() -> None:
    assert read_unit("3期1203", ("tower-room",), ("{building}期{room}",)) == "3-1203"
    with pytest.raises(NoReading) as raised:
        read_unit("B1203", ("block-room", "parking"))
    assert raised.value.readings == {"block-room": "B-1203", "parking": "P-B1-203"}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('[office]\nregion = "XX"', "unknown-region"),
        ('[office]\ncurrency = "ABC"', "unknown-currency"),
        ('[units]\npatterns = ["{tower}座"]', "bad-unit-pattern"),
        ('[choices.ticket_channels]\nwa = ["WA"]', "unknown-choice-list"),
        ('[choices.ticket_channel]\n"Whats App" = ["WA"]', "bad-choice-code"),
    ],
)
def test_settings_of_conventions_are_checked(tmp_path: Path, setting: str, message: str) -> None:
    config = tmp_path / "deskbook.toml"
    config.write_text(f'{setting}\n[source]\npath = "book.xlsx"\n', "utf-8")
    code, _, err = run_cli("check", "--config", str(config), "--lang", "en")
    wanted = messages()["config"][message]["en"].split("{")[0].split("'")[-1]
    assert code == 2 and wanted in err, err


def test_init_writes_the_region_and_its_timezone(tmp_path: Path) -> None:
    code, _, err = run_cli("init", str(tmp_path), "--lang", "en", "--region", "hk")
    assert code == 0, err
    settings = (tmp_path / "deskbook.toml").read_text("utf-8")
    assert 'region = "HK"' in settings and 'timezone = "Asia/Hong_Kong"' in settings


def test_an_arrears_download_says_its_currency(tmp_path: Path) -> None:
    office = hong_kong()
    for n in range(10, 22):  # more units in arrears than a page shows at [site] table_rows = 10
        office.rows["owners"].append({"unit": f"Villa {n}"})
        office.rows["fees"].append(
            {"unit": f"洋房{n}號", "period": "2026-09", "item": "管理費", "amount_due": "HK$980"}
        )
    config = write_office(office, tmp_path)
    config.write_text(config.read_text("utf-8") + "[site]\ntable_rows = 10\n", "utf-8")
    code, out, err = run_cli("build", "--config", str(config), "--as-of", AS_OF)
    assert code == 0, out + err
    header = (config.parent / "public" / "fees" / "arrears.csv").read_text("utf-8-sig")
    assert "欠費合計 (HK$)" in header.splitlines()[0]
