"""Originals encrypted at rest: AES-256-GCM with a key derived from the DOCUMENT_ENCRYPTION_KEY setting.

- The key is HKDF-SHA256 of the setting (so any long random string works, and the same setting can never be
  used unchanged as a key elsewhere); the development value is refused in production by the kit's settings.
- A sealed document is `version (1 byte) || nonce (12 random bytes) || ciphertext + tag`. The version byte
  names the key: a later key rotation adds version 2 and re-encrypts, without guessing which key a row used.
- The associated data is the row's identity (request id and citizen id): a ciphertext copied into another
  row does not decrypt there.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"
_NONCE_BYTES = 12
_INFO = b"nagrik-ocr-documents-v1"


def derive_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())


def _associated_data(request_id: str, citizen_id: str) -> bytes:
    return f"{request_id}\x00{citizen_id}".encode()


class Vault:
    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(derive_key(secret))

    def seal(self, plaintext: bytes, *, request_id: str, citizen_id: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, _associated_data(request_id, citizen_id))

    def open(self, sealed: bytes, *, request_id: str, citizen_id: str) -> bytes:
        """The original; raises `cryptography.exceptions.InvalidTag` if it was altered or belongs elsewhere."""
        if sealed[:1] != _VERSION:
            raise ValueError("unknown document key version")
        nonce, ciphertext = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
        return self._aead.decrypt(nonce, ciphertext, _associated_data(request_id, citizen_id))
