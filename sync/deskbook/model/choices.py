"""The codes each choice column may hold, declared once; their labels are in i18n/labels.toml.

A code is what records carry and code compares: being a StrEnum, each member equals its code
string. The order of the members is the order offered in dropdowns and listed in messages.
"""

from __future__ import annotations

from enum import StrEnum


class StaffStatus(StrEnum):
    ACTIVE = "active"
    LEAVE = "leave"
    LEFT = "left"


class TrainingCategory(StrEnum):
    ONBOARDING = "onboarding"
    SKILLS = "skills"
    PROPERTY_KNOWLEDGE = "property_knowledge"
    LEGAL = "legal"
    SERVICE = "service"
    COMPUTER = "computer"
    SAFETY = "safety"
    MEETING = "meeting"
    CULTURE = "culture"
    OTHER = "other"


class Occupancy(StrEnum):
    OWNER_OCCUPIED = "owner_occupied"
    RENTED = "rented"
    VACANT = "vacant"


class RenovationStatus(StrEnum):
    NONE = "none"
    APPLIED = "applied"
    IN_PROGRESS = "in_progress"
    AWAITING_INSPECTION = "awaiting_inspection"
    ACCEPTED = "accepted"


class TicketKind(StrEnum):
    INQUIRY = "inquiry"
    REPORT = "report"
    REPAIR = "repair"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


class Urgency(StrEnum):
    URGENT = "urgent"
    NORMAL = "normal"


class TicketChannel(StrEnum):
    PHONE = "phone"
    FRONT_DESK = "front_desk"
    WECHAT = "wechat"
    PATROL = "patrol"
    OTHER = "other"


class TicketStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Satisfaction(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    DISSATISFIED = "dissatisfied"


class ReminderMethod(StrEnum):
    PHONE = "phone"
    SMS = "sms"
    WECHAT = "wechat"
    VISIT = "visit"
    LETTER = "letter"


class NoticeKind(StrEnum):
    NOTICE = "notice"
    BULLETIN = "bulletin"
    REMINDER = "reminder"
    EMERGENCY = "emergency"


class Audience(StrEnum):
    INTERNAL = "internal"
    OWNERS = "owners"


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


# Each choice by the name its labels carry in labels.toml [enums.NAME].
CHOICES: dict[str, type[StrEnum]] = {
    "staff_status": StaffStatus,
    "training_category": TrainingCategory,
    "occupancy": Occupancy,
    "renovation": RenovationStatus,
    "ticket_kind": TicketKind,
    "urgency": Urgency,
    "ticket_channel": TicketChannel,
    "ticket_status": TicketStatus,
    "satisfaction": Satisfaction,
    "reminder_method": ReminderMethod,
    "notice_kind": NoticeKind,
    "audience": Audience,
    "notice_status": NoticeStatus,
}


def codes(name: str) -> tuple[str, ...]:
    """A choice's codes as plain strings, in declared order."""
    return tuple(member.value for member in CHOICES[name])
