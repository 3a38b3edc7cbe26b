"""Every outlet crawled offline from its fixtures, with its real spider (test helper and coverage report).

``tests/fixtures/outlets/<outlet>/`` holds the outlet's discovery document (``feed.xml``: RSS, Atom or RDF;
``sitemap.xml``: a Google News sitemap; or ``section.html``: the page of an outlet's ``sections:``), its article
page (``article.html``, or ``"article"`` in
``expected.json`` naming a page elsewhere under ``tests/fixtures``, e.g. the cleaning stage's) and
``expected.json``: the article's ``path`` on the mock site and the fields the crawl must store (``title``,
``published_at``, ``authors``, ``language``, ``paragraphs``) plus ``banners``, text that must not survive.
Where ``article`` is a cleaning fixture, ``paragraphs`` and ``banners`` default to its ``.json``;
``paragraphs_file`` names a text file holding the body instead (paragraphs separated by a blank line).

The mock site serves every outlet under ``/<outlet>/...``. A temporary ``NEWSWATCH_SOURCES`` file copies each
outlet's entry from ``newswatch/sources.yaml`` (its clean, metadata, js and politeness rules) with its feeds
and sitemaps replaced by the mock site's. All outlet spiders then run in ONE process (one Scrapy crawler each,
concurrently), which keeps the whole run to seconds instead of a ``scrapy crawl`` start-up per outlet.

    python -m tests.outlet_crawl [OUTLET ...]     # crawl the fixtures, print per-outlet field coverage
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from newswatch.sources import DEFAULT_SOURCES_PATH
from tests.crawling import FAST_SETTINGS, PROJECT_ROOT
from tests.mocksite import render

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUTLET_FIXTURES = FIXTURES / "outlets"
FIELDS = ("title", "published_at", "authors", "language", "body")
_DISCOVERY = {"feed.xml": "feeds", "sitemap.xml": "sitemaps", "section.html": "sections"}
_DISCOVERY_TYPES = {"section.html": "text/html; charset=utf-8"}


@dataclass
class OutletFixture:
    key: str
    discovery: Path          # feed.xml, sitemap.xml or section.html
    article: Path
    expected: dict

    @property
    def kind(self) -> str:
        return _DISCOVERY[self.discovery.name]


def load_fixture(key: str) -> OutletFixture:
    folder = OUTLET_FIXTURES / key
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    discovery = next((folder / name for name in _DISCOVERY if (folder / name).exists()), None)
    if discovery is None:
        raise FileNotFoundError(f"{folder}: no feed.xml, sitemap.xml or section.html")
    article = (folder / expected.get("article", "article.html")).resolve()
    companion = article.with_suffix(".json")
    if "paragraphs_file" in expected:  # a body kept as text elsewhere (the seed page's expected body)
        text = (folder / expected["paragraphs_file"]).resolve().read_text(encoding="utf-8")
        expected.setdefault("paragraphs", [p.strip() for p in text.split("\n\n") if p.strip()])
    if "article" in expected and companion.exists():
        spec = json.loads(companion.read_text(encoding="utf-8"))
        expected.setdefault("paragraphs", spec["article"])
        expected.setdefault("banners", spec["banners"])
    return OutletFixture(key, discovery, article, expected)


def fixture_keys() -> list[str]:
    return sorted(p.name for p in OUTLET_FIXTURES.iterdir() if (p / "expected.json").exists())


def _file_route(path: Path, content_type: str):
    def route(handler, base):
        return 200, content_type, render(path.read_text(encoding="utf-8"), base).encode("utf-8"), None
    return route


def routes(keys: list[str]) -> dict:
    """Every outlet's discovery document at ``/<outlet>/<file>`` and its article at ``expected["path"]``."""
    table = {}
    for key in keys:
        fixture = load_fixture(key)
        table[f"/{key}/{fixture.discovery.name}"] = _file_route(
            fixture.discovery, _DISCOVERY_TYPES.get(fixture.discovery.name, "application/xml; charset=utf-8"))
        table[fixture.expected["path"]] = _file_route(fixture.article, "text/html; charset=utf-8")
    return table


def write_sources(path: Path, base_url: str, keys: list[str]) -> Path:
    """A sources file whose entries are the real ones, aimed at the mock site."""
    real = yaml.safe_load(DEFAULT_SOURCES_PATH.read_text(encoding="utf-8"))
    entries = {}
    for key in keys:
        fixture = load_fixture(key)
        entry = dict(real[key])
        entry["feeds"], entry["sitemaps"] = [], []
        entry.pop("sections", None)  # the real site's pages: never fetched by the tests
        entry[fixture.kind] = [f"{base_url}/{key}/{fixture.discovery.name}"]
        entries[key] = entry
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class MultiCrawl:
    returncode: int
    log: str
    stats: dict[str, dict]
    db_path: Path


def crawl_all(tmp_path: Path, base_url: str, keys: list[str], timeout: float = 240) -> MultiCrawl:
    """Run every outlet's spider on the mock site in one subprocess; stats per outlet, one store."""
    sources = write_sources(tmp_path / "sources.yaml", base_url, keys)
    db_path = tmp_path / "outlets.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    env.update({"NEWSWATCH_SOURCES": str(sources), "NEWSWATCH_DB_PATH": str(db_path),
                "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"), "NEWSWATCH_TOPIC_FILTER": "tag"})
    cmd = [sys.executable, "-m", "tests.outlet_crawl", "--run", str(tmp_path), *keys]
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    stats = {}
    for key in keys:
        stats_file = tmp_path / f"stats-{key}.json"
        stats[key] = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return MultiCrawl(proc.returncode, proc.stderr + proc.stdout, stats, db_path)


def _run_in_process(out_dir: Path, keys: list[str]) -> int:
    """The subprocess side of :func:`crawl_all`: one CrawlerProcess, one Crawler per outlet."""
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    fast = {**FAST_SETTINGS, "NEWSWATCH_EXTRACT_WORKERS": "0", "NEWSWATCH_INCREMENTAL": "0",
            "NEWSWATCH_CONDITIONAL": "0"}
    for name, value in fast.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    loader = get_spider_loader(settings)
    for n, key in enumerate(keys):
        own = settings.copy()
        own.set("NEWSWATCH_STATS_FILE", str(out_dir / f"stats-{key}.json"), priority="cmdline")
        # The first crawler installs the (asyncio) reactor, as CrawlerProcess does for its own crawlers.
        process.crawl(Crawler(loader.load(key), own, init_reactor=n == 0), since="all")
    process.start()
    return 1 if getattr(process, "bootstrap_failed", False) else 0


def coverage(docs: list[dict], keys: list[str]) -> dict[str, dict[str, float]]:
    """Per outlet, the share of its stored articles that have each of :data:`FIELDS`."""
    table = {}
    for key in keys:
        mine = [d for d in docs if d.get("source") == key]
        table[key] = {"articles": len(mine)} | {
            field: (sum(1 for d in mine if d.get(field)) / len(mine) if mine else 0.0) for field in FIELDS}
    return table


def _main(argv: list[str]) -> int:
    if argv[:1] == ["--run"]:
        return _run_in_process(Path(argv[1]), argv[2:])
    import tempfile

    from newswatch.storage import SqliteStore
    from tests.mocksite import MockNewsSite

    keys = argv or fixture_keys()
    with tempfile.TemporaryDirectory() as tmp, MockNewsSite(routes=routes(keys)) as site:
        run = crawl_all(Path(tmp), site.base_url, keys)
        store = SqliteStore(run.db_path)
        store.open()
        try:
            docs = list(store.iter_articles())
        finally:
            store.close()
    table = coverage(docs, keys)
    print(f"| outlet | articles | {' | '.join(FIELDS)} |")
    print("|---|---:|" + "---:|" * len(FIELDS))
    for key, row in table.items():
        print(f"| {key} | {row['articles']} | " + " | ".join(f"{row[f]:.0%}" for f in FIELDS) + " |")
    total = len(docs)
    print(f"| **all ({len(keys)} outlets)** | {total} | " + " | ".join(
        f"{sum(1 for d in docs if d.get(f)) / total:.0%}" if total else "-" for f in FIELDS) + " |")
    if run.returncode:
        print(run.log[-3000:], file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
