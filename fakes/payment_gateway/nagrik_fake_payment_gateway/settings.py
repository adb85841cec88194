"""Settings of the fake, read from `FAKE_PAYMENT_GATEWAY_*` environment variables."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Events Razorpay can send for what this fake simulates. `payment.authorized` is off by default, as on a
# dashboard where only the events Nagrik handles are ticked.
KNOWN_EVENTS = frozenset(
    {"payment.authorized", "payment.captured", "payment.failed", "order.paid", "payment_link.paid"}
)
DEFAULT_EVENTS = "payment.captured,payment.failed,order.paid,payment_link.paid"


class FakePaymentGatewaySettings(BaseSettings):
    """Defaults are development values: the fake never talks to a real gateway, so they are not secrets."""

    model_config = SettingsConfigDict(env_prefix="FAKE_PAYMENT_GATEWAY_", extra="ignore")

    key_id: str = Field("rzp_test_NagrikDevKey01", description="Basic-auth user name (Razorpay key id)")
    key_secret: str = Field("nagrik-dev-key-secret", description="Basic-auth password; also signs checkout results")
    webhook_secret: str = Field("nagrik-dev-webhook-secret", description="HMAC key for X-Razorpay-Signature")
    webhook_url: str = Field(
        "http://127.0.0.1:8000/webhooks/payments", description="The gateway's callback URL; empty disables webhooks"
    )
    webhook_events: str = Field(DEFAULT_EVENTS, description="Comma-separated events the webhook is subscribed to")
    account_id: str = Field("acc_NagrikDev00001", description="`account_id` in every webhook")
    public_url: str | None = Field(None, description="Base URL of this fake, for short_url; default http://HOST:PORT")
    host: str = "127.0.0.1"
    port: int = 8091

    webhook_timeout_seconds: float = Field(5.0, description="A slower answer counts as a failed delivery")
    webhook_max_attempts: int = Field(8, ge=1, description="Tries per event, the first one included")
    webhook_retry_base_seconds: float = Field(1.0, description="First retry delay; doubles on every retry")
    webhook_retry_max_seconds: float = 60.0

    fee_basis_points: int = Field(200, ge=0, description="Gateway fee per captured payment: 200 = 2 %")
    gst_percent: int = Field(18, ge=0, description="GST charged on the fee")
    settlement_delay_seconds: float = Field(
        0.0, ge=0, description="Captured payments appear in the recon report this long after capture (Razorpay: T+2)"
    )
    unique_receipts: bool = Field(
        False, description="Refuse a reused order receipt (an account-level Razorpay option; off by default)"
    )

    payee_vpa: str = Field("nagrik.dev@upi", description="Payee of the UPI deep link on the payment page")
    payee_name: str = "Nagrik Dev"
    payee_mcc: str | None = Field("9399", description="Merchant category code; 9399 = government services")

    @property
    def own_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @field_validator("webhook_events")
    @classmethod
    def _only_known_events(cls, value: str) -> str:
        unknown = _event_names(value) - KNOWN_EVENTS
        if unknown:
            raise ValueError(f"unknown webhook events: {sorted(unknown)}; known: {sorted(KNOWN_EVENTS)}")
        return value

    @property
    def subscribed_events(self) -> frozenset[str]:
        return _event_names(self.webhook_events)


def _event_names(value: str) -> frozenset[str]:
    return frozenset(name.strip() for name in value.split(",") if name.strip())
