"""Outbound messages, Meta's status reports and citizens' 24-hour windows in PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from uuid import UUID

import asyncpg

from nagrik_contracts.whatsapp import MessageStatusChanged

from .domain import Status


@dataclass(frozen=True)
class Window:
    last_inbound_at: datetime
    profile_name: str | None


@dataclass(frozen=True)
class OutboundMessage:
    command_id: UUID
    seq: int
    citizen_id: str
    phone_number_id: str
    language: str
    requested_type: str
    type: str
    template_name: str | None
    wamid: str | None
    status: Status
    attempts: int
    error_code: int | None = None
    error_detail: str | None = None
    window_fallback: dict | None = None
    accepted_at: datetime | None = None
    status_at: datetime | None = None


_COLUMNS = [f.name for f in fields(OutboundMessage)]


def _message(row: asyncpg.Record | None) -> OutboundMessage | None:
    if row is None:
        return None
    values = dict(row)
    if values["window_fallback"] is not None:
        values["window_fallback"] = json.loads(values["window_fallback"])
    return OutboundMessage(**values)


@dataclass(frozen=True)
class StatusReport:
    wamid: str
    status: Status
    citizen_id: str
    occurred_at: datetime
    error_code: int | None = None
    error_detail: str | None = None

    @classmethod
    def of(cls, event: MessageStatusChanged) -> StatusReport:
        error = event.errors[0] if event.errors else None
        return cls(
            wamid=event.message_id, status=event.status, citizen_id=event.citizen_id, occurred_at=event.occurred_at,
            error_code=error.code if error else None,
            error_detail=(error.details or error.message or error.title) if error else None,
        )


# ---------------------------------------------------------------- the 24-hour window


async def window_of(conn: asyncpg.Connection, citizen_id: str, phone_number_id: str) -> Window | None:
    row = await conn.fetchrow(
        "SELECT last_inbound_at, profile_name FROM citizen_windows WHERE citizen_id = $1 AND phone_number_id = $2",
        citizen_id, phone_number_id,
    )
    return Window(**dict(row)) if row else None


async def record_inbound(conn: asyncpg.Connection, *, citizen_id: str, phone_number_id: str, at: datetime,
                         profile_name: str | None) -> None:
    """Keeps the latest time (inbound messages may be handled out of order) and the newest known name."""
    await conn.execute(
        """
        INSERT INTO citizen_windows (citizen_id, phone_number_id, last_inbound_at, profile_name)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (citizen_id, phone_number_id) DO UPDATE SET
            last_inbound_at = GREATEST(citizen_windows.last_inbound_at, EXCLUDED.last_inbound_at),
            profile_name = CASE
                WHEN EXCLUDED.profile_name IS NOT NULL AND EXCLUDED.last_inbound_at >= citizen_windows.last_inbound_at
                THEN EXCLUDED.profile_name ELSE citizen_windows.profile_name END,
            updated_at = now()
        """,
        citizen_id, phone_number_id, at, profile_name,
    )


# ---------------------------------------------------------------- outbound messages


async def find_message(conn: asyncpg.Connection, command_id: UUID, seq: int = 1) -> OutboundMessage | None:
    row = await conn.fetchrow(
        f"SELECT {', '.join(_COLUMNS)} FROM outbound_messages WHERE command_id = $1 AND seq = $2", command_id, seq
    )
    return _message(row)


async def message_by_wamid(conn: asyncpg.Connection, wamid: str, *, for_update: bool = False) -> OutboundMessage | None:
    lock = " FOR UPDATE" if for_update else ""
    row = await conn.fetchrow(f"SELECT {', '.join(_COLUMNS)} FROM outbound_messages WHERE wamid = $1{lock}", wamid)
    return _message(row)


async def save_message(conn: asyncpg.Connection, message: OutboundMessage) -> None:
    """Insert, or overwrite the row of an earlier failed attempt (a replayed dead letter)."""
    values = [getattr(message, name) for name in _COLUMNS]
    values[_COLUMNS.index("window_fallback")] = (
        json.dumps(message.window_fallback) if message.window_fallback is not None else None
    )
    placeholders = ", ".join(
        f"${i}::jsonb" if name == "window_fallback" else f"${i}" for i, name in enumerate(_COLUMNS, start=1)
    )
    updates = ", ".join(
        "attempts = outbound_messages.attempts + EXCLUDED.attempts" if name == "attempts"
        else f"{name} = EXCLUDED.{name}"
        for name in _COLUMNS
        if name not in ("command_id", "seq")
    )
    await conn.execute(
        f"INSERT INTO outbound_messages ({', '.join(_COLUMNS)}) VALUES ({placeholders}) "
        f"ON CONFLICT (command_id, seq) DO UPDATE SET {updates}, updated_at = now()",
        *values,
    )


async def set_status(conn: asyncpg.Connection, message: OutboundMessage) -> None:
    await conn.execute(
        "UPDATE outbound_messages SET status = $2, status_at = $3, error_code = $4, error_detail = $5, "
        "updated_at = now() WHERE wamid = $1",
        message.wamid, message.status, message.status_at, message.error_code, message.error_detail,
    )


# ---------------------------------------------------------------- status reports


async def lock_wamid(conn: asyncpg.Connection, wamid: str) -> None:
    """Serialises "store a report" and "store the message" for one wamid until the transaction ends.

    Without it, a report handled while the message's insert is still uncommitted would see no message
    and be stored as waiting, while the insert would not yet see the waiting report: neither applies it.
    """
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"wamid:{wamid}")


async def add_status_report(conn: asyncpg.Connection, report: StatusReport) -> bool:
    """Stores a report; False when this (wamid, status) was reported before."""
    return bool(
        await conn.fetchval(
            "INSERT INTO status_reports (wamid, status, citizen_id, occurred_at, error_code, error_detail) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING true",
            report.wamid, report.status, report.citizen_id, report.occurred_at, report.error_code, report.error_detail,
        )
    )


async def status_reports(conn: asyncpg.Connection, wamid: str) -> list[StatusReport]:
    rows = await conn.fetch(
        "SELECT wamid, status, citizen_id, occurred_at, error_code, error_detail FROM status_reports "
        "WHERE wamid = $1 ORDER BY received_at",
        wamid,
    )
    return [StatusReport(**dict(row)) for row in rows]
