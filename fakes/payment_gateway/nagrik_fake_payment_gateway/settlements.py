"""Fees, GST and the settlement-recon items of PROTOCOLS.md §5. No I/O.

Per §5, `fee` is the gateway's charge before GST and `tax` the GST on it, so a payment's
credit = amount - fee - tax. (Razorpay's own payment entity reports `fee` *including* `tax`; §5 is the
contract this fake serves.) All figures are integers in paise, rounded half up.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .entities import Order, Payment, new_id

# Razorpay's settlement days and the recon report's year/month/day are Indian dates.
IST = timezone(timedelta(hours=5, minutes=30), "IST")


@dataclass(frozen=True)
class FeeSplit:
    fee: int
    tax: int

    def credit(self, amount: int) -> int:
        return amount - self.fee - self.tax


def split_fee(amount: int, *, fee_basis_points: int = 200, gst_percent: int = 18) -> FeeSplit:
    """The gateway fee (basis points of the amount) and the GST on that fee."""
    fee = _round_half_up(amount * fee_basis_points, 10_000)
    return FeeSplit(fee=fee, tax=_round_half_up(fee * gst_percent, 100))


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def ist_date(unix_seconds: int) -> date:
    return datetime.fromtimestamp(unix_seconds, IST).date()


def on_report_day(unix_seconds: int, year: int, month: int, day: int | None) -> bool:
    settled = ist_date(unix_seconds)
    return settled.year == year and settled.month == month and (day is None or settled.day == day)


class SettlementBook:
    """One settlement (id and bank UTR) per Indian day on which captured payments were paid out."""

    def __init__(self) -> None:
        self._by_day: dict[date, tuple[str, str]] = {}

    def settlement_for(self, settled_at: int) -> tuple[str, str]:
        day = ist_date(settled_at)
        if day not in self._by_day:
            suffix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6))
            self._by_day[day] = (new_id("setl"), f"{settled_at}{suffix}")
        return self._by_day[day]

    def clear(self) -> None:
        self._by_day.clear()


def recon_item(payment: Payment, order: Order, *, settled_at: int, settlement_id: str, utr: str) -> dict:
    """One `type: payment` row of `GET /v1/settlements/recon/combined`."""
    assert payment.fee is not None and payment.tax is not None, "only captured payments are settled"
    return {
        "entity": "settlement",
        "entity_id": payment.id,
        "type": "payment",
        "debit": 0,
        "credit": payment.amount - payment.fee - payment.tax,
        "amount": payment.amount,
        "currency": payment.currency,
        "fee": payment.fee,
        "tax": payment.tax,
        "on_hold": False,
        "settled": True,
        "created_at": payment.created_at,
        "settled_at": settled_at,
        "settlement_id": settlement_id,
        "posted_at": None,
        "credit_type": "default",
        "description": payment.description,
        "notes": payment.notes or {},
        "payment_id": None,
        "settlement_utr": utr,
        "order_id": order.id,
        "order_receipt": order.receipt,
        "method": payment.method,
        "card_network": None,
        "card_issuer": None,
        "card_type": None,
        "dispute_id": None,
    }
