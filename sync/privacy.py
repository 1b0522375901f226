"""What personal data a page may show: owners' phones are masked unless the office opts in."""

from __future__ import annotations


def mask_phone(number: str) -> str:
    """138****5678: enough to tell two numbers apart on the phone, not enough to dial."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def show_phone(number: str | None, full: bool) -> str:
    if not number:
        return ""
    return number if full else mask_phone(number)
