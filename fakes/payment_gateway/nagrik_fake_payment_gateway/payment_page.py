"""`/pay/{id}`: a tiny stand-in for Razorpay's hosted page behind a payment link's short_url (or an order).

A person opens it in a browser, sees the amount and the UPI deep link, and presses "pay" or "fail";
a link with a callback_url then redirects there with the signed `razorpay_*` parameters.
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .checkout import PayRequest, Refused
from .dependencies import CheckoutDep, FakeDep
from .upi import upi_link

router = APIRouter(include_in_schema=False)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 28rem; margin: 2rem auto">
<h1>{title}</h1>
{body}
<p><small>Nagrik fake payment gateway: no money moves.</small></p>
</body></html>"""


def _page(title: str, body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(title=escape(title), body=body), status_code=status_code)


def _rupees(paise: int) -> str:
    return f"₹{paise // 100}.{paise % 100:02d}"


@router.get("/pay/{target_id}")
@router.get("/_fake/pay/{target_id}")
async def show(target_id: str, fake: FakeDep) -> Response:
    if target_id in fake.links:
        link = fake.payment_link(target_id)
        amount, status, note, reference = link.amount, link.status, link.description or "", link.reference_id or link.id
    elif target_id in fake.orders:
        order = fake.orders[target_id]
        amount, status, note, reference = order.amount, order.status, order.receipt or "", order.receipt or order.id
    else:
        return _page("Not found", f"<p>No payment link or order {escape(target_id)}.</p>", 404)
    settings = fake.settings
    deep_link = upi_link(
        settings.payee_vpa, settings.payee_name, reference, note or reference, amount, settings.payee_mcc
    )
    body = (
        f"<p>{escape(note)}</p><p><strong>{_rupees(amount)}</strong> · status <em>{escape(status)}</em></p>"
        f'<p><a href="{escape(deep_link)}">Open in a UPI app</a><br><code>{escape(deep_link)}</code></p>'
    )
    if status in ("created", "attempted"):
        body += (
            f'<form method="post" action="/pay/{escape(target_id)}">'
            '<button name="outcome" value="captured">Pay with UPI (succeeds)</button> '
            '<button name="outcome" value="failed">Pay with UPI (fails)</button></form>'
        )
    return _page(f"Pay {settings.payee_name}", body)


@router.post("/pay/{target_id}")
async def submit(target_id: str, request: Request, checkout: CheckoutDep) -> Response:
    # Parsed by hand: FastAPI's Form() would need python-multipart, which this fake does not depend on.
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    outcome = (form.get("outcome") or ["captured"])[0]
    if outcome not in ("captured", "failed"):
        return _page("Bad request", "<p>outcome must be captured or failed.</p>", 400)
    key = "payment_link_id" if target_id.startswith("plink_") else "order_id"
    try:
        result = await checkout.pay(PayRequest(**{key: target_id}, outcome=outcome))
    except Refused as refused:
        return _page("Cannot pay", f"<p>{escape(refused.detail)}</p>", refused.http_status)
    if result["callback_url"]:
        return RedirectResponse(result["callback_url"], status_code=303)
    payment = result["payments"][-1]
    return _page(
        "Payment " + ("successful" if payment["status"] == "captured" else "failed"),
        f"<p>Payment <code>{escape(payment['id'])}</code> is <em>{escape(payment['status'])}</em>.</p>"
        f'<p><a href="/pay/{escape(target_id)}">Back</a></p>',
    )
