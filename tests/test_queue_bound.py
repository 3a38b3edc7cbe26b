"""A crawl hands the scheduler a bounded number of article requests at a time, and still fetches each once."""

from __future__ import annotations

from collections import Counter

from tests.crawling import run_crawl
from tests.mocksite import EXPECTED_ARTICLES, MockNewsSite


def test_one_queued_article_at_a_time_fetches_every_article_once(tmp_path):
    with MockNewsSite() as site:
        args = {"feeds": ",".join(site.url(p) for p in ("/rss.xml", "/atom.xml", "/rdf.xml")),
                "sitemaps": site.url("/robots.txt")}
        run = run_crawl(tmp_path, args=args, settings={"NEWSWATCH_QUEUED_ARTICLES": "1"})
        hits = Counter(site.hits)
    assert run.returncode == 0, run.log[-3000:]
    assert run.stat("newswatch/discovery/held_back") > 0  # entries really waited in a backlog
    paths = [d["url"][len(site.base_url):].split("?")[0] for d in run.stored()]
    assert len(paths) == len(set(paths))
    for path in EXPECTED_ARTICLES:
        assert path in paths, f"{path} not stored; log tail:\n{run.log[-2000:]}"
        assert hits[path] >= 1
    assert run.stats["finish_reason"] == "finished"
