"""What the report shows, computed from plain documents (pure: no store, no I/O but the stopword file).

The report fetches the period's articles once (without bodies) and hands them here, so both stores give
the same figures by construction and the figures are easy to test.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

NO_TOPIC = "(no topic)"
_STOPWORDS = Path(__file__).with_name("stopwords.txt")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


def _utc(value) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def days_between(since: datetime, until: datetime) -> list[date]:
    """Every UTC calendar day touched by ``[since, until)``."""
    first, last = since.astimezone(UTC).date(), (until.astimezone(UTC) - timedelta(microseconds=1)).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def per_day_by_topic(docs: Iterable[Mapping], days: Sequence[date]) -> dict[str, list[int]]:
    """``{topic: [articles on each of days]}``; an article counts once under each of its topics, and under
    :data:`NO_TOPIC` when it has none. Topics are sorted by total, largest first."""
    index = {day: n for n, day in enumerate(days)}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for doc in docs:
        published = _utc(doc.get("published_at"))
        if published is None or published.date() not in index:
            continue
        topics = [t for t in doc.get("topic_names") or [] if isinstance(t, str)] or [NO_TOPIC]
        for topic in dict.fromkeys(topics):
            series[topic][index[published.date()]] += 1
    return dict(sorted(series.items(), key=lambda item: (-sum(item[1]), item[0] == NO_TOPIC, item[0])))


def per_outlet_and_language(docs: Iterable[Mapping]) -> dict[str, dict[str, int]]:
    """``{source: {language: articles}}``, outlets by total, largest first; a missing language is ``"?"``."""
    table: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        table[doc.get("source") or "?"][doc.get("language") or "?"] += 1
    ordered = sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {source: dict(counts.most_common()) for source, counts in ordered}


@dataclass
class Copy:
    source: str
    published_at: datetime | None
    title: str
    url: str
    syndicated: bool


@dataclass
class Story:
    story_id: str
    copies: list[Copy] = field(default_factory=list)

    @property
    def first(self) -> Copy:
        return self.copies[0]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(copy.source for copy in self.copies))


def syndicated_stories(docs: Iterable[Mapping], top: int = 10) -> list[Story]:
    """Stories carried by more than one outlet (a ``story_id`` shared by a syndicated copy), the most widely
    carried first. Each story's copies are in publication order, so ``first`` is the outlet that broke it."""
    clusters: dict[str, list[Mapping]] = defaultdict(list)
    for doc in docs:
        if doc.get("story_id"):
            clusters[doc["story_id"]].append(doc)
    stories = []
    far_future = datetime.max.replace(tzinfo=UTC)
    for story_id, members in clusters.items():
        if not any(m.get("syndicated") for m in members) or len({m.get("source") for m in members}) < 2:
            continue
        members.sort(key=lambda m: (_utc(m.get("published_at")) or far_future, bool(m.get("syndicated"))))
        stories.append(Story(story_id, [
            Copy(m.get("source") or "?", _utc(m.get("published_at")), m.get("title") or "", m.get("url") or "",
                 bool(m.get("syndicated"))) for m in members]))
    stories.sort(key=lambda s: (-len(s.outlets), -len(s.copies), s.first.published_at or far_future, s.story_id))
    return stories[:top]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The words never reported as rising (``stopwords.txt``: whitespace-separated, ``#`` comments)."""
    words: set[str] = set()
    for line in _STOPWORDS.read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


def title_terms(title: str, stop: frozenset[str] | None = None) -> set[str]:
    """The distinct words of a headline worth counting: lower-cased, 3+ letters, not a stopword."""
    stop = stopwords() if stop is None else stop
    return {w for w in (t.lower().strip("'’-") for t in _TOKEN.findall(title or "")) if len(w) >= 3 and w not in stop}


@dataclass(frozen=True)
class RisingTerm:
    term: str
    current: int
    previous: int
    ratio: float | None


def rising_terms(current_titles: Iterable[str], previous_titles: Iterable[str], *, top: int = 15,
                 min_count: int = 2, stop: frozenset[str] | None = None) -> list[RisingTerm]:
    """Headline words used more this period than the one before.

    ``current`` / ``previous``: how many headlines of each period use the word. ``ratio`` compares their
    shares of each period's headlines, add-one smoothed so a new word gets a finite ratio and a period with
    fewer articles is not mistaken for a fall: ``((cur+1)/(N_cur+1)) / ((prev+1)/(N_prev+1))``; rising means
    above 1. With no headline at all in the previous period there is nothing to compare with: every word is
    new, ``ratio`` is None and the most used come first. Words in fewer than ``min_count`` headlines this
    period are noise and left out.
    """
    current_df: Counter = Counter()
    previous_df: Counter = Counter()
    n_current = n_previous = 0
    for title in current_titles:
        n_current += 1
        current_df.update(title_terms(title, stop))
    for title in previous_titles:
        n_previous += 1
        previous_df.update(title_terms(title, stop))
    terms = []
    for term, count in current_df.items():
        if count < min_count:
            continue
        if not n_previous:
            terms.append(RisingTerm(term, count, 0, None))
            continue
        ratio = ((count + 1) / (n_current + 1)) / ((previous_df[term] + 1) / (n_previous + 1))
        if ratio > 1:
            terms.append(RisingTerm(term, count, previous_df[term], round(ratio, 2)))
    terms.sort(key=lambda t: (-(t.ratio or 0), -t.current, t.term))
    return terms[:top]


@dataclass
class OutletHealth:
    outlet: str
    runs: int = 0
    ok: int = 0
    alarm: int = 0
    failed: int = 0
    stored: int = 0
    updated: int = 0
    fetched: int = 0
    errors: int = 0
    last_finished_at: datetime | None = None
    last_status: str | None = None
    last_alarms: list[str] = field(default_factory=list)


def crawl_health(runs: Iterable[Mapping]) -> list[OutletHealth]:
    """Per outlet, from its ``crawl_runs`` documents: run outcomes, totals, and its newest run's alarms."""
    health: dict[str, OutletHealth] = {}
    for run in sorted(runs, key=lambda r: _utc(r.get("finished_at")) or datetime.min.replace(tzinfo=UTC)):
        outlet = str(run.get("outlet") or "?")
        row = health.setdefault(outlet, OutletHealth(outlet))
        counts = run.get("counts") or {}
        status = run.get("status")
        row.runs += 1
        if status in ("ok", "alarm", "failed"):
            setattr(row, status, getattr(row, status) + 1)
        for name in ("stored", "updated", "fetched"):
            value = counts.get(name)
            setattr(row, name, getattr(row, name) + (value if isinstance(value, int) else 0))
        errors = counts.get("error_count")
        row.errors += errors if isinstance(errors, int) else 0
        row.last_finished_at = _utc(run.get("finished_at"))
        row.last_status = status
        row.last_alarms = [f"{a.get('kind')}: {a.get('message')}" for a in run.get("alarms") or []
                           if isinstance(a, Mapping)]
    return sorted(health.values(), key=lambda h: h.outlet)
