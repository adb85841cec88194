"""The applications service against a real broker and PostgreSQL: submissions in, workflow events out."""

from __future__ import annotations

import uuid

import httpx
import pytest

from nagrik_applications.department import outcome_of, publish_decision, read_pending
from nagrik_applications.main import build
from nagrik_applications.numbering import NUMBER
from nagrik_applications.settings import Settings
from nagrik_catalog import load_catalog
from nagrik_contracts import Envelope
from nagrik_contracts.applications import DecisionMade, SubmitApplication
from nagrik_contracts.payments import PaymentCaptured
from nagrik_contracts.topics import (
    APPLICATION_COMMANDS,
    APPLICATION_EVENTS,
    DEAD_LETTERS,
    PAYMENT_COMMANDS,
    PAYMENT_EVENTS,
    department_topic,
)
from nagrik_dev.recorder import TopicRecorder

REVENUE = department_topic("revenue")


@pytest.fixture(scope="session")
async def applications(infrastructure):
    service = build(Settings(kafka_bootstrap_servers=infrastructure.kafka_bootstrap_servers,
                             database_url=infrastructure.database_url))
    await service.start()
    yield service
    await service.stop()


@pytest.fixture(scope="session")
async def revenue_desk(infrastructure, applications):
    """What the revenue department receives (its topic exists once the service started)."""
    reader = TopicRecorder(infrastructure.kafka_bootstrap_servers, (REVENUE,))
    await reader.start()
    yield reader
    await reader.stop()


@pytest.fixture
def http(applications):
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=applications.app), base_url="http://test")


def citizen() -> str:
    return "9198" + str(uuid.uuid4().int)[:8]


async def submit(producer, service_id: str, answers: dict[str, str], *, language="en",
                 submission_id: str | None = None, again: Envelope | None = None) -> Envelope:
    if again is None:
        command = SubmitApplication(submission_id=submission_id or uuid.uuid4().hex, citizen_id=citizen(),
                                    service_id=service_id, language=language, answers=answers)
        again = Envelope.wrap(command, producer="conversation", correlation_id=command.citizen_id)
    await producer.send(APPLICATION_COMMANDS.name, again.model_dump_json().encode(),
                        key=APPLICATION_COMMANDS.key_of(again.payload))
    await producer.flush()
    return again


async def submitted(recorder, command: Envelope, *, count: int = 1) -> list[dict]:
    sid = command.payload["submission_id"]
    return await recorder.wait_for(
        APPLICATION_EVENTS.name,
        lambda e: e["event_type"] == "applications.ApplicationSubmitted" and e["payload"]["submission_id"] == sid,
        count=count, settle=0.2)


async def statuses(recorder, application_id: str, count: int) -> list[str]:
    found = await recorder.wait_for(
        APPLICATION_EVENTS.name,
        lambda e: e["event_type"] == "applications.ApplicationStatusChanged"
        and e["payload"]["application_id"] == application_id,
        count=count, settle=0.3)
    return [e["payload"]["status"] for e in found]


async def capture(producer, submitted_event: dict) -> None:
    p = submitted_event["payload"]
    order = f"order_{uuid.uuid4().hex[:12]}"
    event = PaymentCaptured(application_id=p["application_id"], citizen_id=p["citizen_id"], language=p["language"],
                            order_id=order, payment_id=f"pay_{uuid.uuid4().hex[:12]}", amount_paise=p["fee_paise"],
                            method="upi", receipt_number=f"R-{uuid.uuid4().hex[:8]}")
    envelope = Envelope.wrap(event, producer="payments", correlation_id=p["citizen_id"])
    await producer.send_and_wait(PAYMENT_EVENTS.name, envelope.model_dump_json().encode(), key=order.encode())


async def decide(infrastructure, application_id: str, decision: str = "approved", department: str = "revenue"):
    return await publish_decision(infrastructure.kafka_bootstrap_servers, DecisionMade(
        application_id=application_id, department_id=department, decision=decision,
        reason=None if decision == "approved" else "Income proof missing", decided_by="Tehsildar Sharma"))


async def dead_letter_about(recorder, application_id: str, count: int = 1) -> list[dict]:
    return await recorder.wait_for(DEAD_LETTERS.name, lambda e: application_id in e["payload"]["original"],
                                   count=count, settle=0.3)


async def test_a_fee_service_gets_a_number_and_waits_for_payment(applications, recorder, producer, marriage_answers):
    command = await submit(producer, "marriage_registration_hindu", marriage_answers, language="hi")
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    assert NUMBER.fullmatch(number) and number.startswith("DL-MRH-")
    assert event["payload"]["fee_paise"] == 10_000 and event["payload"]["department_id"] == "revenue"
    assert await statuses(recorder, number, 1) == ["payment_due"]
    [request] = await recorder.wait_for(PAYMENT_COMMANDS.name, lambda e: e["payload"]["application_id"] == number)
    assert request["payload"]["amount_paise"] == 10_000
    assert load_catalog().service("marriage_registration_hindu").name.hi in request["payload"]["description"]


async def test_a_free_service_goes_straight_to_its_department(
        applications, recorder, revenue_desk, producer, infrastructure, income_answers):
    command = await submit(producer, "income_certificate", {**income_answers, "mobile": "+91 98765 43210"})
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    assert number.startswith("DL-INC-")
    assert await statuses(recorder, number, 1) == ["under_review"]
    [review] = await revenue_desk.wait_for(REVENUE.name, lambda e: e["payload"]["application_id"] == number)
    assert review["payload"]["answers"]["mobile"] == "9876543210"
    assert review["payload"]["answers"]["date_of_birth"] == "1990-08-15"
    assert number in [r.application_id for r in await read_pending(infrastructure.kafka_bootstrap_servers, "revenue")]


async def test_a_repeated_submission_creates_one_application(applications, recorder, producer, income_answers):
    first = await submit(producer, "income_certificate", income_answers)
    await submit(producer, "", {}, again=first)  # redelivery of the same event
    retry = SubmitApplication.model_validate(first.payload)  # a retry by conversation: new event, same submission
    await submit(producer, "", {}, again=Envelope.wrap(retry, producer="conversation", correlation_id="retry"))
    found = await submitted(recorder, first, count=1)
    assert len(found) == 1
    count = await applications.pool.fetchval("SELECT count(*) FROM applications WHERE submission_id = $1",
                                             first.payload["submission_id"])
    assert count == 1


async def test_invalid_answers_are_refused_with_reasons(applications, recorder, producer, income_answers):
    answers = {**income_answers, "pincode": "12", "aadhaar_number": "2345 6789 0124"}
    command = await submit(producer, "income_certificate", answers)
    unknown = await submit(producer, "moon_landing_permit", income_answers)
    for sent, expected in [(command, {"pincode: invalid_pincode",
                                      "aadhaar_number: Aadhaar number must arrive masked (XXXX XXXX 1234)"}),
                           (unknown, {"unknown service 'moon_landing_permit'"})]:
        sid = sent.payload["submission_id"]
        [refused] = await recorder.wait_for(
            APPLICATION_EVENTS.name,
            lambda e, sid=sid: e["event_type"] == "applications.ApplicationRefused"
            and e["payload"]["submission_id"] == sid)
        assert set(refused["payload"]["reasons"]) == expected
        assert not await applications.pool.fetchval("SELECT count(*) FROM applications WHERE submission_id = $1", sid)


async def test_a_captured_payment_sends_the_application_for_review_once(
        applications, recorder, revenue_desk, producer, marriage_answers):
    command = await submit(producer, "marriage_registration_hindu", marriage_answers)
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    await statuses(recorder, number, 1)
    await capture(producer, event)
    await capture(producer, event)  # a second capture changes nothing
    await revenue_desk.wait_for(REVENUE.name, lambda e: e["payload"]["application_id"] == number)
    assert await statuses(recorder, number, 2) == ["payment_due", "under_review"]
    assert len(revenue_desk.matching(REVENUE.name, lambda e: e["payload"]["application_id"] == number)) == 1


async def test_an_approval_issues_a_verifiable_certificate(
        applications, recorder, producer, infrastructure, http, income_answers):
    command = await submit(producer, "income_certificate", income_answers)
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    await statuses(recorder, number, 1)
    approval = await decide(infrastructure, number)
    [issued] = await recorder.wait_for(
        APPLICATION_EVENTS.name,
        lambda e: e["event_type"] == "applications.CertificateIssued" and e["payload"]["application_id"] == number)
    assert await statuses(recorder, number, 3) == ["under_review", "approved", "certificate_issued"]
    certificate_id = issued["payload"]["certificate_id"]
    document = httpx.URL(issued["payload"]["document_url"])
    assert str(document).startswith(f"http://127.0.0.1:8003/certificates/{certificate_id}.pdf?sig=")

    async with http:
        pdf = await http.get(document.path, params=document.params)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        guessed = await http.get(f"/certificates/{certificate_id}.pdf")  # the id alone opens nothing
        assert guessed.status_code == 404
        sig = httpx.URL(issued["payload"]["verification_url"]).params["sig"]
        genuine = await http.get(f"/verify/{certificate_id}", params={"sig": sig})
        assert genuine.json() == {"genuine": True, "application_id": number, "service": "income_certificate",
                                  "issued_on": genuine.json()["issued_on"]}
        forged_sig = ("B" if sig[0] == "A" else "A") + sig[1:]
        forged = await http.get(f"/verify/{certificate_id}", params={"sig": forged_sig})
        assert forged.status_code == 404 and forged.json() == {"genuine": False}
        status = (await http.get(f"/applications/{number}")).json()
        assert status["status"] == "certificate_issued"
        assert [h["status"] for h in status["history"]] == ["submitted", "under_review", "approved", "certificate_issued"]

    bootstrap = infrastructure.kafka_bootstrap_servers
    recorded = await outcome_of(bootstrap, "revenue", approval)  # what the department is told
    assert (recorded.event_type, recorded.status) == ("applications.DecisionRecorded", "certificate_issued")
    assert number not in [r.application_id for r in await read_pending(bootstrap, "revenue")]

    again = await decide(infrastructure, number)  # approving twice is illegal
    [letter] = await dead_letter_about(recorder, number)
    assert "certificate_issued → approved" in letter["payload"]["error"]
    assert letter["payload"]["consumer"] == "applications-decisions"
    refused = await outcome_of(bootstrap, "revenue", again)
    assert refused.event_type == "applications.DecisionRefused" and "certificate_issued → approved" in refused.reason


async def test_a_rejection_ends_the_application_with_the_reason(
        applications, recorder, producer, infrastructure, income_answers):
    command = await submit(producer, "income_certificate", income_answers)
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    await statuses(recorder, number, 1)
    await decide(infrastructure, number, "rejected")
    found = await recorder.wait_for(
        APPLICATION_EVENTS.name,
        lambda e: e["event_type"] == "applications.ApplicationStatusChanged"
        and e["payload"]["application_id"] == number and e["payload"]["status"] == "rejected")
    assert found[0]["payload"]["reason"] == "Income proof missing"


async def test_decisions_that_cannot_apply_are_dead_lettered_and_the_department_told_why(
        applications, recorder, producer, infrastructure, income_answers):
    bootstrap = infrastructure.kafka_bootstrap_servers
    unknown = await decide(infrastructure, "DL-INC-2026-999999")
    [letter] = await dead_letter_about(recorder, "DL-INC-2026-999999")
    assert "unknown application DL-INC-2026-999999" in letter["payload"]["error"]
    refused = await outcome_of(bootstrap, "revenue", unknown)
    assert refused.reason == "decision for unknown application DL-INC-2026-999999"

    command = await submit(producer, "income_certificate", income_answers)
    [event] = await submitted(recorder, command)
    number = event["payload"]["application_id"]
    await statuses(recorder, number, 1)
    meddling = await decide(infrastructure, number, department="transport")
    [letter] = await dead_letter_about(recorder, number)
    assert "belongs to revenue" in letter["payload"]["error"]
    assert "belongs to revenue" in (await outcome_of(bootstrap, "transport", meddling)).reason  # told transport
    assert await outcome_of(bootstrap, "revenue", meddling, wait_seconds=0) is None  # revenue hears nothing
    assert (await applications.pool.fetchval("SELECT status FROM applications WHERE application_id = $1",
                                             number)) == "under_review"
    assert number in [r.application_id for r in await read_pending(bootstrap, "revenue")]  # still to decide


async def test_metrics_count_each_status_an_application_reaches_once(applications, recorder, producer, http,
                                                                    income_answers):
    def counted(status: str) -> float:
        return applications.registry.get_sample_value(
            "applications_status_changes_total", {"service": "income_certificate", "status": status}) or 0

    before = counted("submitted"), counted("under_review")
    first = await submit(producer, "income_certificate", income_answers)
    await submit(producer, "", {}, again=first)  # a redelivery counts nothing
    [event] = await submitted(recorder, first)
    await statuses(recorder, event["payload"]["application_id"], 1)

    assert (counted("submitted"), counted("under_review")) == (before[0] + 1, before[1] + 1)
    exposed = (await http.get("/metrics")).text
    assert 'applications_status_changes_total{service="income_certificate",status="under_review"}' in exposed
