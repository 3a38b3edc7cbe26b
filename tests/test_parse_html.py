"""newswatch.extract.parse_html: valid UTF-8 bytes go to libxml2 as they are; the tree is the one the text gives."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest

from newswatch.extract import decode_html, parse_html

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
