from nagrik_kit import ServiceSettings

from .media_checks import MediaLimits


class Settings(ServiceSettings):
    service_name: str = "ocr"
    http_port: int = 8004
    max_image_bytes: int = MediaLimits().image_bytes
    """WhatsApp's limit for JPEG/PNG images (PROTOCOLS.md §2)."""
    max_document_bytes: int = MediaLimits().document_bytes
    """WhatsApp's limit for documents (PROTOCOLS.md §2)."""

    def media_limits(self) -> MediaLimits:
        return MediaLimits(image_bytes=self.max_image_bytes, document_bytes=self.max_document_bytes)
