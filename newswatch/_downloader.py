"""Scrapy's downloader with per-site concurrency that holds.

In Scrapy 2.19 the downloader counts a request as transferring only once its
download task first runs, but hands the whole slot queue to new tasks in one
loop before any of them has run. With many requests queued for one site (a feed
or sitemap yields them all at once) ``CONCURRENT_REQUESTS_PER_DOMAIN`` and the
outlets' ``politeness.concurrency`` were exceeded (9 requests in flight for a
limit of 2 against the mock site). Counting the request when its task is
created restores the limit. Enabled by the ``DOWNLOADER`` setting.
"""

from __future__ import annotations

from scrapy.core.downloader import Downloader


class PoliteDownloader(Downloader):
    def _wait_for_download(self, slot, request, queue_dfd):
        # A set: _download adds it again when the task runs, and removes it when the response is in.
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
