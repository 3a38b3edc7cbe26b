"""Hostile round 8, part 1: the repairs the crawl made to a page before extraction (a lying charset, a head element
never closed) are extraction's own, so ``newswatch extract`` on a saved page and any caller of
:mod:`newswatch.extract` read the page as the crawl does. Each page is a realistic one saved to disk."""

from __future__ import annotations

import json
import logging

import pytest

from newswatch import cli
from newswatch.extract import decode_html, extract_article, parse_html
from newswatch.extract._html import header_charset

_UK = ["Генеральний секретар НАТО заявив, що альянс посилить протиповітряну оборону України до кінця зими, "
       "і пообіцяв нові системи їй ще до Різдва.",
       "У Харкові після нічної атаки без світла залишилися кілька тисяч будинків, повідомила міська влада; ґрунт "
       "біля підстанції розкопали ремонтники, які працюють цілодобово.",
       "Євген Коваленко, речник обласної адміністрації, сказав, що відновлення триватиме щонайменше два дні, а "
       "школи перейдуть на дистанційне навчання."]
_RU = ["Минобороны России заявило, что силы ПВО за ночь перехватили восемь беспилотников над Белгородской областью.",
       "По словам губернатора, обломки повредили линию электропередачи и два частных дома, пострадавших нет.",
       "В Киеве назвали эти заявления попыткой скрыть последствия ударов по энергетической инфраструктуре Украины."]
_EN = ["NATO defence ministers agreed on Thursday to speed up deliveries of air defence systems to Ukraine before "
       "the winter, officials in Brussels said.",
       "The alliance's secretary general said the Kremlin's latest strikes on the power grid showed the need for "
       "more interceptors, not fewer.",
       "Russia's foreign ministry called the decision an escalation and promised a response it did not describe."]


def _page(title: str, paragraphs: list[str], *, lang: str, head: str = "", meta: str | None = "utf-8") -> str:
    charset = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{charset}<title>{title}</title>{head}</head><body>'
            f"<header><a href='/'>Home</a></header><article><h1>{title}</h1>{body}</article>"
            "<footer>© 2026</footer></body></html>")


def _extract_cli(tmp_path, capsys, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    assert cli.main(["extract", str(path), "--url", f"https://news.example/{name}"]) == 0
    return json.loads(capsys.readouterr().out)


def _koi8u_page() -> bytes:
    # An old Ukrainian CMS: its template says koi8-r, its text is KOI8-U (і ї є ґ exist only there).
    return _page("Харків: світло повертають", _UK, lang="uk", meta="koi8-r").encode("koi8-u")


def test_extract_reads_a_koi8u_page_whose_meta_says_koi8r(tmp_path, capsys, caplog):
    record = _extract_cli(tmp_path, capsys, "koi8u.html", _koi8u_page())
    assert record["title"] == "Харків: світло повертають"
    assert "ґрунт" in record["body"] and "Євген Коваленко" in record["body"] and "їй ще до Різдва" in record["body"]
    assert "koi8-u letters: its <meta> says koi8-r" in caplog.text


@pytest.mark.parametrize(("element", "opener"), [
    ("script", '<script>window.adsQueue=window.adsQueue||[];adsQueue.push({slot:"top-banner"});'),
    ("style", "<style>.ad-slot{display:block;min-height:250px}"),
    ("comment", "<!-- begin ad slot: top-banner (do not remove)"),
])
def test_extract_reads_a_page_whose_head_leaves_a_raw_text_element_open(tmp_path, capsys, caplog, element, opener):
    html = _page("NATO speeds up air defence for Ukraine", _EN, lang="en", head=opener + "\n")
    record = _extract_cli(tmp_path, capsys, f"unclosed-{element}.html", html.encode())
    assert record["title"] == "NATO speeds up air defence for Ukraine"
    assert all(p in record["body"] for p in _EN)
    assert f"unclosed {element}: " in caplog.text


def test_extract_reads_a_page_whose_title_is_never_closed(tmp_path, capsys, caplog):
    html = _page("Удары по энергетике: что известно", _RU, lang="ru").replace("</title>", "\n", 1)
    record = _extract_cli(tmp_path, capsys, "unclosed-title.html", html.encode())
    assert record["title"] == "Удары по энергетике: что известно"
    assert all(p in record["body"] for p in _RU)
    assert "unclosed title: <title> never closed" in caplog.text


def test_a_gzipped_saved_page_gets_the_same_repairs(tmp_path, capsys):
    import gzip

    record = _extract_cli(tmp_path, capsys, "koi8u.html.gz", gzip.compress(_koi8u_page()))
    assert "Євген Коваленко" in record["body"]


# --- a caller of newswatch.extract that has the HTTP header's charset -------------------------------------------


@pytest.mark.parametrize("header", ["text/html; charset=ISO-8859-1", "text/html; charset=windows-1252",
                                   "text/html;charset=us-ascii"])
def test_a_servers_default_charset_yields_to_the_pages_meta(header, caplog):
    data = _page("Сводка: ПВО за ночь", _RU, lang="ru", meta="windows-1251").encode("cp1251")
    with caplog.at_level(logging.WARNING, logger="newswatch.extract"):
        article = extract_article(parse_html(data, header_charset(header)), "https://news.example/a")
    assert article["title"] == "Сводка: ПВО за ночь" and _RU[0] in article["body"]
    assert "server default charset: Content-Type says" in caplog.text


def test_a_koi8r_header_over_koi8u_letters_is_read_as_koi8u(caplog):
    data = _page("Львів: нові укриття", _UK, lang="uk", meta=None).encode("koi8-u")
    assert "ґрунт" in decode_html(data, "koi8-r")
    assert "koi8-u letters: Content-Type says koi8-r" in caplog.text


def test_a_koi8r_header_over_plain_koi8r_russian_is_left_alone(caplog):
    data = _page("Белгород: обломки беспилотника", _RU, lang="ru", meta=None).encode("koi8-r")
    assert decode_html(data, "koi8-r") == data.decode("koi8-r")
    assert "koi8-u" not in caplog.text


def test_a_utf16_header_over_8bit_bytes_is_detected_instead(caplog):
    data = _page("NATO summit: what was agreed", _EN, lang="en", meta=None).encode()
    assert _EN[1] in decode_html(data, header_charset(b"text/html; charset=utf-16"))
    assert "impossible charset: Content-Type says utf-16" in caplog.text


def test_a_header_charset_that_names_nothing_lets_the_page_decide(caplog):
    data = _page("Київ: новини дня", _UK, lang="uk", meta="windows-1251").encode("cp1251")
    assert _UK[0] in decode_html(data, header_charset('text/html; charset="x-mac-klingon"'))
    assert "unknown header charset: Content-Type names the charset 'x-mac-klingon'" in caplog.text


def test_a_truthful_server_default_is_kept():
    # A real Western page in windows-1252 that says so: nothing to correct.
    data = _page("Café crème: Brussels summit", _EN, lang="en", meta="windows-1252").encode("cp1252")
    assert "Café crème" in decode_html(data, "iso-8859-1")


@pytest.mark.parametrize(("value", "label"), [
    (b"text/html; charset=UTF-8", "UTF-8"), (b"text/html", None), (b"text/html; charset=", None),
    (b'text/html; charset="windows-1251"', "windows-1251"),
    (b"text/html; charset=utf-8; charset=windows-1251", "utf-8"),
    (None, None), (b"text/html; Charset=windows-1251", "windows-1251"), (b"text/html; CHARSET = KOI8-R", "KOI8-R"),
])
def test_header_charset(value, label):
    assert header_charset(value) == label


# --- what the crawl counts: the reasons a worker reports (newswatch.process) and the spider's stat names ----------


@pytest.mark.parametrize(("data", "header", "reason", "stat"), [
    (_page("Київ", _UK, lang="uk", meta=None).encode("koi8-u"), "koi8-r", "koi8-u_letters",
     "article/charset_corrected/koi8_u"),
    (_page("Сводка", _RU, lang="ru", meta="windows-1251").encode("cp1251"), "iso-8859-1", "server_default_charset",
     "article/charset_corrected/server_default"),
    (_page("NATO", _EN, lang="en").encode(), "utf-16", "impossible_charset", "article/impossible_charset"),
    (_page("NATO", _EN, lang="en").encode(), "x-mac-klingon", "unknown_header_charset", "article/unknown_charset"),
])
def test_a_header_charset_set_aside_is_reported_under_the_crawls_stat(data, header, reason, stat):
    from newswatch.process import process_article
    from newswatch.spiders._base import _HEADER_CHARSET_STATS

    done = process_article(data, "https://news.example/a", declared_encoding=header)
    assert reason in done["repairs"], done.get("repairs")
    assert _HEADER_CHARSET_STATS[reason] == stat


@pytest.mark.parametrize("element", ["script", "style", "comment", "title"])
def test_an_unclosed_head_element_is_reported_under_its_own_reason(element):
    from newswatch.process import process_article

    opener = {"script": "<script>var ads = [];", "style": "<style>.ad{height:250px}", "comment": "<!-- ad slot",
              "title": ""}[element]
    html = _page("NATO speeds up air defence", _EN, lang="en", head=opener + "\n")
    if element == "title":
        html = html.replace("</title>", "\n", 1)
    done = process_article(html.encode(), "https://news.example/a")
    assert f"unclosed_{element}" in done["repairs"], done.get("repairs")
    assert _EN[2] in done["item"]["body"]


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xef\xbb\xbf%PDF-1.5\n" + bytes(range(256)), "PDF document"),
    (b"\xef\xbb\xbf\r\n\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="/s.xsl"?>\n<urlset xmlns="x">', "sitemap"),
    (b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?><!-- generator --><rss version="2.0">', "feed (RSS)"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>', "feed (Atom)"),
    (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">'
     b'<html xmlns="http://www.w3.org/1999/xhtml">', None),
    (b"<!DOCTYPE html><html><body><p>The RSS <feed> is broken</p></body></html>", None),
])
def test_a_body_that_is_no_html_page_says_what_it_is(data, kind):
    from newswatch.extract import sniff_binary

    assert sniff_binary(data) == kind
