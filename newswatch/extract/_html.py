"""Decode and parse HTML into one lxml tree, whatever the input looks like."""

from __future__ import annotations

import codecs
import functools
import logging
import re
import threading

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from newswatch.extract._mojibake import undouble_utf8

logger = logging.getLogger(__name__)

# lxml refuses str input that carries an XML encoding declaration.
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_EMPTY_DOCUMENT = "<html><head></head><body></body></html>"
# Bytes beyond this are not needed to guess an encoding and only slow the detector down.
_DETECT_SAMPLE = 64 * 1024

_local = threading.local()

#: Elements nested deeper than this are unwrapped (their text and children move up). No article needs
#: it, libxml2 stops parsing at 2048 levels, and tree walkers (trafilatura, jusText) take seconds per
#: page on such trees: a cheap way for a hostile page to stall the crawl.
MAX_DEPTH = 256
_KEEP_WHEN_DEEP = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "br", "img", "a"})
#: Leading bytes of formats that are never an HTML page, whatever the Content-Type says.
_MAGIC = (
    (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive"), (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"RIFF", "RIFF media"), (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"), (b"\x1f\x8b", "gzip data"), (b"7z\xbc\xaf", "7-Zip archive"), (b"Rar!", "RAR archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"), (b"\x00\x00\x00", "binary data"), (b"wOF", "web font"),
)
_CONTAINER_TAG_RE = re.compile(
    r"</?(?:div|span|section|article|main|aside|header|footer|nav|font|center|b|i|u|em|strong|small|big|"
    r"table|tbody|thead|tr|td|th|ul|ol|dl|dd|dt|form|fieldset|label|figure|figcaption)\b[^>]*>", re.I)
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_CONTROL_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CONTROL)) + "]")  # counted in C
#: C0 controls a page's text never means (tab, newlines and form feed kept; NUL handled on its own), with the
#: terminal colour sequences (ESC [ 31 m) a CMS copied from a console: removed before parsing.
_STRAY_CONTROL_RE = re.compile(r"\x1b\[[0-9;]{0,12}[A-Za-z]|[\x01-\x08\x0b\x0e-\x1f\x7f]")
#: The characters every match of it starts with (ESC is one): one substring search each tells whether a page holds
#: any, ~10x faster than the regex's scan of a whole page (0.07 instead of 0.8 ms a page).
_STRAY_CONTROLS = tuple(map(chr, (*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F)))
#: The same characters in UTF-8: one byte each, and no byte of another character's UTF-8 is one of them, so the page's
#: bytes hold one exactly when its text does (a search in bytes is half the cost of one in a non-ASCII str).
_STRAY_CONTROL_BYTES = tuple(char.encode() for char in _STRAY_CONTROLS)


def _parser(*, utf8: bool = False, huge: bool = True) -> lxml.etree.HTMLParser:
    """This thread's parser. ``utf8``: told the bytes are UTF-8, so libxml2 reads them as they are, where a ``str``
    would first be re-encoded for it (~0.4 ms for a 330 KB page); same trees. ``huge``: libxml2's XML_PARSE_HUGE
    (nesting past 256 levels, text nodes past 10 MB); without it, the same tree for any page within those limits."""
    # lxml parsers must not be shared between threads.
    key = f"parser_{int(utf8)}{int(huge)}"
    parser = getattr(_local, key, None)
    if parser is None:
        parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=huge,
                                       encoding="utf-8" if utf8 else None)
        # Every element an lxml.html HtmlElement, chosen in C. lxml.html's own parser picks the class in a
        # Python method (form/input/label subclasses) each time Python touches an element: about a tenth of
        # the extraction time, for APIs (form fields) nothing here uses. Same trees, same results.
        parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity))
        setattr(_local, key, parser)
    return parser


#: Inputs shorter than this (characters, or bytes) cannot hold a text node or an attribute value past libxml2's
#: 10 MB limit without XML_PARSE_HUGE (a character is at most 4 bytes of UTF-8).
_LIGHT_MAX_LENGTH = 2_000_000
#: libxml2's messages when a limit lifted by XML_PARSE_HUGE was reached ("Excessive depth in document: 256, use
#: XML_PARSE_HUGE option", "...too long...").
_LIMIT_RE = re.compile(r"HUGE|[Ee]xcessive|too long|[Hh]uge")


def _parse(source: str | bytes, utf8: bool) -> tuple[lxml.html.HtmlElement, lxml.etree.HTMLParser, bool]:
    """``(tree, parser, shallow)``: the page parsed as with XML_PARSE_HUGE. First without it when the input is short
    enough: within libxml2's limits the tree is the same, and then no element is nested 256 levels deep (libxml2
    stops at 256 without it), so the walk looking for deeper ones can be skipped (``shallow``). A page that reaches
    a limit is parsed again with it."""
    if len(source) < _LIGHT_MAX_LENGTH:
        light = _parser(utf8=utf8, huge=False)
        try:
            tree = lxml.html.document_fromstring(source, parser=light)
        except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError, TypeError):
            tree = None  # the parse below decides
        if tree is not None and not any(_LIMIT_RE.search(e.message) for e in light.error_log):
            return tree, light, True
    parser = _parser(utf8=utf8)
    return lxml.html.document_fromstring(source, parser=parser), parser, False


def _decodes(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    name = resolve_encoding(encoding) or encoding
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _really_utf8(data: bytes, declared: str | None) -> str | None:
    """The document as UTF-8 when it is valid, non-ASCII UTF-8 but declared as a legacy 8-bit encoding.

    windows-1251, KOI8-R and friends decode *any* byte string, so a UTF-8 page mislabelled as one of
    them would come out as mojibake; real legacy Cyrillic text is practically never valid UTF-8.
    """
    name = (resolve_encoding(declared) or declared or "").lower() if declared else ""
    if not name or name.replace("_", "-") in ("utf-8", "ascii") or name.startswith(("utf-16", "utf-32")):
        return None
    if data.isascii() or b"\x00" in data[:2048]:
        return None
    return _decodes(data, "utf-8")


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """Bytes -> text. Order: the given encoding, BOM, ``<meta charset>``, UTF-8, then detection.

    An encoding is only used when the whole document decodes with it, so a page that declares
    UTF-8 but is really windows-1251 still comes out readable; a page that is valid UTF-8 but
    declares a legacy 8-bit encoding or ASCII (header or ``<meta>``) is read as UTF-8. A given
    (HTTP header) label the bytes do not decode under (its own codec, not only WHATWG's wider twin:
    ``ascii`` on bytes outside ASCII) and a UTF-16/32 label on bytes without NUL bytes are set aside:
    the ``<meta>`` or detection decides. This is the one place the page's encoding is decided (the
    crawl passes the HTTP charset as it is).
    """
    return _decode_html(data, encoding)[0]


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?([^\s"'/>;]{1,40})""", re.IGNORECASE)


#: A ``charset`` parameter (its name in any case: ASP writes ``Charset=``) and its value up to the next parameter.
_HEADER_CHARSET_RE = re.compile(r"charset\s*=([^;]*)", re.IGNORECASE)


def header_charset(content_type: bytes | str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value (the first, when it has several), as written;
    None when it has none or an empty one. What :func:`decode_html` takes as ``encoding``, unchecked: it does the
    checking."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1", "replace")
    found = _HEADER_CHARSET_RE.search(content_type or "")
    return found.group(1).strip().strip("\"'").strip() or None if found else None


@functools.lru_cache(maxsize=256)
def _known_encoding(label: str) -> bool:
    if resolve_encoding(label):
        return True
    try:
        codecs.lookup(label)
    except LookupError:
        return False
    return True


def _codec(label: str | None) -> str | None:
    """The Python codec a label names as WHATWG reads it (``latin1`` -> ``cp1252``), or None."""
    if not label:
        return None
    try:
        return codecs.lookup(resolve_encoding(label) or label).name
    except LookupError:
        return None


#: Codecs of the charsets servers and frameworks send when nobody set one (Apache's AddDefaultCharset, PHP's old
#: default_charset: ``iso-8859-1``, ``windows-1252``, ``us-ascii``, all read as windows-1252 by WHATWG): a page's
#: own ``<meta>`` naming another charset is the truer of the two.
_SERVER_DEFAULT_CODECS = frozenset({"cp1252", "ascii", "iso8859-1", "latin-1"})


def _header_trusted(data: bytes, encoding: str | None) -> str | None:
    """The header charset ``encoding``, or None where it is known not to describe the bytes (said in one warning):

    - a label that names no encoding (``x-mac-klingon``): the page decides (``unknown header charset``);
    - UTF-16/32 over bytes without NUL bytes (their markup is full of them; ASCII-compatible bytes would decode
      "successfully" into CJK noise): detected instead (``impossible charset``);
    - a server's default label (Apache's ``AddDefaultCharset``, ``iso-8859-1``; ``windows-1252``, ``us-ascii``)
      yields to a different charset in the page's own ``<meta>`` (a windows-1251 page became "Ñâîäêà")
      (``server default charset``)."""
    if not encoding:
        return None
    if not _known_encoding(encoding):
        logger.warning("unknown header charset: Content-Type names the charset %r, which is no encoding; the page "
                       "decides", encoding[:40])
        return None
    codec = _codec(encoding)
    if codec and codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:1024]:
        logger.warning("impossible charset: Content-Type says %s, but the bytes cannot be; the charset is detected "
                       "instead", encoding[:40])
        return None
    if codec in _SERVER_DEFAULT_CODECS:
        found = _META_CHARSET_RE.search(data[:4096])
        page_label = found.group(1).decode("latin-1") if found else None
        page_codec = _codec(page_label)
        if page_codec and page_codec not in _SERVER_DEFAULT_CODECS:
            logger.warning("server default charset: Content-Type says %s (a server's default), the page's <meta> says "
                           "%s; read as the page says", encoding[:40], page_label)
            return None
    return encoding


#: A Ukrainian letter KOI8-U puts where KOI8-R has box-drawing characters (є і ї ґ and capitals), between letters.
_KOI8_U_ONLY = rb"[\xa4\xa6\xa7\xad\xb4\xb6\xb7\xbd]"
_KOI8_U_LETTERS = re.compile(rb"[\xc0-\xff]" + _KOI8_U_ONLY + rb"|" + _KOI8_U_ONLY + rb"[\xc0-\xff]")


def _koi8_u_corrected(data: bytes, encoding: str | None, *, header: bool) -> str | None:
    """``koi8-u`` for a ``koi8-r`` label (the header's or the page's ``<meta>``) over bytes that hold KOI8-U's
    Ukrainian letters (і, ї, є, ґ, which KOI8-R has as box-drawing characters), the same for every other letter;
    else ``encoding``. Said in one warning (``koi8-u letters``)."""
    if _codec(encoding) != "koi8-r" or not _KOI8_U_LETTERS.search(data):
        return encoding
    logger.warning("koi8-u letters: %s says %s, but the page holds Ukrainian letters only KOI8-U has; read as koi8-u",
                   "Content-Type" if header else "its <meta>", encoding[:40])
    return "koi8-u"


def _unknown_labels(data: bytes, encoding: str | None) -> None:
    """Say so when the header or the page's ``<meta>`` names an encoding that does not exist (the bytes decide).
    Runs only for a page neither label decoded."""
    found = _META_CHARSET_RE.search(data[:4096])
    labels = [("header", encoding), ("<meta>", found and found.group(1).decode("latin-1"))]
    for where, label in labels:
        if label and resolve_encoding(label) is None:
            try:
                codecs.lookup(label)
            except LookupError:
                logger.warning("unknown charset: the %s names %r, which is no encoding; the bytes decide", where,
                               label[:40])


def _same_codec(label: str, other: str) -> bool:
    """Whether an encoding ``label`` names the codec ``other`` (``utf-16`` names ``utf-16-le`` and ``-be``)."""
    try:
        names = (codecs.lookup(resolve_encoding(label) or label).name, codecs.lookup(other).name)
    except LookupError:
        return False
    return len({name.removesuffix("-le").removesuffix("-be") for name in names}) == 1


def _is_utf8(encoding: str | None) -> bool:
    try:
        return bool(encoding) and codecs.lookup(resolve_encoding(encoding) or encoding).name == "utf-8"
    except LookupError:
        return False


def _impossible(data: bytes, encoding: str) -> bool:
    """A header label the bytes show to be wrong, though decoding with it would not fail: evidence to set aside.

    UTF-16/32 markup is full of NUL bytes; nearly any even-length bytes without them still "decode" as UTF-16,
    into CJK noise. And a label is only taken when the bytes decode under the label's own codec: WHATWG reads
    several labels as a wider encoding that decodes (nearly) anything (``ascii`` as windows-1252, ``gb2312`` as
    gb18030, ``euc-kr`` as cp949): a windows-1251 page under an ``ascii`` or ``gb2312`` header would come out as
    mojibake instead of being read by its ``<meta>`` or detected. When the label fits, the wider twin decodes.
    """
    try:
        raw = codecs.lookup(encoding).name
        name = codecs.lookup(resolve_encoding(encoding) or encoding).name
    except LookupError:
        return False
    if name.startswith(("utf-16", "utf-32")):
        return b"\x00" not in data[:1024]
    if raw == name or raw == "iso8859-1":  # decoding is the check itself / latin-1 decodes any bytes
        return False
    if raw == "ascii":
        return not data.isascii()
    try:
        data.decode(raw)
    except UnicodeDecodeError:
        return True
    return False


def _declared(data: bytes, encoding: str | None, *, header: bool = False) -> tuple[str | None, bool]:
    # data read as UTF-8 when it really is (see _really_utf8), else with ``encoding`` when it decodes. The
    # page's own <meta> is taken as WHATWG reads it (a real GBK page says gb2312 there); a server's header is
    # often a default that knows nothing of the page, so it must fit the bytes first (see _impossible).
    if header and encoding and _impossible(data, encoding):
        return None, False
    text = _really_utf8(data, encoding)
    if text is not None:
        return text, True
    encoding = _koi8_u_corrected(data, encoding, header=header)
    text = _decodes(data, encoding)
    if text is not None and encoding:
        text = _cyrillic_twin(data, encoding, text)
    return text, text is not None and _is_utf8(encoding)


#: The two legacy Cyrillic encodings a page mislabels as each other: each decodes any byte, so only the letters
#: tell which one the bytes are.
_CYRILLIC_TWINS = {"cp1251": "koi8_r", "koi8_r": "cp1251"}
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_CYRILLIC_LOWER_RE = re.compile("[\u0430-\u045f]")


def _lower_share(text: str) -> float:
    """The share of lowercase among the Cyrillic letters of ``text`` (prose: ~0.9; the wrong twin: ~0.1)."""
    letters = _CYRILLIC_RE.findall(text, 0, 65536)
    lower = len(_CYRILLIC_LOWER_RE.findall(text, 0, 65536))
    return lower / len(letters) if len(letters) >= 20 else 0.5


def _cyrillic_twin(data: bytes, encoding: str, text: str) -> str:
    """``text`` (``data`` decoded as a windows-1251 or KOI8-R label says), or ``data`` in the other of the two when
    the label is wrong: KOI8-R read as windows-1251 (and the reverse) is Cyrillic too, but nearly all capitals."""
    try:
        name = codecs.lookup(resolve_encoding(encoding) or encoding).name
    except LookupError:
        return text
    twin = _CYRILLIC_TWINS.get(name.replace("-", "_"))
    if twin is None or data.isascii() or _lower_share(text) >= 0.5:
        return text
    if twin == "koi8_r" and _KOI8_U_LETTERS.search(data):
        # KOI8-U under a windows-1251 label: KOI8-R would make its і ї є ґ box-drawing characters
        twin = "koi8_u"
    other = data.decode(twin, errors="replace")
    if _lower_share(other) < 0.7:
        return text
    logger.warning("wrong charset: the page says %s, but its letters are %s; read as %s", encoding[:40],
                   twin.replace("_", "-"), twin.replace("_", "-"))
    return other


#: A page this much UTF-8 (valid multi-byte characters per invalid byte) is UTF-8 with some bad bytes, not a page
#: in another encoding: windows-1251 or KOI8-R text read as UTF-8 has next to no valid multi-byte characters.
_UTF8_PER_BAD_BYTE = 2
_CP1251_LETTER_RUN = re.compile(rb"^[\xa8\xb8\xc0-\xff]{2,}$")
_CP1251_LETTER = re.compile(rb"^[\xa8\xb8\xc0-\xff]$")
_ESCAPED_BYTE_RE = re.compile("[\udc80-\udcff]")  # an invalid byte, as errors="surrogateescape" keeps it
_ESCAPED_RUN_RE = re.compile("[\udc80-\udcff]+")
_MULTIBYTE_RE = re.compile("[^\x00-\x7f\udc80-\udcff]")


#: Overlong UTF-8: a character written with more bytes than it takes ("/" as C0 AF or E0 80 AF), which no decoder
#: may read as the character. Only encoders' bugs and filter-evasion strings write them; in a page that is UTF-8
#: otherwise they are evidence it is UTF-8, not a reason to send the whole page to charset detection.
_OVERLONG_RE = re.compile(rb"[\xc0\xc1][\x80-\xbf]|\xe0[\x80-\x9f][\x80-\xbf]|\xf0[\x80-\x8f][\x80-\xbf]{2}")


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 when all but a few bytes are (a CMS that pasted one windows-1251 paragraph, stray bytes
    of a cut character), else None. A run of invalid bytes that reads as windows-1251 letters is read so; other
    invalid bytes are dropped. Before, such a page went to charset detection, which called all of it
    windows-1251 or similar: every letter of the article became mojibake. Overlong sequences (see
    :data:`_OVERLONG_RE`) are dropped first; a page that is UTF-8 without them is read so."""
    data, overlong = _OVERLONG_RE.subn(b"", data)
    if overlong and _decodes(data, "utf-8") is not None:
        logger.warning("invalid bytes: %d overlong UTF-8 sequence(s) in a UTF-8 page dropped (they are no character, "
                       "\"/\" written long to slip past a filter)", overlong)
        return data.decode("utf-8")
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE_RE.findall(text))
    good = len(_MULTIBYTE_RE.findall(text))
    if not bad or good < bad * _UTF8_PER_BAD_BYTE:
        return None
    runs = [m.encode("utf-8", errors="surrogateescape") for m in _ESCAPED_RUN_RE.findall(text)]
    # one pasted windows-1251 word makes its one-letter neighbours ("о", "в") windows-1251 too
    pasted = any(_CP1251_LETTER_RUN.match(raw) for raw in runs)

    def salvage(match: re.Match) -> str:
        raw = match.group().encode("utf-8", errors="surrogateescape")
        letters = _CP1251_LETTER_RUN.match(raw) or (pasted and _CP1251_LETTER.match(raw))
        return raw.decode("cp1251") if letters else ""
    logger.warning("invalid bytes: %d byte(s) that are not UTF-8 in a UTF-8 page; windows-1251 letters read as "
                   "such, the rest dropped", bad)
    return _ESCAPED_RUN_RE.sub(salvage, text)


def _decode_html(data: bytes, encoding: str | None) -> tuple[str, bool]:
    """:func:`decode_html`'s text, and whether it is the whole of ``data`` read as UTF-8 (not when text encoded
    twice was read back: see :mod:`newswatch.extract._mojibake`)."""
    text, utf8 = _decode_bytes(data, encoding)
    repaired = undouble_utf8(text)
    return (text, utf8) if repaired is text else (repaired, False)


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when ``head`` reads as UTF-16 without a BOM, else None: the high byte of each
    character of markup (ASCII) is NUL, and that of Cyrillic is 0x04, so one of the two byte positions holds NULs
    and the other none. Counting every NUL (a quarter of the bytes) missed a Cyrillic page, whose letters leave the
    high byte non-NUL: it was sniffed as binary data, the story lost. A page padded with runs of NULs (both
    positions) is no UTF-16."""
    pairs = len(head) // 2
    high_nul, low_nul = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if high_nul >= pairs // 8 > 0 and low_nul <= pairs // 64:
        return "utf-16-be"
    if low_nul >= pairs // 8 > 0 and high_nul <= pairs // 64:
        return "utf-16-le"
    return None


def _decode_bytes(data: bytes, encoding: str | None) -> tuple[str, bool]:
    """The bytes decoded as :func:`decode_html` decides, and whether they are the whole of ``data`` read as UTF-8."""
    bom_encoding, bom = read_bom(data)
    if bom_encoding:  # a BOM is the strongest evidence there is (WHATWG: it wins over the header)
        text = _decodes(data[len(bom) :], bom_encoding)
        if text is not None:
            if encoding and not _same_codec(encoding, bom_encoding):
                logger.warning("byte order mark: the page's %s BOM wins over the declared charset %r",
                               bom_encoding, encoding[:40])
            return text, False
    encoding = _header_trusted(data, encoding)
    text, utf8 = _declared(data, encoding, header=True)
    if text is not None:
        return text, utf8
    text, utf8 = _declared(data, html_body_declared_encoding(data[:4096]))
    if text is not None:
        return text, utf8
    _unknown_labels(data, encoding)
    utf16 = _utf16_without_bom(data[:2048])
    if utf16:
        text = _decodes(data, utf16)
        if text is not None:
            return text, False
    text = _decodes(data, "utf-8")
    if text is not None:
        return text, True
    text = _mostly_utf8(data)
    if text is not None:
        return text, False
    try:
        best = from_bytes(data[:_DETECT_SAMPLE]).best()
    except Exception:  # the detector is best effort
        best = None
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace"), False
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), False


#: A feed or sitemap's root element, after the XML declaration, processing instructions, comments and a DOCTYPE.
_FEED_ROOT_RE = re.compile(rb"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!doctype[^>]*>)*"
                           rb"<(rss|feed|rdf:rdf|urlset|sitemapindex)[\s>]", re.IGNORECASE | re.DOTALL)
_FEED_KINDS = {b"rss": "feed (RSS)", b"feed": "feed (Atom)", b"rdf:rdf": "feed (RDF)", b"urlset": "sitemap",
               b"sitemapindex": "sitemap index"}


def sniff_binary(data: bytes) -> str | None:
    """What ``data`` is when it is clearly not an HTML page (a PDF, an image, an archive..., or a feed or sitemap),
    else None. A byte order mark in front is skipped: a CMS whose templates start with one sends it before a PDF
    or image it streams too."""
    head = bytes(data[:4096]).lstrip(b"\t\n\r ")
    unmarked = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\t\n\r ")
    for magic, kind in _MAGIC:
        if unmarked.startswith(magic):
            return kind
    feed = _FEED_ROOT_RE.match(unmarked, 0, 1024)
    if feed is not None:
        return _FEED_KINDS[feed.group(1).lower()]
    if not head or read_bom(head)[0]:
        return None
    text = decode_html(head)
    controls = len(_CONTROL_RE.findall(text)) + text.count("\ufffd")
    if controls > len(text) * 0.1 and head[:1] == b"<" and "\x00" in text:
        # A page that opens with markup and is padded with runs of NUL bytes (a cache or CMS writing zeroed
        # blocks) is text with holes, not a binary file: judged without the NULs, which extraction drops.
        text = text.replace("\x00", "")
        controls = len(_CONTROL_RE.findall(text)) + text.count("\ufffd")
        return "binary data" if len(text) < 64 or controls > len(text) * 0.1 else None
    return "binary data" if controls > len(text) * 0.1 else None


# Any element at depth MAX_DEPTH + 1 (the root is depth 0): one level-by-level XPath walk in C, so the
# Python walk below runs only on the rare pages that need it.
_TOO_DEEP = lxml.etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 2) + ")")


def _flatten_deep(root: lxml.html.HtmlElement) -> int:
    """Unwrap elements nested deeper than :data:`MAX_DEPTH`; returns how many were unwrapped."""
    if not _TOO_DEEP(root):
        return 0
    depth: dict = {root: 0}
    too_deep = []
    for el in root.iterdescendants():
        d = depth[el.getparent()] + 1
        depth[el] = d
        if d > MAX_DEPTH and el.tag not in _KEEP_WHEN_DEEP and isinstance(el.tag, str):
            too_deep.append(el)
    for el in too_deep:
        el.drop_tag()
    return len(too_deep)


def _checked(tree: lxml.html.HtmlElement, html: str, parser: lxml.etree.HTMLParser, *,
             shallow: bool = False) -> lxml.html.HtmlElement:
    if shallow:  # parsed within libxml2's 256 levels: nothing to flatten (see _parse)
        return tree
    if any("Excessive depth" in e.message for e in parser.error_log):
        # libxml2 stopped at 2048 levels and dropped the rest of the page: parse it again without
        # the generic containers that do the nesting, so the text deep inside is not lost.
        logger.warning("pathological nesting: the page is nested deeper than libxml2's 2048 levels; "
                       "parsed again without its container elements")
        tree = lxml.html.document_fromstring(_CONTAINER_TAG_RE.sub(" ", html), parser=_parser())
    flattened = _flatten_deep(tree)
    if flattened:
        logger.warning("pathological nesting: %d element(s) deeper than %d levels unwrapped", flattened, MAX_DEPTH)
    return tree


#: ``<script>``, ``<style>`` and comments: raw text up to their end (see :func:`_raw_text_closed`).
_RAW_TEXT_OPEN = re.compile(rb"<(script|style)\b[^>]*>|<!--", re.IGNORECASE)
_RAW_TEXT_CLOSE = {"script": re.compile(rb"</script", re.IGNORECASE), "style": re.compile(rb"</style", re.IGNORECASE),
                   "comment": re.compile(rb"-->")}
_HEAD_BOUNDARY = re.compile(rb"</head\s*>|<body\b", re.IGNORECASE)  # matched lower case below: "</h" is </head>
_HEAD_TO_BODY = re.compile(rb"</head\s*>\s*<body\b", re.IGNORECASE)
#: An unclosed ``<title>``'s text: to the end of its first line or the first tag (``<x``, ``</x``, ``<!``); a bare
#: ``<`` before a space or digit ("Ціни < 100 грн") is text (the page is matched lower-cased).
_UNCLOSED_TITLE_TEXT = re.compile(rb"[ \t\r\n]*(?:[^\r\n<]|<(?!/?[a-z!]))*")
#: The warning of each repair: its text before the colon is the reason the crawl counts (newswatch.process).
_UNCLOSED_MESSAGES = {"script": "unclosed script: <script> never closed; closed before %s",
                      "style": "unclosed style: <style> never closed; closed before %s",
                      "comment": "unclosed comment: <!-- never closed; closed before %s"}
#: How much of a page its head is looked for in.
_HEAD_BYTES = 65536


def _raw_text_closed(body: bytes) -> bytes:
    """``body`` with an end tag added for a ``<script>``, ``<style>`` or comment opened in the page's first 64 KB
    and never closed (or closed only by a later element's end tag, past ``</head><body>``), before the
    ``</head>`` or ``<body>`` that follows it.

    HTML reads their content as raw text up to the end tag, so one left open by a broken ad snippet or template
    made the rest of the document script text: the article was lost (``no_body``). Said in one warning each
    (``unclosed script``, ``unclosed style``, ``unclosed comment``)."""
    position, head_end = 0, min(len(body), _HEAD_BYTES)
    while True:
        opener = _RAW_TEXT_OPEN.search(body, position, head_end)
        if opener is None:
            return body
        kind = (opener.group(1) or b"comment").decode().lower()
        closer = _RAW_TEXT_CLOSE[kind].search(body, opener.end())
        # Closed only by a later element's end tag, past the head's end and the body's start: left open too.
        boundary = _HEAD_TO_BODY.search(body, opener.end(), closer.start()) if closer is not None else None
        if closer is not None and boundary is None:
            position = closer.end()
            continue
        boundary = boundary or _HEAD_BOUNDARY.search(body, opener.end(), head_end)
        if boundary is None:
            return body
        logger.warning(_UNCLOSED_MESSAGES[kind], "</head>" if boundary.group()[:3] == b"</h" else "<body>")
        end = b"-->" if kind == "comment" else f"</{kind}>".encode()
        body = body[:boundary.start()] + end + body[boundary.start():]
        position = boundary.start() + len(end)


def _title_closed(body: bytes) -> bytes:
    """``body`` with a ``</title>`` added where the page's ``<title>`` text ends, when the page never closes it.

    A template that drops ``</title>`` makes the rest of the document the title's text (HTML reads ``<title>``
    as raw text up to its end tag): the 500-character title was cut from the whole article, whose body was
    lost (``no_body``). Said in one warning (``unclosed title``). Costs a search of the first 64 KB of each page."""
    head = body[:_HEAD_BYTES].lower()
    start = head.find(b"<title")
    if start < 0 or head.find(b"</title", start) >= 0 or body.lower().find(b"</title", start) >= 0:
        return body
    text_at = head.find(b">", start) + 1
    end = _UNCLOSED_TITLE_TEXT.match(head, text_at).end() if text_at else -1
    if end < 0 or end == len(head):
        return body
    logger.warning("unclosed title: <title> never closed; closed where its text ends")
    return body[:end] + b"</title>" + body[end:]


def close_raw_text(body: bytes) -> bytes:
    """``body`` with the raw-text elements of its head a broken template left open closed where they end
    (``<title>``, then ``<script>``, ``<style>``, comments: see :func:`_title_closed`, :func:`_raw_text_closed`);
    each repair said in one warning. :func:`parse_html` does it to every page given as bytes."""
    return _raw_text_closed(_title_closed(body))


#: One document's end and another's start, white space and comments between (a cache plugin signs the copy it
#: serves: ``<!-- W3 Total Cache ... -->``): a page a caching plugin or a template printed twice. A comment is a line
#: or two, without markup: a page of ``</html><!--`` never closed is not scanned to its end at each of them.
_SECOND_DOCUMENT_RE = re.compile(rb"(</html\s*>)(?:\s*+<!--[^<]{0,2048}-->)*+\s*+(?=<!doctype|<html[\s>])",
                                 re.IGNORECASE)
_TITLE_TEXT_RE = re.compile(rb"<title[^>]*>([^<]*)</title", re.IGNORECASE)


def _second_copy_cut(body: bytes) -> bytes:
    """``body`` up to its ``</html>`` when a second copy of the same document (the same ``<title>``) follows it.
    libxml2 reads the copy into the first document's body, a second headline and story after the first; a different
    document after ``</html>`` is left alone (which of the two is the page cannot be known)."""
    end = _SECOND_DOCUMENT_RE.search(body)
    if end is None:
        return body
    first, second = (_TITLE_TEXT_RE.search(part) for part in (body[:end.start()], body[end.end():]))
    if first is None or second is None or first.group(1).strip() != second.group(1).strip():
        return body
    logger.warning("page printed twice: a second copy of the document after its </html> (%d bytes) cut",
                   len(body) - end.end())
    return body[:end.end(1)]


def parse_html(html: str | bytes | None, encoding: str | None = None) -> lxml.html.HtmlElement:
    """Parse a page into an lxml document; never raises.

    Bytes are decoded with :func:`decode_html` (``encoding``: the HTTP header's charset, checked there), after a
    ``<title>``, ``<script>``, ``<style>`` or comment its head never closes is closed (:func:`close_raw_text`) and a
    second copy of the document printed after the first is cut (:func:`_second_copy_cut`).
    Broken or truncated markup is repaired by libxml2; empty or unparsable input gives an empty
    ``<html><head/><body/></html>`` document. What was repaired is said in warnings on ``newswatch.extract``
    (the crawl counts them per page).
    """
    try:
        utf8 = None  # the page's bytes, when they are exactly ``html`` in UTF-8
        if isinstance(html, bytes | bytearray | memoryview):
            data = _second_copy_cut(close_raw_text(bytes(html)))
            html, is_utf8 = _decode_html(data, encoding)
            if is_utf8 and b"\x00" not in data:
                utf8 = data
        if not isinstance(html, str):
            html = ""
        if utf8 is None and "\x00" in html:  # (``utf8``: bytes without a NUL, so a text without one)
            logger.warning("NUL bytes: %d removed from the page", html.count("\x00"))
            html = html.replace("\x00", "")
        if any(char in utf8 for char in _STRAY_CONTROL_BYTES) if utf8 is not None else \
                any(char in html for char in _STRAY_CONTROLS):
            # lxml refuses to set text holding C0 controls ("All strings must be XML compatible"), so one BEL
            # or terminal escape in a title made the body extraction fail and the article was lost as no_body.
            found = len(_STRAY_CONTROL_RE.findall(html))
            html, utf8 = _STRAY_CONTROL_RE.sub("", html), None
            logger.warning("control characters: %d removed from the page (terminal escapes, BEL...)", found)
        if html.startswith("\ufeff"):
            html, utf8 = html[1:], None
        if html.lstrip()[:5].lower() == "<?xml":
            html, utf8 = _XML_DECL_RE.sub("", html, count=1), None
        if html and not html.isspace():
            tree, parser, shallow = _parse(html if utf8 is None else utf8, utf8 is not None)
            if tree is not None and tree.tag == "html":
                return _checked(tree, html, parser, shallow=shallow)
            if tree is not None:  # a fragment parsed as something else: wrap it
                root = lxml.html.document_fromstring(_EMPTY_DOCUMENT, parser=_parser())
                root.find("body").append(tree)
                return _checked(root, html, _parser())
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError, TypeError) as exc:
        logger.debug("unparsable HTML (%s); using an empty document", exc)
    return lxml.html.document_fromstring(_EMPTY_DOCUMENT, parser=_parser())


def elements_after(headline: lxml.html.HtmlElement | None, limit: int):
    """The elements that follow ``headline`` in reading order, as a standfirst or lead would: its following
    siblings and their descendants, then its parent's, then its grandparent's; at most ``limit`` of them (the
    lead sits next to the headline, and a bounded walk keeps a page with a huge header cheap)."""
    node, seen = headline, 0
    for _ in range(3):
        if node is None or node.tag == "body":
            return
        for sibling in node.itersiblings():
            for element in sibling.iter():
                seen += 1
                if seen > limit:
                    return
                yield element
        node = node.getparent()
