"""One fetched page -> extracted, HTML-cleaned article fields (pure; safe to run in a worker process).

The page is parsed once; the same tree serves metadata extraction, structural
cleaning and main-text extraction, in that order (cleaning must not touch the
tree before JSON-LD and meta tags are read).
"""

from __future__ import annotations

import codecs
import logging
from typing import Any

from newswatch.clean import clean_tree
from newswatch.extract import extract_body, extract_metadata, parse_html

logger = logging.getLogger(__name__)


def _usable_encoding(body: bytes, declared: str | None) -> str | None:
    """The declared (HTTP header) encoding only if the bytes really decode with it.

    Servers mislabel legacy Cyrillic pages as UTF-8 (and the reverse); when the
    header is wrong the parser's own detection (BOM, <meta>, statistics) decides.
    """
    if not declared:
        return None
    try:
        codecs.lookup(declared)
        body.decode(declared)
    except (LookupError, UnicodeDecodeError):
        return None
    return declared


def process_page(body: bytes, url: str, *, declared_encoding: str | None = None,
                 site_rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """Extract article fields from raw page bytes. Never raises on bad input.

    Returns the fields of :func:`newswatch.extract.extract_article` plus
    ``cleaning`` (the structural-cleaning audit) and ``error`` (a reason string
    when nothing could be extracted).
    """
    try:
        tree = parse_html(body, encoding=_usable_encoding(body, declared_encoding))
        fields = extract_metadata(tree, url)
        fields["cleaning"] = clean_tree(tree, site_rules).to_dict()
        fields["body"] = extract_body(tree, url, article_body=fields.pop("article_body", None))
    except Exception as exc:  # one bad page must never stop the crawl
        logger.warning("extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
        return {"body": "", "error": f"{type(exc).__name__}: {exc}"}
    return fields
