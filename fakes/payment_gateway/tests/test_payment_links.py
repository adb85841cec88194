"""Payment links: creation rules, duplicate reference ids refused, paying one, its page and callback."""

import hashlib
import hmac
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.asyncio


async def test_created_link_has_a_short_url_on_this_fake(harness):
    link = await harness.create_link(amount=5000, reference_id="APP-1", upi_link=True)

    assert re.fullmatch(r"plink_[A-Za-z0-9]{14}", link["id"])
    assert link["short_url"] == f"http://fake/pay/{link['id']}"
    assert link["entity"] == "payment_link" and link["status"] == "created" and link["reference_id"] == "APP-1"
    assert link["amount"] == 5000 and link["amount_paid"] == 0 and link["currency"] == "INR"
    assert link["customer"] == {"name": "Asha", "contact": "+919812345678"} and link["upi_link"] is True
    assert link["payments"] is None and link["order_id"] is None
    assert (await harness.api.get(f"/v1/payment_links/{link['id']}")).json() == link


async def test_a_duplicate_reference_id_is_refused(harness):
    first = await harness.create_link(reference_id="APP-1")

    response = await harness.api.post(
        "/v1/payment_links", json={"amount": 5000, "currency": "INR", "reference_id": "APP-1"}
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BAD_REQUEST_ERROR" and error["field"] == "reference_id"
    assert list(harness.fake.links) == [first["id"]]
    found = (await harness.api.get("/v1/payment_links", params={"reference_id": "APP-1"})).json()
    assert [link["id"] for link in found["payment_links"]] == [first["id"]]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"amount": 50}, "amount"),
        ({"reference_id": "R" * 41}, "reference_id"),
        ({"expire_by": int(time.time()) + 60}, "expire_by"),
        ({"notify": True}, "notify"),
        ({"notify": {"whatsapp": True}}, "notify.whatsapp"),
        ({"callback_url": "https://example.in/done"}, "callback_method"),
        ({"notes": {f"k{i}": "v" for i in range(16)}}, "notes"),
        ({"short_url": "x"}, "short_url"),
    ],
)
async def test_invalid_links_are_refused(harness, fields, field):
    body = {"amount": 5000, "currency": "INR", "reference_id": "APP-1", **fields}

    response = await harness.api.post("/v1/payment_links", json=body)

    assert response.status_code == 400 and response.json()["error"]["field"] == field
    assert harness.fake.links == {}


async def test_paying_a_link_pays_it_through_an_order_whose_receipt_is_the_reference_id(harness):
    link = await harness.create_link(reference_id="APP-7", notes={"application": "APP-7"})

    result = await harness.pay(payment_link_id=link["id"], vpa="asha@oksbi")

    assert result["payment_link_status"] == "paid" and result["order_status"] == "paid"
    assert harness.receiver.events() == ["payment.captured", "order.paid", "payment_link.paid"]
    link_paid = harness.receiver.received[2]
    assert link_paid.payload["contains"] == ["payment_link", "order", "payment"]
    assert link_paid.entity("payment_link")["status"] == "paid"
    order = link_paid.entity("order")
    assert order["id"] == result["order_id"] and order["receipt"] == "APP-7" and order["status"] == "paid"
    payment = link_paid.entity("payment")
    assert payment["order_id"] == order["id"] and payment["notes"] == {"application": "APP-7"}
    assert payment["contact"] == "+919812345678"
    fetched = (await harness.api.get(f"/v1/payment_links/{link['id']}")).json()
    assert fetched["status"] == "paid" and fetched["amount_paid"] == 5000 and fetched["order_id"] == order["id"]
    assert [(p["payment_id"], p["status"]) for p in fetched["payments"]] == [(payment["id"], "captured")]
    by_payment = (await harness.api.get("/v1/payment_links", params={"payment_id": payment["id"]})).json()
    assert [found["id"] for found in by_payment["payment_links"]] == [link["id"]]


async def test_a_failed_attempt_leaves_the_link_payable(harness):
    link = await harness.create_link()

    await harness.pay(payment_link_id=link["id"], outcome="failed")
    result = await harness.pay(payment_link_id=link["id"])

    assert harness.receiver.events() == ["payment.failed", "payment.captured", "order.paid", "payment_link.paid"]
    assert result["payment_link_status"] == "paid"
    again = await harness.client.post("/_fake/pay", json={"payment_link_id": link["id"]})
    assert again.status_code == 409


async def test_callback_url_gets_the_signed_razorpay_parameters(harness):
    link = await harness.create_link(
        reference_id="APP-9", callback_url="https://nagrik.example/paid?lang=hi", callback_method="get"
    )

    result = await harness.pay(payment_link_id=link["id"])

    url = urlsplit(result["callback_url"])
    assert url.netloc == "nagrik.example" and url.path == "/paid"
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert query["lang"] == "hi" and query["razorpay_payment_link_status"] == "paid"
    message = f"{link['id']}|APP-9|paid|{query['razorpay_payment_id']}".encode()
    expected = hmac.new(harness.settings.key_secret.encode(), message, hashlib.sha256).hexdigest()
    assert query["razorpay_signature"] == expected


async def test_a_cancelled_link_cannot_be_paid(harness):
    link = await harness.create_link()

    cancelled = (await harness.api.post(f"/v1/payment_links/{link['id']}/cancel")).json()
    response = await harness.client.post("/_fake/pay", json={"payment_link_id": link["id"]})

    assert cancelled["status"] == "cancelled" and cancelled["cancelled_at"] > 0
    assert response.status_code == 409 and harness.fake.payments == {}
    twice = await harness.api.post(f"/v1/payment_links/{link['id']}/cancel")
    assert twice.status_code == 400


async def test_a_link_expires_on_its_own_clock(harness):
    link = await harness.create_link(expire_by=int(time.time()) + 16 * 60)
    harness.fake.links[link["id"]].expire_by = int(time.time()) - 1  # time passes

    fetched = (await harness.api.get(f"/v1/payment_links/{link['id']}")).json()

    assert fetched["status"] == "expired" and fetched["expired_at"] > 0
    assert (await harness.client.post("/_fake/pay", json={"payment_link_id": link["id"]})).status_code == 409


async def test_the_short_url_serves_a_page_with_a_upi_deep_link(harness):
    link = await harness.create_link(amount=12345, description="Birth certificate fee", reference_id="APP-3")

    page = await harness.client.get(urlsplit(link["short_url"]).path)

    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "₹123.45" in page.text and "Birth certificate fee" in page.text
    assert "upi://pay?pa=nagrik.dev@upi&amp;pn=Nagrik%20Dev&amp;tr=APP-3" in page.text
    assert "am=123.45&amp;cu=INR&amp;mc=9399" in page.text
    assert (await harness.client.get(f"/_fake/pay/{link['id']}")).text == page.text
    assert (await harness.client.get("/pay/plink_00000000000000")).status_code == 404


async def test_the_page_pays_and_redirects_to_the_callback(harness):
    link = await harness.create_link(callback_url="https://nagrik.example/paid", callback_method="get")

    response = await harness.client.post(
        f"/pay/{link['id']}", content=b"outcome=captured", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 303
    assert response.headers["location"].startswith("https://nagrik.example/paid?razorpay_payment_id=pay_")
    assert harness.receiver.events() == ["payment.captured", "order.paid", "payment_link.paid"]


async def test_the_page_also_pays_an_order(harness):
    order = await harness.create_order()

    response = await harness.client.post(
        f"/pay/{order['id']}", content=b"outcome=failed", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 200 and "Payment failed" in response.text
    assert harness.receiver.events() == ["payment.failed"]
