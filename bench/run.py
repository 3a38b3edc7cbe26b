"""`make bench`: the end-to-end benchmark, with the machine's limit and a peer beside it.

For each N (default 1000; ``--n 1000,10000,100000``) it serves a loopback mirror
of N article pages (bench/mirror.py) and runs, against the same mirror:

* **newswatch**: the full ``scrapy crawl`` (fetch -> extract -> clean -> topics ->
  dedup -> store into a fresh embedded store), politeness limits lifted for loopback;
* **limit**: a bare Scrapy spider fetching the same pages and doing nothing;
* **peer**: plain trafilatura (``extract`` + ``extract_metadata``) over the same
  pages, one process, no pipeline (on up to ``--peer-pages`` pages).

It prints articles/s, newswatch's share of the limit, the speed-up over the
peer (and over news-please's figure measured on this machine, see ``NEWS_PLEASE``),
where the time went (per-stage ms per article from the crawl stats: the pipelines'
own time on the reactor thread, the store thread's batch writes, the rest on the worker processes), the CPU time
of the crawl and of the mirror, and the peak memory of the crawl's whole process
tree (the crawler, the fork server and its workers): summed PSS, which counts
pages shared between the processes once, and summed RSS, which counts them in
every process. Then, on the same pages in one process, extraction per page
against plain trafilatura, and what cleaning adds.

``--json FILE`` also writes the figures. ``--smoke`` is the CI-sized run (N=300). ``--only newswatch`` runs the
crawl alone (its rate and memory; ``--progress`` lines give the PSS of each process of the tree, the crawler first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
#: news-please 1.6.16 on this machine against a loopback copy of 181 real article pages (issue 10): 4.4
#: articles/s inside Scrapy, 3.5 for the whole command, on one core. Not re-run here (it is not installed).
NEWS_PLEASE = 3.5
#: Seconds between progress lines during a crawl (``--progress``; 0: none).
PROGRESS_SECONDS = 0
#: Stages timed by the pipeline manager on the reactor thread; the store pipeline's thread writes the batches
#: (``store_write``); every other stage runs on the workers.
_REACTOR = "Pipeline"
_STORE_THREAD = "store_write"


class TreeRSS:
    """Samples a process and its descendants until stopped: peak summed RSS and PSS (bytes), CPU seconds.

    RSS counts the pages the fork server shares with its workers (libraries, the language model) once per
    process; PSS divides each shared page among the processes sharing it, so summed PSS is the memory the
    tree really holds. ``peak_process`` is the largest RSS any single process of the tree reached, read from
    the kernel's high-water mark (``VmHWM``), so a spike shorter than the sampling interval counts (what
    ``/usr/bin/time -v`` reports for a process). PSS and summed RSS are sampled every ``interval`` seconds.
    """

    def __init__(self, pid: int, interval: float = 0.25):
        self.pid, self.interval, self.peak, self.peak_pss, self.last, self.last_pss = pid, interval, 0, 0, 0, 0
        self.peak_process, self.last_main = 0, 0
        self.last_each: dict[int, tuple[int, int]] = {}  # pid -> (RSS, PSS) at the last sample
        self._cpu: dict[int, float] = {}  # last seen user+system seconds per process of the tree
        self._tick = os.sysconf("SC_CLK_TCK")
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

    def _sample(self) -> tuple[int, int]:
        tree, rss, pss, todo, each = self._children(), 0, 0, [self.pid], {}
        while todo:
            pid = todo.pop()
            todo.extend(tree.get(pid, []))
            try:
                with open(f"/proc/{pid}/smaps_rollup") as fh:
                    for line in fh:
                        if line.startswith("Rss:"):
                            own = int(line.split()[1]) * 1024
                            rss += own
                            if pid == self.pid:
                                self.last_main = own
                        elif line.startswith("Pss:"):
                            own_pss = int(line.split()[1]) * 1024
                            pss += own_pss
                            each[pid] = (own, own_pss)
                with open(f"/proc/{pid}/status") as fh:  # the kernel's own high-water mark: a spike between
                    for line in fh:                          # two samples counts too
                        if line.startswith("VmHWM:"):
                            self.peak_process = max(self.peak_process, int(line.split()[1]) * 1024)
                            break
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                self._cpu[pid] = (int(fields[11]) + int(fields[12])) / self._tick
            except (OSError, ValueError, IndexError):
                pass
        self.last_each = each
        return rss, pss

    def breakdown(self) -> str:
        """PSS of each process at the last sample, the crawler first, in MB (which one grows with N)."""
        each = dict(self.last_each)
        main = each.pop(self.pid, (0, 0))
        return " + ".join([f"{main[1] >> 20}"] + [f"{pss >> 20}" for _, pss in sorted(each.values(), reverse=True)])

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    @property
    def main_cpu_seconds(self) -> float:
        """The crawl process itself: the reactor thread (Scrapy, pipelines' own work) and its helper threads."""
        return self._cpu.get(self.pid, 0.0)

    def _run(self):
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self.last, self.last_pss = rss, pss
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _scrapy(cmd: list[str], settings: dict, env: dict, site: MirrorSite | None = None) -> tuple[float, dict]:
    """Run one crawl; its wall seconds and resource figures (peak memory, CPU of the tree and the mirror).

    With ``PROGRESS_SECONDS`` set (``--progress``), prints a progress line that often: long runs show how
    memory grows while they go, and what was reached if they are cut short.
    """
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    started, own_cpu = time.monotonic(), _own_cpu()
    served = site.served if site is not None else 0
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeRSS(proc.pid) as rss:
        while True:
            try:
                _, err = proc.communicate(timeout=PROGRESS_SECONDS or None)
                break
            except subprocess.TimeoutExpired:
                pages = site.served - served if site is not None else 0
                print(f"    ... {time.monotonic() - started:6.0f}s: {pages} pages served; PSS {rss.last_pss >> 20} MB "
                      f"(peak {rss.peak_pss >> 20}), summed RSS {rss.last >> 20} MB (peak {rss.peak >> 20}), "
                      f"crawler RSS {rss.last_main >> 20} MB; PSS by process {rss.breakdown()} MB; "
                      f"CPU {rss.cpu_seconds:.0f}s", flush=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        print(err[-3000:], file=sys.stderr)
        raise SystemExit(f"{cmd[:4]} failed with rc={proc.returncode}")
    return elapsed, {"peak_rss_mb": round(rss.peak / 2**20), "peak_pss_mb": round(rss.peak_pss / 2**20),
                     "peak_process_rss_mb": round(rss.peak_process / 2**20),
                     "cpu_seconds": round(rss.cpu_seconds, 1), "main_cpu_seconds": round(rss.main_cpu_seconds, 1),
                     "mirror_cpu_seconds": round(_own_cpu() - own_cpu, 1)}


def _own_cpu() -> float:
    """CPU seconds of this process (the mirror's threads serve while a crawl runs; the rest of us waits)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_newswatch(site: MirrorSite, tmp: Path) -> dict:
    stats_file = tmp / "stats.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    # NEWSWATCH_ALARM_EXIT_STATUS=0: the mirrored pages' coverage alarms are not the bench's business, only a crash is
    env.update({"NEWSWATCH_DB_PATH": str(tmp / "bench.sqlite3"), "NEWSWATCH_SPILL_DIR": str(tmp / "spill"),
                "NEWSWATCH_TOPIC_FILTER": "tag", "NEWSWATCH_STATS_FILE": str(stats_file),
                "NEWSWATCH_ALARM_EXIT_STATUS": "0"})
    cmd = [sys.executable, "-m", "scrapy", "crawl", "feeds", "-a", f"sitemaps={site.base_url}/sitemap_index.xml",
           "-a", "since=all"]
    elapsed, usage = _scrapy(cmd, LOOPBACK_SETTINGS, env, site)
    stats = json.loads(stats_file.read_text())
    stored = stats.get("newswatch/store/inserted", 0) + stats.get("newswatch/store/updated", 0) + \
        stats.get("newswatch/store/unchanged", 0)
    crawl_seconds = stats.get("elapsed_time_seconds") or elapsed
    stages = {k.removeprefix("newswatch/time/"): round(v, 2) for k, v in sorted(stats.items())
              if k.startswith("newswatch/time/")}
    per_article = {stage: round(seconds / max(stored, 1) * 1000, 2) for stage, seconds in stages.items()}
    return {"seconds": round(elapsed, 2), "crawl_seconds": round(crawl_seconds, 2), "articles": stored,
            "pages": stats.get("newswatch/article/parsed", 0), **usage,
            "articles_per_s": round(stored / crawl_seconds, 1), "stage_seconds": stages,
            "stage_ms_per_article": per_article,
            "dropped": {k.split("/", 2)[-1]: v for k, v in stats.items() if "/dropped/" in k}}


def run_limit(site: MirrorSite, tmp: Path) -> dict:
    stats_file = tmp / "limit-stats.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_"))}
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "bench" / "limit_spider.py"),
           "-a", f"sitemap={site.base_url}/sitemap_index.xml"]
    (tmp / "limit.log").unlink(missing_ok=True)  # Scrapy appends to LOG_FILE: read this run's stats only
    elapsed, usage = _scrapy(cmd, {**LOOPBACK_SETTINGS, "STATS_DUMP": "1",
                                   "EXTENSIONS": "{}", "LOG_FILE": str(tmp / "limit.log"),
                                   "LOG_LEVEL": "INFO"}, env, site)
    pages = _pages_from_log(tmp / "limit.log")
    crawl_seconds = _elapsed_from_log(tmp / "limit.log") or elapsed
    del stats_file
    return {"seconds": round(elapsed, 2), "crawl_seconds": round(crawl_seconds, 2), "pages": pages,
            "pages_per_s": round(pages / crawl_seconds, 1), **usage}


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
    """Plain trafilatura and newswatch's extraction on the same pages, in this one process, page by page.

    Alternating the two on each page exposes both to the same machine load. newswatch's side is
    ``process_page`` (parse once, metadata, HTML cleaning, body) plus the text cleaning the pipeline
    adds; trafilatura's is ``extract(with_metadata=True)`` on the decoded page, as a plain user calls it.
    """
    import trafilatura

    from newswatch.clean import clean_body
    from newswatch.process import process_page, warm_up

    warm_up()
    now = site.server.now
    peer, ours, extraction, cleaning = [], [], [], []
    for i in range(n):
        url, body = f"{site.base_url}/a/{i}.html", page(i, site.base_url, now)
        started = time.perf_counter()
        trafilatura.extract(body.decode("utf-8"), url=url, with_metadata=True)
        peer.append(time.perf_counter() - started)
        started = time.perf_counter()
        fields = process_page(body, url, declared_encoding="utf-8")
        clean_started = time.perf_counter()
        clean_body(fields.get("body") or "", fields.get("language"), title=fields.get("title"))
        ours.append(time.perf_counter() - started)
        timings = fields.get("timings") or {}
        cleaning.append(timings.get("clean_html", 0.0) + time.perf_counter() - clean_started)
        extraction.append(timings.get("metadata", 0.0) + timings.get("body", 0.0))
    total = sum(peer)

    def ms(values):
        return round(statistics.median(values) * 1000, 1)

    return {"pages": n, "seconds": round(total, 2), "articles_per_s": round(n / total, 1),
            "median_ms": ms(peer), "newswatch_median_ms": ms(ours), "newswatch_extraction_median_ms": ms(extraction),
            "newswatch_cleaning_median_ms": ms(cleaning),
            "cleaning_share": round(sum(cleaning) / sum(extraction), 3) if sum(extraction) else 0.0}


def bench(n: int, peer_pages: int, only: str | None = None) -> dict:
    with MirrorSite(n) as site, tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"N={n}: mirror on {site.base_url}", flush=True)
        full = run_newswatch(site, tmp)  # first: what a long run cut short must still report
        print(f"  newswatch {full['articles_per_s']:8.1f} articles/s ({full['articles']} stored of {full['pages']} "
              f"pages, {full['crawl_seconds']}s; {_usage(full)})", flush=True)
        if only == "newswatch":
            return {"n": n, "newswatch": full}
        limit = run_limit(site, tmp)
        print(f"  limit     {limit['pages_per_s']:8.1f} pages/s    ({limit['pages']} pages, {limit['crawl_seconds']}s; "
              f"{_usage(limit)})", flush=True)
        peer = run_peer(site, min(n, peer_pages))
        print(f"  peer      {peer['articles_per_s']:8.1f} articles/s (plain trafilatura, one process, "
              f"{peer['pages']} pages, median {peer['median_ms']} ms/page)", flush=True)
    share = full["articles_per_s"] / limit["pages_per_s"] if limit["pages_per_s"] else 0
    speedup = full["articles_per_s"] / peer["articles_per_s"] if peer["articles_per_s"] else 0
    print(f"  share of limit {share:.0%}; {speedup:.1f}x the peer (plain trafilatura); "
          f"{full['articles_per_s'] / NEWS_PLEASE:.1f}x news-please ({NEWS_PLEASE}/s, measured before)", flush=True)
    print(f"  extraction per page, same pages, one process (medians): trafilatura {peer['median_ms']} ms; newswatch "
          f"{peer['newswatch_extraction_median_ms']} ms + cleaning {peer['newswatch_cleaning_median_ms']} ms "
          f"(cleaning = {peer['cleaning_share']:.0%} of extraction)", flush=True)
    print("  where the time went (ms per stored article; reactor thread: *Pipeline, store thread: store_write, the "
          "rest on the workers):", flush=True)
    for stage, ms in full["stage_ms_per_article"].items():
        where = "reactor" if stage.endswith(_REACTOR) else "store thread" if stage == _STORE_THREAD else "worker"
        print(f"    {stage:28} {ms:8.2f}  {where}", flush=True)
    return {"n": n, "newswatch": full, "limit": limit, "peer": peer, "share_of_limit": round(share, 3),
            "speedup_vs_peer": round(speedup, 1),
            "speedup_vs_news_please": round(full["articles_per_s"] / NEWS_PLEASE, 1)}


def _usage(run: dict) -> str:
    cpu = run["cpu_seconds"] / run["crawl_seconds"] if run["crawl_seconds"] else 0
    count = run.get("articles") or run.get("pages") or 1
    return (f"peak PSS {run['peak_pss_mb']} MB, summed RSS {run['peak_rss_mb']} MB, largest process RSS "
            f"{run['peak_process_rss_mb']} MB; "
            f"CPU {run['cpu_seconds']}s = {cpu:.2f} cores, {run['cpu_seconds'] / count * 1000:.1f} ms each "
            f"(crawl process {run['main_cpu_seconds'] / count * 1000:.1f}), mirror {run['mirror_cpu_seconds']}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1000", help="comma-separated page counts (default 1000)")
    parser.add_argument("--peer-pages", type=int, default=500, help="pages the peer extracts (default 500)")
    parser.add_argument("--smoke", action="store_true", help="CI-sized run: N=300, 100 peer pages")
    parser.add_argument("--json", help="also write the figures to this file (after each N)")
    parser.add_argument("--progress", type=float, default=0, help="print a progress line every so many seconds")
    parser.add_argument("--only", choices=["newswatch"],
                        help="run only newswatch's crawl (its speed and memory), not the limit or the peer")
    args = parser.parse_args()
    global PROGRESS_SECONDS
    PROGRESS_SECONDS = args.progress
    sizes = [300] if args.smoke else [int(x) for x in args.n.split(",")]
    peer_pages = 100 if args.smoke else args.peer_pages
    print(f"newswatch benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores", flush=True)
    results = []
    for n in sizes:
        results.append(bench(n, peer_pages, args.only))
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
