"""A store filled by real crawls, for the analyst-facing tests (query, export, report, docs examples).

Two outlets crawled with their generated spiders (``NEWSWATCH_SOURCES``): ``herald`` is the default mock
site (English, Russian and Ukrainian stories, bad pages included); ``beta`` is a second site that republishes
two of the herald's stories (one verbatim, one with a line added) under its own template, plus one story of
its own. So the store holds two outlets, three languages, syndicated copies linked by ``story_id`` and one
``crawl_runs`` document per crawl.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pymongo
import pytest

from newswatch.storage import open_store
from tests._mongo_server import STORE_KINDS
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, default_routes, feed_route, render

BETA_STORIES = {
    # path on beta -> (path of the herald original, or None for beta's own story)
    "/world/grain-exports.html": "/news/redirected-story",
    "/world/baltic-spending.html": "/news/flaky-story",
    "/world/sanctions-package.html": None,
}
_OWN_STORY = [
    "The European Union agreed a new package of sanctions against Russia on Thursday, targeting oil tankers of "
    "the so-called shadow fleet and banks that help Moscow evade earlier restrictions.",
    "Diplomats said the package also lists companies in third countries that supply the Russian military with "
    "drone parts and machine tools. Hungary dropped its objections after talks in Brussels.",
    "Ukraine's foreign minister welcomed the decision and urged the bloc to use frozen Russian assets to fund "
    "Kyiv's air defence and reconstruction.",
]


def _herald_paragraphs(path: str, base: str) -> tuple[str, list[str]]:
    """Title and paragraphs of one of the herald's simple pages, as the herald serves it."""
    routes = default_routes()

    class _Handler:  # the two herald routes used here only read the server's hit counter
        class server:
            hits = {path: 2}

    _, _, body, _ = routes[path](_Handler, base)
    tree = lxml.html.fromstring(body)
    return tree.findtext(".//h1"), [p.text_content() for p in tree.iter("p")]


def _beta_page(title: str, paragraphs: list[str], hours_ago: int, author: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} - Beta Daily</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{{{{iso:{hours_ago}h}}}}">
<meta name="author" content="{author}"></head>
<body><div id="top-bar"><a href="/">Beta Daily</a><a href="/subscribe">Subscribe</a></div>
<div class="layout"><section class="story"><h1 class="headline">{title}</h1><div class="story-text">{body}</div>
</section><aside><h3>Most read</h3><ul><li><a href="/a">Something else</a></li></ul></aside></div>
<div class="footer">Beta Daily Media Group</div></body></html>"""


def beta_routes(herald_base: str) -> dict:
    pages = {}
    for path, original in BETA_STORIES.items():
        if original is None:
            pages[path] = _beta_page("EU adopts new sanctions on Russia's shadow fleet", _OWN_STORY, 3, "Marta Novak")
            continue
        title, paragraphs = _herald_paragraphs(original, herald_base)
        if original == "/news/flaky-story":  # an edited copy: a line of beta's own added
            paragraphs = [*paragraphs, "Beta Daily's correspondent in Vilnius contributed to this report."]
        pages[path] = _beta_page(title, paragraphs, 2, "Marta Novak")
    items = "".join(f"<item><title>x</title><link>{{{{base}}}}{path}</link><pubDate>{{{{rfc822:2h}}}}</pubDate></item>"
                    for path in BETA_STORIES)
    feed = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Beta Daily</title>'
            f"<link>{{{{base}}}}/</link>{items}</channel></rss>")

    def page(template: str):
        return lambda handler, base: (200, "text/html; charset=utf-8", render(template, base).encode(), None)

    routes = {"/robots.txt": lambda handler, base: (200, "text/plain", b"User-agent: *\nAllow: /\n", None),
              "/feed.xml": feed_route(feed, "application/rss+xml")}
    routes.update({path: page(template) for path, template in pages.items()})
    return routes


@dataclass
class AnalystStore:
    """Where the crawled store is: ``store_kwargs`` for ``open_store``, ``cli_args`` for ``newswatch``."""

    store_kwargs: dict
    herald_base: str
    beta_base: str
    kind: str = "sqlite"

    @property
    def is_mongo(self) -> bool:
        return self.kind != "sqlite"

    def documents(self) -> list[dict]:
        """Every stored article, read back in full (the oracle the tests compare outputs with)."""
        store = open_store(**self.store_kwargs, environ={})
        try:
            return list(store.iter_articles())
        finally:
            store.close()

    @property
    def cli_args(self) -> list[str]:
        args = []
        for key, value in self.store_kwargs.items():
            args += [f"--{key.replace('_', '-')}", str(value)]
        return args


def crawl_analyst_store(work: Path, store_env: dict | None = None) -> AnalystStore:
    """Crawl ``herald`` then ``beta`` into the embedded store under ``work``, or into the MongoDB given by
    ``store_env`` (``MONGO_URI``, ``MONGO_DATABASE``, ``MONGO_COLLECTION``)."""
    with MockNewsSite() as herald, MockNewsSite(routes=beta_routes("")) as beta:
        beta.routes.update(beta_routes(herald.base_url))
        sources = work / "sources.yaml"
        sources.write_text(
            f"herald:\n  name: Mock Herald\n  feeds: ['{herald.url('/rss.xml')}', '{herald.url('/atom.xml')}',"
            f" '{herald.url('/rdf.xml')}']\n  sitemaps: ['{herald.url('/robots.txt')}']\n"
            f"beta:\n  name: Beta Daily\n  languages: [en]\n  feeds: ['{beta.url('/feed.xml')}']\n", encoding="utf-8")
        env = {"NEWSWATCH_SOURCES": str(sources), **(store_env or {})}
        for spider in ("herald", "beta"):
            run = run_crawl(work, spider, env=env)
            if run.returncode != 0:
                raise RuntimeError(f"crawl of {spider} failed:\n{run.log[-3000:]}")
        herald_base, beta_base = herald.base_url, beta.base_url
    if store_env:
        kwargs = {"mongo_uri": store_env["MONGO_URI"], "mongo_database": store_env["MONGO_DATABASE"],
                  "mongo_collection": store_env["MONGO_COLLECTION"]}
    else:
        kwargs = {"db_path": work / "newswatch.sqlite3"}
    return AnalystStore(kwargs, herald_base, beta_base)


# --- fixtures: import ``crawled_fixture`` and ``analyst_crawls_fixture`` (and nx_server) into a test module -------


# Module-level, not a fixture's own state: a session fixture imported into two test modules is two fixtures.
_CRAWLS: dict[str, AnalystStore] = {}


@pytest.fixture(scope="session", name="analyst_crawls")
def analyst_crawls_fixture() -> Iterator[dict[str, AnalystStore]]:
    """The crawled stores by kind, each crawled once per test session, whichever module asks first."""
    yield _CRAWLS
    for crawled in list(_CRAWLS.values()):
        if crawled.is_mongo:  # a real MongoDB keeps nothing; nx-27017 may be gone already, with its data
            with contextlib.suppress(pymongo.errors.PyMongoError), pymongo.MongoClient(
                    crawled.store_kwargs["mongo_uri"], serverSelectionTimeoutMS=1000) as client:
                client.drop_database(crawled.store_kwargs["mongo_database"])
    _CRAWLS.clear()


@pytest.fixture(params=STORE_KINDS, name="crawled")
def crawled_fixture(request: pytest.FixtureRequest, analyst_crawls: dict, tmp_path_factory: pytest.TempPathFactory
                    ) -> AnalystStore:
    """The two outlets crawled into each store kind."""
    kind = request.param
    if kind not in analyst_crawls:
        work = tmp_path_factory.mktemp(f"analyst-{kind}")
        if kind == "sqlite":
            analyst_crawls[kind] = crawl_analyst_store(work)
        else:
            uri = (request.getfixturevalue("nx_server").uri if kind == "nx-27017"
                   else os.environ["NEWSWATCH_TEST_MONGO_URI"])
            env = {"MONGO_URI": uri, "MONGO_DATABASE": f"analyst_{uuid.uuid4().hex[:10]}",
                   "MONGO_COLLECTION": "articles"}
            analyst_crawls[kind] = crawl_analyst_store(work, env)
            analyst_crawls[kind].kind = kind
    return analyst_crawls[kind]
