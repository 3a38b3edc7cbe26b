"""Article metadata from structured data, meta tags, ``<time>`` and the URL.

Sources in priority order, field by field: JSON-LD (every block, ``@graph``, lists, nested nodes;
the best article node first, then other nodes such as ``WebPage``), OpenGraph / ``article:*``,
other meta tags (``citation_*``, Dublin Core, Parse.ly, Sailthru, Twitter), ``<time>`` /
``itemprop`` markup, then the URL. Which meta names feed which field is data:
``rules/metadata.yaml``.

Dates without an offset are read in the outlet's declared zone (``zone=``: ``timezone:`` in ``sources.yaml``), else
in the outlet's local zone when the domain (``.ua``, ``.ru``...), a declared
locale (``ru-UA``), what the page says of its outlet (a city in its site name or footer, a telephone code, «Время
киевское», a Ukrainian edition offered) or a language (``uk``, ``ru``) tells it (``rules/dates.yaml``), else as
UTC; a structured date without an offset that the page shows with its zone ("9:40 AM EST") takes that zone. A
modified date before the publication is dropped. A JavaScript app's state (``__NEXT_DATA__``,
``Fusion.globalContent``...) fills what structured data and meta tags leave empty (``_appstate.py``). When they
give no publication date (or only a day, or the URL's day, or a bare ``<time>`` somewhere on the page), a date and
time shown as text next to the headline is used («27.11.2026 14:05», «14:05, 27 ноября 2026»). A relative one
(«Сьогодні, 14:05», «2 години тому») only when the caller gives the time the page was fetched (``fetched_at``);
with nothing else, a day shown without a time ("Nov 26, 2026"). For those two ``published_relative`` is ``True``,
so the loader lets a feed or sitemap date win.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import lxml.etree
import lxml.html
import yaml

from newswatch.dedup import edition_language, registered_domain
from newswatch.extract._alternates import page_alternates
from newswatch.extract._appstate import app_state_article
from newswatch.extract._html import elements_after
from newswatch.extract._language import edition_agrees, guess_language
from newswatch.extract.normalize import (
    RELATIVE_SLACK,
    clean_text,
    dateline_day,
    is_credit_label,
    looks_like_modified,
    modified_marker_at,
    names_no_one,
    normalize_language,
    parse_date,
    parse_relative_date,
    split_authors,
    stated_offset_date,
)

logger = logging.getLogger(__name__)

_RULES = Path(__file__).resolve().parent / "rules" / "metadata.yaml"
_DATES_RULES = Path(__file__).resolve().parent / "rules" / "dates.yaml"

MAX_JSONLD_CHARS = 2_000_000
"""JSON-LD blocks longer than this are skipped (some sites embed whole app states)."""
_MAX_NODES = 2_000
_PROFILE_URL_RE = re.compile(r"^(?:https?:)?//|^/[\w-]")
_MAX_DEPTH = 12


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with open(_RULES, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    rules["article_types"] = {t.lower(): rank for rank, t in enumerate(rules["article_types"])}
    rules["page_types"] = {t.lower() for t in rules["page_types"]}
    rules["author_xpath"] = [lxml.etree.XPath(expression) for expression in rules["author_xpath"]]
    bylines = rules["bylines"]
    bylines["marker_xpath"] = lxml.etree.XPath(bylines["marker_xpath"])
    bylines["token_re"] = re.compile(bylines["token"], re.I | re.X)
    bylines["elsewhere_re"] = re.compile(bylines["elsewhere"], re.I | re.X)
    bylines["dated_elsewhere_re"] = re.compile(f"(?!{bylines['elsewhere_dated']})(?:{bylines['elsewhere']})",
                                               re.I | re.X)
    bylines["author_link_re"] = re.compile(bylines["author_link"])
    bylines["modifier_re"] = re.compile(bylines["modifier"], re.I)
    with open(_RULES.with_name("bylines.yaml"), encoding="utf-8") as fh:
        byline_words = yaml.safe_load(fh)
    labels = sorted(byline_words["credit_labels"], key=len, reverse=True)
    # «Переклад: Ірина Бойко», «Переклад з англійської: …», "Translated by Jane Doe", "Translation: …"
    bylines["translator_re"] = re.compile(
        r"^(?i:" + "|".join(map(re.escape, sorted(byline_words["translation_labels"], key=len, reverse=True)))
        + r")\b(?:[^:–—]{0,30}[:–—]|(?:[^:–—]{0,30}?\s)?by\b)\s*(?P<names>\S.*)?$")
    credit_first = r"(?:(?i:" + "|".join(map(re.escape, labels)) + r")\s*[:\-–—]\s*[^:|]{2,80}?[.;|]\s+)?"
    # or the day first: «27.11.2026 · Текст: Дарина Савчук» (a Tilda subtitle: extract_unseen9 svidomi_tilda); that
    # variant is tried only on a line starting with a digit
    day_first = r"\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*[·•|,–—-]\s*"
    bylines["line_re"] = re.compile("^" + credit_first + bylines["line"])
    bylines["line_label_re"] = re.compile("^" + credit_first + bylines["line_label"])
    bylines["day_line_re"] = re.compile("^" + day_first + credit_first + bylines["line"])
    bylines["day_line_label_re"] = re.compile("^" + day_first + credit_first + bylines["line_label"])
    bylines["line_tags"] = frozenset(bylines["line_tags"])
    bylines["credit_re"] = re.compile(bylines["credit"], re.X)
    bylines["signature_re"] = re.compile(bylines["signature"])
    bylines["reporting_re"] = re.compile(bylines["reporting"])
    bylines["republished_author_re"] = re.compile(bylines["republished_author"])
    bylines["about_label_re"] = re.compile(bylines["about_label"], re.X)
    bylines["profile_slug_re"] = re.compile(bylines["profile_slug"])
    bylines["cms_accounts"] = frozenset(name.casefold() for name in bylines["cms_accounts"])
    with open(_RULES.with_name("dates.yaml"), encoding="utf-8") as fh:  # where the date rules live
        rules["first_published_re"] = re.compile(yaml.safe_load(fh)["first_published"], re.I | re.X)
    rules["separators_re"] = re.compile("|".join(re.escape(s) for s in rules["title_separators"]))
    standfirst = rules["standfirst"]
    standfirst["class_re"] = re.compile(standfirst["class"], re.X)
    standfirst["media_re"] = re.compile(standfirst["media_class"], re.I)
    standfirst["paragraph_skip_re"] = re.compile(standfirst["paragraph_skip_class"], re.I)
    rules["stamp_attribute_re"] = re.compile(rules["stamp_attribute"], re.I)
    rules["stamp_element_re"] = re.compile(rules["stamp_element"], re.I)
    rules["site_pages"] = frozenset(rules["site_pages"])
    rules["archive_hosts"] = frozenset(rules["archive_hosts"])
    rules["site_description_re"] = re.compile(rules["site_description"], re.I | re.X)
    return rules


# --------------------------------------------------------------------------- JSON-LD

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _jsonld_scripts(tree: lxml.html.HtmlElement) -> list:
    """``//script[contains(translate(@type, 'A..Z', 'a..z'), 'ld+json')]``, as a tag walk in C with the test in
    Python: the XPath's walk tests every node of the page (~0.07 ms more a page)."""
    return [script for script in tree.getroottree().getroot().iter("script")
            if "ld+json" in (script.get("type") or "").translate(_ASCII_LOWER)]


_COMMENT_WRAP_RE = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA_RE = re.compile(r",\s*([\]}])")


def _load_json(text: str) -> Any:
    text = _COMMENT_WRAP_RE.sub("", text.strip()).strip().rstrip(";")
    if not text:
        return None
    try:
        return json.loads(text, strict=False)  # strict=False: raw newlines/tabs inside strings
    except ValueError:
        pass
    try:  # the commonest hand-written mistake
        return json.loads(_TRAILING_COMMA_RE.sub(r"\1", text), strict=False)
    except ValueError:
        pass
    try:  # several objects concatenated in one block
        decoder, pos, items = json.JSONDecoder(strict=False), 0, []
        while pos < len(text):
            obj, end = decoder.raw_decode(text, pos)
            items.append(obj)
            pos = end
            while pos < len(text) and text[pos] in " \t\r\n,;":
                pos += 1
        return items
    except ValueError:
        return None


def _type_names(node: dict) -> list[str]:
    kinds = node.get("@type") or node.get("type") or []
    if not isinstance(kinds, list):
        kinds = [kinds]
    # "schema:NewsArticle", "http://schema.org/NewsArticle" -> "newsarticle"
    return [_TYPE_SPLIT_RE.split(k)[-1].lower() for k in kinds if isinstance(k, str)]


# Nested values that hold other things than this page's article: people and logos (read where they
# belong), live-blog updates, comments, related or listed stories.
_NOT_THIS_ARTICLE = frozenset({
    "@context", "author", "creator", "publisher", "image", "logo", "liveBlogUpdate", "comment", "review",
    "citation", "isPartOf", "relatedLink", "significantLink", "itemListElement", "mentions", "about",
    "video", "associatedMedia", "workExample", "recipe",
})
_TYPE_SPLIT_RE = re.compile(r"[/:#]")


def _walk(value: Any, out: list[dict], depth: int = 0) -> None:
    if depth > _MAX_DEPTH or len(out) >= _MAX_NODES:
        return
    if isinstance(value, list):
        for item in value:
            _walk(item, out, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value or "type" in value:
            out.append(value)
        for key, item in value.items():
            if key in _NOT_THIS_ARTICLE:
                continue
            if isinstance(item, list | dict):
                _walk(item, out, depth + 1)


def _resolve_references(value: Any, nodes: list[dict]) -> Any:
    """Replace ``{"@id": ...}`` references (Yoast-style ``@graph`` authors) by the nodes they name."""
    if isinstance(value, list):
        return [_resolve_references(item, nodes) for item in value]
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
        for node in nodes:
            if node.get("@id") == value["@id"] and len(node) > len(value):
                return node
    return value


def jsonld_nodes(tree: lxml.html.HtmlElement) -> list[dict]:
    """Every typed JSON-LD node of the page, in document order (``@graph`` and nesting flattened)."""
    nodes: list[dict] = []
    for script in _jsonld_scripts(tree):
        text = script.text or ""
        if not text.strip() or len(text) > MAX_JSONLD_CHARS:
            continue
        try:
            data = _load_json(text)
        except (RecursionError, MemoryError):
            data = None
        if data is None:
            logger.debug("invalid JSON-LD block skipped")
            continue
        _walk(data, nodes)
    return nodes


def _latest_update(updates: list[Any], keys: list[str], zone: tzinfo | None) -> datetime | None:
    """The newest date of a live blog's entries (each its own dateModified, else datePublished)."""
    latest = None
    for entry in updates[:_MAX_NODES]:
        if isinstance(entry, dict):
            found = next((d for d in (parse_date(_first(entry.get(k)), zone=zone) for k in keys) if d), None)
            if found is not None and (latest is None or found > latest):
                latest = found
    return latest


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _text_of(value: Any) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    return clean_text(value) if isinstance(value, str) else ""


def _url_of(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
        value = _first(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


# Template placeholders that CMSs print where a value is missing.
_LIST_SPLIT_RE = re.compile("[,;\uff0c\uff1b\u3001]")  # also CJK comma, semicolon, enumeration comma
_NULL_WORDS = frozenset({"nil", "null", "none", "undefined", "n/a", "na", "false", "[]", "{}"})


def _strings(value: Any) -> list[str]:
    """A string, comma-separated string or list (of strings / named dicts) -> list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        parts = (clean_text(p) for p in _LIST_SPLIT_RE.split(value))
        return [part for part in parts if part and part.lower() not in _NULL_WORDS]
    if isinstance(value, dict):
        return _strings(value.get("name"))
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _free_flag(value: Any) -> bool | None:
    value = _first(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


def _paywall_from_node(node: dict) -> bool | None:
    """``True`` when the node or any ``hasPart`` says ``isAccessibleForFree: false``."""
    flags = [_free_flag(node.get("isAccessibleForFree"))]
    parts = node.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict):
            flags.append(_free_flag(part.get("isAccessibleForFree")))
    if False in flags:
        return True
    if True in flags:
        return False
    return None


def _rank_nodes(nodes: list[dict], url: str | None,
                tree: lxml.html.HtmlElement | None = None) -> tuple[list[dict], list[dict]]:
    """(article nodes best first, page nodes such as WebPage). The page's own article first: the node whose
    ``url``, ``mainEntityOfPage``, ``@id`` or ``isPartOf`` is the page's URL; among several nodes (an ``@graph``
    with related stories beside the page's: extract_meta13 en_graph_main_article_among_related), then the one whose
    headline the page's <h1> or <title> shows; then the most complete."""
    rules = _rules()
    articles: list[tuple[list, dict]] = []
    pages: list[dict] = []
    for index, node in enumerate(nodes):
        names = _type_names(node)
        ranks = [rules["article_types"][n] for n in names if n in rules["article_types"]]
        if ranks:
            same_page = bool(url) and _on_page(node, url)
            complete = sum(1 for key in ("headline", "datePublished", "author", "articleBody") if node.get(key))
            articles.append(([not same_page, False, -complete, min(ranks), index], node))
        elif any(n in rules["page_types"] for n in names):
            pages.append(node)
    if len(articles) > 1 and tree is not None:
        shown = [_norm_key(clean_text(h.text_content())) for h in _h1s(tree)[:3]]
        shown.append(_norm_key(_html_title(tree)))
        for key, node in articles:
            headline = _norm_key(_text_of(node.get("headline") or node.get("name")))
            key[1] = not (headline and any(text.startswith(headline) or text.endswith(headline)
                                           for text in shown if text))
    articles.sort(key=lambda pair: pair[0])
    return [node for _, node in articles], pages


def _on_page(node: dict, url: str) -> bool:
    """Whether a node names the page at ``url`` as its own (its address, the page it is the main entity or part of,
    an ``@id`` of the page's address with a fragment)."""
    for key in ("url", "mainEntityOfPage", "@id", "isPartOf"):
        href = _url_of(node.get(key))
        if href and (href == url or _same_url(href, url)):
            return True
    return False


# --------------------------------------------------------------------------- meta tags


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """``{lower-cased property/name/itemprop/http-equiv: [content, ...]}`` in document order."""
    metas: dict[str, list[str]] = {}
    json_metas = _rules()["json_meta"]
    elements = list(tree.iter("meta"))
    teasers = _teaser_scopes([meta for meta in elements if meta.get("itemprop") is not None], tree)
    for meta in elements:
        content = meta.get("content")
        if content is None or not content.strip() or (teasers and _item_scope(meta) in teasers):
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                key = key.strip().lower()
                metas.setdefault(key, []).append(content.strip())
                if key in json_metas:
                    _unpack_json_meta(content, json_metas[key], metas)
    return metas


def _unpack_json_meta(content: str, fields: dict[str, str], metas: dict[str, list[str]]) -> None:
    """A meta tag holding a JSON object (parse.ly's ``parsely-page``): its fields as the meta tags they stand for."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        return
    if not isinstance(data, dict):
        return
    for key, name in fields.items():
        value = data.get(key)
        if isinstance(value, list):
            value = ", ".join(v for v in value if isinstance(v, str))
        if isinstance(value, str) and value.strip():
            metas.setdefault(name, []).append(value.strip())


def _from_meta(metas: dict[str, list[str]], names: list[str]) -> list[str]:
    return [value for name in names for value in metas.get(name, ())]


# --------------------------------------------------------------------------- dates

_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
_URL_COMPACT_DATE_RE = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def site_page(url: str | None) -> bool:
    """Whether ``url`` names one of a site's own pages, not a story: its path's last segment (less an extension such
    as ``.html``) is such a page's name ("/about/", "/ru/contacts", "/o-kompanii.html"; ``site_pages`` in
    ``rules/metadata.yaml``). The address alone: whoever asks also knows the page is dated nowhere."""
    if not url:
        return False
    segment = urlsplit(url).path.rstrip("/").rpartition("/")[2].lower()
    return segment.partition(".")[0] in _rules()["site_pages"]


def _archive_host(url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") in _rules()["archive_hosts"]


_EMBEDDED_URL_RE = re.compile(r"https?://", re.I)


def _archived_original(urls: list[str | None]) -> str | None:
    """The address a web archive's copy was saved from, as one of the copy's own addresses embeds it
    ("https://archive.ph/2026.11.27-101533/https://seyminfo.ru/news/…"; ``archive_hosts`` in rules/metadata.yaml)."""
    for candidate in urls:
        if candidate and _archive_host(candidate):
            found = _EMBEDDED_URL_RE.search(candidate, len("https://"))
            if found:
                return candidate[found.start():]
    return None


def date_from_url(url: str | None) -> datetime | None:
    """``/2023/04/20/`` or ``/20230420/`` in a URL path -> that day, 00:00 UTC."""
    if not url:
        return None
    path = urlsplit(url).path
    match = _URL_DATE_RE.search(path) or _URL_COMPACT_DATE_RE.search(path)
    if not match:
        return None
    return parse_date("-".join(f"{int(part):02d}" for part in match.groups()))


# Bare <time> elements in lists, asides, navigation and footers date other stories, not this one.
# (//@itemprop[...]/.. steps through the attributes, about twice as fast as testing every element.)
# /descendant::tag[...]: libxml2 walks the tag's elements, where for //tag[...] it collects every node of the page first
# (the same elements: no predicate here counts positions)
_TIME_XPATH = lxml.etree.XPath(
    "//@itemprop[.='datePublished' or .='dateModified']/.. | //@pubdate/.."
    " | //@property[contains(., 'dc:created') or contains(., 'dc:modified') or contains(., 'atePublished')"
    " or contains(., 'ateModified')]/.."
    " | /descendant::time[@datetime][not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::li)]"
)
# RDFa (Drupal: <span property="dc:date dc:created" content="...">; schema.org as RDFa: property="datePublished")
_RDFA_PUBLISHED_RE = re.compile(r"(?:^|[\s:])(?:created|datePublished)(?:\s|$)")
_RDFA_MODIFIED_RE = re.compile(r"(?:^|[\s:])(?:modified|dateModified)(?:\s|$)")
_CANONICAL_REL = str.maketrans("CANOIL", "canoil")
_XML_SPACE = re.compile("[ \t\r\n]+")


def _canonical_links(tree: lxml.html.HtmlElement) -> list:
    """``//link[@href][contains(concat(' ', normalize-space(translate(@rel, 'CANONICAL', 'canonical')), ' '),
    ' canonical ')]`` (one of the rel's space-separated words), as a tag walk in C: ~0.09 ms less a page."""
    return [link for link in tree.getroottree().getroot().iter("link") if link.get("href") is not None
            and "canonical" in _XML_SPACE.split((link.get("rel") or "").translate(_CANONICAL_REL))]


@functools.lru_cache(maxsize=1)
def _zone_names() -> dict[str, dict[str, str]]:
    with open(_DATES_RULES, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["local_zones"]


@functools.lru_cache(maxsize=32)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # no time-zone database: naive dates stay UTC
        logger.warning("time zone %s unavailable; naive dates read as UTC", name)
        return None


def declared_zone(zone: str | tzinfo | None) -> tzinfo | None:
    """``zone`` as a ``tzinfo``: an IANA name looked up (``None``, logged, when unknown), a ``tzinfo`` as it is."""
    if zone is None or isinstance(zone, tzinfo):
        return zone
    try:
        return ZoneInfo(zone.strip())
    except (ZoneInfoNotFoundError, ValueError, TypeError, AttributeError, OSError):
        logger.warning("declared time zone %r unknown; the page's zone is guessed", zone)
        return None


_REGION_RE = re.compile(r"^[a-z]{2,3}[-_]([a-z]{2})\b", re.I)


def local_zone(url: str | None, language: str | None, locales: list[str] | tuple[str, ...] = (),
               page: Callable[[], str | None] | None = None) -> tzinfo | None:
    """The zone a page's naive dates are in: by the host's country-code domain (``.ua`` -> Kyiv,
    ``.ru`` -> Moscow...), else by the country of a declared locale (``ru-UA``, ``ru_UA`` -> Kyiv), else by what
    ``page`` (called only then) says of the outlet (an IANA name: :func:`_page_zone`), else by a one-country
    language (``uk``); ``None`` (UTC) otherwise."""
    zones = _zone_names()
    host = (urlsplit(url).hostname or "") if url else ""
    name = zones["domains"].get(host.rsplit(".", 1)[-1]) if "." in host else None
    for locale in locales:
        region = _REGION_RE.match(locale.strip()) if not name and isinstance(locale, str) else None
        name = name or (zones["domains"].get(region.group(1).lower()) if region else None)
    name = name or (page() if page is not None else None)
    name = name or zones["languages"].get(language or "")
    return _zone(name) if name else None


@functools.lru_cache(maxsize=1)
def _page_zone_rules() -> dict[str, Any]:
    page = _zone_names()["page"]

    def words(values: Any) -> str:
        return "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))

    stems = {stem.casefold(): zone for zone, group in page["cities"].items() for stem in group}
    return {
        "declared_re": re.compile(rf"(?<!\w)({words(page['declared'])})(?!\w)", re.I),
        "declared": {k.casefold(): v for k, v in page["declared"].items()},
        "phones": [(re.compile(pattern), zone) for pattern, zone in page["phones"].items()],
        "alternates": page["alternate_language"], "max_alternates": page["max_alternates"],
        "cities": stems,
    }


# A site's footer: where an outlet prints its address, telephone and which clock its times are in.
_FOOTER_MARK_RE = re.compile(r"footer|bottom|copyright", re.I)
_NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "link", "meta", "iframe"})
_FOOTER_CHARS = 3000


def _footer(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The page's footer, looked for from the end of the page (a scan of every element's class for one cost more
    than the rest of the zone's reading): among the last few shown children of <body>, then of the last of them (a
    page wrapper), three levels down: a <footer>, or an element whose class or id says footer / bottom / copyright."""
    node = tree.find("body")
    for _ in range(3):
        if node is None:
            return None
        shown = [child for child in reversed(node) if isinstance(child.tag, str) and child.tag not in _NOT_SHOWN][:4]
        for child in shown:
            if child.tag == "footer" or _FOOTER_MARK_RE.search(f"{child.get('class') or ''} {child.get('id') or ''}"):
                return child
        node = shown[0] if shown else None
    return None


def _footer_text(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's footer (:func:`_footer`), at most :data:`_FOOTER_CHARS` characters."""
    last = _footer(tree)
    if last is None:
        return ""
    parts, size = [], 0
    for part in last.itertext():
        parts.append(part)
        size += len(part)
        if size > _FOOTER_CHARS:
            break
    return " ".join(parts)[:_FOOTER_CHARS]


_SITE_DOMAIN_RE = re.compile(r"(?<=[^\W_])\.([a-z]{2})(?![\w.])", re.I)


def _page_zone(tree: lxml.html.HtmlElement, own: list[str], language: str | None,
               alternates: list[str]) -> str | None:
    """The zone the page says its outlet keeps (``local_zones.page`` in ``rules/dates.yaml``): a statement of the
    site's clock («Время киевское»), else a country-code domain in its name («Страна.ua»), else a telephone country
    code in the footer, else a Ukrainian alternate of a Russian page, else a city in the outlet's own strings
    (``own``: its site name, the site part of its <title>, a tagline) or footer; ``None`` when none, or when
    several zones are named."""
    rules = _page_zone_rules()
    footer = _footer_text(tree)
    text = " | ".join([*own, footer])
    declared = rules["declared_re"].search(text)
    if declared:
        return rules["declared"][declared.group(1).casefold()]
    # an outlet named by its domain («Страна.ua», "Gazeta.ru") on another domain (strana.news): that country's clock
    domains = _zone_names()["domains"]
    named = {domains[code] for code in (m.group(1).lower() for m in _SITE_DOMAIN_RE.finditer(" | ".join(own)))
             if code in domains}
    if len(named) == 1:
        return named.pop()
    phones = {zone for pattern, zone in rules["phones"] if pattern.search(footer)}
    if len(phones) == 1:
        return phones.pop()
    offered = {normalize_language(tag) for tag in alternates} - {language, None}
    if 0 < len(offered) <= rules["max_alternates"]:
        zones = {rules["alternates"][code] for code in offered if code in rules["alternates"]}
        if len(zones) == 1:
            return zones.pop()
    cities = _named_zones(text.casefold(), rules["cities"])
    return cities.pop() if len(cities) == 1 else None


def _named_zones(folded: str, stems: dict[str, str]) -> set[str]:
    """The zones of the city names (word beginnings) in ``folded`` text: a substring search per name, in C (one
    regex of them all cost ten times as much)."""
    zones = set()
    for stem, zone in stems.items():
        if zone in zones:
            continue
        at = folded.find(stem)
        while at >= 0:
            if at == 0 or not folded[at - 1].isalnum():
                zones.add(zone)
                break
            at = folded.find(stem, at + 1)
    return zones


def _time_value(element: lxml.html.HtmlElement, value: str, zone: tzinfo | None) -> datetime | None:
    """A ``<time>``'s ``datetime`` in the page's zone; a naive one whose own text shows, in that zone, the moment
    it names read as UTC is UTC (Spiegel's ``datetime="2026-11-28 12:05:00"`` on «28.11.2026, 13.05 Uhr»)."""
    found = parse_date(value, zone=zone)
    if found is None or zone is None or element.tag != "time" or not _NAIVE_ISO_RE.match(value):
        return found
    text = _short_text(element)
    if not text or not _date_sized(text) or not _CLOCK_RE.search(text):
        return found
    shown, as_utc = parse_date(text.replace(" | ", " "), zone=zone), parse_date(value, zone=UTC)
    if shown is not None and as_utc is not None and shown != found \
            and shown.replace(second=0, microsecond=0) == as_utc.replace(second=0, microsecond=0):
        return as_utc
    return found


def _item_scope(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The microdata item an ``itemprop`` belongs to: its nearest ``itemscope`` above it."""
    if element.get("itemprop") is None:
        return None
    return next((above for above in element.iterancestors() if above.get("itemscope") is not None), None)


def _teaser_scopes(elements: list[lxml.html.HtmlElement], tree: lxml.html.HtmlElement) -> set:
    """The microdata items of other stories: when one item dated by an ``itemprop`` holds the page's ``<h1>``, the
    others dated so are teasers («Самое читаемое» cards marked up as NewsArticles before the story; extract_meta17
    ru_bfm_microdata_related_scopes_first). None when no dated item holds the headline: nothing tells them apart."""
    scopes = {scope for scope in map(_item_scope, elements) if scope is not None}
    if len(scopes) < 2:
        return set()
    headlines = _h1s(tree)
    holding = {scope for scope in scopes if any(scope in h1.iterancestors() for h1 in headlines)}
    return scopes - holding if holding else set()


def _time_elements(tree: lxml.html.HtmlElement,
                   zone: tzinfo | None = None) -> tuple[datetime | None, datetime | None, bool]:
    """(published, modified, bare) from ``<time>`` and ``itemprop`` markup; ``bare``: the publication date is
    a bare ``<time>`` (nothing marks it as this story's)."""
    published = modified = None
    bare = False
    elements = _TIME_XPATH(tree)
    teaser_scopes = _teaser_scopes(elements, tree)
    for element in elements:
        if teaser_scopes and _item_scope(element) in teaser_scopes:
            continue
        # an <abbr> shows the clock and holds the whole date in its title (microformats' hAtom, Blogger's
        # <abbr class="published" itemprop="datePublished" title="2026-11-26T14:05:00+03:00">14:05</abbr>)
        value = element.get("datetime") or element.get("content") or (element.get("title") if element.tag == "abbr"
                                                                      else None) or element.text_content()
        itemprop = (element.get("itemprop") or "").strip()
        rdfa = element.get("property")
        if rdfa and not itemprop:
            itemprop = "dateModified" if _RDFA_MODIFIED_RE.search(rdfa) else (
                "datePublished" if _RDFA_PUBLISHED_RE.search(rdfa) else "")
        if itemprop == "dateModified":
            modified = modified or parse_date(value, zone=zone)
            continue
        if itemprop == "datePublished" or element.get("pubdate") is not None:
            found = parse_date(value, zone=zone) if published is None or bare else None
            if found:  # marked up as this story's: over a bare <time> found before it
                published, bare = found, False
            continue
        # A bare <time>: only trusted as the publication date when nothing marks it as an update.
        parent = element.getparent()
        context = " ".join(
            filter(None, [element.get("class"), parent.get("class") if parent is not None else None,
                          parent.text if parent is not None else None, element.text])
        )
        if looks_like_modified(context):
            modified = modified or parse_date(value, zone=zone)
        elif published is None:
            published = _time_value(element, value, zone)
            bare = published is not None
    return published, modified, bare


_MAX_DATE_CHARS = 60


def _date_sized(text: str | None) -> bool:
    """Short enough for a date line: one date, or a publication and its update on one line (twice as long, the
    update labelled after the start: «Опубліковано 27 листопада 2026 о 10:20, оновлено 27 листопада 2026 о 12:05»)."""
    if not text:
        return False
    return len(text) <= _MAX_DATE_CHARS or (len(text) <= 2 * _MAX_DATE_CHARS and modified_marker_at(text) > 0)
_MAX_DAY_CHARS = 40
_DAY_ONLY_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_CLOCK_RE = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)")
_DATE_SCAN = 60


_LINE_PART_RE = re.compile(r"\s[|·•]\s")


def _date_beside_byline(text: str | None) -> str | None:
    """The date part of a line too long for a date line because of the names beside it ("By A, B, and C | Nov 28,
    2026, 10:15 AM ET"): the one part with a clock, when every other part is a byline."""
    if not text or ("|" not in text and "·" not in text and "•" not in text) or not _CLOCK_RE.search(text):
        return None
    parts = [part.strip() for part in _LINE_PART_RE.split(text)]
    dated = [part for part in parts if _CLOCK_RE.search(part)]
    if len(parts) < 2 or len(dated) != 1 or not _date_sized(dated[0]):
        return None
    if not all(split_authors(part, people_only=True) for part in parts if part is not dated[0]):
        return None
    return dated[0]


def _visible_date(element: lxml.html.HtmlElement, zone: tzinfo | None, fetched_at: datetime | None = None,
                  text: str | None = None, stamps: bool = True) -> tuple[datetime, bool] | None:
    """``(date, relative)``: the date and time an element shows ("27.11.2026 14:05", «27 листопада 2026,
    10:30»), in the page's zone, or with ``fetched_at`` a relative one («Вчора, 18:30», «2 години тому»);
    ``None`` for anything else, for modification dates and for elsewhere's dates. A day without a
    time ("Nov 26, 2026", «Вчора») is not taken: the feed or sitemap entry usually knows the time, and the
    page's date would replace it. ``text``: one of the element's own text nodes instead of its whole text
    ("Автор: <a>...</a> | Додано: 27.11.2026 о 14:05 | <span>...</span>"); a ``<time>``'s ``datetime`` is read
    as it is (``stamps=False``: its text instead)."""
    if element.tag in ("script", "style"):
        return None
    stamp = element.get("datetime") if element.tag == "time" and text is None and stamps else None
    if stamp is not None:
        text, clock = stamp, _CLOCK_RE.search(stamp)
        if not clock or looks_like_modified(element.text) or looks_like_modified(element.get("class")):
            return None
    else:
        text = _short_text(element) if text is None else text
        if not _date_sized(text):
            text = _date_beside_byline(text)
            if text is None:
                return None
        clock = _CLOCK_RE.search(text)
        hint = element.get("title") if clock is None else None
        if hint and _CLOCK_RE.fullmatch(hint.strip()):  # uCoz: <span title="14:05">27.11.2026</span>
            text = f"{text} {hint.strip()}"
            clock = _CLOCK_RE.search(text)
        if not clock and fetched_at is None:  # "N hours ago" has no clock; it needs the fetch time
            return None
        if looks_like_modified(element.get("class")):
            return None
        marker = modified_marker_at(text)
        if marker >= 0:  # the publication before an update on the same line («Опубліковано: … | Оновлено: …»)
            text = text[:marker].rstrip(_LINE_JOINERS)
            clock = _CLOCK_RE.search(text)
            if not clock:
                return None
        text = text.replace(" | ", " ")
    found = (_time_value(element, text, zone) if stamp is not None else parse_date(text, zone=zone)) if clock else None
    relative = found is None and fetched_at is not None and stamp is None
    if relative:
        found = parse_relative_date(text, fetched_at, zone=zone, timed_only=True)
    if not found or _elsewhere(element, dated=True) or any(a.tag == "li" for a in element.iterancestors()):
        return None  # a list item's date is another story's
    return found, relative


_STAMP_RE = re.compile(r"1\d{9}(?:\d{3})?")  # Unix seconds or milliseconds, 2001-2033
_STAMP_AGREES = timedelta(days=1)


def _data_stamp(element: lxml.html.HtmlElement, shown: datetime | None,
                fetched_at: datetime | None) -> datetime | None:
    """The Unix time a short date line carries for a script to render («2 години тому» with
    ``data-timestamp="1764251220"``, «27 ноября» with ``data-published`` in milliseconds): the exact moment the
    words round. Only in an attribute whose name says it is a time (``stamp_attribute`` in
    ``rules/metadata.yaml``), on a line short enough for a date, within a day of what the line shows (``shown``)."""
    rule = _rules()["stamp_attribute_re"]
    for name, value in element.attrib.items():
        value = value.strip()
        if not _STAMP_RE.fullmatch(value) or not rule.match(name):
            continue
        found = datetime.fromtimestamp(int(value) / (1000 if len(value) == 13 else 1), UTC)
        if fetched_at is not None and found > fetched_at + RELATIVE_SLACK:
            continue
        if shown is not None and abs(found - shown) > _STAMP_AGREES:
            continue
        text = _short_text(element)
        if text is None or (text.strip() and not _date_sized(text)) or _elsewhere(element, dated=True) \
                or any(a.tag == "li" for a in element.iterancestors()):
            return None
        if not text.strip() and not _marked_as_date(element):
            return None  # nothing shown: only an element that says it is a date is one
        return found
    return None


def _marked_as_date(element: lxml.html.HtmlElement) -> bool:
    """Whether the element's tag or class, or its parent's class, says it holds a date (``stamp_element``)."""
    rule = _rules()["stamp_element_re"]
    parent = element.getparent()
    return any(rule.search(mark) for mark in (element.tag, element.get("class") or "",
                                              parent.get("class") or "" if parent is not None else ""))


_STAMP_LINE_CHARS = 40


def _stamp_is_update(element: lxml.html.HtmlElement) -> bool:
    """Whether a Unix-time line is the story's update, not its publication: its class or its line's says so
    ("Page-dateModified"), its stamp's attribute name ("data-last-updated-at-time"), or a label before it does
    ("<span>Updated </span><bsp-timestamp …>")."""
    for node in itertools.islice((element, *element.iterancestors()), 3):
        if looks_like_modified(node.get("class")) or looks_like_modified(node.get("itemprop")):
            return True
    # or the stamp's attribute says it (Google Sites' footer "data-last-updated-at-time": extract_unseen17)
    stamp_name = _rules()["stamp_attribute_re"].match
    if any(looks_like_modified(name) for name in element.attrib if stamp_name(name)):
        return True
    parent = element.getparent()
    if parent is None:
        return False
    before = [parent.text or ""]
    for sibling in element.itersiblings(preceding=True):
        before.append(sibling.text_content() + (sibling.tail or ""))
        if sum(map(len, before)) > _STAMP_LINE_CHARS:
            return False
    return modified_marker_at(" ".join(before)) >= 0


def _stamp_of(element: lxml.html.HtmlElement, shown: datetime | None, fetched_at: datetime | None) -> datetime | None:
    """:func:`_data_stamp` of an element with an attribute other than its class (a cheap test first)."""
    attrib = element.attrib
    if not attrib or (len(attrib) == 1 and "class" in attrib):
        return None
    return _data_stamp(element, shown, fetched_at)


_DIGIT_RE = re.compile(r"\d")


def _own_texts(element: lxml.html.HtmlElement) -> list[str]:
    """The element's own text nodes that hold a digit (its text and its children's tails)."""
    texts = [element.text, *(child.tail for child in element)]
    return [text.strip(" \t\n\r|\u00a0") for text in texts if text and _DIGIT_RE.search(text)]


_TITLE_TAGS = ("div", "p", "span", "h3", "strong", "b")
# (and a layout table's cell: Joomla 1.5's td.contentheading, uCoz's td.eTitle: extract_unseen12 joomla_izmail)
_SHOWN_TITLE_TAGS = (*_TITLE_TAGS, "td")


def _story_headline(tree: lxml.html.HtmlElement, title: str | None) -> lxml.html.HtmlElement | None:
    """The story's <h1>: the one saying the title, else the first inside <article>/<main>, else the first
    of three words or more (a site's logo in an <h1> is not the headline); else the element saying the title."""
    headlines = _h1s(tree)
    key = _norm_key(title or "")
    for headline in headlines:
        if key and _norm_key(headline.text_content()) == key:
            return headline
    for headline in headlines:
        if any(a.tag in _STORY_CONTAINERS for a in headline.iterancestors()):
            return headline
    found = next((h for h in headlines if len(h.text_content().split()) >= 3), None)
    if found is not None or not key:
        return found
    # No <h1>, or only a logo's (old Bitrix templates wrap the site's name in one: extract_meta18): Joomla and K2
    # templates print the headline in an <h2>, the one saying the title; a page builder's (Tilda's), with no <h1>,
    # in a <div> of its own text only
    size = len(title)  # (a length test first: _norm_key of every leaf of a long page cost more than the rest)
    found = next((h for h in tree.iter("h2") if size // 2 <= len(h.text_content()) < 2 * size + 20
                  and _norm_key(h.text_content()) == key), None)
    if found is not None or headlines:
        return found
    return next((e for e in tree.iter(_SHOWN_TITLE_TAGS)
                 if len(e) == 0 and e.text and size // 2 <= len(e.text) < 2 * size + 20
                 and _norm_key(e.text) == key), None)


def _shown_date(tree: lxml.html.HtmlElement, zone: tzinfo | None, title: str | None = None,
                fetched_at: datetime | None = None, stamps: bool = True) -> tuple[datetime, bool, bool, Any] | None:
    """``(date, relative, day, element)``: the publication date and time a page only shows as text, in a short line (an
    element without children, a text node between inline children, a ``<time>``) among the elements next to
    the headline: "27.11.2026 14:05" under the <h1>, «14:05, 27 ноября 2026» above it, «Вчора, 18:30» with
    ``fetched_at``; else the first day shown there without a time ("Nov 26, 2026": ``day`` is ``True``, the
    date is that day at 00:00 UTC, as a URL's day). (A scan of every element marked as a date found nothing
    more on the unseen-outlet fixtures and cost ten times as much.) ``stamps=False``: what a ``<time>`` shows
    as text, not its ``datetime``. ``element``: the leaf that showed a timed date (else ``None``)."""
    node, seen, day, level = _story_headline(tree, title), 0, None, 0
    if node is None:
        return None
    while level < 3:  # the headline's siblings (nearest first), then its parent's, then its grandparent's
        # above the headline only close to it: higher up, before it, is the site's header (a clock, a date widget),
        # and so is whatever the page's body holds before the block holding the story, however deep the story is
        parent = node.getparent()
        near = level < 2 and parent is not None and parent.tag != "body"
        preceding = node.itersiblings(preceding=True) if near else ()
        # a wrapper around the headline alone is no level: page builders (Google Sites, Wix) nest each block in
        # several, and the date is in the next block (extract_meta18)
        level += node.getprevious() is not None or node.getnext() is not None
        for sibling in (*node.itersiblings(), *preceding):
            for element in sibling.iter():
                seen += 1
                if seen > _DATE_SCAN:
                    return (day, False, True, None) if day else None
                if not isinstance(element.tag, str):
                    continue
                if len(element) == 0:
                    found = _visible_date(element, zone, fetched_at, stamps=stamps)
                    stamp = _stamp_of(element, found[0] if found else None, fetched_at)
                    if stamp and not _stamp_is_update(element):
                        return stamp, False, False, element
                    if found:
                        return (*found, False, element)
                    shown_day = _visible_day(element)
                    found = _paired_date(element, zone, shown_day is not None)
                    if found:
                        return found, False, False, None
                    day = day or shown_day
                    continue
                stamp = _stamp_of(element, None, fetched_at)  # a script's element around the text it fills in
                if stamp and not _stamp_is_update(element):
                    return stamp, False, False, element
                for text in _own_texts(element):  # a date between a parent's inline children
                    found = _visible_date(element, zone, fetched_at, text)
                    if found:
                        return (*found, False, None)
                    day = day or _visible_day(element, text)
        node = node.getparent()
        # beyond the story's own container (or the page's body) are other stories
        if node is None or node.tag == "body" or node.tag in _STORY_CONTAINERS:
            break
    return (day, False, True, None) if day else None


_MIN_ENTRIES = 3
_MAX_ENTRIES = 500


def _entry_dates(element: lxml.html.HtmlElement, zone: tzinfo | None,
                 fetched_at: datetime | None) -> tuple[datetime, datetime] | None:
    """(first, latest): the dates of a live blog's entries when the date shown next to the headline heads one of
    them («27 ноября, 14:32» over each entry, newest first: extract_meta7 ru_liveblog_entries). The entries are
    the date's ancestor (up to three levels) repeated, with the same tag and class, at least three times in a row,
    and each shows its date in an element of the date's own tag and class."""
    date_class = element.get("class")
    if not date_class:
        return None
    entry = element
    for _ in range(3):
        parent = entry.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        entry_class = entry.get("class")
        if entry_class:
            entries = [c for c in parent.iterchildren(entry.tag) if c.get("class") == entry_class][:_MAX_ENTRIES]
            if len(entries) >= _MIN_ENTRIES:
                dates = []
                for other in entries:
                    shown = next((e for e in other.iter(element.tag) if e.get("class") == date_class), None)
                    found = _visible_date(shown, zone, fetched_at) if shown is not None else None
                    if found is None:
                        return None  # not every entry is dated the same way: not a live blog's feed
                    dates.append(found[0])
                return min(dates), max(dates)
        entry = parent
    return None


_ZERO_OFFSET_RE = re.compile(r"(?:Z|[+-]00:?00|\s(?:UTC|GMT))\s*$", re.I)


def _relabelled_local(tree: lxml.html.HtmlElement, zone: tzinfo | None, title: str | None,
                      published: datetime | None, published_raw: Any, modified: datetime | None,
                      modified_raw: Any) -> tuple[datetime | None, datetime | None]:
    """Structured dates that carry the outlet's local clock with a UTC label ("2026-11-27T14:05:00+00:00"
    while the page shows «27 листопада 2026, 14:05» in Kyiv): a CMS that stores local times and prints them
    as UTC. When the date shown next to the headline, read in the outlet's zone, has the very wall clock of a
    zero-offset published date, the shown date is right and the zero-offset dates are shifted by the same
    amount. Only where the zone is known (and never UTC: Kyiv, Moscow...)."""
    if published is not None and isinstance(published_raw, str) and _NAIVE_ISO_RE.match(published_raw):
        return _relabelled_naive(tree, zone, title, published, modified, modified_raw)
    if zone is None or published is None or not isinstance(published_raw, str) \
            or not _ZERO_OFFSET_RE.search(published_raw.strip()):
        return published, modified
    shown = _shown_date(tree, zone, title)
    if not shown or shown[1] or shown[2] or shown[0] == published:
        return published, modified
    local = shown[0].astimezone(zone).replace(tzinfo=None)
    if local != published.replace(tzinfo=None, second=0, microsecond=0):
        return published, modified
    shift = published - shown[0]
    if not published.replace(second=0, microsecond=0) - shown[0]:  # a zone at UTC's offset (London's): the seconds
        return published, modified                                  # the shown clock leaves out are no relabel
    if modified is not None and isinstance(modified_raw, str) and _ZERO_OFFSET_RE.search(modified_raw.strip()):
        modified -= shift
    return shown[0], modified


_MAX_SLUG_AGE = timedelta(days=14)


def _later_day(shown: datetime, url_date: datetime | None) -> bool:
    """A day shown next to the headline a few days after the URL's (the day its slug was made, a draft's: extract_meta7
    en_url_date_vs_page) is the publication's; the same day or an earlier one adds nothing or is another story's."""
    return url_date is not None and timedelta(0) < shown - url_date <= _MAX_SLUG_AGE


def _off_url_day(published: datetime, url_date: datetime | None, zone: tzinfo | None) -> bool:
    """Whether a declared publication falls on another day than the URL's path gives, in the page's clock."""
    return url_date is not None and published.astimezone(zone or UTC).date() != url_date.date()


def _shown_on_url_day(tree: lxml.html.HtmlElement, zone: tzinfo | None, title: str | None,
                      url_date: datetime) -> datetime | None:
    """The date and time shown next to the headline when it falls on the URL's day: two sources made apart agree
    against a declared date of another day (a template's og date of the page's rendering, «24 ноября 2026, 18:10»
    under a /2026/11/24/ address; extract_meta18). A relative or day-only date agrees too loosely to count."""
    shown = _shown_date(tree, zone, title)
    if shown is None or shown[1] or shown[2] or shown[0].astimezone(zone or UTC).date() != url_date.date():
        return None
    return shown[0]


def _same_clock(naive: str, other: Any) -> bool:
    """Whether ``other`` is a date stating its own offset (zero too; ISO or RFC 2822, "Sat, 28 Nov 2026 14:05:00
    +0200") that shows the minute ``naive`` shows."""
    second = stated_offset_date(other)
    if second is None:
        return False
    try:
        first = datetime.fromisoformat(naive.strip())
    except ValueError:
        return False
    return first.replace(second=0, microsecond=0) == second.replace(tzinfo=None, second=0, microsecond=0)


def _offset_of(raw: Any) -> tzinfo | None:
    """The fixed zone of a date's own offset ("2026-11-27T13:45:00+02:00", "Fri, 27 Nov 2026 13:45:00 +0200"),
    ``None`` when it has none or it is zero."""
    found = stated_offset_date(raw)
    return found.tzinfo if found is not None and found.utcoffset() else None


_MODIFIED_SLACK = timedelta(minutes=1)
_NAIVE_ISO_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")
# A zone no outlet keeps: a shown date read the same in it as in the page's zone names its own zone.
_PROBE_ZONE = timezone(timedelta(hours=5, minutes=45))
_MAX_SHIFT = timedelta(hours=15)


def _relabelled_naive(tree: lxml.html.HtmlElement, zone: tzinfo | None, title: str | None, published: datetime,
                      modified: datetime | None, modified_raw: Any) -> tuple[datetime, datetime | None]:
    """A structured date without an offset ("2026-11-27T09:40:00") that the page shows next to its headline with
    its zone ("Nov 27, 2026, 9:40 AM EST"): the wall clock is the shown zone's, so the shown date is right, and a
    naive modified date moves by the same amount. Only when the shown text names its zone (it reads the same
    whatever zone is assumed) and differs from the naive reading by whole quarter hours."""
    shown = _shown_date(tree, zone, title, stamps=False)  # what a reader sees, not a second machine-made stamp
    if not shown or shown[1] or shown[2] or shown[0] == published:
        return published, modified
    shift = published - shown[0]
    if abs(shift) > _MAX_SHIFT or shift % timedelta(minutes=15):
        return published, modified
    probe = _shown_date(tree, _PROBE_ZONE, title, stamps=False)
    if not probe or probe[0] != shown[0]:  # the shown text has no zone of its own: another moment, not a relabel
        return published, modified
    if modified is not None and isinstance(modified_raw, str) and _NAIVE_ISO_RE.match(modified_raw):
        modified -= shift
    return shown[0], modified


_MAX_CLOCK_CHARS = 20


def _paired_date(element: lxml.html.HtmlElement, zone: tzinfo | None, is_day: bool) -> datetime | None:
    """A day and its time in two elements side by side: "<span>November 27, 2026</span> <span>3:05 pm CET</span>"
    (``is_day``: ``element`` shows the day), or the clock first, «<span>14:05</span> <span>27.11.2026</span>»."""
    following = element.getnext()
    if following is None or len(following) or not isinstance(following.tag, str):
        return None
    text = _short_text(element)
    if not text or (not is_day and (len(text) > _MAX_CLOCK_CHARS or not _CLOCK_RE.search(text))):
        return None
    other = _short_text(following)
    if not other:
        return None
    day, clock = (text, other) if is_day else (other, text)
    if len(clock) > _MAX_CLOCK_CHARS or not _CLOCK_RE.search(clock) or looks_like_modified(clock):
        return None
    if not is_day and (_YEAR_RE.search(clock) or _visible_day(following) is None):
        return None
    found = _visible_date(element, zone, text=f"{day} {clock}")
    return found[0] if found else None


# Beside a structured publication date, an update line is looked for among fewer elements, after the headline: it
# sits in the headline's date line (and the look costs every page with such a date).
_UPDATE_SCAN = 12


def _shown_modified(tree: lxml.html.HtmlElement, zone: tzinfo | None, title: str | None = None,
                    fetched_at: datetime | None = None, scan: int = _DATE_SCAN,
                    published: datetime | None = None) -> datetime | None:
    """The update time a page only shows as text next to its headline ("Updated Nov. 27, 2026 2:05 p.m. ET",
    «Оновлено: 27.11.2026, 15:30»): a short line that says it is an update and has a date and a clock, among
    the elements :func:`_shown_date` reads; with ``fetched_at`` also a relative one ("Updated 3 hours ago"); with
    ``published`` a clock alone («Оновлено о 17:30»), which is that publication's day's (or the next day's)."""
    node, seen = _story_headline(tree, title), 0
    near = scan < _DATE_SCAN  # only after the headline, in its own and its parent's siblings
    for level in range(2 if near else 3):
        if node is None:
            return None
        preceding = node.itersiblings(preceding=True) if level < 2 and not near else ()
        for sibling in (*node.itersiblings(), *preceding):
            for element in sibling.iter():
                seen += 1
                if seen > scan:
                    return None
                if not isinstance(element.tag, str) or element.tag in ("script", "style"):
                    continue
                stamp = _stamp_of(element, None, fetched_at)
                if stamp and _stamp_is_update(element):
                    return stamp
                if len(element) == 0:  # a leaf's text is its element.text: an update line has a digit
                    texts = [element.text] if element.text and _DIGIT_RE.search(element.text) else ()
                    label = _update_label_before(element) if texts else None
                    if label:  # "<time>…2:05 PM EST</time> / Updated <time>…4:40 PM EST</time>"
                        texts = [f"{label} {texts[0]}"]
                else:
                    texts = _own_texts(element)
                for text in texts:
                    marker = modified_marker_at(text) if _date_sized(text) else -1
                    if marker < 0:
                        continue
                    text = text[marker:]  # after a publication date on the same line, if any
                    if _CLOCK_RE.search(text):
                        found = parse_date(text.replace(" | ", " "), zone=zone)
                        if found is None and fetched_at is not None:  # «Оновлено: сьогодні о 10:05»
                            found = parse_relative_date(text, fetched_at, zone=zone, timed_only=True)
                    elif fetched_at is not None:
                        found = parse_relative_date(text, fetched_at, zone=zone, timed_only=True)
                    else:
                        continue
                    if found is None and published is not None:
                        found = _clock_after(text, published, zone)
                    if found and not _elsewhere(element, dated=True):
                        return found
        node = node.getparent()
        if node is None or node.tag == "body" or node.tag in _STORY_CONTAINERS:
            break
    return None


def _text_before(element: lxml.html.HtmlElement) -> str:
    """The text printed right before an element: its previous sibling's tail, or its parent's own text."""
    previous = element.getprevious()
    parent = element.getparent()
    return (previous.tail if previous is not None else parent.text if parent is not None else "") or ""


def _update_label_before(element: lxml.html.HtmlElement) -> str | None:
    """The update label printed right before an element and no part of it ("… / Updated <time>…</time>",
    «Оновлено: <span>…</span>»): the text before it from the label on, when it holds no digit after the label."""
    before = _text_before(element)
    if not before.strip() or len(before) > _STAMP_LINE_CHARS:
        return None
    marker = modified_marker_at(before)
    label = before[marker:].strip() if marker >= 0 else ""
    return label if label and not _DIGIT_RE.search(label) else None


# An update line that shows a clock only: «Оновлено о 17:30», "Updated 5:30 PM", «обновлено в 09:40».
_CLOCK_ONLY_RE = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:.]([0-5]\d)(?:\s*([ap])\.?\s?m\b\.?)?(?!\d)", re.I)


def _clock_after(text: str, published: datetime, zone: tzinfo | None) -> datetime | None:
    """The first time at the clock ``text`` shows (its only digits) after ``published``, in ``zone`` (else the
    publication's own offset): the same day, or the next when the clock is earlier (23:50 published, 01:15 updated)."""
    match = _CLOCK_ONLY_RE.search(text)
    if not match or _DIGIT_RE.search(text[:match.start()] + text[match.end():]):
        return None
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    local = published.astimezone(zone) if zone is not None else published
    found = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if found < local.replace(second=0, microsecond=0):
        found += timedelta(days=1)
    return found.astimezone(UTC)


def _url_day_clock(tree: lxml.html.HtmlElement, url_date: datetime, zone: tzinfo | None, title: str | None,
                   fetched_at: datetime | None) -> datetime | None:
    """The URL's day at the clock the first <time> after the headline shows alone («21:40»: today's story, as a
    news list shows it), in the page's clock; none later than the fetch (extract_meta12 h_uk_url_day_clock_only_time).
    """
    headline = _story_headline(tree, title)
    if headline is None:
        return None
    element = next(iter(_FOLLOWING_TIME(headline)), None)
    if element is None:
        return None
    found = _clock_after(clean_text(element.text_content()), url_date.replace(tzinfo=zone or UTC), zone)
    return None if found is None or (fetched_at is not None and found > fetched_at) else found


_FOLLOWING_TIME = lxml.etree.XPath("following::time[1]")
_LINE_JOINERS = " |,;·•/-–—("
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DAY_NUMBER_RE = re.compile(r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])(?!\d)")


def _visible_day(element: lxml.html.HtmlElement, text: str | None = None) -> datetime | None:
    """The day a short line shows without a time ("Nov 26, 2026", «26.11.2026», «26 листопада 2026»): a year
    and a day number; that day at 00:00 UTC. Not an update's, not elsewhere's, not a list item's. ``text``: one of
    the element's own text nodes instead of its whole text ("27 Nov. 2026 - | <span>Also available in…</span>")."""
    if element.tag in ("script", "style"):
        return None
    text = _short_text(element) if text is None else text.rstrip(" -–—|")
    if not text or len(text) > _MAX_DAY_CHARS or not _YEAR_RE.search(text):
        return None
    if not _DAY_NUMBER_RE.search(_YEAR_RE.sub(" ", text)) or looks_like_modified(text):
        return None
    found = parse_date(text.replace(" | ", " "))
    if not found or _elsewhere(element, dated=True) or any(a.tag == "li" for a in element.iterancestors()):
        return None
    return datetime(found.year, found.month, found.day, tzinfo=UTC)


# --------------------------------------------------------------------------- title


def _norm_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _first_word_key(name: str) -> str:
    """The first word of a name as a key: "Суспільне | Новини" -> "суспільне"."""
    words = re.findall(r"[^\W_]+", name)
    return words[0].casefold() if words else ""


def _initials(name: str) -> str:
    """A name of three words or more as its initials ("Radio Free Europe/Radio Liberty" -> "rferl"); else ""."""
    words = re.findall(r"[^\W\d_]+", name)
    return "".join(word[0] for word in words).casefold() if len(words) >= 3 else ""


def _site_keys(site_names: list[str], url: str | None) -> set[str]:
    keys = {_norm_key(name) for name in site_names if name}
    if url:
        host = urlsplit(url).hostname or ""
        labels = [label for label in host.split(".") if label not in ("www", "m", "amp", "mobile")]
        if len(labels) >= 2:
            # "bbc.co.uk" -> "bbc", "themoscowtimes.com" -> "themoscowtimes"
            core = labels[-3] if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2 else labels[-2]
            keys.add(_norm_key(core))
    keys.discard("")
    return keys


def _is_site_segment(segment: str, keys: set[str]) -> bool:
    key = _norm_key(segment)
    if not key:
        return True
    for site in keys:
        if key == site or (len(site) >= 3 and (site in key or key in site) and len(segment.split()) <= 5):
            return True
        if key.startswith("the") and key[3:] == site:
            return True
    return False


def strip_site_name(title: str, site_names: list[str], url: str | None = None) -> str:
    """Remove an outlet name before or after a separator: "Story | The Moscow Times" -> "Story"."""
    if not title:
        return title
    rules = _rules()
    keys = _site_keys(site_names, url)
    if not keys:
        return title
    segments = rules["separators_re"].split(title)
    if len(segments) < 2:
        return title
    while len(segments) > 1 and _is_site_segment(segments[-1], keys):
        segments.pop()
    while len(segments) > 1 and _is_site_segment(segments[0], keys):
        segments.pop(0)
    if len(segments) == len(rules["separators_re"].split(title)):
        return title
    # Re-cut the original text so the separators inside the kept part survive unchanged.
    start = title.find(segments[0])
    end = title.rfind(segments[-1]) + len(segments[-1])
    kept = title[start:end].strip() if start >= 0 and end > start else title
    return kept or title


_MAX_BYLINE_CHARS = 100
_OTHER_STORIES = frozenset({"nav", "footer", "figure", "figcaption", "blockquote"})
_STORY_CONTAINERS = frozenset({"article", "main"})
_NAME_WORD_RE = re.compile(r"^[\W\d_]*[^\W\d_]")
_NAME_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "al", "bin", "le", "la"})


def _texts_but_times(element: lxml.html.HtmlElement):
    """``element.itertext()`` without the text inside its <time> elements (their tails are read)."""
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and child.tag != "time":
            yield from _texts_but_times(child)
        if child.tail:
            yield child.tail


def _short_text(element: lxml.html.HtmlElement, *, without_times: bool = False) -> str | None:
    """The element's text, or ``None`` once it is longer than a byline (without reading the rest).
    ``without_times``: the text of its <time> elements left out (a byline box's date is no part of a name:
    "<span>AFP</span> <time>Nov. 28, 2026</time>" read as the name "AFP Nov")."""
    parts: list[str] = []
    size = 0
    for part in _texts_but_times(element) if without_times else element.itertext():
        size += len(part)
        if size > _MAX_BYLINE_CHARS:
            return None
        # Texts of separate elements with nothing between them are separate lines on screen (styled as
        # blocks): "<span>Олександра Кравчук</span><span>BBC News Україна</span>", a <time> then a name; so are
        # texts a line break of the markup parts ("<time>28 November 2026</time>\n<div>Paul Kirby</div>").
        if parts and parts[-1][-1:].strip() and (part[:1].strip() or (part[:1] == "\n" and not part.strip())):
            parts.append(" | ")
            if part[:1] == "\n":
                continue
        parts.append(part)
    return "".join(parts)


def _elsewhere(element: lxml.html.HtmlElement, *, dated: bool = False) -> bool:
    """True when an element sits in (or is) something other than this story's byline: navigation,
    footers, captions, comments, related or promoted stories (class / id / itemprop words). An <article> without
    an <h1> inside a related box is a teaser card, not this story's container. ``dated``: for a date, where a
    breadcrumb trail is no other story's (``elsewhere_dated``)."""
    rules = _rules()["bylines"]
    elsewhere, modifier = rules["dated_elsewhere_re" if dated else "elsewhere_re"], rules["modifier_re"]
    article = None
    for node in (element, *element.iterancestors()):
        if node.tag in _OTHER_STORIES:
            return article is None or article.find(".//h1") is None
        if node.tag in ("body", "html"):  # page-wide classes ("gallery-enabled") say nothing
            return False
        marks = " ".join(filter(None, (node.get("class"), node.get("id"), node.get("itemprop"))))
        if marks and elsewhere.search(marks) \
                and elsewhere.search(" ".join(m for m in marks.split() if not modifier.match(m))):
            return article is None or article.find(".//h1") is None
        if node.tag in _STORY_CONTAINERS:  # this story's container: what is above is the page; but a card of
            # another story is an <article> of its own without the headline, in a box marked as related (the
            # headline is looked for only then)
            if article is not None or node.tag != "article":
                return False
            article = node
    return False


def _looks_like_names(names: list[str]) -> bool:
    """Each name is one to five words, each starting with a capital ("Jane Doe", "ІВАН ПЕТРЕНКО"):
    a short sentence that happens to sit in byline markup or start with "By" is not a byline."""
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return False
        for word in words:
            letter = _NAME_WORD_RE.match(word)
            capital = letter is not None and letter.group()[-1].isupper()
            if not capital and word.lower() not in _NAME_PARTICLES:
                return False
    return True


def _next_to(first: lxml.html.HtmlElement, other: lxml.html.HtmlElement) -> bool:
    """``other`` is one of the few siblings of ``first`` (or of its parent) that a byline of several
    names spreads over; the same markup further down the story is another byline (an author box)."""
    firsts, others = _lineage(first), _lineage(other)
    for depth, node in enumerate(firsts):
        # the same depth (microdata: <span itemprop="author"><a><span itemprop="name">, twice) or one off
        for near in others[max(depth - 1, 0):depth + 2]:
            parent = node.getparent()
            if parent is not None and near.getparent() is parent:
                return abs(parent.index(near) - parent.index(node)) <= 3
    return False


def _lineage(element: lxml.html.HtmlElement, levels: int = 3) -> list[lxml.html.HtmlElement]:
    """The element and its nearest ancestors, up to ``levels`` in all."""
    lineage = [element]
    while len(lineage) < levels and (parent := lineage[-1].getparent()) is not None:
        lineage.append(parent)
    return lineage


def _in_repeated_entry(element: lxml.html.HtmlElement) -> bool:
    """Whether ``element`` is the byline of one entry among several alike: a block near above it with a heading of
    its own (no ``<h1>``) beside a sibling of the same tag and class (a live blog's entries, each signed by its
    reporter; a list of story cards). The page's byline is none of theirs (extract_meta17
    uk_suspilne_liveblog_update_authors)."""
    for block in _lineage(element, 4)[1:]:
        marks = block.get("class")
        if not marks or block.tag in _STORY_CONTAINERS or not any(
                sibling.tag == block.tag and sibling.get("class") == marks
                for sibling in (block.getprevious(), block.getnext()) if sibling is not None):
            continue  # (the cheap test first: only blocks alike are walked for their headings)
        if next(block.iter("h1"), None) is None and next(block.iter("h2", "h3"), None) is not None:
            return True
    return False


def _pick_byline(elements: list[lxml.html.HtmlElement], *, strict: bool) -> list[str]:
    """Names from the first element (inside <article>/<main> if any match there) and its siblings, so
    bylines of related stories and comments further down stay out. ``strict``: the names must look
    like names (for guessed markup, not for elements marked up as the author)."""
    candidates = []
    for element in elements:
        # Microdata's name as a <meta itemprop="name" content="…"> inside the author's scope: its value, not its text
        text = element.get("content") if element.tag == "meta" else _short_text(element, without_times=True)
        if not text or not text.strip() or len(text) > _MAX_BYLINE_CHARS or _elsewhere(element):
            continue
        if _in_repeated_entry(element):
            continue
        in_story = any(ancestor.tag in _STORY_CONTAINERS for ancestor in element.iterancestors())
        candidates.append((in_story, element, text))
    if not candidates:
        return []
    in_story = [c for c in candidates if c[0]] or candidates
    first = in_story[0][1]
    texts = [text for _, element, text in in_story if element is first or _next_to(first, element)][:5]
    names = split_authors(texts)
    if strict and len(texts) > 1 and not (names and _looks_like_names(names)):
        names = split_authors(texts[:1])  # a neighbour is the author's bio box, not more names
    return names if names and (not strict or _looks_like_names(names)) else []


_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CAMEL_TAIL_RE = re.compile(r"[a-z0-9](?:Authors?|Bylines?|Writers?)$")


def _marked_bylines(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements whose class, id or test id is a byline word ("author", "article__author", "c-byline",
    "avtor", "byline-block"), in document order; photo credits, bios and avatars ("author-photo",
    "author__bio") are not."""
    token = _rules()["bylines"]["token_re"]
    found = []
    for element in _rules()["bylines"]["marker_xpath"](tree):
        marks = " ".join(element.get(attr) or "" for attr in ("class", "id", "data-testid", "data-component")).split()
        # a camelCase class ending in the byline word is one too: Ukrinform's "newsAuthor", "postByline" (not
        # "bylineDetails", a box of the byline and its date, which the line after the headline reads better)
        if any(token.fullmatch(mark) or (_CAMEL_RE.search(mark) and _CAMEL_TAIL_RE.search(mark)
                                         and token.fullmatch(_CAMEL_RE.sub("-", mark))) for mark in marks):
            found.append(element)
    return found


def _profile_links(tree: lxml.html.HtmlElement, urls: list[str], base: str | None) -> list[lxml.html.HtmlElement]:
    """Links to the author pages that ``article:author`` gives as URLs (their text is the name)."""
    wanted = {_absolute(u, base) or u for u in urls}
    wanted |= {urlsplit(u).path.rstrip("/") for u in wanted if urlsplit(u).path.strip("/")}
    links = []
    for link in tree.iter("a"):
        href = (link.get("href") or "").strip()
        if href and (href in wanted or urlsplit(href).path.rstrip("/") in wanted or _absolute(href, base) in wanted):
            links.append(link)
    return links


_REL_AUTHOR_LINK_XPATH = lxml.etree.XPath("//head/link[@rel='author'][@href]/@href")


_REL_AUTHOR_A_XPATH = lxml.etree.XPath("/descendant::a[@rel='author'][@href]")


def _strings_of(value: Any) -> list[str]:
    """The names a JSON-LD author value gives, as written (a string, a Person's name, a list of either)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _strings_of(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:10] for name in _strings_of(item)]
    return []


def _pen_name(tree: lxml.html.HtmlElement, declared: list[str], url: str | None) -> list[str]:
    """A declared author made of role words only («Военный обозреватель») that the page links as its author to
    another site (the writer's own channel: a Telegraph page is signed with whatever its writer typed): a pen name,
    not a placeholder for a name the outlet left out (those link to the outlet's own pages, or nowhere)."""
    keys = {_norm_key(name): clean_text(name) for name in declared if name.strip()}
    host = (urlsplit(url).hostname or "") if url else ""
    if not keys or not host:
        return []
    for link in _REL_AUTHOR_A_XPATH(tree):
        name = keys.get(_norm_key(link.text_content()))
        try:
            target = urlsplit(link.get("href").strip()).hostname or ""
        except ValueError:
            continue
        if name and target and target.removeprefix("www.") != host.removeprefix("www."):
            return [name]
    return []


def _profile_slug_names(tree: lxml.html.HtmlElement, urls: list[str], base: str | None) -> list[str]:
    """Names read from the author pages' addresses (``article:author`` URLs, ``<link rel="author">``) when no link
    on the page gives them: "/author/madalin-necsutu/" -> "Madalin Necsutu" (``profile_slug`` in the rules)."""
    slug_re = _rules()["bylines"]["profile_slug_re"]
    names = []
    for href in [*urls, *_REL_AUTHOR_LINK_XPATH(tree)][:10]:
        try:
            path = urlsplit(_absolute(href, base) or href).path.lower()
        except ValueError:
            continue
        match = slug_re.search(path)
        if match:
            names.append(" ".join(word.capitalize() for word in match[1].split("-")))
    return _dedup(names)


def _headline_line(tree: lxml.html.HtmlElement, line: list[str] | None = None, title: str | None = None) -> list[str]:
    """A "By Jane Doe and John Roe" / «Автор: ...» / «Текст: ...» line among the elements that
    follow the headline (the first <h1>, inside <article>/<main> when one is there; without an <h1>, the element
    saying the ``title``: :func:`_story_headline`); ``line`` gets its text."""
    rules = _rules()["bylines"]
    headlines = _h1s(tree)
    if not headlines:
        headline = _story_headline(tree, title) if title else None
        if headline is None:
            return []
        headlines = [headline]
    in_story = [h for h in headlines if any(a.tag in _STORY_CONTAINERS for a in h.iterancestors())]
    node, seen = (in_story or headlines)[0], 0
    for _ in range(3):  # the headline's following siblings, then its parent's, then its grandparent's
        for sibling in node.itersiblings():
            for element in sibling.iter(rules["line_tags"]):
                seen += 1
                if seen > rules["line_scan"]:
                    return []
                # Only an element whose own text starts with the label is read further; a bare label
                # ("<span>By</span> <a>Jane Doe</a>") stands for its parent's line.
                head = (element.text or "").strip()
                label_re = rules["day_line_label_re" if head[:1].isdigit() else "line_label_re"]
                label = label_re.match(head) if head else None
                if label is None:
                    continue
                text = None
                if label.end() == len(head):
                    if len(element):  # "<div>Автор: <a>Name</a> | Додано: ...</div>": the label's own line
                        text = _labelled_names(element)
                    else:
                        element = element.getparent()
                if element is None or len(element) > 6:
                    continue
                text = text or _short_text(element)
                text = clean_text(text) if text else ""
                if text and rules["day_line_re" if text[:1].isdigit() else "line_re"].match(text) \
                        and not _elsewhere(element):
                    names = split_authors(text)
                    if names and _looks_like_names(names):
                        if line is not None:
                            line.append(text)
                        return names
        node = node.getparent()
        if node is None or node.tag == "body":
            break
    return []


def _after_headline(tree: lxml.html.HtmlElement, title: str | None, tags: Any = None):
    """The elements after the story's headline, nearest first (its following siblings' trees, then its parent's,
    then its grandparent's), at most ``line_scan`` of them."""
    node = _story_headline(tree, title)
    seen, limit = 0, _rules()["bylines"]["line_scan"]
    for _ in range(3):
        if node is None or node.tag == "body":
            return
        for sibling in node.itersiblings():
            for element in sibling.iter(tags):
                seen += 1
                if seen > limit:
                    return
                yield element
        node = node.getparent()


def _author_links(tree: lxml.html.HtmlElement, title: str | None) -> list[str]:
    """Links to author pages after the headline, their texts the names ("<a href="/author/oksana-dovhaliuk/">Оксана
    Довгалюк</a>", with no byline class or label): the first one and those next to it (``author_link``)."""
    link_re = _rules()["bylines"]["author_link_re"]
    links = []
    for link in _after_headline(tree, title, "a"):
        href = link.get("href")
        if not href or not link_re.search(href):  # (a cheap test of the whole address first)
            continue
        try:
            path = urlsplit(href.strip()).path
        except ValueError:
            continue
        # one link, one person: its whole text a single name ("RFE/RL's Siberia.Realities" is a desk, not two); not
        # one after a credit's label ("<a>Тімоті Снайдер</a> Переклад: <a>Ольга Ярова</a>", «Фото: <a>…</a>»)
        if path and link_re.search(path) and len(split_authors(link.text_content())) == 1 \
                and not is_credit_label(_text_before(link)):
            links.append(link)
    return split_authors(_pick_byline(links, strict=True), people_only=True) if links else []


def _translators(tree: lxml.html.HtmlElement) -> set[str]:
    """The names the page credits as its translators («Переклад: Ірина Бойко», "Translated by Jane Doe"), as
    :func:`_norm_key` keys."""
    rules = _rules()["bylines"]
    names: set[str] = set()
    for element in tree.iter(rules["line_tags"]):
        head = (element.text or "").lstrip()
        if not head or not rules["translator_re"].match(head) or _elsewhere(element):
            continue
        text = _labelled_names(element) if len(element) else head
        match = rules["translator_re"].match(clean_text(text))
        if match and match["names"]:
            names |= {_norm_key(name) for name in split_authors(match["names"], people_only=True)}
    return names


_JOINER_TAILS = frozenset({"", ",", "&", "and", "і", "й", "та", "и"})


def _labelled_names(element: lxml.html.HtmlElement) -> str:
    """"Автор: <a>A</a>, <a>B</a> | Додано: ...": the label and the children right after it, up to the first
    text between them that is not a joiner (a comma, "and"...)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):  # a comment between the names shows nothing (and has no text_content)
            parts.append(child.text_content())
        tail = (child.tail or "").strip(" \t\n\r\u00a0")
        if tail.casefold() not in _JOINER_TAILS:
            break
        parts.append(f" {tail} ")
    return "".join(parts)


def _marked_authors(tree: lxml.html.HtmlElement) -> list[str]:
    """Names the page marks up as its author (``itemprop="author"``, ``rel="author"``: the first two
    ``author_xpath`` expressions), not guessed from byline classes (with a placeholder declared, those and a
    labelled line «Автор: …» / "By …" after the headline are the names the page itself gives)."""
    for expression in _rules()["author_xpath"][:2]:
        names = split_authors(_pick_byline(expression(tree), strict=True), people_only=True)
        if names:
            return names
    return []


def _byline_authors(tree: lxml.html.HtmlElement, profile_urls: list[str] = (), base: str | None = None,
                    title: str | None = None) -> list[str]:
    """Names from byline markup, strongest evidence first: author markup (``itemprop``, ``rel``,
    author-name classes, hCard, ``byline``), then any byline class or id, then a "By ..." /
    «Автор: ...» line after the headline, and last the text of links to the author pages that the
    meta tags give as URLs (some of those name an agency's page while the byline names a person)."""
    for expression in _rules()["author_xpath"]:
        names = _pick_byline(expression(tree), strict=False)
        if names:
            return names
    names = _pick_byline(_marked_bylines(tree), strict=True) or _headline_line(tree, title=title) \
        or _author_links(tree, title)
    if not names and profile_urls:
        names = _pick_byline(_profile_links(tree, list(profile_urls), base), strict=False)
    return names


_FULL_NAME_RE = re.compile(r"[^\W\d_][\w'’.-]*(?:\s[^\W\d_][\w'’.-]*){1,3}")


def _byline_adds_to(tree: lxml.html.HtmlElement, declared: list[str], outlet: set[str]) -> list[str]:
    """The byline line after the headline when it names the one declared person and more ("by Martin Fornusek and
    Kateryna Denisova" over a JSON-LD that names only the first, as Ghost's does), or when it credits the declared
    person as something else, the translator of «Автор: Джон Сміт. Переклад: Ольга Петренко» under a meta author
    naming her; else the declared name. The outlet's name in the line (``outlet``: "… Political Editor·NZ Herald")
    is no one."""
    # (the labelled line after the headline only: a walk of a few dozen elements, where a scan of every class
    # attribute for byline markup would cost every page with a declared author about 2.5% of its extraction)
    line: list[str] = []
    shown = [name for name in split_authors(_headline_line(tree, line), people_only=True)
             if _norm_key(name) not in outlet]
    # only full names: a credit ("Фото: Максим Кіщук") or a role ("Security") beside the name adds no one
    if not shown or not _looks_like_names(shown) or not all(_FULL_NAME_RE.fullmatch(n) for n in shown):
        return declared
    key = _norm_key(declared[0])
    if key in {_norm_key(name) for name in shown}:
        return shown if len(shown) >= 2 else declared
    # the line names the declared person among its credits, not its writers: they are the writers
    return shown if key and line and key in _norm_key(line[0]) else declared


_REPORTING_STARTS = frozenset({"reporting", "reported ", "written b"})


def _credit_line(tree: lxml.html.HtmlElement) -> list[str]:
    """Names from a credit line closing the story («Ксения Кириллова, специально для Каспаров.Ru», a signature
    «Ольга Звонарьова, Гаага», a wire's "Reporting by …; Editing by …", a republication note's "… Автор — Name"): one
    of the page's last paragraphs (``rules/metadata.yaml``: ``bylines.credit``, ``bylines.signature``,
    ``bylines.reporting``, ``bylines.republished_author``)."""
    rules = _rules()["bylines"]
    paragraphs = list(tree.iter("p"))[-rules["credit_scan"]:]
    for paragraph in reversed(paragraphs):
        text = _short_text(paragraph)
        if text is None and (paragraph.text or "").lstrip()[:9].casefold() in _REPORTING_STARTS:  # a wire's longer
            text = paragraph.text_content()
        text = clean_text(text) if text else ""
        words = len(text.split()) if text else 0
        if not text or words > rules["reporting_words"]:
            continue
        match = rules["reporting_re"].match(text)
        if match is None:  # a republication note naming the original's writer
            note = _rules()["first_published_re"].search(text)
            match = note and rules["republished_author_re"].search(text, note.end())
        if match is None and words <= rules["credit_words"]:
            match = rules["credit_re"].match(text) or rules["signature_re"].match(text)
        if match and not _elsewhere(paragraph):
            names = split_authors(match.group("names"), people_only=True)
            if names and _looks_like_names(names):
                return names
    return []


_ABOUT_TAGS = ("h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "header")
_MAX_LABEL_CHARS = 24
_CARD_NAME_TAGS = frozenset({"a", "strong", "b", "span", "h3", "h4", "h5", "div", "p", "cite"})


def _author_card(tree: lxml.html.HtmlElement) -> list[str]:
    """The name in an author card after the story under an "About the author" / «Об авторе» heading
    (``rules/metadata.yaml``: ``bylines.about_label``): the first short text after the heading, inside the card,
    that reads as full names (the bio under it does not), and the names shown in the same kind of element after it
    (a card of two writers: each name in its ``<strong>``, each bio under it)."""
    label_re = _rules()["bylines"]["about_label_re"]
    body = tree.find("body")
    for label in body.iter(_ABOUT_TAGS) if body is not None else ():
        text = label.text
        if not text or len(text) > _MAX_LABEL_CHARS or len(label) or not label_re.match(text.strip()):
            continue
        card = label.getparent()
        if card is None or _elsewhere(label):
            continue
        after, found, first = False, [], None
        for element in card.iter():
            if element is label:
                after = True
                continue
            if not after or element.tag not in _CARD_NAME_TAGS:
                continue
            if first is not None and (element.tag != first.tag or element.get("class") != first.get("class")
                                      or any(a is first for a in element.iterancestors())):
                continue
            shown = _short_text(element)
            names = split_authors(clean_text(shown), people_only=True) if shown and shown.strip() else []
            if names and all(len(name.split()) >= 2 for name in names) and _looks_like_names(names):
                first = element if first is None else first
                found.extend(name for name in names if name.casefold() not in {n.casefold() for n in found})
        if found:
            return found
    return []


_MAX_NOTE_CHARS = 300


def _first_published_note(tree: lxml.html.HtmlElement, zone: tzinfo | None) -> datetime | None:
    """The date of a note closing the story about its first publication ("This article was first published … on
    26 November 2026 at 14:00 GMT"; ``first_published`` in rules/dates.yaml), among its last paragraphs."""
    note_re = _rules()["first_published_re"]
    for paragraph in reversed(list(tree.iter("p"))[-_rules()["bylines"]["credit_scan"]:]):
        text = clean_text(paragraph.text_content())
        match = note_re.search(text) if len(text) <= _MAX_NOTE_CHARS else None
        if match and not _elsewhere(paragraph):
            found = parse_date(text[match.end():], zone=zone)
            if found:
                return found
    return None


# The headline as the page shows it: an <h1>, or the element microdata marks as the headline (Joomla's <h2>).
_HEADLINE_XPATH = lxml.etree.XPath("//h1 | //@itemprop[.='headline']/..")


_MAX_DATELINE_PARAGRAPHS = 4


def _dateline(tree: lxml.html.HtmlElement, title: str | None, fetched_at: datetime) -> datetime | None:
    """The day of a wire dateline opening one of the first paragraphs after the headline («КИЇВ. 28 листопада.
    ІНТЕРФАКС-УКРАЇНА – …»: :func:`~newswatch.extract.normalize.dateline_day`), or the page's first paragraphs
    when it shows no headline."""
    paragraphs = _after_headline(tree, title, "p") if _story_headline(tree, title) is not None else tree.iter("p")
    for paragraph in itertools.islice(paragraphs, _MAX_DATELINE_PARAGRAPHS):
        text = clean_text(paragraph.text_content()[:200])
        found = dateline_day(text, fetched_at) if text else None
        if found is not None and not _elsewhere(paragraph):
            return found
    return None


_LOGO_LINKS = 40
_MIN_HEADLINE = 10


_SURNAME_FIRST_RE = re.compile(r"^\s*(?P<surname>[^\W\d_][^\W\d_'’-]+),\s*(?P<given>[^\W\d_][^\W\d_'’-]+"
                               r"(?:\s+[^\W\d_]\.)?)\s*$")


def _given_first(value: str) -> str:
    """A catalogue's "Surname, Given" («Магомедова, Патимат», "Socor, Vladimir M.") as the name is said; two words of
    which one is in capitals (an agency: "Reuters, AP") or anything else stay as written."""
    found = _SURNAME_FIRST_RE.match(value)
    if found is None or found["surname"].isupper() or found["given"].split()[0].isupper():
        return value
    return f"{found['given']} {found['surname']}"


_RDFA_SUBJECT_XPATH = lxml.etree.XPath("//@rel[contains(., 'dc:subject')]/..//a")
_MAX_TAGS = 30


def _declares_dc(tree: lxml.html.HtmlElement) -> bool:
    """Whether the page declares RDFa's Dublin Core prefix on its root (Drupal 7's ``xmlns:dc``, RDFa 1.1's
    ``prefix="… dc: http://purl.org/dc/terms/ …"``)."""
    root = tree.getroottree().getroot()
    return root.get("xmlns:dc") is not None or "dc:" in (root.get("prefix") or "")


def _headline_over_site_name(title: str, tree: lxml.html.HtmlElement, site_names: list[str],
                             base: str | None) -> str:
    """A ``<title>`` that is only the outlet's name («Фонтанка.ру»: its declared name, or the text of a link to the
    site's home page, the logo's) is no headline: the page's ``<h1>`` (or microdata ``headline``) is."""
    key = _norm_key(title)
    if key not in {_norm_key(name) for name in site_names}:
        parts = urlsplit(base or "")
        root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "/"
        homes = {"/", root, f"{root}/"}
        # the logo is among the page's first links (its header's), not worth a walk of the whole page
        if not any((link.get("href") or "").strip() in homes and _norm_key(link.text_content()) == key
                   for link in itertools.islice(tree.iter("a"), _LOGO_LINKS)):
            return title
    for element in _HEADLINE_XPATH(tree):
        headline = clean_text(element.get("content") or element.text_content())
        if len(headline) >= _MIN_HEADLINE and _norm_key(headline) != key:
            return headline
    return title


def _trim_to_headline(title: str, tree: lxml.html.HtmlElement, html_title: bool = False) -> str:
    """"Story — Outlet" with an unknown outlet: when the headline says exactly "Story", keep that part (also from
    between a rubric and a tail: :func:`_framed`)."""
    separators = _rules()["separators_re"]
    if not separators.search(title) and ": " not in title:  # (a rubric's colon: _framed)
        return title
    headlines = _HEADLINE_XPATH(tree)
    if not headlines:  # (an og:title's " / " joins a channel's two names: extract_unseen3 telegram_post)
        return _shown_title_part(title, tree, separators) if html_title else title
    for h1 in headlines:
        headline = clean_text(h1.text_content())
        if not headline or headline == title or len(headline) < 10:
            continue
        rest = None
        if title.startswith(headline):
            rest = title[len(headline):]
            match = separators.match(rest) or _rubric_chain(rest)
        elif title.endswith(headline):
            rest = title[: -len(headline)]
            match = separators.search(rest)
            match = match if match and match.end() == len(rest) else None
            # a rubric's colon: «Опінія: <h1>», "Analysis: <h1>" (a short label, the headline shown without it)
            match = match or (rest.endswith(": ") and len(rest.split()) <= _MAX_RUBRIC_WORDS)
        elif _framed(title, headline):
            return headline
        else:
            continue
        if match:
            return headline
    if _logo_headline(title, headlines, separators):  # the headline is shown elsewhere (an <h2>)
        return _shown_title_part(title, tree, separators)
    return title


def _logo_headline(title: str, headlines: list, separators: re.Pattern) -> bool:
    """Whether the page's only headline element is the site's name that ends its title ("Story - Rubric - ГТРК
    «Белгород»" over <h1 class="logo">ГТРК «Белгород»</h1>: old Bitrix templates; extract_meta18)."""
    if len(headlines) != 1:
        return False
    parts = separators.split(title)
    return len(parts) > 1 and _norm_key(parts[-1]) == _norm_key(clean_text(headlines[0].text_content()))


_MAX_RUBRIC_WORDS = 3
_MIN_SHOWN_HEADLINE = 20


def _rubric_chain(rest: str) -> bool:
    """Whether what a ``<title>`` adds after the headline is a chain of rubrics and the site's name, each after a
    colon ("<h1>: Политика: Россия: Lenta.ru"; extract_meta17 ru_lenta_mediator_meta_only). One part alone may be
    the headline's own subtitle ("NATO summit: what we know"), so two at least."""
    parts = rest.split(": ")
    return len(parts) >= 3 and parts[0] == "" and all(0 < len(part.split()) <= _MAX_RUBRIC_WORDS for part in parts[1:])


def _shown_title_part(title: str, tree: lxml.html.HtmlElement, separators: re.Pattern) -> str:
    """A page without an <h1> whose only title is its <title> ("Story — Новини", uCoz's "Story - Новини - Site" over
    a ``td.eTitle``): the part before a separator that a text of the page's body shows alone is the headline."""
    cuts = {}
    for match in separators.finditer(title):
        head = title[: match.start()].strip()
        if len(head) >= _MIN_SHOWN_HEADLINE:
            cuts.setdefault(len(head), head)
    if not cuts:
        return title
    body = tree.find("body")
    if body is None:
        return title
    for element in body.iter(*_SHOWN_TITLE_TAGS, "h2"):
        for text in (element.text, *(child.tail for child in element)):
            if text and len(text.strip()) in cuts and clean_text(text) == cuts[len(text.strip())]:
                return cuts[len(text.strip())]
    return title


def _framed(title: str, headline: str) -> bool:
    """Whether ``title`` is the headline between a short rubric and a short tail, each set off by a mark: NATO's
    "News: <headline>, 28-Nov.-2026" (its "NATO - " already stripped as the site's)."""
    at = title.find(headline)
    if at <= 0:
        return False
    before, after = title[:at].rstrip(), title[at + len(headline):].lstrip()
    return bool(before and after) and before[-1] in _SERIES_MARKS and (after[0] in _SERIES_MARKS or after[0] == ",") \
        and len(before.split()) + len(after.split()) <= _MAX_SITE_WORDS


def _series_prefixed(structured: str, shown: str, tree: lxml.html.HtmlElement) -> bool:
    """Whether the structured headline is the og:title, which the page's <h1> also says, with the running story's
    name before it or after it ("Russia-Ukraine War: <h1>", a live blog's): the h1 is this page's headline
    (extract_unseen7 nyt_live, extract_meta8 en_live_jsonld_headline_prefixed)."""
    if len(shown) < 10 or structured == shown or shown not in structured:
        return False
    rest = structured.replace(shown, "", 1).strip()
    if not rest or not (structured.startswith(shown) or structured.endswith(shown)) \
            or not (rest[-1] in _SERIES_MARKS or rest[0] in _SERIES_MARKS):
        return False
    return any(clean_text(h1.text_content()) == shown for h1 in itertools.islice(_HEADLINE_XPATH(tree), 3))


_SERIES_MARKS = frozenset(":|-–—·•")


def _uncut_headline(title: str, candidates: list[str], tree: lxml.html.HtmlElement) -> str:
    """A declared headline cut short ("… ahead of…", "… беспилотников на...": a CMS's 110-character JSON-LD
    ``headline``) when the <h1> or another title says it whole: that one (the <title> with its site part, stripped
    after). Else the cut one."""
    head = title.rstrip(".…").rstrip()
    if len(head) < 10:
        return title
    shown = [clean_text(h1.text_content()) for h1 in itertools.islice(_HEADLINE_XPATH(tree), 3)]
    return next((text for text in (*shown, *candidates) if text and len(text) > len(head) + 1
                 and text.startswith(head) and not text.endswith(_TRUNCATED)), title)


def _completed_headline(title: str, tree: lxml.html.HtmlElement) -> str:
    """A declared headline cut mid-word with no ellipsis (a CMS's length limit: "… air defence deliv") whose words
    the <h1> begins with and goes on: the <h1>. A headline ending on a whole word stays (an <h1> adding a series'
    name or a clause is not the cut one's whole), unless the <h1> goes on after a comma: its sentence goes on (a
    social og:title cut at the comma: :func:`_goes_on_after_comma`)."""
    if len(title) < 10 or not title[-1].isalnum():
        return title
    start = title[:8]
    for h1 in _h1s(tree)[:3]:  # (not _HEADLINE_XPATH: a walk of the page's attributes)
        shown = h1.text_content()
        if start not in shown:  # (a cheap test before the text is cleaned)
            continue
        shown = clean_text(shown)
        if shown == title:  # (most pages: the headline shown as declared, no need to walk on)
            return title
        if len(shown) > len(title) and shown.startswith(title) and (
                shown[len(title)].isalnum() or _goes_on_after_comma(shown[len(title):])):
            return shown
    return title


def _goes_on_after_comma(rest: str) -> bool:
    """Whether what an ``<h1>`` adds after a shorter declared headline is the same sentence going on after a comma
    (", defence secretary says"; a social og:title cut there): a series' name or a rubric is set off by a mark
    ("| Live", " — онлайн"), never by a comma (extract_meta17 en_bbc_hours_ago_updated_min_ago)."""
    return rest.startswith(", ") and ": " not in rest and not any(f" {mark} " in rest for mark in _SERIES_MARKS)


def _shown_over_social(title: str, tree: lxml.html.HtmlElement, site_names: list[str], base: str | None) -> str:
    """An og:title written for sharing, another headline than the one the page shows: when the page's <title> (less
    the outlet's name) and its <h1> agree on another headline, that one is the story's (extract_meta12
    en_at_pm_est_author_links_og_title_differs)."""
    shown = _html_title(tree)
    if not shown:
        return title
    shown = _trim_to_headline(strip_site_name(shown, site_names, base), tree)
    if len(shown) < 10 or _norm_key(shown) == _norm_key(title) or _norm_key(title) in _norm_key(shown):
        return title
    return shown if any(clean_text(h1.text_content()) == shown for h1 in itertools.islice(_HEADLINE_XPATH(tree), 3)) \
        else title


# --------------------------------------------------------------------------- assembly


def _dedup(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if value and key not in seen and len(value) <= 80:
            seen.add(key)
            out.append(value)
    return out


def _absolute(href: str | None, url: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if href.startswith("data:") or href.startswith("javascript:"):
        return None
    try:
        result = urljoin(url, href) if url else href
    except ValueError:
        return None
    return result if result.startswith(("http://", "https://")) else None


def _document_base(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The URL relative links on the page resolve against: the first ``<base href>`` in the head (itself resolved
    against the page's URL), else the page's URL."""
    head = tree.find("head")
    element = head.find("base[@href]") if head is not None else None
    if element is None:
        return url
    return _absolute(element.get("href"), url) or url


def _html_title(tree: lxml.html.HtmlElement) -> str:
    title = tree.find(".//title")
    return clean_text(title.text_content()) if title is not None else ""


_TRUNCATED = ("...", "…")
_SENTENCE_END = frozenset('.!?»"”)')
_STANDFIRST_NOT_TEXT = frozenset({"a", "li", "ul", "ol", "nav", "footer", "aside", "figure", "figcaption", "script",
                                  "style", "noscript", "template", "textarea", "button", "form", "time"})
_STEM_RE = re.compile(r"[^\W\d_]{5,}")


def _description(tree: lxml.html.HtmlElement, declared: str | None, title: str | None,
                 site_names: list[str], url: str | None = None) -> str | None:
    """The page's declared description, or the standfirst shown under the headline when the page declares none,
    or one cut short (an ellipsis, or a prefix of the standfirst) or boilerplate: the outlet's tagline, which names
    the outlet or shares no word with the headline nor the standfirst (``standfirst`` in ``rules/metadata.yaml``).
    A description that only repeats the headline says nothing more: none, unless a standfirst is shown."""
    if declared and title and _norm_key(declared) == _norm_key(title):  # extract_meta7 en/ru_description_is_title
        declared = None
    named = bool(declared) and (_names_outlet(declared, site_names) or _names_host(declared, url))
    lead = _standfirst(tree, title)
    # a whole sentence can still be a cut: the lead's first sentence of two (outlets/theins_ru); not the opening of a
    # block holding the whole story (unseen6 channel5's "lead" element)
    cut = bool(declared and lead) and len(declared) < len(lead) <= _CUT_MAX_GROWTH * len(declared) \
        and lead.casefold().startswith(declared.casefold())
    if declared and not named and not cut and not declared.endswith(_TRUNCATED) and declared[-1] in _SENTENCE_END \
            and _stems(declared) & _stems(title or ""):
        return declared
    if not declared:
        return lead
    own = _stems(declared) - {stem for name in site_names for stem in _stems(name)}  # «Расследование «Важных историй»»
    if not lead:
        # the outlet describing itself ("NV.ua English - the latest news from Ukraine: politics, economy, war…",
        # «Белпресса — новости Белгорода…»: extract_meta14) says nothing of the story: no description
        return None if _self_description(declared, title, site_names, url) else declared
    if named or cut or declared.endswith(_TRUNCATED):
        return lead
    return declared if own & (_stems(title or "") | _stems(lead)) else lead


#: a declared description that opens the standfirst is a cut of it when the standfirst is at most this many times longer
_CUT_MAX_GROWTH = 2.5


def _stems(text: str) -> set[str]:
    return {word[:5] for word in _STEM_RE.findall(text.casefold())}


def _names_outlet(description: str, site_names: list[str]) -> bool:
    folded = description.casefold()
    return any(len(name) >= 3 and name.casefold() in folded for name in site_names)


def _names_host(description: str, url: str | None) -> bool:
    """Whether the description names the site's address ("NV.ua English - the latest news…" at english.nv.ua): the
    host or a parent domain of it down to the registered one, not a registry's own ("com.ua", "co.uk")."""
    if not url or "." not in description:
        return False
    folded = description.casefold()
    return any(domain in folded for domain in _host_domains(url))


@functools.lru_cache(maxsize=64)
def _host_domains(url: str) -> tuple[str, ...]:
    """The host and its parent domains down to its registered domain ("english.nv.ua", "nv.ua"; not "ua", nor
    "com.ua" of "site.com.ua"), by the public suffix list. A host without a public suffix (an IP address,
    "localhost") is its own only: "127.0.0.1" has no parent "0.1" for a description's "0.1%" to name."""
    host = (urlsplit(url).hostname or "").rstrip(".").removeprefix("www.")
    if not host:
        return ()
    domain = registered_domain(f"http://{host}")
    if not domain or domain == host or not host.endswith(f".{domain}"):
        return (host,)
    labels = host.split(".")
    return tuple(".".join(labels[i:]) for i in range(len(labels) - domain.count(".")))


def _self_description(description: str, title: str | None, site_names: list[str], url: str | None) -> bool:
    """The outlet describing itself: the description names it (or its address) and shares no word with the
    headline but the outlet's own; or, calling itself a source of news (``site_description`` in
    ``rules/metadata.yaml``), a single one with a headline of four words or more (a country's name: "NV.ua English -
    the latest news from Ukraine: politics, economy…" under "Ukraine's army repels 40 assaults…")."""
    if not (_names_outlet(description, site_names) or _names_host(description, url)):
        return False
    own = _stems(description) - {stem for name in site_names for stem in _stems(name)}
    headline = _stems(title or "")
    shared = len(own & headline)
    return not shared or (shared == 1 and len(headline) >= _MIN_HEADLINE_STEMS
                          and bool(_rules()["site_description_re"].search(description)))


_MIN_HEADLINE_STEMS = 4


def _standfirst(tree: lxml.html.HtmlElement, title: str | None) -> str | None:
    """The standfirst under the headline: the first element after the <h1> whose class calls it a lead, a few
    sentences that are not mostly a link nor a list."""
    rules = _rules()["standfirst"]
    headlines = _h1s(tree)[:5]
    if not headlines:
        return None
    key = (title or "").casefold()[:30]
    headline = next((h for h in headlines if key and key in h.text_content().casefold()), headlines[0])
    own = {a for a in headline.iterancestors() if a.tag == "article"}
    for element in elements_after(headline, rules["scan"]):
        marks = element.get("class") if isinstance(element.tag, str) else None
        if not marks or not rules["class_re"].search(marks) or rules["media_re"].search(marks) \
                or element.tag in _STANDFIRST_NOT_TEXT:
            continue
        lead = clean_text(element.text_content())
        if not rules["min_words"] <= len(lead.split()) <= rules["max_words"] \
                or element.find(".//li") is not None \
                or any(a.tag in _STANDFIRST_NOT_TEXT or (a.tag == "article" and a not in own)
                       for a in element.iterancestors()):
            continue  # (an <article> the headline is not in: a related story's teaser, unseen8 zerkalo_nested)
        linked = sum(len(a.text_content()) for a in element.iter("a"))
        if linked * 2 > len(lead):
            continue
        return lead
    return None


_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][»\"”)])\s+")


def _first_paragraph(tree: lxml.html.HtmlElement, title: str | None) -> str | None:
    """The story's first paragraph after its headline (``standfirst`` in ``rules/metadata.yaml``), its first
    sentences when long."""
    rules = _rules()["standfirst"]
    headline = _story_headline(tree, title)
    if headline is None:
        return None
    line_re = _rules()["bylines"]["line_re"]
    for element in elements_after(headline, rules["paragraph_scan"]):
        if element.tag != "p" or any(rules["paragraph_skip_re"].search(e.get("class") or "")
                                     for e in (element, *itertools.islice(element.iterancestors(), 2))):
            continue  # also in a box of such a class: an author's bio ("author-bio__container")
        text = clean_text(element.text_content())
        words = len(text.split())
        # a paragraph sharing no word with the headline is a plug or a notice ("Listen to this article", a
        # foreign-agent label, a censorship disclaimer), not the story's opening
        if words < rules["paragraph_min_words"] or text[-1] not in _SENTENCE_END or line_re.match(text) \
                or not _stems(text) & _stems(title or "") \
                or sum(len(a.text_content()) for a in element.iter("a")) * 2 > len(text) \
                or any(a.tag in _STANDFIRST_NOT_TEXT for a in element.iterancestors()):
            continue
        if words > rules["max_words"]:
            kept, count = [], 0
            for sentence in _SENTENCE_RE.split(text):
                count += len(sentence.split())
                if count > rules["max_words"]:
                    break
                kept.append(sentence)
            text = " ".join(kept)
        return text or None
    return None


_MAX_SITE_WORDS = 6


_TRAILING_DAY_RE = re.compile(r"[,\s]+\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})$")


def _title_site_part(shown_title: str, headline: str | None) -> str:
    """What the <title> says besides the headline ("Headline | Рубрика" -> "Рубрика"), when it is a few words."""
    if not headline or headline == shown_title or headline not in shown_title:
        return ""
    rest = clean_text(shown_title.replace(headline, " ")).strip(" |-–—:·•/")
    rest = _TRAILING_DAY_RE.sub("", rest)  # RIA's "- РИА Новости, 28.11.2026": the outlet, then the day
    return rest if 0 < len(rest.split()) <= _MAX_SITE_WORDS else ""


def _url_key(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return (parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/"), parts.query)


def _same_url(first: str, second: str) -> bool:
    """The same page whatever its scheme, "www." and trailing slash."""
    try:
        return _url_key(first) == _url_key(second)
    except ValueError:
        return False


def _url_edition(url: str | None) -> str | None:
    """The language a URL's edition mark gives (its path's first segment or its host's first label:
    :func:`newswatch.dedup.edition_language`), else ``None``."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segment = parts.path.lstrip("/").split("/", 1)[0]
    return edition_language(segment) or edition_language((parts.hostname or "").split(".", 1)[0])


def _own_editions(alternates: dict[str, str], url: str | None) -> list[str | None]:
    """The languages the page's hreflang links give to its own URL (``x-default`` is no language)."""
    if not url or not alternates:
        return []
    return _dedup_codes(normalize_language(tag) for tag, href in alternates.items()
                        if tag != "x-default" and _same_url(href, url))


def _dedup_codes(codes: Any) -> list[str | None]:
    out: list[str | None] = []
    for code in codes:
        if code not in out:
            out.append(code)
    return out


def _first_nonempty(*candidates: Any) -> Any:
    for candidate in candidates:
        if candidate:
            return candidate
    return None


_MEMO = threading.local()


def _h1s(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The page's ``<h1>`` elements: found once during an :func:`extract_metadata` call (five of its steps ask, and
    each walk of the page costs ~1.7% of the call), else each time."""
    if getattr(_MEMO, "tree", None) is not tree:
        return list(tree.iter("h1"))
    if _MEMO.h1s is None:
        _MEMO.h1s = list(tree.iter("h1"))
    return _MEMO.h1s


def extract_metadata(tree: lxml.html.HtmlElement, url: str | None = None, *, guess: bool = True,
                     fetched_at: datetime | None = None, zone: str | tzinfo | None = None) -> dict[str, Any]:
    """Metadata of an article page; every key is always present (``None`` / ``[]`` when unknown).

    Keys: ``title, description, authors, published_at, modified_at, language, section, tags,
    canonical_url, image_url, paywalled_hint, site_name, alternates`` (hreflang editions), plus ``article_body``
    (JSON-LD ``articleBody`` or ``None``), which :func:`extract_article` uses and drops, and ``published_relative``
    (``True`` when ``published_at`` was resolved from a relative date shown on the page, or is a day shown
    without a time: a feed's full date is better). ``language`` is
    the declared one (``<html lang>``, meta, JSON-LD); with ``guess=True`` (the default) and nothing
    declared, it is guessed from the title and description. ``fetched_at`` (aware; when the page was
    fetched) lets a relative date shown on the page («Вчора, 18:30», "2 hours ago") be read; without it
    such a page has no date from its text. ``zone`` (an IANA name such as ``"Asia/Yekaterinburg"``, or a ``tzinfo``)
    is the outlet's declared clock (``timezone:`` in ``sources.yaml``): dates without an offset are read in it instead
    of the zone guessed from the domain, locale, page and language; a date's own offset still wins. An unknown name
    is logged and the guess used.
    """
    _MEMO.tree, _MEMO.h1s = tree, None
    try:
        return _extract_metadata(tree, url, guess, fetched_at, declared_zone(zone))
    except Exception:  # never let one odd page stop a crawl; log it and return what is safe
        logger.exception("metadata extraction failed for %s", url)
        return empty_metadata()
    finally:
        _MEMO.tree = _MEMO.h1s = None  # the page's tree is not kept past the call


def empty_metadata() -> dict[str, Any]:
    return {
        "title": None, "description": None, "authors": [], "published_at": None, "modified_at": None,
        "language": None, "section": None, "tags": [], "canonical_url": None, "image_url": None,
        "paywalled_hint": None, "site_name": None, "article_body": None, "published_relative": False,
        "alternates": {},
    }


def _extract_metadata(tree: lxml.html.HtmlElement, url: str | None, guess: bool,
                      fetched_at: datetime | None, declared: tzinfo | None = None) -> dict[str, Any]:
    rules = _rules()
    meta_names = rules["meta"]
    metas = _meta_tags(tree)
    nodes = jsonld_nodes(tree)
    articles, pages = _rank_nodes(nodes, url, tree)
    article = articles[0] if articles else {}
    page = pages[0] if pages else {}

    def jl(*keys: str) -> Any:
        """First non-empty value of ``keys`` in the article node, then in the page node."""
        for node in (article, page):
            for key in keys:
                value = node.get(key)
                if value not in (None, "", [], {}):
                    return value
        return None

    def meta(field: str) -> list[str]:
        return _from_meta(metas, meta_names[field])

    result = empty_metadata()

    # site name first: the title needs it
    publisher = article.get("publisher") or page.get("publisher")
    site_names = [*meta("site_name"), _text_of(publisher)]
    result["site_name"] = _first_nonempty(*(clean_text(n) for n in site_names)) or None

    # --- canonical URL (also the best base for relative URLs)
    document_base = _document_base(tree, url)  # a <base href> moves where relative URLs point, as in a browser
    canonical = canonical_href = None
    for link in _canonical_links(tree):
        canonical_href = canonical_href or link.get("href")
        canonical = _absolute(link.get("href"), document_base)
        if canonical:
            break
    canonical = canonical or _first_nonempty(*(_absolute(v, document_base) for v in meta("url")))
    canonical = canonical or _absolute(_url_of(article.get("url") or article.get("mainEntityOfPage")), document_base)
    result["canonical_url"] = canonical
    base = document_base or canonical
    result["alternates"] = page_alternates(tree, base)  # hreflang editions (newswatch.extract._alternates)

    # --- title
    structured = _text_of(jl("headline", "name", "alternativeHeadline"))
    meta_titles = [clean_text(v) for v in meta("title")]
    title_candidates = [structured, *meta_titles, _html_title(tree)]
    if structured and meta_titles and _series_prefixed(structured, meta_titles[0], tree):
        title_candidates.insert(0, meta_titles[0])
    title = _first_nonempty(*title_candidates) or None
    if title and title.endswith(_TRUNCATED):
        title = _uncut_headline(title, title_candidates, tree)
    elif title and title in (structured, *meta_titles):
        title = _completed_headline(title, tree)
    if title:
        title = strip_site_name(title, [n for n in site_names if n], base)
        title = _trim_to_headline(title, tree, html_title=not (structured or any(meta_titles)))
        if not structured and meta_titles and title:
            title = _shown_over_social(title, tree, [n for n in site_names if n], base)
        elif not structured and not meta_titles and title:
            title = _headline_over_site_name(title, tree, [n for n in site_names if n], base)
    result["title"] = title or None

    # --- description
    descriptions = [d for d in (_text_of(jl("description", "abstract")), *(clean_text(v) for v in meta("description")))
                    if d]
    declared_description = descriptions[0] if descriptions else None
    # the outlet's name may be only in the <title>'s site part ("Headline | Рубрика"): a tagline naming it is no summary
    title_site = _title_site_part(_html_title(tree), title)
    outlet_names = [n for n in (*site_names, title_site) if n]
    # of the page's descriptions, the first that is not the outlet's description of itself (og:description the site's
    # tagline, the meta description the story's)
    told = next((d for d in descriptions if not _self_description(d, title, outlet_names, url)), declared_description)
    result["description"] = _description(tree, told, title, outlet_names, url) or None

    # --- language
    html_lang = tree.get("lang") or tree.get("xml:lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    language = normalize_language(html_lang)
    language = language or _first_nonempty(*(normalize_language(v) for v in meta("language")))
    language = language or normalize_language(jl("inLanguage", "language"))
    # The page's own hreflang (its URL listed as the "ru" edition) is said of this page; a template's <html lang>
    # may be shared by every edition of the site (extract_meta7 ru_hreflang_vs_html_lang).
    own_editions = _own_editions(result["alternates"], url)
    if len(own_editions) == 1:
        language = own_editions[0] or language
    else:
        edition = _url_edition(url)
        if edition and edition != language \
                and edition_agrees(edition, " ".join(filter(None, [result["title"], result["description"]]))):
            language = edition
    if guess:
        language = language or guess_language(" ".join(filter(None, [result["title"], result["description"]])))
    result["language"] = language
    # after the language guess, which keeps to the title as before: the body's script settles the language later
    # (reconcile_language), and a paragraph more would cost the model's guess on every such page
    if not declared_description and result["description"] is None:
        result["description"] = _first_paragraph(tree, title)
    # A canonical naming another language's edition (the Russian page's URL on the Ukrainian page) is a translation,
    # not this text's address: the page's own edition URL stands (extract_meta7 uk_canonical_other_edition).
    if canonical and url and language and own_editions == [language] and canonical != url \
            and any(_same_url(href, canonical) for tag, href in result["alternates"].items()
                    if normalize_language(tag) not in (None, language)):
        result["canonical_url"] = canonical = url

    # Dates without an offset are the outlet's local time when its domain or language tells the zone.
    def page_zone() -> str | None:
        own = [n for n in (*site_names, title_site) if n]  # "Headline | Новости Одессы": the site's part
        if declared_description and not _stems(declared_description) & _stems(title or ""):  # a tagline
            own.append(declared_description)
        return _page_zone(tree, own, language, [*result["alternates"], *meta("locale_alternate")])

    # The outlet's declared clock (sources.yaml timezone:) before any guess: analysts know it, the domain may not.
    zone_url = canonical or url
    if _archive_host(zone_url):  # a web archive's copy: the clock of the site it was saved from
        zone_url = _archived_original([url, canonical, *meta("url")]) or zone_url
    zone = declared or local_zone(zone_url, language, [html_lang or "", *meta("language")], page_zone)
    states: list[dict[str, Any] | None] = []

    def app_state() -> dict[str, Any] | None:
        """The article in the page's JavaScript app state (read once, and only when a field needs it)."""
        if not states:
            states.append(app_state_article(tree, result["title"], zone))
        return states[0]

    # --- authors
    declared = _resolve_references(article.get("author") or article.get("creator"), nodes)
    cms_accounts = rules["bylines"]["cms_accounts"]
    surname_first = rules["surname_first"]
    meta_authors = [_given_first(value) if key in surname_first else value
                    for key in meta_names["author"] for value in metas.get(key, ())
                    if value.casefold() not in cms_accounts]
    authors = split_authors(declared) or split_authors(meta_authors)
    # The outlet's own name declared as the author (Yoast's "Person" named after the site, a NewsMediaOrganization
    # "BBC News") is an organisation and no writer: a person named in the byline wins over it, else there is none.
    # Byline markup only when the page names no person: a declared placeholder ("Our Foreign Staff")
    # means there is no name to find, and guessing from markup then picks up other stories. When only
    # an organisation is declared (the outlet itself, an agency), a person in the byline wins over it.
    people_declared = split_authors(declared, people_only=True) or split_authors(meta_authors, people_only=True)
    # the outlet's names: declared, the <title>'s site part ("… | Час Чернівецький"), and for an organisation its
    # domain ("Readovka" on readovka.news; a person's name may be a blog's domain)
    outlet = _site_keys([n for n in (*site_names, title_site) if n], None if people_declared else url)
    if not people_declared:  # an organisation under its long name or its initials ("Radio Free Europe/Radio
        # Liberty" of "RFE/RL")
        outlet |= {_initials(name) for name in (*site_names, title_site) if name} - {""}
    outlet_only = bool(authors) and all(
        _norm_key(name) in outlet or (not people_declared and _initials(name) in outlet) for name in authors)
    if (outlet_only or not people_declared) and not names_no_one([declared, *meta_authors]):
        state = app_state()  # an app's own author list is structured data too
        state_people = split_authors(state["authors"], people_only=True) if state else []
        profile_urls = [v for v in meta_authors if _PROFILE_URL_RE.match(v)]
        found = state_people or _byline_authors(tree, profile_urls, base, result["title"]) or (
            [] if authors and not outlet_only
            else _credit_line(tree) or _author_card(tree) or _profile_slug_names(tree, profile_urls, base))
        people = split_authors(found, people_only=True)
        # over a declared organisation, only full names: "Би-би-си" in the byline is the outlet; and beside a full
        # name a single word is a piece of an outlet's name split at its "and" ("By A and B in Kyiv | Stars and
        # Stripes": extract_unseen3 stripes_byline)
        if authors or any(len(name.split()) >= 2 for name in people):
            people = [name for name in people if len(name.split()) >= 2]
        # nor the outlet's own name ("Le Monde" of "Le Monde with AFP")
        people = [name for name in people if _norm_key(name) not in outlet]
        # beside a person, the outlet's regional edition is no writer ("Іван Петренко, Суспільне Харків")
        editions = {key for key in (_first_word_key(n) for n in (*site_names, title_site) if n) if len(key) >= 5}
        if len(people) > 1 and editions:
            people = [name for name in people if not any(_norm_key(name).startswith(key) for key in editions)] \
                or people
        # the outlet as its own author is no writer: no author rather than the site's name (an agency stays)
        authors = people or ([] if outlet_only else authors or found)
    elif not people_declared:  # a placeholder ("Newsroom"): only a name the page says is the author's
        authors = _marked_authors(tree) or _headline_line(tree, title=result["title"]) \
            or ([] if outlet_only else authors) or _pen_name(tree, [*_strings_of(declared), *meta_authors], base)
    elif len(people_declared) > 1 and authors == people_declared:  # a translation's translator declared beside
        # its writer (NV's JSON-LD of «Том Купер» and «Ірина Бойко» over «Переклад: Ірина Бойко») is no writer
        translators = _translators(tree)
        authors = [name for name in authors if _norm_key(name) not in translators] or authors
    elif len(people_declared) == 1 and authors == people_declared:
        authors = _byline_adds_to(tree, authors, _site_keys([*filter(None, site_names), title_site], url))
    result["authors"] = authors

    # --- dates: published and modified come from separate sources and never cross over.
    def declared_date(json_ld_key: str, meta_field: str) -> tuple[datetime | None, Any]:
        """(the date, the text it was read from): JSON-LD first, then the meta tags in order."""
        raw = _first(jl(json_ld_key))
        found = parse_date(raw, zone=zone)
        if found is not None and isinstance(raw, str) and _NAIVE_ISO_RE.match(raw):
            # a naive JSON-LD date whose clock a meta tag gives with its offset (Kyiv Post's "08:35:00" and
            # article:published_time "08:35:00Z"): that offset, not a guessed zone
            raw = next((value for value in meta(meta_field) if _same_clock(raw, value)), raw)
            found = parse_date(raw, zone=zone)
        for value in meta(meta_field) if found is None else ():
            found, raw = parse_date(value, zone=zone), value
            if found:
                break
        return found, raw

    published, published_raw = declared_date("datePublished", "published")
    jsonld_dates = rules["jsonld_dates"]
    for key in jsonld_dates["published"] if published is None else ():
        published_raw = _first(jl(key))
        published = parse_date(published_raw, zone=zone)
        if published is not None:
            break
    # A day without a time ("2026-11-27") is a day: the time the page shows that day is better.
    day_only = published is not None and isinstance(published_raw, str) and bool(_DAY_ONLY_RE.match(published_raw))
    modified, modified_raw = declared_date("dateModified", "modified")
    if modified is None and isinstance(article.get(jsonld_dates["updates"]), list):
        modified = _latest_update(article[jsonld_dates["updates"]], jsonld_dates["update_keys"], zone)
    published, modified = _relabelled_local(tree, zone, result["title"], published, published_raw, modified,
                                            modified_raw)
    if published is None or modified is None:  # an app's state is structured data too, but not described
        state = app_state()
        if state:
            published = published or state["published_at"]
            modified = modified or state["modified_at"]
    bare_time = False
    if published is None or modified is None:  # markup is weaker evidence than structured data
        time_published, time_modified, bare = _time_elements(tree, zone)
        if published is None and time_published:
            published, bare_time = time_published, bare
        modified = modified or time_modified
    url_date = date_from_url(url) or date_from_url(canonical or canonical_href)
    if published is not None and not (bare_time or day_only) and _off_url_day(published, url_date, zone):
        published = _shown_on_url_day(tree, zone, result["title"], url_date) or published
    # The page's own text may give the time; and a bare <time> somewhere on the page dates this story less
    # surely than the date shown next to its headline (a "next story" box has <time>s too).
    if published is None or bare_time or day_only or (url_date and published == url_date):
        shown = _shown_date(tree, zone, result["title"], fetched_at)
        if shown and shown[1] and url_date and shown[0].astimezone(zone or UTC).date() != url_date.date():
            shown = None  # a relative date off the URL's day: a stale copy or a wrong fetch time
        if shown and day_only and shown[0].astimezone(zone or UTC).date() != published.date():
            shown = None  # another day than the structured one: another story's
        if shown and shown[2] and (published is not None or (url_date and not _later_day(shown[0], url_date))):
            shown = None  # a day without a time says nothing more than a date already found
        if shown:
            published = shown[0]
            entries = _entry_dates(shown[3], zone, fetched_at) if shown[3] is not None else None
            if entries:  # a live blog: its first entry is its publication, its latest an update
                published = entries[0]
                modified = modified or (entries[1] if entries[1] > entries[0] else None)
            # a page's relative date or bare day ranks below a feed's full date in the loader
            result["published_relative"] = shown[1] or shown[2]
        published = published or _first_published_note(tree, zone)
        if published is None and url_date is None and fetched_at is not None:
            published = _dateline(tree, result["title"], fetched_at)
            result["published_relative"] = result["published_relative"] or published is not None  # a bare day
        if published is None and url_date is not None:  # the URL's day, at the clock a <time> shows alone
            published = (shown is None and _url_day_clock(tree, url_date, zone, result["title"], fetched_at)) \
                or url_date
        # a page that shows its date as text next to the headline may show its update time there too, and a page
        # that shows no publication date its update alone ("Last updated: 28 November 2026, 16:20 Kyiv time")
        if modified is None and (shown or published is None or published == url_date):
            modified = _shown_modified(tree, zone, result["title"], fetched_at, published=published)
    elif modified is None:  # structured data may give the publication only, the page its update («Оновлено …»),
        # in the clock of a publication's offset when nothing else tells the zone (Yle's +02:00); a full date, or a
        # clock alone on the publication's day: "Updated 2 hours ago" on a stored page is relative to a fetch
        offsets = (_offset_of(raw) for raw in (published_raw, *meta("published")))
        modified = _shown_modified(tree, zone or next(filter(None, offsets), None), result["title"],
                                   scan=_UPDATE_SCAN, published=published)
    if published is not None and modified is not None and modified < published - _MODIFIED_SLACK:
        modified = None  # "modified" before the publication (a re-published story's stale stamp) is no update of it
    result["published_at"] = published
    result["modified_at"] = modified

    # --- section and tags
    section = _strings(jl("articleSection")) or [t for v in meta("section") for t in _strings(v)]
    result["section"] = section[0] if section else None
    tags: list[str] = _strings(jl("keywords"))
    for name in meta_names["tags"]:
        if tags:
            break
        tags = [t for value in metas.get(name, ()) for t in _strings(value)]
    if not tags and _declares_dc(tree):  # RDFa's subjects (Drupal's tag field: <div rel="dc:subject"><a …>Одесса</a>
        # </div>), looked for only on a page declaring the Dublin Core prefix, as Drupal's <html> does
        tags = [clean_text(element.text_content()) for element in _RDFA_SUBJECT_XPATH(tree)][:_MAX_TAGS]
    result["tags"] = _dedup([tag for tag in tags if tag])

    # --- image
    image = _first_nonempty(*meta("image")) or _url_of(jl("image", "thumbnailUrl"))
    result["image_url"] = _absolute(image, base)

    # --- paywall hint
    hint = None
    for node in (article, page):
        if node:
            hint = _paywall_from_node(node)
            if hint is not None:
                break
    if hint is None:
        tier = [v.lower() for v in meta("content_tier")]
        hint = True if "locked" in tier else (False if "free" in tier else None)
    result["paywalled_hint"] = hint

    body = article.get("articleBody")
    if not (isinstance(body, str) and body.strip()) and states and states[0]:  # read already: no extra cost
        body = states[0]["body"]
    result["article_body"] = body if isinstance(body, str) and body.strip() else None
    return result
