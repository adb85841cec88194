from pydantic import Field, SecretStr

from nagrik_kit import DEVELOPMENT_SECRET, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "payments"
    http_port: int = 8005

    payment_gateway_base_url: str = "http://127.0.0.1:8091"
    """https://api.razorpay.com in production, the local fake by default."""
    payment_gateway_key_id: str = "rzp_test_nagrik"
    """The dev stack's key id (dev/nagrik_dev/stack.py gives the fake the same)."""
    payment_gateway_key_secret: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """Basic-auth password; the development value is refused in production by the kit."""
    payment_gateway_timeout_seconds: float = 10.0
    public_base_url: str = "http://127.0.0.1:8005"
    """Where citizens' receipt links point (this service's own address)."""
    receipt_signing_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """Signs receipt links: receipt numbers are sequential, so the number alone must open nothing."""

    payee_vpa: str = "nagrik.dev@upi"
    """The government's collecting VPA, `pa` of the UPI deep link."""
    payee_name: str = "Nagrik Dev"
    payment_callback_url: str | None = None

    issuer_government_hi: str = "राज्य सरकार"
    issuer_government_en: str = "State Government"
    issuer_department_hi: str = "नागरिक सेवाएँ"
    issuer_department_en: str = "Citizen Services"

    reconcile_interval_seconds: float = Field(30.0, gt=0)
    """How often the reconciliation loop looks for orders still waiting."""
    reconcile_pending_after_seconds: float = Field(90.0, ge=0)
    """An order is re-queried only this long after it was created (§6: no sooner than 90 s)."""
    reconcile_max_age_seconds: float = Field(2 * 3600.0, gt=0)
    """Past this, only the settlement report settles an order (§6: re-query within 2 h)."""

