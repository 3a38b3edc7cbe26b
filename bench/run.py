"""`make bench`: the end-to-end benchmark, with the machine's limit and a peer beside it.

For each N (default 1000; ``--n 1000,10000,100000``) it serves a loopback mirror
of N article pages (bench/mirror.py) and runs, against the same mirror:

* **newswatch**: the full ``scrapy crawl`` (fetch -> extract -> clean -> topics ->
  dedup -> store into a fresh embedded store), politeness limits lifted for loopback;
* **limit**: a bare Scrapy spider fetching the same pages and doing nothing;
* **peer**: plain trafilatura (``extract`` + ``extract_metadata``) over the same
  pages, one process, no pipeline (on up to ``--peer-pages`` pages).

It prints articles/s, newswatch's share of the limit, the speed-up over the
peer, where the time went (per-stage seconds from the crawl stats) and the peak
RSS of the crawl's whole process tree (the crawler and its extraction workers).
``--json FILE`` also writes the figures. ``--smoke`` is the CI-sized run (N=300).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.mirror import MirrorSite, page

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "0",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "WARNING",
    "ROBOTSTXT_OBEY": "0",
    "NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1",
}


class TreeRSS:
    """Samples the summed RSS of a process and its descendants (bytes) until stopped."""

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _children() -> dict[int, list[int]]:
        tree: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                tree.setdefault(ppid, []).append(int(entry.name))
        return tree

    def _sample(self) -> int:
        tree, total, todo = self._children(), 0, [self.pid]
        while todo:
            pid = todo.pop()
            todo.extend(tree.get(pid, []))
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1]) * 1024
            except OSError:
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _scrapy(cmd: list[str], settings: dict, env: dict) -> tuple[float, int, dict]:
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeRSS(proc.pid) as rss:
        _, err = proc.communicate()
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
        raise SystemExit(f"{cmd[:4]} failed with rc={proc.returncode}")
    return elapsed, rss.peak, {}


def run_newswatch(site: MirrorSite, tmp: Path) -> dict:
    stats_file = tmp / "stats.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    env.update({"NEWSWATCH_DB_PATH": str(tmp / "bench.sqlite3"), "NEWSWATCH_SPILL_DIR": str(tmp / "spill"),
                "NEWSWATCH_TOPIC_FILTER": "tag", "NEWSWATCH_STATS_FILE": str(stats_file)})
    cmd = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", f"sitemaps={site.base_url}/sitemap_index.xml",
           "-a", "since=all"]
    elapsed, peak, _ = _scrapy(cmd, LOOPBACK_SETTINGS, env)
    stats = json.loads(stats_file.read_text())
    stored = stats.get("newswatch/store/inserted", 0) + stats.get("newswatch/store/updated", 0) + \
        stats.get("newswatch/store/unchanged", 0)
    crawl_seconds = stats.get("elapsed_time_seconds") or elapsed
    stages = {k.removeprefix("newswatch/time/"): round(v, 2) for k, v in sorted(stats.items())
              if k.startswith("newswatch/time/")}
    return {"seconds": round(elapsed, 2), "crawl_seconds": round(crawl_seconds, 2), "articles": stored,
            "pages": stats.get("newswatch/article/parsed", 0), "peak_rss_mb": round(peak / 2**20),
            "articles_per_s": round(stored / crawl_seconds, 1), "stage_seconds": stages,
            "dropped": {k.split("/", 2)[-1]: v for k, v in stats.items() if "/dropped/" in k}}


def run_limit(site: MirrorSite, tmp: Path) -> dict:
    stats_file = tmp / "limit-stats.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "limit_spider.py"),
           "-a", f"sitemap={site.base_url}/sitemap_index.xml"]
    elapsed, peak, _ = _scrapy(cmd, {**LOOPBACK_SETTINGS, "STATS_DUMP": "1",
                                     "EXTENSIONS": "{}", "LOG_FILE": str(tmp / "limit.log"),
                                     "LOG_LEVEL": "INFO"}, env)
    pages = _pages_from_log(tmp / "limit.log")
    crawl_seconds = _elapsed_from_log(tmp / "limit.log") or elapsed
    del stats_file
    return {"seconds": round(elapsed, 2), "crawl_seconds": round(crawl_seconds, 2), "pages": pages,
            "pages_per_s": round(pages / crawl_seconds, 1), "peak_rss_mb": round(peak / 2**20)}


def _stat_from_log(path: Path, key: str) -> float | None:
    for line in path.read_text().splitlines():
        if f"'{key}':" in line:
            return float(line.split(":", 1)[1].strip().rstrip(",}"))
    return None


def _pages_from_log(path: Path) -> int:
    return int(_stat_from_log(path, "limit/pages") or 0)


def _elapsed_from_log(path: Path) -> float | None:
    return _stat_from_log(path, "elapsed_time_seconds")


def run_peer(site: MirrorSite, n: int) -> dict:
    import trafilatura

    now = datetime.now(UTC)
    times = []
    for i in range(n):
        html = page(i, site.base_url, now).decode("utf-8")
        started = time.perf_counter()
        trafilatura.extract(html, url=f"{site.base_url}/a/{i}.html", with_metadata=True)
        times.append(time.perf_counter() - started)
    total = sum(times)
    return {"pages": n, "seconds": round(total, 2), "articles_per_s": round(n / total, 1),
            "median_ms": round(statistics.median(times) * 1000, 1)}


def bench(n: int, peer_pages: int) -> dict:
    with MirrorSite(n) as site, tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"N={n}: mirror on {site.base_url}", flush=True)
        limit = run_limit(site, tmp)
        print(f"  limit     {limit['pages_per_s']:8.1f} pages/s   ({limit['pages']} pages, "
              f"{limit['crawl_seconds']}s, peak RSS {limit['peak_rss_mb']} MB)", flush=True)
        full = run_newswatch(site, tmp)
        print(f"  newswatch {full['articles_per_s']:8.1f} articles/s ({full['articles']} stored of {full['pages']} "
              f"pages, {full['crawl_seconds']}s, peak RSS {full['peak_rss_mb']} MB)", flush=True)
        peer = run_peer(site, min(n, peer_pages))
        print(f"  peer      {peer['articles_per_s']:8.1f} articles/s (plain trafilatura, one process, "
              f"{peer['pages']} pages, median {peer['median_ms']} ms/page)", flush=True)
    share = full["articles_per_s"] / limit["pages_per_s"] if limit["pages_per_s"] else 0
    speedup = full["articles_per_s"] / peer["articles_per_s"] if peer["articles_per_s"] else 0
    print(f"  share of limit {share:.0%}; {speedup:.1f}x the peer", flush=True)
    print("  where the time went (seconds, summed; extract_* on worker processes):", flush=True)
    for stage, seconds in full["stage_seconds"].items():
        print(f"    {stage:28} {seconds:8.2f}", flush=True)
    return {"n": n, "newswatch": full, "limit": limit, "peer": peer,
            "share_of_limit": round(share, 3), "speedup_vs_peer": round(speedup, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1000", help="comma-separated page counts (default 1000)")
    parser.add_argument("--peer-pages", type=int, default=500, help="pages the peer extracts (default 500)")
    parser.add_argument("--smoke", action="store_true", help="CI-sized run: N=300, 100 peer pages")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [300] if args.smoke else [int(x) for x in args.n.split(",")]
    peer_pages = 100 if args.smoke else args.peer_pages
    print(f"newswatch benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores", flush=True)
    results = [bench(n, peer_pages) for n in sizes]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
