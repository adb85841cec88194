"""POSTs signed events to the gateway and, like Razorpay, retries an event until it gets a 2xx in time."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import asdict, dataclass
from typing import Any, Literal

import httpx

from .settings import FakePaymentGatewaySettings
from .webhooks import webhook_headers

log = logging.getLogger(__name__)

DeliveryKind = Literal["first", "retry", "duplicate", "redelivery"]


@dataclass(frozen=True)
class SignedEvent:
    """One event: its bytes and id never change, whichever attempt carries them."""

    event_id: str
    event: str
    body: bytes
    payment_id: str | None
    order_id: str | None


@dataclass(frozen=True)
class DeliveryAttempt:
    event_id: str
    event: str
    payment_id: str | None
    order_id: str | None
    kind: DeliveryKind
    attempt: int
    status: int | None  # the gateway's HTTP status; None = unreachable or too slow
    error: str | None
    at: float
    seconds: float

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def to_json(self) -> dict:
        return {**asdict(self), "accepted": self.accepted}


class WebhookDelivery:
    def __init__(self, settings: FakePaymentGatewaySettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task] = set()
        self.attempts: list[DeliveryAttempt] = []

    def _http(self) -> httpx.AsyncClient:
        # Created on first use so that building the app opens nothing. The overall deadline is enforced
        # by wait_for below; httpx's own (per-read) timeout is only a backstop.
        if self._client is None:
            backstop = self._settings.webhook_timeout_seconds + 1
            self._client = httpx.AsyncClient(transport=self._transport, timeout=backstop)
        return self._client

    async def post_once(self, event: SignedEvent, *, kind: DeliveryKind, attempt: int = 1) -> DeliveryAttempt | None:
        """One POST; None when no webhook URL is configured."""
        url = self._settings.webhook_url
        if not url:
            return None
        headers = webhook_headers(event.body, secret=self._settings.webhook_secret, event_id=event.event_id)
        timeout = self._settings.webhook_timeout_seconds
        started = time.monotonic()
        status: int | None = None
        error: str | None = None
        try:
            response = await asyncio.wait_for(self._http().post(url, content=event.body, headers=headers), timeout)
            status = response.status_code
        except TimeoutError:
            error = f"no answer within {timeout:g} s"
        except httpx.HTTPError as failure:
            error = repr(failure)
        record = DeliveryAttempt(
            event_id=event.event_id,
            event=event.event,
            payment_id=event.payment_id,
            order_id=event.order_id,
            kind=kind,
            attempt=attempt,
            status=status,
            error=error,
            at=time.time(),
            seconds=round(time.monotonic() - started, 3),
        )
        self.attempts.append(record)
        if not record.accepted:
            log.warning("webhook %s %s attempt %d: %s", event.event, event.event_id, attempt, error or status)
        return record

    async def deliver(self, event: SignedEvent, *, kind: DeliveryKind = "first") -> DeliveryAttempt | None:
        """First attempt now; unless it is accepted, retry the same bytes in the background."""
        record = await self.post_once(event, kind=kind)
        if record is not None and not record.accepted:
            self.spawn(self._retry(event))
        return record

    async def _retry(self, event: SignedEvent) -> None:
        settings = self._settings
        for attempt in range(2, settings.webhook_max_attempts + 1):
            delay = min(settings.webhook_retry_base_seconds * 2 ** (attempt - 2), settings.webhook_retry_max_seconds)
            await asyncio.sleep(delay)
            record = await self.post_once(event, kind="retry", attempt=attempt)
            if record is None or record.accepted:
                return
        log.error("webhook %s %s dropped after %d attempts", event.event, event.event_id, settings.webhook_max_attempts)

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Run in the background; the task is kept so that it is not garbage-collected mid-flight."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every background retry has finished (for tests)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._tasks and asyncio.get_running_loop().time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=max(0.0, deadline - asyncio.get_running_loop().time()))

    async def cancel_pending(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    async def aclose(self) -> None:
        await self.cancel_pending()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
