"""UPI deep links (PROTOCOLS.md §6) for the fake's payment page. Pure; the payments service has its own."""

from __future__ import annotations

from urllib.parse import quote


def upi_link(
    payee_vpa: str, payee_name: str, reference: str, note: str, amount_paise: int, mcc: str | None = None
) -> str:
    """`upi://pay?pa=…&pn=…&tr=…&tn=…&am=<rupees, 2 decimals>&cu=INR[&mc=…]` with URL-encoded values."""
    if amount_paise <= 0:
        raise ValueError("amount_paise must be positive")
    rupees, paise = divmod(amount_paise, 100)
    parameters = [
        ("pa", payee_vpa),
        ("pn", payee_name),
        ("tr", reference),
        ("tn", note),
        ("am", f"{rupees}.{paise:02d}"),
        ("cu", "INR"),
    ]
    if mcc:
        parameters.append(("mc", mcc))
    # Spaces become %20, not '+' (some UPI apps show a '+' literally); '@' may stay as it is in a query value
    # (RFC 3986), and VPAs on printed UPI QR codes carry it unencoded.
    return "upi://pay?" + "&".join(f"{name}={quote(value, safe='@')}" for name, value in parameters)
