"""newswatch.extract.parse_html: valid UTF-8 bytes go to libxml2 as they are; the tree is the one the text gives."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest

from newswatch.extract import decode_html, parse_html
from newswatch.extract._html import MAX_DEPTH

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / ".." / "shared" / "datasets" / "readability-news"
PAGES = sorted(DATASET.glob("*/source.html")) + sorted((ROOT / "tests" / "fixtures").glob("*_unseen*/*.html"))


def _serialized(tree) -> bytes:
    return lxml.etree.tostring(tree, encoding="utf-8")


@pytest.mark.skipif(not PAGES, reason="needs ../shared/datasets")
def test_bytes_and_their_text_give_the_same_tree():
    for path in PAGES:
        data = path.read_bytes()
        from_text = _serialized(parse_html(decode_html(data)))
        assert _serialized(parse_html(data)) == from_text, path
        assert _serialized(parse_html(data, encoding="utf-8")) == from_text, path


@pytest.mark.parametrize("data", [
    "\ufeff<html><body><p>Київ з BOM</p></body></html>".encode(),
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>Київ</p></body></html>".encode(),
    "<html><body><p>Ки\x00їв</p></body></html>".encode(),
    "<html><head><meta charset='windows-1251'></head><body><p>Київ</p></body></html>".encode(),
    "<html><head><meta charset='utf-8'></head><body><p>Київ</p></body></html>".encode("cp1251"),
    b"   \n ",
])
def test_odd_bytes_parse_as_their_decoded_text(data):
    text = decode_html(data).replace("\x00", "").removeprefix("\ufeff")
    assert _serialized(parse_html(data, encoding="utf-8")) == _serialized(parse_html(text))
    assert "\x00" not in parse_html(data).text_content()


@pytest.mark.parametrize("depth", [250, 253, 254, 255, 256, 300])
def test_pages_nested_near_libxml2s_256_levels_keep_their_text_and_no_deeper_element(depth):
    # libxml2 stops at 256 levels without XML_PARSE_HUGE: parse_html tries that first, so both sides of the limit
    page = f"<html><body>{'<div><b>' * (depth // 2)}<p>the deep text</p>{'</b></div>' * (depth // 2)}</body></html>"
    tree = parse_html(page.encode())
    assert "the deep text" in tree.text_content()
    assert max(sum(1 for _ in element.iterancestors()) for element in tree.iter()) <= MAX_DEPTH + 1  # a kept <p>
