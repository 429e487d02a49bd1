"""Run a benchmark's measuring half in a child process on a fresh database.

The child runs with the test settings, its own temporary folder (``WEGWIJS_VAR_DIR``) and a
database of its own: a new SQLite file there, or a PostgreSQL database created before and
dropped after. It prints one line ``RESULT {json}``, which is returned.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import Any

SERVER = "postgres://postgres@127.0.0.1:5432"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def run_worker(
    script: str,
    database: str,
    pg_name: str,
    arguments: Callable[[str], list[str]],
    *,
    prefix: str,
) -> dict[str, Any]:
    """Run ``script --worker <arguments(tmp)>`` on ``database`` (``sqlite`` or
    ``postgresql``, then named ``pg_name``) and return what it printed after ``RESULT``."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "WEGWIJS_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="wegwijs.conf.test",
            WEGWIJS_VAR_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3"
            if database == "sqlite"
            else f"{SERVER}/{pg_name}",
        )
        if database == "postgresql":
            _admin(f"DROP DATABASE IF EXISTS {pg_name}")
            _admin(f"CREATE DATABASE {pg_name}")
        try:
            command = [sys.executable, script, "--worker", *arguments(tmp)]
            done = subprocess.run(  # noqa: S603 - our own script
                command, env=env, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                raise RuntimeError(f"{database} worker failed:\n{done.stderr[-4000:]}")
            line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
            return json.loads(line.removeprefix("RESULT "))
        finally:
            if database == "postgresql":
                _admin(f"DROP DATABASE IF EXISTS {pg_name}")
