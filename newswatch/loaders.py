"""ArticleLoader: one normalized Article from whatever a page and its feed entry gave us.

Values are added in order of trust (the page's structured data first, then the
feed or sitemap entry, then the outlet's defaults); the first usable value of
a single-valued field wins. The processors come from
:mod:`newswatch.extract.normalize`, so the ``newswatch`` command and the crawl
normalize identically.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from itemloaders.processors import Compose, MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter, get_func_args
from scrapy.loader import ItemLoader

from newswatch._overrides import apply_overrides
from newswatch.dedup import other_edition, registered_domain, same_site, url_key
from newswatch.extract.normalize import (
    clean_body,
    clean_text,
    normalize_language,
    parse_date,
    split_authors,
)
from newswatch.items import Article


def _non_empty(value):
    return value if value not in ("", None, [], {}) else None


def _unique_tags(values):
    seen: dict[str, str] = {}
    for value in values:
        for tag in value.split(",") if "," in value else [value]:
            tag = clean_text(tag)
            if tag and len(tag) <= MAX_TAG_CHARS and tag.lower() not in seen:
                seen[tag.lower()] = tag
                if len(seen) == MAX_TAGS:
                    return list(seen.values())
    return list(seen.values())


#: Longest values kept, in characters (headlines run to ~300 with a subtitle, standfirsts to a few hundred). A
#: longer one is a template or CMS bug (a headline repeated, a whole article in og:description, a page of text in
#: article:section): it is cut at a word boundary and ends with "…" (the crawl counts it:
#: ``newswatch/article/cut/<field>``).
MAX_CHARS = {"title": 500, "description": 1000, "section": 200}
MAX_TITLE_CHARS = MAX_CHARS["title"]
#: Tags kept per article (the first ones), and the longest tag kept (a longer one is dropped).
MAX_TAGS = 100
MAX_TAG_CHARS = 100
#: Authors kept per article (the first ones): a byline of thousands is a CMS listing its whole staff.
MAX_AUTHORS = 100


def _cut(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    space = cut.rfind(" ", limit // 2)
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:-–—") + "…"


def bounded_title(value: str) -> str:
    """``value`` when it is at most :data:`MAX_TITLE_CHARS` long, else cut at a word boundary, ending with "…"."""
    return _cut(value, MAX_CHARS["title"])


def _bounded_description(value: str) -> str:
    return _cut(value, MAX_CHARS["description"])


def _bounded_section(value: str) -> str:
    return _cut(value, MAX_CHARS["section"])


def _absolute_http_url(value):
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


class ArticleLoader(ItemLoader):
    default_item_class = Article
    default_input_processor = MapCompose(_non_empty)
    default_output_processor = TakeFirst()

    title_in = MapCompose(clean_text, _non_empty, bounded_title)
    description_in = MapCompose(clean_text, _non_empty, _bounded_description)
    section_in = MapCompose(clean_text, _non_empty, _bounded_section)
    body_in = MapCompose(clean_body, _non_empty)
    authors_in = Compose(split_authors)
    authors_out = Compose(lambda names: list(dict.fromkeys(names))[:MAX_AUTHORS])
    tags_in = MapCompose(lambda v: v if isinstance(v, str) else None)
    tags_out = Compose(_unique_tags)
    language_in = MapCompose(normalize_language)
    published_at_in = MapCompose(parse_date)
    modified_at_in = MapCompose(parse_date)
    canonical_url_in = MapCompose(_absolute_http_url)
    image_url_in = MapCompose(_absolute_http_url)
    urls_out = Compose(lambda urls: list(dict.fromkeys(urls)))
    cleaning_out = TakeFirst()
    feed_out = TakeFirst()
    paywalled_out = Compose(lambda values: any(bool(v) for v in values))
    word_count_out = TakeFirst()


def _plain(processor) -> Callable[[Any], Any] | None:
    """``processor`` (an ArticleLoader input or output processor) as a plain function of the collected values, with
    the same result, or None when it needs what only an ItemLoader gives (a loader context)."""
    functions = getattr(processor, "functions", ())
    if any("loader_context" in get_func_args(function) for function in functions):
        return None
    if type(processor) is MapCompose and not processor.default_loader_context:
        def map_compose(values):
            for function in functions:
                mapped: list = []
                for value in values:
                    mapped += arg_to_iter(function(value))
                values = mapped
            return values
        return map_compose
    if type(processor) is Compose and set(processor.default_loader_context) <= {"stop_on_none"}:
        stop_on_none = processor.stop_on_none

        def compose(value):
            for function in functions:
                if value is None and stop_on_none:
                    break
                value = function(value)
            return value
        return compose
    if type(processor) is TakeFirst:
        return processor
    return None


class _PlainArticleLoader:
    """:class:`ArticleLoader`'s ``add_value(field, value)`` and ``load_item()`` with its own processors, called
    directly: the same item, without ItemLoader's per-value machinery (context wrapping, adapters, method lookups:
    ~0.3 ms an article, more than the normalizers it runs). Fields whose processors need a loader context are
    handed to an ArticleLoader."""

    _processors: dict[str, tuple] = {}

    def __init__(self):
        self._values: dict[str, list] = {}

    @classmethod
    def _for(cls, name: str) -> tuple:
        found = cls._processors.get(name)
        if found is None:
            meta = Article.fields[name]  # KeyError for an unknown field, as ItemLoader
            given = (getattr(ArticleLoader, f"{name}_in", None) or meta.get("input_processor")
                     or ArticleLoader.default_input_processor,
                     getattr(ArticleLoader, f"{name}_out", None) or meta.get("output_processor")
                     or ArticleLoader.default_output_processor)
            found = cls._processors[name] = tuple(map(_plain, given))
        return found

    def add_value(self, name: str, value: Any) -> None:
        if value is None:
            return
        processed = self._for(name)[0](arg_to_iter(value))
        if processed:
            self._values.setdefault(name, []).extend(arg_to_iter(processed))

    def load_item(self) -> Article:
        item = Article()
        for name, values in self._values.items():
            value = self._for(name)[1](values)
            if value is not None:
                item[name] = value
        return item

    @classmethod
    @functools.cache
    def plain(cls) -> bool:
        """Whether every Article field's processors run here (else build_article uses an ArticleLoader)."""
        return all(None not in cls._for(name) for name in Article.fields)


# A day-only feed or sitemap date (00:00 UTC) is that day in the outlet's zone, which may run from UTC-12 to UTC+14.
_LOCAL_DAY = (timedelta(hours=-14), timedelta(hours=36))


def _feed_date_wins(relative, feed) -> bool:
    """Whether the entry's date replaces a page date resolved from a relative one («Вчора, 18:30», "2 hours
    ago"): that is the weakest source (its minute rests on the fetch time), so an exact feed or sitemap date
    always wins; a day-only one (00:00 UTC) only when the page's time falls on another day."""
    relative, feed = parse_date(relative), parse_date(feed)
    if relative is None or feed is None:
        return feed is not None
    if (feed.hour, feed.minute, feed.second, feed.microsecond) != (0, 0, 0, 0):
        return True
    return not feed + _LOCAL_DAY[0] <= relative < feed + _LOCAL_DAY[1]


def build_article(page: dict, *, url: str, source: str, entry: dict | None = None,
                  default_language: str | None = None, now: datetime | None = None,
                  overrides: dict | None = None) -> Article:
    """Normalize extracted ``page`` fields plus discovery ``entry`` hints into one Article.

    ``page`` is the dict from :func:`newswatch.process.process_page`; ``entry`` is
    :meth:`newswatch.discovery.Entry.as_dict` plus ``authors``/``modified_at`` and ``listed_url`` (the link as
    listed, when it was fetched without its tracking parameters: kept in ``urls``), or None. ``overrides`` is the
    outlet's ``metadata:`` mapping (see :mod:`newswatch._overrides`). A page date marked ``published_relative``
    (resolved from «Вчора, 18:30» and the fetch time) ranks below the entry's date (see ``_feed_date_wins``).
    """
    loader = _PlainArticleLoader() if _PlainArticleLoader.plain() else ArticleLoader()
    return _build(loader, page, url=url, source=source, entry=entry, default_language=default_language, now=now,
                  overrides=overrides)


def _named_for_own_language(page: dict, target: str) -> bool:
    """Whether the page's hreflang alternates name ``target`` for the page's own language (``/en/x`` whose ``en``
    alternate is ``/x``: the same edition under a second address)."""
    language = normalize_language(page.get("language"))
    key = url_key(target)
    return bool(language) and any(normalize_language(tag) == language and url_key(href) == key
                                  for tag, href in (page.get("alternates") or {}).items() if isinstance(href, str))


def _own_address(page: dict, url: str, canonical: str) -> bool:
    """Whether ``canonical`` (already judged to be this page's, on its site) is the address the story is stored at
    rather than the URL it was fetched from: the same URL less query parameters (a feed's campaign tag the
    site's own rules do not know: ``?maca=rus-rss-...``, ``?from=feed``), or the URL the page's own-language hreflang
    names too (``/en/x`` served as ``/x``, ``/x`` served as ``/en/x``: whichever of them the crawl met first, the story
    is stored at the one the page names). The fetched URL stays an alias."""
    if canonical == url:
        return False
    got, want = urlsplit(url), urlsplit(canonical)
    if (got.scheme, got.netloc.lower(), got.path) == (want.scheme, want.netloc.lower(), want.path) and got.query:
        return set(parse_qsl(want.query, keep_blank_values=True)) < set(parse_qsl(got.query, keep_blank_values=True))
    return _named_for_own_language(page, canonical)


def _build(loader, page: dict, *, url: str, source: str, entry: dict | None, default_language: str | None,
           now: datetime | None, overrides: dict | None) -> Article:
    page, entry = apply_overrides(page, entry, overrides)
    if page.get("published_relative") and _feed_date_wins(page.get("published_at"), entry.get("published_at")):
        page = {**page, "published_at": None}
    for name in ("title", "description", "authors", "section", "language", "published_at",
                 "modified_at", "image_url", "body"):
        loader.add_value(name, page.get(name))
    # The feed's date only stands in for the page's when the page has none of its own.
    loader.add_value("title", entry.get("title"))
    loader.add_value("published_at", entry.get("published_at"))
    if not page.get("authors"):  # a feed's byline ("Jane Doe in Kyiv") only stands in for the page's
        loader.add_value("authors", list(entry.get("authors") or []))
    loader.add_value("language", entry.get("language"))
    loader.add_value("language", default_language)
    loader.add_value("tags", page.get("tags") or [])
    loader.add_value("tags", list(entry.get("keywords") or []))

    canonical = page.get("canonical_url")
    # a canonical on another language edition names the page this one was translated from, not this page; unless the
    # page's own hreflang names it for the page's language: then it is this edition's address without the mark
    canonical = canonical if canonical and same_site(canonical, url) and (
        not other_edition(url, canonical) or _named_for_own_language(page, canonical)) else url
    # the story is stored at its own address: the canonical when that is this very page (see _own_address)
    loader.add_value("url", canonical if _own_address(page, url, canonical) else url)
    loader.add_value("canonical_url", canonical)
    listed = (entry or {}).get("listed_url")
    loader.add_value("urls", [url, canonical, *([listed] if listed and same_site(listed, url) else [])])
    loader.add_value("paywalled", page.get("paywalled_hint"))
    loader.add_value("cleaning", page.get("cleaning"))
    if entry:
        loader.add_value("feed", {k: v for k, v in entry.items() if k in ("via", "url", "title", "published_at",
                                                                          "language", "keywords")})
    item = loader.load_item()

    item["source"] = source
    item["domain"] = registered_domain(item["canonical_url"])
    item["url_key"] = url_key(item["url"], item["canonical_url"])
    item["alternates"] = dict(page.get("alternates") or {})  # hreflang editions: newswatch.dedup links them
    item.setdefault("tags", [])
    item.setdefault("authors", [])
    item.setdefault("body", "")
    item["word_count"] = len(item["body"].split())
    item["paywalled"] = bool(item.get("paywalled"))
    item["crawled_at"] = now or datetime.now(UTC)
    for name in ("title", "description", "section", "language", "published_at", "modified_at", "image_url"):
        item.setdefault(name, None)
    return item
