"""What every blind cleaning set shares (tests/test_clean_holdout{5,7,8,...}.py).

A set is a fixture folder under tests/fixtures of ``<page>.html`` pages with their expected story ``<page>.txt``. Each
module declares its data (set, paywalled pages, known misses with their reason, furniture lines, blocks, story lines)
and binds the tests built here: the pages through the crawl's flow with NO site rules (exactly the story, no story
paragraph lost, the ``paywalled`` verdict), and the cleaning of a line or block next to a story line, with the language
known or not. Known misses are strict xfails with their reason, keyed by page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from newswatch.clean import clean_body
from tests.test_clean import paragraphs, run_flow

__all__ = ["FIXTURES", "STORY", "CleanSet", "block_goes", "clean_lines", "exactly_the_story", "furniture_line_goes",
           "line_in_every_position", "load", "no_page_flagged", "no_story_paragraph_lost", "page_params",
           "paywalled_verdict", "sentence_opening_the_body_stays", "sets_hold_three_languages",
           "banner_line_closing_the_body_goes"]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STORY = "NATO allies met in Brussels on Tuesday to discuss air defence for Ukraine and pledged support for its grid."
_LANG = re.compile(r'<html[^>]*\blang="([a-z]{2})')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def load(folder: str, page: str) -> tuple[str, str, str, list[str]]:
    """A page's html, canonical url, language and expected story paragraphs."""
    html = (FIXTURES / folder / f"{page}.html").read_text(encoding="utf-8")
    expected = paragraphs((FIXTURES / folder / f"{page}.txt").read_text(encoding="utf-8"))
    return html, _CANONICAL.search(html).group(1), _LANG.search(html).group(1), expected


def clean_lines(lines: list[str], language: str | None) -> list[str]:
    """The paragraphs clean_body keeps of ``lines``."""
    return paragraphs(clean_body("\n\n".join(lines), language)[0])


class CleanSet:
    """One fixture set: its pages, the pages it expects flagged ``paywalled``, and its known misses (page -> why the
    page does not come out exactly as written)."""

    def __init__(self, folder: str, *, paywalled: Iterable[str] = (), misses: dict[str, str] | None = None):
        self.folder = folder
        self.pages = sorted(p.stem for p in (FIXTURES / folder).glob("*.html"))
        self.paywalled = set(paywalled)
        self.misses = misses or {}

    def load(self, page: str) -> tuple[str, str, str, list[str]]:
        return load(self.folder, page)

    def run(self, page: str, known_language: bool) -> tuple[list[str], dict, bool, list[str]]:
        """The stored paragraphs, the cleaning report, the ``paywalled`` verdict and the expected paragraphs."""
        html, url, language, expected = self.load(page)
        body, report, paywalled = run_flow(html, url, language if known_language else None, None)
        return paragraphs(body), report.to_dict(), paywalled, expected


def page_params(*sets: CleanSet, misses: bool = True) -> list:
    """The pages of one set by name, or of several as ``(folder, page)``; a known miss (``misses``) a strict xfail."""
    params = []
    for clean_set in sets:
        for page in clean_set.pages:
            value = page if len(sets) == 1 else (clean_set.folder, page)
            reason = clean_set.misses.get(page) if misses else None
            params.append(pytest.param(value, marks=pytest.mark.xfail(reason=reason, strict=True)) if reason
                          else pytest.param(value))
    return params


def _resolve(sets: tuple[CleanSet, ...], page: str | tuple[str, str]) -> tuple[CleanSet, str]:
    if isinstance(page, tuple):
        return next(s for s in sets if s.folder == page[0]), page[1]
    return sets[0], page


def exactly_the_story(*sets: CleanSet, verdict: bool = False) -> Callable:
    """Every page, with its language known or not, comes out exactly as written (its known misses: strict xfails);
    with ``verdict``, its ``paywalled`` flag is right too."""

    @pytest.mark.parametrize("known_language", [True, False])
    @pytest.mark.parametrize("page", page_params(*sets))
    def test(page, known_language):
        clean_set, name = _resolve(sets, page)
        body, report, paywalled, expected = clean_set.run(name, known_language)
        assert body == expected, report
        if verdict:
            assert paywalled is (name in clean_set.paywalled)

    return test


def no_story_paragraph_lost(*sets: CleanSet, verdict: bool = False) -> Callable:
    """Every page, with its language known or not, keeps every story paragraph in order (furniture misses aside);
    with ``verdict``, its ``paywalled`` flag is right too."""

    @pytest.mark.parametrize("known_language", [True, False])
    @pytest.mark.parametrize("page", page_params(*sets, misses=False))
    def test(page, known_language):
        clean_set, name = _resolve(sets, page)
        body, _, paywalled, expected = clean_set.run(name, known_language)
        assert [p for p in body if p in expected] == expected
        if verdict:
            assert paywalled is (name in clean_set.paywalled)

    return test


def paywalled_verdict(*sets: CleanSet, ids: list[str]) -> Callable:
    """Each set (``ids`` names them): exactly its ``paywalled`` pages are flagged, with their language known."""

    @pytest.mark.parametrize("clean_set", sets, ids=ids)
    def test(clean_set):
        flagged = {page for page in clean_set.pages if clean_set.run(page, known_language=True)[2]}
        assert flagged == clean_set.paywalled

    return test


def no_page_flagged(clean_set: CleanSet) -> Callable:
    """Page by page: none of the set is flagged ``paywalled``, its language known."""

    @pytest.mark.parametrize("page", clean_set.pages)
    def test(page):
        assert clean_set.run(page, known_language=True)[2] is False

    return test


def sets_hold_three_languages(*sets: CleanSet, sizes: tuple[int, ...]) -> Callable:
    """The sets hold ``sizes`` pages, each set in en, uk and ru."""

    def test():
        assert tuple(len(clean_set.pages) for clean_set in sets) == sizes
        for clean_set in sets:
            assert {load(clean_set.folder, page)[2] for page in clean_set.pages} == {"en", "uk", "ru"}

    return test


def furniture_line_goes(lines: list[tuple[str | None, str, str]]) -> Callable:
    """``(language, line, where)``: the line goes where it stands ("start" opens the body, "end" closes it, "mid"
    between two story lines), its language given or not."""

    @pytest.mark.parametrize("language", ["given", None])
    @pytest.mark.parametrize(("line_language", "line", "where"), lines)
    def test(line_language, line, where, language):
        body = {"start": [line, STORY, STORY + " Again."], "end": [STORY, STORY + " Again.", line],
                "mid": [STORY, line, STORY + " Again."]}[where]
        assert clean_lines(body, line_language if language else None) == [STORY, STORY + " Again."]

    return test


def block_goes(blocks: list[tuple[str, list[str]]]) -> Callable:
    """``(language, block)``: a label or question between two story lines goes with what hangs under it."""

    @pytest.mark.parametrize("language", ["given", None])
    @pytest.mark.parametrize(("line_language", "block"), blocks)
    def test(line_language, block, language):
        kept = clean_lines([STORY, *block, STORY + " Again."], line_language if language else None)
        assert kept == [STORY, STORY + " Again."]

    return test


def sentence_opening_the_body_stays(sentences: list[tuple[str, str]]) -> Callable:
    """``(language, sentence)``: a story sentence that looks like furniture, opening the body, stays."""

    @pytest.mark.parametrize(("language", "sentence"), sentences)
    def test(language, sentence):
        body, report = clean_body(f"{sentence}\n\nNATO allies met in Brussels on Tuesday.", language)
        assert paragraphs(body)[0] == sentence, report.to_dict()

    return test


def banner_line_closing_the_body_goes(lines: list[tuple[str, str]]) -> Callable:
    """``(language, line)``: a furniture line closing the body goes, and the report counts what went."""

    @pytest.mark.parametrize(("language", "line"), lines)
    def test(language, line):
        body, report = clean_body(f"NATO allies met in Brussels on Tuesday.\n\n{line}", language)
        assert paragraphs(body) == ["NATO allies met in Brussels on Tuesday."], report.to_dict()
        assert report.chars_removed > 0

    return test


def line_in_every_position(lines: list[tuple[str, str]], *, stays: bool) -> Callable:
    """``(language, line)`` before, between or after two story lines, its language given or not: the line stays
    (``stays``, a story line) or goes (furniture)."""

    @pytest.mark.parametrize("position", [0, 1, 2])
    @pytest.mark.parametrize(("language", "line"), lines)
    def test(language, line, position):
        body = [STORY, STORY + " Again."]
        body.insert(position, line)
        for lang in (language, None):
            assert clean_lines(body, lang) == (body if stays else [STORY, STORY + " Again."])

    return test
