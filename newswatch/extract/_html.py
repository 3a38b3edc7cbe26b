"""Decode and parse HTML into one lxml tree, whatever the input looks like."""

from __future__ import annotations

import logging
import re
import threading

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

logger = logging.getLogger(__name__)

# lxml refuses str input that carries an XML encoding declaration.
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_EMPTY_DOCUMENT = "<html><head></head><body></body></html>"
# Bytes beyond this are not needed to guess an encoding and only slow the detector down.
_DETECT_SAMPLE = 64 * 1024

_local = threading.local()


def _parser() -> lxml.html.HTMLParser:
    # lxml parsers must not be shared between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True)
        _local.parser = parser
    return parser


def _decodes(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    name = resolve_encoding(encoding) or encoding
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Bytes -> text. Order: the given encoding, BOM, ``<meta charset>``, UTF-8, then detection.

    An encoding is only used when the whole document decodes with it, so a page that declares
    UTF-8 but is really windows-1251 still comes out readable.
    """
    text = _decodes(data, encoding)
    if text is not None:
        return text
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        text = _decodes(data[len(bom) :], bom_encoding)
        if text is not None:
            return text
    text = _decodes(data, html_body_declared_encoding(data[:4096]))
    if text is not None:
        return text
    head = data[:2048]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM: every other byte of ASCII markup is NUL
        text = _decodes(data, "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
        if text is not None:
            return text
    text = _decodes(data, "utf-8")
    if text is not None:
        return text
    try:
        best = from_bytes(data[:_DETECT_SAMPLE]).best()
    except Exception:  # the detector is best effort
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace")


def parse_html(html: str | bytes | None, encoding: str | None = None) -> lxml.html.HtmlElement:
    """Parse a page into an lxml document; never raises.

    Bytes are decoded with :func:`decode_html`. Broken or truncated markup is repaired by libxml2;
    empty or unparsable input gives an empty ``<html><head/><body/></html>`` document.
    """
    try:
        if isinstance(html, bytes | bytearray | memoryview):
            html = decode_html(bytes(html), encoding)
        if not isinstance(html, str):
            html = ""
        html = html.replace("\x00", "")
        if html.startswith("\ufeff"):
            html = html[1:]
        if html.lstrip()[:5].lower() == "<?xml":
            html = _XML_DECL_RE.sub("", html, count=1)
        if html.strip():
            tree = lxml.html.document_fromstring(html, parser=_parser())
            if tree is not None and tree.tag == "html":
                return tree
            if tree is not None:  # a fragment parsed as something else: wrap it
                root = lxml.html.document_fromstring(_EMPTY_DOCUMENT, parser=_parser())
                root.find("body").append(tree)
                return root
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError, TypeError) as exc:
        logger.debug("unparsable HTML (%s); using an empty document", exc)
    return lxml.html.document_fromstring(_EMPTY_DOCUMENT, parser=_parser())
