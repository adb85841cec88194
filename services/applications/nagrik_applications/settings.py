from pydantic import SecretStr

from nagrik_kit import DEVELOPMENT_SECRET, ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "applications"
    http_port: int = 8003
    public_base_url: str = "http://127.0.0.1:8003"
    """Where citizens and notifications reach this service: certificate downloads and verification links."""
    certificate_signing_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    state_code: str = "DL"
    """First part of every application number (DL-INC-2026-000123)."""
