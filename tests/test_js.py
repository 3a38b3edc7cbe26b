"""JavaScript rendering end to end: a ``js: true`` outlet crawled with scrapy-playwright and the system Chromium.

The mock page carries no article text in its HTML: its script fetches the story from a JSON API and renders
it, as single-page news apps do. Crawled with ``js: true`` the story is stored with that text; crawled without,
the story text is nowhere in the store. A crawl that needs Chromium and cannot find it fails loudly.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from newswatch import _js
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, feed_route

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "js"
STORY = json.loads((FIXTURES / "story.json").read_text(encoding="utf-8"))

_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Newsroom</title><link>{{base}}/</link>
<item><title>Ukraine receives first F-16 squadron from Denmark</title><link>{{base}}/js/story</link>
<pubDate>{{rfc822:5h}}</pubDate></item>
</channel></rss>
"""

needs_chromium = pytest.mark.skipif(not Path(_js.chromium_path({})).exists() and not shutil.which("chromium"),
                                    reason="Chromium is not installed (apt-get install -y chromium)")


def _file(name: str, content_type: str):
    data = (FIXTURES / name).read_bytes()
    return lambda handler, base: (200, content_type, data, None)


@pytest.fixture(scope="module")
def site():
    routes = {
        "/js/feed.xml": feed_route(_FEED, "application/rss+xml"),
        "/js/story": _file("story.html", "text/html; charset=utf-8"),
        "/js/api/story.json": _file("story.json", "application/json"),
    }
    with MockNewsSite(routes=routes) as mock:
        yield mock


def _sources(tmp_path: Path, site, *, js: bool) -> Path:
    entry = {"name": "JS demo", "url": site.url("/"), "languages": ["en"], "feeds": [site.url("/js/feed.xml")],
             "js": js, "js_wait_for": "#story p"}
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"jsnews": entry}), encoding="utf-8")
    return path


@needs_chromium
def _crawl(tmp_path, site, *, js: bool, **env):
    return run_crawl(tmp_path, "jsnews", args={"since": "all"}, settings={"NEWSWATCH_EXTRACT_WORKERS": "0"},
                     env={"NEWSWATCH_SOURCES": str(_sources(tmp_path, site, js=js)), **env})


def test_text_injected_by_javascript_is_stored(tmp_path, site):
    api_hits, feed_hits = site.hits["/js/api/story.json"], site.hits["/js/feed.xml"]
    run = _crawl(tmp_path, site, js=True)
    assert run.returncode == 0, run.log[-3000:]
    docs = run.stored()
    assert len(docs) == 1, run.log[-3000:]
    doc = docs[0]
    assert doc["title"] == STORY["headline"]
    assert [p.strip() for p in doc["body"].split("\n\n")] == STORY["paragraphs"]
    assert doc["authors"] == ["Mette Sørensen"]
    assert "Loading" not in doc["body"]
    # Only the article went through Chromium: the feed was fetched by plain HTTP.
    assert run.stat("playwright/page_count") == 1
    assert run.stat("playwright/page_count/closed") == 1  # pages are closed, not left open
    assert site.hits["/js/api/story.json"] == api_hits + 1  # fetched by the page's own script
    assert site.hits["/js/feed.xml"] == feed_hits + 1


def test_without_javascript_the_page_has_no_story(tmp_path, site):
    run = _crawl(tmp_path, site, js=False)
    assert run.returncode == 0, run.log[-3000:]
    bodies = " ".join(doc["body"] for doc in run.stored())
    assert not any(paragraph[:60] in bodies for paragraph in STORY["paragraphs"])
    assert not any(key.startswith("playwright/") for key in run.stats)


def test_missing_chromium_fails_with_a_clear_message(tmp_path, site):
    run = _crawl(tmp_path, site, js=True, NEWSWATCH_CHROMIUM_PATH=str(tmp_path / "no-chromium-here"))
    assert run.returncode != 0
    assert "Chromium was not found" in run.log
    assert "apt-get install -y chromium" in run.log


def test_a_chromium_that_does_not_run_fails_at_start_up(tmp_path, site):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'error while loading shared libraries: libnss3.so' >&2\nexit 127\n")
    broken.chmod(0o755)
    feed_hits = site.hits["/js/feed.xml"]
    run = _crawl(tmp_path, site, js=True, NEWSWATCH_CHROMIUM_PATH=str(broken))
    assert run.returncode != 0
    assert "does not run" in run.log and "libnss3.so" in run.log
    assert site.hits["/js/feed.xml"] == feed_hits  # stopped before fetching anything


def test_playwright_settings_bound_memory_and_use_the_system_chromium():
    from scrapy.settings import Settings

    settings = Settings({"NEWSWATCH_CHROMIUM_PATH": "/usr/bin/chromium", "NEWSWATCH_JS_MAX_PAGES": 3})
    built = _js.playwright_settings(settings)
    launch = built["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert launch["executable_path"] == "/usr/bin/chromium" and launch["headless"] is True
    assert {"--no-sandbox", "--disable-gpu", "--no-first-run"} <= set(launch["args"])
    assert built["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 3 and built["PLAYWRIGHT_MAX_CONTEXTS"] == 1
    meta = _js.render_meta("#story p", 5000)
    assert meta["playwright"] is True
    method = meta["playwright_page_methods"][0]
    assert method.method == "wait_for_selector" and method.args == ("#story p",)
    assert "playwright_include_page" not in meta  # scrapy-playwright closes the page itself


class _PlaywrightRequest:
    def __init__(self, url: str, resource_type: str = "xhr"):
        self.url, self.resource_type = url, resource_type


def test_rendered_pages_fetch_no_private_addresses_and_no_images():
    guarded = _js.abort_request_filter(allow_private=False)
    for url in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/admin", "http://[::1]:8080/",
                "http://localhost:6379/", "http://api.localhost/"):
        assert guarded(_PlaywrightRequest(url)), url
    assert not guarded(_PlaywrightRequest("https://www.reuters.com/pf/api/v3/content", "fetch"))
    assert guarded(_PlaywrightRequest("https://www.reuters.com/resizer/photo.jpg", "image"))
    assert not _js.abort_request_filter(allow_private=True)(_PlaywrightRequest("http://127.0.0.1:8000/js/story"))
