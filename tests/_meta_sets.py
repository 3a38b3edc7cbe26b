"""What every article-metadata round shares (tests/test_extract_meta*.py; scorer: bench/extract_meta.py).

A round is a fixture set under tests/fixtures (its schema: bench/extract_unseen.py). :class:`MetaRound` loads it,
extracts each page once, when a test first asks (collecting the tests costs nothing), and gives the round's module its
size check and the per-field test of every field an expectation gives; a known miss is a strict xfail with its reason,
keyed ``(page, field)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from bench.extract_meta import FIELDS, extract, field_ok
from bench.extract_unseen import load_pages

__all__ = ["MetaRound"]


class MetaRound:
    """One fixture set and its known misses."""

    def __init__(self, directory: str, *, misses: dict[tuple[str, str], str] | None = None):
        self.pages = {page["name"]: page for page in load_pages(directory)}
        self.misses = misses if misses is not None else {}
        self._results: dict[str, dict] = {}

    def result(self, name: str) -> dict:
        """What the scorer's extraction makes of the page, once."""
        if name not in self._results:
            self._results[name] = extract(self.pages[name])
        return self._results[name]

    def coverage_test(self, *, pages: int, each: int, holdout: int | None = None,
                      languages: Iterable[str] = ()) -> Callable:
        """The set's size check: at least ``pages`` pages, ``each`` of them in each of uk, ru and en, and every one of
        ``languages`` among them; with ``holdout``, those counts leave the holdout out and it has that many pages."""
        also = set(languages)

        def test():
            first = [page for page in self.pages.values() if holdout is None or not page["expected"].get("holdout")]
            codes = [page["expected"]["language"] for page in first]
            assert len(codes) >= pages and min(codes.count(code) for code in ("uk", "ru", "en")) >= each
            assert also <= set(codes)
            if holdout is not None:
                assert sum(1 for page in self.pages.values() if page["expected"].get("holdout")) >= holdout

        return test

    def metadata_test(self) -> Callable:
        """Every field the page's expectation gives, as the scorer judges it."""
        params = [pytest.param(name, field, marks=pytest.mark.xfail(reason=self.misses[name, field], strict=True))
                  if (name, field) in self.misses else (name, field)
                  for name, page in self.pages.items() for field in FIELDS if field in page["expected"]]

        @pytest.mark.parametrize(("page", "field"), params)
        def test_metadata(page, field):
            got = self.result(page)
            assert field_ok(field, got, self.pages[page]["expected"]), got.get(field)

        return test_metadata
