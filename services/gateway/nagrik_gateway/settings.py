from pydantic import Field, SecretStr

from nagrik_kit import DEVELOPMENT_SECRET, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "gateway"
    http_port: int = 8000
    whatsapp_app_secret: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """Meta's app secret: the HMAC key of `X-Hub-Signature-256`."""
    whatsapp_verify_token: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """The token we gave Meta for the GET verification handshake."""
    citizen_pseudonym_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """HMAC key that turns a citizen id into the envelope's correlation id (no phone numbers in correlation ids)."""
    payment_webhook_secret: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """The payment gateway's webhook secret: the HMAC key of `X-Razorpay-Signature` (PROTOCOLS.md §5)."""
    max_body_bytes: int = Field(default=3 * 1024 * 1024, gt=0)
    """Meta's payloads are at most 3 MB."""
    kafka_request_timeout_ms: int = Field(default=5_000, gt=0)
    """How long a webhook waits for Kafka's acknowledgement before answering 503 (Meta then retries);
    the producer drops what it could not deliver by then, so a refused webhook never lands later."""
