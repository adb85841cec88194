"""Settlement recon: captured payments settle with credit = amount - fee - tax (2 % fee, 18 % GST on it)."""

from datetime import datetime

import pytest

from nagrik_fake_payment_gateway.settlements import IST, split_fee


def today_ist() -> dict:
    now = datetime.now(IST)
    return {"year": now.year, "month": now.month, "day": now.day}


@pytest.mark.parametrize(
    "amount, fee, tax",
    [(5000, 100, 18), (100, 2, 0), (1234, 25, 5), (2500, 50, 9), (999_999, 20_000, 3_600)],
)
def test_fee_is_two_percent_and_tax_is_gst_on_the_fee_rounded_half_up(amount, fee, tax):
    split = split_fee(amount)

    assert (split.fee, split.tax) == (fee, tax)
    assert split.credit(amount) == amount - fee - tax


async def test_recon_lists_captured_payments_with_credit_amount_minus_fee_minus_tax(harness):
    paid = await harness.create_order(amount=5000, receipt="APP-1")
    failed = await harness.create_order(amount=7000, receipt="APP-2")
    pending = await harness.create_order(amount=9000, receipt="APP-3")
    (payment_id,) = (await harness.pay(order_id=paid["id"], method="upi"))["payment_ids"]
    await harness.pay(order_id=failed["id"], outcome="failed")
    await harness.pay(order_id=pending["id"], outcome="pending")

    report = (await harness.api.get("/v1/settlements/recon/combined", params=today_ist())).json()

    assert report["entity"] == "collection" and report["count"] == 1
    (item,) = report["items"]
    assert item["entity_id"] == payment_id and item["type"] == "payment"
    assert (item["amount"], item["fee"], item["tax"], item["credit"], item["debit"]) == (5000, 100, 18, 4882, 0)
    assert item["order_id"] == paid["id"] and item["order_receipt"] == "APP-1" and item["method"] == "upi"
    assert item["settlement_id"].startswith("setl_") and item["settlement_utr"] and item["settled_at"] > 0
    payment = await harness.payment(payment_id)
    assert (payment["fee"], payment["tax"]) == (item["fee"], item["tax"])


async def test_payments_settled_the_same_day_share_one_settlement(harness):
    for receipt in ("A", "B"):
        order = await harness.create_order(receipt=receipt, amount=1234)
        await harness.pay(order_id=order["id"])

    items = (await harness.api.get("/v1/settlements/recon/combined", params=today_ist())).json()["items"]

    assert len(items) == 2 and len({item["settlement_id"] for item in items}) == 1
    assert all(item["credit"] == 1234 - 25 - 5 for item in items)
    month = {key: value for key, value in today_ist().items() if key != "day"}
    assert (await harness.api.get("/v1/settlements/recon/combined", params=month)).json()["count"] == 2
    page = (await harness.api.get("/v1/settlements/recon/combined", params={**month, "count": 1, "skip": 1})).json()
    assert [item["entity_id"] for item in page["items"]] == [items[1]["entity_id"]]


async def test_another_day_is_empty(harness):
    order = await harness.create_order()
    await harness.pay(order_id=order["id"])

    report = (
        await harness.api.get("/v1/settlements/recon/combined", params={"year": 2020, "month": 1, "day": 1})
    ).json()

    assert report == {"entity": "collection", "count": 0, "items": []}


@pytest.mark.parametrize("settings_overrides", [{"settlement_delay_seconds": 3600}])
async def test_nothing_is_in_the_report_before_the_settlement_delay_has_passed(harness):
    order = await harness.create_order()
    await harness.pay(order_id=order["id"])

    report = (await harness.api.get("/v1/settlements/recon/combined", params=today_ist())).json()

    assert report["count"] == 0


@pytest.mark.parametrize("settings_overrides", [{"fee_basis_points": 0, "gst_percent": 0}])
async def test_fees_are_configurable(harness):
    order = await harness.create_order(amount=5000)
    await harness.pay(order_id=order["id"])

    (item,) = (await harness.api.get("/v1/settlements/recon/combined", params=today_ist())).json()["items"]

    assert (item["fee"], item["tax"], item["credit"]) == (0, 0, 5000)


@pytest.mark.parametrize(
    "params, field",
    [
        ({"month": 1}, "year"),
        ({"year": 2026}, "month"),
        ({"year": 2026, "month": 13}, "month"),
        ({"year": "x", "month": 1}, "year"),
    ],
)
async def test_recon_needs_a_year_and_a_month(harness, params, field):
    response = await harness.api.get("/v1/settlements/recon/combined", params=params)

    assert response.status_code == 400 and response.json()["error"]["field"] == field
