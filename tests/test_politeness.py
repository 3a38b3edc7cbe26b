"""Per-site concurrency holds even when a feed queues many articles at once."""

from __future__ import annotations

import threading
import time

from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite


class _InFlight:
    """A mock-site route that records how many requests it serves at the same time."""

    def __init__(self, seconds: float):
        self.seconds, self.now, self.peak = seconds, 0, 0
        self.lock = threading.Lock()

    def __call__(self, handler, base):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(self.seconds)
        with self.lock:
            self.now -= 1
        return 404, "text/html", b"<html><body>gone</body></html>", None


def test_concurrent_requests_per_domain_is_a_ceiling(tmp_path):
    route = _InFlight(0.2)
    links = "".join(f"<item><title>t{i}</title><link>{{base}}/slow/{i}</link></item>" for i in range(16))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{links}</channel></rss>'
    with MockNewsSite() as site:
        site.routes["/many.xml"] = lambda h, base: (200, "application/rss+xml",
                                                    feed.replace("{base}", base).encode(), None)
        for i in range(16):
            site.routes[f"/slow/{i}"] = route
        run = run_crawl(tmp_path, args={"feeds": site.url("/many.xml"), "since": "all"},
                        settings={"CONCURRENT_REQUESTS_PER_DOMAIN": "2", "CONCURRENT_REQUESTS": "16"})
    assert run.returncode == 0, run.log[-2000:]
    assert run.stat("newswatch/fetch/error/http_404") == 16
    assert route.peak == 2
