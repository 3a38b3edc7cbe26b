"""How long a big feed or sitemap blocks the crawl's event loop (the reactor), parsed four ways.

    .venv/bin/python -m bench.feed_blocking                  # 50,000-entry RSS feed and sitemap, 5 rounds
    .venv/bin/python -m bench.feed_blocking --entries 10000 --rounds 3

A 1 ms ticker runs on an asyncio loop (the crawl's reactor is Twisted's asyncio reactor) while the document is
parsed: inline on the loop (what the spider did), in a thread (``loop.run_in_executor``, what ``deferToThread``
does; lxml releases the GIL while libxml2 parses, not while the entries are read in Python), and on a worker
process of :class:`newswatch.process.WorkerPool`, sending back ``Entry`` objects (``worker-entries``) or plain
rows (``worker-rows``, what the spider does now: the loop only pickles the body out, unpickles the rows and builds
the first 1,000 entries it hands out). Printed per way, medians over the rounds (interleaved, same process): the
longest single stall of the loop (the worst delay any request, answer or timer sees), the total time the loop
was late, the wall time until the entries were there (these three under the ticker, and moved by other load on
the machine), and the loop thread's own CPU time in a run without the ticker (``time.thread_time``, the figure
least moved by that load; a thread's parse is not in it, though it takes the GIL from the loop 5 ms at a time).
Also checks that every way gives the same entries.

Measured 2026-11-27 (``--rounds 3``, 50,000 entries, medians; load average 10-12 on the 2 cores from other work,
so the wall-clock columns are inflated and only the loop CPU is a clean figure):

    document              way            longest stall  loop late   wall   loop CPU
    feed 21.5 MB          inline             24,364 ms   24,425 ms  24.4 s    5.05 s
                          thread                376 ms   13,216 ms  14.4 s    0.04 s
                          worker-entries      1,437 ms   15,029 ms  23.4 s    0.68 s
                          worker-rows           504 ms   19,874 ms  30.2 s    0.08 s
    news sitemap 14.7 MB  inline              9,197 ms    9,221 ms   9.2 s    3.33 s
                          thread                450 ms    9,297 ms  10.0 s    0.12 s
                          worker-entries      1,595 ms    3,931 ms   8.8 s    0.54 s
                          worker-rows           291 ms    9,856 ms  16.0 s    0.07 s

A thread spares the loop's CPU but not its time: it holds the GIL while the entries are built (most of the
parse), so the loop ran only in the 5 ms gaps and was late for nearly the whole parse. The worker process takes
the parse off the loop altogether; sending plain rows back instead of ``Entry`` objects cuts what the loop pays
to unpickle them from ~0.6 s to ~0.07 s. Same entries every way.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta

from newswatch.discovery import Entry, feed_rows, parse_feed, parse_sitemap, sitemap_rows
from newswatch.process import WorkerPool

_TICK = 0.001


def big_feed(entries: int) -> bytes:
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    items = []
    for n in range(entries):
        date = (now - timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(
            f"<item><title>Russian drones strike Kharkiv energy grid, report {n}</title>"
            f"<link>https://news.example/world/2026/11/27/story-{n}</link>"
            f'<guid isPermaLink="false">story-{n}</guid><pubDate>{date}</pubDate>'
            f"<category>Ukraine</category><category>NATO</category><dc:creator>Olena Kovalenko</dc:creator>"
            f"<description>Ukraine's air force said it shot down 40 of 55 drones overnight ({n}).</description></item>"
        )
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<channel><title>Big</title><language>en</language>" + "".join(items) + "</channel></rss>").encode()


def big_sitemap(entries: int) -> bytes:
    urls = "".join(
        f"<url><loc>https://news.example/world/2026/11/27/story-{n}</loc><news:news><news:publication>"
        "<news:name>News</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>2026-11-27T10:{n % 60:02d}:00Z</news:publication_date>"
        f"<news:title>Story {n}</news:title></news:news></url>" for n in range(entries))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>").encode()


async def _loop_cpu(run) -> float:
    cpu = time.thread_time()
    await run()
    return time.thread_time() - cpu


async def _measure(run) -> tuple[float, float, float, float, object]:
    """(longest stall ms, total lateness ms, wall s, loop CPU s, result) of awaiting ``run()`` under a 1 ms
    ticker."""
    loop = asyncio.get_running_loop()
    stalls: list[float] = []
    done = False

    def tick(expected: float) -> None:
        now = loop.time()
        stalls.append(max(0.0, now - expected))
        if not done:
            loop.call_at(now + _TICK, tick, now + _TICK)

    loop.call_at(loop.time() + _TICK, tick, loop.time() + _TICK)
    await asyncio.sleep(0.01)
    started, cpu = time.perf_counter(), time.thread_time()
    result = await run()
    wall, cpu = time.perf_counter() - started, time.thread_time() - cpu
    done = True
    await asyncio.sleep(0.01)
    return max(stalls) * 1000, sum(stalls) * 1000, wall, cpu, result


async def _main(args) -> None:
    loop = asyncio.get_running_loop()
    pool = WorkerPool(1)
    documents = {"feed": (parse_feed, feed_rows, big_feed(args.entries)),
                 "sitemap": (lambda *a: parse_sitemap(*a).entries, lambda *a: sitemap_rows(*a)[0],
                             big_sitemap(args.entries))}
    await pool.run(parse_feed, big_feed(10), "https://news.example/")  # the worker is up and warm

    for name, (parse, _, body) in documents.items():
        url = "https://news.example/feed.xml"
        rows_fn = feed_rows if name == "feed" else sitemap_rows

        async def inline(parse=parse, body=body, url=url):
            return [e.row() for e in parse(body, url)]

        async def thread(parse=parse, body=body, url=url):
            return [e.row() for e in await loop.run_in_executor(None, parse, body, url)]

        async def worker_entries(name=name, body=body, url=url):
            entries = await pool.run(parse_feed if name == "feed" else parse_sitemap, body, url)
            return [e.row() for e in (entries if name == "feed" else entries.entries)]

        async def worker_rows(rows_fn=rows_fn, body=body, url=url):
            rows = await pool.run(rows_fn, body, url)
            rows = rows if isinstance(rows, list) else rows[0]
            [Entry(*row) for row in rows[:1000]]  # what the spider builds of them at once
            return rows

        ways = {"inline": inline, "thread": thread, "worker-entries": worker_entries, "worker-rows": worker_rows}
        figures: dict[str, list[tuple[float, float, float, float]]] = {way: [] for way in ways}
        results = {}
        for _ in range(args.rounds):
            for way, run in ways.items():  # interleaved: the machine's load hits every way alike
                stall, late, wall, _, result = await _measure(run)
                cpu = await _loop_cpu(run)
                figures[way].append((stall, late, wall, cpu))
                results[way] = result
        same = len({repr(r) for r in results.values()}) == 1
        print(f"\n{name}: {len(results['inline'])} entries, {len(body) / 1e6:.1f} MB; medians of {args.rounds} "
              f"rounds; same entries every way: {same}")
        print(f"{'way':15} {'longest stall ms':>17} {'loop late ms':>13} {'wall s':>7} {'loop CPU s':>11}")
        for way, rows in figures.items():
            medians = [statistics.median(r[i] for r in rows) for i in range(4)]
            print(f"{way:15} {medians[0]:17.1f} {medians[1]:13.1f} {medians[2]:7.2f} {medians[3]:11.2f}")
    pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
