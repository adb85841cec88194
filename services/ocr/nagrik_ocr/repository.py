"""SQL of the ocr schema: one `documents` row per request (see sql/0001_documents.sql)."""

from __future__ import annotations

import uuid

import asyncpg

from nagrik_contracts.ocr import ReadDocument


async def answered(conn: asyncpg.Connection, request_id: str) -> bool:
    """Whether this request already has its row (and so its one result)."""
    return bool(await conn.fetchval("SELECT 1 FROM documents WHERE request_id = $1", request_id))


async def add_read(conn: asyncpg.Connection, command: ReadDocument, *, mime_type: str, size_bytes: int, sha256: str,
                   ciphertext: bytes, field_names: list[str]) -> uuid.UUID:
    document_id = uuid.uuid4()
    await conn.execute(
        """INSERT INTO documents (id, request_id, citizen_id, document_type, media_id, status, mime_type,
               size_bytes, sha256, ciphertext, field_names)
           VALUES ($1, $2, $3, $4, $5, 'read', $6, $7, $8, $9, $10)""",
        document_id, command.request_id, command.citizen_id, command.document_type, command.media_id, mime_type,
        size_bytes, sha256, ciphertext, field_names,
    )
    return document_id


async def add_rejected(conn: asyncpg.Connection, command: ReadDocument, *, reason: str, detail: str,
                       mime_type: str | None = None, size_bytes: int | None = None,
                       sha256: str | None = None) -> uuid.UUID:
    document_id = uuid.uuid4()
    await conn.execute(
        """INSERT INTO documents (id, request_id, citizen_id, document_type, media_id, status, reason, detail,
               mime_type, size_bytes, sha256)
           VALUES ($1, $2, $3, $4, $5, 'rejected', $6, $7, $8, $9, $10)""",
        document_id, command.request_id, command.citizen_id, command.document_type, command.media_id, reason,
        detail, mime_type, size_bytes, sha256,
    )
    return document_id
