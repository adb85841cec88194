"""`python -m nagrik_fake_payment_gateway` over real sockets, configured only by FAKE_PAYMENT_GATEWAY_* variables."""

import asyncio
import contextlib
import hashlib
import hmac
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request, Response

pytestmark = pytest.mark.asyncio

KEY = ("rzp_test_ServedKey000001", "served-key-secret")
WEBHOOK_SECRET = "served-webhook-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.asynccontextmanager
async def receiver(port: int, statuses: list[int], received: list[tuple[bytes, dict]]) -> AsyncIterator[None]:
    app = FastAPI()

    @app.post("/webhooks/payments")
    async def webhook(request: Request) -> Response:
        received.append((await request.body(), dict(request.headers)))
        return Response(status_code=statuses.pop(0) if statuses else 200)

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def served_fake(port: int, webhook_port: int) -> AsyncIterator[str]:
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "FAKE_PAYMENT_GATEWAY_PORT": str(port),
        "FAKE_PAYMENT_GATEWAY_KEY_ID": KEY[0],
        "FAKE_PAYMENT_GATEWAY_KEY_SECRET": KEY[1],
        "FAKE_PAYMENT_GATEWAY_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "FAKE_PAYMENT_GATEWAY_WEBHOOK_URL": f"http://127.0.0.1:{webhook_port}/webhooks/payments",
        "FAKE_PAYMENT_GATEWAY_WEBHOOK_RETRY_BASE_SECONDS": "0.05",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "nagrik_fake_payment_gateway"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=base_url) as probe:
            for _ in range(200):
                with contextlib.suppress(httpx.TransportError):
                    if (await probe.get("/_fake/health")).status_code == 200:
                        break
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode() if process.stderr else "fake exited")
                await asyncio.sleep(0.05)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_the_served_fake_takes_an_order_to_paid_and_signs_its_webhooks():
    statuses, received = [500], []
    webhook_port, port = free_port(), free_port()
    async with receiver(webhook_port, statuses, received), served_fake(port, webhook_port) as base_url:
        async with httpx.AsyncClient(base_url=base_url, auth=KEY) as api:
            health = (await api.get("/_fake/health")).json()
            order = (await api.post("/v1/orders", json={"amount": 2500, "currency": "INR", "receipt": "APP-9"})).json()
            result = (
                await api.post("/_fake/pay", json={"order_id": order["id"], "outcome": "failed_then_captured"})
            ).json()
            for _ in range(100):
                if len(received) >= 4:
                    break
                await asyncio.sleep(0.05)
            fetched = (await api.get(f"/v1/orders/{order['id']}")).json()
        async with httpx.AsyncClient(base_url=base_url) as anonymous:
            unauthenticated = await anonymous.get(f"/v1/orders/{order['id']}")

    assert health["api_base_url"] == f"http://127.0.0.1:{port}/v1"
    assert fetched["status"] == "paid" and unauthenticated.status_code == 401
    assert [hook["status"] for hook in result["webhooks"]] == [500, 200, 200]
    assert len(received) == 4  # payment.failed, payment.captured, order.paid, then the retried payment.failed
    for body, headers in received:
        expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-razorpay-signature"] == expected
    (failed, failed_headers), *_, (retried, retried_headers) = received
    assert retried == failed and retried_headers["x-razorpay-event-id"] == failed_headers["x-razorpay-event-id"]
