"""A citizen's applications and their history, as the conversation records and tells them. Pure.

Decisions:
- The history is built from events (applications.events and payments.events), never by asking the
  applications service over HTTP: the consumer of those topics records one step per event in the
  conversation's own table, and "status" reads only that table.
- One step per event, named by the application's status (`submitted`, `payment_due`, `under_review`,
  `approved`, `rejected`, `certificate_issued`, `closed`) plus `paid` from PaymentCaptured. The
  CertificateIssued event is not recorded: the status change to `certificate_issued` already is.
- Times are shown in India time (UTC+05:30; India has no daylight saving, so a fixed offset is exact).
- The most recent applications come first (by when they were submitted); at most `SHOWN` of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from nagrik_catalog import Catalog
from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationStatusChanged, ApplicationSubmitted
from nagrik_contracts.outbound import Content, Language, Text
from nagrik_contracts.payments import PaymentCaptured
from nagrik_contracts.topics import PAYLOADS

from .texts import Texts

INDIA = timezone(timedelta(hours=5, minutes=30), "IST")
SHOWN = 3
"""How many applications a status reply shows."""


@dataclass(frozen=True)
class HistoryStep:
    application_id: str
    citizen_id: str
    service_id: str | None
    """None for a payment (payment events do not name the service); another step of the application does."""
    step: str
    detail: str | None
    occurred_at: datetime


def recorded_step(envelope: Envelope) -> HistoryStep | None:
    """The history step an application or payment event records, or None if it records none."""
    event = envelope.open(PAYLOADS[(envelope.event_type, envelope.schema_version)])
    match event:
        case ApplicationSubmitted():
            step, service, detail = "submitted", event.service_id, None
        case ApplicationStatusChanged():
            step, service, detail = event.status, event.service_id, event.reason
        case PaymentCaptured():
            step, service, detail = "paid", None, event.receipt_number
        case _:
            return None
    return HistoryStep(application_id=event.application_id, citizen_id=event.citizen_id, service_id=service,
                       step=step, detail=detail, occurred_at=envelope.occurred_at)


def shown_time(moment: datetime) -> str:
    return moment.astimezone(INDIA).strftime("%d/%m/%Y %H:%M")


def status_replies(history: list[HistoryStep], language: Language, *, catalog: Catalog, texts: Texts) -> list[Content]:
    """What a citizen who asks about their applications is told. `history` is in the order to show:
    applications most recent first, each one's steps oldest first (as `load_history` returns it)."""
    if not history:
        return [Text(body=texts.get("status_none", language))]
    applications: dict[str, list[HistoryStep]] = {}
    for step in history:
        applications.setdefault(step.application_id, []).append(step)
    blocks = [texts.get("status_header", language)]
    for application_id, steps in list(applications.items())[:SHOWN]:
        service_id = next((s.service_id for s in steps if s.service_id), None)
        lines = [texts.get("status_application", language, application=application_id,
                           service=_service_name(catalog, service_id, language))]
        lines += [f"• {shown_time(s.occurred_at)} — {_step_text(s, language, texts)}" for s in steps]
        blocks.append("\n".join(lines))
    blocks.append(texts.get("status_more", language))
    return [Text(body="\n\n".join(blocks)[:4096])]


def _step_text(step: HistoryStep, language: Language, texts: Texts) -> str:
    """'Fee paid (receipt R-2026-000009)', 'Not approved (reason: …)', 'Approved'."""
    key = f"status_step_{step.step}"
    if key not in texts.entries:  # a status added to the workflows later: show its name rather than fail
        return step.step.replace("_", " ")
    label = texts.get(key, language)
    detail_key = f"status_detail_{step.step}"
    if detail_key not in texts.entries:
        return label
    detail = step.detail or texts.get("no_reason", language)
    return f"{label} ({texts.get(detail_key, language, detail=detail)})"


def _service_name(catalog: Catalog, service_id: str | None, language: Language) -> str:
    try:
        return catalog.service(service_id).name.get(language) if service_id else "-"
    except KeyError:
        return service_id or "-"
