"""Write the demo workbook: one year of fictional records from 翠湖花園's customer-service office.

Tab names, headers and choice labels are read from sync/deskbook/i18n/labels.toml so the demo always
matches what deskbook accepts. The output is deterministic: fixed seed, fixed dates, fixed
zip timestamps, so the same script gives the same bytes.

Usage: python examples/make_demo.py [OUT.xlsx]   (default: examples/demo.xlsx)
"""

# Deliberate data errors: realistic clerk slips, one per tab (two in 業主 and 報事報修), that
# the site must flag. Everything else is meant to be clean. Cells as written by this script:
#   員工!E38          S037's hire date typed as text '2026年13月2日' (13 keyed for 3: no month 13).
#   培訓場次!A49      TS-2026-040 pasted twice (rows 48 and 49): a duplicate session_id.
#   培訓簽到!B1558    staff_id 'S099', a typo for S009: no such person in 員工.
#   年度培訓計劃!B16  2027 category '電腦培訓', the SOP's wording, not a label of 電腦技能.
#   業主!D73          2-1-0602 phone_2 '138-1234-567': a digit dropped, only 10 digits.
#   業主!N363         7-1-0101 ID number with its check character one off.
#   報事報修!C742     BX-20260608-002 unit '11-1-0301': 翠湖花園 has no building 11.
#   報事報修!O1440    BX-20261119-004 assignee '廖文斌', the person's name where the staff ID
#                     goes: read as that ID, with a warning (the ticket stays on the desk).
#   收費!E9474        10-2-1201 2026-11 停車費 paid '¥1,2O0.00': letter O for zero, not a number.
#   催費記錄!C101     method '打電話': free text instead of the choice 電話.
#   通知通告!B13      KF-2026-009 published without a title.
#   職責!D12          SOP code 'CS-SOP-09': no such procedure (valid: CS-SOP-01..04).
# Read-and-sign (規程確認): CS-SOP-01 went from 1.0 to 1.1 on 2026-11-16 (a material change:
# the service training is due again), so at AS_OF some of its readers have confirmed 1.1 and
# the rest are still within their 14 days; one 前台接待 never confirmed CS-SOP-02 and one 管家
# never confirmed CS-SOP-04 (both overdue). The person on leave has leave dates on 員工.
# Excel quirks: 業主 row 302 is empty (between buildings 5 and 6); 報事報修 ends with 20 rows
# that carry only formatting, as when a clerk pre-formats rows for tickets still to come.

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import sys
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

HERE = Path(__file__).resolve().parent
LABELS: dict[str, Any] = tomllib.loads(
    (HERE.parent / "sync" / "deskbook" / "i18n" / "labels.toml").read_text("utf-8")
)
LANG = "zh-Hant"

SEED = 20261127
# The demo's "today": records stop here, while schedules and drafts may run to the window's end.
AS_OF = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 17, 30)
YEAR_START = dt.date(2025, 12, 1)
FIXED_STAMP = dt.datetime(2026, 11, 27, 9, 0, 0)
MONTHS = [(2025, 12), *((2026, m) for m in range(1, 12))]

DATE_FMT = "yyyy-mm-dd"
DATETIME_FMT = "yyyy-mm-dd hh:mm"
TIME_FMT = "hh:mm"
MONEY_FMT = "#,##0.00"
CENT = Decimal("0.01")

ESTATE = "翠湖花園"
ISSUER = f"{ESTATE}物業服務中心"

Row = dict[str, Any]

# ---------------------------------------------------------------- helpers


def label(enum: str, code: str) -> str:
    return str(LABELS["enums"][enum][code][LANG])


def yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def period(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


SURNAMES = (
    "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董袁潘蔣蔡余杜葉程"
    "蘇魏呂丁任沈姚盧姜崔鍾譚陸汪范金石廖賈夏韋方白鄒孟熊秦邱江尹薛段雷侯史陶黎賀顧毛郝龔邵"
)
# Two-character given names only: single-character ones too easily spell a famous person.
_GIVEN = (
    "建國建華志強志剛偉民國慶海濤文斌浩然子軒明輝永康振宇家豪立新雲飛興華慶豐"
    "德明宏偉曉東鵬程博文晨陽紹輝衛東春生秋實正陽嘉誠俊峰世傑國強金良慶林立華"
    "秀英桂蘭麗娟淑芬雅婷慧敏曉燕美玲婉清欣怡佳怡思琪夢瑤雨桐詩涵秀梅玉珍春梅"
    "海燕靜怡翠萍文靜紅霞亞楠素琴鳳英麗萍月娥曉琳慧琳淑華丹丹玉蓮巧雲"
)
GIVEN_NAMES = tuple(_GIVEN[i : i + 2] for i in range(0, len(_GIVEN), 2))
AREA_CODES = ("110101", "310104", "440305", "440106", "320102", "330106", "510104", "420106")
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"18{d}" for d in range(10)),
    "191",
    "198",
    "199",
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def person_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        if name not in used:
            used.add(name)
            return name


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99_999_999):08d}"


def id_check(body: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def id_number(rng: random.Random) -> str:
    birth = rand_date(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
    body = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + id_check(body)


# ---------------------------------------------------------------- the people and the estate


@dataclass
class Staff:
    staff_id: str
    name: str
    role: str
    hire: dt.date
    department: str | None = "客服部"
    status: str = "active"
    left: dt.date | None = None
    leave_from: dt.date | None = None
    leave_until: dt.date | None = None
    culture: bool = False
    notify_to: str | None = None

    @property
    def phone(self) -> str:
        """A work mobile made from the staff id, drawn from no random stream: adding it
        changed none of the demo's other values."""
        return f"1392516{int(self.staff_id[1:]):04d}"

    def available(self, day: dt.date) -> bool:
        return (
            self.hire <= day
            and (self.left is None or day < self.left)
            and (self.leave_from is None or day < self.leave_from)
        )


@dataclass
class Unit:
    code: str
    building: int
    entrance: int
    owner: str
    phones: list[str | None]
    area: Decimal
    occupancy: str
    parking: bool
    handover: dt.date
    move_in: dt.date | None = None
    verified: dt.date | None = None
    keys_held: bool | None = None
    renovation: str = "none"
    renovation_until: dt.date | None = None
    id_number: str | None = None
    room: str = ""  # as ticket summaries name it: `1201`


@dataclass
class Session:
    category: str
    topic: str
    date: dt.date
    start: dt.time
    minutes: int
    trainer: str
    external: bool = False
    session_id: str = ""


@dataclass
class Arrears:
    unit: Unit
    first: int  # index into MONTHS of the first unpaid month
    settled_on: dt.date | None = None  # when the owner finally paid everything owed
    partial: int | None = None  # a month paid only in part
    paid_through: int = 11  # MONTHS index up to which months stay unpaid (exclusive)
    stale_phone: str | None = None  # an old number still on a clerk's list


@dataclass
class World:
    staff: list[Staff]
    trainers: dict[str, str]
    sessions: list[Session]
    units: list[Unit]
    arrears: list[Arrears] = field(default_factory=list)


def make_staff(rng: random.Random, used: set[str]) -> list[Staff]:
    roles = ["客服主管"] + ["客服專員"] * 11 + ["前台接待"] * 6 + ["管家"] * 9
    roles += ["收費員"] * 4 + ["內勤"] * 4
    rng.shuffle(roles)
    roles = ["客服主管", *roles]
    hires = sorted(rand_date(rng, dt.date(2016, 3, 1), dt.date(2025, 10, 31)) for _ in roles)
    recent = [
        (dt.date(2026, 3, 2), "收費員"),
        (dt.date(2026, 10, 5), "管家"),
        (dt.date(2026, 11, 20), "客服專員"),
        (dt.date(2026, 11, 24), "前台接待"),
    ]
    hires_roles = [*zip(hires, roles, strict=True), *recent]
    staff = [
        Staff(f"S{i:03d}", person_name(rng, used), role, hire)
        for i, (hire, role) in enumerate(hires_roles, start=1)
    ]
    veterans = [s for s in staff[1:36] if s.role != "客服主管"]
    # The collector who left in February is the one S037 was hired to replace.
    collector = next(s for s in veterans if s.role == "收費員")
    others = rng.sample([s for s in veterans if s is not collector], 3)
    for person, left in zip(
        [collector, others[0], others[1]],
        [dt.date(2026, 2, 27), dt.date(2026, 6, 15), dt.date(2026, 9, 30)],
        strict=True,
    ):
        person.status, person.left = "left", left
    others[2].status, others[2].leave_from = "leave", dt.date(2026, 9, 21)
    others[2].leave_until = dt.date(2026, 12, 31)
    frontline = [s for s in veterans if s.status == "active" and s.role != "客服專員"]
    for person in rng.sample(frontline, 5):
        person.culture = True
    clerks = [s for s in veterans if s.role == "內勤"]
    clerks[0].department = "行政部"
    clerks[-1].department = None
    # Personal reminders ([notify.personal]) for a few: one of each kind of address.
    staff[1].notify_to = f"{staff[1].staff_id.lower()}@demo-garden.example"
    staff[4].notify_to = staff[4].phone
    staff[7].notify_to = staff[7].staff_id
    return staff


def demo_unit(building: int, entrance: int, floor: int, door: int) -> str:
    return f"{building}-{entrance}-{floor * 100 + door:04d}"


@dataclass(frozen=True)
class Layout:
    """An estate's size and how its clerks write a unit: buildings x entrances x floors x doors,
    handed over in three phases (the first 40% of buildings, the next 30%, the rest)."""

    buildings: int = 10
    entrances: int = 2
    floors: int = 15
    doors: int = 2
    unit: Callable[[int, int, int, int], str] = demo_unit
    tickets_per_day: tuple[int, int] = (2, 6)

    @property
    def units(self) -> int:
        return self.buildings * self.entrances * self.floors * self.doors


DEMO_LAYOUT = Layout()


def make_units(rng: random.Random, used: set[str], layout: Layout = DEMO_LAYOUT) -> list[Unit]:
    phase_handover = {1: dt.date(2018, 6, 18), 2: dt.date(2019, 5, 20), 3: dt.date(2020, 9, 8)}
    buildings = range(1, layout.buildings + 1)
    entrances = range(1, layout.entrances + 1)
    doors = range(1, layout.doors + 1)
    # Flats in one stack share a floor plan, so area depends on building, entrance and door.
    plan_area = {
        (b, e, door): Decimal(rng.randint(6000, 16000)) / 100
        for b in buildings
        for e in entrances
        for door in doors
    }
    units: list[Unit] = []
    for b in buildings:
        phase = 1 if b <= layout.buildings * 0.4 else 2 if b <= layout.buildings * 0.7 else 3
        handover_base = phase_handover[phase]
        for e in entrances:
            for floor in range(1, layout.floors + 1):
                for door in doors:
                    roll = rng.random()
                    occupancy = (
                        "vacant" if roll < 0.08 else "rented" if roll < 0.23 else "owner_occupied"
                    )
                    handover = handover_base + dt.timedelta(days=rng.randint(0, 75))
                    unit = Unit(
                        code=layout.unit(b, e, floor, door),
                        building=b,
                        entrance=e,
                        owner=person_name(rng, used),
                        phones=[
                            mobile(rng),
                            mobile(rng) if rng.random() < 0.4 else None,
                            mobile(rng) if rng.random() < 0.15 else None,
                        ],
                        area=plan_area[(b, e, door)],
                        occupancy=occupancy,
                        parking=occupancy != "vacant" and rng.random() < 0.33,
                        handover=handover,
                        id_number=id_number(rng) if rng.random() < 0.9 else None,
                        room=f"{floor * 100 + door:04d}",
                    )
                    recent = rng.random() < 0.6
                    unit.verified = (
                        rand_date(rng, dt.date(2025, 12, 1), dt.date(2026, 11, 20))
                        if recent
                        else rand_date(rng, dt.date(2022, 1, 1), dt.date(2025, 11, 26))
                    )
                    if occupancy == "vacant":
                        unit.keys_held = rng.random() < 0.6
                    else:
                        unit.move_in = handover + dt.timedelta(days=rng.randint(45, 720))
                        unit.renovation = "accepted" if rng.random() < 0.75 else "none"
                        if rng.random() < 0.2:
                            unit.keys_held = False
                    units.append(unit)
    occupied = [u for u in units if u.occupancy != "vacant"]
    picks = rng.sample(occupied, 10)
    # Resales and second renovations: a few flats are being redone right now.
    for unit in picks[:6]:
        unit.renovation = "in_progress"
        unit.renovation_until = rand_date(rng, dt.date(2026, 11, 10), dt.date(2026, 12, 31))
        unit.keys_held = rng.random() < 0.5
    for unit in picks[6:8]:
        unit.renovation = "applied"
    for unit in picks[8:]:
        unit.renovation = "awaiting_inspection"
        unit.renovation_until = rand_date(rng, dt.date(2026, 10, 15), dt.date(2026, 11, 20))
    return units


def make_trainers(rng: random.Random, used: set[str], staff: list[Staff]) -> dict[str, str]:
    supervisors = [s.name for s in staff if s.role == "客服主管"]
    return {
        "supervisor": supervisors[0],
        "deputy": supervisors[1],
        "manager": person_name(rng, used),
        "hr": person_name(rng, used),
        "quality": person_name(rng, used),
        "lawyer": person_name(rng, used) + "（律師）",
        "computer": person_name(rng, used),
        "fire": person_name(rng, used),
    }


SKILL_TOPICS = (
    "報事報修受理與派單流程",
    "投訴受理、分級與升級處理",
    "回訪話術與回訪記錄規範",
    "前台接待禮儀與來訪登記",
    "代管鑰匙的借用與交接",
    "業主檔案建檔與資料更新",
    "收費系統操作與收據管理",
    "欠費催繳的溝通技巧",
    "裝修申請審核要點",
    "空置房巡查與記錄",
    "交房流程與驗房單填寫",
    "通知通告擬稿與張貼規範",
    "電梯困人應急處置流程",
    "停水停電信息發佈流程",
    "快遞代收與物品寄存管理",
    "滿意度調查的實施方法",
    "特約服務受理流程",
    "門禁卡辦理、補辦與註銷",
    "車位租賃登記與臨時停車管理",
    "客服工單系統操作",
    "業主聯繫方式核實要求",
    "裝修巡查與違規整改通知",
    "突發事件信息上報流程",
    "公共區域報事的巡查與記錄",
    "收發文件與考勤登記",
    "物資申領與庫存登記",
)
PROPERTY_TOPICS = (
    "《物業管理條例》要點解讀",
    "業主大會與業主委員會",
    "物業服務合同與收費標準",
    "質量體系基礎知識",
    "質量體系文件與記錄控制",
    "房屋本體及設施設備維護常識",
    "住宅專項維修資金的使用",
    "物業承接查驗實務",
    "物業服務質量標準",
    "內部審核與糾正預防措施",
    "綠化與環境管理基礎",
    "物業管理常見糾紛案例分析",
)
SERVICE_TOPICS = (
    "文明用語與電話禮儀",
    "儀容儀表與禮貌禮節",
    "服務意識與情緒管理",
    "服務技能與服務要求",
)
COMPUTER_TOPICS = (
    "電腦使用常識：開關機與文件夾管理",
    "輸入法練習",
    "Word 文檔排版（一）",
    "Word 文檔排版（二）",
    "Excel 表格基礎",
    "Excel 公式與篩選",
    "Excel 數據整理與打印",
    "電腦資料管理與備份",
    "文件的打印、修改與保存",
    "Internet 基礎與網上信息查閱",
    "電子商務與網上繳費處理",
    "結業考試（理論＋上機）",
)
CULTURE_TOPICS = (
    "寫作能力：通知與工作日誌寫作",
    "閱讀與理解：物業法規短文研讀",
    "演講比賽：我身邊的好服務",
    "寫作比賽：給業主的一封信",
)
ONBOARDING_DAYS = (
    ("公司概況、部門運作與安全教育", 240),
    ("崗位職責、獎懲、考勤、著裝與禮儀", 180),
    ("崗位標準作業規程摘要（一）", 180),
    ("崗位標準作業規程摘要（二）", 180),
    ("試行上崗，老員工帶教（一）", 480),
    ("試行上崗，老員工帶教（二）", 480),
    ("新員工入職考試", 90),
)


def make_sessions(rng: random.Random, staff: list[Staff], t: dict[str, str]) -> list[Session]:
    afternoon = dt.time(14, 0)
    sessions: list[Session] = []
    for week in range(52):
        day = dt.date(2025, 12, 2) + dt.timedelta(weeks=week)
        if day == dt.date(2026, 2, 17):  # 春節: that week's session moves to the Friday
            day = dt.date(2026, 2, 20)
        topic = SKILL_TOPICS[week % len(SKILL_TOPICS)] + ("（複訓）" if week >= 26 else "")
        minutes = rng.choice((60, 60, 60, 75, 90))
        trainer = t["supervisor"] if week % 3 else t["deputy"]
        sessions.append(Session("skills", topic, day, afternoon, minutes, trainer))
    for i, (y, m) in enumerate(MONTHS):
        trainer = t["quality"] if i % 2 else t["hr"]
        sessions.append(
            Session(
                "property_knowledge",
                PROPERTY_TOPICS[i],
                nth_weekday(y, m, 3, 2),
                afternoon,
                rng.choice((120, 120, 150)),
                trainer,
            )
        )
        sessions.append(
            Session(
                "meeting",
                f"{m}月部門例會：工作總結與下月安排",
                nth_weekday(y, m, 0, 1),
                dt.time(9, 0),
                60,
                t["supervisor"],
            )
        )
    sessions += [
        Session(
            "legal",
            "《勞動法》與《治安管理處罰法》要點",
            dt.date(2026, 4, 16),
            dt.time(9, 30),
            120,
            t["lawyer"],
        ),
        Session(
            "legal",
            "《城市異產毗連房屋管理規定》與《房屋接管驗收標準》",
            dt.date(2026, 10, 22),
            dt.time(9, 0),
            120,
            "市物業管理行業協會",
            external=True,
        ),
        Session(
            "safety",
            "消防知識與日常工作安全（含滅火器實操）",
            dt.date(2026, 6, 18),
            dt.time(9, 30),
            rng.choice((90, 120)),
            t["fire"],
        ),
    ]
    for q, day in enumerate(
        (dt.date(2026, 1, 21), dt.date(2026, 4, 22), dt.date(2026, 7, 22), dt.date(2026, 10, 21))
    ):
        sessions.append(
            Session(
                "service", SERVICE_TOPICS[q], day, dt.time(14, 30), rng.choice((90, 120)), t["hr"]
            )
        )
    for q, day in enumerate(
        (dt.date(2026, 1, 29), dt.date(2026, 4, 30), dt.date(2026, 7, 30), dt.date(2026, 10, 29))
    ):
        sessions.append(
            Session("culture", CULTURE_TOPICS[q], day, dt.time(15, 30), 90, t["deputy"])
        )
    # One month, Monday/Wednesday/Friday evenings, as the SOP prescribes.
    evenings = [
        dt.date(2026, 3, 2) + dt.timedelta(days=d)
        for d in range(28)
        if (dt.date(2026, 3, 2) + dt.timedelta(days=d)).weekday() in (0, 2, 4)
    ]
    for topic, day in zip(COMPUTER_TOPICS, evenings, strict=True):
        sessions.append(Session("computer", topic, day, dt.time(18, 0), 120, t["computer"]))
    numbered = sorted(sessions, key=lambda s: (s.date, s.start))
    for n, session in enumerate(numbered, start=1):
        session.session_id = f"TS-2026-{n:03d}"
    for person in staff:
        if person.hire < YEAR_START:
            continue
        mentor = next(s.name for s in staff if s.role == person.role and s.status == "active")
        for d, (topic, minutes) in enumerate(ONBOARDING_DAYS, start=1):
            trainer = t["supervisor"] if d <= 4 else mentor if d <= 6 else t["hr"]
            numbered.append(
                Session(
                    "onboarding",
                    f"入職培訓第{d}天：{topic}",
                    person.hire + dt.timedelta(days=d - 1),
                    dt.time(9, 0),
                    minutes,
                    trainer,
                    session_id=f"ON-{person.staff_id}-D{d}",
                )
            )
    return sorted(numbered, key=lambda s: (s.date, s.start, s.session_id))


# ---------------------------------------------------------------- tabs


def staff_tab(world: World, faults: bool = True) -> list[Row]:
    rows: list[Row] = []
    for s in world.staff:
        rows.append(
            {
                "staff_id": s.staff_id,
                "name": s.name,
                "role": s.role,
                "department": s.department,
                "hire_date": s.hire,
                "status": label("staff_status", s.status),
                "left_date": s.left,
                "culture_training": yes_no(s.culture),
                "leave_from": s.leave_from,
                "leave_until": s.leave_until,
                "phone": s.phone,
                "notify_to": s.notify_to,
            }
        )
    if faults:
        rows[36]["hire_date"] = "2026年13月2日"  # S037
    return rows


def sessions_tab(world: World, faults: bool = True) -> list[Row]:
    rows: list[Row] = [
        {
            "session_id": s.session_id,
            "category": label("training_category", s.category),
            "topic": s.topic,
            "date": s.date,
            "start_time": s.start,
            "minutes": s.minutes,
            "trainer": s.trainer,
            "external": yes_no(s.external),
        }
        for s in world.sessions
    ]
    if faults:
        pasted = next(i for i, r in enumerate(rows) if r["session_id"] == "TS-2026-040")
        rows.insert(pasted + 1, dict(rows[pasted]))
    return rows


EXAM_CATEGORIES = ("property_knowledge", "legal", "service", "safety")


def exam_scores(rng: random.Random, category: str, passing: bool) -> Row:
    if category == "computer":
        theory, practical = rng.randint(18, 29), rng.randint(36, 58)
        if not passing:
            theory, practical = rng.randint(8, 16), rng.randint(20, 34)
        return {
            "theory_score": theory,
            "practical_score": practical,
            "discipline_score": rng.randint(6, 10) if passing else rng.randint(3, 7),
        }
    theory = rng.randint(58, 88) if passing else rng.randint(32, 50)
    return {"theory_score": theory, "discipline_score": rng.randint(7, 10) if passing else 6}


def attendance_tab(world: World, rng: random.Random, faults: bool = True) -> list[Row]:
    staff = world.staff
    diligence = {s.staff_id: rng.uniform(0.82, 0.97) for s in staff}
    first_evening = min(s.date for s in world.sessions if s.category == "computer")
    cohort = rng.sample(
        [s for s in staff[1:] if s.available(first_evening - dt.timedelta(days=1))], 14
    )
    # Some of the cohort miss evenings often enough to end under the 20 machine hours required.
    evening_rate = {s.staff_id: rng.choice((0.95, 0.95, 0.9, 0.7)) for s in cohort}
    sent_out = [staff[0], *rng.sample([s for s in staff if s.role == "客服專員"], 4)]
    last_computer = max(s.date for s in world.sessions if s.category == "computer")

    weekly = {s.session_id for s in world.sessions if s.category == "skills"}
    keyed: list[tuple[tuple[Any, ...], Row]] = []
    exam_rows: list[tuple[Session, Row]] = []
    for order, session in enumerate(world.sessions):
        if session.date > AS_OF:
            continue
        if session.category == "onboarding":
            invited = [s for s in staff if session.session_id.startswith(f"ON-{s.staff_id}-")]
        elif session.category == "computer":
            invited = cohort
        elif session.category == "culture":
            invited = [s for s in staff if s.culture]
        elif session.external:
            invited = sent_out
        else:
            invited = staff
        for person in invited:
            if not person.available(session.date):
                continue
            if session.category == "computer":
                exam_night = session.date == last_computer
                if not exam_night and rng.random() > evening_rate[person.staff_id]:
                    continue
            elif session.category != "onboarding" and rng.random() > diligence[person.staff_id]:
                continue
            row: Row = {
                "session_id": session.session_id,
                "staff_id": person.staff_id,
                "minutes": session.minutes,
            }
            if session.category == "computer":
                row["machine_hours"] = rng.choice((2.0, 2.0, 2.0, 1.5))
                if session.date == last_computer:
                    row |= exam_scores(rng, "computer", True) | {"attempt": 1}
                    exam_rows.append((session, row))
            elif session.external:
                row["certificate"] = f"市物協(2026)培字第{rng.randint(100, 899):04d}號"
            elif session.category in EXAM_CATEGORIES:
                row |= exam_scores(rng, session.category, True) | {"attempt": 1}
                exam_rows.append((session, row))
            elif session.session_id.endswith("-D7"):
                # HR's day-7 onboarding exam (out of 100); its own generator leaves the rest
                # of the workbook exactly as it was.
                exam = random.Random(session.session_id)
                row |= {"theory_score": exam.randint(70, 96), "attempt": 1}
            keyed.append(((session.date, order, person.staff_id, 1), row))

    # A handful fail and retake a few weeks later; the first of them fails again (a warning).
    retake_window = [(s, r) for s, r in exam_rows if s.date <= dt.date(2026, 10, 15)]
    failed = rng.sample([p for p in retake_window if p[0].category != "computer"], 5)
    failed += rng.sample([p for p in retake_window if p[0].category == "computer"], 1)
    for n, (session, row) in enumerate(failed):
        row |= exam_scores(rng, session.category, False)
        retake: Row = {"session_id": row["session_id"], "staff_id": row["staff_id"], "minutes": 0}
        retake |= exam_scores(rng, session.category, n != 0) | {"attempt": 2}
        # Clerks log a retake on the day it is sat, after that day's sessions.
        when = session.date + dt.timedelta(days=rng.randint(14, 28))
        keyed.append(((when, len(world.sessions), row["staff_id"], 2), retake))

    skills_60 = [r for _, r in keyed if r["minutes"] == 60 and r["session_id"] in weekly]
    for row in rng.sample(skills_60, 4):
        row["minutes"] = rng.randint(45, 59)

    keyed.sort(key=lambda kr: kr[0])
    rows = [r for _, r in keyed]
    if faults:
        s009 = [r for r in rows if r["staff_id"] == "S009"]
        s009[len(s009) // 2]["staff_id"] = "S099"
    return rows


EXAM_RULE = "理論 90＋紀律 10，60 分合格，不合格補考一次"
ALL_CS = "客服部全體員工"
# fmt: off
PLAN_2026: tuple[tuple[str, str, str, str, int], ...] = (
    # category, planned time, scope, assessment standard, budget in yuan
    ("onboarding", "報到後 7 天內", "新入職員工", "第 7 天入職考試，合格方可上崗", 800),
    ("skills", "每週二 14:00", ALL_CS, "按執行標準作業規程情況評分，計入月度績效", 1200),
    ("property_knowledge", "每月第二個週四", ALL_CS, EXAM_RULE, 6000),
    ("legal", "4 月內訓、10 月外送", "全體；外送 5 人", "內訓同考試規則；外送交合格證", 4500),
    ("service", "1、4、7、10 月", ALL_CS, EXAM_RULE, 3000),
    ("computer", "3 月，一三五晚 18:00", "報名學員", "理論30＋上機60＋紀律10；上機≥20小時", 2400),
    ("safety", "6 月（安全生產月）", ALL_CS, EXAM_RULE, 3500),
    ("meeting", "每月第一個週一 9:00", ALL_CS, "現場評估，記錄出勤", 0),
    ("culture", "1、4、7、10 月", "文化培訓名單內員工", "寫作、演講作品現場評估", 1500),
)
# fmt: on


def plan_tab(world: World, faults: bool = True) -> list[Row]:
    manager = world.trainers["manager"]
    rows: list[Row] = [
        {
            "year": 2026,
            "category": label("training_category", cat),
            "planned_month": when,
            "scope": scope,
            "standard": standard,
            "budget": Decimal(budget),
            "submitted_on": dt.date(2025, 12, 10),
            "approved_by": manager,
            "approved_on": dt.date(2025, 12, 12),
        }
        for cat, when, scope, standard, budget in PLAN_2026
    ]
    # 2027 is being drafted on 2026-11-27: due 12-15, so some fields are still empty.
    submitted = {"onboarding", "skills", "property_knowledge", "meeting"}
    for cat, when, scope, standard, budget in PLAN_2026:
        row: Row = {
            "year": 2027,
            "category": label("training_category", cat),
            "planned_month": when.replace("10 月外送", "9 月外送"),
            "scope": scope,
            "standard": standard,
            "budget": (Decimal(budget) * Decimal("1.05")).quantize(CENT),
            "submitted_on": dt.date(2026, 11, 25) if cat in submitted else None,
        }
        if cat == "legal":
            row["budget"] = None
        if cat in ("culture", "safety"):
            row["standard"] = None
        if cat == "computer" and faults:
            row["category"] = "電腦培訓"
        rows.append(row)
    return rows


def owners_tab(world: World, faults: bool = True) -> list[Row]:
    bad_id = next(u.code for u in world.units if u.building == 7 and u.id_number) if faults else ""
    rows: list[Row] = []
    for unit in world.units:
        rows.append(
            {
                "unit": unit.code,
                "owner_name": unit.owner,
                "phone_1": unit.phones[0],
                "phone_2": unit.phones[1],
                "phone_3": unit.phones[2],
                "contacts_verified_on": unit.verified,
                "handover_date": unit.handover,
                "move_in_date": unit.move_in,
                "keys_held": None if unit.keys_held is None else yes_no(unit.keys_held),
                "occupancy": label("occupancy", unit.occupancy),
                "renovation": label("renovation", unit.renovation),
                "renovation_until": unit.renovation_until,
                "area_m2": float(unit.area),
                "id_number": unit.id_number,
            }
        )
        if unit.code == "2-1-0602" and faults:
            rows[-1]["phone_2"] = "138-1234-567"
        if unit.code == bad_id and unit.id_number and faults:
            check = ID_CHECK[(ID_CHECK.index(unit.id_number[17]) + 1) % 11]
            rows[-1]["id_number"] = unit.id_number[:17] + check  # one keystroke off
        if unit.code == "5-2-1502":
            rows.append({})  # a clerk's stray empty line between two buildings
    return rows


# Repairs all go to 工程部; the other kinds carry (summary, department).
REPAIRS = (
    "{r}室衛生間天花板滲水",
    "{r}室廚房下水管堵塞",
    "{r}室入戶門門鎖損壞，無法反鎖",
    "{r}室客廳燈不亮，疑似線路跳閘",
    "{r}室陽台地漏返水",
    "{r}室可視對講無法開門",
    "{r}室水錶前閥門滴漏",
    "{b}號樓{e}單元樓道聲控燈不亮",
    "{b}號樓{e}單元單元門閉門器損壞",
    "{b}號樓{e}單元電梯運行有異響",
    "地下車庫{b}號樓附近照明損壞",
)
URGENT_REPAIRS = (
    "{b}號樓{e}單元電梯困人",
    "{r}室水管爆裂，水已漫到走廊",
    "{r}室全屋停電，配電箱跳閘無法合閘",
    "{r}室樓上漏水嚴重，天花板滴水",
)
REPORTS = (
    ("{b}號樓{e}單元樓道堆放雜物", "秩序部"),
    ("地下車庫有車輛佔用消防通道", "秩序部"),
    ("{b}號樓旁垃圾未及時清運", "環境部"),
    ("{b}號樓外牆瓷磚有脫落風險", "工程部"),
    ("{r}室樓上裝修超時施工", "秩序部"),
    ("小區內有流浪犬出沒", "秩序部"),
    ("{b}號樓{e}單元門禁卡失靈", "工程部"),
    ("{b}號樓前綠化帶樹枝折斷", "環境部"),
)
PATROL_REPORTS = (
    ("巡查發現{b}號樓消防通道堆放紙箱", "秩序部"),
    ("巡查發現{b}號樓{e}單元樓頂門未上鎖", "秩序部"),
    ("巡查發現中心花園噴泉池水質渾濁", "環境部"),
    ("巡查發現{b}號樓地下車庫積水", "工程部"),
    ("巡查發現{b}號樓外垃圾桶破損", "環境部"),
)
INQUIRIES = (
    ("咨詢物業費繳費方式及發票開具", "客服部"),
    ("咨詢裝修申請需提交的資料", "客服部"),
    ("咨詢門禁卡補辦流程及費用", "客服部"),
    ("咨詢車位月租辦理手續", "客服部"),
    ("咨詢小區停水時間安排", "客服部"),
    ("咨詢快遞代收點位置及開放時間", "客服部"),
    ("咨詢房屋出租需登記的資料", "客服部"),
)
COMPLAINTS = (
    ("投訴樓上夜間噪音擾民", "秩序部"),
    ("投訴樓道保潔未按時清掃", "環境部"),
    ("投訴地下車庫車位被他人佔用", "秩序部"),
    ("投訴維修人員上門不準時", "工程部"),
    ("投訴寵物糞便未及時清理", "環境部"),
    ("投訴{b}號樓垃圾桶異味大", "環境部"),
    ("投訴前台電話長時間無人接聽", "客服部"),
)
SUGGESTIONS = (
    ("建議增設電動自行車充電樁", "客服部"),
    ("建議延長前台週末服務時間", "客服部"),
    ("建議兒童遊樂區增加遮陽棚", "工程部"),
    ("建議{b}號樓門口加裝雨棚", "工程部"),
    ("建議增加快遞櫃數量", "客服部"),
)
NOTES = {
    "very_satisfied": (
        "業主對處理速度表示感謝",
        "業主表示師傅及時、態度好",
        "問題已解決，業主非常滿意",
    ),
    "satisfied": (
        "已處理完畢，業主表示滿意",
        "業主確認問題已解決",
        "業主滿意，希望以後提前電話預約",
    ),
    "neutral": (
        "已解決，但業主認為等待時間較長",
        "業主希望加快響應速度",
        "已處理，業主反映現場未清理乾淨",
    ),
    "dissatisfied": (
        "業主反映問題反覆出現，要求再次上門",
        "業主對維修結果不滿意，已轉工程部復查",
        "業主認為響應太慢，已報客服主管跟進",
    ),
}


def tickets_tab(
    world: World, rng: random.Random, layout: Layout = DEMO_LAYOUT, faults: bool = True
) -> list[Row]:
    occupied = [u for u in world.units if u.occupancy != "vacant"]
    callers = [s for s in world.staff if s.role in ("客服專員", "管家")]
    rows: list[Row] = []
    day = YEAR_START
    while day <= AS_OF:
        # Summer rain brings more leaks, so the ticket count rises a little in June to August.
        count = rng.randint(*layout.tickets_per_day) + int(
            day.month in (6, 7, 8) and rng.random() < 0.5
        )
        latest = 21 * 60 + 30 if day < AS_OF else NOW.hour * 60 + NOW.minute
        minutes = sorted(rng.randint(7 * 60 + 30, latest) for _ in range(count))
        for seq, minute in enumerate(minutes, start=1):
            received = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
            rows.append(one_ticket(rng, f"BX-{day:%Y%m%d}-{seq:03d}", received, occupied, callers))
        day += dt.timedelta(days=1)
    assign(rows, callers, faults)
    if faults:
        # Roughly mid-year, the first ticket with a unit gets a building that does not exist.
        next(r for r in rows[len(rows) // 2 :] if r["unit"])["unit"] = "11-1-0301"
    return rows


def assign(rows: list[Row], callers: list[Staff], faults: bool) -> None:
    """Each ticket's assignee: someone at work the day it came in. Most inquiries are answered
    on the spot and a few other tickets were never assigned, so those stay blank. A generator
    of its own, so the tabs drawn after the tickets stay as they were."""
    rng = random.Random(f"assignees-{len(rows)}")
    for row in rows:
        received = row["received_at"].date()
        chance = 0.3 if row["kind"] == label("ticket_kind", "inquiry") else 0.95
        at_work = [s for s in callers if s.available(received)]
        if at_work and rng.random() < chance:
            row["assignee"] = rng.choice(at_work).staff_id
    if faults:
        # The first open ticket assigned is assigned by the person's name, as clerks write it.
        open_ = {label("ticket_status", s) for s in ("open", "in_progress")}
        slip = next(r for r in rows if r["status"] in open_ and r.get("assignee"))
        slip["assignee"] = next(s.name for s in callers if s.staff_id == slip["assignee"])


def one_ticket(
    rng: random.Random,
    ticket_id: str,
    received: dt.datetime,
    occupied: list[Unit],
    callers: list[Staff],
) -> Row:
    kind = rng.choices(
        ("repair", "report", "inquiry", "complaint", "suggestion"), (50, 16, 20, 9, 5)
    )[0]
    unit = rng.choice(occupied)
    channel = rng.choices(("phone", "wechat", "front_desk", "other"), (45, 32, 20, 3))[0]
    urgent = kind == "repair" and rng.random() < 0.12
    if kind == "repair":
        text, dept = rng.choice(URGENT_REPAIRS if urgent else REPAIRS), "工程部"
    elif kind == "report" and rng.random() < 0.35:
        text, dept = rng.choice(PATROL_REPORTS)
        channel = "patrol"
    else:
        pool = {
            "report": REPORTS,
            "inquiry": INQUIRIES,
            "complaint": COMPLAINTS,
            "suggestion": SUGGESTIONS,
        }[kind]
        text, dept = rng.choice(pool)
    summary = text.format(b=unit.building, e=unit.entrance, r=unit.room)
    row: Row = {
        "ticket_id": ticket_id,
        "received_at": received,
        "unit": None if channel == "patrol" else unit.code,
        "kind": label("ticket_kind", kind),
        "urgency": label("urgency", "urgent" if urgent else "normal") if kind == "repair" else None,
        "channel": label("ticket_channel", channel),
        "summary": summary,
        "department": dept,
    }
    hours = {
        "inquiry": rng.uniform(0.08, 0.6),
        "repair": rng.uniform(0.4, 4) if urgent else rng.uniform(2, 72),
        "report": rng.uniform(1, 48),
        "complaint": rng.uniform(4, 120),
        "suggestion": rng.uniform(24, 240),
    }[kind]
    resolved = (received + dt.timedelta(hours=hours)).replace(second=0, microsecond=0)
    if not urgent and kind != "inquiry" and not 8 <= resolved.hour < 21:
        # Routine jobs wait for the day shift instead of finishing at 3 a.m.
        morning = resolved.date() + dt.timedelta(days=int(resolved.hour >= 21))
        resolved = dt.datetime.combine(morning, dt.time(8, 0)) + dt.timedelta(
            minutes=rng.randint(15, 150)
        )
    if rng.random() < 0.015:
        row["status"] = label("ticket_status", "cancelled")
        return row
    # The last few days' work is still open: a backlog, not only what is unfinished by the clock.
    age = (NOW - received).days
    backlog = kind != "inquiry" and rng.random() < 0.7 - 0.1 * age
    if resolved > NOW or backlog:
        started = NOW - received > dt.timedelta(hours=20)
        row["status"] = label("ticket_status", "in_progress" if started else "open")
        return row
    row["resolved_at"] = resolved
    if kind not in ("repair", "complaint"):
        row["status"] = label("ticket_status", "closed")
        return row
    row["status"] = label("ticket_status", "resolved")
    if rng.random() < 0.1:  # follow-up forgotten: the site should list these
        return row
    follow = dt.datetime.combine(
        resolved.date() + dt.timedelta(days=rng.randint(1, 3)),
        dt.time(rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50))),
    )
    if follow > NOW:
        return row
    by = [s for s in callers if s.available(follow.date())]
    weights = (35, 45, 14, 6) if kind == "repair" else (15, 45, 25, 15)
    mood = rng.choices(tuple(NOTES), weights)[0]
    row |= {
        "status": label("ticket_status", "closed"),
        "followup_at": follow,
        "followup_by": rng.choice(by).name,
        "satisfaction": label("satisfaction", mood),
        "followup_note": rng.choice(NOTES[mood]),
    }
    return row


def make_arrears(rng: random.Random, units: list[Unit]) -> list[Arrears]:
    # About one unit in seventeen owes (36 of the demo's 600).
    picks = sorted(rng.sample(units, max(4, round(len(units) * 0.06))), key=units.index)
    owing: list[Arrears] = []
    for n, unit in enumerate(picks):
        debt = Arrears(unit, first=rng.randint(2, 9))
        if n % 4 == 0:  # a quarter of them pay up in the end, late
            debt.paid_through = min(debt.first + rng.randint(1, 3), 11)
            y, m = MONTHS[debt.paid_through]
            debt.settled_on = dt.date(y, m, rng.randint(5, 25))
        elif rng.random() < 0.4:
            debt.partial = rng.randint(debt.first, 10)
        if n % 9 == 4:
            debt.stale_phone = mobile(rng)
        owing.append(debt)
    return owing


def fees_tab(world: World, rng: random.Random, faults: bool = True) -> list[Row]:
    debts = {d.unit.code: d for d in world.arrears}
    rows: list[Row] = []
    paid: list[tuple[dt.date, int, Row]] = []
    for i, (y, m) in enumerate(MONTHS):
        for unit in world.units:
            items = [("物業費", (unit.area * Decimal("2.80")).quantize(CENT, ROUND_HALF_UP))]
            if unit.parking:
                items.append(("停車費", Decimal("300.00")))
            debt = debts.get(unit.code)
            last_day = min(month_end(y, m), AS_OF)
            paid_on: dt.date | None = dt.date(y, m, rng.randint(1, last_day.day))
            share = Decimal(1)
            if debt and debt.first <= i < debt.paid_through:
                if debt.settled_on:
                    paid_on = debt.settled_on
                elif debt.partial == i:
                    share = Decimal("0.5")
                else:
                    paid_on, share = None, Decimal(0)
            elif (y, m) == MONTHS[-1] and rng.random() < 0.15:
                paid_on = None  # November bills are not due until the month ends
            for item, due in items:
                row: Row = {"unit": unit.code, "period": period(y, m), "item": item}
                row["amount_due"] = due
                if paid_on:
                    row["amount_paid"] = (due * share).quantize(CENT, ROUND_HALF_UP)
                    row["paid_on"] = paid_on
                    paid.append((paid_on, len(rows), row))
                elif share == 0:
                    row["amount_paid"] = Decimal("0.00")
                rows.append(row)
    # Receipts are numbered per month in the order money came in.
    paid.sort(key=lambda p: (p[0], p[1]))
    counters: dict[str, int] = {}
    for day, _, row in paid:
        month = f"{day:%Y%m}"
        counters[month] = counters.get(month, 0) + 1
        row["receipt_no"] = f"SF{month}-{counters[month]:04d}"
    # Two owners round up and leave the change as credit.
    clean = [r for r in rows if r["item"] == "物業費" and r.get("amount_paid") == r["amount_due"]]
    for row in rng.sample(clean, 2):
        row["amount_paid"] = (
            (row["amount_due"] / 100).to_integral_value(ROUND_CEILING) * 100
        ).quantize(CENT)
    if faults:
        prepaid = next(
            r
            for r in reversed(rows)
            if r["item"] == "停車費" and r.get("paid_on") and r["unit"] not in debts
        )
        prepaid["amount_paid"] = "¥1,2O0.00"  # four months of parking, with a letter O
    return rows


OUTCOMES = {
    "phone": (
        "無人接聽",
        "承諾月底繳清",
        "業主稱近期資金緊張，承諾下月繳納",
        "業主對樓上漏水處理不滿，暫不繳費",
        "已關機",
        "業主稱已委託租戶繳納，待核實",
    ),
    "sms": ("已發送催繳短信", "短信已送達，未回覆"),
    "wechat": ("已微信發送繳費通知單", "業主已讀未回", "業主回覆本週內線上繳費"),
    "visit": (
        "上門無人，已在門上張貼催繳單",
        "與業主面談，承諾分兩期繳清",
        "租戶在家，已請其轉告業主",
    ),
    "letter": ("已寄送書面催繳函", "已在單元門張貼書面催繳通知"),
}


def reminders_tab(world: World, rng: random.Random, faults: bool = True) -> list[Row]:
    collectors = [s for s in world.staff if s.role in ("收費員", "客服專員")]
    keyed: list[tuple[dt.date, int, Row]] = []
    for debt in world.arrears:
        y, m = MONTHS[debt.first]
        day = month_end(y, m) + dt.timedelta(days=rng.randint(5, 15))
        end = debt.settled_on or AS_OF
        while day < end:
            method = rng.choices(tuple(OUTCOMES), (45, 20, 20, 10, 5))[0]
            row: Row = {
                "unit": debt.unit.code,
                "date": day,
                "method": label("reminder_method", method),
            }
            row["outcome"] = rng.choice(OUTCOMES[method])
            if method in ("phone", "sms", "wechat"):
                row["contact_used"], note = pick_contact(rng, debt)
                if method == "phone" and note:
                    row["outcome"] = note
            row["staff_id"] = collector(rng, collectors, day)
            keyed.append((day, len(keyed), row))
            day += dt.timedelta(days=rng.randint(12, 36))
        if debt.settled_on:
            row = {
                "unit": debt.unit.code,
                "date": debt.settled_on,
                "method": label("reminder_method", "phone"),
                "contact_used": debt.unit.phones[0],
                "staff_id": collector(rng, collectors, debt.settled_on),
                "outcome": "已繳費，欠費已結清",
            }
            keyed.append((debt.settled_on, len(keyed), row))
    keyed.sort(key=lambda k: (k[0], k[1]))
    rows = [r for _, _, r in keyed]
    if faults:
        rows[99]["method"] = "打電話"
    return rows


def collector(rng: random.Random, staff: list[Staff], day: dt.date) -> str:
    """Fee collectors make most reminder calls; customer-service officers help out."""
    role = "收費員" if rng.random() < 0.7 else "客服專員"
    return rng.choice([s for s in staff if s.role == role and s.available(day)]).staff_id


def pick_contact(rng: random.Random, debt: Arrears) -> tuple[str, str | None]:
    """The number dialled, and an outcome that number forces (or None)."""
    phones = debt.unit.phones
    if debt.stale_phone and rng.random() < 0.6:
        return debt.stale_phone, rng.choice(("號碼非業主本人", "空號"))
    if phones[2] and rng.random() < 0.3:
        # The third number owners leave is often a friend's, as in the office's own story.
        return phones[2], "接聽人為業主朋友，已請其轉告"
    if phones[1] and rng.random() < 0.3:
        return phones[1], None
    return str(phones[0]), None


class Notice(NamedTuple):
    issued: str
    kind: str
    audience: str
    expires: str | None
    title: str
    body: str
    pinned: bool = False
    status: str = "published"


# fmt: off
NOTICES: tuple[Notice, ...] = (
    Notice(
        "2025-12-03", "notice", "owners", "2025-12-10",
        "二次供水水箱清洗停水通知",
        "尊敬的各位業主：\n\n"
        "因二次供水水箱年度清洗消毒，**12月8日 9:00–17:00** 全小區暫停供水。\n\n"
        "- 請提前做好儲水準備；\n"
        "- 恢復供水初期水質可能渾濁，請放水片刻後再使用。\n\n"
        "不便之處，敬請諒解。",
    ),
    Notice(
        "2025-12-15", "reminder", "owners", "2026-02-28",
        "冬季用電用火安全溫馨提示",
        "天乾物燥，請各位業主注意居家用電用火安全。\n\n"
        "- 電暖器遠離窗簾、被褥等可燃物；\n"
        "- 外出前**關閉燃氣總閥**；\n"
        "- 電動自行車請勿在樓道、室內充電。",
    ),
    Notice(
        "2025-12-26", "notice", "owners", "2026-01-04",
        "2026年元旦假期服務安排",
        "元旦假期（1月1日至1月3日）客服前台照常開放，服務時間 **9:00–18:00**。\n\n"
        "報修及緊急事務請撥打24小時值班電話。",
    ),
    Notice(
        "2026-01-12", "bulletin", "owners", None,
        "關於規範電動自行車停放充電的通告",
        "為消除火災隱患，即日起電動自行車**一律停放在指定車棚**，"
        "並使用集中充電樁充電。\n\n"
        "在樓道、電梯內停放或充電的，物業服務中心將勸離並登記；"
        "屢勸不改者報消防部門處理。",
    ),
    Notice(
        "2026-01-20", "notice", "internal", "2026-02-24",
        "春節期間客服部值班安排",
        "春節假期客服部實行輪班，值班表已張貼於辦公室。\n\n"
        "- 值班人員須**提前15分鐘到崗**；\n"
        "- 緊急報修按應急流程即時派單；\n"
        "- 交接班須在值班記錄本簽字。",
    ),
    Notice(
        "2026-02-06", "notice", "owners", "2026-02-24",
        "2026年春節假期服務安排",
        "春節期間（2月15日至2月23日）客服前台服務時間調整為 **9:00–17:00**，"
        "工程、秩序崗位24小時在崗。\n\n"
        "祝各位業主新春愉快、闔家安康！",
    ),
    Notice(
        "2026-02-25", "reminder", "owners", "2026-03-31",
        "節後垃圾分類投放溫馨提示",
        "節後生活垃圾較多，請按**廚餘、可回收物、有害垃圾、其他垃圾**分類投放。\n\n"
        "大件垃圾請聯繫客服前台預約清運。",
    ),
    Notice(
        "2026-03-10", "notice", "owners", "2026-03-31",
        "電梯年度檢驗通知",
        "特種設備檢驗機構將於3月16日至3月27日對小區電梯進行年度檢驗，"
        "每部電梯停用約**2小時**，各單元停用時間另行張貼。\n\n"
        "給您帶來不便，敬請諒解。",
    ),
    Notice(
        "2026-03-30", "bulletin", "owners", None,
        "裝修管理規定（2026年修訂）",
        "**裝修前**須到客服前台辦理裝修申請，提交裝修方案及施工單位資料。\n\n"
        "- 施工時間：工作日 8:30–12:00、14:00–18:00；\n"
        "- **週末及節假日禁止噪音施工**；\n"
        "- 裝修垃圾須袋裝並運至指定堆放點；\n"
        "- 不得改動承重牆及外立面。\n\n"
        "完工後請到前台預約驗收。",
        pinned=True,
    ),
    Notice(
        "2026-04-14", "notice", "owners", "2026-04-20",
        "綠化病蟲害防治噴藥通知",
        "4月16日至4月18日上午將對小區綠化進行病蟲害防治噴藥。\n\n"
        "噴藥期間請**看管好兒童和寵物**，勿觸碰綠植，並關閉低層窗戶。",
    ),
    Notice(
        "2026-05-08", "notice", "owners", "2026-05-20",
        "消防演練通知",
        "物業服務中心將於5月19日下午在中心廣場組織消防演練，"
        "屆時消防警鈴將短時鳴響，**請勿驚慌**。\n\n"
        "歡迎各位業主參加滅火器實操體驗。",
    ),
    Notice(
        "2026-05-26", "notice", "owners", "2026-06-05",
        "",  # deliberate: published without a title (UNTITLED is its title in a clean estate)
        "地下車庫將於6月1日至6月4日分區進行地坪劃線施工。\n\n"
        "- 施工區域車輛請**前一晚移至地面臨時車位**；\n"
        "- 具體分區安排見車庫入口公示。",
    ),
    Notice(
        "2026-06-10", "reminder", "owners", "2026-09-30",
        "雨季防汛溫馨提示",
        "雨季來臨，請各位業主：\n\n"
        "- 關好門窗，檢查陽台地漏是否通暢；\n"
        "- 地下車庫如有積水，請**及時將車輛移至地面**；\n"
        "- 發現漏水請即時報修。",
    ),
    Notice(
        "2026-06-24", "notice", "internal", "2026-07-31",
        "下半年培訓安排及考勤要求",
        "下半年培訓按年度計劃執行，物業管理知識、服務及法律知識培訓均設考試。\n\n"
        "**無故缺席按曠工處理**；考試不合格者補考一次，補考仍不合格給予警告。",
    ),
    Notice(
        "2026-07-08", "emergency", "owners", "2026-07-11",
        "颱風預警緊急通知",
        "氣象台已發佈**颱風橙色預警**，預計今晚至明天風雨最強。\n\n"
        "- 收起陽台花盆、晾曬衣物等懸掛物；\n"
        "- 非必要不外出；\n"
        "- 地下車庫低窪處車輛請移至地面。\n\n"
        "如遇險情請撥打24小時值班電話。",
    ),
    Notice(
        "2026-07-20", "notice", "owners", "2026-07-23",
        "二次供水設備檢修停水通知",
        "因二次供水加壓泵檢修，7月22日 **9:00–15:00** 1號至5號樓暫停供水，請提前儲水。",
    ),
    Notice(
        "2026-08-12", "bulletin", "owners", "2026-08-31",
        "關於清理樓道堆放雜物的通告",
        "樓道屬消防疏散通道，請各位業主於**8月25日前**自行清理樓道內堆放的雜物。\n\n"
        "逾期未清理的，物業服務中心將會同社區統一清理。",
    ),
    Notice(
        "2026-08-28", "reminder", "owners", "2026-09-15",
        "開學季小區交通安全溫馨提示",
        "開學季上下學時段人車較多，小區內請**減速慢行**，勿在消防通道臨時停車。",
    ),
    Notice(
        "2026-09-18", "notice", "owners", "2026-10-08",
        "2026年國慶假期服務安排",
        "國慶假期（10月1日至10月7日）客服前台服務時間調整為 **9:00–17:00**，"
        "報修及緊急事務請撥打24小時值班電話。",
    ),
    Notice(
        "2026-10-14", "emergency", "owners", "2026-10-15",
        "10號樓配電房故障緊急停電通知",
        "10號樓配電房突發故障，工程部正在搶修，預計**今日18:00前**恢復供電。\n\n"
        "停電期間電梯停運，請走樓梯並注意安全。",
    ),
    Notice(
        "2026-10-20", "notice", "owners", "2026-11-15",
        "業主滿意度調查通知",
        "為改進服務，物業服務中心將於10月下旬至11月中旬開展年度業主滿意度調查。\n\n"
        "管家將上門或通過微信發放問卷，**感謝您的寶貴意見**。",
    ),
    Notice(
        "2026-11-02", "reminder", "owners", "2026-12-31",
        "2026年物業費繳納溫馨提示",
        "2026年度物業費請於**12月31日前**繳清。\n\n"
        "- 可在客服前台刷卡或掃碼繳納；\n"
        "- 也可通過微信服務號線上繳費。\n\n"
        "如需開具發票，請攜帶繳費憑證到前台辦理。",
        pinned=True,
    ),
    Notice(
        "2026-11-16", "notice", "owners", "2026-12-05",
        "5號樓電梯更換主機停用通知",
        "5號樓1單元電梯將於11月23日至12月4日更換曳引主機，**施工期間停用**。\n\n"
        "行動不便的業主如需協助，請聯繫本單元管家。",
    ),
    Notice(
        "2026-11-28", "notice", "owners", "2026-12-20",
        "冬季消防安全檢查通知",
        "物業服務中心將於12月上旬配合消防部門開展入戶消防安全檢查，具體時間另行通知。",
        status="draft",
    ),
    Notice(
        "2026-11-30", "notice", "owners", "2027-01-04",
        "2027年元旦假期服務安排",
        "元旦假期客服前台照常開放，服務時間 **9:00–18:00**。",
        status="draft",
    ),
)
# fmt: on


UNTITLED = "地下車庫地坪劃線施工通知"


def notices_tab(issuer: str = ISSUER, faults: bool = True) -> list[Row]:
    rows: list[Row] = []
    counters: dict[int, int] = {2025: 45}  # the 2025 series had reached KF-2025-045 by December
    for n in NOTICES:
        day = dt.date.fromisoformat(n.issued)
        counters[day.year] = counters.get(day.year, 0) + 1
        rows.append(
            {
                "notice_no": f"KF-{day.year}-{counters[day.year]:03d}",
                "title": n.title or (None if faults else UNTITLED),
                "kind": label("notice_kind", n.kind),
                "audience": label("audience", n.audience),
                "body": n.body,
                "issued_on": day,
                "expires_on": dt.date.fromisoformat(n.expires) if n.expires else None,
                "issuer": issuer if n.audience == "owners" else f"{issuer}客服部",
                "pinned": yes_no(n.pinned),
                "status": label("notice_status", n.status),
            }
        )
    return rows


ALL_ROLES = "客服主管、客服專員、前台接待、管家、收費員、內勤"
DUTIES: tuple[tuple[str, str, str | None], ...] = (
    ("把業主的需要放在首位，主動、迅速地為業主和住戶辦好各項服務。", ALL_ROLES, None),
    (
        "參與新項目接管前的介入和承接查驗，接管後把遺留問題跟到解決並回訪業主。",
        "客服主管、管家",
        None,
    ),
    ("辦理交房手續，保管業主檔案、資料和代管鑰匙等物品。", "管家、內勤", "CS-SOP-03"),
    (
        "接聽業主的咨詢、來訪、報事、報修和投訴，事後做回訪。",
        "客服專員、前台接待、管家",
        "CS-SOP-01",
    ),
    ("收取各項費用，跟進欠繳的物業管理費。", "收費員、客服專員", "CS-SOP-04"),
    ("為業主辦理裝修相關手續，並看管空置房屋。", "管家", None),
    ("起草各類通知、通告，統一對外張貼的版式。", "客服主管、內勤", None),
    ("處理服務中心的內勤事務：收發文件、考勤和物資。", "內勤", None),
    ("協調並組織小區的經營性服務和特約服務。", "客服主管、管家", None),
    ("協助籌辦小區的社區文化活動。", "客服專員、管家", None),
    ("組織業主對物業服務的滿意度調查。", "客服主管、客服專員", "CS-SOP-09"),
    ("協助服務中心做好對內、對外的溝通協調。", "客服主管", None),
    ("向業主宣傳物業法規、政策和物業常識。", "客服專員、前台接待", None),
    ("完成上級交辦的其他工作。", ALL_ROLES, None),
)


def duties_tab(faults: bool = True) -> list[Row]:
    # CS-SOP-09 is the deliberate slip; a clean estate's duty names no procedure.
    return [
        {"no": n, "duty": duty, "role": role, "sop": sop if faults or sop != "CS-SOP-09" else None}
        for n, (duty, role, sop) in enumerate(DUTIES, start=1)
    ]


# The SOP pages' front matter (site/sop/*.md), as far as read-and-sign needs it: code, the
# roles that must read it, and each version with the day it took effect.
SOP_VERSIONS: tuple[tuple[str, tuple[str, ...] | None, tuple[tuple[str, dt.date], ...]], ...] = (
    (
        "CS-SOP-01",
        ("客服專員", "前台接待", "管家"),
        (("1.0", dt.date(2026, 1, 5)), ("1.1", dt.date(2026, 11, 16))),
    ),
    ("CS-SOP-02", None, (("1.0", dt.date(2026, 1, 5)),)),  # everyone
    ("CS-SOP-03", ("客服主管", "管家"), (("1.0", dt.date(2026, 1, 5)),)),
    ("CS-SOP-04", ("收費員", "管家"), (("1.0", dt.date(2026, 1, 5)),)),
)


def acknowledgements_tab(world: World, seed: int = SEED) -> list[Row]:
    # A generator of its own, so the other tabs stay exactly as they were before this one.
    rng = random.Random(seed + 14)
    readers = {
        code: [s for s in world.staff if roles is None or s.role in roles]
        for code, roles, _ in SOP_VERSIONS
    }
    never = {
        ("CS-SOP-02", next(s.staff_id for s in readers["CS-SOP-02"] if s.role == "前台接待")),
        ("CS-SOP-04", next(s.staff_id for s in readers["CS-SOP-04"] if s.role == "管家")),
    }
    rows: list[Row] = []
    for code, _, versions in SOP_VERSIONS:
        for n, (version, effective) in enumerate(versions):
            superseded = versions[n + 1][1] if n + 1 < len(versions) else None
            latest = superseded is None and effective > AS_OF - dt.timedelta(days=14)
            for s in readers[code]:
                start = max(effective, s.hire)
                if (code, s.staff_id) in never or (s.left is not None and s.left < start):
                    continue
                if superseded is not None and start >= superseded:
                    continue  # hired after the next version: they read that one
                if s.leave_from is not None and s.leave_from <= start:
                    continue
                # A new version still in its window: about half have signed so far.
                if latest and rng.random() < 0.5:
                    continue
                day = start + dt.timedelta(days=rng.randint(0, 9))
                if day > AS_OF:
                    continue
                rows.append({"staff_id": s.staff_id, "sop": code, "version": version, "date": day})
    rows.sort(key=lambda r: (r["date"], r["staff_id"], r["sop"]))
    return rows


# ---------------------------------------------------------------- writing

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="BFBFBF")
FLOAT_FORMATS = {"area_m2": "0.00", "machine_hours": "0.0"}


def display_width(value: Any) -> int:
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value).split("\n", 1)[0]
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_sheet(
    wb: Workbook, tab: str, rows: list[Row], styled_tail: int = 0, lang: str = LANG
) -> None:
    columns = list(LABELS["columns"][tab])
    ws = wb.create_sheet(LABELS["tabs"][tab][lang])
    headers = [LABELS["columns"][tab][c][lang] for c in columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    widths = [display_width(h) for h in headers]
    for r, row in enumerate(rows, start=2):
        for c, key in enumerate(columns, start=1):
            value = row.get(key)
            if value is None:
                continue
            cell = ws.cell(r, c, float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FMT
            elif isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FMT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FMT
            elif isinstance(value, dt.time):
                cell.number_format = TIME_FMT
            elif isinstance(value, float):
                cell.number_format = FLOAT_FORMATS[key]
            if r < 400:  # the first few hundred rows say enough about a column's width
                widths[c - 1] = max(widths[c - 1], display_width(value))
    for n in range(len(rows) + 2, len(rows) + 2 + styled_tail):
        for c, key in enumerate(columns, start=1):
            cell = ws.cell(n, c)
            cell.border = Border(bottom=THIN)
            if key.endswith("_at"):
                cell.number_format = DATETIME_FMT
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"


# A scaled office is the demo's estate repeated: each copy is another estate of the same company
# (buildings numbered on, ids suffixed), so ids stay unique and references valid and validation
# does the work a large company's workbook asks of it. Plans, notices and duties stay single.
# The staff may be fewer teams than there are estates (`teams`): estate k is then served by
# team k mod teams, whose people, training and read-and-sign are copied once a team.
TEAM_TABS = frozenset({"staff", "training_sessions", "training_attendance", "sop_acknowledgements"})
SCALED_TABS = TEAM_TABS | {"owners", "tickets", "fees", "fee_reminders"}
ID_COLUMNS = frozenset(
    {"staff_id", "session_id", "ticket_id", "receipt_no", "followup_by", "assignee"}
)
STAFF_COLUMNS = frozenset({"staff_id", "followup_by", "assignee"})
# An Excel sheet holds 1,048,576 rows; past 110 estates the fee sheet would not fit.
MAX_SCALE = 110
BUILDINGS_PER_COPY = 20
ENTRANCES_PER_COPY = 5
MAX_BUILDING = 999


def copied(row: Row, copy: int, team: int | None = None) -> Row:
    """The row as it is in the copy-th other estate, served by its `team` (default the
    estate's own: team 0 is the demo's people, as they are)."""
    out = dict(row)
    team = copy if team is None else team
    for key, value in row.items():
        if not isinstance(value, str) or not value:
            continue
        if key in ID_COLUMNS:
            number = team if key in STAFF_COLUMNS else copy
            out[key] = f"{value}-{number}" if number else value
        elif key == "unit" and value.split("-", 1)[0].isdigit():
            out[key] = copied_unit(value, copy)
    return out


def copied_unit(unit: str, copy: int) -> str:
    """The unit renumbered for the copy-th estate. Building numbers stop at 999 (no real
    estate, and no unit scheme, goes beyond), so past that the entrances are numbered on."""
    parts = unit.split("-")
    wrap, offset = divmod(copy, MAX_BUILDING // BUILDINGS_PER_COPY)
    parts[0] = str(int(parts[0]) + BUILDINGS_PER_COPY * offset)
    if wrap:
        parts[1] = str(int(parts[1]) + ENTRANCES_PER_COPY * wrap)
    return "-".join(parts)


def scaled(tab: str, rows: list[Row], scale: int, teams: int | None = None) -> list[Row]:
    teams = teams or scale
    if tab in TEAM_TABS:
        scale = teams
    if scale == 1 or tab not in SCALED_TABS:
        return rows
    return rows + [copied(row, copy, copy % teams) for copy in range(1, scale) for row in rows]


# Formatted-but-empty rows a clerk leaves below the data, per tab.
STYLED_TAIL = {"tickets": 20}


def estate_tabs(
    layout: Layout = DEMO_LAYOUT, seed: int = SEED, faults: bool = True, estate: str = ESTATE
) -> dict[str, list[Row]]:
    """Every tab of one whole estate, in workbook order: the demo's with the defaults; another
    estate of the same company with its own layout and seed, and `faults=False` for one
    without the demo's deliberate slips."""
    rng = random.Random(seed)
    used: set[str] = set()
    staff = make_staff(rng, used)
    trainers = make_trainers(rng, used, staff)
    sessions = make_sessions(rng, staff, trainers)
    world = World(staff, trainers, sessions, make_units(rng, used, layout))
    world.arrears = make_arrears(rng, world.units)
    # Tabs draw on the generator in this order, so each is built before the next.
    tabs: dict[str, list[Row]] = {}
    tabs["staff"] = staff_tab(world, faults)
    tabs["training_sessions"] = sessions_tab(world, faults)
    tabs["training_attendance"] = attendance_tab(world, rng, faults)
    tabs["training_plan"] = plan_tab(world, faults)
    tabs["owners"] = owners_tab(world, faults)
    tabs["tickets"] = tickets_tab(world, rng, layout, faults)
    tabs["fees"] = fees_tab(world, rng, faults)
    tabs["fee_reminders"] = reminders_tab(world, rng, faults)
    tabs["announcements"] = notices_tab(f"{estate}物業服務中心", faults)
    tabs["responsibilities"] = duties_tab(faults)
    tabs["sop_acknowledgements"] = acknowledgements_tab(world, seed)
    return tabs


def workbook(
    tabs: dict[str, list[Row]], lang: str = LANG, creator: str = f"{ISSUER}客服部"
) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for tab, rows in tabs.items():
        write_sheet(wb, tab, rows, STYLED_TAIL.get(tab, 0), lang)
    wb.properties.creator = creator
    wb.properties.created = wb.properties.modified = FIXED_STAMP
    return wb


def build(scale: int = 1, teams: int | None = None) -> Workbook:
    tabs = estate_tabs()
    return workbook({tab: scaled(tab, rows, scale, teams) for tab, rows in tabs.items()})


# openpyxl writes each text cell in full where it stands (t="inlineStr"); Excel, WPS and
# Google's xlsx export keep one table of the workbook's texts and give each cell its number.
# The demo is saved the way they save, so the readers meet what offices send (and a large
# company's fee sheet is a fifth smaller).
_INLINE = re.compile(
    rb'<c ([^>]*?) ?t="inlineStr"([^>]*)><is><t( xml:space="preserve")?>([^<]*)</t></is></c>'
)
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The workbook's parts with every inline text moved to xl/sharedStrings.xml."""
    table: dict[tuple[bytes, bytes], int] = {}

    def shared(cell: re.Match[bytes]) -> bytes:
        number = table.setdefault((cell[4], cell[3] or b""), len(table))
        return b'<c %s t="s"%s><v>%d</v></c>' % (cell[1], cell[2], number)

    out = {
        name: _INLINE.sub(shared, data) if name.startswith("xl/worksheets/") else data
        for name, data in parts.items()
    }
    out["xl/_rels/workbook.xml.rels"] = out["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdStrings" Type="{_STRINGS_REL}" Target="sharedStrings.xml"/>'
        "</Relationships>".encode(),
    )
    out["[Content_Types].xml"] = out["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_STRINGS_TYPE}"/>'
        "</Types>".encode(),
    )
    items = b"".join(b"<si><t%s>%s</t></si>" % (space, text) for text, space in table)
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    out["xl/sharedStrings.xml"] = head + b'<sst xmlns="%s" uniqueCount="%d">%s</sst>' % (
        main,
        len(table),
        items,
    )
    return out


def save(wb: Workbook, out: Path) -> None:
    """Write the xlsx with every zip member stamped FIXED_STAMP, so equal data gives equal bytes."""
    buffer = io.BytesIO()
    # Workbook.save() would set properties.modified to the current time; ExcelWriter does not.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as src:
        parts = shared_strings({member.filename: src.read(member) for member in src.infolist()})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_STAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description="Write the demo workbook (or a scaled office).")
    parser.add_argument("out", nargs="?", type=Path, default=HERE / "demo.xlsx")
    parser.add_argument(
        "--scale", type=int, default=1, help="estates in the company: 20 makes ~300k rows"
    )
    parser.add_argument(
        "--teams",
        type=int,
        help="staff teams of the demo's 40 people (default one an estate): "
        "--scale 110 --teams 50 has the size limit's 2,000 staff",
    )
    args = parser.parse_args(argv[1:])
    if not 1 <= args.scale <= MAX_SCALE:
        parser.error(f"--scale is 1 to {MAX_SCALE}: more fee rows than an Excel sheet holds")
    if args.teams is not None and not 1 <= args.teams <= args.scale:
        parser.error("--teams is 1 to --scale")
    save(build(args.scale, args.teams), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main(sys.argv)
