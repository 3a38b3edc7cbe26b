"""Perf round 17: each shortcut against the code it replaces, on real pages.

* The twice-encoded run pattern (``newswatch/extract/_mojibake.py``) starts with its lead characters' set, so the
  regex engine skips to them: the same runs as the pattern it was, on real pages as they are and read through each
  codec (every run then a real one), and the same repaired text.
* Extraction's class scan hands the page's class values to the class/id gate (``_xpathguard.share_class_values``),
  which then walks only the ids: the same joined values as its own walk of both, on real pages.
"""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from bench.mirror import page as mirror_page
from newswatch.extract import _body, _mojibake, _xpathguard
from newswatch.extract._html import parse_html
from tests.test_hostile17 import read_through

ROOT = Path(__file__).resolve().parents[1]
READABILITY = ROOT / ".." / "shared" / "datasets" / "readability-news"
FIXTURES = ROOT / "tests" / "fixtures"


def _texts() -> list[str]:
    found = [(folder / "source.html").read_bytes() for folder in sorted(READABILITY.iterdir())
             if (folder / "source.html").is_file()]
    found += [path.read_bytes() for path in sorted(FIXTURES.rglob("*.html"))]
    found += [gzip.decompress(path.read_bytes()) for path in sorted(FIXTURES.rglob("*.html.gz"))]
    found += [mirror_page(index, "http://127.0.0.1:8000", datetime(2026, 11, 27, tzinfo=UTC))
              for index in range(0, 400, 7)]
    return [html.decode("utf-8", "replace") for html in found]


def _old_run_pattern(codec: str) -> re.Pattern:
    """The run pattern as it was before this round: its lookbehind first, tried at every position."""
    table, _ = _mojibake._codec_tables(codec)

    def chars(low: int, high: int) -> str:
        return "".join(re.escape(c) for c, b in table.items() if low <= b <= high)

    lead2, lead3, cont = chars(0xC2, 0xDF), chars(0xE0, 0xEF), chars(0x80, 0xBF)
    edge = _mojibake._LETTER_EDGE
    return re.compile(f"(?<!{edge})(?:[{lead2}][{cont}]|[{lead3}][{cont}]{{2}})+(?!{edge})")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.mark.parametrize("codec", _mojibake._CODECS)
def test_the_run_pattern_finds_the_runs_it_found(texts, codec):
    old, new = _old_run_pattern(codec), _mojibake._codec_tables(codec)[1]
    assert len(texts) > 300
    runs = encoded_runs = 0
    for index, text in enumerate(texts[::2]):
        text = text[:150_000]  # the old pattern takes ~50 ms a page of that size
        expected = [match.span() for match in old.finditer(text)]
        assert [match.span() for match in new.finditer(text)] == expected
        runs += len(expected)
        if index % 4 == 0:  # some pages encoded twice through the codec: runs everywhere, real ones
            twice = read_through(text[:20_000], codec)
            expected = [match.span() for match in old.finditer(twice)]
            assert [match.span() for match in new.finditer(twice)] == expected
            encoded_runs += len(expected)
    assert encoded_runs > 5_000
    if codec == "cp1251":  # Cyrillic letters followed by «і», «ї», «є»: runs on real Ukrainian pages as they are
        assert runs > 5


def test_pages_encoded_twice_are_read_back_as_before(texts, monkeypatch):
    samples = [read_through(text[:15_000], codec) for text in texts[::9] for codec in _mojibake._CODECS]
    samples += [text[:150_000] for text in texts[::9]]
    new = [_mojibake.undouble_utf8(text) for text in samples]
    old_patterns = {codec: _old_run_pattern(codec) for codec in _mojibake._CODECS}
    tables = {codec: _mojibake._codec_tables(codec)[0] for codec in _mojibake._CODECS}
    monkeypatch.setattr(_mojibake, "_codec_tables", lambda codec: (tables[codec], old_patterns[codec]))
    old = [_mojibake.undouble_utf8(text) for text in samples]
    assert new == old
    assert sum(1 for before, after in zip(samples, new, strict=True) if after != before) > 40


def test_the_gate_reads_the_class_values_the_class_scan_read(texts, monkeypatch):
    walks = []
    own_walk = _xpathguard._CLASSES
    monkeypatch.setattr(_xpathguard, "_CLASSES", lambda tree: walks.append(tree) or own_walk(tree))
    compared = 0
    for text in texts[::3]:
        tree = parse_html(text)
        expected = "\n".join(own_walk(tree) + _xpathguard._IDS(tree))
        with _xpathguard.class_id_gate(tree):
            furniture = _body._class_furniture(tree)
            assert _xpathguard.page_class_id_text() == expected
        assert not walks  # the gate did not walk the classes again
        with _xpathguard.class_id_gate(tree):  # read first by the gate, then by the scan: the same
            assert _xpathguard.page_class_id_text() == expected
            assert _body._class_furniture(tree) == furniture
        assert len(walks) == 1
        walks.clear()
        copy = lxml.html.fromstring(lxml.html.tostring(tree))
        with _xpathguard.class_id_gate(tree):  # another tree's classes are not the page's
            _body._class_furniture(copy)
            assert _xpathguard.page_class_id_text() == expected
        assert walks == [tree]
        walks.clear()
        compared += bool(expected)
    assert compared > 100
