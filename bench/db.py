"""The benchmark's own database: `fawang_bench` next to DATABASE_URL's (PostgreSQL), created and dropped
here, or a temporary SQLite file when DATABASE_URL is unset. It never touches the developer's data."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

BENCH_DB_NAME = "fawang_bench"


@dataclass
class BenchDatabase:
    url: str
    vendor: str  # "postgresql" or "sqlite"
    label: str
    _tmpdir: str | None = None
    _admin_url: str | None = None

    def drop(self) -> None:
        if self.vendor == "postgresql":
            from django.db import connections

            connections.close_all()
            _pg_admin(self._admin_url or "", f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        elif self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)


def _pg_admin(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def create_bench_database() -> BenchDatabase:
    """Point DATABASE_URL at a fresh, empty benchmark database (before Django is set up)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
        bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB_NAME}"))
        _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        _pg_admin(admin_url, f'CREATE DATABASE "{BENCH_DB_NAME}"')
        os.environ["DATABASE_URL"] = bench_url
        host = parts.hostname or "localhost"
        return BenchDatabase(
            url=bench_url,
            vendor="postgresql",
            label=f"PostgreSQL {host}:{parts.port or 5432}/{BENCH_DB_NAME}",
            _admin_url=admin_url,
        )
    tmpdir = tempfile.mkdtemp(prefix="fawang-bench-")
    path = os.path.join(tmpdir, "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return BenchDatabase(
        url=os.environ["DATABASE_URL"], vendor="sqlite", label=f"SQLite {path}", _tmpdir=tmpdir
    )
