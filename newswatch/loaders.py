"""ArticleLoader: one normalized Article from whatever a page and its feed entry gave us.

Values are added in order of trust (the page's structured data first, then the
feed or sitemap entry, then the outlet's defaults); the first usable value of
a single-valued field wins. The processors come from
:mod:`newswatch.extract.normalize`, so the ``newswatch`` command and the crawl
normalize identically.
"""

from __future__ import annotations

from datetime import UTC, datetime

from itemloaders.processors import Compose, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newswatch._overrides import apply_overrides
from newswatch.dedup import registered_domain, same_site, url_key
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
            if tag and tag.lower() not in seen:
                seen[tag.lower()] = tag
    return list(seen.values())


def _absolute_http_url(value):
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


class ArticleLoader(ItemLoader):
    default_item_class = Article
    default_input_processor = MapCompose(_non_empty)
    default_output_processor = TakeFirst()

    title_in = MapCompose(clean_text, _non_empty)
    description_in = MapCompose(clean_text, _non_empty)
    section_in = MapCompose(clean_text, _non_empty)
    body_in = MapCompose(clean_body, _non_empty)
    authors_in = Compose(split_authors)
    authors_out = Compose(lambda names: list(dict.fromkeys(names)))
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


def build_article(page: dict, *, url: str, source: str, entry: dict | None = None,
                  default_language: str | None = None, now: datetime | None = None,
                  overrides: dict | None = None) -> Article:
    """Normalize extracted ``page`` fields plus discovery ``entry`` hints into one Article.

    ``page`` is the dict from :func:`newswatch.process.process_page`; ``entry`` is
    :meth:`newswatch.discovery.Entry.as_dict` plus ``authors``/``modified_at``, or None. ``overrides`` is the
    outlet's ``metadata:`` mapping (see :mod:`newswatch._overrides`).
    """
    page, entry = apply_overrides(page, entry, overrides)
    loader = ArticleLoader()
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
    canonical = canonical if canonical and same_site(canonical, url) else url
    loader.add_value("url", url)
    loader.add_value("canonical_url", canonical)
    loader.add_value("urls", [url, canonical])
    loader.add_value("paywalled", page.get("paywalled_hint"))
    loader.add_value("cleaning", page.get("cleaning"))
    if entry:
        loader.add_value("feed", {k: v for k, v in entry.items() if k in ("via", "url", "title", "published_at",
                                                                          "language", "keywords")})
    item = loader.load_item()

    item["source"] = source
    item["domain"] = registered_domain(item["canonical_url"])
    item["url_key"] = url_key(item["url"], item["canonical_url"])
    item.setdefault("tags", [])
    item.setdefault("authors", [])
    item.setdefault("body", "")
    item["word_count"] = len(item["body"].split())
    item["paywalled"] = bool(item.get("paywalled"))
    item["crawled_at"] = now or datetime.now(UTC)
    for name in ("title", "description", "section", "language", "published_at", "modified_at", "image_url"):
        item.setdefault(name, None)
    return item
