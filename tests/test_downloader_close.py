"""The HTTP handler's close after a crawl: no ``AlreadyCalledError`` traceback when the connection pool closes in the
same loop turn as Scrapy's give-up timer (newswatch/_downloader.py). Seen on a loaded machine at the end of test
crawls ("[twisted] CRITICAL: while handling timed call ... AlreadyCalledError"); here the race is made certain: the
pool's "closed" deferred and the give-up timer are both due at once, on the crawl's asyncio reactor, in a process
of its own (a reactor is installed once a process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

_CLOSE = textwrap.dedent("""
    import asyncio, logging, sys
    from scrapy.utils.reactor import install_reactor
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import defer, reactor
    from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.test import get_crawler
    if sys.argv[1] == "newswatch":
        import newswatch._downloader  # noqa: F401  (what the DOWNLOADER setting loads)

    logging.basicConfig(level=logging.INFO, stream=sys.stdout)

    class ClosingPool:
        # a pool that closes its connections in the loop turn the handler's timer is due
        def closeCachedConnections(self):
            closed = defer.Deferred()
            reactor.callLater(0, closed.callback, None)
            return closed

    handler = HTTP11DownloadHandler(get_crawler())
    handler._pool = ClosingPool()
    handler._disconnect_timeout = 0

    def run():
        done = deferred_from_coro(handler.close())
        done.addBoth(lambda result: reactor.callLater(0.2, reactor.stop))

    reactor.callWhenRunning(run)
    reactor.run()
    print("closed")
""")


@pytest.mark.parametrize(("loaded", "traceback"), [("newswatch", False), ("scrapy", True)])
def test_the_pool_closing_as_the_timer_fires_logs_no_traceback(loaded, traceback):
    # "scrapy": Scrapy's own close, which the race makes log the traceback: the check can fail
    run = subprocess.run([sys.executable, "-c", _CLOSE, loaded], capture_output=True, text=True, timeout=120)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log
    assert "closed" in run.stdout
    assert ("AlreadyCalledError" in log) is traceback, log
