"""Every outlet in sources.yaml, crawled offline from its fixtures with its real spider (see tests/outlet_crawl.py).

One mock site serves every outlet's feed or news sitemap and article page; one process runs every outlet's
spider, with the outlet's own cleaning rules, metadata fixes, js flag and politeness. Each outlet must store
its article with the right title, date, authors and language, and a body that is the story alone.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newswatch import _js
from newswatch.sources import load_sources
from tests.mocksite import MockNewsSite
from tests.outlet_crawl import FIELDS, coverage, crawl_all, fixture_keys, load_fixture, routes

OUTLETS = fixture_keys()
_SOURCES = load_sources()
# js: true outlets need Chromium (apt-get install -y chromium); without it they are skipped, the rest still run.
HAVE_CHROMIUM = Path(_js.chromium_path(None)).exists()
CRAWLED = [o for o in OUTLETS if HAVE_CHROMIUM or not (o in _SOURCES and _SOURCES[o].js)]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _outlets_to_crawl(session) -> list[str]:
    """The outlets the selected tests look at: ``-k lrt_en`` crawls lrt_en alone (seconds), a whole-run test all."""
    wanted = set()
    for item in session.items:
        if item.fspath != Path(__file__) or "crawl" not in getattr(item, "fixturenames", ()):
            continue
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "outlet" not in params:
            return CRAWLED
        wanted.add(params["outlet"])
    return [o for o in CRAWLED if o in wanted]


def _stubs_left(outlet: str) -> list[str]:
    """What `scrapy genoutlet` wrote that is still to be filled in."""
    fixture = load_fixture(outlet)
    left = [f"expected.json {key}" for key, value in fixture.expected.items() if "TODO" in json.dumps(value)]
    for path in (fixture.discovery, fixture.article):
        if "<!-- TODO: " in path.read_text(encoding="utf-8"):  # the stubs' own marker
            left.append(f"{path.name} (still the generated stub)")
    return left


@pytest.fixture(scope="module")
def crawl(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outlets")
    keys = _outlets_to_crawl(request.session)
    with MockNewsSite(routes=routes(keys)) as site:
        run = crawl_all(tmp, site.base_url, keys)
        hits = dict(site.hits)
    assert run.returncode == 0, run.log[-4000:]
    from newswatch.storage import SqliteStore

    store = SqliteStore(run.db_path)
    store.open()
    try:
        docs = list(store.iter_articles())
    finally:
        store.close()
    return run, docs, hits


def test_every_outlet_has_a_fixture_and_a_spider():
    sources = load_sources()
    assert len(sources) >= 20
    assert set(sources) == set(OUTLETS), "every outlet needs tests/fixtures/outlets/<key>/ (scrapy genoutlet)"


#: outlet -> why its article is still stored wrong (strict: a fix elsewhere makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


@pytest.mark.parametrize("outlet", [
    pytest.param(o, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[o])) if o in KNOWN_MISSES else o
    for o in OUTLETS])
def test_outlet_stores_its_article(crawl, outlet):
    if outlet not in CRAWLED:
        pytest.skip("js: true outlet and Chromium is not installed")
    left = _stubs_left(outlet)
    if left:
        pytest.fail(f"{outlet}: fill in what scrapy genoutlet wrote in tests/fixtures/outlets/{outlet}/: "
                    f"{'; '.join(left)} (README, 'Adding an outlet')", pytrace=False)
    run, docs, hits = crawl
    fixture = load_fixture(outlet)
    expected = fixture.expected
    mine = [d for d in docs if d["source"] == outlet]
    assert len(mine) == 1, (f"{outlet}: {len(mine)} stored; stats: "
                            f"{ {k: v for k, v in run.stats[outlet].items() if 'newswatch' in k} }")
    doc = mine[0]
    assert doc["url"].endswith(expected["path"])
    # found through the outlet's own feed/sitemap (a WordPress feed is asked once more, at ?paged=2: since=all)
    assert hits[f"/{outlet}/{fixture.discovery.name}"] >= 1
    assert doc["title"] == expected["title"]
    assert doc["published_at"] == datetime.fromisoformat(expected["published_at"])
    assert doc["authors"] == expected["authors"]
    assert doc["language"] == expected["language"]
    assert [p.strip() for p in doc["body"].split("\n\n") if p.strip()] == expected["paragraphs"]
    if "description" in expected:  # a standfirst printed above the story is the description, not the body's start
        assert doc["description"] == expected["description"]
    body = _fold(doc["body"])
    for banner in expected["banners"]:
        assert _fold(banner) not in body, banner


def test_js_outlets_were_rendered_and_the_rest_were_not(crawl):
    run, _, _ = crawl
    sources = load_sources()
    for outlet in CRAWLED:
        rendered = run.stats[outlet].get("playwright/page_count", 0)
        assert rendered == (1 if sources[outlet].js else 0), outlet


def test_field_coverage_is_complete_where_the_outlet_publishes_the_field(crawl):
    _, docs, _ = crawl
    table = coverage(docs, CRAWLED)
    for outlet, row in table.items():
        assert row["articles"] == 1
        for field in FIELDS:
            has_field = field != "authors" or bool(load_fixture(outlet).expected["authors"])
            assert row[field] == (1.0 if has_field else 0.0), (outlet, field)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_outlet_remove_selectors_match_its_page(outlet):
    """A selector in the outlet's `clean:` entry that matches nothing on its own page is a made-up or stale rule."""
    from newswatch.clean import clean_tree
    from newswatch.extract import parse_html

    html = load_fixture(outlet).article.read_bytes()
    for selector in load_sources()[outlet].clean.get("remove") or ():
        report = clean_tree(parse_html(html), {"remove": [selector], "generic": False})
        assert report.removals, selector
