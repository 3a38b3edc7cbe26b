"""``scrapy genoutlet NAME URL``: add an outlet, its ``sources.yaml`` entry and the test fixture stubs to fill in.

    scrapy genoutlet lrt https://www.lrt.lt/en --feed https://www.lrt.lt/en/rss --language en

Appends the entry to ``newswatch/sources.yaml`` (or ``--sources FILE``; ``$NEWSWATCH_SOURCES`` when set), with
its name (``--title``), feeds and sitemaps (``--feed``, ``--sitemap``, repeatable; with neither, the site's
robots.txt, whose ``Sitemap:`` lines are read), section pages for a site with neither (``--section``, repeatable: its
latest-news page), languages (``--language``, repeatable), ``js: true`` with
``--js``, ``timezone:`` with ``--timezone`` (the IANA name of the clock its pages show; without it, a commented
line with the zone its domain or language suggests) and empty ``clean:`` / ``metadata:`` rules to fill in.
Writes ``tests/fixtures/outlets/NAME/``: a feed, news sitemap or section page listing one article, ``article.html`` (a
skeleton to replace with a trimmed copy of a real article page) and ``expected.json`` (the fields the crawl
must store, marked ``TODO``). ``tests/test_outlets.py`` picks the outlet up at once and fails until the stubs
are filled in. Nothing is overwritten without ``--force``; the entry is validated before it is written. Exit
status 0, or 1 with the reason.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newswatch.sources import SourcesError, parse_sources, sources_path, suggested_timezone

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "outlets"
_TODO = "TODO"


def outlet_entry(name: str, url: str, *, feeds: list[str], sitemaps: list[str], languages: list[str],
                 js: bool = False, title: str | None = None, timezone: str | None = None,
                 sections: list[str] | None = None) -> dict:
    """The outlet's sources.yaml entry (robots.txt discovery when no feed, sitemap or section page is given)."""
    if not feeds and not sitemaps and not sections:
        sitemaps = [urljoin(url, "/robots.txt")]
    entry: dict = {"name": title or urlsplit(url).hostname or name, "url": url, "languages": languages or ["en"],
                   "feeds": feeds, "sitemaps": sitemaps}
    if sections:
        entry["sections"] = sections
    if js:
        entry |= {"js": True, "js_wait_for": "article"}
    if timezone:
        entry["timezone"] = timezone
    entry |= {"clean": {"remove": []}, "metadata": {}}
    return entry


def entry_yaml(key: str, entry: dict) -> str:
    text = yaml.safe_dump({key: entry}, allow_unicode=True, sort_keys=False, default_flow_style=False)
    text = text.replace("  clean:\n    remove: []\n",
                        "  clean:           # selectors/phrases of its banners (see newswatch/clean)\n    remove: []\n")
    text = text.replace("  metadata: {}\n",
                        "  metadata: {}     # fixes: language, section, authors_drop, title_strip, published_from\n")
    if "timezone" not in entry:
        guess = suggested_timezone(entry["url"], entry["languages"]) or "Area/City"
        text += (f"  # timezone: {guess}   # the clock its pages show, when they print dates without an offset"
                 " (default: guessed)\n")
    if "js_wait_for" in text:
        text = text.replace("  js_wait_for: article\n",
                            "  js_wait_for: article   # TODO: CSS selector of the rendered article text\n")
    return text


def fixture_stubs(key: str, entry: dict) -> dict[str, str]:
    """``tests/fixtures/outlets/<key>/`` files: discovery document (the kind the entry reads first: ``feed.xml``,
    ``sitemap.xml`` or ``section.html``), article skeleton, expected fields."""
    language = entry["languages"][0]
    path = f"/{key}/news/TODO-article-slug"
    if entry["feeds"]:
        discovery_name = "feed.xml"
        discovery = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- TODO: a trimmed copy of {entry["feeds"][0]}'
                     f' with one item; keep its shape (RSS, Atom or RDF), point the link at {{{{base}}}}{path} -->\n'
                     f'<rss version="2.0"><channel><title>{entry["name"]}</title><link>{entry["url"]}</link>\n'
                     f"<item><title>TODO</title><link>{{{{base}}}}{path}</link>"
                     f"<pubDate>Mon, 01 Jan 2026 00:00:00 GMT</pubDate></item>\n</channel></rss>\n")
    elif entry.get("sections") and not entry["sitemaps"]:
        discovery_name = "section.html"
        discovery = (f'<!DOCTYPE html>\n<!-- TODO: a trimmed copy of {entry["sections"][0]} with one story\'s card: '
                     f"its headline link, pointed at {{{{base}}}}{path}, and its date as the page shows it; keep the "
                     f'header, menus and pager -->\n<html lang="{language}"><head><meta charset="utf-8">'
                     f"<title>{entry['name']}</title></head>\n<body><main><article>"
                     f'<a href="{{{{base}}}}{path}">TODO the headline, as the list shows it</a>'
                     '<time datetime="2026-01-01T00:00:00Z">TODO</time></article></main></body>\n</html>\n')
    else:
        discovery_name = "sitemap.xml"
        discovery = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- TODO: a trimmed copy of the outlet\'s Google News '
                     f'sitemap with one url; point loc at {{{{base}}}}{path} -->\n'
                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                     'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
                     f"<url><loc>{{{{base}}}}{path}</loc><news:news><news:publication><news:name>{entry['name']}"
                     f"</news:name><news:language>{language}</news:language></news:publication>"
                     "<news:publication_date>2026-01-01T00:00:00Z</news:publication_date><news:title>TODO</news:title>"
                     "</news:news></url>\n</urlset>\n")
    article = (f'<!DOCTYPE html>\n<html lang="{language}">\n<!-- TODO: replace with a trimmed copy of a real article '
               f"page of {entry['url']}: keep its head (JSON-LD, meta tags), its article container and its banners "
               "(donation, newsletter, related, share); cut the rest. -->\n<head><meta charset=\"utf-8\">"
               "<title>TODO</title></head>\n<body><article><h1>TODO</h1><p>TODO</p></article></body>\n</html>\n")
    expected = {"path": path, "title": _TODO, "published_at": "2026-01-01T00:00:00+00:00", "authors": [_TODO],
                "language": language, "paragraphs": [_TODO], "banners": [_TODO]}
    return {discovery_name: discovery, "article.html": article,
            "expected.json": json.dumps(expected, ensure_ascii=False, indent=2) + "\n"}


def generate(key: str, url: str, *, feeds: list[str], sitemaps: list[str], languages: list[str], js: bool,
             sources: Path, fixtures: Path, force: bool = False, title: str | None = None,
             timezone: str | None = None, sections: list[str] | None = None) -> list[Path]:
    """Append the entry to ``sources`` and write the stubs under ``fixtures/<key>``; returns the files written."""
    if not _KEY_RE.match(key):
        raise ValueError(f"outlet name {key!r}: use lower-case letters, digits and underscores (it is the spider name)")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"{url!r} is not an http(s) URL")
    existing = yaml.safe_load(sources.read_text(encoding="utf-8")) if sources.exists() else None
    if key in (existing or {}) and not force:
        raise ValueError(f"outlet {key!r} is already in {sources}")
    entry = outlet_entry(key, url, feeds=feeds, sitemaps=sitemaps, languages=languages, js=js, title=title,
                         timezone=timezone, sections=sections)
    try:
        parse_sources({key: entry})
    except SourcesError as exc:
        raise ValueError(str(exc)) from None
    folder = fixtures / key
    stubs = fixture_stubs(key, entry)
    clashes = [folder / name for name in stubs if (folder / name).exists()]
    if clashes and not force:
        raise ValueError(f"{clashes[0]} exists (use --force to overwrite)")
    written = []
    if key not in (existing or {}):
        text = sources.read_text(encoding="utf-8") if sources.exists() else ""
        sources.write_text(text.rstrip("\n") + ("\n\n" if text.strip() else "") + entry_yaml(key, entry),
                           encoding="utf-8")
        written.append(sources)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in stubs.items():
        (folder / name).write_text(content, encoding="utf-8")
        written.append(folder / name)
    return written


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <name> <url>"

    def short_desc(self) -> str:
        return "Add an outlet: its sources.yaml entry and test fixture stubs to fill in"

    def long_desc(self) -> str:
        return __doc__.split("\n\n", 2)[2]

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--feed", action="append", default=[], help="RSS/Atom/RDF feed URL (repeatable)")
        parser.add_argument("--sitemap", action="append", default=[],
                            help="sitemap, news sitemap or robots.txt URL (repeatable)")
        parser.add_argument("--section", action="append", default=[],
                            help="latest-news page listing its stories, for a site with no feed or sitemap "
                                 "(repeatable)")
        parser.add_argument("--language", "-l", action="append", default=[], help="ISO 639-1 code (repeatable)")
        parser.add_argument("--title", help="the outlet's human-readable name (default: the URL's host)")
        parser.add_argument("--js", action="store_true", help="article text needs JavaScript (scrapy-playwright)")
        parser.add_argument("--timezone", help="IANA name of the clock its pages show (e.g. Europe/Kyiv), for dates "
                                               "printed without an offset (default: guessed per page)")
        parser.add_argument("--sources", help="sources file to add to (default: $NEWSWATCH_SOURCES or sources.yaml)")
        parser.add_argument("--fixtures", default=str(_FIXTURES), help="fixture folder (default: %(default)s)")
        parser.add_argument("--force", action="store_true", help="overwrite existing fixture stubs")

    def run(self, args: list[str], opts) -> None:
        if len(args) != 2:
            raise UsageError("give the outlet's NAME (spider name) and its home page URL")
        key, url = args
        sources = Path(opts.sources) if opts.sources else sources_path()
        try:
            written = generate(key, url, feeds=opts.feed, sitemaps=opts.sitemap, languages=opts.language,
                               js=opts.js, sources=sources,
                               fixtures=Path(opts.fixtures), force=opts.force, title=opts.title,
                               timezone=opts.timezone, sections=opts.section)
        except ValueError as exc:
            print(f"genoutlet: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        if sources not in written:  # --force rewrites the stubs, never a hand-edited entry
            print(f"kept the existing {key!r} entry in {sources}: edit it there (options given now were not applied)",
                  file=sys.stderr)
        if not opts.language:
            print(f"no --language given: the entry says 'en'; change languages: in {sources} if it is not English",
                  file=sys.stderr)
        for path in written:
            print(f"wrote {path}")
        print(next_steps(key, Path(opts.fixtures) / key))


def next_steps(key: str, folder: Path) -> str:
    """What to do after the stubs are written, in the order README "Adding an outlet" gives."""
    return (f"\nNext (README, 'Adding an outlet'):\n"
            f"  1. replace the stubs in {folder}/ with a trimmed copy of a real feed item (sitemap entry, section\n"
            f"     card) and article page, and write\n"
            f"     the expected title, UTC date, authors, body paragraphs and banner texts into expected.json\n"
            f"  2. newswatch clean {folder}/article.html --source {key}     # what its rules leave, before any crawl\n"
            f"  3. pytest tests/test_outlets.py -k {key}                     # the crawl of its fixtures, offline\n"
            f"  4. NEWSWATCH_EXTRACT_WORKERS=0 NEWSWATCH_CRAWL_RUNS=0 scrapy check {key}\n"
            f"  add clean:/metadata: rules to its entry until 3 and 4 pass; then  scrapy crawl {key}  on the real site")
