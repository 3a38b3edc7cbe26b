"""Outlet configuration: politeness, metadata fixes, validation, site code, `scrapy genoutlet`, Retry-After/robots."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from scrapy.crawler import Crawler
from scrapy.utils.project import get_project_settings

from newswatch import _js
from newswatch._overrides import apply_overrides
from newswatch.extract import extract_body, parse_html
from newswatch.sources import SourcesError, load_sources, parse_sources
from newswatch.spiders.kremlin import lead_into_text
from newswatch.spiders.outlets import spider_class_for
from tests.crawling import PROJECT_ROOT, run_crawl
from tests.mocksite import MockNewsSite, feed_route

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "outlets"


def _entry(**extra) -> dict:
    return {"x": {"name": "X", "url": "https://x.example/", "feeds": ["https://x.example/rss"], **extra}}


# --- politeness ----------------------------------------------------------------------------------------------

def test_politeness_becomes_the_spiders_settings_below_the_command_line():
    source = load_sources()["kremlin"]
    assert source.politeness == {"download_delay": 3.0, "concurrency": 1}
    crawler = Crawler(spider_class_for(source), get_project_settings())
    assert crawler.settings.getfloat("DOWNLOAD_DELAY") == 3.0
    assert crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert crawler.settings.getbool("ROBOTSTXT_OBEY") and crawler.settings.getbool("AUTOTHROTTLE_ENABLED")
    override = get_project_settings()
    override.set("DOWNLOAD_DELAY", 0, priority="cmdline")  # -s DOWNLOAD_DELAY=0 still wins
    assert Crawler(spider_class_for(source), override).settings.getfloat("DOWNLOAD_DELAY") == 0


def test_autothrottle_target_and_defaults_for_outlets_without_politeness():
    source = parse_sources(_entry(politeness={"autothrottle_target": 0.5}))["x"]
    assert Crawler(spider_class_for(source), get_project_settings()).settings.getfloat(
        "AUTOTHROTTLE_TARGET_CONCURRENCY") == 0.5
    plain = Crawler(spider_class_for(load_sources()["guardian"]), get_project_settings()).settings
    assert plain.getfloat("DOWNLOAD_DELAY") == get_project_settings().getfloat("DOWNLOAD_DELAY")


def test_only_js_outlets_get_the_playwright_handler():
    plain = Crawler(spider_class_for(load_sources()["bbc_en"]), get_project_settings()).settings
    assert "scrapy_playwright" not in json.dumps(plain.getdict("DOWNLOAD_HANDLERS"))
    if not Path(_js.chromium_path(get_project_settings())).exists():
        pytest.skip("Chromium is not installed")
    js = Crawler(spider_class_for(load_sources()["reuters"]), get_project_settings()).settings
    assert js.getdict("DOWNLOAD_HANDLERS")["https"].startswith("scrapy_playwright")
    assert js.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") >= 1
    assert js["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == _js.chromium_path(get_project_settings())


@pytest.mark.parametrize("entry, message", [
    (_entry(politeness={"delay": 1}), "unknown politeness"),
    (_entry(politeness={"download_delay": -1}), "non-negative"),
    (_entry(politeness={"concurrency": 0}), "positive integer"),
    (_entry(politeness={"concurrency": 1.5}), "positive integer"),
    (_entry(metadata={"lang": "en"}), "unknown metadata"),
    (_entry(metadata={"authors_drop": ["(unclosed"]}), "bad regex"),
    (_entry(metadata={"published_from": "guess"}), "published_from"),
    (_entry(js=True, js_wait_for=["article"]), "js_wait_for"),
    (_entry(languages=["ua"]), r"language 'ua' is not an ISO 639-1 code \(did you mean 'uk'\?\)"),
    (_entry(languages=["en-US"]), r"did you mean 'en'"),
    (_entry(languages=["Russian"]), r"did you mean 'ru'"),
    (_entry(languages=["xx"]), r"'xx' is not an ISO 639-1 code \(e\.g\."),
])
def test_bad_outlet_entries_fail_loudly(entry, message):
    with pytest.raises(SourcesError, match=message):
        parse_sources(entry)


def test_every_js_outlet_names_the_element_to_wait_for():
    for source in load_sources().values():
        if source.js:
            assert source.js_wait_for, source.key


# --- metadata fixes ------------------------------------------------------------------------------------------

def test_metadata_overrides():
    page = {"title": "Talks stall | Reuters", "authors": ["TASS", "Anna Petrova"], "language": "uk", "section": None,
            "published_at": datetime(2026, 11, 27, tzinfo=UTC)}
    entry = {"title": "Talks stall | Reuters", "authors": ["tass"], "published_at": datetime(2026, 11, 20, tzinfo=UTC)}
    fixed, fixed_entry = apply_overrides(page, entry, {
        "language": "en", "section": "World", "authors_drop": ["^tass$"], "title_strip": [r" \| reuters$"],
        "published_from": "feed"})
    assert fixed["title"] == "Talks stall" and fixed_entry["title"] == "Talks stall"
    assert fixed["authors"] == ["Anna Petrova"] and fixed_entry["authors"] == []
    assert fixed["language"] == "en" and fixed["section"] == "World"
    assert fixed["published_at"] == entry["published_at"]
    assert page["authors"] == ["TASS", "Anna Petrova"]  # inputs untouched
    assert apply_overrides(page, None, None) == (page, {})
    # a section the page gives is kept; the page's date stays without published_from: feed
    kept, _ = apply_overrides({**page, "section": "Europe"}, entry, {"section": "World"})
    assert kept["section"] == "Europe" and kept["published_at"] == page["published_at"]


# --- site code -----------------------------------------------------------------------------------------------

def test_kremlin_lead_is_moved_into_the_text():
    html = (FIXTURES / "kremlin" / "article.html").read_bytes()
    expected = json.loads((FIXTURES / "kremlin" / "expected.json").read_text(encoding="utf-8"))["paragraphs"]
    plain = extract_body(parse_html(html), "http://kremlin.ru/events/president/news/78123")
    assert expected[0] not in plain  # the extractor alone loses the lead
    fixed = extract_body(parse_html(lead_into_text(html)), "http://kremlin.ru/events/president/news/78123")
    assert [p.strip() for p in fixed.split("\n\n")][:len(expected)] == expected
    assert lead_into_text(b"<html><body><p>No lead here</p></body></html>") == \
        b"<html><body><p>No lead here</p></body></html>"
    assert lead_into_text(b"") == b""


# --- scrapy genoutlet ----------------------------------------------------------------------------------------

def test_genoutlet_writes_an_entry_and_stubs_that_load(tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"nato": yaml.safe_load(
        (PROJECT_ROOT / "newswatch" / "sources.yaml").read_text(encoding="utf-8"))["nato"]}), encoding="utf-8")
    cmd = [sys.executable, "-m", "scrapy", "genoutlet", "lrt_en", "https://www.lrt.lt/en", "--feed",
           "https://www.lrt.lt/en/rss", "-l", "en", "--title", "LRT English", "--sources", str(sources),
           "--fixtures", str(tmp_path / "fx")]
    done = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    outlet = load_sources(sources)["lrt_en"]
    assert outlet.feeds == ("https://www.lrt.lt/en/rss",) and outlet.languages == ("en",)
    assert outlet.name == "LRT English"
    assert "nato" in load_sources(sources)  # appended, not replaced
    assert outlet.timezone is None  # guessed per page unless declared; the entry suggests the domain's zone
    assert "  # timezone: Europe/Vilnius   # the clock its pages show" in sources.read_text(encoding="utf-8")
    stubs = tmp_path / "fx" / "lrt_en"
    assert {p.name for p in stubs.iterdir()} == {"feed.xml", "article.html", "expected.json"}
    assert json.loads((stubs / "expected.json").read_text())["title"] == "TODO"
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**_env(), "NEWSWATCH_SOURCES": str(sources)})
    assert "lrt_en" in listed.stdout.split()
    again = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and "already in" in again.stderr
    robots = subprocess.run([sys.executable, "-m", "scrapy", "genoutlet", "ekho", "https://ekho.example/news",
                             "--js", "--sources", str(sources), "--fixtures", str(tmp_path / "fx")],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert robots.returncode == 0, robots.stderr
    ekho = load_sources(sources)["ekho"]
    assert ekho.sitemaps == ("https://ekho.example/robots.txt",) and ekho.js and ekho.js_wait_for
    assert "# timezone: Area/City" in sources.read_text(encoding="utf-8")  # .example, English: nothing to suggest
    zoned = [sys.executable, "-m", "scrapy", "genoutlet", "vechirnij", "https://vechirnij.example/", "-l", "uk",
             "--sources", str(sources), "--fixtures", str(tmp_path / "fx"), "--timezone"]
    typo = subprocess.run([*zoned, "Europe/Kyiw"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert typo.returncode == 1 and "did you mean 'Europe/Kyiv'?" in typo.stderr
    assert "vechirnij" not in load_sources(sources)
    declared = subprocess.run([*zoned, "Europe/Kyiv"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert declared.returncode == 0, declared.stderr
    assert load_sources(sources)["vechirnij"].timezone == "Europe/Kyiv"
    assert (tmp_path / "fx" / "ekho" / "sitemap.xml").exists()


def test_genoutlet_says_what_it_kept_and_what_comes_next(tmp_path):
    sources = tmp_path / "sources.yaml"
    cmd = [sys.executable, "-m", "scrapy", "genoutlet", "zmina", "https://zmina.example/", "--feed",
           "https://zmina.example/feed/", "--sources", str(sources), "--fixtures", str(tmp_path / "fx")]
    first = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "no --language given: the entry says 'en'" in first.stderr
    for step in ("newswatch clean", "pytest tests/test_outlets.py -k zmina", "scrapy check zmina"):
        assert step in first.stdout, step
    forced = subprocess.run([*cmd, "-l", "uk", "--force"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert "kept the existing 'zmina' entry" in forced.stderr  # --force rewrote the stubs, not the entry
    assert load_sources(sources)["zmina"].languages == ("en",)
    assert json.loads((tmp_path / "fx" / "zmina" / "expected.json").read_text())["language"] == "uk"


def test_unfilled_stubs_fail_with_what_to_fill_in(tmp_path, monkeypatch):
    from newswatch.commands.genoutlet import generate
    from tests import outlet_crawl
    from tests.test_outlets import _stubs_left

    generate("zmina", "https://zmina.example/", feeds=["https://zmina.example/feed/"], sitemaps=[], languages=["uk"],
             js=False, sources=tmp_path / "sources.yaml", fixtures=tmp_path)
    monkeypatch.setattr(outlet_crawl, "OUTLET_FIXTURES", tmp_path)
    left = _stubs_left("zmina")
    assert {"expected.json title", "expected.json authors", "feed.xml (still the generated stub)",
            "article.html (still the generated stub)"} <= set(left)
    monkeypatch.setattr(outlet_crawl, "OUTLET_FIXTURES", FIXTURES)
    assert _stubs_left("isw") == []  # a filled-in outlet


def _env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}


# --- Retry-After and robots.txt through the mock site --------------------------------------------------------

_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Busy Herald</title><link>{{base}}/</link>
<item><title>Kyiv and Warsaw agree on border crossing for military cargo</title><link>{{base}}/busy/story</link>
<pubDate>{{rfc822:2h}}</pubDate></item>
<item><title>Members only</title><link>{{base}}/private/story</link><pubDate>{{rfc822:2h}}</pubDate></item>
</channel></rss>
"""
_STORY = ("<html lang='en'><head><title>Kyiv and Warsaw agree on border crossing for military cargo</title>"
          "<meta property='article:published_time' content='2026-11-27T08:00:00Z'></head><body><article>"
          "<h1>Kyiv and Warsaw agree on border crossing for military cargo</h1>"
          "<p>Ukraine and Poland agreed to open a dedicated border crossing for military cargo bound for Ukraine, "
          "the two defence ministries said on Thursday.</p>"
          "<p>The crossing near Rzeszow is meant to speed up deliveries of ammunition and air defence missiles, "
          "which have been delayed by queues of commercial trucks.</p>"
          "<p>Polish farmers' blockades of the border last year held up aid convoys for weeks, Ukrainian officials "
          "said, and the new route will be guarded by both countries' border services.</p>"
          "</article></body></html>")


def test_retry_after_on_429_is_honoured_and_robots_txt_obeyed(tmp_path):
    seen: list[float] = []

    def busy(handler, base):
        seen.append(time.monotonic())
        if len(seen) == 1:
            return 429, "text/html", b"Too Many Requests", {"Retry-After": "2"}
        return 200, "text/html; charset=utf-8", _STORY.encode(), None

    routes = {"/robots.txt": lambda h, b: (200, "text/plain", b"User-agent: *\nDisallow: /private/\n", None),
              "/busy/feed.xml": feed_route(_FEED, "application/rss+xml"), "/busy/story": busy,
              "/private/story": lambda h, b: (200, "text/html", _STORY.encode(), None)}
    with MockNewsSite(routes=routes) as site:
        run = run_crawl(tmp_path, "feeds", args={"feeds": site.url("/busy/feed.xml")},
                        settings={"NEWSWATCH_RETRY_BACKOFF_BASE": "0.01", "NEWSWATCH_EXTRACT_WORKERS": "0"})
        private_hits = site.hits["/private/story"]
    assert run.returncode == 0, run.log[-3000:]
    assert len(seen) == 2
    assert seen[1] - seen[0] >= 1.9  # waited for Retry-After, not the 0.01 s backoff
    assert run.stat("newswatch/retry/retry_after") == 1
    assert [d["title"] for d in run.stored()] == ["Kyiv and Warsaw agree on border crossing for military cargo"]
    assert private_hits == 0 and run.stat("robotstxt/forbidden") == 1


# --- scrapy check ----------------------------------------------------------------------------------------------

def _check(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "check", *args, "-s", "NEWSWATCH_EXTRACT_WORKERS=0"],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, env={**_env(), **(env or {})})


def test_scrapy_check_parses_every_outlets_saved_page():
    done = _check()
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Ran {4 * len(load_sources())} contracts" in done.stderr


def test_scrapy_check_catches_a_wrong_metadata_fix(tmp_path):
    # (It was a missing one: tass_en without authors_drop stored 'TASS' as the author. The extractor now knows an
    # outlet named as its own author for no writer, so no saved page needs its authors_drop any more.)
    entry = yaml.safe_load((PROJECT_ROOT / "newswatch" / "sources.yaml").read_text(encoding="utf-8"))["tass_en"]
    entry["metadata"] = {**entry.get("metadata", {}), "language": "ru"}  # pinned to the wrong language
    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"tass_en": entry}), encoding="utf-8")
    done = _check("tass_en", env={"NEWSWATCH_SOURCES": str(sources)})
    assert done.returncode != 0
    assert "language: got 'ru', expected 'en'" in done.stderr
    entry.pop("metadata")  # no fix at all: the outlet's name is still no author
    sources.write_text(yaml.safe_dump({"tass_en": entry}), encoding="utf-8")
    done = _check("tass_en", env={"NEWSWATCH_SOURCES": str(sources)})
    assert done.returncode == 0, done.stderr[-3000:]
