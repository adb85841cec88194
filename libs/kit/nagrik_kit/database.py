"""PostgreSQL pool and ordered SQL migrations, one schema per service."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import asyncpg

log = logging.getLogger(__name__)

KIT_MIGRATIONS = Path(__file__).parent / "sql"


async def create_pool(url: str, schema: str, *, wait_seconds: float = 30.0) -> asyncpg.Pool:
    """A pool whose connections work inside `schema`; waits for the server to accept connections."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        try:
            await _ensure_schema(url, schema)
            return await asyncpg.create_pool(
                url, min_size=1, max_size=10, server_settings={"search_path": schema}
            )
        except (OSError, asyncpg.CannotConnectNowError, asyncpg.PostgresConnectionError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def _ensure_schema(url: str, schema: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    except asyncpg.UniqueViolationError:  # two services creating it at once
        pass
    finally:
        await conn.close()


async def migrate(pool: asyncpg.Pool, schema: str, *directories: Path) -> list[str]:
    """Apply, in order, each `NNNN_name.sql` not yet applied; kit tables first. Returns what ran."""
    applied: list[str] = []
    async with pool.acquire() as conn, conn.transaction():
        # One migrator per schema at a time, even with several replicas starting together.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"migrate:{schema}")
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row["name"] for row in await conn.fetch("SELECT name FROM schema_migrations")}
        for directory in (KIT_MIGRATIONS, *directories):
            for path in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql")):
                name = f"{directory.parent.name}/{path.name}" if directory == KIT_MIGRATIONS else path.name
                if name in done:
                    continue
                await conn.execute(path.read_text())
                await conn.execute("INSERT INTO schema_migrations (name) VALUES ($1)", name)
                applied.append(name)
    if applied:
        log.info("migrations applied", extra={"schema": schema, "migrations": applied})
    return applied
