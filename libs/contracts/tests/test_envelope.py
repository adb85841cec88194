"""The envelope: wrapping, the JSON round trip over Kafka, opening, causation and strictness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import ClassVar
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from nagrik_contracts import PAYLOADS, Envelope, Payload
from nagrik_contracts.applications import (
    ApplicationForReview,
    ApplicationRefused,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    CertificateIssued,
    DecisionMade,
    DecisionRecorded,
    DecisionRefused,
    DocumentRef,
    SubmitApplication,
)
from nagrik_contracts.conversation import ConversationStarted, LanguageChosen, ServiceChosen
from nagrik_contracts.deadletters import DeadLettered
from nagrik_contracts.outbound import (
    Button,
    Buttons,
    Document,
    Image,
    List,
    Row,
    Section,
    SendMessage,
    Template,
    Text,
)
from nagrik_contracts.ocr import DocumentRead, DocumentRejected, ExtractedField, ReadDocument
from nagrik_contracts.payments import GatewayEventReceived, PaymentCaptured, PaymentFailed, PaymentRequested, RequestPayment
from nagrik_contracts.whatsapp import Location, Media, MessageReceived, MessageStatusChanged, MetaError, Reply

CITIZEN = "919876543210"
WHEN = datetime(2025, 3, 14, 9, 26, 53, 589000, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))

SAMPLES: list[Payload] = [
    MessageReceived(
        citizen_id=CITIZEN,
        message_id="wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgg",
        phone_number_id="106540352242922",
        sent_at=WHEN,
        type="text",
        profile_name="रमेश कुमार",
        text="मुझे आय प्रमाण पत्र चाहिए",
    ),
    MessageReceived(
        citizen_id=CITIZEN,
        message_id="wamid.2",
        phone_number_id="106540352242922",
        sent_at=datetime(2025, 3, 14, 14, 56, tzinfo=IST),
        type="interactive",
        reply=Reply(kind="list_reply", id="income", title="आय प्रमाण पत्र", description="तहसील से"),
        context_message_id="wamid.ours",
    ),
    MessageReceived(
        citizen_id=CITIZEN,
        message_id="wamid.3",
        phone_number_id="106540352242922",
        sent_at=WHEN,
        type="document",
        media=Media(id="media-1", mime_type="application/pdf", sha256="abc", filename="aadhaar.pdf"),
    ),
    MessageReceived(
        citizen_id=CITIZEN,
        message_id="wamid.4",
        phone_number_id="106540352242922",
        sent_at=WHEN,
        type="location",
        location=Location(latitude=26.8467, longitude=80.9462, name="लखनऊ"),
    ),
    MessageReceived(
        citizen_id=CITIZEN,
        message_id="wamid.5",
        phone_number_id="106540352242922",
        sent_at=WHEN,
        type="unsupported",
        raw_type="poll",
        errors=[MetaError(code=131051, title="Message type unknown")],
    ),
    MessageStatusChanged(
        citizen_id=CITIZEN,
        message_id="wamid.ours",
        phone_number_id="106540352242922",
        status="failed",
        occurred_at=WHEN,
        errors=[MetaError(code=131047, title="Re-engagement message", details="24h window closed")],
    ),
    MessageStatusChanged(
        citizen_id=CITIZEN,
        message_id="wamid.ours",
        phone_number_id="106540352242922",
        status="read",
        occurred_at=WHEN,
        pricing_category="service",
    ),
    SendMessage(citizen_id=CITIZEN, language="hi", content=Text(body="नमस्ते! 🙏"), reply_to="wamid.1"),
    SendMessage(
        citizen_id=CITIZEN,
        language="hi",
        content=List(
            header="सेवाएँ",
            body="कौन सी सेवा चाहिए?",
            button="सेवाएँ देखें",
            sections=[
                Section(title="प्रमाण पत्र", rows=[Row(id="income", title="आय प्रमाण पत्र", description="तहसील")]),
                Section(title="पेंशन", rows=[Row(id="old-age", title="वृद्धावस्था पेंशन")]),
            ],
        ),
        fallback=Template(name="menu", language="hi", body_parameters=["रमेश"]),
    ),
    SendMessage(
        citizen_id=CITIZEN,
        language="en",
        content=Buttons(body="Continue?", buttons=[Button(id="y", title="Yes"), Button(id="n", title="No")]),
        phone_number_id="106540352242922",
    ),
    SendMessage(
        citizen_id=CITIZEN,
        language="en",
        content=Document(link="https://example.org/c.pdf", filename="certificate.pdf", caption="Your certificate"),
    ),
    SendMessage(citizen_id=CITIZEN, language="en", content=Image(media_id="777")),
    SendMessage(
        citizen_id=CITIZEN,
        language="hi",
        content=Template(
            name="certificate_ready",
            language="hi",
            body_parameters=["रमेश", "आय प्रमाण पत्र"],
            header_document=Document(media_id="555", filename="certificate.pdf"),
        ),
    ),
    ConversationStarted(citizen_id=CITIZEN, returning=False),
    LanguageChosen(citizen_id=CITIZEN, language="hi"),
    ServiceChosen(citizen_id=CITIZEN, department_id="revenue", service_id="income-certificate", language="hi"),
    DeadLettered(
        consumer="conversation",
        source_topic="wa.inbound.v1",
        source_partition=3,
        source_offset=42,
        key=CITIZEN,
        error="ValueError: boom",
        attempts=5,
        original='{"event_type": "wa.MessageReceived"}',
    ),
    SubmitApplication(
        submission_id="sub-1", citizen_id=CITIZEN, service_id="income_certificate", language="hi",
        answers={"applicant_name": "रमेश कुमार", "aadhaar": "XXXX XXXX 1234"},
        documents=[DocumentRef(document_type="aadhaar_card", media_id="1234567890123456", mime_type="image/jpeg")],
    ),
    ApplicationSubmitted(
        application_id="DL-INC-2026-000123", submission_id="sub-1", citizen_id=CITIZEN,
        service_id="income_certificate", department_id="revenue", language="hi", fee_paise=0,
    ),
    ApplicationRefused(submission_id="sub-2", citizen_id=CITIZEN, service_id="x", language="en", reasons=["unknown"]),
    ApplicationStatusChanged(
        application_id="DL-INC-2026-000123", citizen_id=CITIZEN, service_id="income_certificate", language="hi",
        status="under_review", previous="payment_due",
    ),
    CertificateIssued(
        application_id="DL-INC-2026-000123", citizen_id=CITIZEN, service_id="income_certificate", language="hi",
        certificate_id="C-1", document_url="http://127.0.0.1:8003/certificates/C-1.pdf",
        verification_url="http://127.0.0.1:8003/verify/C-1?sig=abc",
    ),
    ApplicationForReview(
        application_id="DL-INC-2026-000123", department_id="revenue", service_id="income_certificate",
        answers={"applicant_name": "Ramesh"}, submitted_at="2026-11-22T10:00:00+05:30",
    ),
    DecisionMade(application_id="DL-INC-2026-000123", department_id="revenue", decision="approved", decided_by="SDM"),
    DecisionRecorded(application_id="DL-INC-2026-000123", department_id="revenue", decision="approved",
                     status="certificate_issued"),
    DecisionRefused(application_id="DL-INC-2026-999999", department_id="revenue", decision="approved",
                    reason="decision for unknown application DL-INC-2026-999999"),
    RequestPayment(
        application_id="DL-INC-2026-000123", citizen_id=CITIZEN, service_id="income_certificate", language="en",
        amount_paise=5000, description="Income certificate fee",
    ),
    GatewayEventReceived(gateway_event_id="evt_1", event="payment.captured", order_id="order_1", body="{}"),
    PaymentRequested(
        application_id="DL-INC-2026-000123", citizen_id=CITIZEN, language="hi", order_id="order_1",
        amount_paise=5000, upi_link="upi://pay?pa=x@bank&am=50.00&cu=INR", payment_link="http://127.0.0.1/pay/1",
    ),
    PaymentCaptured(
        application_id="DL-INC-2026-000123", citizen_id=CITIZEN, language="hi", order_id="order_1",
        payment_id="pay_1", amount_paise=5000, method="upi", receipt_number="R-1",
    ),
    PaymentFailed(application_id="DL-INC-2026-000123", citizen_id=CITIZEN, language="hi", order_id="order_1"),
    ReadDocument(
        request_id="r-1", citizen_id=CITIZEN, language="hi", media_id="1234567890123456", mime_type="image/jpeg",
        document_type="aadhaar_card",
    ),
    DocumentRead(
        request_id="r-1", citizen_id=CITIZEN, language="hi", document_id="d-1",
        fields=[ExtractedField(name="aadhaar", value="XXXX XXXX 1234", confidence=0.91)],
    ),
    DocumentRejected(request_id="r-1", citizen_id=CITIZEN, language="hi", reason="corrupt"),
]


def sample_id(payload: Payload) -> str:
    content = getattr(payload, "content", None)
    return payload.event_type + (f"-{content.type}" if content is not None else "")


def over_the_wire(envelope: Envelope) -> Envelope:
    """What a consumer gets: the producer's JSON bytes, parsed back."""
    return Envelope.model_validate_json(envelope.model_dump_json().encode())


def test_samples_cover_every_registered_payload():
    assert {type(sample) for sample in SAMPLES} == set(PAYLOADS.values())


@pytest.mark.parametrize("payload", SAMPLES, ids=sample_id)
def test_wrap_and_open_round_trip_through_json(payload):
    envelope = Envelope.wrap(payload, producer="gateway", correlation_id="journey-1")
    received = over_the_wire(envelope)
    assert received == envelope
    opened = received.open(type(payload))
    assert opened == payload
    assert type(opened) is type(payload)
    assert opened.model_dump() == payload.model_dump()


def test_round_trip_keeps_the_envelope_metadata():
    event_id = uuid4()
    payload = LanguageChosen(citizen_id=CITIZEN, language="hi")
    envelope = Envelope.wrap(
        payload, producer="conversation", correlation_id="journey-1", event_id=event_id, occurred_at=WHEN
    )
    received = over_the_wire(envelope)
    assert received.event_id == event_id
    assert received.event_type == "conversation.LanguageChosen"
    assert received.schema_version == 1
    assert received.occurred_at == WHEN
    assert received.correlation_id == "journey-1"
    assert received.causation_id is None
    assert received.producer == "conversation"
    assert received.payload == {"citizen_id": CITIZEN, "language": "hi"}


def test_round_trip_keeps_timestamps_as_the_same_instant():
    payload = SAMPLES[1]  # sent_at in IST
    opened = over_the_wire(Envelope.wrap(payload, producer="gateway", correlation_id="j")).open(MessageReceived)
    assert opened.sent_at == datetime(2025, 3, 14, 9, 26, tzinfo=UTC)


def test_round_trip_keeps_devanagari_text_intact():
    payload = SAMPLES[0]
    opened = over_the_wire(Envelope.wrap(payload, producer="gateway", correlation_id="j")).open(MessageReceived)
    assert opened.text == "मुझे आय प्रमाण पत्र चाहिए"
    assert opened.profile_name == "रमेश कुमार"


def test_wrap_fills_in_event_id_and_a_utc_time():
    before = datetime.now(UTC)
    envelope = Envelope.wrap(ConversationStarted(citizen_id=CITIZEN, returning=True), producer="c", correlation_id="j")
    assert isinstance(envelope.event_id, UUID)
    assert before <= envelope.occurred_at <= datetime.now(UTC)
    assert envelope.occurred_at.utcoffset() == timedelta(0)


def test_wrap_gives_each_envelope_its_own_event_id():
    payload = ConversationStarted(citizen_id=CITIZEN, returning=True)
    ids = {Envelope.wrap(payload, producer="c", correlation_id="j").event_id for _ in range(50)}
    assert len(ids) == 50


def test_wrap_stores_the_payload_as_json_ready_data():
    envelope = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j")
    assert envelope.payload["sent_at"] == "2025-03-14T09:26:53.589000Z"
    assert "media" not in envelope.payload  # None fields are left out


@pytest.mark.parametrize(
    ("payload", "wrong_model"),
    [
        (SAMPLES[0], MessageStatusChanged),
        (SAMPLES[0], SendMessage),
        (LanguageChosen(citizen_id=CITIZEN, language="hi"), ServiceChosen),
        (ConversationStarted(citizen_id=CITIZEN, returning=False), LanguageChosen),
    ],
    ids=lambda value: getattr(value, "__name__", type(value).__name__),
)
def test_open_with_the_wrong_model_raises(payload, wrong_model):
    envelope = over_the_wire(Envelope.wrap(payload, producer="p", correlation_id="j"))
    with pytest.raises(ValueError, match=f"not {wrong_model.event_type} v1"):
        envelope.open(wrong_model)


def test_open_with_the_wrong_schema_version_raises():
    class LanguageChosenV2(LanguageChosen):
        schema_version: ClassVar[int] = 2

    payload = LanguageChosen(citizen_id=CITIZEN, language="hi")
    envelope = over_the_wire(Envelope.wrap(payload, producer="p", correlation_id="j"))
    with pytest.raises(ValueError, match="v1, not conversation.LanguageChosen v2"):
        envelope.open(LanguageChosenV2)


def test_open_validates_the_payload():
    envelope = Envelope.wrap(LanguageChosen(citizen_id=CITIZEN, language="hi"), producer="p", correlation_id="j")
    data = envelope.model_dump(mode="json")
    data["payload"]["language"] = "fr"
    with pytest.raises(ValidationError):
        Envelope.model_validate(data).open(LanguageChosen)


def test_open_rejects_extra_payload_fields():
    envelope = Envelope.wrap(LanguageChosen(citizen_id=CITIZEN, language="hi"), producer="p", correlation_id="j")
    data = envelope.model_dump(mode="json")
    data["payload"]["mood"] = "happy"
    with pytest.raises(ValidationError) as excinfo:
        Envelope.model_validate(data).open(LanguageChosen)
    assert [error["type"] for error in excinfo.value.errors()] == ["extra_forbidden"]


def test_caused_keeps_the_correlation_id_and_points_at_the_parent():
    parent = over_the_wire(Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="journey-42"))
    child = parent.caused(ConversationStarted(citizen_id=CITIZEN, returning=False), producer="conversation")
    assert child.correlation_id == "journey-42"
    assert child.causation_id == parent.event_id
    assert child.event_id != parent.event_id
    assert child.producer == "conversation"
    assert child.event_type == "conversation.ConversationStarted"
    assert child.open(ConversationStarted) == ConversationStarted(citizen_id=CITIZEN, returning=False)


def test_caused_chains_through_several_generations():
    first = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="journey-7")
    second = over_the_wire(first).caused(LanguageChosen(citizen_id=CITIZEN, language="hi"), producer="conversation")
    third = over_the_wire(second).caused(SAMPLES[7], producer="conversation")
    assert {first.correlation_id, second.correlation_id, third.correlation_id} == {"journey-7"}
    assert second.causation_id == first.event_id
    assert third.causation_id == second.event_id
    assert len({first.event_id, second.event_id, third.event_id}) == 3


def test_wrap_with_causation_sets_causation_id():
    parent = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j")
    child = Envelope.wrap(SAMPLES[13], producer="conversation", correlation_id="j", causation=parent)
    assert child.causation_id == parent.event_id


def test_envelope_rejects_extra_fields_in_json():
    data = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j").model_dump(mode="json")
    data["traceparent"] = "00-abc-def-01"
    with pytest.raises(ValidationError) as excinfo:
        Envelope.model_validate(data)
    assert [(error["type"], error["loc"]) for error in excinfo.value.errors()] == [
        ("extra_forbidden", ("traceparent",))
    ]


def test_envelope_rejects_extra_fields_in_the_constructor():
    with pytest.raises(ValidationError):
        Envelope(
            event_type="x",
            schema_version=1,
            occurred_at=WHEN,
            correlation_id="j",
            producer="p",
            payload={},
            tenant="up",
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("correlation_id", ""),
        ("correlation_id", "c" * 201),
        ("producer", ""),
        ("producer", "p" * 65),
        ("schema_version", 0),
        ("event_id", "not-a-uuid"),
        ("causation_id", "not-a-uuid"),
        ("payload", "not-an-object"),
    ],
)
def test_envelope_rejects_bad_metadata(field, value):
    data = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j").model_dump(mode="json")
    data[field] = value
    with pytest.raises(ValidationError):
        Envelope.model_validate(data)


def test_envelope_metadata_limits_are_inclusive():
    envelope = Envelope.wrap(SAMPLES[13], producer="p" * 64, correlation_id="c" * 200)
    assert over_the_wire(envelope) == envelope


@pytest.mark.parametrize(
    "field", ["event_type", "schema_version", "occurred_at", "correlation_id", "producer", "payload"]
)
def test_envelope_requires_its_metadata(field):
    data = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j").model_dump(mode="json")
    del data[field]
    with pytest.raises(ValidationError):
        Envelope.model_validate(data)


def test_envelope_is_frozen():
    envelope = Envelope.wrap(SAMPLES[0], producer="gateway", correlation_id="j")
    with pytest.raises(ValidationError):
        envelope.correlation_id = "other"


def test_payloads_are_frozen():
    with pytest.raises(ValidationError):
        SAMPLES[13].citizen_id = "someone-else"
