"""Creating orders, Razorpay's validation errors, and looking orders up (there is no idempotency key)."""

import re

import pytest

pytestmark = pytest.mark.asyncio


async def test_created_order_has_razorpays_shape(harness):
    order = await harness.create_order(amount=5000, receipt="APP-2026-000123", notes={"application": "A-1"})

    assert re.fullmatch(r"order_[A-Za-z0-9]{14}", order["id"])
    assert order == {
        "id": order["id"],
        "entity": "order",
        "amount": 5000,
        "amount_paid": 0,
        "amount_due": 5000,
        "currency": "INR",
        "receipt": "APP-2026-000123",
        "offer_id": None,
        "status": "created",
        "attempts": 0,
        "notes": {"application": "A-1"},
        "created_at": order["created_at"],
    }
    assert isinstance(order["created_at"], int)
    assert await harness.order(order["id"]) == order


async def test_empty_notes_come_back_as_an_empty_array_like_razorpays_php(harness):
    order = await harness.create_order(notes={})

    assert order["notes"] == []


def error_of(response) -> dict:
    assert response.status_code == 400, response.text
    return response.json()["error"]


@pytest.mark.parametrize(
    "fields, field, description",
    [
        ({"amount": 99}, "amount", "The amount must be at least INR 1.00"),
        ({"amount": -100}, "amount", "The amount must be at least INR 1.00"),
        ({"amount": 100.5}, "amount", "The amount must be an integer."),
        ({"amount": "5000"}, "amount", "The amount must be an integer."),
        ({"amount": None}, "amount", "amount: is required."),
        ({"receipt": "R" * 41}, "receipt", "The receipt may not be greater than 40 characters."),
        (
            {"notes": {f"k{i}": "v" for i in range(16)}},
            "notes",
            "Number of fields in notes should be less than or equal to 15",
        ),
        ({"notes": {"k": "v" * 257}}, "notes", "The notes.k may not be greater than 256 characters."),
        ({"currency": "USD"}, "currency", "The selected currency is invalid."),
        ({"amount_paise": 5000}, "amount_paise", "amount_paise is/are not required and should not be sent"),
    ],
)
async def test_invalid_orders_are_refused_with_the_field_named(harness, fields, field, description):
    body = {"amount": 5000, "currency": "INR", "receipt": "R1", **fields}

    error = error_of(await harness.api.post("/v1/orders", json=body))

    assert error["code"] == "BAD_REQUEST_ERROR"
    assert error["field"] == field and error["description"] == description
    assert error["source"] == "business" and error["step"] == "payment_initiation"
    assert error["reason"] in ("input_validation_failed", "extra_field_sent")
    assert harness.fake.orders == {}


async def test_limits_are_inclusive(harness):
    order = await harness.create_order(amount=100, receipt="R" * 40, notes={f"k{i}": "v" for i in range(15)})

    assert order["amount"] == 100 and len(order["receipt"]) == 40 and len(order["notes"]) == 15


async def test_missing_currency_and_unparsable_bodies_are_refused(harness):
    missing = error_of(await harness.api.post("/v1/orders", json={"amount": 5000}))
    garbage = error_of(
        await harness.api.post("/v1/orders", content=b"{not json", headers={"Content-Type": "application/json"})
    )
    not_object = error_of(await harness.api.post("/v1/orders", json=[5000]))

    assert missing["field"] == "currency"
    assert garbage["description"] == "The request body is not valid JSON."
    assert not_object["description"] == "The request body must be a JSON object."


async def test_the_same_receipt_twice_makes_two_orders_so_look_up_first(harness):
    first = await harness.create_order(receipt="APP-1")
    second = await harness.create_order(receipt="APP-1")
    await harness.create_order(receipt="APP-2")

    found = (await harness.api.get("/v1/orders", params={"receipt": "APP-1"})).json()

    assert first["id"] != second["id"]
    assert found["entity"] == "collection" and found["count"] == 2
    assert [order["id"] for order in found["items"]] == [second["id"], first["id"]]  # newest first
    none = (await harness.api.get("/v1/orders", params={"receipt": "APP-404"})).json()
    assert none == {"entity": "collection", "count": 0, "items": []}


@pytest.mark.parametrize("settings_overrides", [{"unique_receipts": True}])
async def test_an_account_with_unique_receipts_refuses_a_reused_receipt(harness):
    await harness.create_order(receipt="APP-1")

    error = error_of(await harness.api.post("/v1/orders", json={"amount": 5000, "currency": "INR", "receipt": "APP-1"}))

    assert error["description"] == "Order receipt should be unique." and error["field"] == "receipt"
    assert len(harness.fake.orders) == 1


async def test_listing_pages_with_count_and_skip(harness):
    ids = [(await harness.create_order(receipt=f"R{i}"))["id"] for i in range(5)]

    page = (await harness.api.get("/v1/orders", params={"count": 2, "skip": 1})).json()
    too_many = error_of(await harness.api.get("/v1/orders", params={"count": 101}))

    assert [order["id"] for order in page["items"]] == [ids[3], ids[2]]
    assert too_many["field"] == "count"


async def test_unknown_order_is_400_id_does_not_exist(harness):
    for path in ("/v1/orders/order_00000000000000", "/v1/orders/order_00000000000000/payments"):
        error = error_of(await harness.api.get(path))
        assert error["description"] == "The id provided does not exist"


async def test_order_payments_lists_every_attempt(harness):
    order = await harness.create_order()
    result = await harness.pay(order_id=order["id"], outcome="failed_then_captured")

    payments = (await harness.api.get(f"/v1/orders/{order['id']}/payments")).json()

    assert payments["entity"] == "collection" and payments["count"] == 2
    assert [(p["id"], p["status"]) for p in payments["items"]] == [
        (result["payment_ids"][0], "failed"),
        (result["payment_ids"][1], "captured"),
    ]
