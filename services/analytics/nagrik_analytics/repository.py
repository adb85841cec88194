"""Adding to the daily tables, and emptying them for a rebuild."""

from __future__ import annotations

import asyncpg

from .projection import Increment

TABLES = ("applications_daily", "payments_daily", "messages_daily", "message_statuses_daily", "ocr_outcomes_daily")


async def add(conn: asyncpg.Connection, increment: Increment) -> None:
    if increment.table not in TABLES:
        raise ValueError(f"unknown projection table {increment.table!r}")
    columns = [*increment.key, *increment.counts]
    placeholders = ", ".join(f"${i}" for i in range(1, len(columns) + 1))
    updates = ", ".join(f"{name} = {increment.table}.{name} + EXCLUDED.{name}" for name in increment.counts)
    await conn.execute(
        f"INSERT INTO {increment.table} ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(increment.key)}) DO UPDATE SET {updates}",
        *increment.key.values(), *increment.counts.values(),
    )


async def clear(conn: asyncpg.Connection, consumer: str) -> None:
    """Empty every projection and forget which events were counted, in one transaction."""
    async with conn.transaction():
        await conn.execute(f"TRUNCATE {', '.join(TABLES)}")
        await conn.execute("DELETE FROM inbox WHERE consumer = $1", consumer)
