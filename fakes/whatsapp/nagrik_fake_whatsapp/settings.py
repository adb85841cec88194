"""Settings of the fake, read from `FAKE_WHATSAPP_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FakeWhatsAppSettings(BaseSettings):
    """Defaults are development values: the fake never talks to Meta, so they are not secrets."""

    model_config = SettingsConfigDict(env_prefix="FAKE_WHATSAPP_", extra="ignore")

    access_token: str = Field("nagrik-dev-access-token", description="Bearer token the Graph API accepts")
    app_secret: str = Field("nagrik-dev-app-secret", description="HMAC key for X-Hub-Signature-256")
    verify_token: str = Field("nagrik-dev-verify-token", description="hub.verify_token for /_fake/verify-webhook")
    webhook_url: str = Field(
        "http://127.0.0.1:8000/webhooks/whatsapp", description="The gateway's callback URL; empty disables webhooks"
    )
    phone_number_id: str = "100000000000001"
    display_phone_number: str = "911100000000"
    waba_id: str = "100000000000002"
    api_version: str = Field("v21.0", description="Version advertised in /_fake/health; every vN.M path is served")
    public_url: str | None = Field(None, description="Base URL of this fake, for media URLs; default http://HOST:PORT")
    host: str = "127.0.0.1"
    port: int = 8090

    media_url_ttl_seconds: float = 300.0
    status_delay_seconds: float = Field(0.05, description="Pause before each sent/delivered/read webhook")
    webhook_timeout_seconds: float = 10.0
    webhook_max_attempts: int = Field(10, ge=1, description="Tries per webhook body, the first one included")
    webhook_retry_base_seconds: float = Field(1.0, description="First retry delay; doubles on every retry")
    webhook_retry_max_seconds: float = 60.0
    window_error_delivery: Literal["response", "status"] = Field(
        "response",
        description=(
            "How a free-form send outside the 24-hour window fails: 'response' = HTTP 400 code 131047; "
            "'status' = accepted, then a `failed` status webhook with 131047 (what Meta's Cloud API does today)"
        ),
    )
    templates_path: Path | None = Field(None, description="Approved templates JSON; default: the packaged one")

    @property
    def own_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
