"""The embedded store's analyst indexes: topics by date, and full text over title and body (FTS5).

Both are kept in step with ``articles`` by triggers, so every writer (crawler, tests, a hand-written
``UPDATE``) keeps them right without calling anything.

``article_topics (topic, published_at, article_id)``
    One row per entry of ``topic_names``. A JSON array inside ``doc`` cannot be indexed in SQLite (an
    expression index holds one value per row), so this side table is the equivalent of MongoDB's multikey
    index on ``(topic_names, published_at)``: "NATO stories this week, newest first" is one index range scan.
    An undated article is kept with ``''`` (a primary key column cannot be NULL), below every date.
``articles_fts``
    FTS5 over ``title`` and ``body`` with ``articles_text`` (a view over ``doc``) as its external content,
    so the text is not stored twice; the ``unicode61`` tokenizer folds case and diacritics in every
    script (``НАТО`` matches ``нато``), and the indexed text has ё/е and the apostrophes (’ ʼ ‘ `) folded
    (``newswatch/query/search_forms.yaml``), so ``самолеты`` finds ``самолёты``. No stemming in the index:
    ``newswatch query --text`` turns a word into a prefix of its stem (``Харкові`` -> ``харк*``). A file
    indexed before the folding is re-indexed once when opened.
"""

from __future__ import annotations

import re
import sqlite3

_OBJECTS = """
CREATE TABLE IF NOT EXISTS article_topics (
    topic        TEXT NOT NULL,
    published_at TEXT,
    article_id   INTEGER NOT NULL,
    PRIMARY KEY (topic, published_at, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_topics_article_id ON article_topics (article_id);
CREATE VIEW IF NOT EXISTS articles_text (id, title, body) AS
    SELECT id, {title(doc)}, {body(doc)} FROM articles;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles_text', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.id, {title(new.doc)}, {body(new.doc)});
    INSERT OR IGNORE INTO article_topics (topic, published_at, article_id)
        SELECT value, coalesce(new.published_at, ''), new.id FROM json_each(new.doc, '$.topic_names')
        WHERE type = 'text';
END;
CREATE TRIGGER IF NOT EXISTS articles_search_update AFTER UPDATE OF doc ON articles
WHEN json_extract(old.doc, '$.title') IS NOT json_extract(new.doc, '$.title')
    OR json_extract(old.doc, '$.body') IS NOT json_extract(new.doc, '$.body') BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, {title(old.doc)}, {body(old.doc)});
    INSERT INTO articles_fts (rowid, title, body)
        VALUES (new.id, {title(new.doc)}, {body(new.doc)});
END;
CREATE TRIGGER IF NOT EXISTS articles_topics_update AFTER UPDATE OF doc, published_at ON articles
WHEN old.published_at IS NOT new.published_at
    OR json_extract(old.doc, '$.topic_names') IS NOT json_extract(new.doc, '$.topic_names') BEGIN
    DELETE FROM article_topics WHERE article_id = old.id;
    INSERT OR IGNORE INTO article_topics (topic, published_at, article_id)
        SELECT value, coalesce(new.published_at, ''), new.id FROM json_each(new.doc, '$.topic_names')
        WHERE type = 'text';
END;
CREATE TRIGGER IF NOT EXISTS articles_search_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.id, {title(old.doc)}, {body(old.doc)});
    DELETE FROM article_topics WHERE article_id = old.id;
END;
"""

def _objects() -> str:
    """The schema, with the folding of ``search_forms.yaml`` applied to the indexed title and body."""
    from newswatch.query._text import fold_sql  # here: newswatch.query imports the storage package

    def fill(match) -> str:
        field, doc = match[1], match[2]
        return fold_sql(f"json_extract({doc}, '$.{field}')")
    return re.sub(r"\{(title|body)\(((?:new\.|old\.)?doc)\)\}", fill, _OBJECTS)


_BACKFILL = """
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
DELETE FROM article_topics;
INSERT OR IGNORE INTO article_topics (topic, published_at, article_id)
    SELECT t.value, coalesce(a.published_at, ''), a.id FROM articles AS a, json_each(a.doc, '$.topic_names') AS t
    WHERE t.type = 'text';
"""


def ensure_search_indexes(conn: sqlite3.Connection) -> None:
    """Create the side table, the FTS5 index and their triggers (idempotent).

    A database written before they existed is indexed once, in the same write transaction that creates
    them, so a concurrent writer can never slip an article in between and be missed.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        exists = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('articles_fts', 'articles_search_update')"
        ).fetchone()[0] == 2
        objects = _objects()
        if not exists:
            for statement in _split(objects):
                conn.execute(statement)
            for statement in _split(_BACKFILL):
                conn.execute(statement)
        else:
            _replace_changed_triggers(conn, objects)
            _refold_text(conn, objects)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _refold_text(conn: sqlite3.Connection, objects: str) -> None:
    """A file indexed before ё and the apostrophes were folded (2026-11-28) gets the folding view and is
    re-indexed from it, once."""
    wanted = next(s for s in _split(objects) if s.startswith("CREATE VIEW")).replace(" IF NOT EXISTS", "", 1)
    stored = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'articles_text'").fetchone()
    if stored is None or stored[0] != wanted.rstrip(";"):
        conn.execute("DROP VIEW IF EXISTS articles_text")
        conn.execute(wanted)
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _replace_changed_triggers(conn: sqlite3.Connection, objects: str) -> None:
    """Bring the triggers of an indexed file to this version's definitions (before 2026-11-27 one update
    trigger re-indexed the text on every write, even a revisit that changed only ``last_seen_at``)."""
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    for statement in _split(objects):
        if not statement.startswith("CREATE TRIGGER"):
            continue
        name = statement.split()[5]
        wanted = statement.replace(" IF NOT EXISTS", "", 1).rstrip(";")
        if stored.get(name) != wanted:
            if name in stored:
                conn.execute(f"DROP TRIGGER {name}")
            conn.execute(statement)


def _split(script: str) -> list[str]:
    """Statements of ``script`` (``executescript`` would commit the open transaction)."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements
