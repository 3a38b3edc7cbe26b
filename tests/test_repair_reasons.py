"""What extraction logs while it repairs (or fails on) a page becomes ``newswatch/article/repaired/<reason>``: the
reason is the message's words before its first colon, without %-placeholders (a stat named
``body_extraction_failed_for_%s`` was counted before)."""

from __future__ import annotations

import logging

import pytest

from newswatch.process import _page_repairs


@pytest.mark.parametrize(("message", "args", "reason"), [
    ("body extraction failed for %s", ("https://news.example/a",), "body_extraction_failed"),
    ("pathological nesting: %d levels cut", (5000,), "pathological_nesting"),
    ("NUL bytes: %d removed from %s", (3, "https://news.example/b"), "nul_bytes"),
    ("metadata of %s read from %r", ("https://news.example/c", "og"), "metadata"),
    ("%d NUL bytes removed", (3,), "nul_bytes_removed"),
])
def test_a_repair_is_named_by_its_words_not_its_placeholders(message, args, reason):
    with _page_repairs() as found:
        logging.getLogger("newswatch.extract._body").warning(message, *args)
    assert list(found) == [reason]
    assert found[reason] == message % args  # the line the crawl logs with the page's URL keeps the whole message
