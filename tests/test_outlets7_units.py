"""Outlets round 7's fix on its own: where a story is stored when its page names its own address
(``newswatch.loaders``: a canonical that is the fetched URL less a feed's campaign parameter, or the page's
own-language hreflang naming the same edition without its ``/en/`` mark); tests/fixtures/outlets7 ``dw7``,
``kyivindependent7``."""

from __future__ import annotations

from newswatch.loaders import build_article

PAGE = {"title": "Germany to send Ukraine two more IRIS-T systems", "language": "ru", "body": "Берлин передаст.",
        "published_at": "2026-11-27T11:40:00+01:00"}


def test_a_canonical_without_the_feeds_campaign_parameter_is_the_stored_address():
    url = "https://www.dw.com/ru/germanija-peredast/a-74912345?maca=rus-rss-ru-all-1127-xml-mrss"
    plain = "https://www.dw.com/ru/germanija-peredast/a-74912345"
    item = build_article({**PAGE, "canonical_url": plain}, url=url, source="dw")
    assert item["url"] == plain and item["canonical_url"] == plain
    assert url in item["urls"]  # the link as the feed gave it stays an alias
    # a canonical keeping some of the query (the parameter that selects the story) is this page less the rest
    paged = build_article({**PAGE, "canonical_url": "https://site.ua/news?id=7"}, url="https://site.ua/news?id=7&f=rss",
                          source="site")
    assert paged["url"] == "https://site.ua/news?id=7"


def test_a_canonical_on_another_path_or_query_leaves_the_fetched_url():
    url = "https://site.ua/news?id=7"
    for canonical in ("https://site.ua/news?id=8", "https://site.ua/news/7", "https://site.ua/news?id=7&lang=ru",
                      "http://site.ua/news?id=7", "https://other.ua/news?id=7"):
        assert build_article({**PAGE, "canonical_url": canonical}, url=url, source="site")["url"] == url, canonical


def test_an_edition_alias_named_by_its_own_hreflang_is_stored_at_the_unmarked_address():
    url = "https://kyivindependent.com/en/russian-strikes-leave-odesa-without-water/"
    own = "https://kyivindependent.com/russian-strikes-leave-odesa-without-water/"
    uk = "https://kyivindependent.com/uk/rosiyski-udary-zalyshyly-odesu-bez-vody/"
    page = {**PAGE, "language": "en", "canonical_url": own, "alternates": {"en": own, "uk": uk, "x-default": own}}
    item = build_article(page, url=url, source="ki")
    assert item["url"] == own and item["url_key"] == "kyivindependent.com/russian-strikes-leave-odesa-without-water"
    assert url in item["urls"]


def test_a_translation_whose_canonical_is_the_original_keeps_its_own_address():
    url = "https://kyivindependent.com/uk/rosiyski-udary-zalyshyly-odesu-bez-vody/"
    original = "https://kyivindependent.com/russian-strikes-leave-odesa-without-water/"
    # the uk page's canonical names the en original (a template slip); its hreflang names it for en, not uk
    page = {**PAGE, "language": "uk", "canonical_url": original, "alternates": {"en": original, "uk": url}}
    item = build_article(page, url=url, source="ki")
    assert item["url"] == url and item["canonical_url"] == url
    # no hreflang at all: the edition mark decides, as before
    bare = build_article({**PAGE, "language": "en", "canonical_url": original}, url=url.replace("/uk/", "/en/"),
                         source="ki")
    assert bare["url"] == url.replace("/uk/", "/en/")


def test_a_json_feeds_next_url_is_its_next_page():
    from newswatch.discovery import Notes, parse_feed

    body = ('{"version": "https://jsonfeed.org/version/1.1", "title": "LIGA", "next_url": "feed.json?page=2", '
            '"items": [{"id": "1", "url": "https://www.liga.net/ua/news/1", '
            '"date_published": "2026-11-27T10:00:00+02:00"}]}')
    notes = Notes()
    entries = parse_feed(body.encode(), "https://www.liga.net/news/all/feed.json", notes=notes)
    assert [e.url for e in entries] == ["https://www.liga.net/ua/news/1"]
    assert notes.next_page == "https://www.liga.net/news/all/feed.json?page=2"
    last = Notes()
    parse_feed(body.replace('"next_url": "feed.json?page=2", ', "").encode(), "https://www.liga.net/f.json", notes=last)
    assert last.next_page is None


def test_the_unmarked_alias_of_a_default_edition_is_stored_at_its_marked_canonical():
    # the mirror of kyivindependent7: the site's default edition lives under /ua/, and /news/1 serves the same page
    url, own = "https://site.ua/news/1-zsu-vidbyly-shturm", "https://site.ua/ua/news/1-zsu-vidbyly-shturm"
    page = {**PAGE, "language": "uk", "canonical_url": own,
            "alternates": {"uk": own, "ru": "https://site.ua/ru/news/1-vsu-otbili-shturm"}}
    assert build_article(page, url=url, source="site")["url"] == own
    # without the hreflang naming it, the canonical keys the story and the fetched URL stays its address
    assert build_article({**page, "alternates": {}}, url=url, source="site")["url"] == url


def test_a_feedburner_items_original_link_is_its_address():
    from newswatch.discovery import parse_feed

    rss = ('<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel><title>BD</title>'
           '<item><title>Poland signs for more Patriot batteries</title>'
           '<link>http://feedproxy.google.com/~r/BreakingDefense/~3/Qx7vT2mZk1o/</link>'
           '<guid isPermaLink="false">https://breakingdefense.com/?p=338811</guid>'
           '<feedburner:origLink>https://breakingdefense.com/2026/11/poland-patriot/</feedburner:origLink></item>'
           '<item><title>Pentagon weighs faster replenishment</title>'
           '<link>http://feedproxy.google.com/~r/BreakingDefense/~3/Lw3nR8pDa0c/</link></item>'
           '<item><title>A broken original link</title><link>https://breakingdefense.com/2026/11/a/</link>'
           '<feedburner:origLink>javascript:void(0)</feedburner:origLink></item></channel></rss>')
    urls = [e.url for e in parse_feed(rss.encode(), "https://feeds.feedburner.com/BreakingDefense")]
    assert urls == ["https://breakingdefense.com/2026/11/poland-patriot/",
                    "http://feedproxy.google.com/~r/BreakingDefense/~3/Lw3nR8pDa0c/",
                    "https://breakingdefense.com/2026/11/a/"]
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">'
            '<entry><title>t</title><link rel="alternate" href="http://feedproxy.google.com/~r/X/~3/abc/"/>'
            '<id>tag:x,2026:1</id><updated>2026-11-27T10:00:00Z</updated>'
            '<feedburner:origLink>https://x.com/2026/11/story/</feedburner:origLink></entry></feed>')
    assert [e.url for e in parse_feed(atom.encode(), "https://feeds.feedburner.com/X")] == ["https://x.com/2026/11/story/"]
