"""Razorpay's error responses: `{"error": {code, description, source, step, reason, metadata, field?}}`."""

from __future__ import annotations

BAD_REQUEST_ERROR = "BAD_REQUEST_ERROR"
GATEWAY_ERROR = "GATEWAY_ERROR"
SERVER_ERROR = "SERVER_ERROR"


class RazorpayError(Exception):
    """Raised anywhere in the fake; the app turns it into Razorpay's error response."""

    def __init__(
        self,
        description: str,
        *,
        http_status: int = 400,
        code: str = BAD_REQUEST_ERROR,
        field: str | None = None,
        source: str = "NA",
        step: str = "NA",
        reason: str = "NA",
    ) -> None:
        super().__init__(description)
        self.description = description
        self.http_status = http_status
        self.code = code
        self.field = field
        self.source = source
        self.step = step
        self.reason = reason

    def to_body(self) -> dict:
        error: dict = {
            "code": self.code,
            "description": self.description,
            "source": self.source,
            "step": self.step,
            "reason": self.reason,
            "metadata": {},
        }
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


def authentication_failed() -> RazorpayError:
    # Razorpay answers a missing, unknown or wrong key the same way: HTTP 401 with a BAD_REQUEST_ERROR body.
    return RazorpayError("Authentication failed", http_status=401)


def invalid_input(description: str, field: str | None = None) -> RazorpayError:
    """A request field breaks a rule (what Razorpay reports as `input_validation_failed`)."""
    return RazorpayError(
        description, field=field, source="business", step="payment_initiation", reason="input_validation_failed"
    )


def extra_field(name: str) -> RazorpayError:
    return RazorpayError(
        f"{name} is/are not required and should not be sent",
        field=name,
        source="business",
        step="payment_initiation",
        reason="extra_field_sent",
    )


def id_does_not_exist() -> RazorpayError:
    # Razorpay answers 400 (not 404) for an unknown or foreign id.
    return RazorpayError("The id provided does not exist")


def url_not_found() -> RazorpayError:
    return RazorpayError("The requested URL was not found on the server.")


def server_error() -> RazorpayError:
    return RazorpayError(
        "The server encountered an error. The incident has been reported to admins.",
        http_status=500,
        code=SERVER_ERROR,
    )


def gateway_error() -> RazorpayError:
    return RazorpayError(
        "Payment processing failed due to error at bank or wallet gateway", http_status=502, code=GATEWAY_ERROR
    )


def too_many_requests() -> RazorpayError:
    return RazorpayError("Too many requests", http_status=429)
