"""One place decides a page's encoding (newswatch.extract.decode_html, called by process_page with the HTTP
charset as it came): a server's label is used only where the bytes can carry it, the page's <meta> next."""

from __future__ import annotations

import pytest

from newswatch.extract import decode_html
from newswatch.process import process_page

_UK_TITLE = "Київ під обстрілом: нічна атака дронів"
_UK = "Російські дрони атакували столицю вночі, сили ППО збили більшість із них. "
_RU_TITLE = "Удары по энергетике: сводка за ночь"
_RU = "Российские ракеты ударили по энергетическим объектам, в нескольких областях отключения света. "


def _page(title: str, sentence: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return (f"<html><head>{head}<title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{sentence * 3}</p>" for _ in range(6)) + "</article></body></html>")


@pytest.mark.parametrize("label", ["ascii", "us-ascii", "ANSI_X3.4-1968", "shift_jis", "gb2312", "euc-kr",
                                   "windows-1251", "koi8-r", "latin-1", "utf-16", "utf-16le", "utf-32"])
@pytest.mark.parametrize("meta", [None, "utf-8", "windows-1251"])
def test_a_utf8_page_is_read_as_utf8_whatever_the_header_says(label, meta):
    # The bytes are valid UTF-8 outside ASCII: an ASCII, CJK, Cyrillic 8-bit or UTF-16 label (or a wrong <meta>)
    # cannot be right, and reading by it gives mojibake or CJK noise instead of the article.
    data = _page(_UK_TITLE, _UK, meta).encode("utf-8")
    assert data.count(b"\x00") == 0
    fields = process_page(data, "https://kyiv.example/news/1", declared_encoding=label)
    assert fields["title"] == _UK_TITLE
    assert _UK.strip() in fields["body"]


@pytest.mark.parametrize("label", ["ascii", "us-ascii", "gb2312", "euc-kr", "big5", "shift_jis", "utf-16", "utf-8"])
def test_a_cp1251_page_under_a_wrong_header_is_read_by_its_meta(label):
    # WHATWG reads ascii as windows-1252 and gb2312 as gb18030, which decode any bytes: taking them would turn the
    # Cyrillic into Latin or Chinese mojibake. The bytes do not decode under the label's own codec: the <meta> decides.
    data = _page(_RU_TITLE, _RU, "windows-1251").encode("cp1251")
    fields = process_page(data, "https://news.example.ru/1", declared_encoding=label)
    assert fields["title"] == _RU_TITLE
    assert _RU.strip() in fields["body"]


def test_an_ascii_header_on_cp1252_bytes_without_meta_is_detected():
    html = ("<html><head><title>Ceasefire talks</title></head><body><p>"
            + "The minister said \u201cwe will not give up\u201d and left \u2014 talks go on. " * 20
            + "</p></body></html>")
    assert "\u201cwe will not give up\u201d" in decode_html(html.encode("cp1252"), "ascii")


def test_a_fitting_legacy_header_decodes_as_whatwg_reads_it():
    # gb2312 as a header on bytes that are GB2312 is taken, and decoded by its wider twin gb18030.
    text = "北约峰会讨论乌克兰问题。" * 20
    data = f"<html><head><title>北约峰会</title></head><body><p>{text}</p></body></html>".encode("gb2312")
    assert text in decode_html(data, "gb2312")
    # An ascii header on ASCII bytes is used as it is.
    assert decode_html(b"<html><body><p>Plain ASCII.</p></body></html>", "ascii").endswith("</html>")


def test_a_gbk_page_whose_meta_says_gb2312_keeps_its_gbk_characters():
    # The page's own <meta> is read as browsers read it (gb2312 = gb18030, a superset of GBK): a character
    # outside GB2312 (喆) does not make the whole page fall to detection.
    text = "北约秘书长喆会见乌克兰外长。" * 20
    data = (f'<html><head><meta charset="gb2312"><title>北约</title></head><body><p>{text}</p></body></html>'
            .encode("gbk"))
    assert text in decode_html(data, "gb2312")
    assert text in decode_html(data)


def test_a_real_utf16_page_keeps_its_label():
    data = _page(_UK_TITLE, _UK).encode("utf-16-le")
    fields = process_page(data, "https://kyiv.example/news/2", declared_encoding="utf-16le")
    assert fields["title"] == _UK_TITLE
