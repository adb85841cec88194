from pydantic import Field, SecretStr

from nagrik_kit import DEVELOPMENT_SECRET, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifications"
    http_port: int = 8002

    whatsapp_api_base_url: str = "http://127.0.0.1:8090"
    """Graph API host: https://graph.facebook.com in production, the local fake by default."""
    whatsapp_api_version: str = "v21.0"
    whatsapp_access_token: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """System-user token of the WhatsApp Business Account (Bearer)."""
    whatsapp_phone_number_id: str = "100000000000001"
    """Our sending number, for commands that do not name one."""
    whatsapp_timeout_seconds: float = 10.0

    send_max_attempts: int = Field(5, ge=1)
    """Calls to Meta per message before giving up on throttling or transient errors (the first included)."""
    throttle_backoff_seconds: float = 1.0
    """Pair-rate limit: wait base × 4^n before retry n+1 (1, 4, 16, 64 s by default)."""
    throttle_backoff_max_seconds: float = 64.0
    transient_backoff_seconds: float = 1.0
    """Transient errors: wait base × 2^n before retry n+1."""
    transient_backoff_max_seconds: float = 30.0
    # Keep the sum of the waits well under Kafka's max.poll.interval (300 s): a handler that sleeps
    # longer is thrown out of its consumer group and its partition is redelivered elsewhere.

    reopen_template: str = "session_reopen"
    """Approved template sent when the 24-hour window is closed and the command names no fallback.
    It must take one body parameter: the citizen's name."""

    window_consumer_group: str = "notifications-window"
    status_consumer_group: str = "notifications-status"
