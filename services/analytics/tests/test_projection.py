"""Which daily counter each event adds to."""

from datetime import UTC, datetime

from nagrik_analytics.projection import increments_for
from nagrik_contracts import Envelope
from nagrik_contracts.applications import ApplicationStatusChanged
from nagrik_contracts.payments import PaymentCaptured, PaymentFailed
from nagrik_contracts.whatsapp import MessageReceived


def test_days_are_counted_in_india_time():
    late_evening_utc = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)  # 01:30 on the 22nd in India
    message = MessageReceived(citizen_id="919812345678", message_id="wamid.1", phone_number_id="1",
                              sent_at=late_evening_utc, type="text", text="hi")
    [increment] = increments_for(Envelope.wrap(message, producer="gateway", correlation_id="c",
                                               occurred_at=late_evening_utc))
    assert increment.key == {"day": datetime(2026, 11, 22).date(), "direction": "in", "type": "text"}


def test_a_captured_payment_counts_its_amount_by_method_and_no_citizen_data():
    captured = PaymentCaptured(application_id="DL-INC-2026-000001", citizen_id="919812345678", language="hi",
                               order_id="order_1", payment_id="pay_1", amount_paise=5000, method="upi",
                               receipt_number="R-1")
    [increment] = increments_for(Envelope.wrap(captured, producer="payments", correlation_id="c"))
    assert increment.table == "payments_daily" and increment.counts == {"payments": 1, "amount_paise": 5000}
    assert "919812345678" not in str(increment)


def test_status_changes_are_counted_under_the_department_of_their_service():
    approved = ApplicationStatusChanged(application_id="DL-LRN-2026-000001", citizen_id="919812345678",
                                        service_id="learner_licence", language="hi", status="approved",
                                        previous="under_review")
    [increment] = increments_for(Envelope.wrap(approved, producer="applications", correlation_id="c"))
    assert increment.key["department_id"] == "transport" and increment.key["status"] == "approved"


def test_a_failed_payment_counts_under_the_method_the_citizen_tried():
    failed = PaymentFailed(application_id="DL-LRN-2026-000001", citizen_id="919812345678", language="en",
                           order_id="order_1", payment_id="pay_1", reason="payment_declined", method="card")
    [increment] = increments_for(Envelope.wrap(failed, producer="payments", correlation_id="c"))
    assert increment.key["method"] == "card" and increment.key["outcome"] == "failed"
