"""The Razorpay-compatible API (PROTOCOLS.md §5) as typed calls. Basic auth `key_id:key_secret`, base `/v1`.

The gateway takes no idempotency key: every create is preceded by a lookup on OUR unique key (the order's
`receipt`, the link's `reference_id`), so a retry after a timeout finds what the first try made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr


class GatewayError(Exception):
    """The gateway refused or failed; `retryable` says whether the same call may succeed later."""

    def __init__(self, status: int | None, code: str | None, description: str, field: str | None = None) -> None:
        super().__init__(f"{status} {code}: {description}" + (f" (field {field})" if field else ""))
        self.status, self.code, self.description, self.field = status, code, description, field

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


class GatewayUnavailable(GatewayError):
    """Timeouts, connection errors, 429 and 5xx: try again later (a timeout is never a failure, §6)."""


class GatewayRefused(GatewayError):
    """A 4xx the same call will get again (bad request, unknown id)."""


class AuthenticationFailed(GatewayRefused):
    """401: wrong key id or secret — an operator must fix the settings."""


@dataclass(frozen=True)
class Order:
    id: str
    receipt: str | None
    status: str
    amount: int


@dataclass(frozen=True)
class PaymentLink:
    id: str
    short_url: str
    reference_id: str | None
    status: str
    order_id: str | None = None
    """The gateway's own order behind the link, once it was paid (or attempted)."""


@dataclass(frozen=True)
class Payment:
    id: str
    order_id: str | None
    status: str  # created | authorized | captured | failed
    amount: int
    method: str | None
    contact: str | None = None
    vpa: str | None = None
    rrn: str | None = None
    error_code: str | None = None
    error_reason: str | None = None
    created_at: int | None = None


class GatewayApi:
    def __init__(self, *, base_url: str, key_id: str, key_secret: SecretStr, timeout_seconds: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/v1", auth=(key_id, key_secret.get_secret_value()),
            timeout=timeout_seconds, transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    # ------------------------------------------------------------ orders

    async def find_order_by_receipt(self, receipt: str) -> Order | None:
        body = await self._call("GET", "/orders", params={"receipt": receipt, "count": 1})
        items = body.get("items") or []
        return _order(items[0]) if items else None

    async def create_order(self, *, amount_paise: int, receipt: str, notes: dict[str, str] | None = None) -> Order:
        body = {"amount": amount_paise, "currency": "INR", "receipt": receipt}
        if notes:
            body["notes"] = notes
        return _order(await self._call("POST", "/orders", json=body))

    async def find_or_create_order(self, *, amount_paise: int, receipt: str,
                                   notes: dict[str, str] | None = None) -> Order:
        existing = await self.find_order_by_receipt(receipt)
        return existing or await self.create_order(amount_paise=amount_paise, receipt=receipt, notes=notes)

    async def get_order(self, order_id: str) -> Order:
        return _order(await self._call("GET", f"/orders/{order_id}"))

    async def order_payments(self, order_id: str) -> list[Payment]:
        body = await self._call("GET", f"/orders/{order_id}/payments")
        return [_payment(item) for item in body.get("items") or []]

    # ------------------------------------------------------------ payment links

    async def find_payment_link(self, reference_id: str) -> PaymentLink | None:
        body = await self._call("GET", "/payment_links", params={"reference_id": reference_id})
        links = body.get("payment_links") or []
        return _link(links[0]) if links else None

    async def create_payment_link(self, *, amount_paise: int, reference_id: str, description: str,
                                  customer_name: str | None = None, customer_contact: str | None = None,
                                  callback_url: str | None = None) -> PaymentLink:
        """Create the link, or return the one an earlier try made (lookup first, and again on a duplicate)."""
        existing = await self.find_payment_link(reference_id)
        if existing:
            return existing
        body: dict[str, Any] = {"amount": amount_paise, "currency": "INR", "description": description,
                                "reference_id": reference_id, "upi_link": False}
        customer = {k: v for k, v in (("name", customer_name), ("contact", customer_contact)) if v}
        if customer:
            body["customer"] = customer
        if callback_url:
            body |= {"callback_url": callback_url, "callback_method": "get"}
        try:
            return _link(await self._call("POST", "/payment_links", json=body))
        except GatewayRefused as error:
            if error.field == "reference_id":  # made by a concurrent or timed-out earlier try
                found = await self.find_payment_link(reference_id)
                if found:
                    return found
            raise

    # ------------------------------------------------------------ payments

    async def get_payment(self, payment_id: str) -> Payment:
        return _payment(await self._call("GET", f"/payments/{payment_id}"))

    # ------------------------------------------------------------ transport

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise GatewayUnavailable(None, None, f"{type(error).__name__}: {error}") from error
        if response.is_success:
            return response.json()
        code = description = field = None
        try:
            detail = response.json().get("error") or {}
            code, description, field = detail.get("code"), detail.get("description"), detail.get("field")
        except ValueError:
            pass
        description = description or response.text[:200] or response.reason_phrase
        status = response.status_code
        if status == 401:
            raise AuthenticationFailed(status, code, description, field)
        if status == 429 or status >= 500:
            raise GatewayUnavailable(status, code, description, field)
        raise GatewayRefused(status, code, description, field)


def _order(item: dict) -> Order:
    return Order(id=item["id"], receipt=item.get("receipt"), status=item["status"], amount=item["amount"])


def _link(item: dict) -> PaymentLink:
    return PaymentLink(id=item["id"], short_url=item["short_url"], reference_id=item.get("reference_id"),
                       status=item["status"], order_id=item.get("order_id"))


def _payment(item: dict) -> Payment:
    return Payment(
        id=item["id"], order_id=item.get("order_id"), status=item["status"], amount=item["amount"],
        method=item.get("method"), contact=item.get("contact"), vpa=item.get("vpa"),
        rrn=(item.get("acquirer_data") or {}).get("rrn"), error_code=item.get("error_code"),
        error_reason=item.get("error_reason"), created_at=item.get("created_at"),
    )
