"""A feed that links AMP copies: each story is stored at its full page with the AMP URL as an alias, and when the
full page cannot be fetched the AMP copy itself is stored: no story is lost for a broken canonical link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite

_NOW = datetime.now(UTC)
_STORIES = {
    "drones": ("Air defence downs drones over Kyiv region overnight",
               ["Ukraine's air force said on Thursday that air defence units shot down most of the drones Russia "
                "launched overnight at the Kyiv region, with debris damaging two houses in Bucha district.",
                "Regional officials said nobody was hurt. Emergency crews worked through the morning to clear the "
                "debris and restore power to about three hundred homes in the area."]),
    "grain": ("Odesa ports resume grain loading after strike",
              ["Ports in the Odesa region resumed loading grain ships on Thursday, a day after a Russian missile "
               "strike damaged port infrastructure and a cargo vessel flying the flag of Panama.",
               "The infrastructure ministry said the corridor in the Black Sea keeps working and that fourteen ships "
               "were waiting to enter the ports, mostly to load wheat and corn for export."]),
}


def _page(slug: str, *, amp: bool, base: str) -> bytes:
    title, paragraphs = _STORIES[slug]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    published = (_NOW - timedelta(hours=2)).isoformat()
    return (f'<!DOCTYPE html><html lang="en"{" amp" if amp else ""}><head><meta charset="utf-8"><title>{title}'
            f'</title><link rel="canonical" href="{base}/news/{slug}"><meta property="article:published_time" '
            f'content="{published}"></head><body><article><h1>{title}</h1>{body}</article></body></html>').encode()


def _feed(base: str) -> bytes:
    items = "".join(f"<item><title>{title}</title><link>{base}/amp/news/{slug}</link>"
                    f"<pubDate>{format_datetime(_NOW - timedelta(hours=2), usegmt=True)}</pubDate></item>"
                    for slug, (title, _) in _STORIES.items())
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_amp_copies_are_stored_at_their_full_page_or_as_they_are_when_it_fails(tmp_path):
    routes = {"/robots.txt": lambda h, b: (404, "text/plain", b"", None),
              "/rss.xml": lambda h, b: (200, "application/rss+xml", _feed(b), None),
              "/amp/news/drones": lambda h, b: (200, "text/html", _page("drones", amp=True, base=b), None),
              "/news/drones": lambda h, b: (200, "text/html", _page("drones", amp=False, base=b), None),
              "/amp/news/grain": lambda h, b: (200, "text/html", _page("grain", amp=True, base=b), None),
              "/news/grain": lambda h, b: (404, "text/html", b"<html><body>Not found</body></html>", None)}
    with MockNewsSite(routes=routes) as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/rss.xml"), "since": "1d"},
                        settings={"NEWSWATCH_EXTRACT_WORKERS": "0", "RETRY_TIMES": "0"})
    assert run.returncode == 0, run.log[-3000:]
    stored = {doc["title"]: doc for doc in run.stored()}
    assert set(stored) == {title for title, _ in _STORIES.values()}, run.log[-3000:]
    drones, grain = stored[_STORIES["drones"][0]], stored[_STORIES["grain"][0]]
    assert drones["url"] == site.url("/news/drones") and site.url("/amp/news/drones") in drones["urls"]
    assert grain["url"] == site.url("/amp/news/grain")  # its full page answered 404: the AMP copy is the story
    assert "Black Sea" in grain["body"]
    assert run.stat("newswatch/article/amp_to_full_page") == 2 and run.stat("newswatch/article/amp_kept") == 1
    assert "storing the AMP copy" in run.log
