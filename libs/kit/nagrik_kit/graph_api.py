"""Meta's Graph API as one WhatsApp Business Account: the connection both notifications (sending) and ocr
(media) use. What they call and how they read Meta's answers stays theirs."""

from __future__ import annotations

import httpx
from pydantic import SecretStr


class GraphApi:
    def __init__(self, *, base_url: str, version: str, access_token: SecretStr, timeout_seconds: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.version = version
        self._token = access_token
        self._timeout = timeout_seconds
        self._transport = transport
        self._http: httpx.AsyncClient | None = None

    def url(self, *path: str) -> str:
        """`/{version}/{path…}` on the Graph API host."""
        return "/".join((self.base_url, self.version, *path))

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token.get_secret_value()}"}

    def client(self) -> httpx.AsyncClient:
        # Made on first use, inside the running event loop: building a service opens nothing.
        if self._http is None:
            self._http = httpx.AsyncClient(transport=self._transport, timeout=self._timeout)
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
