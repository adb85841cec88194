"""Kafka in, gateway calls and rows out. Rules are in domain.py; the gateway is never trusted from a webhook
alone: every event is confirmed with `GET /v1/payments/{id}` before anything changes.

Exactly once: an order becomes paid under a row lock and a conditional update (`status <> 'paid'`), in the
same transaction that stores the receipt and queues PaymentCaptured in the outbox. Webhook redeliveries are
dropped by the kit's inbox (the gateway derives event ids from Razorpay's), the other events about the same
payment (payment.captured, order.paid, payment_link.paid) and the reconciliation loop meet the lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from nagrik_contracts import Envelope, Payload
from nagrik_contracts.payments import (
    GatewayEventReceived,
    PaymentCaptured,
    PaymentFailed,
    PaymentRequested,
    RequestPayment,
)
from nagrik_contracts.topics import PAYMENT_EVENTS, Topic
from nagrik_documents import BilingualText, Issuer, ReceiptData, render_receipt, sign_verification
from nagrik_kit import PoisonMessage, Transaction
from nagrik_kit import outbox

from . import domain
from .domain import Decision
from .gateway_api import GatewayApi, GatewayRefused, Payment
from .metrics import Metrics

log = logging.getLogger(__name__)

Emit = Callable[[Topic, Payload], Awaitable[object]]


@dataclass
class Payments:
    gateway: GatewayApi
    payee_vpa: str
    payee_name: str
    issuer: Issuer
    receipts_base_url: str
    receipt_signing_key: bytes
    metrics: Metrics
    producer: str = "payments"
    callback_url: str | None = None

    # ------------------------------------------------------------ payments.commands: a fee is due

    async def on_request_payment(self, envelope: Envelope, tx: Transaction) -> None:
        command = envelope.open(RequestPayment)
        reference = domain.reference_for(command.application_id)
        row = await tx.conn.fetchrow("SELECT * FROM orders WHERE reference = $1", reference)
        if row is None:
            order = await self.gateway.find_or_create_order(
                amount_paise=command.amount_paise, receipt=reference,
                notes={"application_id": command.application_id[:256], "service_id": command.service_id[:256]},
            )
            link = await self.gateway.create_payment_link(
                amount_paise=command.amount_paise, reference_id=reference, description=command.description,
                callback_url=self.callback_url,
            )
            upi = domain.upi_link(payee_vpa=self.payee_vpa, payee_name=self.payee_name, reference=reference,
                                  note=command.description, amount_paise=command.amount_paise)
            row = await tx.conn.fetchrow(
                """INSERT INTO orders (reference, order_id, application_id, citizen_id, service_id, language,
                       amount_paise, description, correlation_id, upi_link, payment_link, payment_link_id, status)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'created') RETURNING *""",
                reference, order.id, command.application_id, command.citizen_id, command.service_id,
                command.language, command.amount_paise, command.description, envelope.correlation_id, upi,
                link.short_url, link.id,
            )
        elif row["status"] == "paid":
            log.info("fee already paid; no new request", extra={"order_id": row["order_id"]})
            return
        await tx.emit(PAYMENT_EVENTS, PaymentRequested(
            application_id=row["application_id"], citizen_id=row["citizen_id"], language=row["language"],
            order_id=row["order_id"], amount_paise=row["amount_paise"], upi_link=row["upi_link"],
            payment_link=row["payment_link"],
        ))

    # ------------------------------------------------------------ payments.gateway: a signed webhook

    async def on_gateway_event(self, envelope: Envelope, tx: Transaction) -> None:
        event = envelope.open(GatewayEventReceived)
        reference = await self._reference_of(tx.conn, event.order_id)
        if reference is None:
            log.info("gateway event about an order that is not ours; skipped",
                     extra={"order_id": event.order_id, "event": event.event})
            return
        if event.payment_id:
            payments = [await self.gateway.get_payment(event.payment_id)]
        else:
            payments = await self.gateway.order_payments(event.order_id)
        for payment in payments:
            decision = await self.apply(tx.conn, reference, payment, tx.emit)
            tx.on_commit(lambda decision=decision, method=payment.method: self._count(decision, method))

    async def _reference_of(self, conn: asyncpg.Connection, order_id: str) -> str | None:
        reference = await conn.fetchval(
            "SELECT reference FROM orders WHERE order_id = $1 "
            "UNION ALL SELECT reference FROM gateway_orders WHERE order_id = $1 LIMIT 1", order_id)
        if reference:
            return reference
        # A paid payment link makes its own order whose receipt is the link's reference_id (= ours).
        try:
            order = await self.gateway.get_order(order_id)
        except GatewayRefused:
            return None
        if order.receipt and await conn.fetchval("SELECT 1 FROM orders WHERE reference = $1", order.receipt):
            await conn.execute("INSERT INTO gateway_orders (order_id, reference) VALUES ($1, $2) "
                               "ON CONFLICT DO NOTHING", order_id, order.receipt)
            return order.receipt
        return None

    # ------------------------------------------------------------ the one path that changes an order

    async def apply(self, conn: asyncpg.Connection, reference: str, payment: Payment, emit: Emit) -> Decision:
        """Apply a payment the gateway confirmed; the caller's transaction must be open."""
        row = await conn.fetchrow("SELECT * FROM orders WHERE reference = $1 FOR UPDATE", reference)
        decision = domain.decide(order_status=row["status"], paid_by=row["payment_id"], payment_id=payment.id,
                                 payment_status=payment.status)
        if decision is Decision.CAPTURE:
            await self._capture(conn, row, payment, emit)
        elif decision is Decision.FAIL:
            inserted = await conn.fetchval(
                "INSERT INTO failed_payments (payment_id, reference, reason) VALUES ($1, $2, $3) "
                "ON CONFLICT DO NOTHING RETURNING 1", payment.id, reference, payment.error_reason)
            if inserted:
                await emit(PAYMENT_EVENTS, PaymentFailed(
                    application_id=row["application_id"], citizen_id=row["citizen_id"], language=row["language"],
                    order_id=row["order_id"], payment_id=payment.id, reason=payment.error_reason,
                    method=domain.payment_method(payment.method),
                ))
        elif decision is Decision.DOUBLE_CHARGE:
            log.error("a second payment was captured for a paid order: refund it",
                      extra={"order_id": row["order_id"], "payment_id": payment.id, "paid_by": row["payment_id"]})
        return decision

    async def _capture(self, conn: asyncpg.Connection, row: asyncpg.Record, payment: Payment, emit: Emit) -> None:
        if payment.amount != row["amount_paise"]:
            raise PoisonMessage(f"captured {payment.amount} paise for an order of {row['amount_paise']}")
        paid_at = datetime.fromtimestamp(payment.created_at, UTC) if payment.created_at else datetime.now(UTC)
        number = domain.receipt_number(paid_at.year, await conn.fetchval("SELECT nextval('receipt_numbers')"))
        method = domain.payment_method(payment.method)
        receipt = ReceiptData(
            issuer=self.issuer, receipt_number=number, application_number=row["application_id"],
            service=BilingualText(row["service_id"], row["service_id"]), amount_paise=payment.amount,
            method=domain.receipt_method(payment.method),
            gateway_payment_id=payment.id, paid_at=paid_at, payer_mobile=payment.contact or row["citizen_id"],
            upi_rrn=payment.rrn,
        )
        pdf = await asyncio.to_thread(render_receipt, receipt)
        updated = await conn.fetchval(
            "UPDATE orders SET status = 'paid', payment_id = $2, method = $3, receipt_number = $4, paid_at = $5 "
            "WHERE reference = $1 AND status <> 'paid' RETURNING 1",
            row["reference"], payment.id, method, number, paid_at)
        if not updated:  # cannot happen under the row lock; kept as the last guard against a second receipt
            return
        await conn.execute("INSERT INTO receipts (receipt_number, reference, pdf) VALUES ($1, $2, $3)",
                           number, row["reference"], pdf)
        await emit(PAYMENT_EVENTS, PaymentCaptured(
            application_id=row["application_id"], citizen_id=row["citizen_id"], language=row["language"],
            order_id=row["order_id"], payment_id=payment.id, amount_paise=payment.amount, method=method,
            receipt_number=number,
            receipt_url=(f"{self.receipts_base_url.rstrip('/')}/receipts/{number}.pdf"
                         f"?sig={sign_verification(number, self.receipt_signing_key)}"),
        ))
        log.info("payment captured", extra={"order_id": row["order_id"], "receipt_number": number})

    # ------------------------------------------------------------ reconciliation

    async def reconcile(self, pool: asyncpg.Pool, *, pending_after_seconds: float, max_age_seconds: float) -> int:
        """Re-query orders still open after `pending_after_seconds`; capture what the gateway says was captured.
        Returns how many orders were captured."""
        # Re-query n is due pending_after × 3^n after creation (90 s, 4.5 min, 13.5 min, 40.5 min by default):
        # a few times within the max age, as §6 asks, not on every round.
        rows = await pool.fetch(
            "SELECT reference, order_id FROM orders WHERE status = 'created' "
            "AND created_at < now() - make_interval(secs => $1 * power(3, checks)) "
            "AND created_at > now() - make_interval(secs => $2) "
            "ORDER BY created_at LIMIT 100", pending_after_seconds, max_age_seconds)
        captured = 0
        for row in rows:
            await pool.execute("UPDATE orders SET checks = checks + 1 WHERE reference = $1", row["reference"])
            order_ids = [row["order_id"], *[r["order_id"] for r in await pool.fetch(
                "SELECT order_id FROM gateway_orders WHERE reference = $1", row["reference"])]]
            link = await self.gateway.find_payment_link(row["reference"])  # paid through the link, no webhook
            if link and link.order_id and link.order_id not in order_ids:
                order_ids.append(link.order_id)
            for order_id in order_ids:
                payments = await self.gateway.order_payments(order_id)
                for payment in (p for p in payments if p.status == "captured"):
                    async with pool.acquire() as conn, conn.transaction():
                        correlation = await conn.fetchval("SELECT correlation_id FROM orders WHERE reference = $1",
                                                          row["reference"])

                        async def emit(topic: Topic, payload: Payload, conn=conn, correlation=correlation) -> None:
                            await outbox.add(conn, topic, Envelope.wrap(payload, producer=self.producer,
                                                                        correlation_id=correlation))

                        decision = await self.apply(conn, row["reference"], payment, emit)
                    self._count(decision, payment.method)  # committed
                    captured += decision is Decision.CAPTURE
        return captured

    def _count(self, decision: Decision, method: str | None) -> None:
        self.metrics.count(decision, domain.payment_method(method))
