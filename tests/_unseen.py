"""What every blind round of unseen-outlet extraction shares (tests/test_extract_unseen*.py).

A round is a fixture set under tests/fixtures (its schema: bench/extract_unseen.py). :class:`UnseenRound` loads it,
extracts every page once (lazily: collecting the tests costs nothing) as the spider would at :data:`FETCHED_AT`, and
gives each round's modules the same checks: the metadata fields against the expectation, every story paragraph in the
extracted body, no furniture string in the stored body (the crawl flow), and the stored body's shingle scores over a
group of pages. Known misses are strict xfails with their reason, keyed as the parametrized tests are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pytest

from bench._scoring import Overlap, score_text
from bench.extract_unseen import FETCHED_AT, authors_ok, date_checks, fold, load_pages, stored_body
from newswatch.extract import extract_article

__all__ = ["FETCHED_AT", "FIELDS", "UnseenRound", "article_page", "paragraphs", "words"]

FIELDS = ("title", "published_at", "modified_at", "authors", "language")


def words(text: str) -> str:
    """Words only (a table's cells "| a | b |" compare with the same text written as a sentence), after the
    bench's normalization, and without the joiners: trafilatura drops every non-printable character from the body,
    a Persian word's ZWNJ too."""
    return " " + " ".join(re.findall(r"[^\W_]+", fold(text).replace("\u200c", "").replace("\u200d", ""))) + " "


def paragraphs(story: list[str]) -> str:
    """The story as ``<p>`` elements, one a sentence."""
    return "".join(f"<p>{sentence}</p>" for sentence in story)


def article_page(inside: str, *, title: str, headline: str, lang: str = "en", head: str = "") -> bytes:
    """A minimal news page for the per-cause tests: a nav, ``inside`` in an ``<article>`` under its ``<h1>``, a
    footer."""
    return (f"<html lang='{lang}'><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{headline}</h1>{inside}</article><footer>© 2026 News</footer></body></html>").encode()


def _params(keys: list[tuple], misses: dict) -> list:
    return [pytest.param(*key, marks=pytest.mark.xfail(reason=misses[key], strict=True)) if key in misses
            else pytest.param(*key) for key in keys]


class UnseenRound:
    """One fixture set and its known misses: ``metadata_misses`` keyed ``(page, field)``, ``paragraph_misses`` and
    ``furniture_misses`` keyed by page."""

    def __init__(self, directory: str, *, metadata_misses: dict[tuple[str, str], str] | None = None,
                 paragraph_misses: dict[str, str] | None = None, furniture_misses: dict[str, str] | None = None):
        self.pages = {page["name"]: page for page in load_pages(directory)}
        self.metadata_misses = metadata_misses or {}
        self.paragraph_misses = paragraph_misses or {}
        self.furniture_misses = furniture_misses or {}

    # --- what the crawl makes of each page, once

    @functools.cached_property
    def extracted(self) -> dict[str, dict]:
        return {name: extract_article(page["html"], page["expected"]["url"], fetched_at=FETCHED_AT)
                for name, page in self.pages.items()}

    @functools.cached_property
    def stored(self) -> dict[str, str]:
        return {name: stored_body(page) for name, page in self.pages.items()}

    # --- parameters of the per-page tests

    def metadata_params(self) -> list:
        """``(page, field)`` for every field the page's expectation has (``modified_at`` only where it is given)."""
        keys = [(name, field) for name, page in self.pages.items() for field in FIELDS
                if field != "modified_at" or "modified_at" in page["expected"]]
        return _params(keys, self.metadata_misses)

    def paragraph_params(self) -> list:
        return _params([(name,) for name in self.pages], {(k,): v for k, v in self.paragraph_misses.items()})

    def furniture_params(self) -> list:
        return _params([(name,) for name in self.pages], {(k,): v for k, v in self.furniture_misses.items()})

    def page_tests(self) -> tuple[Callable, Callable, Callable]:
        """The round's three per-page tests, parametrized with its known misses, for its module to bind as
        ``test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture``: the metadata
        fields against the expectation; every story paragraph in the extracted body; no caption, related link, plug,
        comment or other story's headline in what the crawl stores (extraction, then the generic cleaning rules)."""

        @pytest.mark.parametrize(("page", "field"), self.metadata_params())
        def test_metadata(page, field):
            self.check_metadata(page, field)

        @pytest.mark.parametrize("page", self.paragraph_params())
        def test_every_story_paragraph_is_extracted(page):
            assert not self.missing_paragraphs(page)

        @pytest.mark.parametrize("page", self.furniture_params())
        def test_stored_body_has_no_furniture(page):
            assert not self.leaked(page)

        return test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture

    def coverage_test(self, *, pages: int, uk: int, ru: int, en: int, holdout: int = 0) -> Callable:
        """The round's size check, for its module to bind as ``test_the_set_covers_three_languages``: at least
        ``pages`` pages, so many in each language, and ``holdout`` pages marked as the holdout."""

        def test_the_set_covers_three_languages():
            languages = [page["expected"]["language"] for page in self.pages.values()]
            assert len(self.pages) >= pages
            assert languages.count("uk") >= uk and languages.count("ru") >= ru and languages.count("en") >= en
            assert sum(bool(page["expected"].get("holdout")) for page in self.pages.values()) >= holdout

        return test_the_set_covers_three_languages

    def description_test(self, misses: dict[str, str]) -> Callable:
        """The extracted description against the expectation's, on the pages that give one (``misses``: strict
        xfails), for its module to bind as ``test_the_description_is_the_pages_summary``."""

        @pytest.mark.parametrize("page", _params(
            [(name,) for name, page in self.pages.items() if "description" in page["expected"]],
            {(k,): v for k, v in misses.items()}))
        def test_the_description_is_the_pages_summary(page):
            got = self.extracted[page]["description"] or ""
            assert words(got) == words(self.pages[page]["expected"]["description"])

        return test_the_description_is_the_pages_summary

    def scores_test(self, floors: list[tuple[bool, float, float]]) -> Callable:
        """The stored bodies' shingle scores, for its module to bind as ``test_stored_body_scores``: ``floors`` gives
        ``(holdout, precision, recall)``, the least precision and recall over the first pages (``False``) and over
        the holdout (``True``)."""

        @pytest.mark.parametrize(("holdout", "precision", "recall"), floors)
        def test_stored_body_scores(holdout, precision, recall):
            overlap = self.overlap(lambda expected: bool(expected.get("holdout")) == holdout)
            assert overlap.precision >= precision and overlap.recall >= recall

        return test_stored_body_scores

    # --- the checks

    def check_metadata(self, page: str, field: str) -> None:
        expected, got = self.pages[page]["expected"], self.extracted[page]
        if field == "title":
            assert fold(got["title"]) == fold(expected["title"])
        elif field in ("published_at", "modified_at"):
            same, _ = date_checks(got[field], expected[field])
            assert same, (got[field], expected[field])
        elif field == "authors":
            assert authors_ok(got["authors"], expected), got["authors"]
        else:
            assert got["language"] == expected["language"]

    def missing_paragraphs(self, page: str) -> list[str]:
        """The expected story paragraphs that the extracted body lacks."""
        body = words(self.extracted[page]["body"])
        return [p for p in self.pages[page]["expected"]["paragraphs"] if words(p) not in body]

    def leaked(self, page: str) -> list[str]:
        """The expected-absent furniture strings that the stored body holds."""
        body = fold(self.stored[page])
        return [s for s in self.pages[page]["expected"]["absent"] if fold(s) in body]

    def overlap(self, select: Callable[[dict], bool]) -> Overlap:
        """The stored bodies' shingle overlap with the expected paragraphs, micro-averaged over the pages whose
        expectation ``select`` takes."""
        total = Overlap()
        for name, page in self.pages.items():
            if select(page["expected"]):
                total += score_text(self.stored[name], "\n\n".join(page["expected"]["paragraphs"]))
        return total
