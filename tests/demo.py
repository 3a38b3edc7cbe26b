"""`make demo`: crawl the bundled mock news site offline and print what was stored.

Starts the mock site on a free loopback port, runs a real ``scrapy crawl feeds``
over its feeds and sitemaps into ``data/demo.sqlite3`` (recreated each time), then
prints the stored articles and the crawl's articles per second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.crawling import PROJECT_ROOT, run_crawl
from tests.mocksite import MockNewsSite


def main() -> int:
    db_path = PROJECT_ROOT / "data" / "demo.sqlite3"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in db_path.parent.glob(db_path.name + "*"):
        leftover.unlink()
    with MockNewsSite() as site, tempfile.TemporaryDirectory() as tmp:
        print(f"mock news site on {site.base_url}")
        started = time.monotonic()
        run = run_crawl(
            Path(tmp),
            args={"feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
                  "sitemaps": site.url("/robots.txt")},
            env={"NEWSWATCH_TOPIC_FILTER": "drop"},
            db_path=db_path,
        )
        elapsed = time.monotonic() - started
    if run.returncode != 0:
        print(run.log[-4000:], file=sys.stderr)
        print(f"crawl failed (rc={run.returncode})", file=sys.stderr)
        return 1
    docs = sorted(run.stored(), key=lambda d: d.get("published_at") or d["first_seen_at"], reverse=True)
    print(f"\nstored {len(docs)} article(s) in {db_path.relative_to(PROJECT_ROOT)}:\n")
    print(f"{'published (UTC)':17}  {'lang':4}  {'words':>5}  {'topics':20}  title")
    for doc in docs:
        published = doc["published_at"].strftime("%Y-%m-%d %H:%M") if doc.get("published_at") else "-"
        topics = ",".join(doc.get("topic_names") or []) or "-"
        print(f"{published:17}  {doc.get('language') or '-':4}  {doc.get('word_count', 0):>5}  {topics:20}  "
              f"{doc['title'][:70]}")
        print(f"{'':17}  by {', '.join(doc.get('authors') or []) or '-'}  <{doc['url']}>")
    dropped = {k.rsplit("/", 1)[-1]: v for k, v in run.stats.items() if k.startswith("newswatch/") and "/dropped/" in k}
    print(f"\ndropped: {dropped or 'none'}")
    crawl_seconds = run.stats.get("elapsed_time_seconds") or elapsed
    print(f"{len(docs)} articles in {crawl_seconds:.2f}s crawl time "
          f"({len(docs) / crawl_seconds:.1f} articles/s; {elapsed:.2f}s including process start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
