"""One filter spec, two translations: a MongoDB filter document and a SQL WHERE clause over ``articles``.

Pure: no store access here. Both translations mean the same thing, field by field:

* ``topics``: every topic listed must be in ``topic_names`` (AND);
* ``sources``, ``languages``: any of the values listed (OR);
* ``authors``: any of the names listed (SQLite: by their words, any case and script; MongoDB: exactly);
* ``since`` (inclusive) / ``until`` (exclusive): ``published_at``, so undated articles never match a range;
* ``text``: every word or "phrase" must occur in the title or the body (case, diacritics, ё/е and apostrophes
  folded; with ``forms``, an unquoted word matches the forms of its stem and the other spellings of a name, see
  :mod:`newswatch.query._text`; MongoDB reads the words in ``search_stems``, the phrases in its text index);
* ``exclude``: none of these words or phrases may occur (same matching as ``text``);
* ``sections`` (any of) / ``not_sections`` (none of): the outlet's ``section``, as written, in lower case,
  Capitalised, Title Case or UPPER CASE;
* ``revised``: True = only articles whose body changed after they were first stored (``revision`` > 1);
* ``syndicated``: True = only later copies of a story first stored elsewhere; False = only first copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache

from newswatch.query._text import Term, fts_expression, mongo_search, mongo_words, name_words, parse_terms

_RELATIVE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class QuerySpec:
    """Which articles: every field left empty matches everything."""

    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None
    syndicated: bool | None = None
    limit: int | None = None
    exclude: str | None = None
    sections: tuple[str, ...] = ()
    not_sections: tuple[str, ...] = ()
    revised: bool | None = None
    forms: bool = False  # --text: a word finds its inflected forms and other spellings; else as written

    def words(self) -> list[str]:
        """The words of ``text`` (punctuation dropped), each of which must match."""
        return _WORD.findall(self.text or "")

    def terms(self) -> list[Term]:
        """The folded words and phrases of ``text`` (see :func:`newswatch.query._text.parse_terms`)."""
        return parse_terms(self.text, self.forms)

    def excluded(self) -> list[Term]:
        return parse_terms(self.exclude, self.forms)


def parse_time(value: str, now: datetime | None = None, *, end: bool = False, zone: tzinfo | None = None) -> datetime:
    """``"7d"``, ``"48h"``, ``"2w"`` (that long before ``now``), or an ISO date / datetime, as UTC.

    A bare date is midnight, or with ``end=True`` the next midnight, so ``--until 2026-11-20`` includes
    the 20th. Bare dates and datetimes without an offset are in ``zone`` (default UTC): with
    ``ZoneInfo("Europe/Kyiv")`` a day is a Kyiv day. Raises ValueError for anything else.
    """
    zone = zone or UTC
    now = now or datetime.now(UTC)
    text = (value or "").strip()
    match = _RELATIVE.match(text)
    if match:
        return now - int(match[1]) * _UNITS[match[2].lower()]
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date, a datetime or a duration like 7d/48h/2w: {value!r}") from None
    if len(text) == 10:  # a bare date
        parsed = datetime.combine(parsed.date() + (timedelta(days=1) if end else timedelta()), time())
    return (parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed).astimezone(UTC)


def text_search(words: list[str]) -> str:
    """MongoDB ``$search`` string: each word quoted, because quoted phrases are ANDed (bare words are ORed)."""
    if len(words) == 1:
        return words[0]
    return " ".join(f'"{word}"' for word in words)


def fts_match(words: list[str]) -> str:
    """FTS5 MATCH expression: each word a quoted string (no operators can sneak in), implicitly ANDed."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def mongo_filter(spec: QuerySpec) -> dict:
    query: dict = {}
    if spec.topics:
        query["topic_names"] = spec.topics[0] if len(spec.topics) == 1 else {"$all": list(spec.topics)}
    for field, values in (("source", spec.sources), ("language", spec.languages)):
        if values:
            query[field] = values[0] if len(values) == 1 else {"$in": list(values)}
    if spec.authors:  # as written: the folding of the embedded store (author_matches) is a Python function
        query["authors"] = spec.authors[0] if len(spec.authors) == 1 else {"$in": list(spec.authors)}
    if spec.sections:
        query["section"] = {"$in": _spellings(spec.sections)}
    if spec.not_sections:
        query.setdefault("$and", []).append({"section": {"$nin": _spellings(spec.not_sections)}})
    if spec.revised is True:
        query["revision"] = {"$gt": 1}
    elif spec.revised is False:
        query.setdefault("$and", []).append({"$or": [{"revision": {"$lte": 1}}, {"revision": None}]})
    published: dict = {}
    if spec.since is not None:
        published["$gte"] = spec.since
    if spec.until is not None:
        published["$lt"] = spec.until
    if published:
        query["published_at"] = published
    if spec.syndicated is True:
        query["syndicated"] = True
    elif spec.syndicated is False:
        query["syndicated"] = {"$ne": True}
    terms, excluded = spec.terms(), spec.excluded()
    # Words by their stems in the store's search_stems (MongoStore), as FTS5 reads them on SQLite; phrases by the
    # text index, as written (one $text a query: its quoted phrases are ANDed). $in even for one value: the same
    # plan in MongoDB, and the nx-27017 test stand-in's find matches no array element by plain equality.
    phrases = [t for t in terms if mongo_words(t) is None]
    for term in terms:
        if (words := mongo_words(term)) is not None:
            query.setdefault("$and", []).append({"search_stems": {"$in": words}})
    if phrases:
        query["$text"] = {"$search": mongo_search(phrases, [])}
    unwanted = [w for t in excluded for w in mongo_words(t) or ()]
    if unwanted:
        query.setdefault("$and", []).append({"search_stems": {"$nin": list(dict.fromkeys(unwanted))}})
    if any(mongo_words(t) is None for t in excluded):  # an excluded phrase: as written, in neither field (a scan)
        query.setdefault("$and", []).extend(
            {field: {"$not": re.compile(re.escape(" ".join(t.written)), re.IGNORECASE)}}
            for t in excluded if mongo_words(t) is None for field in ("title", "body"))
    return query


def _spellings(names: tuple[str, ...]) -> list[str]:
    """A section as outlets capitalise it (Sport, sport, SPORT, World News): an index-friendly ``$in`` rather
    than a case-insensitive regular expression."""
    return list(dict.fromkeys(form for name in names
                              for form in (name.strip(), name.strip().lower(), name.strip().capitalize(),
                                           name.strip().title(), name.strip().upper())))


def author_matches(stored: str, wanted: str) -> bool:
    """``--author`` on the embedded store (registered as ``nw_author_matches``): every word of ``wanted`` is a
    word of ``stored``, in any case, ё as е and across scripts (both read in Latin letters: Шуміленко,
    Шумиленко and Shumilenko are one surname; a forename's Ukrainian, Russian and English forms are one:
    Олександр, Александр, Oleksandr). MongoDB matches the name as written."""
    if not isinstance(stored, str) or not isinstance(wanted, str):
        return False
    words = _latin_words(stored)
    return all(w in words for w in _latin_words(wanted))


@lru_cache(maxsize=65536)  # bylines repeat: an outlet has a few hundred writers
def _latin_words(name: str) -> frozenset[str]:
    return name_words(name)


def _iso(value: datetime) -> str:
    # The same fixed-width form SqliteStore writes, so text comparison is chronological.
    return value.astimezone(UTC).isoformat(timespec="milliseconds")


def _marks(values) -> str:
    return ",".join("?" * len(values))


def sql_where(spec: QuerySpec, alias: str = "a") -> tuple[str, list]:
    """``(condition, parameters)`` over ``articles AS <alias>``; ``"1"`` when the spec matches everything."""
    conditions: list[str] = []
    params: list = []
    since = _iso(spec.since) if spec.since is not None else None
    until = _iso(spec.until) if spec.until is not None else None
    terms, excluded = spec.terms(), spec.excluded()
    words = terms
    # One condition drives the query: the words (FTS5) when there are any, since they are rarer than a topic;
    # else the first topic, through article_topics' primary key (topic, published_at) with the date bounds on
    # it (it holds each article's published_at), so they are not repeated outside and the planner starts from
    # the topic's rows in the window rather than from every article in it. Other topics are checked per
    # article (index on article_id).
    drive_by_topic = bool(spec.topics) and not words
    if drive_by_topic:
        sub = "SELECT article_id FROM article_topics WHERE topic = ?"
        params.append(spec.topics[0])
        if since is not None:
            sub += " AND published_at >= ?"
            params.append(since)
        if until is not None:
            sub += " AND published_at < ?" + (" AND published_at > ''" if since is None else "")  # '' = undated
            params.append(until)
        conditions.append(f"{alias}.id IN ({sub})")
    for topic in spec.topics[1:] if drive_by_topic else spec.topics:
        conditions.append(f"EXISTS (SELECT 1 FROM article_topics AS t WHERE t.article_id = {alias}.id"
                          " AND t.topic = ?)")
        params.append(topic)
    for column, values in (("source", spec.sources), ("language", spec.languages)):
        if values:
            conditions.append(f"{alias}.{column} IN ({_marks(values)})")
            params.extend(values)
    if spec.authors:
        conditions.append(f"EXISTS (SELECT 1 FROM json_each({alias}.doc, '$.authors') AS au WHERE "
                          + " OR ".join(["nw_author_matches(au.value, ?)"] * len(spec.authors)) + ")")
        params.extend(spec.authors)
    for values, negate in ((spec.sections, ""), (spec.not_sections, "NOT ")):
        if values:  # SQLite's lower() folds only ASCII: the spellings of Спорт, as in MongoDB
            spellings = _spellings(values)
            conditions.append(f"coalesce(json_extract({alias}.doc, '$.section'), '') {negate}IN ({_marks(spellings)})")
            params.extend(spellings)
    if spec.revised is True:
        conditions.append(f"{alias}.revision > 1")
    elif spec.revised is False:
        conditions.append(f"coalesce({alias}.revision, 1) <= 1")
    if since is not None and not drive_by_topic:
        conditions.append(f"{alias}.published_at >= ?")
        params.append(since)
    if until is not None and not drive_by_topic:
        conditions.append(f"{alias}.published_at < ?")
        params.append(until)
    if spec.syndicated is True:
        conditions.append(f"json_extract({alias}.doc, '$.syndicated') = 1")
    elif spec.syndicated is False:
        conditions.append(f"coalesce(json_extract({alias}.doc, '$.syndicated'), 0) != 1")
    if terms:
        conditions.append(f"{alias}.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_expression(terms))
    if excluded:
        conditions.append(f"{alias}.id NOT IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_expression(excluded, any_of=True))
    return (" AND ".join(conditions) or "1"), params
