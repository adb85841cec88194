"""Dialogue sessions in PostgreSQL."""

from __future__ import annotations

import json

import asyncpg

from .dialogue import Session


async def load_session(conn: asyncpg.Connection, citizen_id: str) -> Session:
    """The citizen's session, locked for this transaction; a fresh one if they never wrote."""
    row = await conn.fetchrow(
        "SELECT step, language, department_id, service_id, answers, submission_id FROM sessions "
        "WHERE citizen_id = $1 FOR UPDATE",
        citizen_id,
    )
    if row is None:
        return Session(citizen_id=citizen_id)
    return Session(citizen_id=citizen_id, known=True, **{**dict(row), "answers": json.loads(row["answers"])})


async def save_session(conn: asyncpg.Connection, session: Session) -> None:
    await conn.execute(
        """
        INSERT INTO sessions (citizen_id, step, language, department_id, service_id, answers, submission_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (citizen_id) DO UPDATE SET
            step = EXCLUDED.step, language = EXCLUDED.language, department_id = EXCLUDED.department_id,
            service_id = EXCLUDED.service_id, answers = EXCLUDED.answers, submission_id = EXCLUDED.submission_id,
            updated_at = now()
        """,
        session.citizen_id,
        session.step,
        session.language,
        session.department_id,
        session.service_id,
        json.dumps(session.answers, ensure_ascii=False),
        session.submission_id,
    )
