"""The analysts' report: one self-contained HTML page (inline CSS and SVG, no script, nothing fetched).

:func:`collect` reads the period's articles matching a :class:`~newswatch.query.QuerySpec` once (no bodies; the
same indexed queries as ``newswatch query``) and the period's ``crawl_runs``, and computes every figure with
:mod:`newswatch.query`'s pure helpers; :func:`render_html` turns those figures into the page, the filters in its
header. :func:`describe_filters` words a spec's filters for a reader.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from string import Template

from newswatch.query import (
    OutletHealth,
    QuerySpec,
    RisingTerm,
    Story,
    crawl_health,
    days_between,
    find_articles,
    per_day_by_topic,
    per_outlet_and_language,
    rising_terms,
    syndicated_stories,
)
from newswatch.report._svg import grouped_bars_by_day, stacked_rows

logger = logging.getLogger(__name__)
_TEMPLATE = Path(__file__).with_name("template.html")
#: How many runs per outlet are read back to find the period's (a run every hour for a week is 168).
_RUNS_PER_OUTLET = 1000


@dataclass
class ReportData:
    since: datetime
    until: datetime
    generated_at: datetime
    store: str
    total: int = 0
    previous_total: int = 0
    days: list[date] = field(default_factory=list)
    per_day: dict[str, list[int]] = field(default_factory=dict)
    outlets: dict[str, dict[str, int]] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    syndicated_total: int = 0
    rising: list[RisingTerm] = field(default_factory=list)
    health: list[OutletHealth] | None = None
    health_error: str | None = None
    #: The filters besides the period, worded by :func:`describe_filters`; empty = every article.
    filters: list[str] = field(default_factory=list)
    #: Filters that cannot narrow the crawl health (runs belong to outlets, not articles).
    health_unfiltered: list[str] = field(default_factory=list)


def _published(doc: dict) -> datetime | None:
    value = doc.get("published_at")
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def describe_filters(spec: QuerySpec) -> list[str]:
    """The spec's filters besides the period and the limit, one phrase each, in the words of the report's header
    (``["topics: nato and ukraine", "outlets: herald or beta"]``); empty when it matches every article."""
    phrases = []
    for label, values, joiner in (("topic", spec.topics, " and "), ("outlet", spec.sources, " or "),
                                  ("language", spec.languages, " or "), ("author", spec.authors, " or ")):
        if values:
            phrases.append(f"{label}{'s' if len(values) > 1 else ''}: {joiner.join(values)}")
    for label, values in (("section", spec.sections), ("not in section", spec.not_sections)):
        if values:
            phrases.append(f"{label}{'s' if len(values) > 1 and label == 'section' else ''}: {' or '.join(values)}")
    words = spec.words()
    if words:
        phrases.append(f"words in title or body: {' and '.join(words)}")
    if spec.exclude and spec.excluded():
        phrases.append(f"none of: {' or '.join(' '.join(t.written) for t in spec.excluded())}")
    if spec.revised is True:
        phrases.append("revised articles only")
    elif spec.revised is False:
        phrases.append("unrevised articles only")
    if spec.syndicated is True:
        phrases.append("syndicated copies only")
    elif spec.syndicated is False:
        phrases.append("first copies only (no syndicated copy)")
    return phrases


def collect(store, state, spec: QuerySpec, *, now: datetime | None = None, top_stories: int = 10,
            top_terms: int = 15) -> ReportData:
    """Every figure of the report over the articles ``spec`` matches in ``[spec.since, spec.until)`` (both
    required), compared with the articles it matches in the period of the same length before.

    ``state``: a :mod:`newswatch.state` object for the crawl health (narrowed by ``spec.sources`` only), or None
    when unavailable. ``spec.limit`` is ignored: a report counts every matching article.
    """
    since, until = spec.since, spec.until
    if since is None or until is None:
        raise ValueError("a report needs both ends of its period")
    previous_since = since - (until - since)
    # One indexed query for both periods: the same filters, the window widened back to the previous period.
    docs = list(find_articles(store, replace(spec, since=previous_since, limit=None), body=False))
    current = [d for d in docs if (_published(d) or previous_since) >= since]
    previous = [d for d in docs if (_published(d) or since) < since]
    data = ReportData(since, until, now or datetime.now(UTC), store.describe(), len(current), len(previous))
    data.filters = describe_filters(spec)
    data.health_unfiltered = describe_filters(replace(spec, sources=()))
    data.days = days_between(since, until)
    data.per_day = per_day_by_topic(current, data.days)
    data.outlets = per_outlet_and_language(current)
    every_story = syndicated_stories(current, top=len(current))
    data.syndicated_total = len(every_story)
    data.stories = every_story[:top_stories]
    # One headline per story: ten outlets running the same wire copy is one story, not a trend.
    data.rising = rising_terms((d.get("title") or "" for d in _one_per_story(current)),
                               (d.get("title") or "" for d in _one_per_story(previous)), top=top_terms)
    if state is not None:
        try:
            outlets = [o for o in state.last_runs() if not spec.sources or o in spec.sources]
            runs = [run for outlet in outlets for run in state.recent_runs(outlet, _RUNS_PER_OUTLET)
                    if isinstance(run.get("finished_at"), datetime) and since <= _aware(run["finished_at"]) < until]
            data.health = crawl_health(runs)
        except Exception as exc:  # any driver error: the report still shows the articles
            logger.warning("cannot read crawl_runs: %s", exc)
            data.health_error = f"crawl_runs could not be read ({type(exc).__name__})"
    else:
        data.health_error = "crawl_runs could not be opened"
    return data


def _one_per_story(docs: list[dict]) -> list[dict]:
    seen: dict[str, dict] = {}
    for doc in docs:
        seen.setdefault(doc.get("story_id") or doc.get("url_key") or str(id(doc)), doc)
    return list(seen.values())


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "undated"


def _table(header: list[tuple[str, bool]], rows: list[list[str]], table_id: str) -> str:
    """``header``: (label, numeric); the cells are already escaped HTML."""
    head = "".join(f'<th{" class=num" if num else ""}>{escape(label)}</th>' for label, num in header)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if header[i][1] else ""}>{cell}</td>' for i, cell in enumerate(row))
        + "</tr>" for row in rows)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _empty(text: str) -> str:
    return f'<p class="empty">{escape(text)}</p>'


def _per_day_table(data: ReportData) -> str:
    header = [("day", False), *((topic, True) for topic in data.per_day)]
    rows = [[f"{day:%a %Y-%m-%d}", *(str(data.per_day[t][i]) for t in data.per_day)]
            for i, day in enumerate(data.days)]
    return _table(header, rows, "per-day-table")


def _outlet_table(data: ReportData) -> str:
    languages = list(dict.fromkeys(lang for counts in data.outlets.values() for lang in counts))
    header = [("outlet", False), *((lang, True) for lang in languages), ("total", True)]
    rows = [[escape(outlet), *(str(counts.get(lang, 0)) for lang in languages), str(sum(counts.values()))]
            for outlet, counts in data.outlets.items()]
    return _table(header, rows, "outlet-table")


def _stories_table(data: ReportData) -> str:
    if not data.stories:
        return _empty("No story was carried by more than one outlet in this period"
                      + (" among the matching articles." if data.filters else "."))
    rows = []
    for story in data.stories:
        first = story.first
        title = f'<a href="{escape(first.url, quote=True)}">{escape(first.title or "(untitled)")}</a>'
        carried = ", ".join(
            f'<a href="{escape(c.url, quote=True)}" title="{escape(_when(c.published_at))}">{escape(c.source)}</a>'
            for c in story.copies)
        rows.append([title, escape(first.source), escape(_when(first.published_at)), str(len(story.outlets)),
                     f'<span class="outlets">{carried}</span>'])
    header = [("story (first copy)", False), ("first outlet", False), ("first published", False),
              ("outlets", True), ("carried by, in order", False)]
    return _table(header, rows, "syndicated-table")


def _rising_table(data: ReportData) -> str:
    if not data.rising:
        return _empty("No headline word is used noticeably more than in the previous period.")
    rows = [[escape(t.term), str(t.current), str(t.previous), "new" if t.ratio is None else f"{t.ratio:.2f}"]
            for t in data.rising]
    return _table([("term", False), ("now", True), ("before", True), ("ratio", True)], rows, "rising-table")


def _health_table(data: ReportData) -> str:
    if data.health is None:
        return _empty(data.health_error or "No crawl runs recorded.")
    if not data.health:
        return _empty("No crawl ran in this period" + (" for these outlets." if data.filters else "."))
    rows = []
    for h in data.health:
        status = escape(h.last_status or "?")
        alarms = "".join(f'<div class="alarms">{escape(a)}</div>' for a in h.last_alarms)
        rows.append([escape(h.outlet), str(h.runs), str(h.ok), str(h.alarm), str(h.failed), str(h.stored),
                     str(h.updated), str(h.fetched), str(h.errors), escape(_when(h.last_finished_at)),
                     f'<span class="status-{status}">{status}</span>{alarms}'])
    header = [("outlet", False), ("runs", True), ("ok", True), ("alarm", True), ("failed", True), ("new", True),
              ("updated", True), ("fetched", True), ("errors", True), ("last run", False), ("last status", False)]
    return _table(header, rows, "health-table")


def _filters_html(data: ReportData) -> str:
    if not data.filters:
        return "Every stored article (no filter)."
    phrases = " &middot; ".join(f'<span class="filter">{escape(phrase)}</span>' for phrase in data.filters)
    return f"<b>Only the articles matching</b> {phrases}: every figure below, the previous period's too, counts these."


def _health_note(data: ReportData) -> str:
    if data.health is None or not data.health_unfiltered:
        return ""
    return ('<p class="meta">Crawl runs belong to outlets, not to articles: of the filters, only the outlet filter'
            " narrows this section.</p>")


def render_html(data: ReportData) -> str:
    days = (data.until - data.since).total_seconds() / 86400
    title = f"newswatch: {data.since:%d %b} – {(data.until):%d %b %Y}"
    if data.filters:
        title += " · " + "; ".join(data.filters)
    period = f"{_when(data.since)} to {_when(data.until)}"
    has_articles = bool(data.total)
    values = {
        "title": escape(title),
        "period_text": escape(period),
        "generated_text": escape(_when(data.generated_at)),
        "store": escape(data.store),
        "filters": _filters_html(data),
        "total": str(data.total),
        "previous_total": str(data.previous_total),
        "period_days": f"{days:g}",
        "outlet_count": str(len(data.outlets)),
        "syndicated_count": str(data.syndicated_total),
        "per_day_chart": grouped_bars_by_day(data.days, data.per_day, element_id="chart-per-day",
                                             title="Articles per day and topic") if has_articles
        else _empty(f"No {'matching ' if data.filters else ''}article was published in this period."),
        "per_day_table": _per_day_table(data),
        "outlet_chart": stacked_rows(data.outlets, element_id="chart-outlets",
                                     title="Articles per outlet, by language") if has_articles else "",
        "outlet_table": _outlet_table(data) if has_articles else "",
        "syndicated_table": _stories_table(data),
        "rising_table": _rising_table(data),
        "health_table": _health_table(data),
        "health_note": _health_note(data),
    }
    return Template(_TEMPLATE.read_text(encoding="utf-8")).substitute(values)
