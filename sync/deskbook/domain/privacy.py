"""What personal data a page or message may show: phone-like numbers are masked by default."""

from __future__ import annotations

import re

# Digits joined as phones and ID numbers get typed: spaces, and at most one dot, dash of any
# width, slash or bracket between groups ("138 - 0013 - 8000", "138.0013.8000").
_SEPARATED = r"\s{0,2}[-./()—–·]?\s{0,2}"
# Long digit runs that are not personal and must stay readable: dates and times, unit codes
# (3-2-1201), amounts with decimals (10000.00).
_KEEP = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}(?::\d{2}(?::\d{2})?)?)?"
    r"|\d{1,3}-\d{1,2}-\d{3,4}"
    r"|\d+\.\d{1,2}"
)


def mask_phone(number: str) -> str:
    """138****5678: enough to tell two numbers apart on the phone, not enough to dial."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_name(name: str) -> str:
    """王** : the family name tells a clerk whose row it is, not who the owner is."""
    return name[:1] + "*" * (len(name) - 1)


def show_phone(number: str | None, full: bool) -> str:
    if not number:
        return ""
    return number if full else mask_phone(number)


def mask_numbers(text: str, min_digits: int = 7) -> str:
    """Free text with every phone- or ID-like run of digits masked but its first 3 and last 2."""

    def mask(match: re.Match[str]) -> str:
        run = match.group(0)
        if _KEEP.fullmatch(run.strip()):
            return run
        digits = [i for i, ch in enumerate(run) if ch.isdigit()]
        keep = set(digits[:3] + digits[-2:])
        return "".join(ch if (not ch.isdigit() or i in keep) else "*" for i, ch in enumerate(run))

    # Whole runs only, and not right after "letters-": BX-20260608-002 is a ticket number.
    start = r"(?<!\d)(?<![A-Za-z]-)"
    return re.sub(rf"{start}\d(?:{_SEPARATED}\d){{{min_digits - 1},}}", mask, text)


def show_text(text: str, full: bool) -> str:
    """A clerk's free text (a ticket summary, a call outcome) as the internal site shows it."""
    return text if full else mask_numbers(text)
