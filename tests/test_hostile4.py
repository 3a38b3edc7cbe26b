"""Hostile input, fourth round: cases tests/test_hostile.py, test_hostile2.py and test_hostile3.py do not try, in
one real `scrapy crawl` of the mock site (routes in tests/mocksite/hostile4.py), plus the defences they led to,
tried directly. The crawl must finish without a traceback, every bad thing be logged with its reason and counted,
every good article stored once and clean.
"""

from __future__ import annotations

import re

import pytest

from newswatch.dedup import url_key
from newswatch.discovery import parse_feed
from newswatch.loaders import MAX_CHARS, MAX_TAGS, MAX_TITLE_CHARS
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, render
from tests.mocksite.hostile2 import lead
from tests.mocksite.hostile4 import (
    _ESCAPED_FEED,
    CYRILLIC_FORMS,
    FEEDS,
    FRAGMENT_FORMS,
    GOOD_COUNT,
    LASTMOD_FETCHED,
    LASTMOD_SKIPPED,
    REJECTED,
    SALVAGED,
    SITEMAPS,
    hostile4_routes,
)

#: Characters a clean stored text never holds: NUL and other C0 controls, lone surrogates, the replacement
#: character, and the bidi embedding/override/isolate controls (they reorder what an analyst reads).
_DIRTY = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffd\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile4(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile4")
    with MockNewsSite(routes=hostile4_routes()) as site:
        run = run_crawl(work, args={"feeds": ",".join(site.url(p) for p in FEEDS),
                                    "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "3d"},
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_MAXSIZE": str(10 * 1024 * 1024),
                                  "RETRY_TIMES": "1"}, timeout=300)
        yield site, run



def _newswatch_stats(run) -> dict:
    return {k: v for k, v in run.stats.items() if k.startswith("newswatch/")}


def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile4):
    site, run = hostile4
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    for n in range(GOOD_COUNT):
        assert len(stored.get(f"/bulk/{n}", [])) == 1, f"/bulk/{n} not stored exactly once"


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_once_and_clean(hostile4, path):
    site, run = hostile4
    title, text = SALVAGED[path]
    docs = run.stored_by_path(site.base_url).get(path, [])
    assert len(docs) == 1, f"{path} stored {len(docs)} times; stats {_newswatch_stats(run)}"
    doc = docs[0]
    assert doc["title"].startswith(title) and len(doc["title"]) <= MAX_TITLE_CHARS, doc["title"][:300]
    assert (text or lead(title)) in doc["body"]
    for field in ("title", "body", "description"):
        dirty = _DIRTY.search(doc.get(field) or "")
        assert not dirty, f"{field} holds {dirty.group()!r}"
    assert "Р" not in doc["body"][:3]  # UTF-8 read as windows-1251 starts "Р..." / "Рџ"


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_and_logged_with_its_reason(hostile4, path):
    site, run = hostile4
    assert path not in run.stored_by_path(site.base_url)
    assert run.stat(REJECTED[path]) >= 1, _newswatch_stats(run)
    assert site.url(path) in run.log


def test_binary_files_behind_html_urls_say_what_they_are(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/article/not_html") == 6
    for path, kind in [("/w/jpeg-as-html.html", "JPEG image"), ("/w/zip-octet.html", "ZIP archive"),
                       ("/w/pdf-octet.html", "PDF document"), ("/w/nul-only", "binary data")]:
        assert f"not an HTML page, skipped: {site.url(path)}" in run.log
        assert re.search(re.escape(site.url(path)) + r" \([^)]*; the body is a " + kind, run.log), path


def test_a_50_kb_title_is_cut_at_a_word_and_said_so(hostile4):
    site, run = hostile4
    doc = run.stored_by_path(site.base_url)["/w/huge-title"][0]
    title = SALVAGED["/w/huge-title"][0]
    assert doc["title"].endswith(f"{title.rsplit(' ', 1)[0]}…") or doc["title"].endswith(f"{title}…")
    assert run.stat("newswatch/article/cut/title") == 1
    assert re.search(r"title of \d{5} characters cut to \d{3}: " + re.escape(site.url("/w/huge-title")), run.log)


def test_a_megabyte_of_metadata_is_cut_to_its_limits_and_said_so(hostile4):
    site, run = hostile4
    doc = run.stored_by_path(site.base_url)["/w/huge-metadata"][0]
    url = re.escape(site.url("/w/huge-metadata"))
    for field, limit in MAX_CHARS.items():
        assert len(doc[field] or "") <= limit, field
    assert doc["description"].startswith("A long standfirst about the war.") and doc["description"].endswith("…")
    assert doc["tags"][:2] == ["keyword 0", "keyword 1"] and len(doc["tags"]) == MAX_TAGS
    for field, unit in (("description", "characters"), ("section", "characters"), ("tags", "tags")):
        assert run.stat(f"newswatch/article/cut/{field}") == 1, field
        assert re.search(rf"{field} of \d+ {unit} cut to \d+: {url}", run.log), field


def test_an_html_page_served_as_octet_stream_is_read_and_said_so(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/article/untyped_html") == 1
    assert ("served as application/octet-stream, but the bytes are an HTML page; read as one: "
            + site.url("/w/octet-article.html")) in run.log


@pytest.mark.parametrize(("path", "reason", "message"), [
    ("/w/nul-flood", "nul_bytes", "NUL bytes: 8500 removed from the page"),
    ("/w/nested-b", "pathological_nesting", "pathological nesting: the page is nested deeper than libxml2's"),
    ("/w/unknown-charset", "unknown_charset",
     "unknown charset: the <meta> names 'x-no-such-charset', which is no encoding; the bytes decide"),
    ("/w/utf16-bom-utf8-header", "byte_order_mark",
     "byte order mark: the page's utf-16-le BOM wins over the declared charset 'utf-8'"),
    ("/w/utf8-bom-koi8-header", "byte_order_mark",
     "byte order mark: the page's utf-8 BOM wins over the declared charset 'koi8-r'"),
])
def test_what_extraction_repaired_is_logged_with_the_url_and_counted(hostile4, path, reason, message):
    site, run = hostile4
    assert f"page repaired ({reason}): {site.url(path)}: {message}" in run.log
    assert run.stat(f"newswatch/article/repaired/{reason}") == (2 if reason == "byte_order_mark" else 1)


def test_plain_markup_under_a_content_encoding_it_does_not_have_is_read_and_said_so(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/fetch/content_encoding_ignored") == 2
    for path, coding in (("/w/gzip-plain", "gzip"), ("/w/br-plain", "br")):
        assert f"Content-Encoding: {coding} on a body that is plain markup; read as it is: {site.url(path)}" in run.log
    assert f"read as it is: {site.url('/w/gzip-real')}" not in run.log


def test_a_header_charset_that_names_no_encoding_is_set_aside_and_said_so(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/article/unknown_charset") == 1
    assert ("Content-Type names the charset 'x-mac-klingon', which is no encoding; the page decides: "
            + site.url("/w/unknown-header-charset")) in run.log


def test_a_meta_refresh_to_the_pages_own_fragment_is_ignored_and_said_so(hostile4):
    site, run = hostile4
    url = site.url("/w/refresh-to-fragment")
    assert f"meta refresh to the page's own fragment ignored, the page is kept: {url} -> {url}#main" in run.log
    assert run.stat("newswatch/fetch/bad_meta_refresh") == 1
    assert site.hits["/w/refresh-to-fragment"] == 1


def test_redirects_to_javascript_and_down_an_endless_chain_end_with_a_reason(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/fetch/error/bad_redirect") == 2
    assert "redirect to a non-HTTP URL 'javascript:alert(document.cookie)'" in run.log
    assert site.hits["/w/chain"] == 6  # the first request and REDIRECT_MAX_TIMES (5) redirects, no more


def test_one_story_under_unicode_and_percent_encoded_urls_is_fetched_and_stored_once(hostile4):
    site, run = hostile4
    assert sum(site.hits[form] for form in CYRILLIC_FORMS) == 1
    stored = run.stored_by_path(site.base_url)
    assert [len(stored.get(form, [])) for form in CYRILLIC_FORMS] == [0, 1, 0]


def test_urls_differing_only_by_fragment_are_fetched_and_stored_once(hostile4):
    site, run = hostile4
    assert site.hits["/w/fragment"] == 1
    stored = run.stored_by_path(site.base_url)
    assert [len(stored.get(form, [])) for form in FRAGMENT_FORMS] == [1, 0, 0]


def test_a_base_href_on_another_host_does_not_move_the_story_there(hostile4):
    site, run = hostile4
    doc = run.stored_by_path(site.base_url)["/w/base-elsewhere"][0]
    assert doc["canonical_url"] in (None, site.url("/w/base-elsewhere"))
    assert "cdn-elsewhere" not in doc["url_key"]


def test_relative_feed_links_resolve_against_the_feed(hostile4):
    site, run = hostile4
    assert run.stat("newswatch/discovery/entries/rss") >= 4
    for path in ("/w/rel/root", "/w/feeds/sibling", "/w/rel/dotdot"):
        assert site.hits[path] == 1, path


def test_sitemap_lastmod_in_any_format_filters_and_garbage_loses_nothing(hostile4):
    site, run = hostile4
    assert all(site.hits[path] == 1 for path in LASTMOD_FETCHED), [p for p in LASTMOD_FETCHED if not site.hits[p]]
    assert not any(site.hits[path] for path in LASTMOD_SKIPPED), [p for p in LASTMOD_SKIPPED if site.hits[p]]
    assert run.stat("newswatch/discovery/skipped_old") == len(LASTMOD_SKIPPED)
    garbage = [p for p in LASTMOD_FETCHED if "garbage" in p]
    # a date that is there but means nothing is counted and named, and the entry is fetched as undated
    assert run.stat("newswatch/discovery/bad_date") == len(garbage) - 1  # "<![CDATA[]]>" is an empty lastmod
    assert f"{site.url('/w/lastmod.xml')}: 7 entries with unusable date(s) in them ('0001-01-01T00:00:00Z'" in run.log


def test_a_set_cookie_storm_is_not_kept(hostile4):
    site, run = hostile4
    assert site.hits["/w/cookie-storm"] == 1


# --- the same defences, directly -----------------------------------------------------------------------------


def test_idn_and_percent_encoded_forms_of_one_url_share_a_key():
    keys = {url_key(u) for u in ("https://новости.рф/статья#x", "https://xn--b1amnebsh.xn--p1ai/%D1%81%D1%82%D0%B0"
                                 "%D1%82%D1%8C%D1%8F", "https://НОВОСТИ.РФ/%d1%81%d1%82%d0%b0%d1%82%d1%8c%d1%8f")}
    assert len(keys) == 1, keys


def test_escaped_html_and_broken_cdata_in_feed_titles_keep_every_item():
    entries = parse_feed(render(_ESCAPED_FEED, "https://news.example").encode(), "https://news.example/w/escaped.xml")
    assert [e.url for e in entries] == [f"https://news.example/w/escaped-{n}" for n in (1, 2, 3)]
    assert entries[2].title == "After the broken CDATA"
