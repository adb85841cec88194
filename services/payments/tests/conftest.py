"""Test harness: the payments service in-process against a real broker and PostgreSQL, the fake payment
gateway behind uvicorn, and the real gateway service (nagrik_gateway.main.build) behind uvicorn receiving
the fake's signed webhooks and publishing them to payments.gateway.v1.

Tests reach everything through the `payments_world` fixture and import nothing from here (with
`--import-mode=importlib` several projects' `tests` folders share a session).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from nagrik_contracts import Envelope
from nagrik_contracts.payments import RequestPayment
from nagrik_contracts.topics import PAYMENT_COMMANDS
from nagrik_dev.embedded import free_port
from nagrik_dev.serving import serving as serve_asgi
from nagrik_fake_payment_gateway.app import create_app
from nagrik_fake_payment_gateway.settings import FakePaymentGatewaySettings
from nagrik_gateway.main import build as build_gateway
from nagrik_gateway.settings import Settings as GatewaySettings
from nagrik_kit import DEVELOPMENT_SECRET
from nagrik_payments.domain import reference_for
from nagrik_payments.gateway_api import GatewayApi
from nagrik_kit import Service
from nagrik_payments.main import build
from nagrik_payments.settings import Settings

KEY_ID, KEY_SECRET = "rzp_test_NagrikIntegration", "integration-key-secret"
PENDING_AFTER_SECONDS = 4.0
"""Short, for the tests; long enough that the webhooks of a payment are handled before reconciliation looks."""


@dataclass
class PaymentsWorld:
    service: Service
    fake: httpx.AsyncClient  # control endpoints of the fake gateway
    api: GatewayApi           # the fake's /v1, as an operator would query it
    producer: AIOKafkaProducer
    http: httpx.AsyncClient   # the payments service's own HTTP routes

    pending_after_seconds = PENDING_AFTER_SECONDS

    @staticmethod
    def command(amount_paise: int = 5000) -> RequestPayment:
        return RequestPayment(application_id=f"APP-{uuid.uuid4().hex[:10]}", citizen_id="919812345678",
                              service_id="income_certificate", language="hi", amount_paise=amount_paise,
                              description="Income certificate fee")

    @staticmethod
    def envelope(command: RequestPayment) -> Envelope:
        return Envelope.wrap(command, producer="payments-tests", correlation_id=f"test-{command.application_id}")

    @staticmethod
    def reference(command: RequestPayment) -> str:
        return reference_for(command.application_id)

    async def publish(self, envelope: Envelope) -> None:
        await self.producer.send_and_wait(PAYMENT_COMMANDS.name, envelope.model_dump_json().encode(),
                                          key=PAYMENT_COMMANDS.key_of(envelope.payload))

    async def pay(self, order_id: str, outcome: str, **extra) -> dict:
        answer = await self.fake.post("/_fake/pay", json={"order_id": order_id, "outcome": outcome, **extra})
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture(scope="session")
async def payments_world(infrastructure) -> AsyncIterator[PaymentsWorld]:
    producer = AIOKafkaProducer(bootstrap_servers=infrastructure.kafka_bootstrap_servers, acks="all")
    await producer.start()
    gateway = build_gateway(GatewaySettings(kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
                                            payment_webhook_secret=DEVELOPMENT_SECRET))
    fake_port = free_port()
    async with serve_asgi(gateway.asgi) as gateway_url:
        fake_app = create_app(FakePaymentGatewaySettings(
            key_id=KEY_ID, key_secret=KEY_SECRET, webhook_secret=DEVELOPMENT_SECRET,
            webhook_url=f"{gateway_url}/webhooks/payments", port=fake_port,
            webhook_retry_base_seconds=0.1, webhook_retry_max_seconds=0.5,
        ))
        async with serve_asgi(fake_app, port=fake_port) as fake_url:
            settings = Settings(
                kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
                database_url=infrastructure.database_url,
                payment_gateway_base_url=fake_url, payment_gateway_key_id=KEY_ID,
                payment_gateway_key_secret=KEY_SECRET, payee_vpa="revenue.up@sbi", payee_name="Revenue Dept UP",
                reconcile_interval_seconds=0.5, reconcile_pending_after_seconds=PENDING_AFTER_SECONDS,
                consumer_max_attempts=3, consumer_retry_backoff_seconds=0.05,
            )
            service = build(settings)
            await service.start()
            api = GatewayApi(base_url=fake_url, key_id=KEY_ID, key_secret=settings.payment_gateway_key_secret)
            try:
                async with httpx.AsyncClient(base_url=fake_url, timeout=30) as fake, httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=service.app), base_url="http://payments") as http:
                    yield PaymentsWorld(service, fake, api, producer, http)
            finally:
                await api.aclose()
                await service.stop()
                await producer.stop()
