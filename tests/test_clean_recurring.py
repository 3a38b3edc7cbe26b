"""Per-source memory of repeated lines (``newswatch.clean.RecurringLines``, rule ``common:recurring``).

``fixtures/clean_recurring``: 6 outlets x 7 pages (en, uk, ru), text level, each paragraph labelled S (story) or F
(furniture), written before the memory existed; ``fixtures/clean_recurring_holdout``: 3 more outlets, scored once at
the end (see the READMEs). Figures: ``.venv/bin/python -m tests.test_clean_recurring [--holdout]``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newswatch.clean import PageLines, RecurringLines, clean_body, drop_lines, page_lines
from newswatch.clean._recurring import MAX_DROPPED, eligible
from tests._mongo_server import nx_server_fixture, store_spec_fixture  # noqa: F401 (fixtures)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean_recurring"
HOLDOUT = FIXTURES.with_name("clean_recurring_holdout")


@dataclass
class Outlet:
    source: str
    language: str
    pages: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)  # (url, title, [(label, p)])


def load_outlet(path: Path) -> Outlet:
    outlet = Outlet("", "")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# source:"):
            outlet.source = line.split(":", 1)[1].strip()
        elif line.startswith("# language:"):
            outlet.language = line.split(":", 1)[1].strip()
        elif line.startswith("=== "):
            url, title = line[4:].split(" | ", 1)
            outlet.pages.append((url, title, []))
        elif line[:2] in ("S ", "F "):
            outlet.pages[-1][2].append((line[0], line[2:].strip()))
    return outlet


def load_set(folder: Path) -> list[Outlet]:
    return [load_outlet(p) for p in sorted(folder.glob("*.txt"))]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass
class Score:
    kept: int = 0
    story_kept: int = 0
    story: int = 0
    lost: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.story_kept / max(self.kept, 1)

    @property
    def recall(self) -> float:
        return self.story_kept / max(self.story, 1)


def _cleaned(outlet: Outlet, title: str, labelled: list[tuple[str, str]]) -> str:
    return clean_body("\n\n".join(p for _, p in labelled), outlet.language, None, title=title)[0]


def _tally(result: Score, source: str, body: str, labelled: list[tuple[str, str]]) -> None:
    got, story = paragraphs(body), [p for label, p in labelled if label == "S"]
    result.kept += len(got)
    result.story += len(story)
    result.story_kept += sum(1 for p in got if p in story)
    result.lost += [f"{source}: {p}" for p in story if p not in got]
    result.extra += [f"{source}: {p}" for p in got if p not in story]


def score(outlets: list[Outlet], memory: Callable[[], RecurringLines] | None, warm: bool = False) -> Score:
    """Paragraph P/R of every outlet's pages through ``clean_body`` (generic rules) and then a memory made by
    ``memory`` (None: the rules alone). Cold (a first crawl): the pages in order, one memory per set. Warm (a later
    crawl): each page with a memory that has seen every OTHER page of its outlet (the steady state)."""
    result = Score()
    shared = memory() if memory and not warm else None
    for outlet in outlets:
        bodies = [(url, title, labelled, _cleaned(outlet, title, labelled)) for url, title, labelled in outlet.pages]
        for index, (url, _, labelled, body) in enumerate(bodies):
            if memory is None:
                _tally(result, outlet.source, body, labelled)
                continue
            lines = shared
            if warm:
                lines = memory()
                for other, (other_url, _, _, other_body) in enumerate(bodies):
                    if other != index:
                        lines.clean(outlet.source, other_url, other_body)
            _tally(result, outlet.source, lines.clean(outlet.source, url, body)[0], labelled)
    return result


def main(argv: list[str]) -> int:
    folder = HOLDOUT if "--holdout" in argv else FIXTURES
    outlets = load_set(folder)
    print(f"{folder.name}: {len(outlets)} outlets, {sum(len(o.pages) for o in outlets)} pages")
    print(f"{'':34}{'para P':>8}{'para R':>8}")
    base = score(outlets, None)
    print(f"{'rules alone':34}{base.precision:8.3f}{base.recall:8.3f}")
    for k, share in ((2, 2 / 3), (3, 0.5), (3, 0.6), (3, 2 / 3), (3, 0.8), (4, 2 / 3)):
        for warm, label in ((False, "first crawl"), (True, "later crawl")):
            s = score(outlets, lambda k=k, share=share: RecurringLines(min_pages=k, min_share=share), warm)
            print(f"{f'K={k} share={share:.2f} {label}':34}{s.precision:8.3f}{s.recall:8.3f}")
            if "--verbose" in argv:
                print("\n".join([f"    - {p[:100]}" for p in s.lost] + [f"    + {p[:100]}" for p in s.extra]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# --- tests ------------------------------------------------------------------------------------------------

SETS = load_set(FIXTURES)


def test_fixture_set_is_six_outlets_in_three_languages_with_furniture_the_rules_miss():
    assert len(SETS) == 6 and {o.language for o in SETS} == {"en", "uk", "ru"}
    assert all(6 <= len(o.pages) <= 8 for o in SETS)
    rules_alone = score(SETS, None)
    assert rules_alone.recall == 1.0 and rules_alone.precision < 0.7  # 0.677: no furniture line is caught


def test_first_crawl_drops_furniture_from_the_kth_page_on_and_never_a_story_paragraph():
    cold = score(SETS, RecurringLines)
    assert cold.lost == []
    assert cold.precision >= 0.79  # 0.677 -> 0.796: the first K=3 pages of each outlet keep their furniture


def test_later_crawls_drop_nearly_all_furniture_and_never_a_story_paragraph():
    warm = score(SETS, RecurringLines, warm=True)
    assert warm.lost == []
    assert warm.precision >= 0.96  # 0.962; what stays is furniture on fewer than 2 in 3 pages
    assert {line.split(":")[0] for line in warm.extra} == {"balticfrontier", "volnyural"}


@pytest.mark.parametrize(("k", "expected"), [(2, [2, 2, 0, 0]), (3, [2, 2, 2, 0])])
def test_k_is_the_number_of_other_pages(k, expected):
    """severkur's two furniture lines are on its pages 1-3; page 4 has one of them: with K other pages behind it, a
    page loses them."""
    outlet = next(o for o in SETS if o.source == "severkur")
    memory = RecurringLines(min_pages=k)
    kept = []
    for url, title, labelled in outlet.pages[:4]:
        body, report = memory.clean(outlet.source, url, _cleaned(outlet, title, labelled))
        kept.append(sum(1 for label, p in labelled if label == "F" and p in paragraphs(body)))
        assert set(report.to_dict()["rules"]) <= {"common:recurring"}
    assert kept == expected
    assert memory.templates(outlet.source) and memory.templates("another") == frozenset()


@pytest.mark.parametrize("line", [
    "Context", "Контекст", "Что известно", "Key developments", "DNIPRO, Ukraine —",  # too short
    "Russia launched its full-scale invasion of Ukraine on 24 February 2022.",  # a calendar date
    "Повномасштабне вторгнення Росії в Україну почалося 24 лютого 2022 року.",
    "Россия начала полномасштабное вторжение в Украину 24 февраля 2022 года.",
    "\"Our border is NATO's border,\" Latvian President Edgars Rinkēvičs said.",  # someone's words
    "«Ворог щодня обстрілює громади, тому прошу всіх, хто ще залишається, виїхати», — наголосив Олег Синєгубов.",
    "— Мы не уйдем отсюда, — говорит Ирина.",
    "Vilnius, Riga, Tallinn and Warsaw signed the Joint Declaration in Brussels.",  # names
    "Ukraine shipped 6.2 million tonnes in October. Exports rose for a third month. Prices fell.",  # a paragraph
    " ".join(["word"] * 41),
])
def test_story_shapes_are_never_eligible(line):
    assert not eligible(line)


@pytest.mark.parametrize("line", [
    "The Dnipro Ledger is an independent newsroom reporting on the people and places of eastern Ukraine.",
    "Catch the Review every morning in your Telegram feed and on Bluesky.",
    "«Поділля онлайн» — новини Вінниці та області щодня з 2009 року.",  # a short quoted name opens it, not speech
    "Материал подготовлен отделом расследований «Вольного Урала».",
    "Минобороны России не ответило на запрос редакции.",  # eligible: only its recurrence below 2 in 3 keeps it
])
def test_template_shapes_are_eligible(line):
    assert eligible(line)


def test_a_standard_story_sentence_on_half_the_pages_stays_however_many_pages():
    memory = RecurringLines()
    standard = "The defence ministry did not respond to a request for comment."
    template = "Frontline Notes is an independent newsroom funded by its readers."
    last = None
    for n in range(60):
        story = [f"Story {n} opens with a fact of its own about drones over town number {n}.", f"Detail {n} follows."]
        body = "\n\n".join(story + ([standard] if n % 2 else []) + [template])
        last = paragraphs(memory.clean("frontline", f"https://frontline.example/{n}", body)[0])
        if n % 2:
            assert standard in last, n
    assert template not in last


def test_copies_of_a_page_at_new_urls_are_not_counted():
    outlet = next(o for o in SETS if o.source == "dniproledger")
    url, title, labelled = outlet.pages[0]
    body = _cleaned(outlet, title, labelled)
    memory = RecurringLines()
    assert memory.observe(outlet.source, url, page_lines(body))
    for n in range(8):  # an update republished at new URLs, and the same URL again
        assert not memory.observe(outlet.source, f"{url}?v={n}", page_lines(body))
        assert not memory.observe(outlet.source, url, page_lines(body))
    assert memory.clean(outlet.source, url + "?v=9", body)[0] == body


def test_drop_lines_never_empties_a_body_nor_takes_more_than_the_cap():
    lines = [f"Template line number {n} of this outlet, printed under every story." for n in range(MAX_DROPPED + 1)]
    story = "A story paragraph that only this page has, about a drone strike."
    everything = {h for _, h in page_lines("\n\n".join(lines)).hashes}
    body = "\n\n".join(lines[:2])
    assert drop_lines(body, page_lines(body), everything) == (body, drop_lines(body, PageLines(), set())[1])
    body = "\n\n".join([story, *lines])  # more template lines than MAX_DROPPED: a copy, not a template
    assert drop_lines(body, page_lines(body), everything)[0] == body
    body = "\n\n".join([story, *lines[:2]])
    kept, report = drop_lines(body, page_lines(body), everything)
    assert kept == story and report.to_dict()["rules"] == {"common:recurring": len(lines[0]) + len(lines[1])}
    assert drop_lines(body, page_lines("other\n\nbody"), everything)[0] == body  # lines of another body: nothing


@pytest.mark.parametrize("junk", ["", "\n\n\n", "\x00\ufeff", "«" * 5000, "a\n\n" * 3000])
def test_bad_input_never_raises(junk):
    memory = RecurringLines()
    for n in range(5):
        body, _ = memory.clean("junk", f"https://junk.example/{n}", junk)
        assert body == junk
    assert memory.clean(None, None, "x")[0] == "x"
    assert memory.observe("junk", "u", PageLines(((0, "not a hash"),), 1)) in (True, False)


def test_memory_is_bounded_lru_over_sources_lines_and_pages():
    memory = RecurringLines(max_sources=2, max_lines=5, max_pages=3)
    template = "Every page of this outlet ends with this same line."
    for source in ("a", "b"):
        for n in range(4):
            memory.clean(source, f"{source}/{n}", f"Unique {source} {n} sentence about the war today.\n\n{template}")
    assert len(memory) == 2 and memory.templates("a") and memory.templates("b")
    memory.clean("a", "a/new", "A fresh line about air defence in the city.")  # "a" is now the most recent
    memory.clean("c", "c/0", "The first page of a third outlet, long enough.")
    assert len(memory) == 2 and memory.templates("b") == frozenset() and "b" not in memory.snapshot
    state = memory.to_state()["a"]
    assert len(state["lines"]) <= 5 and len(state["pages"]) <= 3
    assert memory.templates("a")  # the template line is refreshed on every page, so it stays in the LRU


def test_state_is_plain_data_and_round_trips():
    memory = RecurringLines()
    for outlet in SETS:
        for url, title, labelled in outlet.pages:
            memory.clean(outlet.source, url, _cleaned(outlet, title, labelled))
    state = json.loads(json.dumps(memory.to_state(touched_only=True)))
    assert memory.to_state(touched_only=True) == {}  # nothing recorded since
    assert all(-2**63 <= h < 2**63 for s in state.values() for h, _, _ in s["lines"])  # BSON int64
    again = RecurringLines()
    assert again.load_state({**state, "broken": {"n": "x"}, "partial": {"lines": 5}}) == len(SETS)
    assert again.snapshot == memory.snapshot and len(again.snapshot) == len(SETS)
    assert len(json.dumps(state)) < 8000 * len(SETS)  # a few KB per outlet


def test_the_real_pages_lose_no_story_paragraph():
    """The 38 real pages of readability-news, each crawled as 5 copies at new URLs, then all of them as ONE outlet
    twice over: the guards and the copy check keep every paragraph of the reference text."""
    from bench._scoring import load_dataset
    from newswatch.clean import clean_tree
    from newswatch.extract import extract_body, extract_metadata, parse_html

    pages = []
    for page in load_dataset():
        url = f"https://example.org/{page['name']}"
        tree = parse_html(page["html"])
        meta = extract_metadata(tree, url)
        clean_tree(tree)
        body = extract_body(tree, url, article_body=meta.get("article_body"))
        body = clean_body(body, page["meta"].get("lang"), title=meta.get("title"))[0]
        truth = " ".join(page["truth"].split())
        pages.append((url, body, [p for p in paragraphs(body) if " ".join(p.split()) in truth]))
    assert len(pages) == 38
    eligible_story = sum(eligible(p) for _, _, story in pages for p in story)
    assert 0.3 < eligible_story / sum(len(story) for _, _, story in pages) < 0.45  # 283 of 751: the rest never can go
    memory = RecurringLines()
    for url, body, story in pages:
        for n in range(5):
            assert set(story) <= set(paragraphs(memory.clean(url, f"{url}?copy={n}", body)[0]))
    one = RecurringLines()
    for _ in range(2):
        for url, body, story in pages:
            assert set(story) <= set(paragraphs(one.clean("one-outlet", url, body)[0]))


# --- CleanPipeline ------------------------------------------------------------------------------------------


def _items(outlet: Outlet):
    from newswatch.items import Article

    for url, title, labelled in outlet.pages:
        yield Article(url=url, source=outlet.source, title=title, language=outlet.language,
                      body="\n\n".join(p for _, p in labelled), cleaning={}, paywalled=False), labelled


def _pipeline(tmp_path, **settings):
    from scrapy.utils.test import get_crawler

    from newswatch.pipelines import CleanPipeline

    crawler = get_crawler(settings_dict={"NEWSWATCH_EXTRACT_WORKERS": 0,
                                         "NEWSWATCH_DB_PATH": str(tmp_path / "state.sqlite3"), **settings})
    crawler.stats.open_spider()
    return CleanPipeline.from_crawler(crawler), crawler.stats


def test_pipeline_drops_template_lines_reports_them_and_keeps_the_memory_for_the_next_crawl(tmp_path):
    from newswatch import _steps

    outlet = next(o for o in SETS if o.source == "slobidskyi")
    clean, stats = _pipeline(tmp_path)
    clean.open_spider()
    furniture_kept = []
    for n, (item, labelled) in enumerate(_items(outlet)):
        if n % 2:  # half the items come with the worker's result, as in the crawl; it must be taken as it is
            assert [s.compute.__name__ for s in clean.workers.steps] == ["_clean_recurring"]
            item._newswatch_steps = _steps.run_steps(item, clean.workers.steps)
        out = asyncio.run(clean.process_item(item))
        got = paragraphs(out["body"])
        assert [p for label, p in labelled if label == "S"] == [p for p in got if ("S", p) in labelled]
        furniture_kept.append(sum(1 for label, p in labelled if label == "F" and p in got))
        if furniture_kept[-1] < sum(label == "F" for label, _ in labelled):
            assert out["cleaning"]["rules"]["common:recurring"] > 0
            assert out["word_count"] == len(out["body"].split())
    assert furniture_kept == [2, 2, 2, 0, 0, 0, 0]
    assert stats.get_value("newswatch/steps/recomputed/clean_body") is None
    assert stats.get_value("newswatch/clean/removed/common:recurring") > 0
    assert stats.get_value("newswatch/clean/recurring/pages_counted") == 7
    clean.close_spider()

    later, stats = _pipeline(tmp_path)  # the next crawl: the first page already loses its furniture
    later.open_spider()
    assert stats.get_value("newswatch/clean/recurring/sources_loaded") == 1
    item, labelled = next(_items(outlet))
    item["url"] = item["url"].replace("kupiansk", "kupiansk-2")
    out = asyncio.run(later.process_item(item))
    assert [p for label, p in labelled if label == "F" and p in paragraphs(out["body"])] == []


def test_a_worker_result_from_an_older_template_set_is_taken_only_if_it_drops_the_same_lines(tmp_path):
    from newswatch import _steps

    outlet = next(o for o in SETS if o.source == "severkur")
    clean, stats = _pipeline(tmp_path)
    items = list(_items(outlet))
    in_flight = []
    for item, _ in items[:4]:  # dispatched together, before the memory knew any template line
        item._newswatch_steps = _steps.run_steps(item, clean.workers.steps)
        in_flight.append(item)
    outs = [asyncio.run(clean.process_item(item)) for item in in_flight]
    # The 4th page was cleaned on the worker when no template line was known; by the time it reached the pipeline
    # its one furniture line (the channels line, on the 3 pages before) had become one: its cleaning is redone.
    assert stats.get_value("newswatch/steps/recomputed/clean_body") == 1
    assert "common:recurring" in outs[3]["cleaning"]["rules"]
    assert [p for label, p in items[3][1] if label == "F" and p in paragraphs(outs[3]["body"])] == []
    late, _ = items[4]
    late._newswatch_steps = _steps.run_steps(late, clean.workers.steps)  # dispatched with the current templates
    clean.recurring.snapshot["other-outlet"] = frozenset({1, 2, 3})  # another source's templates: nothing to redo
    asyncio.run(clean.process_item(late))
    assert stats.get_value("newswatch/steps/recomputed/clean_body") == 1


def test_the_memory_round_trips_through_the_crawl_state_on_both_stores(store_spec):
    import uuid

    from newswatch.state import open_state

    kwargs = dict(store_spec.kwargs)
    kwargs.pop("mongo_collection", None)
    if store_spec.is_mongo:
        kwargs["mongo_database"] = f"newswatch_state_{uuid.uuid4().hex[:10]}"
    memory = RecurringLines()
    for outlet in SETS:
        for url, title, labelled in outlet.pages:
            memory.clean(outlet.source, url, _cleaned(outlet, title, labelled))
    state = open_state(**kwargs, environ={})
    try:
        state.save_clean_memory(memory.to_state(touched_only=True))
        time.sleep(0.01)  # saved_at is kept to the millisecond
        extra = RecurringLines()
        extra.clean("late-outlet", "https://late.example/1", "A line long enough to be remembered here.")
        state.save_clean_memory(extra.to_state(touched_only=True))  # one outlet more; the others stay
        loaded = state.load_clean_memory()
        assert set(loaded) == {o.source for o in SETS} | {"late-outlet"}
        assert list(state.load_clean_memory(limit=1)) == ["late-outlet"]  # the most recently saved first
    finally:
        state.close()
    again = RecurringLines()
    again.load_state(loaded)
    assert {s: again.templates(s) for s in memory.snapshot} == memory.snapshot


def test_pipeline_with_the_memory_off_is_the_rules_alone(tmp_path):
    outlet = next(o for o in SETS if o.source == "slobidskyi")
    clean, _ = _pipeline(tmp_path, NEWSWATCH_CLEAN_RECURRING=0)
    assert clean.recurring is None
    clean.open_spider()
    for item, _ in _items(outlet):
        out = asyncio.run(clean.process_item(item))
        assert "common:recurring" not in out["cleaning"]["rules"]
    clean.close_spider()
    assert not (tmp_path / "state.sqlite3").exists()


# --- a real crawl -------------------------------------------------------------------------------------------


def test_two_crawls_of_the_mock_site_the_second_starts_with_the_memory(tmp_path):
    """``scrapy crawl feeds`` over an outlet's first 4 pages, then over its next 3 with the same store: the memory
    saved by the first crawl (crawl state, ``clean_memory``) takes the template lines from the second's first page."""
    from tests.crawling import run_crawl
    from tests.mocksite import MockNewsSite, _simple_article, feed_route

    outlet = next(o for o in SETS if o.source == "dniproledger")
    routes, feeds = {}, {1: "", 2: ""}
    for n, (_, title, labelled) in enumerate(outlet.pages):
        routes[f"/ledger/{n}"] = feed_route(
            _simple_article(title, f"{{{{iso:{20 - n}h}}}}", [p for _, p in labelled], "Ledger Desk"),
            "text/html; charset=utf-8")
        feeds[1 if n < 4 else 2] += (f"<item><title>{title}</title><link>{{{{base}}}}/ledger/{n}</link>"
                                     f"<pubDate>{{{{rfc822:{20 - n}h}}}}</pubDate></item>\n")
    for key, items in feeds.items():
        routes[f"/ledger-{key}.xml"] = feed_route(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Ledger</title>'
            f"<link>{{{{base}}}}/</link>\n{items}</channel></rss>\n", "application/rss+xml")
    settings = {"NEWSWATCH_TOPIC_FILTER": "tag", "CONCURRENT_REQUESTS": "1", "NEWSWATCH_EXTRACT_WORKERS": "1"}
    furniture = [p for _, _, labelled in outlet.pages for label, p in labelled if label == "F"]
    with MockNewsSite(routes=routes) as site:
        first = run_crawl(tmp_path, args={"feeds": site.url("/ledger-1.xml")}, settings=settings)
        assert first.returncode == 0, first.log[-3000:]
        assert first.stat("newswatch/clean/recurring/pages_counted") == 4
        second = run_crawl(tmp_path, args={"feeds": site.url("/ledger-2.xml")}, settings=settings)
        assert second.returncode == 0, second.log[-3000:]
    assert second.stat("newswatch/clean/recurring/sources_loaded") == 1
    assert second.stat("newswatch/clean/removed/common:recurring") > 0
    stored = {doc["url"].rsplit("/", 1)[1]: doc for doc in second.stored()}
    assert len(stored) == 7
    for n in (4, 5, 6):  # the second crawl's pages: no furniture from the first of them on, every story paragraph
        body = paragraphs(stored[str(n)]["body"])
        assert not set(body) & set(furniture), body
        assert "common:recurring" in stored[str(n)]["cleaning"]["rules"]
        assert [p for label, p in outlet.pages[n][2] if label == "S" and p not in body] == []
