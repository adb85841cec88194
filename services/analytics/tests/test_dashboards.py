"""Every SQL query of the Grafana dashboards runs against the real analytics schema."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from nagrik_analytics.main import MIGRATIONS
from nagrik_kit.database import create_pool, migrate

DASHBOARDS = sorted((Path(__file__).parents[3] / "deploy" / "grafana").glob("*.json"))
QUERIES = [(path.name, panel["title"], target["rawSql"]) for path in DASHBOARDS
           for panel in json.loads(path.read_text())["panels"] for target in panel["targets"]]


def with_grafana_macros_expanded(sql: str) -> str:
    """Grafana replaces its macros before PostgreSQL sees the query; so do we."""
    sql = sql.replace("$__timeFrom()", f"'{date(2026, 1, 1)}'").replace("$__timeTo()", f"'{date(2026, 12, 31)}'")
    assert not re.search(r"\$__\w+", sql), f"unexpanded macro in {sql}"
    return sql


def test_there_are_dashboards_to_check():
    assert QUERIES


@pytest.mark.parametrize("dashboard, title, sql", QUERIES, ids=[f"{d}:{t}" for d, t, _ in QUERIES])
async def test_dashboard_query_runs_on_the_analytics_schema(infrastructure, dashboard, title, sql):
    pool = await create_pool(infrastructure.database_url, "analytics")
    try:
        await migrate(pool, "analytics", MIGRATIONS)
        async with pool.acquire() as conn:
            await conn.fetch(with_grafana_macros_expanded(sql))
    finally:
        await pool.close()
