"""Values a cell may hold beyond Python's own: what the cell parsers make and records carry."""

from __future__ import annotations


class PhoneNumber(str):
    """A phone number's digits; an extension (转 801) is kept apart, so the number still equals
    the same number written without it."""

    extension: str | None

    def __new__(cls, digits: str, extension: str | None = None) -> PhoneNumber:
        number = super().__new__(cls, digits)
        number.extension = extension
        return number
