"""The rules of sending, with no I/O: the 24-hour window, what to send, status order, retries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from nagrik_contracts.outbound import Content, Language, SendMessage, Template

WINDOW = timedelta(hours=24)
"""Meta delivers free-form messages only this long after the citizen's last message; templates always."""

Status = Literal["accepted", "sent", "delivered", "read", "failed"]

Failure = Literal["window_closed", "throttled", "undeliverable", "transient", "rejected", "token_expired"]
"""What a refused send means for us; the Cloud API client maps Meta's error codes onto these."""

Consequence = Literal["retry", "resend_as_template", "record_failed", "dead_letter"]

WINDOW_CLOSED_CODE = 131047
"""Meta's error when a free-form message is sent outside the window: in the send's answer, or (as the
live Cloud API does today) in a `failed` status after accepting the message."""


# ---------------------------------------------------------------- the 24-hour window


def window_open(last_inbound_at: datetime | None, *, now: datetime, replies_to_citizen: bool) -> bool:
    """Whether a free-form message may be sent now.

    A command that answers one of the citizen's messages (`reply_to`) counts as inside the window even
    when our record says otherwise: the inbound topic is read by another consumer, which may not have
    recorded that very message yet. If the message was in fact older than 24 hours, Meta refuses with
    131047 and the template goes out instead, so this costs one refused call, never a lost message.
    """
    if replies_to_citizen:
        return True
    return last_inbound_at is not None and now - last_inbound_at < WINDOW


_NAME_FOR_STRANGERS: dict[Language, str] = {"hi": "नागरिक", "en": "Citizen"}
_NAME_LENGTH = 60
_WHITESPACE = re.compile(r"\s+")


def reopen_template(name: str, language: Language, citizen_name: str | None) -> Template:
    """The generic "tap to continue" template, addressed to the citizen by their profile name.

    Meta refuses template parameters with new lines, tabs or runs of spaces, and a profile name is
    whatever the citizen typed, so it is flattened and shortened.
    """
    cleaned = _WHITESPACE.sub(" ", citizen_name or "").strip()[:_NAME_LENGTH].strip()
    return Template(name=name, language=language, body_parameters=[cleaned or _NAME_FOR_STRANGERS[language]])


@dataclass(frozen=True)
class Outgoing:
    """What to send for a command, and what to send instead if Meta says the window has closed."""

    content: Content
    reply_to: str | None
    window_fallback: Template | None
    """None when `content` is already a template (Meta delivers those outside the window)."""


def plan(command: SendMessage, *, window_is_open: bool, reopen: Template) -> Outgoing:
    """Templates pass through; free-form content is swapped for a template when the window is closed."""
    if command.content.type == "template":
        return Outgoing(command.content, command.reply_to, None)
    fallback = command.fallback or reopen
    if window_is_open:
        return Outgoing(command.content, command.reply_to, fallback)
    # The quoted message may be days old; a template stands on its own.
    return Outgoing(fallback, None, None)


def needs_template_instead(*, current: Status, reported: Status, error_code: int | None, sent_type: str,
                           has_fallback: bool) -> bool:
    """Meta accepted a free-form message, then reported it failed because the window had closed.

    Not when the phone already acknowledged the message (a `failed` that loses to `delivered`/`read`).
    """
    return (
        reported == "failed"
        and error_code == WINDOW_CLOSED_CODE
        and sent_type != "template"
        and has_fallback
        and advance(current, reported) == "failed"
    )


# ---------------------------------------------------------------- statuses

_RANK: dict[Status, int] = {"accepted": 0, "sent": 1, "failed": 2, "delivered": 3, "read": 4}
"""How far a message has got. Meta's webhooks arrive in any order and more than once; a message only
ever moves up this scale.

`failed` ranks above `sent`: a late `sent` must not revive a message Meta gave up on. It ranks below
`delivered` and `read`: those are receipts from the citizen's phone, the strongest evidence there is,
so a `failed` that arrives after them (out of order, or about an earlier attempt of Meta's) does not
hide a message the citizen has. Its error is still kept in the status history.
"""


def advance(current: Status, reported: Status) -> Status:
    """The status after a report: the report if it is further along, else unchanged (duplicates too)."""
    return reported if _RANK[reported] > _RANK[current] else current


def latest(reports: list[Status], *, start: Status = "accepted") -> Status:
    """The status a message reaches once every report is applied, in whatever order they came."""
    status = start
    for reported in reports:
        status = advance(status, reported)
    return status


# ---------------------------------------------------------------- retries


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    throttle_backoff_seconds: float = 1.0
    throttle_backoff_max_seconds: float = 64.0
    transient_backoff_seconds: float = 1.0
    transient_backoff_max_seconds: float = 30.0


def consequence(failure: Failure, attempt: int, policy: RetryPolicy) -> Consequence:
    """What to do after call number `attempt` (1-based) for one message failed with `failure`.

    - throttled / transient: retry while attempts remain, then dead-letter (an operator replays it).
    - window closed (131047): send the template instead; no point in retrying the free-form text.
    - undeliverable (131026): the number is not on WhatsApp or cannot receive; record it, no alarm.
    - rejected (bad request, template problems): retrying would fail identically; dead-letter at once.
    - token expired (190): every send fails until someone renews it; dead-letter so nothing is lost.
    """
    if failure in ("throttled", "transient"):
        return "retry" if attempt < policy.max_attempts else "dead_letter"
    if failure == "window_closed":
        return "resend_as_template"
    if failure == "undeliverable":
        return "record_failed"
    return "dead_letter"


def backoff_seconds(failure: Failure, attempt: int, policy: RetryPolicy) -> float:
    """The wait before call `attempt + 1`. Meta's pair limit asks for 4^n seconds; others double."""
    if failure == "throttled":
        return min(policy.throttle_backoff_seconds * 4 ** (attempt - 1), policy.throttle_backoff_max_seconds)
    return min(policy.transient_backoff_seconds * 2 ** (attempt - 1), policy.transient_backoff_max_seconds)
