"""Hostile input, second round: the cases tests/test_hostile.py does not try, in one real `scrapy crawl` of the
mock site (routes in tests/mocksite/hostile2.py). The crawl must finish without a traceback, every bad thing
must be logged with its reason and counted, and every good article stored once.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import subprocess
import zlib
from pathlib import Path

import brotli
import pymongo
import pytest
from scrapy.exceptions import IgnoreRequest

from newswatch._safety import BadRedirect, fetch_error_reason
from newswatch.discovery import NotXMLError, parse_feed, parse_sitemap
from newswatch.process import process_article
from newswatch.storage._spill import Journal, to_document
from tests._mongo_server import NxServer, nx_available
from tests.crawling import run_crawl
from tests.mocksite import MockNewsSite, bulk_routes
from tests.mocksite.hostile2 import COPIES, FEEDS, GOOD_COUNT, REJECTED, SALVAGED, SITEMAPS, hostile2_routes, lead
from tests.test_faults import _articles_served, _when

_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


@pytest.fixture(scope="module")
def hostile2(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile2")
    with MockNewsSite(routes=hostile2_routes()) as site:
        run = run_crawl(work, args={"feeds": ",".join(site.url(p) for p in FEEDS),
                                    "sitemaps": ",".join(site.url(p) for p in SITEMAPS), "since": "all"},
                        # one retry: the slowloris page costs 2 x DOWNLOAD_TIMEOUT, not 4
                        settings={"DOWNLOAD_WARNSIZE": "0", "DOWNLOAD_TIMEOUT": "5", "RETRY_TIMES": "1"}, timeout=240)
        yield site, run



def test_crawl_finishes_without_a_traceback_and_every_good_article_is_stored_once(hostile2):
    site, run = hostile2
    run.assert_finished_cleanly()
    stored = run.stored_by_path(site.base_url)
    for n in range(GOOD_COUNT):
        assert len(stored.get(f"/bulk/{n}", [])) == 1, f"/bulk/{n} not stored exactly once"


@pytest.mark.parametrize("path", list(SALVAGED))
def test_hostile_delivery_of_a_good_story_still_stores_it_clean(hostile2, path):
    site, run = hostile2
    title, lang = SALVAGED[path]
    docs = [doc for p, docs in run.stored_by_path(site.base_url).items() if p.split("?")[0] == path for doc in docs]
    assert len(docs) == 1, f"{path} not stored once; log tail:\n{run.log[-3000:]}"
    doc = docs[0]
    assert doc["title"] == title
    assert lead(title, lang) in doc["body"]
    assert "\ufffd" not in doc["body"] and "Ð" not in doc["body"] and "Р°" not in doc["body"]  # no mojibake
    for field, value in doc.items():  # no NUL, no lone surrogate anywhere (journal, SQLite and BSON refuse them)
        assert not (isinstance(value, str) and _BAD_CHARS.search(value)), (field, value)


@pytest.mark.parametrize("path", list(REJECTED))
def test_page_that_cannot_be_an_article_is_counted_with_its_reason(hostile2, path):
    site, run = hostile2
    assert path not in run.stored_by_path(site.base_url)
    assert run.stat(REJECTED[path]) >= 1, {k: v for k, v in run.stats.items() if k.startswith("newswatch/")}


def test_each_rejection_is_logged_with_what_was_wrong(hostile2):
    site, run = hostile2
    base = site.base_url
    for line in (
        f"fetch failed (redirect_loop): {base}/x/meta-self (redirect loop: {base}/x/meta-self -> {base}/x/meta-self)",
        f"fetch failed (redirect_loop): {base}/x/meta-loop-b (redirect loop: {base}/x/meta-loop-a -> "
        f"{base}/x/meta-loop-b -> {base}/x/meta-loop-a)",
        f"fetch failed (bad_redirect): {base}/x/redirect-file (redirect to a non-HTTP URL 'file:///etc/passwd')",
        f"fetch failed (bad_redirect): {base}/x/redirect-bad-url (redirect to an unusable URL 'http://[::1/broken'",
        f"fetch failed (bad_content_encoding): {base}/x/br-garbage (brotli: decoder failed)",
        f"Content-Encoding: gzip on a body that is plain markup; read as it is: {base}/x/gzip-lie",
        f"fetch failed (timeout): {base}/x/slowloris",
        "Dropped: error_page: " + f"{base}/x/cloudflare",
    ):
        assert line in run.log, line
    assert run.stat("newswatch/fetch/error/bad_redirect") == 5
    assert run.stat("newswatch/fetch/error/redirect_loop") == 2
    # the "Access Denied", Cloudflare and "Page not found" pages served with 200
    assert run.stat("newswatch/dropped/error_page") == 3


def test_damaged_gzip_sitemaps_yield_the_entries_before_the_damage(hostile2):
    site, run = hostile2
    stored = run.stored_by_path(site.base_url)
    assert all(f"/bulk/{n}" in stored for n in range(5))  # 0..2 before the cut, 3..4 before the corruption
    assert site.hits["/x/lost-after-the-cut"] == 0
    assert "the gzip stream is cut short after" in run.log and "the gzip stream is corrupt" in run.log
    assert run.stat("newswatch/discovery/bad_document") == 0


def test_sitemap_index_loops_read_each_sitemap_once(hostile2):
    site, run = hostile2
    assert site.hits["/x/index-a.xml"] == site.hits["/x/index-b.xml"] == 1
    assert site.hits["/x/sitemap-5.xml"] == site.hits["/x/sitemap-6.xml"] == 1


def test_one_unusable_link_does_not_lose_the_rest_of_its_feed_or_index(hostile2):
    site, run = hostile2
    stored = run.stored_by_path(site.base_url)
    assert "/bulk/7" in stored and "/bulk/8" in stored  # listed after an unclosed IPv6 literal


def test_feeds_in_other_encodings_and_content_types_are_read(hostile2):
    site, run = hostile2
    stored = run.stored_by_path(site.base_url)
    assert "/bulk/9" in stored  # XML with a UTF-8 BOM, served as text/html
    assert "/bulk/10" in stored  # UTF-16
    # windows-1251 (charset in the HTTP header only) and KOI8-R (no charset anywhere), with unescaped Cyrillic
    # links: read as UTF-8 the links were U+FFFD and led nowhere (the stories are in SALVAGED)
    assert "read as windows-1251 (its HTTP header)" in run.log and "read as detected" in run.log


def test_an_unusable_meta_refresh_is_ignored_and_the_page_kept(hostile2):
    site, run = hostile2
    assert run.stat("newswatch/fetch/bad_meta_refresh") == 2  # the pages themselves are in SALVAGED
    assert f"unusable meta refresh on {site.base_url}/x/bad-meta-refresh ignored, the page is kept" in run.log


def test_a_utf16_label_on_bytes_that_cannot_be_utf16_is_ignored(hostile2):
    site, run = hostile2
    assert run.stat("newswatch/article/impossible_charset") == 1  # the page itself is in SALVAGED
    assert f"Content-Type says utf-16, but the bytes cannot be; the charset is detected instead: {site.base_url}" \
        in run.log


def test_a_response_shorter_than_its_content_length_is_retried_then_kept(hostile2):
    site, run = hostile2
    assert site.hits["/x/lying-length"] == 2  # RETRY_TIMES=1 in this crawl
    assert run.stat("newswatch/fetch/cut_short/retried") == 1 and run.stat("newswatch/fetch/cut_short/kept") == 1
    assert "response cut short 2 time(s)" in run.log


def test_one_story_at_many_query_string_urls_is_stored_once(hostile2):
    site, run = hostile2
    stored = run.stored_by_path(site.base_url)
    copies = [doc for path, docs in stored.items() if path.startswith("/x/copied") for doc in docs]
    assert len(copies) == 1
    assert run.stat("newswatch/dedup/alias") == COPIES - 1


def test_soft_404_served_with_200_is_not_stored_as_an_article(hostile2):
    site, run = hostile2
    assert "/x/soft-404" not in run.stored_by_path(site.base_url)
    assert run.stat("newswatch/dropped/error_page") >= 1


def test_lone_surrogates_in_json_ld_are_dropped_not_the_article(hostile2):
    site, run = hostile2
    doc = run.stored_by_path(site.base_url)["/x/surrogates-jsonld"][0]
    assert doc["authors"] == ["Olena Kovalenko"]
    assert "dropped lone UTF-16 surrogates" in run.log
    assert run.stat("newswatch/store/repaired/surrogates") >= 1


# --- the same defences, directly -----------------------------------------------------------------------------


def _sitemap(count: int) -> bytes:
    urls = "".join(f"<url><loc>https://news.example/story/{n}</loc></url>" for n in range(count))
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_gzip_sitemap_keeps_whole_urls_only(cut):
    data = gzip.compress(_sitemap(2000), 9)
    entries = parse_sitemap(data[: int(len(data) * cut)], "https://news.example/sitemap.xml.gz").entries
    assert 0 < len(entries) < 2000
    assert [e.url for e in entries] == [f"https://news.example/story/{n}" for n in range(len(entries))]


def test_gzip_that_inflates_to_nothing_is_refused():
    with pytest.raises(NotXMLError, match="nothing could be inflated"):
        parse_sitemap(b"\x1f\x8b\x08\x00" + b"\xff" * 100, "https://news.example/sitemap.xml.gz")
    with pytest.raises(NotXMLError, match="cut short"):
        parse_sitemap(gzip.compress(_sitemap(10))[:12], "https://news.example/sitemap.xml.gz")


def test_plain_xml_cut_mid_text_does_not_yield_a_fragment_as_a_link():
    body = _sitemap(5)
    cut = body[: body.index(b"/story/4") + 9]  # "<loc>https://news.example/story/4" and nothing after
    assert [e.url for e in parse_sitemap(cut, "https://news.example/").entries][-1].endswith("/story/3")
    utf16 = body.decode().encode("utf-16")  # ">" is two bytes there: the fragment rule leaves such XML alone
    assert len(parse_sitemap(utf16[:-40], "https://news.example/").entries) == 5


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
@pytest.mark.parametrize("header", [None, "utf-8", "{encoding}"])
@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="UTF-8"?>\n'])
def test_legacy_cyrillic_feed_claiming_utf8_or_nothing_keeps_its_links(encoding, header, declaration):
    feed = (f'{declaration}<rss version="2.0"><channel><item><title>Обломки повредили линию</title>'
            "<link>https://news.example/новости/удар-по-энергетике</link></item></channel></rss>").encode(encoding)
    [entry] = parse_feed(feed, "https://news.example/", header and header.format(encoding=encoding))
    assert entry.url == "https://news.example/новости/удар-по-энергетике"
    assert entry.title == "Обломки повредили линию"


def test_feed_declaring_its_legacy_encoding_or_valid_utf8_is_read_as_it_says():
    feed = ('<?xml version="1.0" encoding="windows-1251"?><rss><channel><item><title>Киев</title>'
            "<link>https://news.example/киев</link></item></channel></rss>")
    assert parse_feed(feed.encode("cp1251"), "https://news.example/", "utf-8")[0].title == "Киев"
    utf8 = feed.replace("windows-1251", "UTF-8").encode()
    assert parse_feed(utf8, "https://news.example/", "windows-1251")[0].url == "https://news.example/киев"


def test_atom_links_resolve_against_xml_base():
    feed = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/world/"><title>t</title>
<entry><link href="2026/11/a"/><id>1</id></entry>
<entry xml:base="/ukraine/"><link href="b"/><id>2</id></entry>
<entry><link xml:base="https://other.example/x/" href="c"/><id>3</id></entry>
<entry><link href="https://abs.example/d"/><id>4</id></entry></feed>"""
    entries = parse_feed(feed, "https://cdn.feeds.example/atom.xml")
    assert [e.url for e in entries] == ["https://news.example/world/2026/11/a", "https://news.example/ukraine/b",
                                        "https://other.example/x/c", "https://abs.example/d"]
    assert {e.source_url for e in entries} == {"https://cdn.feeds.example/atom.xml"}


@pytest.mark.parametrize("link", ["http://[::1/x", "http://[fe80::1", "https://[bad]ipv6/", "//[::1"])
def test_feed_with_an_unparsable_link_keeps_its_other_entries(link):
    feed = (f'<rss version="2.0"><channel><item><link>{link}</link></item>'
            "<item><link>https://news.example/good</link></item></channel></rss>").encode()
    assert [e.url for e in parse_feed(feed, "https://news.example/")] == ["https://news.example/good"]


def test_corrupt_deflate_inside_gzip_is_not_mistaken_for_a_whole_document():
    data = bytearray(gzip.compress(_sitemap(3000), 9))
    data[len(data) // 2: len(data) // 2 + 32] = b"\x00" * 32
    try:
        entries = parse_sitemap(bytes(data), "https://news.example/sitemap.xml.gz").entries
    except NotXMLError:
        return  # refused as a whole is fine too; raising anything else is not
    assert 0 < len(entries) <= 3000


def test_journal_and_document_never_carry_lone_surrogates(tmp_path):
    item = {"url": "https://news.example/a", "url_key": "news.example/a", "title": "Broken \ud83d emoji",
            "authors": ["Olena \udc00Kovalenko"], "topics": {"ukraine\ud800": {"terms": ["Kyiv\udfff"]}},
            "fingerprints": {"signature": list(range(64))}}
    doc = to_document(item)
    assert doc["title"] == "Broken  emoji" and doc["authors"] == ["Olena Kovalenko"]
    assert doc["topics"] == {"ukraine": {"terms": ["Kyiv"]}} and doc["fingerprints"] == item["fingerprints"]
    journal = Journal(tmp_path)
    journal.append(doc)  # used to raise UnicodeEncodeError, losing the article
    journal.close()
    clean = {"url": "https://news.example/b", "title": "Привіт", "tags": ("a", "b")}
    assert to_document(clean) == clean


# --- the database's disk fills up mid-crawl --------------------------------------------------------------------


@contextlib.contextmanager
def _tiny_disk(path: Path, size: str):
    """A tmpfs of ``size`` at ``path`` (needs the right to mount, as root in a container); skips otherwise."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _fill(directory: Path) -> Path:
    """Take every free byte of ``directory``'s file system."""
    filler = directory / "filler"
    with open(filler, "wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    return filler


def test_disk_full_mid_crawl_spills_then_replays_when_space_is_back(tmp_path):
    """The database's file system fills up a third of the way in and gets space back at two thirds: the
    batches that hit the full disk are spilled (not failed item by item), and replayed in the same run."""
    count = 30
    with _tiny_disk(tmp_path / "disk", "4m") as disk, MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
        db_path = disk / "newswatch.sqlite3"
        filler = disk / "filler"
        full = _when(lambda: _articles_served(site) >= count // 3, lambda: _fill(disk))
        freed = _when(lambda: _articles_served(site) >= 2 * count // 3, lambda: filler.unlink(missing_ok=True))
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, db_path=db_path, settings={
            "NEWSWATCH_STORE_BATCH_SIZE": "3", "NEWSWATCH_STORE_RETRY_DELAYS": "0.1,0.2", "CONCURRENT_REQUESTS": "2",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSWATCH_EXTRACT_WORKERS": "0"},
            env={"NEWSWATCH_SQLITE_TIMEOUT": "0.2"})
        full.join()
        freed.join()
        docs = run.stored()
    assert run.returncode == 0, run.log[-3000:]
    assert not any(key.startswith("newswatch/item_error/") for key in run.stats), run.log[-5000:]
    assert run.stat("newswatch/store/spilled") >= 3, run.log[-3000:]
    assert "database or disk is full" in run.log
    assert run.stat("newswatch/store/replayed") == run.stat("newswatch/store/spilled")
    paths = sorted(doc["url"].removeprefix(site.base_url) for doc in docs)
    assert paths == sorted(f"/bulk/{n}" for n in range(count))
    assert not list((tmp_path / "spill").glob("*.jsonl"))


# --- MongoDB killed outright mid-crawl -------------------------------------------------------------------------


@pytest.mark.skipif(not nx_available(), reason="nx-27017 is not installed")
def test_mongodb_killed_mid_crawl_and_restarted_stores_each_article_once(tmp_path):
    """SIGKILL, not a clean stop: connections drop mid-write with no goodbye; the server comes back on the same
    port (the same data) a moment later. Every article ends up in the collection exactly once."""
    count = 18
    server = NxServer(tmp_path / "nx").start()

    def kill():
        server.process.kill()
        server.process.wait(5)
        server.process = None

    try:
        with MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
            killed = _when(lambda: _articles_served(site) >= count // 3, kill)
            back = _when(lambda: _articles_served(site) >= 2 * count // 3, server.start)
            run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings={
                "NEWSWATCH_STORE_BATCH_SIZE": "3", "NEWSWATCH_STORE_RETRY_DELAYS": "0.1,0.2",
                "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSWATCH_EXTRACT_WORKERS": "0"},
                env={"NEWSWATCH_MONGO_TIMEOUT_MS": "300", "MONGO_URI": server.uri, "MONGO_DATABASE": "killed"})
            killed.join()
            back.join()
        assert run.returncode == 0, run.log[-3000:]
        assert not any(key.startswith("newswatch/item_error/") for key in run.stats), run.log[-5000:]
        assert run.stat("newswatch/store/spilled") >= 1, run.log[-3000:]
        assert run.stat("newswatch/store/replayed") == run.stat("newswatch/store/spilled")
        with pymongo.MongoClient(server.uri, serverSelectionTimeoutMS=2000) as client:
            docs = list(client["killed"]["articles"].find({}, {"url": 1, "url_key": 1}))
        paths = sorted(doc["url"].removeprefix(site.base_url) for doc in docs)
        assert paths == sorted(f"/bulk/{n}" for n in range(count))
        assert not list((tmp_path / "spill").glob("*.jsonl"))
    finally:
        server.stop()


def test_spider_skips_a_url_scrapy_refuses_and_goes_on_with_the_rest():
    """Defence behind discovery's own checks: a URL scrapy.Request raises on (a bad port) is counted and skipped;
    before, the exception ended the callback and every entry (or child sitemap) after it was lost."""
    from scrapy.utils.test import get_crawler

    from newswatch.discovery import Entry
    from newswatch.spiders.feeds import FeedsSpider

    crawler = get_crawler(FeedsSpider, {"NEWSWATCH_EXTRACT_WORKERS": "0"})
    spider = FeedsSpider.from_crawler(crawler, feeds="https://news.example/rss.xml")
    crawler.stats.open_spider()
    entries = [Entry(url=url, via="rss", source_url="https://news.example/rss.xml")
               for url in ("https://news.example:99999/a", "https://news.example/b", "https://news.example:x/c")]
    assert [r.url for r in spider._hand_out(entries, [])] == ["https://news.example/b"]
    pending = ["https://news.example:70000/one.xml", "https://news.example/two.xml", "https://news.example/three.xml"]
    [child] = spider._next_sitemap(pending)
    assert child.url == "https://news.example/two.xml" and child.meta["newswatch_next_sitemaps"] == pending[2:]
    assert crawler.stats.get_value("newswatch/discovery/bad_link") == 3


@pytest.mark.parametrize(("exception", "reason"), [
    (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
    (BadRedirect("redirect to a non-HTTP URL 'file:///etc/passwd'"), "bad_redirect"),
    (gzip.BadGzipFile("Not a gzipped file (b'<!')"), "bad_content_encoding"),
    (zlib.error("Error -3 while decompressing data"), "bad_content_encoding"),
    (brotli.error("brotli: decoder failed"), "bad_content_encoding"),
    (ValueError("something else"), "ValueError"),
])
def test_fetch_error_reasons_name_what_went_wrong(exception, reason):
    assert fetch_error_reason(exception) == reason


# --- a database file that is not a database ------------------------------------------------------------------


def test_corrupt_sqlite_file_is_an_unavailable_store_and_the_spill_is_replayed_once_it_is_replaced(tmp_path):
    """A garbage or damaged file at NEWSWATCH_DB_PATH ("file is not a database"): the crawl used to die at start
    with a traceback and fetch nothing. Now it crawls, spills every article and raises store_unavailable; once the
    operator moves the bad file away, the next run stores them all, once."""
    count = 5
    db_path = tmp_path / "newswatch.sqlite3"
    db_path.write_bytes(b"this is not a database at all\n" * 1000)
    routes = bulk_routes(count)
    routes["/empty.xml"] = lambda handler, base: (200, "application/rss+xml",
                                                  b'<rss version="2.0"><channel><title>e</title></channel></rss>', None)
    fast = {"NEWSWATCH_STORE_RETRY_DELAYS": "0.1"}
    with MockNewsSite(routes=routes) as site:
        broken = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, settings=fast, db_path=db_path,
                           env={"NEWSWATCH_SQLITE_TIMEOUT": "0.2"})
        assert broken.returncode == 0, broken.log[-3000:]
        assert broken.stats["finish_reason"] == "finished"
        assert "Task exception was never retrieved" not in broken.log
        assert "unavailable at start" in broken.log and "file is not a database" in broken.log
        assert broken.stat("newswatch/store/spilled") == count == broken.stat("item_scraped_count")
        assert broken.stat("newswatch/alarms/store_unavailable") == 1
        db_path.rename(tmp_path / "newswatch.sqlite3.corrupt")
        again = run_crawl(tmp_path, args={"feeds": site.url("/empty.xml")}, settings=fast, db_path=db_path)
    assert again.stat("newswatch/store/replayed") == count, again.log[-3000:]
    assert sorted(doc["url"].removeprefix(site.base_url) for doc in again.stored()) == sorted(
        f"/bulk/{n}" for n in range(count))


def test_database_file_deleted_mid_crawl_is_written_back_not_lost(tmp_path):
    """The SQLite file (and its -wal, -shm) deleted half-way through a crawl: the open connection went on writing
    into the deleted file, the run reported every article inserted, and the file at the path held none of them."""
    count = 18
    db_path = tmp_path / "newswatch.sqlite3"

    def delete():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)

    with MockNewsSite(routes=bulk_routes(count, latency=0.05)) as site:
        deleted = _when(lambda: _articles_served(site) >= count // 2, delete)
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")}, db_path=db_path, settings={
            "NEWSWATCH_STORE_BATCH_SIZE": "3", "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
            "NEWSWATCH_EXTRACT_WORKERS": "0"})
        deleted.join()
    assert run.returncode == 0, run.log[-3000:]
    assert "was deleted while the crawl had it open; writing what the crawl still holds back to it" in run.log
    assert sorted(doc["url"].removeprefix(site.base_url) for doc in run.stored()) == sorted(
        f"/bulk/{n}" for n in range(count))


def test_a_utf8_page_under_a_utf16_label_keeps_its_text_outside_the_spider_too():
    # process_article is also the library path (newswatch extract): it must not trust a UTF-16 label that the
    # bytes cannot carry (nearly any even-length bytes decode as UTF-16, into CJK noise).
    html = ("<html><head><title>Київ під обстрілом</title></head><body><article><p>"
            + "Російські дрони атакували місто вночі. " * 40 + "</p></article></body></html>").encode()
    html += b" " * (len(html) % 2)
    item = process_article(html, "https://kyiv.example/news/1", declared_encoding="utf-16")["item"]
    assert item["title"] == "Київ під обстрілом"
    assert "Російські дрони" in item["body"]
