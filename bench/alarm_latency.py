"""Time from an outlet breaking to an alarm at the webhook, on the mock site.

    .venv/bin/python bench/alarm_latency.py [--reps 3]

Two breakages, each after one healthy crawl of the outlet:

* ``feed empty``: the outlet's feed suddenly lists no items (alarm ``no_new_articles``);
* ``pages lose body``: a redesign turns article pages into empty script shells while the feed keeps
  announcing new stories (alarm ``field_coverage``).

The clock starts when the site breaks, the next crawl starts at once, and it stops when the alarm's POST
reaches a local webhook receiver. In production, add the wait for the next scheduled crawl (up to one
schedule interval, 3 h in deploy/). Prints the median and the worst of ``--reps`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawling import run_crawl  # noqa: E402
from tests.mocksite import MockNewsSite, bulk_routes, feed_route  # noqa: E402

_EMPTY = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>{{base}}/</link></channel></rss>'
_SHELL = b'<!DOCTYPE html><html><head><title>Story</title></head><body><div id="root"></div></body></html>'


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.arrivals: list[tuple[float, list[str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.arrivals.append((time.monotonic(), [a["kind"] for a in payload["alarms"]]))
                self.send_response(204)
                self.end_headers()

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"


def _break_feed(site):
    site.routes["/bulk.xml"] = feed_route(_EMPTY, "application/rss+xml")


def _break_pages(site):
    items = "".join(f"<item><title>n{n}</title><link>{{{{base}}}}/new/{n}</link><pubDate>{{{{rfc822:1h}}}}</pubDate>"
                    f"</item>" for n in range(10))
    for n in range(10):
        site.routes[f"/new/{n}"] = lambda handler, base: (200, "text/html; charset=utf-8", _SHELL, None)
    site.routes["/bulk.xml"] = feed_route(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>',
        "application/rss+xml")


def _latency(breakage, receiver: Receiver, workdir: Path) -> tuple[float, list[str]]:
    env = {"NEWSWATCH_ALERT_WEBHOOK": receiver.url, "NEWSWATCH_MONITOR_MIN_HISTORY": "1"}
    with MockNewsSite(routes=bulk_routes(10)) as site:
        healthy = run_crawl(workdir, args={"feeds": site.url("/bulk.xml")}, env=env)
        if healthy.returncode != 0 or receiver.arrivals:
            raise SystemExit(f"healthy crawl failed or alarmed: {receiver.arrivals}\n{healthy.log[-2000:]}")
        broken_at = time.monotonic()
        breakage(site)
        run_crawl(workdir, args={"feeds": site.url("/bulk.xml")}, env=env)
    if not receiver.arrivals:
        raise SystemExit("no alarm arrived")
    arrived, kinds = receiver.arrivals.pop()
    return arrived - broken_at, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    for name, breakage in (("feed empty", _break_feed), ("pages lose body", _break_pages)):
        times, kinds = [], set()
        for _ in range(args.reps):
            with tempfile.TemporaryDirectory() as tmp:
                seconds, alarm_kinds = _latency(breakage, receiver, Path(tmp))
            times.append(seconds)
            kinds.update(alarm_kinds)
        print(f"{name:16} break -> alarm at webhook: median {statistics.median(times):5.1f} s, "
              f"worst {max(times):5.1f} s  (alarms: {', '.join(sorted(kinds))})")
    receiver.shutdown()


if __name__ == "__main__":
    main()
