"""Feeds and sitemaps -> article entries (pure functions, no Scrapy).

Handles RSS 2.0, Atom, RDF/RSS 1.0, sitemap indexes, plain sitemaps and Google
News sitemaps (``news:publication_date``, ``news:title``, ``news:language``,
``news:keywords``, which Scrapy's own sitemap parser drops), and the
``Sitemap:`` lines of robots.txt.

XML is parsed with entity resolution and network access off, and in recover
mode so a truncated feed still yields the entries before the cut; entities a
document declares itself are never expanded into one another (see
``_settle_declared_entities``), so entity bombs and XXE come to nothing and the
feed's links are still read.
"""

from __future__ import annotations

import html
import json
import logging
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from html.entities import html5
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import yaml
from lxml import etree

from newswatch.dedup import registered_domain
from newswatch.dedup import without_session_ids as _without_session_ids
from newswatch.extract._appstate import app_state_blobs, has_app_state
from newswatch.extract._metadata import declared_zone
from newswatch.extract.normalize import normalize_language, parse_date

logger = logging.getLogger(__name__)

#: Largest decompressed feed or sitemap we read (sitemaps are capped at 50 MB by the protocol).
MAX_XML_BYTES = 50 * 1024 * 1024
#: URLs read from one sitemap: the protocol's limit. A gzipped sitemap of a million URLs is 2.5 MB on the wire
#: (under DOWNLOAD_MAXSIZE) and 48 MB inflated; read whole it took 30 s of CPU and 670 MB, then a million
#: entries waiting in the crawl process. The URLs past the limit are counted (``SitemapResult.capped``), not read,
#: except those dated inside the crawl's ``since`` (a site that appends its newest stories to an overfull sitemap).
MAX_SITEMAP_URLS = 50_000


@dataclass(frozen=True, slots=True)
class Entry:
    """One article link found by discovery (slotted: every queued article request holds one)."""

    url: str
    via: str  # rss | atom | rdf | sitemap | news-sitemap
    source_url: str
    title: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: A date the entry gave that means nothing ("yesterday", year 0001 or 9999, Feb 30), cut to 60 characters:
    #: the entry is treated as undated (fetched whatever ``since`` says), and the crawl counts and names it.
    bad_date: str | None = None

    @property
    def date(self) -> datetime | None:
        """The date used for the `since` filter: publication, else last modification."""
        return self.published_at or self.modified_at

    def row(self) -> tuple:
        """The fields as a plain tuple, in order (``Entry(*row)`` builds it again): what a worker process sends
        back for a big feed. A tuple of plain values unpickles ~6x faster than the slotted, frozen dataclass,
        and the spider builds the ``Entry`` objects a thousand at a time, as it hands them out."""
        return (self.url, self.via, self.source_url, self.title, self.published_at, self.modified_at, self.language,
                self.keywords, self.authors, self.bad_date)

    def as_dict(self) -> dict:
        return {
            "via": self.via,
            "url": self.source_url,
            "title": self.title,
            "published_at": self.published_at,
            "language": self.language,
            "keywords": list(self.keywords),
        }


@dataclass
class SitemapResult:
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[tuple[str, datetime | None]] = field(default_factory=list)  # child sitemaps of an index
    capped: int = 0  # URLs (or child sitemaps) past MAX_SITEMAP_URLS, not read
    past_cap: int = 0  # URLs (or child sitemaps) past MAX_SITEMAP_URLS dated inside ``since``: read


class NotXMLError(ValueError):
    """The document is not a feed or sitemap at all."""


#: Longest link followed: Scrapy's default URLLENGTH_LIMIT (and Internet Explorer's old limit), which most
#: servers also keep under (8 KB). Scrapy's spider middleware would drop a longer request with an INFO line only.
MAX_URL_CHARS = 2083


@dataclass
class Notes:
    """What reading one document refused or repaired, for the crawl to count and log (plain tuples: they come
    back from a worker process). ``refused``: ``(link as written, why)``; ``repairs``: ``(reason, message)``."""

    refused: list[tuple[str, str]] = field(default_factory=list)
    repairs: list[tuple[str, str]] = field(default_factory=list)
    #: Entries with no link at all (no ``<link>``, no ``<guid>`` that is a web link, no Atom ``href``/URL ``id``,
    #: no JSON Feed ``url``/``external_url``/URL ``id``): skipped.
    no_link: int = 0
    #: The feed's next page (see :func:`_feed_next_page`): read on while the window is not yet covered.
    next_page: str | None = None
    #: Entries whose link was a click counter's or share link's naming the story whole (see :func:`_forwarded`):
    #: the story's own address was taken.
    forwarded: int = 0

    def repaired(self, reason: str, message: str) -> None:
        if reason not in (r for r, _ in self.repairs):
            self.repairs.append((reason, message))


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
    "huge_tree": False,
}


def _maybe_gunzip(body: bytes) -> bytes:
    """``body`` inflated when it is gzip (a ``.xml.gz`` sitemap served raw), else as it is.

    A stream cut short or gone corrupt keeps what inflated before the damage, as the recover-mode parse
    keeps the entries before a cut in plain XML; a stream that yields nothing at all is refused.
    """
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
    data = b""
    damage = None
    try:
        data = inflater.decompress(body, MAX_XML_BYTES + 1)
        if not inflater.eof and len(data) <= MAX_XML_BYTES:
            damage = "the gzip stream is cut short"
    except zlib.error as exc:
        # decompress() raises with what it inflated lost: inflate again in small steps to keep that part.
        damage = f"the gzip stream is corrupt ({exc})"
        data = _inflate_until_damage(body)
    if len(data) > MAX_XML_BYTES:
        raise NotXMLError(f"decompressed document exceeds {MAX_XML_BYTES} bytes")
    if damage:
        if not data.strip():
            raise NotXMLError(f"{damage}; nothing could be inflated")
        logger.warning("%s after %d bytes; reading the entries before the damage", damage, len(data))
    return data


def _inflate_until_damage(body: bytes, step: int = 256) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    parts, size = [], 0
    for start in range(0, len(body), step):
        try:
            part = inflater.decompress(body[start:start + step], MAX_XML_BYTES + 1 - size)
        except zlib.error:
            break
        parts.append(part)
        size += len(part)
        if size > MAX_XML_BYTES or inflater.eof:
            break
    return b"".join(parts)


_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?\?>")
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _as_utf8(body: bytes, encoding: str | None) -> bytes:
    """``body`` as the XML parser should get it: a document that is UTF-8 by its own word (it declares UTF-8
    or no encoding at all, and has no BOM) but whose bytes are not UTF-8, transcoded to UTF-8.

    Legacy Cyrillic feeds (windows-1251, KOI8-R) often name their charset only in the HTTP header, or
    nowhere: read as UTF-8 every non-ASCII letter of their titles and links became U+FFFD, so a link to
    ``/новости/...`` led nowhere. The text is decoded as pages are (:func:`newswatch.extract.decode_html`:
    the header's ``encoding`` when the bytes decode with it, else detection). A document declaring another
    encoding, or starting with a BOM, is left to the parser, which honours those.
    """
    if body.isascii() or body[:3] == b"\xef\xbb\xbf" or b"\x00" in body[:64]:
        return body
    declaration = _XML_DECLARATION.match(body[:512])
    if declaration:
        named = _DECLARED_ENCODING.search(declaration.group())
        if named and named.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
            return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    from newswatch.extract import decode_html  # the extraction stack, only for this rare document

    text = decode_html(body[declaration.end():] if declaration else body, encoding)
    logger.warning("a feed or sitemap that is not UTF-8 though it does not say otherwise; read as %s",
                   f"{encoding} (its HTTP header)" if encoding and _decodes(body, encoding) else "detected")
    return text.encode("utf-8")


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return False
    return True


_XML_START = re.compile(rb"<\?xml\b|<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b")
_UTF16_DECLARATION = re.compile(rb"""(<\?xml[^>]*?encoding\s*=\s*["'])(?:utf|ucs)-?(?:16|32|2|4)[^"']*(["'])""",
                                re.IGNORECASE)
#: "&" that starts no entity or character reference ("?id=7&section=world" written raw): the recover-mode parse
#: dropped "&section" and the link led to the wrong page.
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{0,31});")
_XML_ENTITIES = frozenset((b"amp", b"lt", b"gt", b"quot", b"apos"))
#: A year and month (and day) in a sitemap's path: ``2026-11``, ``2026/11/27``, ``2026_11``; not in a longer number.
_PERIOD_IN_NAME = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})[-_/](0[1-9]|1[0-2])(?:[-_/](0[1-9]|[12][0-9]|3[01]))?(?![0-9])")
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_ENTITY_REF = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_RUN_OF_SPACE = re.compile(r"[ \t\r\n]+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


#: A DOCTYPE with an internal subset, near the document's start (a feed's prolog is short).
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE\s[^\[>]*\[(.*?)\]\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(
    rb"<!ENTITY\s+(%\s+)?([A-Za-z_][\w.-]{0,63})\s+(?:\"([^\"]*)\"|'([^']*)'|(?:SYSTEM|PUBLIC)\b[^>]*)\s*>")
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6});")

#: The longest declared entity value put in the text in its place (longer ones are how a quadratic blowup is built).
MAX_ENTITY_CHARS = 64


def _plain_entity_text(value: str) -> str | None:
    """A declared entity's value as the text to put in its references' place, or None when it may not be: one that
    refers to another entity (nesting is how a bomb is built), names a parameter entity, or is longer than
    ``MAX_ENTITY_CHARS`` (a quadratic blowup). Character references are fine (``&#8212;``)."""
    if "%" in value or "&" in _CHARACTER_REFERENCE.sub(b"", value.encode("utf-8")).decode("utf-8"):
        return None
    text = html.unescape(value)
    return text if len(text) <= MAX_ENTITY_CHARS else None


def _without_internal_subset(body: bytes, notes: Notes) -> bytes:
    """The document without its DOCTYPE's internal subset, each reference to an entity it declared settled in the
    text, none ever expanded into another.

    Old CMS feeds declare the HTML entities they use (``<!ENTITY mdash "&#8212;">``); attacks declare nested ones
    (billion laughs), huge ones (quadratic blowup), external ones (XXE) or parameter entities. A reference to a
    general entity whose value is plain text of at most ``MAX_ENTITY_CHARS`` characters (character references
    allowed) is replaced by that text; every other reference is left out. libxml2 itself stops a document at an
    entity bomb and drops the rest of it (its links with it), and refusing such a feed lost its good stories; read
    so, the bomb's feed is a feed with an empty title (``discovery/repaired/declared_entities``)."""
    subset = _INTERNAL_SUBSET.search(body)
    if subset is None or subset.start() > 65536 or b"<!ENTITY" not in subset.group(1):
        return body
    simple: dict[bytes, bytes] = {}
    declared: set[bytes] = set()
    for match in _ENTITY_DECLARATION.finditer(subset.group(1)):
        parameter, name, value = match.group(1), match.group(2), match.group(3) or match.group(4)
        if parameter or name in _XML_ENTITIES:
            continue
        declared.add(name)
        text = _plain_entity_text(value.decode("utf-8", "replace")) if value is not None else None
        if text is not None:
            simple[name] = html.escape(text, quote=False).encode("utf-8")
    rest = body[subset.end():]
    counts = {"settled": 0, "dropped": 0}

    def settle(match: re.Match) -> bytes:
        value = simple.get(match.group(1))
        counts["settled" if value is not None else "dropped"] += 1
        return value or b""

    if declared:
        names = b"|".join(re.escape(name) for name in sorted(declared, key=len, reverse=True))
        rest = re.sub(rb"&(" + names + rb");", settle, rest)
    notes.repaired("declared_entities", f"the document declares XML entities; {counts['settled']} reference(s) to "
                                        f"plain short ones put in the text, {counts['dropped']} left out (nested, "
                                        "huge or external: never expanded)")
    return body[:subset.start()] + rest


#: A CDATA section's end, unless a split section goes on right after it (``]]]]><![CDATA[>``, as XML writes one).
_CDATA_END = re.compile(rb"\]\]>(?![ \t\r\n]*<!\[CDATA\[)")
_CDATA_OPENING = b"<![CDATA["
_ELEMENT_BEFORE_CDATA = re.compile(rb"<([A-Za-z][\w:.-]{0,63})(?:\s[^<>]{0,300})?>[ \t\r\n]*\Z")
#: How far after a stray ``]]>`` the element's own ``]]></name>`` is looked for.
_CDATA_REACH = 256 * 1024


def _nested_cdata_ends(body: bytes, notes: Notes) -> bytes:
    """``body`` with each ``]]>`` that sits inside an element's CDATA text (``<![CDATA[a[b[0]]]]> ...]]></x>``: a
    code sample, a quoted index, a CDATA section pasted into one) escaped as XML writes it (``]]]]><![CDATA[>``).
    Left raw, the section closed there and the rest of its text (``</p>``) closed the item and the channel: the
    items after it were lost. Found as a ``]]>`` with no ``<![CDATA[`` since the one before it; the text from the
    section's opening to the ``]]>`` followed by its element's end tag is the section's."""
    out, cursor, fixed, copied = [], 0, 0, 0
    section = -1  # where the last CDATA section opened
    for match in _CDATA_END.finditer(body):
        if match.start() < cursor:
            continue
        opening = body.rfind(_CDATA_OPENING, cursor, match.start())
        if opening >= 0 or section < 0:
            section, cursor = opening, match.end()
            continue
        element = _ELEMENT_BEFORE_CDATA.search(body, max(0, section - 400), section)
        if element is None:
            section, cursor = -1, match.end()
            continue
        end_tag = rb"[ \t\r\n]*</" + re.escape(element.group(1)) + rb"[ \t\r\n]*>"
        closing = match if re.compile(end_tag).match(body, match.end()) else \
            re.compile(rb"\]\]>" + end_tag).search(body, match.end(), match.end() + _CDATA_REACH)
        if closing is None:
            section, cursor = -1, match.end()
            continue
        text = body[section + len(_CDATA_OPENING):closing.start()]
        fixed += len(_CDATA_END.findall(text))
        out += [body[copied:section + len(_CDATA_OPENING)], _CDATA_END.sub(b"]]]]><![CDATA[>", text)]
        copied = closing.start()
        section, cursor = -1, closing.start() + 3
    if not fixed:
        return body
    notes.repaired("nested_cdata_end", f"{fixed} ']]>' inside CDATA text escaped (the section closed early and "
                                       "its text broke the items after it)")
    return b"".join([*out, body[copied:]])


def _html_entity(match: re.Match) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group()
    char = html5.get(name.decode("ascii") + ";")
    return "".join(f"&#{ord(c)};" for c in char).encode() if char else match.group()


def _repaired(body: bytes, notes: Notes | None) -> bytes:
    """The common ways a feed's XML is broken in the wild, repaired before parsing (each said in ``notes``).

    Text before the document (a PHP warning a WordPress plugin printed, blank lines before ``<?xml``) made it "not
    XML"; an encoding declaration of UTF-16 on bytes without a NUL made it empty; a raw ``&`` in a link cut the
    link; HTML entities (``&nbsp;``, ``&mdash;``) that XML does not define were dropped from titles.
    """
    notes = notes if notes is not None else Notes()
    start = _XML_START.search(body, 0, 8192)
    if start and start.start() and body[:start.start()].strip(b" \t\r\n\xef\xbb\xbf"):
        junk = body[:start.start()].decode("utf-8", "replace").strip()
        notes.repaired("text_before_xml", f"{start.start()} bytes of text before the XML skipped "
                                          f"({' '.join(junk.split())[:80]!r})")
        body = body[start.start():]
    elif start and start.start() and body[:start.start()].strip(b" \t\r\n"):
        body = _utf8_by_its_bom(body[start.start():], notes)  # a BOM, then blank lines
    else:
        body = body.lstrip(b" \t\r\n") if body[:1] in b" \t\r\n" and body[:1] else body
    declared = _UTF16_DECLARATION.match(body, 0) if body[:5] == b"<?xml" else None
    if declared and b"\x00" not in body[:64]:
        notes.repaired("impossible_encoding", "the XML declaration says UTF-16/32, but the bytes have no NUL; "
                                              "read as UTF-8")
        body = _UTF16_DECLARATION.sub(rb"\1UTF-8\2", body, count=1)
    if b"<!ENTITY" in body[:65536] and b"\x00" not in body[:64]:
        body = _without_internal_subset(body, notes)
    if b"]]>" in body and b"\x00" not in body[:64]:
        body = _nested_cdata_ends(body, notes)
    if b"&" in body and b"\x00" not in body[:64]:
        # CDATA is literal text: an "&" or "&nbsp;" inside it breaks nothing, and escaping it there would put
        # "&amp;" / "&#160;" into the title (the entities a CDATA title carries are read by _plain_text)
        parts = _CDATA.split(body)
        outside = b"".join(parts[::2])
        bare = len(_BARE_AMPERSAND.findall(outside))
        if bare:
            notes.repaired("bare_ampersands", f"{bare} raw '&' escaped")
        html_named = [m for m in _NAMED_ENTITY.findall(outside) if m not in _XML_ENTITIES and
                      html5.get(m.decode("ascii") + ";")]
        if html_named:
            notes.repaired("html_entities", f"{len(html_named)} HTML entities XML does not define "
                                            f"(&{html_named[0].decode()};...) read as their characters")
        if bare or html_named:
            parts[::2] = [_NAMED_ENTITY.sub(_html_entity, _BARE_AMPERSAND.sub(b"&amp;", part)) for part in parts[::2]]
            body = b"".join(parts)
    return body


def _utf8_by_its_bom(body: bytes, notes: Notes) -> bytes:
    """``body`` (the document after its UTF-8 BOM) with an XML declaration naming another encoding
    (``encoding="ISO-8859-1"``, a template's default) made to say UTF-8, when its bytes are UTF-8: the BOM wins over
    the declaration (XML 1.0 appendix F, as a browser reads a page). Read by the declaration, every Cyrillic letter
    of the titles and links became two Latin ones, and each story's link led to a 404. A body that is not UTF-8
    is left to its declaration."""
    declaration = _XML_DECLARATION.match(body[:512])
    named = _DECLARED_ENCODING.search(declaration.group()) if declaration else None
    if not named or named.group(1).lower().replace(b"_", b"-") in (b"utf-8", b"utf8") or body.isascii() \
            or not _decodes(body, "utf-8"):
        return body
    notes.repaired("byte_order_mark", f"a UTF-8 byte order mark before an XML declaration of "
                                      f"{named.group(1).decode('ascii')}; read as UTF-8, as the BOM says")
    start, end = named.span(1)
    return body[:start] + b"UTF-8" + body[end:]


def _plain_text(text: str | None) -> str | None:
    """A feed's title or name as text: the entity references and tags it still holds once parsed (a CDATA title
    ``<![CDATA[В&nbsp;Києві]]>``, a double-escaped ``&amp;quot;``, Atom ``type="html"``) read as a feed reader
    shows them."""
    if not text or ("&" not in text and "<" not in text):
        return text
    text = _HTML_TAG.sub("", text) if "<" in text else text
    text = _ENTITY_REF.sub(lambda m: html.unescape(m.group()), text)
    return _RUN_OF_SPACE.sub(" ", text).strip() or None


def parse_xml(body: bytes, encoding: str | None = None, notes: Notes | None = None) -> etree._Element:
    """Parse a feed or sitemap safely; raise NotXMLError when there is nothing XML in it.

    ``encoding``: the charset of the HTTP ``Content-Type``, used only for a document that is not the UTF-8 it
    claims to be (see :func:`_as_utf8`). What was repaired on the way (see :func:`_repaired`) goes to ``notes``.
    """
    body = _maybe_gunzip(body or b"")
    if body[:2] == b"\x1f\x8b":
        # A CMS that writes its .xml.gz and a server that gzips it again without a Content-Encoding: one layer
        # more (each capped at MAX_XML_BYTES), not a third.
        body = _maybe_gunzip(body)
        if notes is not None:
            notes.repaired("gzip_in_gzip", "the document was gzipped twice; both layers were inflated")
    body = _as_utf8(body, encoding)
    head = body.lstrip()[:512].lower()
    if not head.startswith((b"<!doctype html", b"<html")):
        body = _repaired(body, notes)
    if not body.strip():
        raise NotXMLError("empty document")
    if not body.rstrip().endswith(b">") and b"\x00" not in body[:64]:  # (not in UTF-16/32, where ">" is 2-4 bytes)
        # Cut mid-text: the text after the last tag is a fragment ("<loc>https://site/news/12"), and the
        # recover-mode parse would hand it out as a link. A whole document always ends with a tag.
        body = body[: body.rfind(b">") + 1]
    head = body.lstrip()[:512].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise NotXMLError("an HTML page, not a feed or sitemap")
    try:
        root = etree.fromstring(body, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as exc:
        raise NotXMLError(f"not XML: {exc}") from None
    if root is None:
        raise NotXMLError("no XML root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        _settle_declared_entities(root, dtd, notes)
    return root


def _settle_declared_entities(root, dtd, notes: Notes | None) -> None:
    """The references to entities the document declares itself, settled without ever expanding one into another.

    Old CMS feeds declare the HTML entities they use (``<!ENTITY mdash "&#8212;">``); attacks declare nested ones
    (billion laughs), huge ones (quadratic blowup) or external ones (XXE). The parse keeps every reference
    unexpanded (``resolve_entities=False``, no network); here an internal entity whose value is plain text of at
    most ``MAX_ENTITY_CHARS`` characters (character references allowed) is put in the text, and every other
    reference is left out. A bomb's feed is so read as a feed with an empty title, its links intact; before, the
    whole feed was refused and its good stories lost (``discovery/repaired/declared_entities``)."""
    simple = {entity.name: text for entity in dtd.iterentities()
              if entity.system_url is None and entity.orig is not None
              and (text := _plain_entity_text(entity.orig)) is not None}
    settled = dropped = 0
    for reference in list(root.iter(etree.Entity)):
        value = simple.get(reference.name)
        text = (value or "") + (reference.tail or "")
        previous, parent = reference.getprevious(), reference.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        elif parent is not None:
            parent.text = (parent.text or "") + text
        if parent is not None:
            parent.remove(reference)
        settled += value is not None
        dropped += value is None
    if notes is not None:
        notes.repaired("declared_entities", f"the document declares XML entities; {settled} reference(s) to plain "
                                            f"short ones put in the text, {dropped} left out (nested, huge or "
                                            "external: never expanded)")


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _text(el, *names: str) -> str | None:
    """Text of the first child (searched by local name, nested path allowed with '/')."""
    for name in names:
        node = el
        for part in name.split("/"):
            found = _children(node, part)
            if not found:
                node = None
                break
            node = found[0]
        if node is not None:
            text = "".join(node.itertext()).strip()
            if text:
                return text
    return None


#: The outlet's declared clock (its IANA ``timezone:``, validated when the outlet loads), as extraction reads it for
#: the page's dates: None (UTC) for none, or for a name that is no zone (logged: a bad zone never makes a feed
#: unreadable). Cached: one lookup per outlet, not per document.
_zone = lru_cache(maxsize=64)(declared_zone)


def _date(text: str | None, zone: tzinfo | None = None) -> tuple[datetime | None, str | None]:
    """``text`` parsed (:func:`parse_date`; a date without an offset is read in ``zone``, else as UTC), and ``text``
    itself (cut to 60 characters) when it is there but does not parse (``_text`` gives stripped text or None)."""
    date = parse_date(text, zone=zone)
    return date, (text[:60] if date is None and text else None)


def _split_keywords(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    seen: dict[str, None] = {}
    # entities escaped once more inside CDATA (ISW's "Russia &amp; Ukraine") are text: their ";" splits nothing
    for kw in re.split(r"[,;]", html.unescape(value) if "&" in value else value):
        kw = " ".join(kw.split())
        if kw and kw.lower() not in (k.lower() for k in seen):
            seen[kw] = None
    return tuple(seen)


_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: The ``feed:`` scheme browsers and feed readers put on a feed's link (``feed://host/rss``, ``feed:https://...``):
#: an HTTP URL under a marker no HTTP client sends.
_FEED_SCHEME_RE = re.compile(r"feed:(?=//|https?://)", re.IGNORECASE)
#: Characters that show as nothing (or as a blank) but ride along when a link is copied from a CMS editor: a
#: ``<loc>`` starting with U+200B resolved as a relative path under the sitemap (a 404, the story lost); a no-break
#: or other typographic space around a link (a WYSIWYG editor's ``&nbsp;``) was taken off without a word.
_TYPOGRAPHIC_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE_EDGES = (" \t\r\n\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
                    + _TYPOGRAPHIC_SPACES)
#: White space a template puts around a link: layout, taken off silently.
_LAYOUT_SPACE = " \t\r\n\f\v\x1c\x1d\x1e\x1f\x85\u2028\u2029"


#: Spaces an HTML entity names (``&nbsp;``, ``&thinsp;``, ``&emsp;``...) that no URL holds as written, read or
#: still written as the entity (inside CDATA).
#: White space holding a line break, a tab, or a run of spaces inside a link: where a template wrapped or indented
#: it (XML turns a line break inside an attribute, an Atom ``href``, into a space: its indentation follows).
_WRAPPED = re.compile(r"[ \t]*[\r\n][ \t\r\n]*|\t|  +")
_SPACE_FROM_ENTITY = re.compile(f"[{_TYPOGRAPHIC_SPACES}]|&(?:nbsp|ensp|emsp|thinsp|#160|#x[aA]0);")


def _absolute(base: str, href: str | None, notes: Notes | None = None) -> str | None:
    """``href`` made absolute against ``base`` when it is a usable http(s) link, else None; a link that is there but
    unusable (``javascript:``, ``data:``, ``mailto:``, a bad port, over :data:`MAX_URL_CHARS`) goes to ``notes``."""
    if not href:
        return None
    href = href.strip(_LAYOUT_SPACE)
    visible = href.strip(_INVISIBLE_EDGES)
    if visible != href and notes is not None:
        notes.repaired("invisible_characters", "a link began or ended with invisible characters or typographic "
                       "spaces (zero-width space, BOM, direction marks, no-break space) pasted with it; they were "
                       "removed")
    href = visible
    if "\n" in href or "\r" in href or "\t" in href or "  " in href:
        # A template that wraps long lines broke the link, and indented its second half: browsers drop the line
        # break (and tabs) but keep the spaces (%20), a URL no page has. White space holding a line break is layout.
        href = _WRAPPED.sub("", href)
        if notes is not None:
            notes.repaired("wrapped_link", "a link was broken over lines (a line break and its indentation, "
                           "a tab or a run of spaces inside the URL); joined again")
    if not href or href.startswith("#"):
        return None
    if (plain := without_feed_scheme(href)) != href:
        href = plain
        if notes is not None:
            notes.repaired("feed_scheme", "a link carried the feed: scheme browsers put on feed links; read as "
                           "the http(s) URL it marks")
    reason = None
    if _SPACE_FROM_ENTITY.search(href):
        # "&nbsp;" in a <loc>, read as the character it names: fetched as "%C2%A0" the URL is another, missing page
        # (and which one the CMS meant, a space, a dash or nothing, cannot be known)
        if notes is not None:
            notes.refused.append((href, "holds a no-break or other typographic space (an HTML entity such as "
                                        "&nbsp; written into the link): no page's URL"))
        return None
    try:
        url = urljoin(base, href)
        urlsplit(url).port  # noqa: B018 (raises on "host:99999" and "host:port", as Scrapy's Request would)
    except ValueError as exc:  # an unclosed IPv6 literal ("http://[::1/x"), a bad port: one unusable link
        url, reason = None, f"unusable URL: {exc}"
    if url and not url.startswith(("http://", "https://")):
        scheme = _SCHEME_RE.match(url)
        url, reason = None, f"a {scheme.group(1).lower() + ':' if scheme else 'non-HTTP'} link, not a web page"
    if url and len(url) > MAX_URL_CHARS:
        url, reason = None, f"a URL of {len(url)} characters, over the {MAX_URL_CHARS} a crawl requests"
    if url and "@" in url.split("/", 3)[2]:
        url = _without_credentials(url, notes)
    if url:
        url = without_session_ids(url, notes)
    if reason and notes is not None:
        notes.refused.append((href, reason))
    return url


def without_feed_scheme(url: str) -> str:
    """``url`` without the ``feed:`` scheme a browser's feed link carries: ``feed://host/rss`` is
    ``http://host/rss``, ``feed:https://host/rss`` is ``https://host/rss``; any other URL unchanged."""
    marker = _FEED_SCHEME_RE.match(url)
    if not marker:
        return url
    rest = url[marker.end():]
    return rest if rest[:1] != "/" else "http:" + rest


def without_session_ids(url: str, notes: Notes | None = None) -> str:
    """``url`` without the session ids a server wrote into it for a visitor without cookies
    (:func:`newswatch.dedup.without_session_ids`), the repair noted (``discovery/repaired/session_id``)."""
    clean = _without_session_ids(url)
    if clean != url and notes is not None:
        notes.repaired("session_id", "a link carried a session id (;jsessionid=, PHPSESSID=...); it was removed, so "
                       "the story is fetched once at its own URL")
    return clean


def _without_credentials(url: str, notes: Notes | None) -> str:
    """``url`` without the ``user:password@`` in its host part. Sent as written, Scrapy refused the request
    (``invalid hostname``) and the password went into the log; a browser drops them from a link too."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:  # an "@" in the query or fragment
        return url
    host = parts.netloc.rpartition("@")[2]
    if notes is not None:
        notes.repaired("credentials", "a link carried a user name and password; they were removed from it "
                       "(and are not logged)")
    return urlunsplit(parts._replace(netloc=host))


_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_HAS_XML_BASE = etree.XPath("boolean(//@xml:base)")


def _xml_base(el, base_url: str) -> str:
    """The base against which ``el``'s relative links resolve: ``base_url`` (the document's), then every
    ``xml:base`` from the root down to ``el`` (Atom feeds use it; ignoring it sent relative links to the
    feed's host instead of the site's)."""
    bases = [b for b in (node.get(_XML_BASE) for node in (el, *el.iterancestors())) if b]
    for base in reversed(bases):
        try:
            base_url = urljoin(base_url, base.strip())
        except ValueError:  # an unusable xml:base is ignored, as an unusable link is
            continue
    return base_url


def parse_feed(body: bytes, base_url: str, encoding: str | None = None, notes: Notes | None = None,
               zone: str | None = None) -> list[Entry]:
    """Entries of an RSS 2.0, Atom, RDF or JSON Feed, in document order (``encoding``: see :func:`parse_xml`;
    ``notes``: what was refused or repaired, see :class:`Notes`; ``zone``: the outlet's IANA ``timezone:``, the
    clock of dates given without an offset, else UTC; a date's own offset always wins)."""
    tz = _zone(zone)
    if _looks_like_json(body):
        return _parse_json_feed(body, base_url, notes, tz)
    root = parse_xml(body, encoding, notes)
    kind = _local(root.tag)
    based = bool(_HAS_XML_BASE(root))  # one scan in C; most feeds have none, and skip the per-entry walk
    burner = b"origLink" in body  # a FeedBurner feed (see _original_link); the others skip the per-item look
    if notes is not None and kind in ("feed", "rss"):
        notes.next_page = _feed_next_page(root, kind, base_url)
    if kind == "feed":
        return _parse_atom(root, base_url, based, notes, tz, burner)
    if kind == "rdf":
        items = [i for i in root.iter() if _local(i.tag) == "item"]
        return [e for e in (_rss_item(i, base_url, "rdf", None, based, notes, tz, burner) for i in items) if e]
    if kind == "rss":
        channels = _children(root, "channel") or [root]
        if len(channels) > 1 and notes is not None:
            # Two feeds concatenated by a plugin or a cache: every channel's items are stories of the site.
            notes.repaired("several_channels", f"{len(channels)} <channel> elements in one feed; all are read")
        entries = []
        for channel in channels:
            language = normalize_language(_text(channel, "language"))
            entries += [e for e in (_rss_item(i, base_url, "rss", language, based, notes, tz, burner)
                                    for i in _children(channel, "item")) if e]
        return entries
    raise NotXMLError(f"not a feed (root element <{kind}>)")


_PAGED = re.compile(r"(?:^|&)paged=(\d{1,4})(?=&|$)")


def _feed_next_page(root, kind: str, base_url: str) -> str | None:
    """The next page of a feed that pages (its older entries): a ``rel="next"`` link (RFC 5005; ``atom:link`` in an
    RSS channel), else, for a WordPress feed (its ``<generator>`` names wordpress.org), the same URL with
    ``paged`` + 1 (WordPress serves every feed's older items at ``?paged=2``, ``3``... and links none of them)."""
    channel = root if kind == "feed" else (_children(root, "channel") or [root])[0]
    for link in _children(channel, "link"):
        if (link.get("rel") or "").strip().lower() == "next" and link.get("href"):
            return _absolute(base_url, link.get("href"))
    if not _wordpress_feed(root, channel):
        return None
    return _next_page_url(base_url, _PAGED, "paged")


def _next_page_url(url: str, param: re.Pattern, name: str) -> str:
    """``url`` with its page parameter ``name`` (found by ``param``) one up, or set to 2 when it has none."""
    scheme, netloc, path, query, _ = urlsplit(url)
    found = param.search(query)
    page = int(found.group(1)) + 1 if found else 2
    query = param.sub(lambda m: m.group(0).replace(m.group(1), str(page)), query, count=1) if found else \
        "&".join(q for q in (query, f"{name}={page}") if q)
    return urlunsplit((scheme, netloc, path, query, ""))


#: The namespaces WordPress's RSS template declares for its comment links and counts (``wfw:commentRss``,
#: ``slash:comments``): few other feeds carry both.
_WORDPRESS_NAMESPACES = frozenset({"http://wellformedweb.org/CommentAPI/", "http://purl.org/rss/1.0/modules/slash/"})
#: A WordPress item's ``<guid isPermaLink="false">``: the post's id on the site, ``https://site/?p=12345``.
_WORDPRESS_GUID = re.compile(r"/\?p=[0-9]+$")


def _wordpress_feed(root, channel) -> bool:
    """Whether a feed is WordPress's: its ``<generator>`` names wordpress.org, or, where a security plugin strips
    the generator (a common hardening step), its template still shows: both of its namespaces declared, or its
    first item's ``?p=<id>`` guid."""
    generator = _children(channel, "generator")
    if generator:
        return "wordpress.org" in ((generator[0].text or "") + (generator[0].get("uri") or ""))
    if set(root.nsmap.values()) >= _WORDPRESS_NAMESPACES:
        return True
    item = next(iter(_children(channel, "item")), None)
    guid = _text(item, "guid") if item is not None else None
    return bool(guid and _WORDPRESS_GUID.search(guid))


def _looks_like_json(body: bytes) -> bool:
    return body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _parse_json_feed(body: bytes, base_url: str, notes: Notes | None, tz: tzinfo | None = None) -> list[Entry]:
    """Entries of a JSON Feed (https://jsonfeed.org, 1.0 and 1.1): ``items[].url`` (or ``external_url``), ``title``,
    ``date_published``/``date_modified``, ``authors[].name`` (1.0: ``author``), ``tags``, ``language``; its
    ``next_url`` is the feed's next page (``notes.next_page``)."""
    try:
        feed = json.loads(body[:MAX_XML_BYTES].decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise NotXMLError(f"not a feed: JSON that does not parse ({str(exc)[:80]})") from None
    if isinstance(feed, list):
        return _wordpress_posts(feed, base_url, notes, tz)
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list) \
            or "jsonfeed.org" not in str(feed.get("version", "")):
        raise NotXMLError("not a feed: JSON, but no JSON Feed (no 'version' naming jsonfeed.org and 'items' list)")
    language = normalize_language(_json_str(feed.get("language")))
    if notes is not None and (next_url := _json_str(feed.get("next_url"))):
        # the spec's pagination: the feed's older items, read on as an XML feed's rel="next" (see _feed_next_page)
        notes.next_page = _absolute(base_url, next_url)
    entries = []
    for item in feed["items"]:
        if not isinstance(item, dict):
            continue
        link = _json_str(item.get("url")) or _json_str(item.get("external_url"))
        item_id = _json_str(item.get("id")) or ""
        # The spec's id is "ideally the full URL" of the item: a link when it is one (as an Atom id), else none.
        url = _absolute(base_url, link, notes) if link else (
            _absolute(base_url, item_id) if item_id.lower().startswith(("http://", "https://")) else None)
        url = _forwarded(url, notes)
        if not url:
            if not link and notes is not None:
                notes.no_link += 1
            continue
        published, bad_date = _date(_json_str(item.get("date_published")), tz)
        modified, bad_modified = _date(_json_str(item.get("date_modified")), tz)
        people = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(Entry(
            url=url, via="json", source_url=base_url, title=_json_str(item.get("title")), published_at=published,
            modified_at=modified, language=normalize_language(_json_str(item.get("language"))) or language,
            keywords=_split_keywords(", ".join(t for t in map(_json_str, tags) if t)),
            authors=tuple(filter(None, (_json_str(p.get("name")) for p in people if isinstance(p, dict)))),
            bad_date=bad_date or bad_modified))
    return entries


def _json_str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


_WP_PAGE = re.compile(r"(?:^|&)page=(\d{1,4})(?=&|$)")
_WP_PER_PAGE = re.compile(r"(?:^|&)per_page=(\d{1,3})(?=&|$)")


def _wordpress_posts(posts: list, base_url: str, notes: Notes | None, tz: tzinfo | None) -> list[Entry]:
    """Entries of a WordPress REST API list of posts (``/wp-json/wp/v2/posts``: what a WordPress site whose feeds
    are switched off still serves): each post's ``link``, ``title.rendered``, ``date_gmt`` (UTC written without an
    offset; else ``date``, in the site's clock: ``tz``). A full page (``per_page``, 10 unless the URL says) has a
    next one, ``page`` + 1 (WordPress links it in a header only; past the last page it answers 400)."""
    if posts and not any(isinstance(p, dict) and "link" in p for p in posts):
        raise NotXMLError("not a feed: a JSON list, but no WordPress REST API posts (no 'link' in any item)")
    entries = []
    for post in posts:
        if not isinstance(post, dict):
            continue
        link = _json_str(post.get("link"))
        url = _forwarded(_absolute(base_url, link, notes), notes) if link else None
        if not url:
            if not link and notes is not None:
                notes.no_link += 1
            continue
        published, bad_date = _date(_json_str(post.get("date_gmt")), UTC)
        if published is None and not bad_date:
            published, bad_date = _date(_json_str(post.get("date")), tz)
        modified, _ = _date(_json_str(post.get("modified_gmt")), UTC)
        title = post.get("title")
        entries.append(Entry(url=url, via="json", source_url=base_url, published_at=published, modified_at=modified,
                             title=_plain_text(_json_str(title.get("rendered") if isinstance(title, dict) else title)),
                             bad_date=bad_date))
    query = urlsplit(base_url).query
    per_page = _WP_PER_PAGE.search(query)
    if notes is not None and posts and len(posts) >= (int(per_page.group(1)) if per_page else 10):
        notes.next_page = _next_page_url(base_url, _WP_PAGE, "page")
    return entries


#: Query parameters through which a click counter, an exit page or a share link names the page it leads to
#: (``/go?url=``, ``away.php?to=``, ``sharer.php?u=``, Google's ``/url?url=``).
_FORWARD_PARAMS = frozenset({"url", "u", "to", "goto", "target", "redirect", "redirect_url", "redirect_to", "dest",
                             "destination", "link", "out"})


def _forwarded(url: str | None, notes: Notes | None) -> str | None:
    """The story a feed's link leads to through a click counter (``https://site/go?src=rss&url=https://site/story``):
    the URL its query names whole, fetched directly, as a reader's browser lands. The counter may be disallowed by
    robots.txt (it usually is), slow, or on a host that is down; the story is the same. ``url`` itself otherwise."""
    query = urlsplit(url).query if url else ""
    if "http" not in query:
        return url
    for name, value in parse_qsl(query):
        if name.lower() in _FORWARD_PARAMS and value.lower().startswith(("http://", "https://")):
            target = _absolute(url, value)
            if target and target != url:
                if notes is not None:
                    notes.forwarded += 1
                return target
    return url


def _original_link(item, base: str) -> str | None:
    """FeedBurner's ``<feedburner:origLink>``: the story's own address, where the item's ``<link>`` is the
    redirector's (``feedproxy.google.com/~r/<feed>/~3/<token>/``, another host that may be down or blocked). Read
    first, the story is fetched once, at its site, without the hop."""
    original = _text(item, "origlink")
    return original if original and _absolute(base, original) else None


def _rss_item(item, base_url: str, via: str, channel_language: str | None, based: bool = False,
              notes: Notes | None = None, tz: tzinfo | None = None, burner: bool = False) -> Entry | None:
    base = _xml_base(item, base_url) if based else base_url
    listed = (burner and _original_link(item, base)) or _text(item, "link")
    link, from_guid = listed, False
    url = _absolute(base, link, notes) if link else None
    if not url:
        # An empty <link>, or one a theme filled with "javascript:void(0)" (refused above, and noted): the permalink
        # <guid> is the story's address, as feed readers take it.
        guid = next(iter(_children(item, "guid")), None)
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false" and (guid.text or "").strip():
            link, from_guid = guid.text.strip(), True
            # A <guid> is an id first: one that is no web link (a tag: URI left marked as a permalink) means no link,
            # not a bad one; what was repaired in one that is (a space pasted around it) is said as for a <link>.
            guid_notes = Notes()
            url = _absolute(base, guid.text, guid_notes)
            if url and notes is not None:
                for reason, message in guid_notes.repairs:
                    notes.repaired(reason, message)
    if not url and not link and via == "rdf":
        link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        url = _absolute(base, link, notes)
    url = _forwarded(url, notes)
    if not url:
        # an unusable <link> was counted as a bad link already, whatever its <guid>
        if not (listed or "").strip() and (from_guid or not (link or "").strip()) and notes is not None:
            notes.no_link += 1
        return None
    categories = ", ".join(filter(None, (c.text for c in _children(item, "category"))))
    published, bad_date = _date(_text(item, "pubdate", "date", "published", "issued"), tz)
    modified, bad_modified = _date(_text(item, "updated", "modified"), tz)
    return Entry(
        url=url,
        via=via,
        source_url=base_url,
        title=_plain_text(_text(item, "title")),
        published_at=published,
        modified_at=modified,
        language=normalize_language(_text(item, "language")) or channel_language,
        keywords=_split_keywords(categories or _text(item, "subject")),
        authors=tuple(filter(None, [_plain_text(_text(item, "creator", "author"))])),
        bad_date=bad_date or bad_modified,
    )


def _parse_atom(root, base_url: str, based: bool = False, notes: Notes | None = None,
                tz: tzinfo | None = None, burner: bool = False) -> list[Entry]:
    feed_language = normalize_language(root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    entries = []
    for item in _children(root, "entry"):
        href, where = None, item
        for link in _children(item, "link"):
            rel = link.get("rel", "alternate")
            if rel == "alternate" and (link.get("type") or "text/html").startswith(("text/html", "application/xhtml")):
                href, where = link.get("href"), link
                break
        href = (burner and _original_link(item, base_url)) or href
        url = _forwarded(_absolute(_xml_base(where, base_url) if based else base_url, href or _text(item, "id"),
                                   notes if href else None), notes)  # an Atom id is often a tag: URI, not a link
        if not url:
            if not (href or "").strip() and notes is not None:
                notes.no_link += 1
            continue
        categories = ", ".join(filter(None, (c.get("term") or c.get("label") for c in _children(item, "category"))))
        published, bad_date = _date(_text(item, "published", "issued", "created"), tz)
        modified, bad_modified = _date(_text(item, "updated", "modified"), tz)
        entries.append(
            Entry(
                url=url,
                via="atom",
                source_url=base_url,
                title=_plain_text(_text(item, "title")),
                published_at=published,
                modified_at=modified,
                language=normalize_language(item.get("{http://www.w3.org/XML/1998/namespace}lang")) or feed_language,
                keywords=_split_keywords(categories),
                authors=tuple(filter(None, (_text(a, "name") for a in _children(item, "author")))),
                bad_date=bad_date or bad_modified,
            )
        )
    return entries


def parse_sitemap(body: bytes, base_url: str, encoding: str | None = None,
                  notes: Notes | None = None, zone: str | None = None, since: datetime | None = None,
                  period_zone: str | None = None) -> SitemapResult:
    """A sitemap index (child sitemaps), a url set (entries, with Google News fields) or a text sitemap (one URL a
    line); ``encoding``: see :func:`parse_xml`; ``notes``: see :class:`Notes`; ``zone``: see :func:`parse_feed`;
    ``since``: the crawl's cut-off, past :data:`MAX_SITEMAP_URLS` the entries dated after it are still read;
    ``period_zone``: without ``zone``, the clock a child sitemap's name (its day, its month) is read in: the one
    guessed for the outlet (its domain, its language), as its pages' dates are."""
    tz = _zone(zone)
    keep = _dated_since(since, tz)
    text_urls = _text_sitemap(body)
    if text_urls is not None:
        result = SitemapResult()
        for line in text_urls[:MAX_SITEMAP_URLS]:
            url = _absolute(base_url, line, notes)
            if url:
                result.entries.append(Entry(url=url, via="sitemap", source_url=base_url))
        result.capped = max(0, len(text_urls) - MAX_SITEMAP_URLS)
        return result
    root = parse_xml(body, encoding, notes)
    kind = _local(root.tag)
    result = SitemapResult()
    if kind == "sitemapindex":
        named_in = tz or _zone(period_zone)  # the clock of the day or month a child sitemap's name gives
        for sm in _capped(root, "sitemap", result, keep):
            url = _absolute(base_url, _text(sm, "loc"), notes)
            if url:
                lastmod = parse_date(_text(sm, "lastmod"), zone=tz)
                result.sitemaps.append((url, lastmod or _named_period_end(url, named_in)))
        return result
    if kind in ("rss", "feed", "rdf"):
        # Google reads RSS and Atom feeds as sitemaps, and sites list them in their sitemap index.
        if notes is not None:
            notes.repaired("feed_as_sitemap", f"an {'Atom' if kind == 'feed' else kind.upper()} feed where a "
                           "sitemap was expected; read as a feed")
        result.entries = parse_feed(body, base_url, encoding, notes, zone)
        return result
    if kind != "urlset":
        raise NotXMLError(f"not a sitemap (root element <{kind}>)")
    for node in _capped(root, "url", result, keep):
        url = _absolute(base_url, _text(node, "loc"), notes)
        if not url:
            continue
        news = next(iter(_children(node, "news")), None)
        if news is not None:
            published, bad_date = _date(_text(news, "publication_date"), tz)
            lastmod, bad_modified = _date(_text(node, "lastmod"), tz)
            result.entries.append(
                Entry(
                    url=url,
                    via="news-sitemap",
                    source_url=base_url,
                    title=_plain_text(_text(news, "title")),
                    published_at=published,
                    modified_at=lastmod,
                    language=normalize_language(_text(news, "publication/language", "language")),
                    keywords=_split_keywords(_text(news, "keywords")),
                    bad_date=bad_date or bad_modified,
                )
            )
        else:
            lastmod, bad_date = _date(_text(node, "lastmod"), tz)
            result.entries.append(Entry(url=url, via="sitemap", source_url=base_url, modified_at=lastmod,
                                        bad_date=bad_date))
    return result


def _named_period_end(url: str, tz: tzinfo | None = None) -> datetime | None:
    """For a child sitemap with no ``lastmod``, a moment past the last its name can hold: an archive sitemap named
    by its month or day (``sitemap-posts-2026-10.xml``, ``/sitemap/2026/10/31.xml``) lists that period's stories.
    The period is read in the outlet's declared clock (``tz``); without one, it may end as late as 12 hours after
    midnight UTC (UTC-12, the westmost clock), so a day's sitemap before the window is not read for nothing."""
    found = _PERIOD_IN_NAME.findall(urlsplit(url).path)
    if not found:
        return None
    year, month, day = (int(v) if v else 0 for v in found[-1])
    try:
        start = datetime(year, month, day or 1)
    except ValueError:  # a day the month has not ("2026-02-30"): no period the name can be read as
        return None
    end = start + timedelta(days=1) if day else datetime(year + month // 12, month % 12 + 1, 1)
    return end.replace(tzinfo=tz) if tz is not None else end.replace(tzinfo=UTC) + timedelta(hours=12)


def _text_sitemap(body: bytes) -> list[str] | None:
    """The lines of a text sitemap (the protocol's other format: UTF-8, one absolute URL a line), or None when
    ``body`` is not one (XML, gzip, anything else). Before, such a sitemap was refused as "not XML"."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.lower().startswith((b"http://", b"https://")):
        return None
    lines = [line.strip() for line in body[:MAX_XML_BYTES].decode("utf-8", errors="replace").splitlines()]
    lines = [line for line in lines if line]
    return lines if all(" " not in line and "<" not in line for line in lines[:100]) else None


#: A feed or sitemap this large or larger (bytes as fetched; a gzipped one counts ten times) is parsed on a worker
#: process, not on the crawl's event loop: ~80 us of CPU an entry, so a 50,000-entry feed held the loop ~4 s.
#: Smaller ones (a few hundred entries at most, milliseconds) are parsed where they are, without the round trip.
OFF_LOOP_BYTES = 128 * 1024

#: Where in an :meth:`Entry.row` the dates are (the ``since`` filter reads them without building the Entry).
ROW_PUBLISHED, ROW_MODIFIED, ROW_BAD_DATE = 4, 5, 9


def parse_off_loop(body: bytes) -> bool:
    """Whether a document of ``body`` should be parsed off the event loop (see :data:`OFF_LOOP_BYTES`)."""
    return len(body) * (10 if body[:2] == b"\x1f\x8b" else 1) >= OFF_LOOP_BYTES


def feed_rows(body: bytes, base_url: str, encoding: str | None = None, zone: str | None = None) -> list[tuple]:
    """:func:`parse_feed`, each entry as :meth:`Entry.row` (run on a worker process for a big feed)."""
    return [entry.row() for entry in parse_feed(body, base_url, encoding, zone=zone)]


def feed_document(body: bytes, base_url: str, encoding: str | None = None,
                  zone: str | None = None) -> tuple[list[tuple], Notes]:
    """:func:`feed_rows` and the :class:`Notes` of the reading (what the crawl reads a feed with)."""
    notes = Notes()
    return [entry.row() for entry in parse_feed(body, base_url, encoding, notes, zone)], notes


def sitemap_rows(body: bytes, base_url: str, encoding: str | None = None, zone: str | None = None
                 ) -> tuple[list[tuple], list[tuple[str, datetime | None]], int]:
    """:func:`parse_sitemap` as ``(entry rows, child sitemaps, capped)`` (run on a worker process for a big
    sitemap)."""
    rows, sitemaps, capped, _ = sitemap_document(body, base_url, encoding, zone)
    return rows, sitemaps, capped


def sitemap_document(body: bytes, base_url: str, encoding: str | None = None, zone: str | None = None,
                     since: datetime | None = None, period_zone: str | None = None
                     ) -> tuple[list[tuple], list[tuple[str, datetime | None]], int, Notes]:
    """:func:`sitemap_rows` and the :class:`Notes` of the reading (what the crawl reads a sitemap with)."""
    notes = Notes()
    result = parse_sitemap(body, base_url, encoding, notes, zone, since, period_zone)
    return [entry.row() for entry in result.entries], result.sitemaps, result.capped, notes


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dated_since(since: datetime | None, tz: tzinfo | None):
    """Whether a ``<url>`` or ``<sitemap>`` element is dated (its news ``publication_date``, else its ``lastmod``)
    at or after ``since``; None when there is no ``since`` (``since=all``: nothing past the cap is read)."""
    if since is None:
        return None
    # An ISO date before this day is before since in any zone: told by comparing text, not by parsing a date (a
    # million-URL sitemap's old entries cost a string comparison each).
    older = (since - timedelta(days=1)).strftime("%Y-%m-%d")

    def dated_since(node) -> bool:
        text = None
        for child in node:  # (not _text: this runs on up to a million elements)
            name = _local(child.tag)
            if name == "lastmod" and text is None:
                text = (child.text or "").strip()
            elif name == "news":
                text = _text(child, "publication_date") or text
                break
        if not text or (_ISO_DAY.match(text) and text[:10] < older):
            return False
        date = _date(text, tz)[0]
        return date is not None and date >= since
    return dated_since


def _capped(root, name: str, result: SitemapResult, keep=None):
    """The ``name`` children of ``root``, the first :data:`MAX_SITEMAP_URLS` of them, then those ``keep`` (see
    :func:`_dated_since`) takes (``result.past_cap``); the rest are counted in ``result.capped`` and logged. One
    element at a time: a list of a million lxml proxies alone took ~100 MB. Past the cap only a date is read of an
    element (the document is bounded by :data:`MAX_XML_BYTES`), and few are dated inside ``since``."""
    taken = 0
    for child in root:
        if _local(child.tag) != name:
            continue
        if taken == MAX_SITEMAP_URLS:
            if keep is not None and keep(child):
                result.past_cap += 1
                yield child
            else:
                result.capped += 1
            continue
        taken += 1
        yield child
    if result.capped or result.past_cap:
        logger.warning("a sitemap lists %d <%s> elements, more than the protocol's %d; of the %d past it, %d dated "
                       "inside since are read, the %d others are not", taken + result.capped + result.past_cap, name,
                       MAX_SITEMAP_URLS, result.capped + result.past_cap, result.past_cap, result.capped)


#: Pages of one section read at most, following its ``rel="next"`` links (newest first: the walk also stops at the
#: first page whose stories are all older than ``since``).
MAX_SECTION_PAGES = 10
#: Fewest words of a link's text (its headline) for the link to be read as a story's: menus, tags, "More" and
#: page numbers are one or two words; a headline is a sentence.
MIN_HEADLINE_WORDS = 4
#: Page furniture whose links are never the section's stories (the site's menus, header, footer, side columns).
_FURNITURE_TAGS = frozenset({"header", "nav", "footer", "aside", "form", "script", "style", "noscript", "template"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
#: Ancestors of a story link searched for its teaser's ``<time>`` (a teaser is a few elements deep).
_TEASER_DEPTH = 4
#: A teaser's date element without ``<time>``: its class or itemprop (``article-time``, ``post__date``,
#: ``datePublished``).
_DATE_CLASS = re.compile(r"(?:^|[-_\s])(?:date|time|published|pubdate)", re.IGNORECASE)
#: A "load more" control (a list with no ``rel="next"``): a button, or an element whose class or id says more/load,
#: that names its endpoint in one of these attributes (never an ``href``: "read more" links go to a story); the
#: endpoint answers the next cards (HTML, or JSON carrying them as an HTML fragment).
_MORE_ATTRS = ("data-url", "data-href", "data-next", "data-next-url", "data-next-page", "data-load-url",
               "data-more-url", "data-endpoint", "data-source")
_MORE_CLASS = re.compile(r"more|load|next", re.IGNORECASE)
#: Keys of a "load more" JSON answer that name its next batch (``{"html": "...", "next": "/news/more/3"}``).
_NEXT_KEYS = frozenset({"next", "next_url", "nexturl", "next_page_url", "nextpageurl", "next_page", "nextpage",
                        "more_url", "moreurl", "load_more_url", "loadmoreurl", "next_link", "nextlink"})
#: Discovery's rules that are data: story objects of a JSON list, a pager's next link (``discovery_rules.yaml``).
_RULES_PATH = Path(__file__).resolve().parent / "discovery_rules.yaml"
#: Nodes of a JSON answer or app state walked at most for story objects (a hostile answer nests deep or wide).
_MAX_JSON_NODES = 10_000
_CLASS_TOKENS = re.compile(r"[\s_-]+")
#: What a numbered page adds to its section's path: ``/page/2/``, ``/2/``, ``/page-2``, ``/p2`` (not a story's slug).
_PAGE_PATH = re.compile(r"/(?:[a-z]+[-_/]?)?\d+/?", re.IGNORECASE)
_INLINE_TAGS = re.compile(r"<[^>]*>")


@lru_cache(maxsize=1)
def _rules() -> dict:
    with open(_RULES_PATH, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    objects = rules["story_objects"]
    objects["date_keys"] = frozenset(key.lower() for key in objects["date_keys"])
    objects["file_suffixes"] = tuple(objects["file_suffixes"])
    rules["pager_next_tokens"] = frozenset(rules["pager_next_tokens"])
    return rules


def _pager_next(root, base_url: str, hrefs: str) -> str | None:
    """The next page of a pager that does not mark it ``rel="next"``: a link whose class, or its parent's, has a
    token of ``pager_next_tokens`` and that leads to a numbered page of this section (its path with a number in the
    query, ``?page=1``, or its path and a page number, ``/page/2/``)."""
    tokens = _rules()["pager_next_tokens"]
    here = urlsplit(base_url)
    for link in root.iter("a"):
        parent = link.getparent()
        classes = f"{link.get('class') or ''} {parent.get('class') or '' if parent is not None else ''}"
        if not tokens.intersection(_CLASS_TOKENS.split(classes.lower())):
            continue
        candidate = _absolute(hrefs, link.get("href"))
        if not candidate or candidate == base_url or not _same_site(candidate, base_url):
            continue
        there = urlsplit(candidate)
        section = here.path.rstrip("/")
        if there.path.rstrip("/") == section:
            numbered = any(value.isdigit() for _, value in parse_qsl(there.query))  # ?page=1, ?paged=2
        else:
            numbered = there.path.startswith(section + "/") and bool(_PAGE_PATH.fullmatch(there.path[len(section):]))
        if numbered:
            return candidate
    return None


def _object_date(node: dict, keys: frozenset, tz: tzinfo | None) -> datetime | None:
    for key, value in node.items():
        if not isinstance(key, str) or key.lower() not in keys:
            continue
        if isinstance(value, str):
            published = _date(value, tz)[0]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > 10**11 else value  # milliseconds (JavaScript's Date.now())
            published = datetime.fromtimestamp(seconds, UTC) if 946_684_800 <= seconds <= 4_102_444_800 else None
        else:
            continue
        if published is not None:
            return published
    return None


def _story_objects(blobs: list, base_url: str, tz: tzinfo | None, *, dated_only: bool) -> list[Entry]:
    """The story objects of JSON ``blobs`` (``story_objects`` of ``discovery_rules.yaml``): a link to the site of
    ``base_url`` (not the page itself), a headline of :data:`MIN_HEADLINE_WORDS`+ words, and its date (required when
    ``dated_only``); an object found is not searched further (its related stories are not the list's)."""
    rules = _rules()["story_objects"]
    found: dict[str, Entry] = {}
    todo, seen = list(reversed(blobs)), 0
    while todo and seen < _MAX_JSON_NODES:
        node = todo.pop()
        seen += 1
        if isinstance(node, list):
            todo.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        href = next((v for k in rules["link_keys"] if isinstance(v := node.get(k), str) and v.strip()), None)
        title = next((v for k in rules["headline_keys"] if isinstance(v := node.get(k), str) and v.strip()), None)
        url = _absolute(base_url, href.strip()) if href and title else None
        if url and url != base_url and _same_site(url, base_url) and not urlsplit(url).path.lower().endswith(
                rules["file_suffixes"]):
            headline = " ".join(html.unescape(_INLINE_TAGS.sub(" ", title)).split())
            published = _object_date(node, rules["date_keys"], tz)
            if len(headline.split()) >= MIN_HEADLINE_WORDS and (published or not dated_only):
                url = url.split("#", 1)[0]
                found.setdefault(url, Entry(url=url, via="section", source_url=base_url, title=headline,
                                            published_at=published))
                continue
        todo.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
    return list(found.values())


@dataclass
class SectionPage:
    """What a section page (an HTML list of stories, for an outlet with no feed or sitemap) gives."""

    entries: list[Entry] = field(default_factory=list)
    next_url: str | None = None  # its next page (``rel="next"``), on the same host


def _same_site(a: str, b: str) -> bool:
    """One host (``www.`` or not), or one registered domain: a news list on ``www.liga.net`` links its stories on
    ``news.liga.net`` and ``biz.liga.net``."""
    from newswatch.dedup import same_site

    host_a, host_b = (urlsplit(u).hostname or "" for u in (a, b))
    return host_a.removeprefix("www.") == host_b.removeprefix("www.") or same_site(a, b)


def _teaser_time(link, story_links: dict, url: str, tz: tzinfo | None) -> tuple[datetime | None, str | None]:
    """The date of the teaser ``link`` heads: the ``<time>`` of its nearest ancestor that links no other story."""
    node = link
    for _ in range(_TEASER_DEPTH):
        node = node.getparent()
        if node is None:
            break
        if any(story_links.get(a) not in (None, url) for a in node.iter("a")):
            break  # past the teaser: this element holds other stories too
        for stamp in node.iter("time"):
            return _date(stamp.get("datetime") or " ".join(stamp.text_content().split()) or None, tz)
        for el in node.iter():  # no <time>: a short element its class calls a date («27.11.2026 12:25»)
            if el is not link and isinstance(el.tag, str) and _DATE_CLASS.search(
                    f"{el.get('class') or ''} {el.get('itemprop') or ''}"):
                text = " ".join(el.text_content().split())
                published = _date(text, tz)[0] if len(text) <= 40 and any(c.isdigit() for c in text) else None
                if published is not None:
                    return published, None
    return None, None


def parse_section(body: bytes, base_url: str, encoding: str | None = None, zone: str | None = None) -> SectionPage:
    """The stories a section page links (``sections:`` of an outlet with no feed or sitemap), and its next page.

    A story link is a link to the same site (``www.`` or not, or another host of its domain), outside the page's
    furniture (``header``, ``nav``, ``footer``, ``aside``, forms, and their ARIA roles), not to the section itself or
    a page above it, whose text
    (the headline) has at least :data:`MIN_HEADLINE_WORDS` words (an image link or "Read more" to the same story
    is the same entry), read against the page's ``<base href>`` when it has one. Its date is the teaser's ``<time>``
    (``datetime``, else its text), else a short element whose class names a date (:data:`_DATE_CLASS`); read in
    ``zone`` when it has no offset. The next page is the page's ``rel="next"`` (``<link>`` or ``<a>``). A page on
    another site than its stories (an outlet's Telegram channel, ``t.me/s/<channel>``), with no headline linking its
    own site: its headlines' links to the one site most of them lead to."""
    from newswatch.extract._html import parse_html

    if not body or not body.strip():
        return SectionPage()
    if body.lstrip()[:1] in (b"{", b"["):
        return _section_json(body, base_url, zone)
    root = parse_html(body, encoding)  # decoded as article pages are (header charset checked, <meta>, detection)
    tz = _zone(zone)
    page = urlsplit(base_url)
    # relative links are relative to the page's <base href> when it has one (a CMS's site root), as in a browser
    hrefs = next((_absolute(base_url, el.get("href")) for el in root.iter("base") if el.get("href")), None) or base_url
    next_url = None
    for el in root.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split():
            candidate = _absolute(hrefs, el.get("href"))
            if candidate and candidate != base_url and _same_site(candidate, base_url):
                next_url = candidate
                break
    next_url = next_url or _pager_next(root, base_url, hrefs) or _load_more(root, base_url, hrefs)
    stateful = has_app_state(root)  # asked before the scripts go with the furniture
    furniture = [el for el in root.iter() if isinstance(el.tag, str) and (
        el.tag in _FURNITURE_TAGS or (el.get("role") or "").lower() in _FURNITURE_ROLES)]
    for el in furniture:
        if el.getparent() is not None:
            el.drop_tree()
    story_links: dict = {}  # <a> element -> story URL
    titles: dict[str, str] = {}
    elsewhere: dict[str, list] = {}  # registered domain -> (link, URL, headline) of another site's stories
    for link in root.iter("a"):
        url = _absolute(hrefs, link.get("href"))
        if not url or "next" in (link.get("rel") or "").lower().split():
            continue
        url = url.split("#", 1)[0]
        parts = urlsplit(url)
        above = parts.path.rstrip("/")
        own = _same_site(url, base_url)
        if url == next_url or (not parts.query and (not above or (own and (
                page.path.rstrip("/") == above or page.path.startswith(above + "/"))))):
            continue  # the section itself, a page above it (the front page, a parent section)
        text = " ".join(link.text_content().split())
        if len(text.split()) >= MIN_HEADLINE_WORDS:
            if not own:
                elsewhere.setdefault(registered_domain(url), []).append((link, url, text))
                continue
            story_links[link] = url
            if len(text) > len(titles.get(url, "")):
                titles[url] = text
    if not story_links and elsewhere:
        # A page on another site that lists one outlet's stories (the web preview of its Telegram channel, t.me/s/:
        # each message's link preview carries the headline): the stories are the links to the one site that most of
        # its headlines lead to, when that is more than half of them (not a blogroll or a page of sources).
        links = max(elsewhere.values(), key=len)
        if 2 * len(links) > sum(map(len, elsewhere.values())):
            for link, url, text in links:
                story_links[link] = url
                if len(text) > len(titles.get(url, "")):
                    titles[url] = text
    entries: dict[str, Entry] = {}
    for link, url in story_links.items():
        if url in entries:
            continue
        published, bad = _teaser_time(link, story_links, url, tz)
        entries[url] = Entry(url=url, via="section", source_url=base_url, title=titles[url],
                             published_at=published, bad_date=bad)
    if not entries and stateful:
        # A list the browser renders (an empty <div id="root">): its stories are the dated story objects of the
        # page's app state; the page is parsed again, its scripts having gone with the furniture
        return SectionPage(_story_objects(app_state_blobs(parse_html(body, encoding)), base_url, tz,
                                          dated_only=True), next_url)
    return SectionPage(list(entries.values()), next_url)


def _load_more(root, base_url: str, hrefs: str | None = None) -> str | None:
    """The endpoint of the page's "load more" control (see ``_MORE_ATTRS``), on the same site (``hrefs``: the URL
    its relative links are relative to, the page's ``<base href>``)."""
    for el in root.iter():
        if not isinstance(el.tag, str) or not (
                el.tag == "button" or _MORE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
            continue
        for attr in _MORE_ATTRS:
            value = (el.get(attr) or "").strip()
            candidate = _absolute(hrefs or base_url, value) if value and not value.startswith(("#", "javascript:")) \
                else None
            if candidate and candidate != base_url and _same_site(candidate, base_url):
                return candidate
    return None


def _section_json(body: bytes, base_url: str, zone: str | None) -> SectionPage:
    """A "load more" endpoint's JSON answer: its HTML fragments read as a section page, and its story objects
    (:func:`_story_objects`), its next batch's URL."""
    try:
        data = json.loads(body[:MAX_XML_BYTES].decode("utf-8-sig", errors="replace"))
    except ValueError:
        return SectionPage()
    fragments: list[str] = []
    next_url = None
    todo, seen = [data], 0
    while todo and seen < 10_000:  # bounded: a hostile answer nests deep or wide
        node = todo.pop()
        seen += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and str(key).lower().replace("-", "_") in _NEXT_KEYS and not next_url:
                    candidate = _absolute(base_url, value.strip()) if value.strip() else None
                    if candidate and candidate != base_url and _same_site(candidate, base_url):
                        next_url = candidate
                        continue
                todo.append(value)
        elif isinstance(node, list):
            todo.extend(reversed(node))
        elif isinstance(node, str) and "<a" in node:
            fragments.append(node)
    # the next cards as objects ({"items": [{"url", "title", "published_at"}]}), not (or not only) as HTML
    objects = _story_objects([data], base_url, _zone(zone), dated_only=False)
    if not fragments:
        return SectionPage(objects, next_url if objects else None)
    page = parse_section(("<html><body>" + "\n".join(fragments) + "</body></html>").encode("utf-8"), base_url,
                         "utf-8", zone)
    listed = {entry.url for entry in page.entries}
    return SectionPage(page.entries + [e for e in objects if e.url not in listed], next_url or page.next_url)


def section_document(body: bytes, base_url: str, encoding: str | None = None, zone: str | None = None
                     ) -> tuple[list[tuple], str | None]:
    """:func:`parse_section` as ``(entry rows, next page)`` (what the crawl reads a section page with)."""
    page = parse_section(body, base_url, encoding, zone)
    return [entry.row() for entry in page.entries], page.next_url


_ROBOTS_SITEMAP_RE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


_LINK_TAG_RE = re.compile(rb"<link\b[^>]{0,1000}>", re.IGNORECASE)
_ATTR_RE = re.compile(rb"""([a-z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
#: The types a page's ``<link rel="alternate">`` gives its feeds (the feed autodiscovery convention).
_FEED_TYPES = frozenset({b"application/rss+xml", b"application/atom+xml", b"application/rdf+xml",
                         b"application/feed+json", b"application/json"})
#: At most this many feeds a page advertises are taken (a page lists its main feed and a few sections').
MAX_ADVERTISED_FEEDS = 5


def advertised_feeds(body: bytes, base_url: str) -> list[str]:
    """The feeds an HTML page names in its head (``<link rel="alternate" type="application/rss+xml" href>``, the
    autodiscovery convention), absolute, in page order, at most :data:`MAX_ADVERTISED_FEEDS`. For a feed URL that
    answers with the site's HTML page: a CMS that moved its feed leaves the old URL serving the front page, which
    still says where the feed is."""
    found: list[str] = []
    for rel, attrs in _head_links(body):
        if b"alternate" not in rel or attrs.get(b"type", b"").lower().split(b";")[0].strip() not in _FEED_TYPES:
            continue
        url = _absolute(base_url, html.unescape(attrs.get(b"href", b"").decode("utf-8", "replace")))
        if url and url not in found and url != base_url:
            found.append(url)
    return found[:MAX_ADVERTISED_FEEDS]


def _head_links(body: bytes):
    """``(rel tokens, attributes)`` of each ``<link>`` tag in the page's first 64 KB (its head, as a rule), read by
    pattern: no parse of the whole page for a few tags."""
    for tag in _LINK_TAG_RE.finditer(body[:65536]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"").strip()
                 for m in _ATTR_RE.finditer(tag.group())}
        yield attrs.get(b"rel", b"").lower().split(), attrs


_AMP_HTML_RE = re.compile(rb"<html\b[^>]{0,300}?[\s\"'](?:amp|\xe2\x9a\xa1)(?=[\s>=/])", re.IGNORECASE)


def amp_canonical(body: bytes, url: str) -> str | None:
    """The full page of an AMP copy (``<html amp>`` / ``<html ⚡>``): its ``rel=canonical``, absolute, when that is
    another URL of the same site and the same language edition; else None. A feed that links only the AMP copies
    (``/amp/...``, ``.../amp``) has its stories read and stored at their own pages, as a reader would find them."""
    from newswatch.dedup import other_edition, same_site

    if not _AMP_HTML_RE.search(body[:4096]):
        return None
    for rel, attrs in _head_links(body):
        if b"canonical" not in rel:
            continue
        target = _absolute(url, html.unescape(attrs.get(b"href", b"").decode("utf-8", "replace")))
        target = target.split("#", 1)[0] if target else None
        if target and target != url and same_site(target, url) and not other_edition(url, target) \
                and urlsplit(target).path.strip("/"):
            return target
        return None
    return None


def robots_sitemaps(text: str, base_url: str, notes: Notes | None = None) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute, de-duplicated; one that is no web page (``file:///etc/passwd``,
    ``gopher://``) goes to ``notes``, as a feed's unusable link does."""
    urls = []
    for match in _ROBOTS_SITEMAP_RE.finditer(text or ""):
        url = _absolute(base_url, match.group(1), notes)
        if url and url not in urls:
            urls.append(url)
    return urls


def looks_like_sitemap_url(url: str) -> bool:
    return url.rstrip("/").lower().endswith("robots.txt")
