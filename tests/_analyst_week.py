"""A week of four outlets crawled into one store, for the analyst-questions set (tests/test_analyst_questions.py).

The articles are ``tests/fixtures/analyst_questions/articles.yaml``: Ukrainian, Russian and English stories whose
names are inflected (Харкову, Харкові, Харьковом, Харківщині), an outlet's uk/ru/en editions linked by hreflang,
a wire story copied verbatim by a second outlet, a sport story naming NATO and a Russian author spelled with ё.
Each outlet is a mock site (``tests.mocksite``) serving its pages as the outlet's template builds them (JSON-LD
NewsArticle, OpenGraph, menus, a related-stories box, an ad slot) with absolute dates, so questions about days
and time zones have fixed answers. ``pravda`` is crawled twice: the second time its Kharkiv story carries a revised
death toll (``revision`` 2).
"""

from __future__ import annotations

import html
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path

import yaml

from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, feed_route

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analyst_questions"
_LANG_PATH = {"uk": "/news", "ru": "/rus/news", "en": "/eng/news"}


def load_outlets() -> dict:
    return yaml.safe_load((FIXTURES / "articles.yaml").read_text(encoding="utf-8"))


def article_index(outlets: dict) -> dict[str, dict]:
    """slug -> article (with its ``outlet`` and ``path``), copies given their original's paragraphs."""
    index = {}
    for outlet, spec in outlets.items():
        for slug, art in spec["articles"].items():
            index[slug] = {**art, "outlet": outlet, "slug": slug, "path": f"{_LANG_PATH[art['lang']]}/{slug}.html"}
    for art in index.values():
        if "copy_of" in art:
            art["paragraphs"] = index[art["copy_of"]]["paragraphs"]
    return index


def published(art: dict, midnight: datetime) -> datetime:
    days, clock = art["at"]
    return midnight - timedelta(days=days) + timedelta(hours=int(clock[:2]), minutes=int(clock[3:]))


def _page(art: dict, outlet: dict, when: datetime, base: str, index: dict, revised: bool) -> str:
    esc = html.escape
    paragraphs = art["revised"] if revised else art["paragraphs"]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": art["title"],
          "description": art["description"], "datePublished": when.isoformat(),
          "author": [{"@type": "Person", "name": art["author"]}], "articleSection": art["section"],
          "keywords": ", ".join(art["tags"]), "inLanguage": art["lang"],
          "publisher": {"@type": "Organization", "name": outlet["name"]},
          "mainEntityOfPage": base + art["path"]}
    if revised:
        ld["dateModified"] = (when + timedelta(hours=8)).isoformat()
    alternates = "".join(f'<link rel="alternate" hreflang="{lang}" href="{base}{index[slug]["path"]}">'
                         for lang, slug in art.get("editions", {}).items())
    if alternates:
        alternates += f'<link rel="alternate" hreflang="{art["lang"]}" href="{base}{art["path"]}">'
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="{base}{other["path"]}">{esc(other["title"])}</a></li>'
                      for other in index.values() if other["outlet"] == art["outlet"] and other is not art)
    return f"""<!DOCTYPE html>
<html lang="{art['lang']}"><head><meta charset="utf-8">
<title>{esc(art['title'])} | {esc(outlet['name'])}</title>
<meta name="description" content="{esc(art['description'])}">
<meta property="og:type" content="article"><meta property="og:title" content="{esc(art['title'])}">
<meta property="og:url" content="{base}{art['path']}"><meta property="og:site_name" content="{esc(outlet['name'])}">
<meta property="article:published_time" content="{when.isoformat()}">
<meta property="article:section" content="{esc(art['section'])}">
<link rel="canonical" href="{base}{art['path']}">{alternates}
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"pageType": "article"}});</script>
</head><body>
<header class="header"><div class="header__logo"><a href="/">{esc(outlet['name'])}</a></div>
<nav class="main-menu"><ul><li><a href="/news">Новини</a></li><li><a href="/rus/news">Новости</a></li>
<li><a href="/eng/news">News</a></li><li><a href="/sport">Спорт</a></li></ul></nav></header>
<main class="container"><article class="post">
<div class="post__breadcrumbs"><a href="/">{esc(outlet['name'])}</a> / {esc(art['section'])}</div>
<h1 class="post__title">{esc(art['title'])}</h1>
<div class="post__meta"><span class="post__author">{esc(art['author'])}</span>
<time class="post__time" datetime="{when.isoformat()}">{when:%d.%m.%Y %H:%M}</time></div>
<div class="post__text">{body}
<div class="adsbygoogle" data-ad-slot="inarticle"></div></div>
<div class="post__tags">{''.join(f'<a href="/tags/{esc(t)}">{esc(t)}</a>' for t in art['tags'])}</div>
</article>
<aside class="related"><h3>Related</h3><ul>{related}</ul></aside></main>
<footer class="footer"><p>© {esc(outlet['name'])}, 2026</p></footer></body></html>"""


def outlet_routes(outlet_key: str, outlets: dict, index: dict, midnight: datetime, base: str,
                  revised: bool = False) -> dict:
    outlet = outlets[outlet_key]
    routes = {"/robots.txt": lambda handler, b: (200, "text/plain", b"User-agent: *\nAllow: /\n", None)}
    items = []
    for slug in outlet["articles"]:
        art = index[slug]
        when = published(art, midnight)
        page = _page(art, outlet, when, base, index, revised and "revised" in art).encode("utf-8")
        routes[art["path"]] = lambda handler, b, page=page: (200, "text/html; charset=utf-8", page, None)
        items.append(f"<item><title>{html.escape(art['title'])}</title><link>{base}{art['path']}</link>"
                     f"<pubDate>{format_datetime(when)}</pubDate></item>")
    built = format_datetime(midnight + timedelta(hours=13 if revised else 12))  # the outlet rebuilt its feed
    feed = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(outlet["name"])}'
            f"</title><link>{base}/</link><lastBuildDate>{built}</lastBuildDate>{''.join(items)}</channel></rss>")
    routes["/rss.xml"] = feed_route(feed, "application/rss+xml")
    return routes


@dataclass
class WeekStore:
    db_path: Path
    midnight: datetime  # today's 00:00 UTC when the pages were served
    bases: dict[str, str]  # outlet -> base URL its pages were served from
    index: dict[str, dict]  # slug -> article

    def url(self, slug: str) -> str:
        art = self.index[slug]
        return self.bases[art["outlet"]] + art["path"]

    @property
    def cli_args(self) -> list[str]:
        return ["--db-path", str(self.db_path)]


def crawl_week(work: Path) -> WeekStore:
    """Serve the four outlets, crawl each once into ``work/newswatch.sqlite3``, then ``pravda`` again with the
    revised Kharkiv story."""
    outlets = load_outlets()
    index = article_index(outlets)
    midnight = datetime.combine(datetime.now(UTC).date(), time(), UTC)
    sites = {key: MockNewsSite(routes={}) for key in outlets}
    for site in sites.values():
        site.start()
    try:
        bases = {key: site.base_url for key, site in sites.items()}
        lines = []
        for key, spec in outlets.items():
            sites[key].routes.update(outlet_routes(key, outlets, index, midnight, bases[key]))
            lines.append(f"{key}:\n  name: {spec['name']}\n  languages: {spec['languages']}\n"
                         f"  feeds: ['{bases[key]}/rss.xml']\n")
        sources = work / "sources.yaml"
        sources.write_text("".join(lines), encoding="utf-8")
        db_path = work / "newswatch.sqlite3"
        for key in outlets:
            (work / key).mkdir()
        # in-process extraction: five small crawls, each spared the worker pool's start-up (seconds a crawl)
        env = {"NEWSWATCH_SOURCES": str(sources), "NEWSWATCH_SINCE_DAYS": "8", "NEWSWATCH_EXTRACT_WORKERS": "0"}
        revise = "pravda (revised)"

        def chain(keys: list[str]) -> dict:  # in order: a copy is crawled after its original, a revision last
            runs = {}
            for key in keys:
                if key == revise:
                    sites["pravda"].routes.update(outlet_routes("pravda", outlets, index, midnight, bases["pravda"],
                                                                revised=True))
                outlet = key.split()[0]
                runs[key] = run_crawl(work / outlet, outlet, env=env, db_path=db_path)
            return runs

        with ThreadPoolExecutor(2) as pool:  # two chains side by side into one SQLite file (2 cores)
            chains = pool.map(chain, [["kpost", "ukrinform"], ["pravda", "kommersant", revise]])
            runs = {key: run for done in chains for key, run in done.items()}
        for key, run in runs.items():
            if run.returncode != 0:
                raise RuntimeError(f"crawl of {key} failed:\n{run.log[-3000:]}")
    finally:
        for site in sites.values():
            site.stop()
    return WeekStore(db_path, midnight, bases, index)
