"""README "Adding an outlet" on outlets nobody had seen (round 3): whole mock sites, discovery end to end.

``tests/fixtures/outlets3/<key>/`` (written by ``_build.py`` there) holds an outlet's entry as the README's
steps make it (``source.yaml``), its mock site (``routes.json``: path -> file or redirect; ``site/``) and
``expected.json``: every story a crawl since its ``since`` must store (url, language, published in UTC) and nothing
else. The sites serve what the outlets really do: RSS 2.0 with media/dc, Atom, Google News sitemaps, sitemap
indexes by date, hreflang editions, redirecting feed URLs, an "http" origin that answers 301 to an "https" one
(a second mock server), feeds with items older than the window, a windows-1251 feed, a section page with no feed.
All outlets run in ONE crawl process (one Scrapy crawler each), against two loopback servers.

    python -m tests.test_outlets3 [OUTLET ...]     # per outlet: stories stored right / missing / extra
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.crawling import FAST_SETTINGS, PROJECT_ROOT
from tests.mocksite import MockNewsSite

SET = Path(__file__).resolve().parent / "fixtures" / "outlets3"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {}


def outlet_keys(folder: Path = SET) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if (p / "expected.json").exists())


def _fill(data: bytes, origins: dict[str, str]) -> bytes:
    """``{{base}}``, ``{{alt}}``: the two origins; ``{{base_named}}``, ``{{alt_named}}``: the same servers under another
    host name (``localhost``, still 127.0.0.1): an outlet's other host (``news.``, ``feeds.``)."""
    for name in ("base", "alt"):
        origin = origins[name]
        data = data.replace(b"{{%s_named}}" % name.encode(), origin.replace("127.0.0.1", "localhost").encode())
        data = data.replace(b"{{%s}}" % name.encode(), origin.encode())
    return data


def site_routes(keys: list[str], origins: dict[str, str], which: str, folder: Path = SET) -> dict:
    """The route table of one origin (``base``: the "http" one, ``alt``: the "https" one) for every outlet."""
    table = {}
    for key in keys:
        spec = json.loads((folder / key / "routes.json").read_text(encoding="utf-8"))
        for path, route in spec.items():
            table[path] = _route(folder / key / "site", path, route, origins, which)
    return table


#: Requests answered recently per rate-limited site (``rate_limit`` routes), and its lock (the server is threaded).
_RECENT: dict[tuple[str, str], list[float]] = {}
_RECENT_LOCK = threading.Lock()


def _over_rate(site: Path, which: str, limit: dict) -> bool:
    """True when ``site`` (on origin ``which``) has answered ``limit["requests"]`` requests in the last
    ``limit["per"]`` seconds (this one is then refused); else this one is counted."""
    now = time.monotonic()
    with _RECENT_LOCK:
        recent = [t for t in _RECENT.get((str(site), which), []) if now - t < limit["per"]]
        refused = len(recent) >= limit["requests"]
        _RECENT[(str(site), which)] = recent if refused else [*recent, now]
    return refused


def _by_language(accept: str, offered: dict) -> dict | None:
    """The spec of ``offered`` (language -> spec) that an ``Accept-Language`` header prefers, or ``None``."""
    ranked = []
    for n, part in enumerate(accept.split(",")):
        tag, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, n, tag.strip().lower().split("-")[0]))
    return next((offered[tag] for weight, _, tag in sorted(ranked) if weight < 0 and tag in offered), None)


def _route(site: Path, path: str, route: dict, origins: dict[str, str], which: str):
    queries = {_fill(query.encode(), origins).decode(): spec for query, spec in route.get("query", {}).items()}

    def answer(handler, base):
        # ``rate_limit``: {"requests": N, "per": seconds, "retry_after": "1"}: the outlet's whole site answers 429
        # past N requests in that many seconds, as a CDN's rate limit does
        limit = route.get("rate_limit")
        if limit and _over_rate(site, which, limit):
            return 429, "text/html", b"<html><body><h1>429 Too Many Requests</h1></body></html>", {
                "Retry-After": limit["retry_after"]}
        # ``query``: what the same path serves under a query string (a feed's ``?paged=2``, an ``?outputType=amp``,
        # a redirector's ``?url=``: a query's spec may redirect too)
        asked = queries.get(handler.path.partition("?")[2], route)
        # ``languages``: {code: spec}: what the same URL serves to a reader whose Accept-Language prefers that code
        # (content negotiation; the route's own spec for any other)
        chosen = _by_language(handler.headers.get("Accept-Language", ""), route.get("languages", {}))
        asked = chosen or asked
        if "redirect" in asked:
            target = _fill(asked["redirect"].encode(), origins).decode()
            return asked.get("status", 301), "text/html", b"", {"Location": target}
        if route.get("https_only") and which == "base":
            return 301, "text/html", b"", {"Location": origins["alt"] + path}
        spec = route["on_alt"] if which == "alt" and "on_alt" in route else route  # another host, same path
        spec = chosen or queries.get(handler.path.partition("?")[2], spec)
        # ``etag`` / ``last_modified``: validators of the file; a request that sends them back is answered 304
        headers = {k: spec[f] for k, f in (("ETag", "etag"), ("Last-Modified", "last_modified")) if spec.get(f)}
        if "languages" in route:
            headers["Vary"] = "Accept-Language"
        if (spec.get("etag") and spec["etag"] in handler.headers.get("If-None-Match", "")) or (
                spec.get("last_modified") and handler.headers.get("If-Modified-Since") == spec["last_modified"]):
            handler.server.not_modified[path] += 1
            return 304, spec["type"], b"", headers
        body = _fill((site / spec["file"]).read_bytes(), origins)
        return 200, spec["type"], gzip.compress(body, mtime=0) if spec.get("gzip") else body, headers or None
    return answer


def write_sources(target: Path, keys: list[str], origins: dict[str, str], folder: Path = SET) -> Path:
    text = "\n".join(_fill((folder / key / "source.yaml").read_bytes(), origins).decode("utf-8") for key in keys)
    yaml.safe_load(text)  # a broken entry fails here, not in the crawl's subprocess
    target.write_text(text, encoding="utf-8")
    return target


def expected_stories(key: str, origins: dict[str, str], folder: Path = SET) -> tuple[str, dict[str, tuple]]:
    """(since, url -> (language, published)) of the outlet."""
    spec = json.loads(_fill((folder / key / "expected.json").read_bytes(), origins))
    return spec["since"], {s["url"]: (s["language"], datetime.fromisoformat(s["published"])) for s in spec["stories"]}


def crawl(tmp: Path, keys: list[str], folder: Path = SET, timeout: float = 240, *, runs: int = 1,
          topic_filter: str = "tag"):
    """Serve the outlets on two loopback origins, crawl them all in one process; (docs, log, stats, origins, hits).

    ``runs`` > 1: the set is crawled that many times into one store, as a schedule would, incremental and conditional
    (ETag) requests on; ``hits["not_modified"]``: the 304s each path answered. ``topic_filter``:
    ``NEWSWATCH_TOPIC_FILTER`` (``drop``: what a user gets, off-topic stories not stored)."""
    origins: dict[str, str] = {}
    base_routes: dict = {"/": None}
    alt_routes: dict = {"/": None}
    with MockNewsSite(routes=base_routes) as base, MockNewsSite(routes=alt_routes) as alt:
        origins.update(base=base.base_url, alt=alt.base_url)
        base_routes.clear()
        alt_routes.clear()
        base_routes.update(site_routes(keys, origins, "base", folder))
        alt_routes.update(site_routes(keys, origins, "alt", folder))
        since = {expected_stories(k, origins, folder)[0] for k in keys}
        assert len(since) == 1, since
        sources = write_sources(tmp / "sources.yaml", keys, origins, folder)
        db_path = tmp / "outlets3.sqlite3"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
        env.update({"NEWSWATCH_SOURCES": str(sources), "NEWSWATCH_DB_PATH": str(db_path),
                    "NEWSWATCH_SPILL_DIR": str(tmp / "spill"), "NEWSWATCH_TOPIC_FILTER": topic_filter,
                    "NEWSWATCH_ALARM_EXIT_STATUS": "0"})
        since_arg = since.pop()
        log = ""
        for _ in range(runs):
            cmd = [sys.executable, "-m", "tests.test_outlets3", "--run" if runs == 1 else "--rerun", str(tmp),
                   since_arg, *keys]
            proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout)
            log += proc.stderr + proc.stdout
            if proc.returncode:
                break
        hits = {"base": dict(base.hits), "alt": dict(alt.hits),
                "not_modified": dict(base.not_modified + alt.not_modified)}
    stats = {}
    for key in keys:
        path = tmp / f"stats-{key}.json"
        stats[key] = json.loads(path.read_text()) if path.exists() else {}
    from newswatch.storage import SqliteStore

    docs = []
    if db_path.exists():
        store = SqliteStore(db_path)
        store.open()
        try:
            docs = list(store.iter_articles())
        finally:
            store.close()
    return docs, proc.returncode, log, stats, origins, hits


def _run_in_process(out_dir: Path, since: str, keys: list[str], *, scheduled: bool = False) -> int:
    """The subprocess side of :func:`crawl`: one CrawlerProcess, one Crawler per outlet, ``since`` the set's;
    ``scheduled``: incremental and conditional requests as configured (on by default), not a backfill."""
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    fast = {**FAST_SETTINGS, "NEWSWATCH_EXTRACT_WORKERS": "0"}
    if not scheduled:
        fast.update(NEWSWATCH_INCREMENTAL="0", NEWSWATCH_CONDITIONAL="0")
    for name, value in fast.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    loader = get_spider_loader(settings)
    for n, key in enumerate(keys):
        own = settings.copy()
        own.set("NEWSWATCH_STATS_FILE", str(out_dir / f"stats-{key}.json"), priority="cmdline")
        process.crawl(Crawler(loader.load(key), own, init_reactor=n == 0), since=since)
    process.start()
    return 1 if getattr(process, "bootstrap_failed", False) else 0


def misses(key: str, docs: list[dict], origins: dict[str, str], folder: Path = SET) -> dict[str, list]:
    """What the crawl stored wrong for the outlet: ``missing``, ``extra`` urls, ``wrong`` (url, field, got, want)."""
    _, want = expected_stories(key, origins, folder)
    mine = [d for d in docs if d.get("source") == key]
    got: dict[str, list[dict]] = {}
    for doc in mine:
        got.setdefault(doc["url"], []).append(doc)
    wrong = []
    for url, (language, published) in want.items():
        for doc in got.get(url, [])[:1]:
            if doc.get("language") != language:
                wrong.append((url, "language", doc.get("language"), language))
            if doc.get("published_at") != published:
                wrong.append((url, "published", doc.get("published_at"), published))
    extra = [url for url in got if url not in want] + [url for url, ds in got.items() if len(ds) > 1]
    found = {"missing": [u for u in want if u not in got], "extra": extra, "wrong": wrong}
    return {k: v for k, v in found.items() if v}


def score(keys: list[str], docs: list[dict], origins: dict[str, str], folder: Path = SET) -> dict:
    """Outlets exact, stories stored right (of expected), extras."""
    exact, right, total, extra = 0, 0, 0, 0
    for key in keys:
        _, want = expected_stories(key, origins, folder)
        wrong = misses(key, docs, origins, folder)
        exact += not wrong
        total += len(want)
        bad = set(wrong.get("missing", [])) | {w[0] for w in wrong.get("wrong", [])}
        right += len([u for u in want if u not in bad])
        extra += len(wrong.get("extra", []))
    return {"outlets": len(keys), "exact": exact, "stories": total, "right": right, "extra": extra}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    keys = outlet_keys()
    docs, returncode, log, stats, origins, hits = crawl(tmp_path_factory.mktemp("outlets3"), keys)
    assert returncode == 0, log[-4000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 1500:][:4000]
    return docs, origins, stats


@pytest.mark.parametrize("outlet", [
    pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[key])) if key in KNOWN_MISSES else key
    for key in outlet_keys()])
def test_outlet_stores_its_stories_and_nothing_else(crawled, outlet):
    docs, origins, stats = crawled
    assert misses(outlet, docs, origins) == {}, {k: v for k, v in stats[outlet].items() if "newswatch/" in k}


def _main(argv: list[str]) -> int:
    if argv[:1] in (["--run"], ["--rerun"]):
        return _run_in_process(Path(argv[1]), argv[2], argv[3:], scheduled=argv[0] == "--rerun")
    import tempfile

    keys = argv or outlet_keys()
    with tempfile.TemporaryDirectory() as tmp:
        docs, returncode, log, stats, origins, hits = crawl(Path(tmp), keys)
    for key in keys:
        wrong = misses(key, docs, origins)
        print(f"{key}: {'ok' if not wrong else ''}")
        for field, values in wrong.items():
            for value in values:
                print(f"  {field}: {value}")
        if wrong:
            print("  stats:", {k.removeprefix("newswatch/"): v for k, v in stats[key].items()
                               if k.startswith("newswatch/discovery") or "dropped" in k or "item_dropped" in k})
    print(score(keys, docs, origins))
    if returncode:
        print(log[-3000:], file=sys.stderr)
    return returncode


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
