"""The citizen's side of a payment and what the gateway reports about it: payments, state changes, webhooks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

from .api_errors import RazorpayError, invalid_input
from .entities import Method, Order, Payment, PaymentLink, new_id, unix_now
from .fake_gateway import FakePaymentGateway
from .settlements import split_fee
from .webhook_delivery import DeliveryAttempt, DeliveryKind, SignedEvent
from .webhooks import checkout_signature, encode, event_body, new_event_id, payment_link_signature

Outcome = Literal["captured", "failed", "failed_then_captured", "pending"]

# Razorpay's test-mode VPAs: what a citizen "pays from" when the caller does not say.
SUCCESS_VPA = "success@razorpay"
FAILURE_VPA = "failure@razorpay"
NO_EMAIL = "void@razorpay.com"  # what Razorpay records when the customer gave no e-mail
DEFAULT_CONTACT = "+919999999999"


class Refused(Exception):
    """A control request that cannot happen (unknown id, an order already paid, ...)."""

    def __init__(self, http_status: int, detail: str) -> None:
        super().__init__(detail)
        self.http_status = http_status
        self.detail = detail


@dataclass(frozen=True)
class PayRequest:
    order_id: str | None = None
    payment_link_id: str | None = None
    method: Method = "upi"
    outcome: Outcome = "captured"
    vpa: str | None = None
    contact: str | None = None
    email: str | None = None
    error_reason: str = "payment_declined"
    pending_status: Literal["created", "authorized"] = "created"
    deliver_twice: bool = False


class Checkout:
    def __init__(self, gateway: FakePaymentGateway) -> None:
        self.gateway = gateway

    # ------------------------------------------------------------ control operations

    async def pay(self, request: PayRequest) -> dict:
        """Simulate the citizen paying; webhooks go out in Razorpay's order, first attempts before returning."""
        order, link = self._target(request)
        payments: list[Payment] = []
        deliveries: list[dict] = []
        if request.outcome in ("failed", "failed_then_captured"):
            failed = self._attempt(order, link, request, vpa=request.vpa or FAILURE_VPA)
            failed.fail(request.error_reason)
            self._touch_link(link, failed)
            payments.append(failed)
            deliveries += await self._send(self._events(failed, order, link), twice=request.deliver_twice)
        if request.outcome in ("captured", "failed_then_captured"):
            captured = self._attempt(order, link, request, vpa=request.vpa or SUCCESS_VPA)
            events = self._capture(captured, order, link)
            payments.append(captured)
            deliveries += await self._send(events, twice=request.deliver_twice)
        if request.outcome == "pending":
            pending = self._attempt(order, link, request, vpa=request.vpa or SUCCESS_VPA)
            if request.pending_status == "authorized":
                pending.authorize()
            self._touch_link(link, pending)
            payments.append(pending)
        return self._pay_result(order, link, payments, deliveries)

    async def settle(self, payment_id: str, status: Literal["captured", "failed"], *, send_webhooks: bool) -> dict:
        """Resolve a pending payment later; by default silently, so only re-querying the API discovers it."""
        payment = self.gateway.payments.get(payment_id)
        if payment is None:
            raise Refused(404, f"no payment {payment_id}")
        if not payment.is_pending:
            raise Refused(409, f"{payment_id} is already {payment.status}")
        order = self.gateway.orders[payment.order_id]
        link = self.gateway.link_for_order(order.id)
        if status == "captured":
            events = self._capture(payment, order, link)
        else:
            payment.fail("payment_timed_out")
            self._touch_link(link, payment)
            events = self._events(payment, order, link)
        deliveries = await self._send(events, twice=False) if send_webhooks else []
        return {"payment": payment.as_entity(), "order_status": order.status, "webhooks": deliveries}

    async def redeliver(self, event_id: str) -> dict:
        """Send an event again, byte for byte (Razorpay's dashboard replay, or a late duplicate)."""
        event = self.gateway.events.get(event_id)
        if event is None:
            raise Refused(404, f"no event {event_id}")
        return {"webhooks": [_delivery_json(event, await self.gateway.webhooks.deliver(event, kind="redelivery"))]}

    # ------------------------------------------------------------ POST /v1/payments/{id}/capture

    def capture_authorized(self, payment_id: str, body: object) -> dict:
        payment = self.gateway.payment(payment_id)
        if not isinstance(body, dict) or body.get("amount") is None:
            raise invalid_input("amount: is required.", "amount")
        if body["amount"] != payment.amount:
            raise invalid_input("Capture amount must be equal to the amount authorized", "amount")
        if payment.status == "captured":
            raise RazorpayError("This payment has already been captured")
        if payment.status != "authorized":
            raise RazorpayError("Only payments which have been authorized and not yet captured can be captured")
        order = self.gateway.orders[payment.order_id]
        events = self._capture(payment, order, self.gateway.link_for_order(order.id))
        # As at Razorpay, the API answers at once and the webhooks follow on their own.
        self.gateway.webhooks.spawn(self._send(events, twice=False))
        return payment.as_entity()

    # ------------------------------------------------------------ state changes

    def _target(self, request: PayRequest) -> tuple[Order, PaymentLink | None]:
        if (request.order_id is None) == (request.payment_link_id is None):
            raise Refused(422, "give exactly one of order_id and payment_link_id")
        if request.payment_link_id is not None:
            link = self.gateway.links.get(request.payment_link_id)
            if link is None:
                raise Refused(404, f"no payment link {request.payment_link_id}")
            link.refresh(unix_now())
            if link.status != "created":
                raise Refused(409, f"payment link {link.id} is {link.status}")
            return self.gateway.order_for_link(link), link
        order = self.gateway.orders.get(request.order_id or "")
        if order is None:
            raise Refused(404, f"no order {request.order_id}")
        if order.status == "paid":
            raise Refused(409, f"order {order.id} is already paid")
        return order, self.gateway.link_for_order(order.id)

    def _attempt(self, order: Order, link: PaymentLink | None, request: PayRequest, *, vpa: str) -> Payment:
        customer = link.customer if link is not None else {}
        payment = Payment(
            id=new_id("pay"),
            order_id=order.id,
            amount=order.amount,
            currency=order.currency,
            method=request.method,
            created_at=unix_now(),
            contact=request.contact or customer.get("contact") or DEFAULT_CONTACT,
            email=request.email or customer.get("email") or NO_EMAIL,
            vpa=vpa if request.method == "upi" else None,
            bank="HDFC" if request.method == "netbanking" else None,
            wallet="paytm" if request.method == "wallet" else None,
            card_id=new_id("card") if request.method == "card" else None,
            description=None if link is None else f"#{link.id.removeprefix('plink_')}",
            notes=dict(link.notes) if link is not None else {},
        )
        self.gateway.payments[payment.id] = payment
        order.record_attempt()
        return payment

    def _capture(self, payment: Payment, order: Order, link: PaymentLink | None) -> list[SignedEvent]:
        """Capture (auto-capture, as Nagrik configures it) and return the events Razorpay would send."""
        settings = self.gateway.settings
        split = split_fee(payment.amount, fee_basis_points=settings.fee_basis_points, gst_percent=settings.gst_percent)
        payment.capture(fee=split.fee, tax=split.tax, at=unix_now())
        # A late success on an order another payment already paid stays captured: a real double charge
        # that the payments service must notice and refund. order.paid is sent only once per order.
        order_became_paid = order.status != "paid"
        if order_became_paid:
            order.mark_paid()
        link_became_paid = link is not None and link.status != "paid"
        self._touch_link(link, payment)
        return self._events(payment, order, link, order_paid=order_became_paid, link_paid=link_became_paid)

    def _touch_link(self, link: PaymentLink | None, payment: Payment) -> None:
        if link is not None:
            link.record_payment(payment, unix_now())

    # ------------------------------------------------------------ webhooks

    def _events(
        self,
        payment: Payment,
        order: Order,
        link: PaymentLink | None,
        *,
        order_paid: bool = False,
        link_paid: bool = False,
    ) -> list[SignedEvent]:
        if payment.status == "failed":
            names = ["payment.failed"]
        else:
            names = ["payment.authorized", "payment.captured"]
            names += ["order.paid"] if order_paid else []
            names += ["payment_link.paid"] if link_paid else []
        entities = {"payment": payment.as_entity(), "order": order.as_entity()}
        if link is not None:
            entities["payment_link"] = link.as_entity()
        subscribed = self.gateway.settings.subscribed_events
        return [self._signed(name, entities, payment) for name in names if name in subscribed]

    def _signed(self, name: str, entities: dict[str, dict], payment: Payment) -> SignedEvent:
        contains = {"payment": entities["payment"]}
        if name == "payment.authorized":
            # Sent before the capture: the payment as it was at that moment.
            contains["payment"] = {**entities["payment"], "status": "authorized", "captured": False}
        if name in ("order.paid", "payment_link.paid"):
            contains["order"] = entities["order"]
        if name == "payment_link.paid":
            contains["payment_link"] = entities["payment_link"]
        body = encode(event_body(name, account_id=self.gateway.settings.account_id, **contains))
        event = SignedEvent(
            event_id=new_event_id(), event=name, body=body, payment_id=payment.id, order_id=payment.order_id
        )
        self.gateway.events[event.event_id] = event
        return event

    async def _send(self, events: list[SignedEvent], *, twice: bool) -> list[dict]:
        results = []
        for event in events:
            results.append(_delivery_json(event, await self.gateway.webhooks.deliver(event)))
            if twice:
                duplicate = await self.gateway.webhooks.post_once(event, kind="duplicate")
                results.append(_delivery_json(event, duplicate, kind="duplicate"))
        return results

    # ------------------------------------------------------------ answer

    def _pay_result(
        self, order: Order, link: PaymentLink | None, payments: list[Payment], deliveries: list[dict]
    ) -> dict:
        result: dict = {
            "order_id": order.id,
            "order_status": order.status,
            "payment_link_id": None if link is None else link.id,
            "payment_link_status": None if link is None else link.status,
            "payment_ids": [payment.id for payment in payments],
            "payments": [{"id": payment.id, "status": payment.status} for payment in payments],
            "webhooks": deliveries,
            "checkout": None,
            "callback_url": None,
        }
        captured = next((payment for payment in payments if payment.status == "captured"), None)
        if captured is None:
            return result
        key_secret = self.gateway.settings.key_secret
        if link is None:
            result["checkout"] = {
                "razorpay_payment_id": captured.id,
                "razorpay_order_id": order.id,
                "razorpay_signature": checkout_signature(order.id, captured.id, key_secret),
            }
            return result
        result["checkout"] = {
            "razorpay_payment_id": captured.id,
            "razorpay_payment_link_id": link.id,
            "razorpay_payment_link_reference_id": link.reference_id or "",
            "razorpay_payment_link_status": link.status,
            "razorpay_signature": payment_link_signature(
                payment_link_id=link.id,
                reference_id=link.reference_id or "",
                status=link.status,
                payment_id=captured.id,
                key_secret=key_secret,
            ),
        }
        if link.callback_url:
            separator = "&" if "?" in link.callback_url else "?"
            result["callback_url"] = link.callback_url + separator + urlencode(result["checkout"])
        return result


def _delivery_json(event: SignedEvent, attempt: DeliveryAttempt | None, kind: DeliveryKind | None = None) -> dict:
    return {
        "event": event.event,
        "event_id": event.event_id,
        "kind": kind or (attempt.kind if attempt is not None else "first"),
        "status": None if attempt is None else attempt.status,
        "error": "no webhook URL configured" if attempt is None else attempt.error,
    }
