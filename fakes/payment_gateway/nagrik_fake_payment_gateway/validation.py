"""What Razorpay refuses in a create-order or create-payment-link request, and list parameters. No I/O.

Descriptions follow Razorpay's wording where its documentation shows it; clients should branch on
`error.code`, the HTTP status and `error.field`, never on the description.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .api_errors import extra_field, invalid_input

MIN_AMOUNT = 100  # paise: Razorpay's minimum is INR 1.00
RECEIPT_MAX = 40
REFERENCE_ID_MAX = 40
NOTES_MAX_KEYS = 15
NOTE_VALUE_MAX = 256
DESCRIPTION_MAX = 2048
MIN_EXPIRY_SECONDS = 15 * 60
LIST_COUNT_MAX = 100
RECON_COUNT_MAX = 1000

_ORDER_FIELDS = frozenset(
    {"amount", "currency", "receipt", "notes", "partial_payment", "first_payment_min_amount", "payment_capture"}
)
_LINK_FIELDS = frozenset(
    {
        "amount",
        "currency",
        "accept_partial",
        "first_min_partial_amount",
        "description",
        "reference_id",
        "expire_by",
        "customer",
        "notify",
        "reminder_enable",
        "notes",
        "callback_url",
        "callback_method",
        "upi_link",
        "options",
    }
)


@dataclass(frozen=True)
class OrderRequest:
    amount: int
    currency: str
    receipt: str | None
    notes: dict


@dataclass(frozen=True)
class PaymentLinkRequest:
    amount: int
    currency: str
    description: str | None
    reference_id: str | None
    expire_by: int | None
    customer: dict
    notify: dict
    notes: dict
    callback_url: str | None
    callback_method: str | None
    upi_link: bool
    accept_partial: bool
    reminder_enable: bool


@dataclass(frozen=True)
class ListWindow:
    count: int
    skip: int
    from_: int | None
    to: int | None


def check_order_request(body: Any) -> OrderRequest:
    body = _object(body, _ORDER_FIELDS)
    amount = _amount(body)
    if "currency" not in body:
        raise invalid_input("currency: is required.", "currency")
    return OrderRequest(
        amount=amount,
        currency=_currency(body),
        receipt=_optional_text(body, "receipt", RECEIPT_MAX),
        notes=_notes(body),
    )


def check_payment_link_request(body: Any, *, now: int) -> PaymentLinkRequest:
    body = _object(body, _LINK_FIELDS)
    amount = _amount(body)
    expire_by = body.get("expire_by")
    if expire_by is not None:
        if not _is_int(expire_by):
            raise invalid_input("The expire by must be an integer.", "expire_by")
        if expire_by < now + MIN_EXPIRY_SECONDS:
            raise invalid_input("expire_by: timestamp must be atleast 15 minutes in future", "expire_by")
    callback_url = _optional_text(body, "callback_url", 2048)
    callback_method = _optional_text(body, "callback_method", 8)
    if callback_url and callback_method != "get":
        raise invalid_input("callback_method should be get when callback_url is passed", "callback_method")
    return PaymentLinkRequest(
        amount=amount,
        currency=_currency(body),
        description=_optional_text(body, "description", DESCRIPTION_MAX),
        reference_id=_optional_text(body, "reference_id", REFERENCE_ID_MAX),
        expire_by=expire_by,
        customer=_string_object(body, "customer", ("name", "contact", "email")),
        notify=_bool_object(body, "notify", ("sms", "email")),
        notes=_notes(body),
        callback_url=callback_url,
        callback_method=callback_method,
        upi_link=_bool(body, "upi_link"),
        accept_partial=_bool(body, "accept_partial"),
        reminder_enable=_bool(body, "reminder_enable"),
    )


def check_list_window(params: dict[str, str], *, max_count: int = LIST_COUNT_MAX) -> ListWindow:
    """`count` (default 10), `skip`, `from`, `to` of Razorpay's list endpoints: callers must page."""
    count = _query_int(params, "count", 10)
    if not 1 <= count <= max_count:
        raise invalid_input(f"The count must be between 1 and {max_count}.", "count")
    skip = _query_int(params, "skip", 0)
    if skip < 0:
        raise invalid_input("The skip must be at least 0.", "skip")
    from_ = _query_int(params, "from", None)
    to = _query_int(params, "to", None)
    return ListWindow(count=count, skip=skip, from_=from_, to=to)


def check_recon_date(params: dict[str, str]) -> tuple[int, int, int | None]:
    for name in ("year", "month"):
        if not params.get(name):
            raise invalid_input(f"The {name} field is required.", name)
    year = _query_int(params, "year", None)
    month = _query_int(params, "month", None)
    day = _query_int(params, "day", None)
    if year is None or not 2000 <= year <= 9999:
        raise invalid_input("The year must be 4 digits.", "year")
    if month is None or not 1 <= month <= 12:
        raise invalid_input("The month must be between 1 and 12.", "month")
    if day is not None and not 1 <= day <= 31:
        raise invalid_input("The day must be between 1 and 31.", "day")
    return year, month, day


# ---------------------------------------------------------------- field rules


def _object(body: Any, allowed: frozenset[str]) -> dict:
    if not isinstance(body, dict):
        raise invalid_input("The request body must be a JSON object.")
    for name in body:
        if name not in allowed:
            raise extra_field(name)
    return body


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _amount(body: dict) -> int:
    if "amount" not in body or body["amount"] is None:
        raise invalid_input("amount: is required.", "amount")
    amount = body["amount"]
    if not _is_int(amount):
        raise invalid_input("The amount must be an integer.", "amount")
    if amount < MIN_AMOUNT:
        raise invalid_input("The amount must be at least INR 1.00", "amount")
    return amount


def _currency(body: dict) -> str:
    currency = body.get("currency", "INR")
    if not isinstance(currency, str):
        raise invalid_input(f"expected string but provided {json.dumps(currency)}", "currency")
    # This fake serves Indian government fees only; Razorpay itself takes many currencies.
    if currency != "INR":
        raise invalid_input("The selected currency is invalid.", "currency")
    return currency


def _optional_text(body: dict, name: str, max_length: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid_input(f"The {name.replace('_', ' ')} must be a string.", name)
    if len(value) > max_length:
        raise invalid_input(f"The {name.replace('_', ' ')} may not be greater than {max_length} characters.", name)
    return value


def _notes(body: dict) -> dict:
    notes = body.get("notes")
    if notes is None or notes == []:
        return {}
    if not isinstance(notes, dict):
        raise invalid_input("The notes must be an array.", "notes")
    if len(notes) > NOTES_MAX_KEYS:
        raise invalid_input(f"Number of fields in notes should be less than or equal to {NOTES_MAX_KEYS}", "notes")
    for key, value in notes.items():
        if isinstance(value, (dict, list)):
            raise invalid_input(f"The notes.{key} must be a string.", "notes")
        if len(str(value)) > NOTE_VALUE_MAX:
            raise invalid_input(f"The notes.{key} may not be greater than {NOTE_VALUE_MAX} characters.", "notes")
    return dict(notes)


def _string_object(body: dict, name: str, keys: tuple[str, ...]) -> dict:
    return _object_of(body, name, keys, str, "must be a string")


def _bool_object(body: dict, name: str, keys: tuple[str, ...]) -> dict:
    return _object_of(body, name, keys, bool, "field must be true or false")


def _object_of(body: dict, name: str, keys: tuple[str, ...], kind: type, complaint: str) -> dict:
    """An optional object whose keys are among `keys` and whose values are all of `kind`."""
    value = body.get(name) or {}
    if not isinstance(value, dict):
        raise invalid_input(f"The {name} must be an object.", name)
    for key, item in value.items():
        if key not in keys:
            raise extra_field(f"{name}.{key}")
        if not isinstance(item, kind):
            raise invalid_input(f"The {name}.{key} {complaint}.", f"{name}.{key}")
    return dict(value)


def _bool(body: dict, name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise invalid_input(f"The {name.replace('_', ' ')} field must be true or false.", name)
    return value


def _query_int(params: dict[str, str], name: str, default: int | None) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_input(f"The {name} must be an integer.", name) from None
