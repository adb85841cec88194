"""Applications, their history and certificates in PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg


@dataclass(frozen=True)
class Application:
    application_id: str
    submission_id: str
    citizen_id: str
    service_id: str
    department_id: str
    workflow: str
    language: str
    fee_paise: int
    status: str
    answers: dict[str, str]
    documents: list[dict]
    submitted_at: datetime


_COLUMNS = ("application_id, submission_id, citizen_id, service_id, department_id, workflow, language, fee_paise, "
            "status, answers, documents, submitted_at")


def _application(row: asyncpg.Record | None) -> Application | None:
    if row is None:
        return None
    return Application(**{**dict(row), "answers": json.loads(row["answers"]), "documents": json.loads(row["documents"])})


async def next_sequence(conn: asyncpg.Connection, *, code: str, year: int) -> int:
    """The next number for (code, year); the row lock serialises concurrent submissions, a rollback returns it."""
    return await conn.fetchval(
        "INSERT INTO application_counters (code, year, last) VALUES ($1, $2, 1) "
        "ON CONFLICT (code, year) DO UPDATE SET last = application_counters.last + 1 RETURNING last",
        code, year,
    )


async def find_by_submission(conn: asyncpg.Connection, submission_id: str) -> Application | None:
    return _application(await conn.fetchrow(f"SELECT {_COLUMNS} FROM applications WHERE submission_id = $1",
                                            submission_id))


async def load_application(conn: asyncpg.Connection, application_id: str, *, lock: bool = False) -> Application | None:
    suffix = " FOR UPDATE" if lock else ""
    return _application(await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM applications WHERE application_id = $1{suffix}", application_id))


async def insert_application(conn: asyncpg.Connection, app: Application) -> None:
    await conn.execute(
        f"INSERT INTO applications ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        app.application_id, app.submission_id, app.citizen_id, app.service_id, app.department_id, app.workflow,
        app.language, app.fee_paise, app.status, json.dumps(app.answers, ensure_ascii=False),
        json.dumps(app.documents, ensure_ascii=False), app.submitted_at,
    )
    await add_history(conn, app.application_id, status=app.status, previous=None, reason=None, actor="citizen")


async def set_status(conn: asyncpg.Connection, application_id: str, *, status: str, previous: str,
                     reason: str | None, actor: str) -> None:
    await conn.execute("UPDATE applications SET status = $2, updated_at = now() WHERE application_id = $1",
                       application_id, status)
    await add_history(conn, application_id, status=status, previous=previous, reason=reason, actor=actor)


async def add_history(conn: asyncpg.Connection, application_id: str, *, status: str, previous: str | None,
                      reason: str | None, actor: str) -> None:
    await conn.execute(
        "INSERT INTO application_history (application_id, status, previous, reason, actor) VALUES ($1, $2, $3, $4, $5)",
        application_id, status, previous, reason, actor,
    )


async def history(conn: asyncpg.Connection | asyncpg.Pool, application_id: str) -> list[dict]:
    rows = await conn.fetch(
        "SELECT status, previous, reason, at FROM application_history WHERE application_id = $1 ORDER BY id",
        application_id,
    )
    return [{**dict(r), "at": r["at"].isoformat()} for r in rows]


async def store_certificate(conn: asyncpg.Connection, *, certificate_id: str, application_id: str,
                            issued_on: date, pdf: bytes) -> None:
    await conn.execute(
        "INSERT INTO certificates (certificate_id, application_id, issued_on, pdf) VALUES ($1, $2, $3, $4)",
        certificate_id, application_id, issued_on, pdf,
    )


async def certificate_pdf(pool: asyncpg.Pool, certificate_id: str) -> bytes | None:
    return await pool.fetchval("SELECT pdf FROM certificates WHERE certificate_id = $1", certificate_id)


async def certificate_facts(pool: asyncpg.Pool, certificate_id: str) -> asyncpg.Record | None:
    return await pool.fetchrow(
        "SELECT c.application_id, a.service_id, c.issued_on FROM certificates c "
        "JOIN applications a USING (application_id) WHERE c.certificate_id = $1",
        certificate_id,
    )
