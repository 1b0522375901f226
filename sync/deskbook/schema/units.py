"""How estates number their units, one scheme each; an estate declares the ones it uses.

Each scheme reads the ways clerks write its units (`3棟2單元1201`, `3#2-1201`, `3-2-1201`) and
gives one canonical code that every tab shares, so owners, tickets, fees and reminders meet on
the same key. Reading is strict: a value that fits no declared scheme, or that two declared
schemes read differently (`B1203`: block B room 1203, or parking space B1-203?), is an error
at its cell, never a guess. Room numbers keep their digits as typed (`0601` is not `601`).

The grouping a page shows per building is the code's first part: the building (`3`), the
block (`A`, `翠園閣`), the floor (`12F`) or the kind of unit (`S` shops, `P` parking, `ST`
storage, `V` villas, `O` offices).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from deskbook.model.units import DEFAULT_SCHEMES as DEFAULT_SCHEMES
from deskbook.model.units import SCHEME_NAMES

_ROOM_END = r"(?:室|房|號|号)?"
_BUILDING = r"(?:棟|栋|幢|座|#|號樓|号楼|號|号|-)"
_ENTRANCE = r"(?:單元|单元|-)"
_FLOOR = r"(?:樓|楼|層|层|/F|F)"
# A named block ends in what estates call their towers: 翠園閣, 碧桂苑, 海景大廈.
_NAMED = r"[\u4e00-\u9fff]{1,8}?(?:閣|阁|苑|園|园|軒|轩|居|庭|府|大廈|大厦|花園|花园)"
_SHOP = r"(?:商鋪|商铺|底商|鋪位|铺位|SHOP)"
_PARKING = r"(?:停車位|停车位|地下車庫|地下车库|車庫|车库|車位|车位|PARKING)"
_STORAGE = r"(?:儲藏室|储藏室|儲藏間|储藏间|儲物間|储物间|儲物室|储物室|STORAGE|ST-?)"
_VILLA = r"(?:(?:別墅|别墅|VILLA)(?:V-?)?|V-?)"
_OFFICE = r"(?:寫字樓|写字楼|辦公室|办公室|OFFICE|O-)"


@dataclass(frozen=True)
class Scheme:
    name: str
    # The canonical form of a typical unit, quoted in messages and the workbook's instructions.
    example: str
    # Other ways of writing it that are read the same.
    also: tuple[str, ...]
    readings: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]

    def read(self, text: str) -> str | None:
        for pattern, canonical in self.readings:
            match = pattern.fullmatch(text)
            if match:
                return canonical(match)
        return None


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme(
            "building-unit-room",
            "3-2-1201",
            ("3棟2單元1201", "3#2-1201", "3幢2单元1201室"),
            (
                (
                    _p(
                        rf"(?P<b>\d{{1,3}}){_BUILDING}(?P<u>\d{{1,2}}){_ENTRANCE}(?P<r>\d{{3,5}}){_ROOM_END}"
                    ),
                    lambda m: f"{int(m['b'])}-{int(m['u'])}-{m['r']}",
                ),
            ),
        ),
        Scheme(
            "tower-room",
            "12-1203",
            ("12棟1203", "12幢1203室", "12#1203"),
            (
                (
                    _p(rf"(?P<b>\d{{1,3}}){_BUILDING}(?P<r>\d{{3,5}}){_ROOM_END}"),
                    lambda m: f"{int(m['b'])}-{m['r']}",
                ),
            ),
        ),
        Scheme(
            "block-room",
            "A-1203",
            ("A座1203", "A棟12樓03室", "翠園閣 1203"),
            (
                (
                    _p(
                        rf"(?P<k>[A-Z]|{_NAMED})(?:座|棟|栋|幢)?(?P<f>\d{{1,3}}){_FLOOR}"
                        r"(?P<n>\d{2})(?:室|房)"
                    ),
                    lambda m: f"{m['k']}-{int(m['f'])}{m['n']}",
                ),
                (
                    _p(rf"(?P<k>[A-Z]|{_NAMED})(?:座|棟|栋|幢|-)?(?P<r>\d{{3,5}}){_ROOM_END}"),
                    lambda m: f"{m['k']}-{m['r']}",
                ),
            ),
        ),
        Scheme(
            "floor-flat",
            "12F-A",
            ("12樓A室", "12/F Flat A", "A座12樓B室"),
            (
                (
                    _p(
                        rf"(?:(?P<k>[A-Z]|{_NAMED})(?:座|棟|栋|幢|-))?(?P<f>\d{{1,3}}){_FLOOR}"
                        r"(?:FLAT|-)?(?P<x>[A-Z]{1,2})(?:室|座)?"
                    ),
                    lambda m: (f"{m['k']}-" if m["k"] else "") + f"{int(m['f'])}F-{m['x']}",
                ),
            ),
        ),
        Scheme(
            "shop",
            "S-101",
            ("商鋪 S-101", "S101", "底商 1-101"),
            (
                (_p(rf"{_SHOP}?S-?(?P<n>\d{{1,4}})"), lambda m: f"S-{m['n']}"),
                (
                    _p(rf"{_SHOP}(?:(?P<b>\d{{1,3}})-)?(?P<n>\d{{1,4}})"),
                    lambda m: f"S-{int(m['b'])}-{m['n']}" if m["b"] else f"S-{m['n']}",
                ),
            ),
        ),
        Scheme(
            "parking",
            "P-B2-045",
            ("車位 B2-045", "地下車庫 B1-12", "B2-045"),
            (
                (
                    _p(rf"(?:{_PARKING}|P-?)?(?P<l>B\d)-?(?P<n>\d{{1,4}})"),
                    lambda m: f"P-{m['l']}-{m['n']}",
                ),
                (_p(rf"(?:{_PARKING}|P-)(?P<n>\d{{1,4}})"), lambda m: f"P-{m['n']}"),
            ),
        ),
        Scheme(
            "storage",
            "ST-B1-08",
            ("儲藏室 B1-08", "储藏室 B1-08"),
            (
                (
                    _p(rf"{_STORAGE}(?:(?P<l>B\d)-?)?(?P<n>\d{{1,4}})"),
                    lambda m: f"ST-{m['l']}-{m['n']}" if m["l"] else f"ST-{m['n']}",
                ),
            ),
        ),
        Scheme(
            "villa",
            "V-18",
            ("別墅 V-18", "别墅18号", "18號別墅"),
            (
                (_p(rf"{_VILLA}(?P<n>\d{{1,4}})(?:號|号|棟|栋|幢)?"), lambda m: f"V-{m['n']}"),
                (_p(r"(?P<n>\d{1,4})(?:號|号|棟|栋|幢)?(?:別墅|别墅)"), lambda m: f"V-{m['n']}"),
            ),
        ),
        Scheme(
            "office",
            "O-2101",
            ("寫字樓 2101", "写字楼2101"),
            ((_p(rf"{_OFFICE}(?P<n>\d{{3,5}})"), lambda m: f"O-{m['n']}"),),
        ),
    )
}
if tuple(SCHEMES) != SCHEME_NAMES:
    raise TypeError("schema/units.py and model/units.py name different schemes")

# Folded before reading: spaces, the middle dots and dashes of CJK input, letter case.
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "‐": "-", "_": "-"})


def fold_unit(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_DASHES)).upper()


class NoReading(Exception):
    """The value fits no declared scheme (`readings` empty) or more than one."""

    def __init__(self, readings: dict[str, str]) -> None:
        super().__init__(readings)
        self.readings = readings


def read_unit(text: str, schemes: tuple[str, ...]) -> str:
    """The canonical code of `text` under the declared `schemes`."""
    folded = fold_unit(text)
    readings = {name: code for name in schemes if (code := SCHEMES[name].read(folded))}
    if len(set(readings.values())) == 1:
        return next(iter(readings.values()))
    raise NoReading(readings)


def unit_group(code: str) -> str:
    """What a page groups a unit under: its building, block, floor or kind (see above)."""
    return code.split("-", 1)[0]


def unit_sort_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Numbers in number order (2 before 10), so building 10 does not come before 9."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", code) if p)
