"""trafilatura's page-text measure, computed the same but ~4x cheaper, inside our own extraction calls.

trafilatura (2.3) retries an extraction in recall mode when it came back short (< 3,000 characters) and covers less
than a fifth of the page's text; to know the page's text it runs ``html2txt`` on the whole tree: a copy of the tree,
an XPath whose cookie-banner clause calls a Python regex for every ``class`` and ``id``, then a Python loop that
rewrites the text and tail of every block element, each through a character-by-character filter as soon as it holds
a newline. On the bench mirror's pages that is ~3 ms each time it runs (on about one page in four: ~1 ms a page).
Only the length is used (``len(html2txt(tree))``).

:func:`page_measure` makes ``trafilatura.core``'s gate get the same length from one XSLT pass in C over the
``<body>`` (block elements spaced, the same elements left out), without copying or changing the tree. Where the
cheap pass could differ from ``html2txt`` it is not used and ``html2txt`` runs as before: a ``class``/``id`` that
may be a cookie-banner class (the regex clause), or text holding a character ``html2txt`` would filter out
(non-printable, not whitespace: a zero-width space, a soft hyphen). Outside :func:`page_measure` (another caller of
trafilatura in the same process, such as the bench's plain-trafilatura peer) trafilatura is untouched.

Also inside :func:`page_measure`: trafilatura's ``_prepare_tree`` makes no backup copy of the cleaned tree in fast
mode without comments, where nothing reads it, and cleans the raw tree in place instead of a copy of it, the raw tree
rebuilt only for the later stages that read it (see :func:`_prepare_tree`); and its options object (``Extractor``:
seven ``ConfigParser.getint`` and the date settings read on every call, ~0.17 ms) is built once per set of options and
copied for each call with the page's URL (see :class:`_ReusedExtractor`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import inspect
import logging
import re
from collections.abc import Iterator
from copy import copy

import lxml.etree
import lxml.html
import trafilatura.core
import trafilatura.settings
from trafilatura.htmlprocessing import convert_tags, tree_cleaning

from newswatch.extract._xpathguard import page_class_id_text

logger = logging.getLogger(__name__)

_ACTIVE = contextvars.ContextVar("newswatch_page_measure", default=False)
_ORIGINAL = getattr(trafilatura.core, "html2txt", None)

try:  # the names html2txt itself uses, so the two stay in step with the installed trafilatura
    from trafilatura.baseline import _BLOCK_ELEMS as _BLOCKS
    from trafilatura.settings import _COOKIE_CONSENT_RE as _COOKIE_SOURCE
except ImportError:  # another trafilatura: html2txt is left as it is (see _install)
    _BLOCKS, _COOKIE_SOURCE = None, None

#: BASIC_CLEAN_XPATH (trafilatura.settings) without its cookie-banner clause; as XSLT match patterns.
_LEFT_OUT = "aside|div[contains(@class|@id, 'footer')]|fencedframe|footer|script|style|svg|template"
#: Literal words one of which every match of the cookie-banner regex holds (a cheap test first).
_COOKIE_WORDS = ("cookie", "consent", "borlabs", "cmplz", "onetrust", "moove")
_CLASSES_AND_IDS = lxml.etree.XPath(".//@class | .//@id", smart_strings=False)


_XSL = "http://www.w3.org/1999/XSL/Transform"


def _stylesheet_source() -> lxml.etree._Element | None:
    if _BLOCKS is None:
        return None
    # Left-out elements win over the block template (aside and footer are both); their tails stay, as
    # html2txt's delete_element keeps them. Block elements: a space before their text and before their tail.
    return lxml.etree.XML(f"""
<xsl:stylesheet version="1.0" xmlns:xsl="{_XSL}">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="{_LEFT_OUT}" priority="2"/>
  <xsl:template match="{'|'.join(sorted(_BLOCKS))}">
    <xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text>
  </xsl:template>
</xsl:stylesheet>""")


def _stylesheet() -> lxml.etree.XSLT | None:
    source = _stylesheet_source()
    return lxml.etree.XSLT(source) if source is not None else None


_SPACED_TEXT = _stylesheet()
_COOKIE_RE = re.compile(_COOKIE_SOURCE, re.I) if _COOKIE_SOURCE else None


def _literal(value: str) -> str | None:
    if "'" not in value:
        return f"'{value}'"
    return f'"{value}"' if '"' not in value else None


#: The left-out elements (:data:`_LEFT_OUT`) as a test of the context node.
_LEFT_OUT_TEST = " or ".join(f"self::{pattern}" for pattern in re.split(r"\|(?![^\[]*\])", _LEFT_OUT))


@functools.lru_cache(maxsize=64)
def _stylesheet_for(values: tuple[str, ...], filtered: str) -> lxml.etree.XSLT | None:
    """:data:`_SPACED_TEXT` that also leaves out every element whose class or id is one of ``values`` (the
    cookie-banner values of a page), and drops the characters of ``filtered`` (the page's non-printable ones) where
    html2txt does: from the text and the tail of block elements, tails of left-out elements included (html2txt
    deletes those first, joining each one's tail to the tail of the element before it, or to its parent's text).
    Pages of an outlet repeat both, so each stylesheet is compiled once."""
    literals = [_literal(value) for value in values]
    if None in literals or "'" in filtered:
        return None
    source = _stylesheet_source()
    left_out = _LEFT_OUT_TEST
    if literals:
        template = lxml.etree.SubElement(source, f"{{{_XSL}}}template")
        template.set("match", "*[" + " or ".join(f"@class={v} or @id={v}" for v in literals) + "]")
        template.set("priority", "2")
        left_out += "".join(f" or @class={v} or @id={v}" for v in literals)
    if filtered:
        block = " or ".join(f"self::{tag}" for tag in sorted(_BLOCKS))
        # The text node's element before it, left-out ones skipped (looked for only past a left-out one).
        kept_before = f"preceding-sibling::*[not({left_out})][1]"
        joins_block = (f"preceding-sibling::*[1][not({left_out})][{block}]"
                       f" or (preceding-sibling::*[1][{left_out}] and {kept_before}[{block}])"
                       f" or (not({kept_before}) and parent::*[{block}])")
        template = lxml.etree.SubElement(source, f"{{{_XSL}}}template")
        # only the text nodes holding such a character: the test above is costly, and they are few
        template.set("match", "text()[" + " or ".join(f"contains(., '{char}')" for char in filtered) + "]")
        choose = lxml.etree.SubElement(template, f"{{{_XSL}}}choose")
        when = lxml.etree.SubElement(choose, f"{{{_XSL}}}when")
        when.set("test", joins_block)
        lxml.etree.SubElement(when, f"{{{_XSL}}}value-of").set("select", f"translate(., '{filtered}', '')")
        lxml.etree.SubElement(lxml.etree.SubElement(choose, f"{{{_XSL}}}otherwise"), f"{{{_XSL}}}value-of").set(
            "select", ".")
    return lxml.etree.XSLT(source)


def _cookie_banner_values(body: lxml.etree._Element) -> tuple[str, ...] | None:
    """The class and id values under ``body`` that BASIC_CLEAN_XPATH's cookie-banner regex matches (the elements
    html2txt deletes for it are those holding one as their class or id); None when ``body``'s own does (html2txt
    keeps ``body`` itself)."""
    # The whole page's class and id values, when our extraction has read them (_xpathguard.class_id_gate): a copy
    # of the page, pruned, holds no word they lack, and this test is then one substring search per word.
    page = page_class_id_text()
    if page is not None and page.isascii() and not any(word in page.lower() for word in _COOKIE_WORDS):
        return ()
    values = _CLASSES_AND_IDS(body)
    joined = "\n".join(values)
    # Outside ASCII, re.I matches more than str.lower() gives ("İ" and "ı" match "i"): the regex alone decides.
    if joined.isascii():
        lowered = joined.lower()
        if not any(word in lowered for word in _COOKIE_WORDS):
            return ()
    if _COOKIE_RE.search(joined) is None:
        return ()
    if any(_COOKIE_RE.search(body.get(name) or "") for name in ("class", "id")):
        return None
    return tuple(sorted({value for value in values if _COOKIE_RE.search(value)}))


def page_text_length(tree) -> int | None:
    """``len(trafilatura.baseline.html2txt(tree))`` for an lxml tree, or None where it could differ."""
    if _SPACED_TEXT is None or not isinstance(tree, lxml.etree._Element):
        return None
    body = tree.find(".//body")
    if body is None:
        return None
    banners = _cookie_banner_values(body)
    if banners is None:
        return None
    stylesheet = _stylesheet_for(banners, "") if banners else _SPACED_TEXT
    if stylesheet is None:
        return None
    text = " ".join(str(stylesheet(body)).split())
    if not text.isprintable():
        # html2txt drops the non-printable characters that are not whitespace from the text and tail of block
        # elements (a soft hyphen, a right-to-left mark, an icon font's private-use character), not elsewhere
        filtered = "".join(sorted(char for char in set(text) if not char.isprintable() and not char.isspace()))
        stylesheet = _stylesheet_for(banners, filtered)
        if stylesheet is None:
            return None
        text = " ".join(str(stylesheet(body)).split())
    return len(text)


def _measure(content, clean: bool = True) -> str:
    content = _raw_tree(content)
    if _ACTIVE.get() and clean:
        try:
            length = page_text_length(content)
        except Exception:  # the measure is an optimisation: html2txt decides whenever it fails
            logger.debug("page text measure failed; using html2txt", exc_info=True)
            length = None
        if length is not None:
            return " " * length  # the gate only takes its len()
    return _ORIGINAL(content, clean)


_ORIGINAL_PREPARE = getattr(trafilatura.core, "_prepare_tree", None)
_ORIGINAL_BARE = getattr(trafilatura.core, "bare_extraction", None)
_ORIGINAL_BASELINE = getattr(trafilatura.core, "baseline", None)
_ORIGINAL_RECALL = getattr(trafilatura.core, "_recall_retry", None)
_ORIGINAL_PRUNE = getattr(trafilatura.core, "prune_unwanted_nodes", None)
#: sha256 (first 16 hex digits) of the source of the trafilatura 2.3 functions that read ``_prepare_tree``'s backup
#: (the full cascade's ``compare_extraction`` and the forum-comments branch) or its raw tree (the baseline, the recall
#: gate and the recall retry), or that make the raw tree (``bare_extraction``: a copy of the page, pruned by
#: ``prune_xpath``; ``trafilatura_sequence``: two prunes; both by ``prune_unwanted_nodes``, which
#: :func:`_prune_unwanted_nodes` does as it does).
_READERS = {"_prepare_tree": "9595f0642825c2c7", "trafilatura_sequence": "f03dc4d2946dacbd",
            "_extract_and_compare": "f7d056c2118222e8", "_recall_retry": "59594c39714f57be",
            "bare_extraction": "2e57adb3062086f9", "prune_unwanted_nodes": "4731f8e24ef86449"}


def _readers_known() -> bool:
    try:
        return all(hashlib.sha256(inspect.getsource(getattr(trafilatura.core, name)).encode()).hexdigest()[:16]
                   == digest for name, digest in _READERS.items())
    except (AttributeError, OSError, TypeError):
        return False


class _Raw:
    """One ``bare_extraction`` call's raw tree: the page it copied (``source``), the copy (``tree``) and the places
    (child indexes from the root) of the elements pruned from it, in order (``deleted``; None once a prune could not
    be followed); then whether :func:`_prepare_tree` cleaned it in place (``consumed``) and, once a later stage asked
    for it, the raw tree built again (``rebuilt``)."""

    __slots__ = ("source", "tree", "deleted", "consumed", "rebuilt")

    def __init__(self, source):
        self.source, self.tree, self.deleted = source, None, []
        self.consumed = self.rebuilt = None


_RAW: contextvars.ContextVar[_Raw | None] = contextvars.ContextVar("newswatch_raw_tree", default=None)


def _bare_extraction(filecontent, *args, **kwargs):
    """trafilatura's ``bare_extraction``; inside :func:`page_measure`, given an lxml tree (which it copies), it
    follows how its raw tree is made (:class:`_Raw`), for :func:`_prepare_tree`."""
    if not _ACTIVE.get() or not isinstance(filecontent, lxml.html.HtmlElement):
        return _ORIGINAL_BARE(filecontent, *args, **kwargs)
    token = _RAW.set(_Raw(filecontent))
    try:
        return _ORIGINAL_BARE(filecontent, *args, **kwargs)
    finally:
        _RAW.reset(token)


def _place(element, root) -> tuple[int, ...] | None:
    """``element``'s child indexes from ``root``; None when it is not under ``root`` (in a subtree pruned before)."""
    place = []
    while (parent := element.getparent()) is not None:
        place.append(parent.index(element))
        element = parent
    return tuple(reversed(place)) if element is root else None


def _prune_unwanted_nodes(tree, nodelist, with_backup=False):
    """trafilatura's ``prune_unwanted_nodes``; on the raw tree of a :class:`_Raw` before it is cleaned, each element
    deleted is noted by its place, so that :func:`_rebuilt` can delete the same without its XPaths."""
    raw = _RAW.get()
    if raw is None or with_backup or raw.consumed is not None or raw.deleted is None:
        return _ORIGINAL_PRUNE(tree, nodelist, with_backup)
    if raw.tree is None:
        raw.tree = tree
    elif tree is not raw.tree:  # not the raw tree: not followed
        raw.deleted = None
        return _ORIGINAL_PRUNE(tree, nodelist, with_backup)
    delete = trafilatura.core.delete_element
    for expression in nodelist:
        for subtree in expression(tree):
            if subtree.getparent() is not None and (place := _place(subtree, tree)) is not None:
                raw.deleted.append(place)
            delete(subtree)  # the tail text is preserved
    return tree


def _rebuilt(raw: _Raw):
    """The raw tree ``trafilatura_sequence`` held before :func:`_prepare_tree` cleaned it: a new copy of the page
    with the same elements deleted, in the same order."""
    tree = copy(raw.source)
    delete = trafilatura.core.delete_element
    for place in raw.deleted:
        element = tree
        for index in place:
            element = element[index]
        delete(element)
    return tree


def _raw_tree(tree):
    """``tree``, or, when it is the raw tree :func:`_prepare_tree` cleaned in place, that raw tree built again
    (once per extraction)."""
    raw = _RAW.get()
    if raw is None or raw.consumed is None or tree is not raw.tree:
        return tree
    if raw.rebuilt is None:
        raw.rebuilt = _rebuilt(raw)
    return raw.rebuilt


def _baseline(filecontent, *args, **kwargs):
    return _ORIGINAL_BASELINE(_raw_tree(filecontent), *args, **kwargs)


def _recall_retry(esc_tree, r_options, url):
    return _ORIGINAL_RECALL(_raw_tree(esc_tree), r_options, url)


def _prepare_tree(tree, options, url):
    """trafilatura's ``_prepare_tree`` (clean and convert a copy of the raw tree; and a copy of the cleaned tree
    before conversion, the backup) without the backup where nothing reads it: in fast mode without comments,
    inside :func:`page_measure` (our extraction calls; ~0.1 ms a call on the bench mirror).

    There, within a ``bare_extraction`` given an lxml tree, the raw tree itself is cleaned, not a copy (~0.5 ms a
    page, and as much again to free the copy): ``trafilatura_sequence`` reads its raw tree again only for the
    baseline, the recall gate (``html2txt``) and the recall retry (a short or thin extraction, ~1 page in 4), and
    those get it built again (:func:`_raw_tree`), the same tree."""
    if _ACTIVE.get() and options.fast and not options.comments:
        raw = _RAW.get()
        if raw is not None and raw.consumed is None and raw.deleted is not None and tree is raw.tree:
            raw.consumed = True
        elif raw is not None and raw.rebuilt is not None and tree is raw.rebuilt:  # the recall retry, the last reader
            raw.rebuilt = None
        else:
            tree = copy(tree)
        return convert_tags(tree_cleaning(tree, options), options, url), None
    return _ORIGINAL_PREPARE(tree, options, url)


_EXTRACTOR = getattr(trafilatura.core, "Extractor", None)
#: sha256 (first 16 hex digits) of trafilatura 2.3's ``Extractor.__init__``, whose work :class:`_ReusedExtractor` keeps.
_EXTRACTOR_INIT = "8a7141d46badfd06"
_SLOTS = tuple(slot for cls in getattr(_EXTRACTOR, "__mro__", ()) for slot in getattr(cls, "__slots__", ()))
#: Options objects kept (one per distinct set of options; an extraction uses 2-4).
_MAX_REUSED = 32
_reused: dict[tuple, tuple] = {}  # key -> the attributes (plain values, then sets and dicts to copy)
_MUTABLE = (set, dict, list)


def _extractor_known() -> bool:
    try:
        source = inspect.getsource(_EXTRACTOR.__init__)
    except (AttributeError, OSError, TypeError):
        return False
    return hashlib.sha256(source.encode()).hexdigest()[:16] == _EXTRACTOR_INIT and bool(_SLOTS)


class _ReusedExtractor(_EXTRACTOR if isinstance(_EXTRACTOR, type) else object):
    """trafilatura's ``Extractor`` (``trafilatura.core`` builds its options with this name). Inside
    :func:`page_measure`, the options but ``url`` and ``source`` read once per set of them (the config's values too,
    which do not change while its ``DEFAULT`` section does not), each call's object a copy with its own URL: the same
    attributes as trafilatura's ``__init__`` gives (its sets and dicts copied, so no call shares one). Outside, or
    with options whose ``__init__`` warns or raises, or that are not plain values, ``__init__`` itself runs."""

    __slots__ = ()

    def __new__(cls, **options):
        self = object.__new__(cls)
        key = _reuse_key(options) if _ACTIVE.get() else None
        if key is None:
            _EXTRACTOR.__init__(self, **options)
            return self
        state = _reused.get(key)
        if state is None:
            built = object.__new__(cls)
            _EXTRACTOR.__init__(built, **options)
            if len(_reused) >= _MAX_REUSED:
                _reused.clear()
            values = [(slot, getattr(built, slot)) for slot in _SLOTS]
            state = _reused[key] = (tuple((slot, value) for slot, value in values if type(value) not in _MUTABLE),
                                    tuple((slot, value) for slot, value in values if type(value) in _MUTABLE))
        plain, mutable = state
        for slot, value in plain:
            setattr(self, slot, value)
        for slot, value in mutable:
            setattr(self, slot, value.copy())
        url = options.get("url")
        source = url or options.get("source")  # as __init__ sets them
        self.url = url
        self.source = source and source.encode("utf-8", "replace").decode("utf-8")
        return self

    def __init__(self, **options):  # __new__ did it
        pass

    def __copy__(self):
        copied = object.__new__(type(self))
        for slot in _SLOTS:
            setattr(copied, slot, getattr(self, slot))
        return copied


def _reuse_key(options: dict) -> tuple | None:
    config = options.get("config", trafilatura.core.DEFAULT_CONFIG)
    rest = tuple(sorted((name, value) for name, value in options.items() if name not in ("config", "url", "source")))
    if (
        not all(value is None or type(value) in (bool, int, str) for _, value in rest)
        or (options.get("precision") and options.get("recall"))
        or options.get("tei_validation")
        or options.get("formatting")
        or options.get("output_format", "txt") not in trafilatura.settings.SUPPORTED_FORMATS
        or not hasattr(config, "defaults")
    ):
        return None
    return id(config), tuple(config.defaults().items()), rest


def _install() -> bool:
    if _ORIGINAL is None or _SPACED_TEXT is None or _COOKIE_RE is None:
        return False
    trafilatura.core.html2txt = _measure
    if _ORIGINAL_PREPARE is not None and _readers_known():
        trafilatura.core._prepare_tree = _prepare_tree
        if None not in (_ORIGINAL_BARE, _ORIGINAL_BASELINE, _ORIGINAL_RECALL, _ORIGINAL_PRUNE):
            trafilatura.core.bare_extraction = _bare_extraction
            trafilatura.core.prune_unwanted_nodes = _prune_unwanted_nodes
            trafilatura.core.baseline = _baseline
            trafilatura.core._recall_retry = _recall_retry
    if isinstance(_EXTRACTOR, type) and _extractor_known() and hasattr(trafilatura.core, "DEFAULT_CONFIG"):
        trafilatura.core.Extractor = _ReusedExtractor
    return True


INSTALLED = _install()
"""Whether trafilatura's gate uses the cheap measure inside :func:`page_measure` (False with a trafilatura whose
internals differ: then it runs as it is)."""


@contextlib.contextmanager
def page_measure() -> Iterator[None]:
    """Inside this block, trafilatura's recall gate in this thread or task measures the page with
    :func:`page_text_length` (same length as ``html2txt``)."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
