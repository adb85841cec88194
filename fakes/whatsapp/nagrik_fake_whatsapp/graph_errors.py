"""Graph API errors as Meta returns them: `{"error": {message, type, code, error_data, fbtrace_id}}`."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorKind:
    http_status: int
    title: str
    # "response": the send call itself fails; "failed_status": Meta accepts the send and reports the
    # failure later in a `failed` status webhook.
    delivery: str = "response"


# What each Meta error code looks like to a client. HTTP statuses follow what Meta answers in practice:
# most request errors are 400, an unusable token is 401, throttling is surfaced as 429 by the fake so a
# client that branches on either the code or the status behaves, and transient server errors are 5xx.
ERROR_KINDS: dict[int, ErrorKind] = {
    4: ErrorKind(429, "Application request limit reached"),
    100: ErrorKind(400, "Invalid parameter"),
    190: ErrorKind(401, "Invalid OAuth access token - Cannot parse access token"),
    80007: ErrorKind(429, "Rate limit issues"),
    130429: ErrorKind(429, "Rate limit hit"),
    131000: ErrorKind(500, "Something went wrong"),
    131008: ErrorKind(400, "Required parameter is missing"),
    131009: ErrorKind(400, "Parameter value is not valid"),
    131016: ErrorKind(503, "Service unavailable"),
    131021: ErrorKind(400, "Recipient cannot be sender"),
    131026: ErrorKind(400, "Message undeliverable", delivery="failed_status"),
    131031: ErrorKind(400, "Account has been locked"),
    131047: ErrorKind(400, "Re-engagement message"),
    131048: ErrorKind(429, "Spam rate limit hit"),
    131049: ErrorKind(400, "Meta chose not to deliver", delivery="failed_status"),
    131053: ErrorKind(400, "Media upload error"),
    131056: ErrorKind(429, "(Business Account, Consumer Account) pair rate limit hit"),
    132000: ErrorKind(400, "Number of parameters does not match the expected number of params"),
    132001: ErrorKind(400, "Template name does not exist in the translation"),
    132005: ErrorKind(400, "Translated text too long"),
    132012: ErrorKind(400, "Parameter format does not match format in the created template"),
    132015: ErrorKind(400, "Template is paused"),
    132016: ErrorKind(400, "Template is disabled"),
}

_DEFAULT_DETAILS = {
    4: "The app has reached its API call rate limit.",
    80007: "The WhatsApp Business Account has reached its rate limit.",
    130429: "Cloud API message throughput has been reached.",
    131000: "Message failed to send due to an unknown error.",
    131016: "A service is temporarily unavailable.",
    131026: "Message Undeliverable.",
    131047: (
        "Message failed to send because more than 24 hours have passed since the customer last replied "
        "to this number."
    ),
    131048: "Message failed to send because there are restrictions on how many messages can be sent from this phone number.",
    131049: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
    131053: "Media upload error.",
    131056: "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
}


def new_fbtrace_id() -> str:
    alphabet = string.ascii_letters + string.digits + "_-"
    return "".join(secrets.choice(alphabet) for _ in range(23))


class GraphApiError(Exception):
    """Raised anywhere in the fake; the app turns it into Meta's error response."""

    def __init__(self, code: int, details: str | None = None, *, message: str | None = None, http_status: int | None = None):
        kind = ERROR_KINDS.get(code, ErrorKind(400, "Unknown error"))
        self.code = code
        self.http_status = http_status or kind.http_status
        self.title = kind.title
        self.message = message or f"(#{code}) {kind.title}"
        self.details = details if details is not None else _DEFAULT_DETAILS.get(code, kind.title)
        super().__init__(self.message)

    def to_body(self) -> dict:
        error: dict = {"message": self.message, "type": "OAuthException", "code": self.code}
        if self.code != 190:
            # Token errors come from the generic Graph layer, which adds no WhatsApp error_data.
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        error["fbtrace_id"] = new_fbtrace_id()
        return {"error": error}


def invalid_token() -> GraphApiError:
    return GraphApiError(190)


def unknown_object(object_id: str, method: str = "get") -> GraphApiError:
    message = (
        f"Unsupported {method} request. Object with ID '{object_id}' does not exist, cannot be loaded due to "
        "missing permissions, or does not support this operation. Please read the Graph API documentation at "
        "https://developers.facebook.com/docs/graph-api"
    )
    return GraphApiError(100, message, message=message)


def invalid_parameter(details: str) -> GraphApiError:
    """A missing or malformed field (Meta: code 100)."""
    return GraphApiError(100, details)


def invalid_value(details: str) -> GraphApiError:
    """A field that is present but breaks a documented limit (Meta: code 131009)."""
    return GraphApiError(131009, details)


def default_details(code: int) -> str:
    kind = ERROR_KINDS.get(code)
    return _DEFAULT_DETAILS.get(code, kind.title if kind else "Unknown error")
