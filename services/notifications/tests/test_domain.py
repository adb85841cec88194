"""The rules of sending, without a broker or a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import permutations

import pytest

from nagrik_contracts.outbound import Button, Buttons, SendMessage, Template, Text
from nagrik_notifications import domain
from nagrik_notifications.domain import RetryPolicy

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
REOPEN = domain.reopen_template("session_reopen", "hi", "Asha")


def command(**overrides) -> SendMessage:
    values = dict(citizen_id="919812345678", language="hi", content=Text(body="नमस्ते"))
    values.update(overrides)
    return SendMessage(**values)


# ---------------------------------------------------------------- the 24-hour window


@pytest.mark.parametrize(
    "last_inbound, is_open",
    [
        (NOW - timedelta(minutes=5), True),
        (NOW - timedelta(hours=23, minutes=59), True),
        (NOW - timedelta(hours=24), False),
        (NOW - timedelta(days=3), False),
        (None, False),
    ],
)
def test_free_form_only_within_24_hours_of_the_citizens_last_message(last_inbound, is_open):
    assert domain.window_open(last_inbound, now=NOW, replies_to_citizen=False) is is_open


@pytest.mark.parametrize("last_inbound", [None, NOW - timedelta(days=2)])
def test_a_reply_to_the_citizen_counts_as_open_even_before_the_window_is_recorded(last_inbound):
    assert domain.window_open(last_inbound, now=NOW, replies_to_citizen=True)


def test_inside_the_window_the_content_goes_out_with_the_template_kept_for_later():
    fallback = Template(name="application_update", language="hi", body_parameters=["A-1", "आय", "स्वीकृत"])
    outgoing = domain.plan(command(reply_to="wamid.X", fallback=fallback), window_is_open=True, reopen=REOPEN)
    assert outgoing.content == Text(body="नमस्ते")
    assert outgoing.reply_to == "wamid.X"
    assert outgoing.window_fallback == fallback


def test_outside_the_window_the_commands_own_template_goes_out_instead():
    fallback = Template(name="application_update", language="en", body_parameters=["A-1", "Income", "approved"])
    outgoing = domain.plan(command(fallback=fallback, reply_to="wamid.OLD"), window_is_open=False, reopen=REOPEN)
    assert outgoing.content == fallback
    assert outgoing.reply_to is None  # the quoted message may be days old
    assert outgoing.window_fallback is None


def test_outside_the_window_without_a_fallback_the_generic_reopen_template_goes_out():
    outgoing = domain.plan(command(), window_is_open=False, reopen=REOPEN)
    assert outgoing.content == Template(name="session_reopen", language="hi", body_parameters=["Asha"])


@pytest.mark.parametrize("is_open", [True, False])
def test_templates_pass_through_as_they_are(is_open):
    template = Template(name="payment_reminder", language="en", body_parameters=["50", "Income certificate", "5 May"])
    outgoing = domain.plan(command(content=template, reply_to="wamid.X"), window_is_open=is_open, reopen=REOPEN)
    assert outgoing.content == template and outgoing.reply_to == "wamid.X" and outgoing.window_fallback is None


@pytest.mark.parametrize(
    "profile_name, language, parameter",
    [
        ("Asha", "hi", "Asha"),
        ("  Ravi\n\tKumar   Singh ", "en", "Ravi Kumar Singh"),  # Meta refuses new lines, tabs, runs of spaces
        (None, "hi", "नागरिक"),
        ("   ", "en", "Citizen"),
        ("x" * 100, "en", "x" * 60),
    ],
)
def test_the_reopen_template_greets_the_citizen_by_a_name_meta_accepts(profile_name, language, parameter):
    template = domain.reopen_template("session_reopen", language, profile_name)
    assert template == Template(name="session_reopen", language=language, body_parameters=[parameter])


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize("order", list(permutations(["sent", "delivered", "read"])))
def test_a_message_ends_read_whatever_order_the_reports_came_in(order):
    assert domain.latest(list(order)) == "read"


def test_read_never_becomes_delivered_and_duplicates_change_nothing():
    assert domain.advance("read", "delivered") == "read"
    assert domain.advance("delivered", "delivered") == "delivered"
    assert domain.advance("delivered", "sent") == "delivered"


def test_failed_beats_accepted_and_sent_but_not_the_phones_receipts():
    assert domain.advance("sent", "failed") == "failed"
    assert domain.advance("failed", "sent") == "failed"  # a late `sent` does not revive it
    assert domain.advance("delivered", "failed") == "delivered"
    assert domain.advance("failed", "read") == "read"


@pytest.mark.parametrize(
    "current, reported, code, sent_type, has_fallback, due",
    [
        ("sent", "failed", 131047, "text", True, True),
        ("accepted", "failed", 131047, "list", True, True),
        ("failed", "failed", 131047, "text", True, True),  # the report came before the message row
        ("sent", "failed", 131026, "text", True, False),  # undeliverable: no retry
        ("sent", "failed", 131047, "template", False, False),  # a template needs no window
        ("delivered", "failed", 131047, "text", True, False),  # the phone has it
        ("sent", "delivered", None, "text", True, False),
    ],
)
def test_a_window_closed_failure_of_free_form_text_calls_for_the_template(current, reported, code, sent_type,
                                                                          has_fallback, due):
    assert domain.needs_template_instead(
        current=current, reported=reported, error_code=code, sent_type=sent_type, has_fallback=has_fallback
    ) is due


# ---------------------------------------------------------------- retries

POLICY = RetryPolicy(max_attempts=4, throttle_backoff_seconds=1, throttle_backoff_max_seconds=64,
                     transient_backoff_seconds=0.5, transient_backoff_max_seconds=3)


@pytest.mark.parametrize("failure", ["throttled", "transient"])
def test_throttling_and_transient_errors_are_retried_a_bounded_number_of_times(failure):
    assert [domain.consequence(failure, attempt, POLICY) for attempt in range(1, 5)] == [
        "retry", "retry", "retry", "dead_letter"
    ]


@pytest.mark.parametrize(
    "failure, consequence",
    [
        ("window_closed", "resend_as_template"),
        ("undeliverable", "record_failed"),
        ("rejected", "dead_letter"),
        ("token_expired", "dead_letter"),
    ],
)
def test_other_failures_are_never_retried(failure, consequence):
    assert domain.consequence(failure, 1, POLICY) == consequence


def test_throttling_backs_off_by_powers_of_four_as_the_pair_limit_asks():
    assert [domain.backoff_seconds("throttled", n, POLICY) for n in range(1, 6)] == [1, 4, 16, 64, 64]


def test_transient_errors_back_off_by_doubling_up_to_a_cap():
    assert [domain.backoff_seconds("transient", n, POLICY) for n in range(1, 5)] == [0.5, 1, 2, 3]


def test_buttons_content_is_free_form():
    buttons = Buttons(body="Choose", buttons=[Button(id="a", title="A")])
    assert domain.plan(command(content=buttons), window_is_open=False, reopen=REOPEN).content.type == "template"
