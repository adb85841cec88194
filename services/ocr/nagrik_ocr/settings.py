from pydantic import Field, SecretStr

from nagrik_kit import DEVELOPMENT_SECRET, ServiceSettings

from .media_checks import MediaLimits


class Settings(ServiceSettings):
    service_name: str = "ocr"
    http_port: int = 8004
    max_image_bytes: int = MediaLimits().image_bytes
    """WhatsApp's limit for JPEG/PNG images (PROTOCOLS.md §2)."""
    max_document_bytes: int = MediaLimits().document_bytes
    """WhatsApp's limit for documents (PROTOCOLS.md §2)."""

    whatsapp_api_base_url: str = "http://127.0.0.1:8090"
    """Graph API host: https://graph.facebook.com in production, the local fake by default."""
    whatsapp_api_version: str = "v21.0"
    whatsapp_access_token: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """System-user token of the WhatsApp Business Account (Bearer), for media lookups and downloads."""
    whatsapp_timeout_seconds: float = Field(30.0, gt=0)
    """Per request; a download of up to 100 MB streams within it as long as bytes keep arriving."""

    document_encryption_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """Stored originals are encrypted with an AES-256-GCM key derived from this (HKDF-SHA256). Use at least
    32 random bytes, e.g. `openssl rand -base64 32`; the development value is refused in production."""

    def media_limits(self) -> MediaLimits:
        return MediaLimits(image_bytes=self.max_image_bytes, document_bytes=self.max_document_bytes)
