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


class NotifyAddress(str):
    """Where one person's reminders go: an e-mail address, a mobile number (its digits, as
    PhoneNumber keeps them) or a WeCom user id; `kind` says which ("email", "mobile",
    "wecom"), and picks the apprise URL template of [notify.personal]."""

    kind: str

    def __new__(cls, address: str, kind: str = "wecom") -> NotifyAddress:
        made = super().__new__(cls, address)
        made.kind = kind
        return made
