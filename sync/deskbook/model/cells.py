"""What a raw cell may hold besides text, numbers, dates and booleans: the values sources hand
over and the cell parsers (schema/types.py) refuse or read."""

from __future__ import annotations

from dataclasses import dataclass

# Excel's error values, and the ones Google Sheets and newer Excel add. A cell that shows one
# holds no value: Excel itself turns a typed "#N/A" into the error.
ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
    | {"#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#ERROR!", "#BUSY!"}
)


@dataclass(frozen=True, slots=True)
class ErrorValue:
    """A cell that holds an error value (#REF!, #N/A, ...) instead of data."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class Uncomputed:
    """A formula whose result was never computed and saved (written by a script or an
    exporter that does not calculate): the value a clerk sees in Excel is not in the file."""

    formula: str

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True, slots=True)
class Percent:
    """A number shown as a percentage: the file holds 0.85 where the clerk typed 85%."""

    value: int | float

    def __str__(self) -> str:
        return f"{self.value * 100:.10g}%"
