"""What the citizen is told when their application or payment moves on. Pure.

Each update carries a fallback template (`application_update`), so the citizen still hears of it
after the 24-hour window has closed.
"""

from __future__ import annotations

from nagrik_catalog import Catalog
from nagrik_contracts import Envelope, Payload
from nagrik_contracts.applications import (
    ApplicationRefused,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    CertificateIssued,
)
from nagrik_contracts.outbound import Button, Buttons, Content, Document, SendMessage, Template, Text
from nagrik_contracts.payments import PaymentCaptured, PaymentFailed, PaymentRequested
from nagrik_contracts.topics import PAYLOADS

from .texts import Texts

_STATUSES_TOLD = ("under_review", "approved", "rejected")
"""Other statuses are told by their own events (submitted, payment requested, certificate issued)."""


def rupees(paise: int) -> str:
    return f"{paise / 100:,.2f}".removesuffix(".00")


def messages_for(envelope: Envelope, *, catalog: Catalog, texts: Texts) -> list[SendMessage]:
    event = envelope.open(PAYLOADS[(envelope.event_type, envelope.schema_version)])
    service = _service_name(catalog, getattr(event, "service_id", None), event.language)
    content = _content(event, service, texts)
    if content is None:
        return []
    status = getattr(event, "status", None) or envelope.event_type.rsplit(".", 1)[-1]
    fallback = Template(name="application_update", language=event.language,
                        body_parameters=[getattr(event, "application_id", "-"), service or "-", status])
    contents = [content]
    if isinstance(event, PaymentCaptured) and event.receipt_url:
        contents.append(Document(link=event.receipt_url, filename=f"{event.receipt_number}.pdf"))
    return [SendMessage(citizen_id=event.citizen_id, language=event.language, content=item, fallback=fallback)
            for item in contents]


def _content(event: Payload, service: str, texts: Texts) -> Content | None:
    language = event.language

    def say(key: str, **values: object) -> Text:
        return Text(body=texts.get(key, language, **values))

    match event:
        case ApplicationSubmitted():  # with a button to follow it later
            return Buttons(body=texts.get("application_submitted", language, service=service,
                                          application=event.application_id),
                           buttons=[Button(id="status", title=texts.get("status_button", language))])
        case ApplicationRefused():
            return say("application_refused", service=service, reasons="; ".join(event.reasons))
        case ApplicationStatusChanged() if event.status in _STATUSES_TOLD:
            return say(f"status_{event.status}", service=service, application=event.application_id,
                       reason=event.reason or texts.get("no_reason", language))
        case CertificateIssued():
            caption = texts.get("certificate_caption", language, service=service, application=event.application_id)
            return Document(link=event.document_url, filename=f"{event.application_id}.pdf", caption=caption)
        case PaymentRequested():
            return say("payment_requested", application=event.application_id, amount=rupees(event.amount_paise),
                       upi=event.upi_link, link=event.payment_link)
        case PaymentCaptured():
            return say("payment_captured", application=event.application_id, amount=rupees(event.amount_paise),
                       receipt=event.receipt_number)
        case PaymentFailed():
            return say("payment_failed", application=event.application_id)
    return None


def _service_name(catalog: Catalog, service_id: str | None, language: str) -> str:
    try:
        return catalog.service(service_id).name.get(language) if service_id else ""
    except KeyError:
        return service_id or ""
