"""Dialogue sessions and the citizens' application history, in PostgreSQL."""

from __future__ import annotations

import json

import asyncpg

from .dialogue import Session, Upload
from .status import SHOWN, HistoryStep


async def load_session(conn: asyncpg.Connection, citizen_id: str) -> Session:
    """The citizen's session, locked for this transaction; a fresh one if they never wrote."""
    row = await conn.fetchrow(
        "SELECT step, language, department_id, service_id, answers, submission_id, document FROM sessions "
        "WHERE citizen_id = $1 FOR UPDATE",
        citizen_id,
    )
    if row is None:
        return Session(citizen_id=citizen_id)
    document = Upload(**json.loads(row["document"])) if row["document"] else None
    return Session(citizen_id=citizen_id, known=True,
                   **{**dict(row), "answers": json.loads(row["answers"]), "document": document})


async def save_session(conn: asyncpg.Connection, session: Session) -> None:
    await conn.execute(
        """
        INSERT INTO sessions (citizen_id, step, language, department_id, service_id, answers, submission_id,
                              document)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (citizen_id) DO UPDATE SET
            step = EXCLUDED.step, language = EXCLUDED.language, department_id = EXCLUDED.department_id,
            service_id = EXCLUDED.service_id, answers = EXCLUDED.answers, submission_id = EXCLUDED.submission_id,
            document = EXCLUDED.document, updated_at = now()
        """,
        session.citizen_id,
        session.step,
        session.language,
        session.department_id,
        session.service_id,
        json.dumps(session.answers, ensure_ascii=False),
        session.submission_id,
        json.dumps(session.document.as_json(), ensure_ascii=False) if session.document else None,
    )


async def record_step(conn: asyncpg.Connection, event_id: str, step: HistoryStep) -> None:
    """Record one step of an application; the same event twice records it once."""
    await conn.execute(
        """
        INSERT INTO application_history (event_id, application_id, citizen_id, service_id, step, detail, occurred_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (event_id) DO NOTHING
        """,
        event_id, step.application_id, step.citizen_id, step.service_id, step.step, step.detail, step.occurred_at,
    )


async def load_history(conn: asyncpg.Connection, citizen_id: str) -> list[HistoryStep]:
    """The steps of the citizen's most recent applications: applications newest first, steps oldest first."""
    rows = await conn.fetch(
        """
        WITH recent AS (
            SELECT application_id, min(occurred_at) AS first_at FROM application_history
            WHERE citizen_id = $1 GROUP BY application_id ORDER BY first_at DESC LIMIT $2
        )
        SELECT h.application_id, h.citizen_id, h.service_id, h.step, h.detail, h.occurred_at
        FROM application_history h JOIN recent r USING (application_id)
        WHERE h.citizen_id = $1
        ORDER BY r.first_at DESC, h.application_id, h.occurred_at, h.id
        """,
        citizen_id, SHOWN,
    )
    return [HistoryStep(**dict(row)) for row in rows]
