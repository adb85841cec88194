"""What the fake gateway holds and answers, independent of HTTP: orders, payment links, payments, recon."""

from __future__ import annotations

import math

import httpx

from .api_errors import id_does_not_exist, invalid_input
from .entities import Order, Payment, PaymentLink, collection, new_id, unix_now
from .faults import FaultBook
from .settings import FakePaymentGatewaySettings
from .settlements import SettlementBook, on_report_day, recon_item
from .validation import (
    RECON_COUNT_MAX,
    ListWindow,
    check_list_window,
    check_order_request,
    check_payment_link_request,
    check_recon_date,
)
from .webhook_delivery import SignedEvent, WebhookDelivery


class FakePaymentGateway:
    def __init__(
        self, settings: FakePaymentGatewaySettings, *, webhook_transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.webhooks = WebhookDelivery(settings, webhook_transport)
        self.faults = FaultBook()
        self.settlements = SettlementBook()
        self.orders: dict[str, Order] = {}
        self.payments: dict[str, Payment] = {}
        self.links: dict[str, PaymentLink] = {}
        self.link_of_order: dict[str, str] = {}
        self.events: dict[str, SignedEvent] = {}

    # ------------------------------------------------------------ orders

    def create_order(self, body: object) -> dict:
        request = check_order_request(body)
        if self.settings.unique_receipts and self._receipt_used(request.receipt):
            raise invalid_input("Order receipt should be unique.", "receipt")
        order = self.add_order(
            amount=request.amount, currency=request.currency, receipt=request.receipt, notes=request.notes
        )
        return order.as_entity()

    def _receipt_used(self, receipt: str | None) -> bool:
        return receipt is not None and any(order.receipt == receipt for order in self.orders.values())

    def add_order(self, *, amount: int, currency: str, receipt: str | None, notes: dict) -> Order:
        order = Order(
            id=new_id("order"), amount=amount, currency=currency, receipt=receipt, notes=notes, created_at=unix_now()
        )
        self.orders[order.id] = order
        return order

    def list_orders(self, params: dict[str, str]) -> dict:
        window = check_list_window(params)
        receipt = params.get("receipt")
        matching = [order for order in self.orders.values() if receipt is None or order.receipt == receipt]
        if params.get("authorized") in ("1", "true"):
            matching = [order for order in matching if order.status != "created"]
        return collection([order.as_entity() for order in _newest_first(matching, window)])

    def order(self, order_id: str) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            raise id_does_not_exist()
        return order

    def order_payments(self, order_id: str) -> dict:
        self.order(order_id)
        return collection([p.as_entity() for p in self.payments.values() if p.order_id == order_id])

    # ------------------------------------------------------------ payment links

    def create_payment_link(self, body: object) -> dict:
        now = unix_now()
        request = check_payment_link_request(body, now=now)
        if request.reference_id and any(link.reference_id == request.reference_id for link in self.links.values()):
            raise invalid_input(f"Payment Link with reference id {request.reference_id} already exists", "reference_id")
        link_id = new_id("plink")
        link = PaymentLink(
            id=link_id,
            amount=request.amount,
            currency=request.currency,
            description=request.description,
            reference_id=request.reference_id,
            customer=request.customer,
            notify=request.notify,
            notes=request.notes,
            callback_url=request.callback_url,
            callback_method=request.callback_method,
            upi_link=request.upi_link,
            accept_partial=request.accept_partial,
            reminder_enable=request.reminder_enable,
            expire_by=request.expire_by,
            created_at=now,
            short_url=f"{self.settings.own_url}/pay/{link_id}",
        )
        self.links[link.id] = link
        return link.as_entity()

    def payment_link(self, link_id: str) -> PaymentLink:
        link = self.links.get(link_id)
        if link is None:
            raise id_does_not_exist()
        link.refresh(unix_now())
        return link

    def list_payment_links(self, params: dict[str, str]) -> dict:
        # Razorpay lists links as {"payment_links": [...]}, not as a collection.
        reference_id, payment_id = params.get("reference_id"), params.get("payment_id")
        links = [self.payment_link(link_id) for link_id in self.links]
        if reference_id is not None:
            links = [link for link in links if link.reference_id == reference_id]
        if payment_id is not None:
            links = [link for link in links if any(p["payment_id"] == payment_id for p in link.payments)]
        return {"payment_links": [link.as_entity() for link in reversed(links)]}

    def cancel_payment_link(self, link_id: str) -> dict:
        link = self.payment_link(link_id)
        if link.status != "created":
            raise invalid_input(f"Payment Link cannot be cancelled as it is in {link.status} state")
        now = unix_now()
        link.status, link.cancelled_at, link.updated_at = "cancelled", now, now
        return link.as_entity()

    def order_for_link(self, link: PaymentLink) -> Order:
        """Razorpay backs a payment link with an order (receipt = reference_id) once someone pays it."""
        if link.order_id is None:
            order = self.add_order(
                amount=link.amount, currency=link.currency, receipt=link.reference_id, notes=link.notes
            )
            link.order_id = order.id
            self.link_of_order[order.id] = link.id
        return self.orders[link.order_id]

    def link_for_order(self, order_id: str) -> PaymentLink | None:
        link_id = self.link_of_order.get(order_id)
        return None if link_id is None else self.links[link_id]

    # ------------------------------------------------------------ payments and settlement

    def payment(self, payment_id: str) -> Payment:
        payment = self.payments.get(payment_id)
        if payment is None:
            raise id_does_not_exist()
        return payment

    def settled_at(self, payment: Payment) -> int | None:
        if payment.status != "captured" or payment.captured_at is None:
            return None
        return payment.captured_at + math.ceil(self.settings.settlement_delay_seconds)

    def recon(self, params: dict[str, str]) -> dict:
        year, month, day = check_recon_date(params)
        window = check_list_window(params, max_count=RECON_COUNT_MAX)
        now = unix_now()
        settled = [
            (settled_at, payment)
            for payment in self.payments.values()
            if (settled_at := self.settled_at(payment)) is not None
            and settled_at <= now
            and on_report_day(settled_at, year, month, day)
        ]
        settled.sort(key=lambda pair: pair[0])
        items = []
        for settled_at, payment in settled[window.skip : window.skip + window.count]:
            settlement_id, utr = self.settlements.settlement_for(settled_at)
            items.append(
                recon_item(
                    payment, self.orders[payment.order_id], settled_at=settled_at, settlement_id=settlement_id, utr=utr
                )
            )
        return collection(items)

    # ------------------------------------------------------------ lifecycle

    async def reset(self) -> None:
        await self.webhooks.cancel_pending()
        self.webhooks.attempts.clear()
        self.faults.clear()
        self.settlements.clear()
        for table in (self.orders, self.payments, self.links, self.link_of_order, self.events):
            table.clear()

    async def aclose(self) -> None:
        await self.webhooks.aclose()


def _newest_first(orders: list[Order], window: ListWindow) -> list[Order]:
    if window.from_ is not None:
        orders = [order for order in orders if order.created_at >= window.from_]
    if window.to is not None:
        orders = [order for order in orders if order.created_at <= window.to]
    # Insertion order breaks ties within one second, as Razorpay's ids are time-ordered.
    newest = list(reversed(orders))
    newest.sort(key=lambda order: order.created_at, reverse=True)
    return newest[window.skip : window.skip + window.count]
