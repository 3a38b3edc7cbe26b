"""Kremlin.ru (``kremlin`` in sources.yaml): the lead paragraph is part of the story.

Kremlin.ru pages put an item's first paragraph in a separate lead block (``.read__lead``, microformat
``p-summary``) above the text (``.read__internal_content``, ``e-content``). Main-text extraction takes the
text block alone, so the story would lose its first paragraph: this spider moves the lead into the text
block before extraction.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from newswatch.spiders._base import NewsSpider

_LEAD = "//*[contains(concat(' ', normalize-space(@class), ' '), ' read__lead ')]"
_TEXT = "//*[contains(concat(' ', normalize-space(@class), ' '), ' read__internal_content ')]"


def lead_into_text(html: bytes) -> bytes:
    """``html`` with the lead block's paragraphs moved to the top of the text block (unchanged if either is missing)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return html
    leads, texts = tree.xpath(_LEAD), tree.xpath(_TEXT)
    if not leads or not texts:
        return html
    lead, text = leads[0], texts[0]
    paragraphs = lead.xpath("./p") or [lead]
    for position, paragraph in enumerate(paragraphs):
        if paragraph is lead:
            paragraph = lxml.html.Element("p")
            paragraph.text = lead.text_content()
            lead.getparent().remove(lead)
        text.insert(position, paragraph)
    return lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>")


class KremlinSpider(NewsSpider):
    """kremlin.ru and en.kremlin.ru news: the lead paragraph is kept as the story's first paragraph."""

    page_filter = staticmethod(lead_into_text)  # on the worker: a page parse and serialization off the reactor
