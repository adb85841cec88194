"""Pure rules of the payments service: our references, UPI deep links (§6), what a confirmed payment means."""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import get_args
from urllib.parse import quote

from nagrik_contracts.payments import PaymentMethod

MAX_RECEIPT_LENGTH = 40
_METHODS = frozenset(get_args(PaymentMethod))


def reference_for(application_id: str) -> str:
    """Our unique receipt at the gateway (≤ 40 characters) and the UPI `tr`: one order per application fee.

    Derived, not random, so a retried or re-sent command finds the order the first one made."""
    return "ngr_" + hashlib.sha256(application_id.encode()).hexdigest()[:32]


def upi_link(*, payee_vpa: str, payee_name: str, reference: str, note: str, amount_paise: int) -> str:
    """`upi://pay?pa=…&pn=…&tr=…&tn=…&am=<2 decimals>&cu=INR`, every value percent-encoded (§6)."""
    rupees, paise = divmod(amount_paise, 100)
    params = (("pa", payee_vpa), ("pn", payee_name), ("tr", reference), ("tn", note[:80]),
              ("am", f"{rupees}.{paise:02d}"), ("cu", "INR"))
    # quote(safe="") encodes space as %20 (UPI apps do not all read '+') and '@' in the VPA as %40.
    return "upi://pay?" + "&".join(f"{key}={quote(value, safe='')}" for key, value in params)


def receipt_number(year: int, sequence: int) -> str:
    return f"NGR-{year}-{sequence:08d}"


def payment_method(method: str | None) -> str:
    return method if method in _METHODS else "unknown"


_RECEIPT_METHODS = frozenset({"upi", "card", "netbanking", "wallet"})


def receipt_method(method: str | None) -> str:
    """The method printed on the receipt, which knows only the four the government accepts. Another one
    (emi, paylater…) cannot be paid at checkout for these fees; were it ever captured, the money is real and
    the receipt must still be issued, so it shows UPI, the default channel, and the payment id identifies it."""
    return method if method in _RECEIPT_METHODS else "upi"


class Decision(Enum):
    CAPTURE = "capture"          # first confirmed capture: mark paid, receipt, PaymentCaptured
    ALREADY_PAID = "already"     # this very payment paid the order before: a duplicate, nothing to do
    DOUBLE_CHARGE = "double"     # another payment already paid the order: alert, never a second receipt
    FAIL = "fail"                # an attempt failed while the order is open: tell the citizen once
    IGNORE = "ignore"            # failed after paid, or still created/authorized (pending): wait


def decide(*, order_status: str, paid_by: str | None, payment_id: str, payment_status: str) -> Decision:
    """What a payment, as the gateway confirmed it, does to our order. Order of arrival does not matter:
    a failure after the capture is ignored, a capture after a failure still captures."""
    if payment_status == "captured":
        if order_status != "paid":
            return Decision.CAPTURE
        return Decision.ALREADY_PAID if paid_by == payment_id else Decision.DOUBLE_CHARGE
    if payment_status == "failed" and order_status != "paid":
        return Decision.FAIL
    return Decision.IGNORE
