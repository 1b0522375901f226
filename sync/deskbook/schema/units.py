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
from functools import lru_cache

from deskbook.model.units import DEFAULT_SCHEMES as DEFAULT_SCHEMES
from deskbook.model.units import SCHEME_NAMES, pattern_parts

_ROOM_END = r"(?:室|房|號|号)?"
_BUILDING = r"(?:棟|栋|幢|座|#|號樓|号楼|號|号|-)"
_ENTRANCE = r"(?:單元|单元|-)"
_FLOOR = r"(?:樓|楼|層|层|/F|F)"
# A named block ends in what estates call their towers: 翠園閣, 碧桂苑, 海景大廈.
_NAMED = r"[\u4e00-\u9fff]{1,8}?(?:閣|阁|苑|園|园|軒|轩|居|庭|府|大廈|大厦|花園|花园)"
_SHOP = r"(?:商鋪|商铺|底商|鋪位|铺位|舖位|商舖|地舖|地铺|SHOP)"
# Hong Kong writes a shop's number before its word: G12號舖, 地下G05號舖.
_SHOP_END = r"(?:號舖|号铺|號鋪|號店|号店|舖|鋪|铺)"
_PARKING = (
    r"(?:停車位|停车位|地下車庫|地下车库|車庫|车库|車位|车位|CARPARKING|CARPARK|CARSPACE"
    r"|PARKINGSPACE|PARKING)"
)
_PARKING_END = r"(?:號車位|号车位|車位|车位)"
# A block as Hong Kong and English offices mark it: 第5座, 5座, Block 5, Tower B, A栋.
_BLOCK_WORD = r"(?:BLOCK|BLK|TOWER|TWR)"
_BLOCK = (
    rf"(?:{_BLOCK_WORD}-?(?P<w>[A-Z]{{1,2}}|\d{{1,3}})-?"
    rf"|第?(?P<d>\d{{1,3}})(?:座|棟|栋|幢)-?"
    rf"|(?P<k>[A-Z]|{_NAMED})(?:座|棟|栋|幢)?-?)"
)
_STORAGE = r"(?:儲藏室|储藏室|儲藏間|储藏间|儲物間|储物间|儲物室|储物室|STORAGE|ST-?)"
_VILLA = r"(?:(?:別墅|别墅|洋房|獨立屋|独立屋|VILLA|HOUSE)(?:V-?)?|V-?)"
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


def _block(match: re.Match[str]) -> str:
    """The block a _BLOCK group read, however it was marked: B (Tower B), 5 (第5座)."""
    found = match.groupdict()
    for group, number in (("w", False), ("d", True), ("k", False), ("t", False)):
        if found.get(group):
            value = found[group]
            return str(int(value)) if number or value.isdigit() else value
    return ""


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
            (
                "A座1203",
                "A棟12樓03室",
                "翠園閣 1203",
                "Block 5 1203",
                "Tower B 1502",
                "A栋-2701",
                "Blk 5 #12-03",
            ),
            (
                (
                    _p(rf"{_BLOCK}(?P<f>\d{{1,3}}){_FLOOR}(?P<n>\d{{2}})(?:室|房)"),
                    lambda m: f"{_block(m)}-{int(m['f'])}{m['n']}",
                ),
                (
                    _p(rf"{_BLOCK}(?:FLAT|RM|ROOM|UNIT)?-?(?P<r>\d{{3,5}}){_ROOM_END}"),
                    lambda m: f"{_block(m)}-{m['r']}",
                ),
                (
                    # Singapore: Blk 5 #12-03 is block 5, floor 12, unit 03.
                    _p(rf"{_BLOCK}#(?P<f>\d{{1,3}})-(?P<n>\d{{2,4}})"),
                    lambda m: f"{_block(m)}-{int(m['f'])}{m['n']}",
                ),
            ),
        ),
        Scheme(
            "floor-flat",
            "12F-A",
            ("12樓A室", "12/F Flat A", "A座12樓B室", "第5座12樓B室", "Block 5, 12/F, Flat B"),
            (
                (
                    _p(
                        rf"(?:{_BLOCK},?)?(?P<f>\d{{1,3}}){_FLOOR},?"
                        r"(?:FLAT|RM|ROOM|UNIT|-)?(?P<x>[A-Z]{1,2})(?:室|座)?"
                        rf"(?:,?{_BLOCK_WORD}-?(?P<t>[A-Z]{{1,2}}|\d{{1,3}}))?"
                    ),
                    lambda m: (f"{_block(m)}-" if _block(m) else "") + f"{int(m['f'])}F-{m['x']}",
                ),
                (
                    _p(
                        r"(?:FLAT|RM|ROOM|UNIT)(?P<x>[A-Z]{1,2}),?(?P<f>\d{1,3})/F"
                        rf"(?:,?{_BLOCK_WORD}-?(?P<w>[A-Z]{{1,2}}|\d{{1,3}}))?"
                    ),
                    lambda m: (f"{m['w']}-" if m["w"] else "") + f"{int(m['f'])}F-{m['x']}",
                ),
                (
                    # Taiwan: 5樓之3, B棟12樓之1 (the third flat of the fifth floor).
                    _p(rf"(?:{_BLOCK})?(?P<f>\d{{1,3}})(?:樓|楼)之(?P<x>\d{{1,2}})"),
                    lambda m: (f"{_block(m)}-" if _block(m) else "") + f"{int(m['f'])}F-{m['x']}",
                ),
                (
                    _p(rf"(?:{_BLOCK},?)?(?:FLAT|RM|ROOM|UNIT)?-?(?P<f>\d{{1,3}})(?P<x>[A-Z])室?"),
                    lambda m: (f"{_block(m)}-" if _block(m) else "") + f"{int(m['f'])}F-{m['x']}",
                ),
            ),
        ),
        Scheme(
            "shop",
            "S-101",
            ("商鋪 S-101", "S101", "底商 1-101", "商鋪G05", "G12號舖", "Shop G05"),
            (
                (_p(rf"{_SHOP}?S-?(?P<n>\d{{1,4}})"), lambda m: f"S-{m['n']}"),
                (
                    _p(rf"{_SHOP}(?:(?P<b>\d{{1,3}})-)?(?P<n>\d{{1,4}})"),
                    lambda m: f"S-{int(m['b'])}-{m['n']}" if m["b"] else f"S-{m['n']}",
                ),
                (
                    _p(rf"(?:{_SHOP}|地下|地庫|地库)-?(?P<n>[A-Z]{{1,2}}\d{{1,4}}){_SHOP_END}?"),
                    lambda m: f"S-{m['n']}",
                ),
                (
                    _p(rf"(?:地下|地庫|地库)?(?P<n>[A-Z]{{0,2}}\d{{1,4}}){_SHOP_END}"),
                    lambda m: f"S-{m['n']}",
                ),
            ),
        ),
        Scheme(
            "parking",
            "P-B2-045",
            ("車位 B2-045", "地下車庫 B1-12", "B2-045", "B1-23號車位", "Car park B2-045"),
            (
                (
                    _p(rf"(?:{_PARKING}|P-?)?(?P<l>B\d)-?(?P<n>\d{{1,4}}){_PARKING_END}?"),
                    lambda m: f"P-{m['l']}-{m['n']}",
                ),
                (
                    _p(rf"(?:{_PARKING}|P-)(?P<n>\d{{1,4}}){_PARKING_END}?"),
                    lambda m: f"P-{m['n']}",
                ),
                (_p(rf"(?P<n>\d{{1,4}}){_PARKING_END}"), lambda m: f"P-{m['n']}"),
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
            ("別墅 V-18", "别墅18号", "18號別墅", "洋房3號", "獨立屋 H5", "Villa 3"),
            (
                (
                    _p(rf"{_VILLA}(?P<n>[A-Z]?\d{{1,4}})(?:號|号|棟|栋|幢)?"),
                    lambda m: f"V-{m['n']}",
                ),
                (
                    _p(r"(?P<n>\d{1,4})(?:號|号|棟|栋|幢)?(?:別墅|别墅|洋房|獨立屋|独立屋)"),
                    lambda m: f"V-{m['n']}",
                ),
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

# Folded before reading: spaces, the middle dots and dashes of CJK input, letter case. A space
# between two numbers parts them (Block 5 1203 is block 5, room 1203, never block 51).
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "‐": "-", "_": "-", "，": ","})


def fold_unit(text: str) -> str:
    parted = re.sub(r"(?<=\d)\s+(?=\d)", "-", text.translate(_DASHES).strip())
    return re.sub(r"\s+|(?<=[A-Za-z])\.", "", parted).upper()


# What each part of an office's own pattern ([units] patterns) reads, and how it is kept.
_PART_READS = {
    "block": rf"[A-Z]{{1,2}}|\d{{1,3}}|{_NAMED}",
    "building": r"\d{1,3}",
    "entrance": r"\d{1,2}",
    "floor": r"[A-Z]{1,2}|[A-Z]?\d{1,3}",
    "flat": r"[A-Z]{1,2}|\d{1,3}",
    "room": r"\d{3,5}",
    "number": r"[A-Z]{0,2}\d{1,4}(?:-\d{1,4})?",
}


@lru_cache(maxsize=64)
def _template(template: str) -> re.Pattern[str]:
    """A pattern such as {block}座{floor}樓{flat}室 as a regular expression over folded text."""
    pieces = re.split(r"\{([^{}]*)\}", template)
    regex = "".join(
        f"(?P<{piece}>{_PART_READS[piece]})" if odd else re.escape(fold_unit(piece))
        for odd, piece in ((i % 2 == 1, p) for i, p in enumerate(pieces))
    )
    return re.compile(regex)


def _templated(template: str, text: str) -> str | None:
    match = _template(template).fullmatch(text)
    if not match:
        return None
    shown = []
    for part in pattern_parts(template):
        value = match[part]
        if part in ("building", "entrance") or (part == "block" and value.isdigit()):
            value = str(int(value))
        if part == "floor" and value.isdigit():
            value = f"{int(value)}F"
        shown.append(value)
    return "-".join(shown)


def pattern_example(template: str) -> str:
    """A pattern as a message quotes it: its template, parts in braces."""
    return template


class NoReading(Exception):
    """The value fits no declared scheme (`readings` empty) or more than one."""

    def __init__(self, readings: dict[str, str]) -> None:
        super().__init__(readings)
        self.readings = readings


def read_unit(text: str, schemes: tuple[str, ...], templates: tuple[str, ...] = ()) -> str:
    """The canonical code of `text` under the declared `schemes` and the office's own
    `templates` ([units] patterns)."""
    folded = fold_unit(text)
    readings = {name: code for name in schemes if (code := SCHEMES[name].read(folded))}
    readings |= {t: code for t in templates if (code := _templated(t, folded))}
    if len(set(readings.values())) == 1:
        return next(iter(readings.values()))
    raise NoReading(readings)


def unit_group(code: str) -> str:
    """What a page groups a unit under: its building, block, floor or kind (see above)."""
    return code.split("-", 1)[0]


def unit_sort_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Numbers in number order (2 before 10), so building 10 does not come before 9."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", code) if p)
