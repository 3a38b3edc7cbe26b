"""``newswatch report``: the figures (pure helpers), and the page itself rendered in headless Chromium over stores
filled by real crawls of the mock sites, its numbers checked against the store."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import lxml.html
import pytest

from newswatch.cli import main
from newswatch.query import (
    NO_TOPIC,
    QuerySpec,
    crawl_health,
    days_between,
    per_day_by_topic,
    rising_terms,
    syndicated_stories,
    title_terms,
)
from newswatch.report import collect, describe_filters
from newswatch.state import SqliteState
from newswatch.storage import SqliteStore
from tests._analyst_store import analyst_crawls_fixture, crawled_fixture  # noqa: F401 - fixtures
from tests._mongo_server import nx_server_fixture  # noqa: F401
from tests.test_query import _corpus as query_corpus
from tests.test_query import _matches
from tests.test_query_cli import FILTERS as QUERY_FILTERS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


# --- the figures ---------------------------------------------------------------------------------------------

def test_days_between_covers_every_touched_day():
    assert days_between(datetime(2026, 11, 20, 13, tzinfo=UTC), datetime(2026, 11, 27, 13, tzinfo=UTC)) == [
        date(2026, 11, d) for d in range(20, 28)]
    assert days_between(datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 22, tzinfo=UTC)) == [
        date(2026, 11, 20), date(2026, 11, 21)]


def test_per_day_by_topic_counts_each_topic_and_the_untagged():
    days = [date(2026, 11, 25), date(2026, 11, 26)]
    docs = [
        {"published_at": datetime(2026, 11, 25, 23, 59, tzinfo=UTC), "topic_names": ["nato", "ukraine"]},
        {"published_at": datetime(2026, 11, 26, 0, 1, tzinfo=UTC), "topic_names": ["ukraine", "ukraine"]},
        {"published_at": datetime(2026, 11, 26, 9, tzinfo=UTC), "topic_names": []},
        {"published_at": datetime(2026, 11, 24, 9, tzinfo=UTC), "topic_names": ["nato"]},  # outside the days
        {"published_at": None, "topic_names": ["nato"]},
    ]
    assert per_day_by_topic(docs, days) == {"ukraine": [1, 1], "nato": [1, 0], NO_TOPIC: [0, 1]}


def test_syndicated_stories_first_outlet_first_most_carried_first():
    def doc(story, source, hours, syndicated, title="t"):
        return {"story_id": story, "source": source, "published_at": NOW - timedelta(hours=hours),
                "syndicated": syndicated, "title": title, "url": f"https://{source}/{story}"}

    docs = [
        doc("wire-1", "kyivindependent", 5, True),  # picked up a copy stored earlier from Ukrinform
        doc("wire-1", "ukrinform", 7, False, "Ukrinform's original"),
        doc("wire-2", "moscowtimes", 3, False), doc("wire-2", "meduza_en", 2, True), doc("wire-2", "rferl", 1, True),
        doc("alone", "moscowtimes", 1, False),
        doc("same-outlet", "rferl", 2, False), doc("same-outlet", "rferl", 1, True),  # one outlet: not syndication
    ]
    stories = syndicated_stories(docs)
    assert [s.story_id for s in stories] == ["wire-2", "wire-1"]
    assert stories[0].outlets == ["moscowtimes", "meduza_en", "rferl"]
    assert stories[1].first.source == "ukrinform" and stories[1].first.title == "Ukrinform's original"
    assert syndicated_stories(docs, top=1)[0].story_id == "wire-2"


def test_title_terms_skip_stopwords_numbers_and_short_words():
    assert title_terms("Kremlin says talks with Kyiv are 'not on the agenda' in 2026") == {
        "kremlin", "talks", "kyiv", "agenda"}
    assert title_terms("Зеленський заявив, що НАТО має посилити ППО") == {"зеленський", "нато", "посилити", "ппо"}


HEADLINES_BEFORE = [
    "Russian strikes hit Kharkiv energy grid", "NATO ministers meet in Brussels", "Kremlin rejects ceasefire talk",
    "Kharkiv residents shelter as drones return", "Ukraine grain exports rise", "Moldova election result disputed",
    "Zelensky visits front-line troops", "NATO ministers discuss air defence",
]
HEADLINES_NOW = [
    "Kharkiv power restored after drone strikes", "Hungary blocks EU sanctions package",
    "EU sanctions package targets shadow fleet", "Shadow fleet tanker detained off Estonia",
    "Shadow fleet: Finland seizes cable-cutting ship", "NATO ministers back Baltic patrols",
    "Zelensky urges faster sanctions", "Black Sea grain corridor busier than ever",
]


def test_rising_terms_are_the_new_words_of_the_week():
    terms = rising_terms(HEADLINES_NOW, HEADLINES_BEFORE, min_count=2)
    by_term = {t.term: t for t in terms}
    # "shadow fleet" and "sanctions" appear this week only; "kharkiv" (2 -> 1) and "ministers" (2 -> 1) fell.
    assert list(by_term)[:4] == ["fleet", "sanctions", "shadow", "package"]  # ties: alphabetical
    assert by_term["sanctions"].current == 3 and by_term["sanctions"].previous == 0
    assert by_term["sanctions"].ratio == round((4 / 9) / (1 / 9), 2)
    assert "kharkiv" not in by_term and "ministers" not in by_term and "nato" not in by_term
    assert "the" not in by_term and "after" not in by_term


def test_rising_terms_without_a_previous_period_are_all_new():
    terms = rising_terms(HEADLINES_NOW, [], min_count=2)
    assert [t.term for t in terms][:3] == ["fleet", "sanctions", "shadow"] and all(t.ratio is None for t in terms)


def _run_doc(outlet, hours_ago, status="ok", stored=3, alarms=()):
    finished = NOW - timedelta(hours=hours_ago)
    return {"run_id": f"{outlet}-{hours_ago}", "outlet": outlet, "started_at": finished - timedelta(minutes=2),
            "finished_at": finished, "status": status,
            "finish_reason": "finished" if status != "failed" else "shutdown",
            "alarms": [{"kind": k, "message": m} for k, m in alarms],
            "counts": {"stored": stored, "updated": 1, "fetched": stored + 1, "error_count": 2 if alarms else 0}}


def test_crawl_health_totals_and_the_newest_runs_alarms():
    runs = [_run_doc("meduza_en", 30), _run_doc("meduza_en", 6, "alarm", 0, [("no_new_articles", "nothing new")]),
            _run_doc("moscowtimes", 10), _run_doc("moscowtimes", 4, "failed", 1)]
    health = {h.outlet: h for h in crawl_health(runs)}
    meduza = health["meduza_en"]
    assert (meduza.runs, meduza.ok, meduza.alarm, meduza.failed, meduza.stored, meduza.fetched, meduza.errors) == (
        2, 1, 1, 0, 3, 5, 2)
    assert meduza.last_status == "alarm" and meduza.last_alarms == ["no_new_articles: nothing new"]
    assert health["moscowtimes"].last_status == "failed" and health["moscowtimes"].failed == 1


# --- the page, in a real browser -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """The report opened in Chromium: what it requested, and helpers to read its tables."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1000, "height": 1400})
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri())

    def table(self, table_id: str) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            f"#{table_id} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")

    def header(self, table_id: str) -> list[str]:
        return self.page.eval_on_selector_all(f"#{table_id} thead th", "cells => cells.map(c => c.textContent.trim())")

    def bars(self, chart_id: str) -> list[dict]:
        return self.page.eval_on_selector_all(
            f"#{chart_id} rect.bar", "rects => rects.map(r => ({series: r.dataset.series, day: r.dataset.day, "
            "row: r.dataset.row, count: +r.dataset.count, height: r.getBBox().height, width: r.getBBox().width}))")

    def text(self, selector: str) -> str:
        return self.page.inner_text(selector).strip()


@pytest.fixture
def report(crawled, browser, tmp_path):
    out = tmp_path / "report.html"
    assert main(["report", "--since", "7d", "--out", str(out), *crawled.cli_args]) == 0
    page = Page(browser, out)
    yield page, out.read_text(encoding="utf-8")
    page.page.close()


def test_report_renders_offline_with_its_charts(report):
    page, html = report
    assert page.requests == [page.page.url]  # nothing fetched but the page itself
    assert not re.search(r"<script|<link|<img|@import|url\(", html, re.IGNORECASE)
    for chart in ("#chart-per-day", "#chart-outlets"):
        box = page.page.locator(chart).bounding_box()
        assert box and box["width"] > 600 and box["height"] > 80
    assert page.page.title().startswith("newswatch:")


def test_report_numbers_match_the_store(report, crawled):
    page, _ = report
    docs = crawled.documents()  # every article was published within the last day
    assert int(page.text("#total-articles")) == len(docs)
    assert int(page.text("#previous-articles")) == 0

    # Articles per day and topic: one bar per (day, topic); each bar's height is its count.
    bars = page.bars("chart-per-day")
    per_topic = Counter()
    for doc in docs:
        for topic in dict.fromkeys(doc["topic_names"] or [NO_TOPIC]):
            per_topic[(topic, doc["published_at"].date().isoformat())] += 1
    assert {(b["series"], b["day"]): b["count"] for b in bars if b["count"]} == dict(per_topic)
    assert len(bars) == 8 * len({t for t, _ in per_topic})  # 8 days touched by 7 x 24 h
    tallest = max(bars, key=lambda b: b["count"])
    assert tallest["height"] > 100
    for bar in bars:  # heights drawn to scale (to the 0.1 px the SVG is written with)
        assert bar["height"] == pytest.approx(tallest["height"] * bar["count"] / tallest["count"], abs=0.11)
    table_totals = {row[0][4:]: row[1:] for row in page.table("per-day-table")}
    topics = page.header("per-day-table")[1:]
    for (topic, day), count in per_topic.items():
        assert int(table_totals[day][topics.index(topic)]) == count

    # Per outlet and language.
    outlets = Counter((d["source"], d["language"]) for d in docs)
    languages = page.header("outlet-table")[1:-1]
    for outlet, *counts, total in page.table("outlet-table"):
        assert int(total) == sum(n for (s, _), n in outlets.items() if s == outlet)
        for language, count in zip(languages, counts, strict=True):
            assert int(count) == outlets[(outlet, language)]
    bar_counts = {(b["row"], b["series"]): b["count"] for b in page.bars("chart-outlets")}
    assert bar_counts == dict(outlets)


def test_report_syndicated_stories_name_the_first_outlet(report, crawled):
    page, _ = report
    docs = crawled.documents()
    copies = [d for d in docs if d.get("syndicated")]
    originals = {d["url_key"]: d for d in docs}
    rows = page.table("syndicated-table")
    assert int(page.text("#syndicated-count")) == len(rows) == len(copies) == 2
    expected = {originals[c["duplicate_of"]]["title"]: c for c in copies}
    for title, first_outlet, first_published, outlet_count, carried in rows:
        copy = expected[title]
        original = originals[copy["duplicate_of"]]
        assert first_outlet == original["source"] == "herald"
        assert first_published == original["published_at"].strftime("%Y-%m-%d %H:%M UTC")
        assert outlet_count == "2" and carried == "herald, beta"


def test_report_rising_terms_count_headlines_once_per_story(report, crawled):
    page, _ = report
    stories = {}
    for doc in crawled.documents():
        stories.setdefault(doc["story_id"], doc["title"])
    rows = page.table("rising-table")
    assert rows, "the crawl's headlines share words (defence, ukraine...)"
    for term, now, before, ratio in rows:
        assert int(now) == sum(term in title_terms(t) for t in stories.values()) >= 2
        assert before == "0" and ratio == "new"  # nothing was published the week before


def test_report_crawl_health_matches_crawl_runs(report, crawled):
    page, _ = report
    docs = crawled.documents()
    rows = {row[0]: row for row in page.table("health-table")}
    assert set(rows) == {"herald", "beta"}
    for outlet, row in rows.items():
        runs, ok, alarm, failed, new = map(int, row[1:6])
        assert (runs, ok, alarm, failed) == (1, 1, 0, 0)
        assert new == sum(1 for d in docs if d["source"] == outlet)
        assert row[-1] == "ok"


def test_report_health_from_inserted_runs_and_an_empty_period(tmp_path, browser):
    db = tmp_path / "newswatch.sqlite3"
    state = SqliteState(db)
    now = datetime.now(UTC)
    for doc in (_run_doc("meduza_en", 50), _run_doc("meduza_en", 2, "alarm", 0, [("no_new_articles", "0 new")])):
        doc["finished_at"] = now - (NOW - doc["finished_at"])
        state.record_run(doc)
    state.record_run({**_run_doc("rferl", 1), "finished_at": now - timedelta(days=9)})  # before the period
    state.close()
    out = tmp_path / "r.html"
    assert main(["report", "--since", "48h", "--out", str(out), "--db-path", str(db)]) == 0
    page = Page(browser, out)
    assert page.text("#total-articles") == "0"
    assert "No article was published in this period." in page.text("#per-day")
    assert page.page.locator("#chart-per-day").count() == 0
    rows = page.table("health-table")
    assert [r[:6] for r in rows] == [["meduza_en", "1", "0", "1", "0", "0"]]
    assert "no_new_articles: 0 new" in rows[0][-1]
    page.page.close()


def test_report_refuses_an_empty_period(tmp_path):
    assert main(["report", "--since", "2026-11-20", "--until", "2026-11-19T00:00", "--db-path",
                 str(tmp_path / "x.sqlite3"), "--out", str(tmp_path / "r.html")]) == 2


# --- the report over a slice: the query filters ----------------------------------------------------------------

class Html:
    """A written report read with lxml (what the browser shows as text; the browser tests above check rendering)."""

    def __init__(self, path: Path):
        self.tree = lxml.html.fromstring(path.read_bytes())

    def table(self, table_id: str) -> list[list[str]]:
        return [[cell.text_content().strip() for cell in row.xpath("./td")]
                for row in self.tree.xpath(f'//*[@id="{table_id}"]/tbody/tr')]

    def header(self, table_id: str) -> list[str]:
        return [cell.text_content().strip() for cell in self.tree.xpath(f'//*[@id="{table_id}"]/thead/tr/th')]

    def bars(self, chart_id: str) -> list[dict]:
        return [{"series": r.get("data-series"), "day": r.get("data-day"), "row": r.get("data-row"),
                 "count": int(r.get("data-count"))} for r in self.tree.xpath(f'//*[@id="{chart_id}"]//*[@class="bar"]')]

    def text(self, element_id: str) -> str:
        return " ".join(self.tree.get_element_by_id(element_id).text_content().split())


def _report(crawled, tmp_path: Path, *args: str) -> Html:
    out = tmp_path / "slice.html"
    assert main(["report", *args, "--out", str(out), *crawled.cli_args]) == 0
    return Html(out)


def _stories(docs: list[dict]) -> dict[str, list[dict]]:
    """Stories carried by several outlets among ``docs``: first copy's title -> copies in publication order."""
    by_story: dict[str, list[dict]] = {}
    for doc in docs:
        by_story.setdefault(doc["story_id"], []).append(doc)
    carried = {}
    for copies in by_story.values():
        if any(c.get("syndicated") for c in copies) and len({c["source"] for c in copies}) > 1:
            copies.sort(key=lambda c: (c["published_at"], bool(c.get("syndicated"))))
            carried[copies[0]["title"]] = copies
    return carried


def _assert_report_shows(page: Html, current: list[dict], previous: list[dict]) -> None:
    """Every figure of the page against the documents of the two periods, counted plainly."""
    assert int(page.text("total-articles")) == len(current)
    assert int(page.text("previous-articles")) == len(previous)
    assert int(page.text("outlet-count")) == len({d["source"] for d in current})

    per_topic = Counter()
    for doc in current:
        for topic in dict.fromkeys(doc["topic_names"] or [NO_TOPIC]):
            per_topic[(topic, doc["published_at"].date().isoformat())] += 1
    assert {(b["series"], b["day"]): b["count"] for b in page.bars("chart-per-day") if b["count"]} == dict(per_topic)
    topics = page.header("per-day-table")[1:]
    assert set(topics) == {t for t, _ in per_topic}
    table = {row[0][4:]: row[1:] for row in page.table("per-day-table")}
    for (topic, day), count in per_topic.items():
        assert int(table[day][topics.index(topic)]) == count
    assert sum(int(n) for row in table.values() for n in row) == sum(per_topic.values())

    outlets = Counter((d["source"], d["language"]) for d in current)
    assert {(b["row"], b["series"]): b["count"] for b in page.bars("chart-outlets")} == dict(outlets)
    languages = page.header("outlet-table")[1:-1]
    rows = page.table("outlet-table")
    assert {row[0] for row in rows} == {s for s, _ in outlets}
    for outlet, *counts, total in rows:
        assert int(total) == sum(n for (s, _), n in outlets.items() if s == outlet)
        for language, count in zip(languages, counts, strict=True):
            assert int(count) == outlets[(outlet, language)]

    stories = _stories(current)
    rows = page.table("syndicated-table")
    assert int(page.text("syndicated-count")) == len(rows) == len(stories)
    for title, first_outlet, first_published, outlet_count, carried in rows:
        copies = stories[title]
        assert first_outlet == copies[0]["source"]
        assert first_published == copies[0]["published_at"].strftime("%Y-%m-%d %H:%M UTC")
        assert carried == ", ".join(c["source"] for c in copies)
        assert int(outlet_count) == len({c["source"] for c in copies})

    def headlines(docs):
        return list({d["story_id"]: d["title"] for d in sorted(docs, key=lambda d: d["published_at"],
                                                                reverse=True)}.values())

    now_titles, before_titles = headlines(current), headlines(previous)
    for term, now, before, _ in page.table("rising-table"):
        assert int(now) == sum(term in title_terms(t) for t in now_titles) >= 2
        assert int(before) == sum(term in title_terms(t) for t in before_titles)


# query's own filters and the plain predicates its tests check them with: the report takes every one of them.
SLICES = {name: (args, wanted) for name, (args, wanted) in QUERY_FILTERS.items()}
SLICES["english russia, two outlets"] = (["--topic", "russia", "--language", "en", "--source", "herald",
                                          "--source", "beta"],
                                         lambda d: "russia" in d["topic_names"] and d["language"] == "en")


@pytest.mark.parametrize("name", list(SLICES))
def test_report_over_a_slice_shows_the_slice(crawled, tmp_path, name):
    args, wanted = SLICES[name]
    docs = crawled.documents()
    current = [d for d in docs if wanted(d)]
    assert 0 < len(current) < len(docs)
    page = _report(crawled, tmp_path, *args)
    _assert_report_shows(page, current, [])
    filters = page.text("filters")
    values = [a for a in args if not a.startswith("--")]
    assert filters.startswith("Only the articles matching") and all(v in filters for v in values), filters
    assert ("syndicated copies only" in filters) == ("--syndicated" in args)
    assert ("first copies only" in filters) == ("--no-syndicated" in args)
    assert all(v in page.tree.findtext(".//title") for v in values)
    health = {row[0] for row in page.table("health-table")}
    sources = [args[i + 1] for i, a in enumerate(args) if a == "--source"]
    assert health == (set(sources) or {"herald", "beta"})


def test_report_slice_and_its_previous_period(crawled, tmp_path):
    """An explicit window over part of the crawl: the previous period is counted with the same filters."""
    docs = crawled.documents()
    newest = max(d["published_at"] for d in docs)
    until, since = newest + timedelta(minutes=1), newest - timedelta(hours=7)
    previous_since = since - (until - since)

    def wanted(d):
        return "russia" in d["topic_names"]

    current = [d for d in docs if wanted(d) and since <= d["published_at"] < until]
    previous = [d for d in docs if wanted(d) and previous_since <= d["published_at"] < since]
    assert current and previous and any(since <= d["published_at"] < until and not wanted(d) for d in docs)
    page = _report(crawled, tmp_path, "--topic", "russia", "--since", since.isoformat(), "--until", until.isoformat())
    _assert_report_shows(page, current, previous)
    assert page.text("filters") == ("Only the articles matching topic: russia: every figure below, the previous "
                                    "period's too, counts these.")


def test_describe_filters_words_each_filter_once():
    assert describe_filters(QuerySpec(since=NOW, until=NOW, limit=3, text=" ?! ")) == []  # no words: no filter
    assert describe_filters(QuerySpec(topics=("nato",), languages=("uk", "ru"), text="air-defence, Київ",
                                      syndicated=True)) == [
        "topic: nato", "languages: uk or ru", "words in title or body: air and defence and Київ",
        "syndicated copies only"]


def test_report_header_words_every_filter(crawled, tmp_path):
    page = _report(crawled, tmp_path, "--topic", "nato", "--topic", "ukraine", "--source", "herald", "--source",
                   "beta", "--language", "en", "--author", "Olena Kovalenko", "--text", "Defence!",
                   "--no-syndicated")
    assert page.text("filters") == (
        "Only the articles matching topics: nato and ukraine · outlets: herald or beta · language: en · "
        "author: Olena Kovalenko · words in title or body: Defence · first copies only (no syndicated copy):"
        " every figure below, the previous period's too, counts these.")
    spec = QuerySpec(topics=("nato", "ukraine"), sources=("herald", "beta"), languages=("en",),
                     authors=("Olena Kovalenko",), text="defence", syndicated=False)
    docs = [d for d in crawled.documents() if _matches(d, spec)]
    assert docs
    _assert_report_shows(page, docs, [])
    # Runs belong to outlets: the other filters cannot narrow the crawl health, and the page says so.
    assert "only the outlet filter narrows this section" in page.text("health")
    unfiltered = _report(crawled, tmp_path)
    assert unfiltered.text("filters") == "Every stored article (no filter)."
    assert "outlet filter" not in unfiltered.text("health")


@pytest.mark.parametrize(("option", "value"), [("--since", "yesterday"), ("--until", "2026-13-45"),
                                               ("--since", "7 days")])
def test_report_refuses_a_bad_filter_like_query(tmp_path, capsys, option, value):
    def error(command: str) -> str:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            main([command, option, value, "--db-path", str(tmp_path / "x.sqlite3"), "--out", str(tmp_path / "r.html")]
                 if command == "report" else [command, option, value, "--db-path", str(tmp_path / "x.sqlite3")])
        assert exited.value.code == 2
        return capsys.readouterr().err.strip().splitlines()[-1]

    message = error("report")
    assert message == f"newswatch report: error: argument {option}: not a date, a datetime or a duration like " \
                      f"7d/48h/2w: {value!r}"
    assert message.split(": ", 1)[1] == error("query").split(": ", 1)[1]
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(("spec", "index"), [
    (QuerySpec(topics=("nato",)), "article_topics"),
    (QuerySpec(sources=("moscowtimes",)), "articles_source_published_at"),
    (QuerySpec(languages=("en",), syndicated=False), "articles_"),
    (QuerySpec(text="government"), "articles_fts"),
])
def test_report_reads_a_slice_through_the_indexes(tmp_path, spec, index):
    """The report's reads are query's indexed reads: no statement scans the whole articles table."""
    statements: list[str] = []
    with SqliteStore(tmp_path / "s.sqlite3") as store:
        store.upsert_articles(query_corpus())
        store.conn.execute("ANALYZE")
        store.conn.set_trace_callback(statements.append)
        data = collect(store, None, replace(spec, since=NOW - timedelta(days=7), until=NOW), now=NOW)
        store.conn.set_trace_callback(None)
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "articles" in s]
        assert reads and data.total
        plans = [" | ".join(row[-1] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in reads]
    assert index in plans[0], plans[0]
    for plan in plans:
        assert not re.search(r"\bSCAN (a|articles)\b(?! USING (COVERING )?INDEX)", plan), plan
