"""A page's language editions: ``<link rel="alternate" hreflang="ru" href="...">`` in its head.

Ukrainian outlets link each article's Ukrainian, Russian and English editions this way (Ukrainska Pravda, UNIAN,
LIGA...); :mod:`newswatch.dedup._editions` links the stored editions as one story. Pure: a parsed tree in, a dict
out, never raises.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.etree

# rel is a space-separated token list ("alternate", "Alternate"); the links without hreflang (feeds, AMP) are not
# language editions.
_ALTERNATE_XPATH = lxml.etree.XPath(
    "/descendant::link[@href][@hreflang]"  # not //link[...]: a walk of the <link>s, not of every node's children
    "[contains(concat(' ', normalize-space(translate(@rel, 'ALTERNATE', 'alternate')), ' '), ' alternate ')]"
)
_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$|^x-default$")
MAX_ALTERNATES = 20


def page_alternates(tree, base: str | None = None) -> dict[str, str]:
    """hreflang -> absolute http(s) URL of each language edition the page names (itself included), first link per
    language; lower-case tags as written ("uk", "ru", "en-gb", "x-default"); ``{}`` when none or on bad input."""
    try:
        links = _ALTERNATE_XPATH(tree)
    except (lxml.etree.XPathError, TypeError, ValueError):
        return {}
    found: dict[str, str] = {}
    for link in links[:200]:
        tag = (link.get("hreflang") or "").strip().lower().replace("_", "-")
        href = (link.get("href") or "").strip()
        if not _TAG.match(tag) or not href or tag in found:
            continue
        try:
            url = urljoin(base, href) if base else href
            parts = urlsplit(url)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            found[tag] = url
            if len(found) >= MAX_ALTERNATES:
                break
    return found
