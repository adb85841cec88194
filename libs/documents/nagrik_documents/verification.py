"""Signed verification links: anyone holding a document can check it was issued by us and not altered in its id."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

# Domain separation: the same secret used for another HMAC elsewhere can never yield a valid token here.
_CONTEXT = b"nagrik-documents/verification/v1\x00"
# HMAC-SHA256 truncated to 128 bits (RFC 2104 allows truncation): 22 URL-safe characters keep the QR code
# small and easy to scan on a printed page, and 2**128 guesses remain out of reach.
TOKEN_BYTES = 16
MIN_SECRET_BYTES = 16


def sign_verification(document_id: str, secret: bytes) -> str:
    """Return the URL-safe token (unpadded base64url of a truncated HMAC-SHA256) for `document_id`."""
    _check_secret(secret)
    if not isinstance(document_id, str) or not document_id:
        raise ValueError("document_id must be a non-empty string")
    mac = hmac.new(bytes(secret), _CONTEXT + document_id.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:TOKEN_BYTES]).rstrip(b"=").decode("ascii")


def verification_url(base_url: str, document_id: str, secret: bytes) -> str:
    """Return `{base_url}/verify/{document_id}?sig={token}`, the link printed and QR-encoded on a document."""
    if not base_url.startswith(("https://", "http://")):
        raise ValueError(f"base_url must be an http(s) URL, got {base_url!r}")
    token = sign_verification(document_id, secret)
    return f"{base_url.rstrip('/')}/verify/{quote(document_id, safe='')}?sig={token}"


def is_genuine(document_id: str, token: str, secret: bytes) -> bool:
    """Whether `token` was signed for `document_id` with `secret`; compares in constant time.

    Both id and token come from whoever opened the link, so any malformed value is simply not genuine;
    only a bad secret (a configuration error) raises.
    """
    _check_secret(secret)
    if not isinstance(document_id, str) or not document_id or not isinstance(token, str):
        return False
    expected = sign_verification(document_id, secret).encode("ascii")
    return hmac.compare_digest(expected, token.encode("utf-8", errors="replace"))


def _check_secret(secret: bytes) -> None:
    if not isinstance(secret, (bytes, bytearray)):
        raise TypeError("secret must be bytes (encode the configured string, e.g. secret.encode())")
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"secret must be at least {MIN_SECRET_BYTES} bytes long")
