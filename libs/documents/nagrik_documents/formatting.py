"""How Indian government documents write dates, times, money and phone numbers."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30), "IST")
_VISIBLE_MOBILE_DIGITS = 4


def format_date(day: date) -> str:
    """DD/MM/YYYY; an aware datetime is first converted to IST, since that is the date a citizen saw."""
    if isinstance(day, datetime):
        day = to_ist(day).date()
    return day.strftime("%d/%m/%Y")


def format_datetime_ist(moment: datetime) -> str:
    """DD/MM/YYYY HH:MM:SS IST (24-hour) for an aware datetime."""
    return to_ist(moment).strftime("%d/%m/%Y %H:%M:%S IST")


def to_ist(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime is ambiguous; pass an aware one (UTC or IST)")
    return moment.astimezone(IST)


def format_rupees(paise: int) -> str:
    """₹ with Indian digit grouping and paise: 12345678 paise -> '₹1,23,456.78'."""
    if isinstance(paise, bool) or not isinstance(paise, int):
        raise TypeError("amounts are integer paise, never floats")
    sign = "-" if paise < 0 else ""
    rupees, paise_part = divmod(abs(paise), 100)
    digits = str(rupees)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while head:
        groups.insert(0, head[-2:])
        head = head[:-2]
    grouped = ",".join([*groups, tail])
    return f"{sign}₹{grouped}.{paise_part:02d}"


def mask_mobile(mobile: str) -> str:
    """Show only the last four digits of a mobile number ('+91 98765 43210' -> 'XXXXXX3210').

    Accepts an already masked number too ('******3210'), so callers that only hold the masked form can pass it.
    """
    digits = re.sub(r"\D", "", mobile)
    if len(digits) < _VISIBLE_MOBILE_DIGITS:
        raise ValueError("a mobile number needs at least its last four digits")
    return "X" * 6 + digits[-_VISIBLE_MOBILE_DIGITS:]
