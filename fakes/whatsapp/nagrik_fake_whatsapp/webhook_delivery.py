"""POSTs signed webhooks to the gateway and, like Meta, keeps retrying a body until it gets a 200."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

import httpx

from .settings import FakeWhatsAppSettings
from .webhooks import encode_like_meta, sign, sign_sha1

log = logging.getLogger(__name__)


class WebhookDelivery:
    def __init__(self, settings: FakeWhatsAppSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._settings = settings
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task] = set()

    def _http(self) -> httpx.AsyncClient:
        # Created on first use so that building the app opens nothing.
        if self._client is None:
            self._client = httpx.AsyncClient(transport=self._transport, timeout=self._settings.webhook_timeout_seconds)
        return self._client

    def encode(self, payload: dict) -> bytes:
        return encode_like_meta(payload)

    async def post_once(self, body: bytes) -> int | None:
        """One attempt; the HTTP status, or None when the gateway could not be reached."""
        url = self._settings.webhook_url
        if not url:
            return None
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "facebookexternalua",
            "X-Hub-Signature-256": sign(body, self._settings.app_secret),
            "X-Hub-Signature": sign_sha1(body, self._settings.app_secret),
        }
        try:
            response = await self._http().post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            log.warning("webhook POST to %s failed: %r", url, error)
            return None
        return response.status_code

    async def get(self, params: dict[str, str]) -> httpx.Response:
        """A plain GET on the callback URL (Meta's subscription handshake)."""
        return await self._http().get(self._settings.webhook_url, params=params)

    async def deliver(self, payload: dict) -> int | None:
        """First attempt now; if it is not a 200, retry the same bytes in the background."""
        body = self.encode(payload)
        status = await self.post_once(body)
        if status != 200 and self._settings.webhook_url:
            self.spawn(self._retry(body, attempts_done=1))
        return status

    async def deliver_until_accepted(self, payload: dict) -> bool:
        """Every attempt, in the caller's task (used to keep status webhooks of one message in order)."""
        body = self.encode(payload)
        if await self.post_once(body) == 200:
            return True
        return await self._retry(body, attempts_done=1)

    async def _retry(self, body: bytes, *, attempts_done: int) -> bool:
        settings = self._settings
        for attempt in range(attempts_done + 1, settings.webhook_max_attempts + 1):
            delay = min(settings.webhook_retry_base_seconds * 2 ** (attempt - 2), settings.webhook_retry_max_seconds)
            await asyncio.sleep(delay)
            if await self.post_once(body) == 200:
                return True
        log.error("webhook dropped after %d attempts", settings.webhook_max_attempts)
        return False

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Run in the background; the task is kept so that it is not garbage-collected mid-flight."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until every background delivery has finished (for tests)."""
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
