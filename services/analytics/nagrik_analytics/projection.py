"""Which counter an event adds to. Pure: an event in, (table, key, increments) out.

Applications are counted by department too; the department comes from the catalogue (a service
belongs to one), so status changes, which name only the service, are counted under it as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone

from nagrik_catalog import load_catalog
from nagrik_contracts import Envelope

IST = timezone(timedelta(hours=5, minutes=30))
DEPARTMENT_OF = {service.id: service.department for service in load_catalog().services}


@dataclass(frozen=True)
class Increment:
    table: str
    key: dict[str, object]
    counts: dict[str, int]


def increments_for(envelope: Envelope) -> list[Increment]:
    day: date = envelope.occurred_at.astimezone(IST).date()
    payload = envelope.payload
    match envelope.event_type:
        case "wa.MessageReceived":
            return [Increment("messages_daily", {"day": day, "direction": "in", "type": payload["type"]},
                              {"messages": 1})]
        case "wa.SendMessage":
            return [Increment("messages_daily", {"day": day, "direction": "out", "type": payload["content"]["type"]},
                              {"messages": 1})]
        case "wa.MessageStatusChanged":
            return [Increment("message_statuses_daily", {"day": day, "status": payload["status"]}, {"statuses": 1})]
        case "applications.ApplicationSubmitted":
            return [_application(day, payload, "submitted")]
        case "applications.ApplicationStatusChanged":
            return [_application(day, payload, payload["status"])]
        case "payments.PaymentCaptured":
            return [Increment("payments_daily", {"day": day, "method": payload["method"], "outcome": "captured"},
                              {"payments": 1, "amount_paise": payload["amount_paise"]})]
        case "payments.PaymentFailed":
            method = payload.get("method") or "unknown"
            return [Increment("payments_daily", {"day": day, "method": method, "outcome": "failed"},
                              {"payments": 1, "amount_paise": 0})]
        case "ocr.DocumentRead":
            return [Increment("ocr_outcomes_daily", {"day": day, "outcome": "read"}, {"documents": 1})]
        case "ocr.DocumentRejected":
            return [Increment("ocr_outcomes_daily", {"day": day, "outcome": f"rejected:{payload['reason']}"},
                              {"documents": 1})]
    return []


def _application(day: date, payload: dict, status: str) -> Increment:
    service_id = payload["service_id"]
    department_id = DEPARTMENT_OF.get(service_id) or payload.get("department_id") or "unknown"
    return Increment("applications_daily",
                     {"day": day, "department_id": department_id, "service_id": service_id, "status": status},
                     {"applications": 1})
