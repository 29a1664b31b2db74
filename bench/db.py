"""The benchmark's own database: `<name>_bench` next to DATABASE_URL's database `<name>` (PostgreSQL;
`fawang_bench` when the URL names none), created and dropped here, or a temporary SQLite file when
DATABASE_URL is unset. It never touches the developer's data, and two developers benchmarking from
different databases do not drop each other's."""

from __future__ import annotations

import os
import re
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
            name = urlsplit(self.url).path.lstrip("/")
            _pg_admin(self._admin_url or "", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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
        source = parts.path.lstrip("/")
        name = f"{source}_bench" if source and source != BENCH_DB_NAME else BENCH_DB_NAME
        if not re.fullmatch(r"[A-Za-z0-9_]{1,63}", name):
            raise SystemExit(f"bench: unusable database name {name!r} derived from DATABASE_URL")
        bench_url = urlunsplit(parts._replace(path=f"/{name}"))
        _pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = bench_url
        host = parts.hostname or "localhost"
        return BenchDatabase(
            url=bench_url,
            vendor="postgresql",
            label=f"PostgreSQL {host}:{parts.port or 5432}/{name}",
            _admin_url=admin_url,
        )
    tmpdir = tempfile.mkdtemp(prefix="fawang-bench-")
    path = os.path.join(tmpdir, "bench.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return BenchDatabase(
        url=os.environ["DATABASE_URL"], vendor="sqlite", label=f"SQLite {path}", _tmpdir=tmpdir
    )


@dataclass
class ScaleDatabase:
    """The scale benchmark's database next to DATABASE_URL's (PostgreSQL only): `<name>_scale`, kept
    between runs with --keep-scale; without it `<name>_scale_run`, dropped at the end (so a run that
    did not ask to keep never drops the kept one)."""

    url: str
    name: str
    existed: bool
    _admin_url: str

    def recreate(self) -> None:
        from django.db import connections

        connections.close_all()
        _pg_admin(self._admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        _pg_admin(self._admin_url, f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        from django.db import connections

        connections.close_all()
        _pg_admin(self._admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def open_scale_database(*, keep: bool, suffix: str = "scale") -> ScaleDatabase | None:
    """Point DATABASE_URL at `<name>_<suffix>` (`keep`) or `<name>_<suffix>_run`, created empty when
    missing; None without PostgreSQL. (`suffix` "ledger": the evidence log's proof tree, bench/ledger.py.)"""
    import psycopg

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    source = parts.path.lstrip("/") or "fawang"
    name = f"{source}_{suffix}" if keep else f"{source}_{suffix}_run"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,63}", name):
        raise SystemExit(f"bench: unusable database name {name!r} derived from DATABASE_URL")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        existed = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
    if not existed:
        _pg_admin(admin_url, f'CREATE DATABASE "{name}"')
    scale_url = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["DATABASE_URL"] = scale_url
    return ScaleDatabase(url=scale_url, name=name, existed=existed, _admin_url=admin_url)
