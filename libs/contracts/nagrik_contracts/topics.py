"""The topic registry: the one place that names topics, what they carry and how they are keyed.

Citizen-scoped topics are keyed by the citizen id so one citizen's messages stay in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from .applications import (
    ApplicationForReview,
    ApplicationRefused,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    CertificateIssued,
    DecisionMade,
    DecisionRecorded,
    DecisionRefused,
    SubmitApplication,
)
from .conversation import ConversationStarted, LanguageChosen, ServiceChosen
from .deadletters import DeadLettered
from .envelope import Payload
from .ocr import DocumentRead, DocumentRejected, ReadDocument
from .outbound import SendMessage
from .payments import GatewayEventReceived, PaymentCaptured, PaymentFailed, PaymentRequested, RequestPayment
from .whatsapp import MessageReceived, MessageStatusChanged


@dataclass(frozen=True)
class Topic:
    name: str
    key: str
    """Payload field whose value is the Kafka key."""
    owner: str
    """The one service that produces it."""
    payloads: tuple[type[Payload], ...]
    description: str
    partitions: int = 6

    def key_of(self, payload: Payload | dict) -> bytes:
        """The Kafka key of a payload, given as a model or as its JSON dict."""
        value = payload[self.key] if isinstance(payload, dict) else getattr(payload, self.key)
        return str(value).encode()


WA_INBOUND = Topic(
    "wa.inbound.v1", "citizen_id", "gateway", (MessageReceived,), "Messages citizens sent on WhatsApp."
)
WA_STATUS = Topic(
    "wa.status.v1", "citizen_id", "gateway", (MessageStatusChanged,), "Meta's sent/delivered/read/failed reports."
)
WA_OUTBOUND = Topic(
    "wa.outbound.v1", "citizen_id", "conversation", (SendMessage,), "Messages to send to citizens."
)
CONVERSATION_EVENTS = Topic(
    "conversation.events.v1",
    "citizen_id",
    "conversation",
    (ConversationStarted, LanguageChosen, ServiceChosen),
    "Milestones of citizens' dialogues.",
)
APPLICATION_COMMANDS = Topic(
    "applications.commands.v1", "citizen_id", "conversation", (SubmitApplication,), "Applications to create."
)
APPLICATION_EVENTS = Topic(
    "applications.events.v1",
    "citizen_id",  # an application belongs to one citizen: its own order holds, and the citizen's updates too
    "applications",
    (ApplicationSubmitted, ApplicationRefused, ApplicationStatusChanged, CertificateIssued),
    "What happened to applications.",
)
APPLICATION_DECISIONS = Topic(
    "applications.decisions.v1", "application_id", "departments", (DecisionMade,),
    "Departments' decisions, validated by the applications service.",
)
PAYMENT_COMMANDS = Topic(
    "payments.commands.v1", "application_id", "applications", (RequestPayment,), "Fees to collect."
)
PAYMENT_GATEWAY = Topic(
    "payments.gateway.v1", "order_id", "gateway", (GatewayEventReceived,), "Signed payment-gateway webhooks."
)
PAYMENT_EVENTS = Topic(
    "payments.events.v1", "order_id", "payments", (PaymentRequested, PaymentCaptured, PaymentFailed),
    "Payment links sent, payments captured or failed.",
)
OCR_REQUESTS = Topic("ocr.requests.v1", "citizen_id", "conversation", (ReadDocument,), "Documents to read.")
OCR_RESULTS = Topic(
    "ocr.results.v1", "citizen_id", "ocr", (DocumentRead, DocumentRejected), "What OCR read, or why it could not."
)
DEAD_LETTERS = Topic(
    "deadletters.v1", "consumer", "any", (DeadLettered,), "Messages a consumer gave up on, with the error.", 1
)

ALL = (
    WA_INBOUND, WA_STATUS, WA_OUTBOUND, CONVERSATION_EVENTS, APPLICATION_COMMANDS, APPLICATION_EVENTS,
    APPLICATION_DECISIONS, PAYMENT_COMMANDS, PAYMENT_GATEWAY, PAYMENT_EVENTS, OCR_REQUESTS, OCR_RESULTS, DEAD_LETTERS,
)
"""Every topic with a fixed name; department topics come from `department_topic()`."""

_DEPARTMENT_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
DEPARTMENT_PAYLOADS = (ApplicationForReview, DecisionRecorded, DecisionRefused)


def department_topic(code: str) -> Topic:
    """`dept.<code>.applications.v1`: one per department, so Kafka ACLs can give each its own."""
    if not _DEPARTMENT_CODE.fullmatch(code):
        raise ValueError(f"department code {code!r} must match {_DEPARTMENT_CODE.pattern}")
    return Topic(f"dept.{code}.applications.v1", "application_id", "applications", DEPARTMENT_PAYLOADS,
                 f"Applications for department {code} to review, and what became of its decisions.")


PAYLOADS: dict[tuple[str, int], type[Payload]] = {
    (p.event_type, p.schema_version): p for topic in ALL for p in topic.payloads
} | {(p.event_type, p.schema_version): p for p in DEPARTMENT_PAYLOADS}


def by_name(name: str) -> Topic:
    for topic in ALL:
        if topic.name == name:
            return topic
    raise KeyError(f"unknown topic {name!r}")
