"""Citizens ask "status" and read their applications' history, in their language, in India time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from nagrik_catalog import load_catalog
from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationStatusChanged, ApplicationSubmitted, CertificateIssued
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.payments import PaymentCaptured, PaymentRequested
from nagrik_contracts.whatsapp import MessageReceived, Reply
from nagrik_conversation.dialogue import Dialogue, Session
from nagrik_conversation.status import HistoryStep, recorded_step
from nagrik_conversation.texts import load_texts
from nagrik_conversation.understanding import load_vocabulary

CITIZEN = "919812345678"
CATALOG = load_catalog()
# 20:00 UTC is 01:30 the next day in India.
SUBMITTED_AT = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


@pytest.fixture
def dialogue() -> Dialogue:
    return Dialogue(catalog=CATALOG, texts=load_texts(), vocabulary=load_vocabulary())


def message(body: str | None = None, tapped: str | None = None) -> MessageReceived:
    return MessageReceived(citizen_id=CITIZEN, message_id=f"wamid.{uuid.uuid4().hex}", phone_number_id="1",
                           sent_at=datetime.now(UTC), type="interactive" if tapped else "text", text=body,
                           reply=Reply(kind="button_reply", id=tapped, title="x") if tapped else None)


def step(application: str, name: str, minutes: int, *, service: str | None = "income_certificate",
         detail: str | None = None, start: datetime = SUBMITTED_AT) -> HistoryStep:
    return HistoryStep(application_id=application, citizen_id=CITIZEN, service_id=service, step=name, detail=detail,
                       occurred_at=start + timedelta(minutes=minutes))


JOURNEY = [
    step("DL-INC-2026-000002", "submitted", 0),
    step("DL-INC-2026-000002", "payment_due", 0),
    step("DL-INC-2026-000002", "paid", 5, service=None, detail="R-2026-000007"),
    step("DL-INC-2026-000002", "under_review", 6),
    step("DL-INC-2026-000002", "rejected", 60 * 24, detail="Income proof is not attested"),
]


@pytest.mark.parametrize("asked", [message("status"), message("Mera Aavedan"), message("स्थिति"),
                                   message(tapped="status")])
def test_status_is_asked_by_typing_or_tapping(dialogue, asked):
    assert dialogue.asks_status(Session(CITIZEN, step="filling_form", language="en"), asked)


def test_in_a_form_a_name_one_letter_from_a_status_word_is_an_answer(dialogue):
    assert dialogue.asks_status(Session(CITIZEN, step="choosing_department", language="en"), message("Tracy"))
    assert not dialogue.asks_status(Session(CITIZEN, step="filling_form", language="en"), message("Tracy"))


@pytest.mark.parametrize("language, expected", [
    ("en", ["*DL-INC-2026-000002* — Income Certificate", "21/11/2026 01:30 — Submitted", "21/11/2026 01:30 — Fee due",
            "21/11/2026 01:35 — Fee paid (receipt R-2026-000007)", "With the department for review",
            "22/11/2026 01:30 — Not approved (reason: Income proof is not attested)"]),
    ("hi", ["*DL-INC-2026-000002* — आय प्रमाण पत्र", "21/11/2026 01:30 — जमा हुआ", "शुल्क देना बाकी",
            "शुल्क जमा हुआ (रसीद R-2026-000007)", "विभाग में जाँच के लिए",
            "स्वीकृत नहीं हुआ (कारण: Income proof is not attested)"]),
])
def test_the_history_is_told_in_the_citizens_language_in_india_time(dialogue, language, expected):
    session = Session(CITIZEN, step="choosing_department", language=language, known=True)
    [reply] = dialogue.status(session, JOURNEY).replies
    assert CATALOG.service("income_certificate").name.get(language) in reply.body
    lines = reply.body.splitlines()
    assert all(any(e in line for line in lines) for e in expected), reply.body


def test_at_most_three_applications_are_shown_as_given_newest_first(dialogue):
    history = [step(f"DL-INC-2026-00000{n}", "submitted", -n) for n in (4, 3, 2, 1)]
    history.append(step("DL-INC-2026-000003", "approved", 10))
    history.append(step("DL-INC-2026-000003", "certificate_issued", 11))
    [reply] = dialogue.status(Session(CITIZEN, language="en"), history).replies
    assert [a for a in ("000004", "000003", "000002", "000001") if a in reply.body] == ["000004", "000003", "000002"]
    assert "Approved" in reply.body and "Certificate issued" in reply.body


@pytest.mark.parametrize("language, told", [("en", "no applications"), ("hi", "कोई आवेदन नहीं")])
def test_a_citizen_without_applications_is_pointed_to_the_menu(dialogue, language, told):
    [reply] = dialogue.status(Session(CITIZEN, language=language), []).replies
    assert told in reply.body and ("menu" in reply.body or "मेनू" in reply.body)


def test_a_citizen_who_never_chose_a_language_hears_hindi(dialogue):
    turn = dialogue.status(Session(CITIZEN), JOURNEY)
    assert "जमा हुआ" in turn.replies[0].body and turn.session == Session(CITIZEN)


def test_asking_in_the_middle_of_a_form_keeps_the_answers_and_repeats_the_question(dialogue):
    service = CATALOG.service("income_certificate")
    filling = Session(CITIZEN, step="filling_form", language="en", service_id=service.id, known=True,
                      answers={"applicant_name": "Asha Devi"}, submission_id="s-1")
    turn = dialogue.status(filling, JOURNEY)
    history, question = turn.replies
    assert turn.session == filling and question.body.startswith("(2/10)")
    answered = dialogue.respond(turn.session, message("Ram Lal"))
    assert answered.session.answers == {"applicant_name": "Asha Devi", "father_name": "Ram Lal"}


def test_every_status_reply_is_a_message_meta_accepts(dialogue):
    long_reason = "क" * 1000  # the longest reason a department may give
    history = [step(f"DL-INC-2026-00000{n}", name, i, detail=long_reason)
               for n in range(3) for i, name in enumerate(
                   ["submitted", "payment_due", "paid", "under_review", "rejected", "approved", "certificate_issued",
                    "closed", "a_status_added_later"])]
    for language in ("hi", "en"):
        for content in dialogue.status(Session(CITIZEN, language=language), history).replies:
            SendMessage(citizen_id=CITIZEN, language=language, content=content)


def wrapped(payload, at: datetime = SUBMITTED_AT) -> Envelope:
    return Envelope.wrap(payload, producer="applications", correlation_id="c", occurred_at=at)


def test_application_and_payment_events_record_history_steps():
    common = dict(application_id="A-1", citizen_id=CITIZEN, language="en")
    submitted = recorded_step(wrapped(ApplicationSubmitted(**common, submission_id="s", service_id="income_certificate",
                                                           department_id="revenue", fee_paise=5000)))
    assert (submitted.step, submitted.service_id, submitted.occurred_at) == ("submitted", "income_certificate",
                                                                             SUBMITTED_AT)
    rejected = recorded_step(wrapped(ApplicationStatusChanged(**common, service_id="income_certificate",
                                                              status="rejected", reason="No proof")))
    assert (rejected.step, rejected.detail) == ("rejected", "No proof")
    paid = recorded_step(wrapped(PaymentCaptured(**common, order_id="o", payment_id="p", amount_paise=5000,
                                                 method="upi", receipt_number="R-1")))
    assert (paid.step, paid.detail, paid.service_id) == ("paid", "R-1", None)
    assert recorded_step(wrapped(PaymentRequested(**common, order_id="o", amount_paise=5000, upi_link="upi://pay",
                                                  payment_link="http://x"))) is None
    assert recorded_step(wrapped(CertificateIssued(**common, service_id="income_certificate", certificate_id="C",
                                                   document_url="http://x", verification_url="http://y"))) is None


def test_every_application_status_and_payment_has_a_step_label_in_both_languages():
    from typing import get_args

    from nagrik_contracts.applications import ApplicationStatus

    texts = load_texts()
    for name in (*get_args(ApplicationStatus), "paid"):
        for language in ("hi", "en"):
            assert "{" not in texts.get(f"status_step_{name}", language)
