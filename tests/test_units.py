"""Unit numbering schemes: every string in tests/data/units.toml read as the table says."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from deskbook.schema.types import CellProblem, UnitCode
from deskbook.schema.units import SCHEMES, unit_group, unit_sort_key

TABLE = tomllib.loads((Path(__file__).parent / "data" / "units.toml").read_text("utf-8"))


def _cases(kind: str) -> list[tuple[str, tuple[str, ...], object]]:
    cases = []
    for name, case in TABLE.items():
        for entry in case.get(kind, []):
            cases.append((name, tuple(case["schemes"]), entry))
    return cases


@pytest.mark.parametrize(("name", "schemes", "entry"), _cases("accept"))
def test_accepted_with_canonical_form(
    name: str, schemes: tuple[str, ...], entry: list[str]
) -> None:
    typed, canonical = entry
    assert UnitCode(schemes).parse(typed) == canonical


@pytest.mark.parametrize(("name", "schemes", "typed"), _cases("reject"))
def test_rejected_naming_the_declared_patterns(
    name: str, schemes: tuple[str, ...], typed: str
) -> None:
    with pytest.raises(CellProblem) as caught:
        UnitCode(schemes).parse(typed)
    assert caught.value.code == "invalid-unit"
    for scheme in schemes:
        assert SCHEMES[scheme].example in caught.value.params["patterns"]


@pytest.mark.parametrize(("name", "schemes", "typed"), _cases("ambiguous"))
def test_two_readings_are_asked_about(name: str, schemes: tuple[str, ...], typed: str) -> None:
    with pytest.raises(CellProblem) as caught:
        UnitCode(schemes).parse(typed)
    assert caught.value.code == "ambiguous-unit"
    assert caught.value.params["readings"] == "B-1203 (block-room); P-B1-203 (parking)"


def test_every_scheme_has_a_table_and_reads_its_own_examples() -> None:
    tabled = {s for case in TABLE.values() for s in case["schemes"]}
    assert tabled == set(SCHEMES)
    for scheme in SCHEMES.values():
        assert UnitCode((scheme.name,)).parse(scheme.example) == scheme.example
        for other in scheme.also:
            assert UnitCode((scheme.name,)).parse(other)


def test_groups_and_order() -> None:
    codes = ["10-1-0101", "9-1-0101", "A-1203", "P-B2-045", "S-101", "12F-A"]
    assert [unit_group(c) for c in codes] == ["10", "9", "A", "P", "S", "12F"]
    assert sorted(codes, key=unit_sort_key)[:2] == ["9-1-0101", "10-1-0101"]
