"""Translate Kafka messages into Cloud API calls and rows; the rules are in domain.py.

Delivery is at least once, never silently lost. The Cloud API takes no idempotency key, so one case
cannot be made exactly-once: if the process dies (or PostgreSQL fails) after Meta accepted a message
but before this handler's transaction commits, the inbox record and the message row roll back
together, Kafka redelivers the command, and the citizen receives the message a second time (the first
wamid's statuses wait in `status_reports`, matched to nothing). A send that timed out although Meta had
taken it is the same case. The alternative, committing an "about to send" mark first and skipping
commands that have one, turns that rare duplicate into a rare lost message, which is worse for a
receipt or a certificate. Every other redelivery is a no-op: the kit's inbox stops a command whose
transaction committed, and the wamid check below stops a replayed dead letter whose message Meta
had accepted after all.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import asyncpg

from nagrik_contracts import Envelope
from nagrik_contracts.outbound import Content, SendMessage, Template
from nagrik_contracts.whatsapp import MessageReceived, MessageStatusChanged
from nagrik_kit import PoisonMessage, Transaction

from . import domain, repository
from .cloud_api import Accepted, CloudApi, CloudApiError, TokenExpired
from .domain import Consequence, Outgoing, RetryPolicy, Status
from .metrics import Metrics
from .repository import OutboundMessage, StatusReport

log = logging.getLogger(__name__)

SendResult = Accepted | CloudApiError


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Notifications:
    cloud_api: CloudApi
    policy: RetryPolicy
    reopen_template: str
    pool_of: Callable[[], asyncpg.Pool]
    metrics: Metrics
    now: Callable[[], datetime] = _utc_now

    # ------------------------------------------------------------ wa.inbound: the 24-hour window

    async def on_message_received(self, envelope: Envelope, tx: Transaction) -> None:
        message = envelope.open(MessageReceived)
        await repository.record_inbound(
            tx.conn, citizen_id=message.citizen_id, phone_number_id=message.phone_number_id, at=message.sent_at,
            profile_name=message.profile_name,
        )

    # ------------------------------------------------------------ wa.outbound: send a message

    async def on_send_message(self, envelope: Envelope, tx: Transaction) -> None:
        command = envelope.open(SendMessage)
        earlier = await repository.find_message(tx.conn, envelope.event_id)
        if earlier is not None and earlier.wamid is not None:
            log.info("Meta already accepted this command's message; not sent again",
                     extra={"command": str(envelope.event_id)})
            return
        phone_number_id = command.phone_number_id or self.cloud_api.phone_number_id
        window = await repository.window_of(tx.conn, command.citizen_id, phone_number_id)
        is_open = domain.window_open(
            window.last_inbound_at if window else None, now=self.now(), replies_to_citizen=command.reply_to is not None
        )
        reopen = domain.reopen_template(self.reopen_template, command.language, window.profile_name if window else None)
        outgoing = domain.plan(command, window_is_open=is_open, reopen=reopen)
        draft = OutboundMessage(
            command_id=envelope.event_id, seq=1, citizen_id=command.citizen_id,
            phone_number_id=phone_number_id, language=command.language,
            requested_type=command.content.type, type=outgoing.content.type, template_name=None, wamid=None,
            status="accepted", attempts=0,
        )
        result, attempts, then = await self._call(draft, outgoing.content, outgoing.reply_to)
        if then == "resend_as_template" and outgoing.window_fallback is not None:
            log.info("Meta says the 24-hour window is closed; sending the template instead",
                     extra={"command": str(envelope.event_id)})
            outgoing = Outgoing(outgoing.window_fallback, None, None)
            result, more, then = await self._call(draft, outgoing.content, None)
            attempts += more
        message = _as_sent(draft, outgoing.content, attempts=attempts, window_fallback=outgoing.window_fallback)
        if isinstance(result, CloudApiError):
            await self._store_failure(tx.conn, message, result, then)
            return
        message = await self._store_accepted(tx.conn, message, result)
        if await self._template_due(tx.conn, message, message.status, message.error_code):
            # Meta's `failed` status (window closed) was handled before this row existed.
            await self._replace_holding_locks(tx.conn, message)

    async def _call(self, message: OutboundMessage, content: Content,
                    reply_to: str | None) -> tuple[SendResult, int, Consequence | None]:
        """Send, retrying throttled and transient failures as the policy says; returns how it ended."""
        attempt = 0
        while True:
            attempt += 1
            try:
                accepted = await self.cloud_api.send(
                    message.citizen_id, content, reply_to=reply_to, phone_number_id=message.phone_number_id
                )
            except CloudApiError as error:
                self.metrics.calls.labels(content.type, error.failure).inc()
                then = domain.consequence(error.failure, attempt, self.policy)
                if then != "retry":
                    return error, attempt, then
                delay = domain.backoff_seconds(error.failure, attempt, self.policy)
                log.warning("the Cloud API refused a send; retrying", extra={
                    "command": str(message.command_id), "code": error.code, "failure": error.failure,
                    "attempt": attempt, "retry_in_seconds": delay,
                })
                await asyncio.sleep(delay)
            else:
                self.metrics.calls.labels(content.type, "accepted").inc()
                return accepted, attempt, None

    async def _store_accepted(self, conn: asyncpg.Connection, message: OutboundMessage,
                              accepted: Accepted) -> OutboundMessage:
        """Store the message with every status Meta reported before the row existed."""
        message = replace(message, wamid=accepted.wamid, status="accepted", accepted_at=self.now())
        await repository.lock_wamid(conn, accepted.wamid)
        for report in await repository.status_reports(conn, accepted.wamid):
            message = _with_report(message, report)
        await repository.save_message(conn, message)
        return message

    async def _store_failure(self, conn: asyncpg.Connection, message: OutboundMessage, error: CloudApiError,
                             then: Consequence | None, *, also: StatusReport | None = None) -> None:
        """Record a message Meta would not take; dead-letter the command unless nothing can be done."""
        failed = self._failed(message, error)
        if then == "record_failed":
            log.info("message undeliverable; recorded as failed", extra={"command": str(message.command_id)})
            await repository.save_message(conn, failed)
            return
        if isinstance(error, TokenExpired):
            log.critical("the WhatsApp access token is invalid or has expired: every send fails until it is "
                         "renewed; messages go to dead letters for replay")
        # The kit rolls the handler's transaction back before it dead-letters, so the failure (and the
        # status report that led here, if any) is recorded in a transaction of its own.
        async with self.pool_of().acquire() as own, own.transaction():
            if also is not None:
                await self._apply_report(own, also)
            await repository.save_message(own, failed)
        raise PoisonMessage(f"{type(error).__name__} after {message.attempts} call(s): {error}") from error

    def _failed(self, message: OutboundMessage, error: CloudApiError) -> OutboundMessage:
        return replace(message, status="failed", status_at=self.now(), error_code=error.code,
                       error_detail=str(error)[:2000])

    # ------------------------------------------------------------ wa.status: what happened to our messages

    async def on_status(self, envelope: Envelope, tx: Transaction) -> None:
        report = StatusReport.of(envelope.open(MessageStatusChanged))
        known = await repository.message_by_wamid(tx.conn, report.wamid)
        if known is not None and await self._template_due(tx.conn, known, report.status, report.error_code):
            # Sent before this transaction takes the wamid's lock, so that a failure worth a dead letter
            # can be recorded, report included, in a transaction of its own (see _store_failure).
            replacement, result, then = await self._template_instead(known)
            if isinstance(result, CloudApiError) and then != "record_failed":
                await self._store_failure(tx.conn, replacement, result, then, also=report)
            await self._apply_report(tx.conn, report)
            await self._store_outcome(tx.conn, replacement, result, then)
            return
        before = await self._apply_report(tx.conn, report)
        if known is None and before is not None and await self._template_due(
            tx.conn, before, report.status, report.error_code
        ):
            # The message's row committed while this report waited for the wamid's lock.
            await self._replace_holding_locks(tx.conn, before)

    async def _apply_report(self, conn: asyncpg.Connection, report: StatusReport) -> OutboundMessage | None:
        """Store the report and move the message forward; returns the message as it was before."""
        await repository.lock_wamid(conn, report.wamid)
        if await repository.add_status_report(conn, report):
            self.metrics.statuses.labels(report.status).inc()
        message = await repository.message_by_wamid(conn, report.wamid, for_update=True)
        if message is None:
            # Our insert has not committed yet (or another app shares the number): the report waits
            # in status_reports and is applied when the row is written.
            log.info("status for a message not stored (yet); kept", extra={"status": report.status})
            return None
        updated = _with_report(message, report)
        if updated != message:
            await repository.set_status(conn, updated)
        return message

    async def _replace_holding_locks(self, conn: asyncpg.Connection, message: OutboundMessage) -> None:
        """Send the template for a message whose row or lock this transaction holds.

        Rare (a status and its message crossing each other). A refusal is recorded and logged, not
        dead-lettered: a dead letter would roll back what this transaction holds, and recording it in
        a transaction of its own would wait for those very locks.
        """
        replacement, result, then = await self._template_instead(message)
        if isinstance(result, CloudApiError):
            log.error("the template replacing a message was refused",
                      extra={"command": str(message.command_id), "error": str(result)})
            then = "record_failed"
        await self._store_outcome(conn, replacement, result, then)

    async def _store_outcome(self, conn: asyncpg.Connection, message: OutboundMessage, result: SendResult,
                             then: Consequence | None) -> None:
        if isinstance(result, CloudApiError):
            await self._store_failure(conn, message, result, then)
        else:
            await self._store_accepted(conn, message, result)

    async def _template_due(self, conn: asyncpg.Connection, message: OutboundMessage, reported: Status,
                            error_code: int | None) -> bool:
        if message.seq != 1 or not domain.needs_template_instead(
            current=message.status, reported=reported,
            error_code=error_code, sent_type=message.type, has_fallback=message.window_fallback is not None,
        ):
            return False
        done = await repository.find_message(conn, message.command_id, 2)
        return done is None or done.wamid is None

    async def _template_instead(
        self, original: OutboundMessage
    ) -> tuple[OutboundMessage, SendResult, Consequence | None]:
        template = Template.model_validate(original.window_fallback)
        log.info("Meta reported the 24-hour window closed; sending the template instead",
                 extra={"command": str(original.command_id)})
        draft = replace(original, seq=2, wamid=None, status="accepted", attempts=0, error_code=None,
                        error_detail=None, accepted_at=None, status_at=None)
        result, attempts, then = await self._call(draft, template, None)
        return _as_sent(draft, template, attempts=attempts, window_fallback=None), result, then


def _as_sent(message: OutboundMessage, content: Content, *, attempts: int,
             window_fallback: Template | None) -> OutboundMessage:
    return replace(
        message, type=content.type, template_name=content.name if isinstance(content, Template) else None,
        attempts=attempts,
        window_fallback=window_fallback.model_dump(mode="json") if window_fallback is not None else None,
    )


def _with_report(message: OutboundMessage, report: StatusReport) -> OutboundMessage:
    status = domain.advance(message.status, report.status)
    if status == message.status:
        return message
    error = {"error_code": report.error_code, "error_detail": report.error_detail} if status == "failed" else {}
    return replace(message, status=status, status_at=report.occurred_at, **error)
