"""URL keys: every way an outlet links to one article gives one key (table-driven)."""

from __future__ import annotations

import pytest

from newswatch.dedup import canonicalize_url, registered_domain, url_key

SAME_ARTICLE = [
    # (variants of one article's URL..., expected key)
    (
        [
            "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-a80891",
            "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-a80891/",
            "http://themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-a80891"
            "?utm_source=rss&utm_medium=rss&utm_campaign=news",
            "https://WWW.TheMoscowTimes.com:443/2023/04/20/zelensky-presses-nato-on-membership-a80891#comments",
            "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-a80891/amp",
        ],
        "themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-a80891",
    ),
    (
        [
            "https://kyivindependent.com/zelensky-stoltenberg-meet-in-kyiv/",
            "https://kyivindependent.com/amp/zelensky-stoltenberg-meet-in-kyiv/",
            "https://kyivindependent.com/zelensky-stoltenberg-meet-in-kyiv/?fbclid=IwAR3kZx9_abc&ref=fb",
            "https://kyivindependent.com/zelensky-stoltenberg-meet-in-kyiv?mc_cid=8a1b2c&mc_eid=f00ba4",
        ],
        "kyivindependent.com/zelensky-stoltenberg-meet-in-kyiv",
    ),
    (
        [
            "https://meduza.io/en/news/2023/04/20/zelensky-meets-stoltenberg-in-kyiv",
            "https://meduza.io/amp/en/news/2023/04/20/zelensky-meets-stoltenberg-in-kyiv",
            "https://meduza.io/en/news/2023/04/20/zelensky-meets-stoltenberg-in-kyiv?utm_source=telegram&utm_medium=en",
        ],
        "meduza.io/en/news/2023/04/20/zelensky-meets-stoltenberg-in-kyiv",
    ),
    (
        [
            "https://www.ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html",
            "https://m.ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html",
            "https://www.ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.amp.html",
            "https://www.ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html?gclid=Cj0KCQjw",
        ],
        "ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html",
    ),
    (
        [
            "https://www.nato.int/cps/en/natohq/news_213915.htm",
            "https://www.nato.int/cps/en/natohq/news_213915.htm?selectedLocale=en",
            "http://nato.int/cps/en/natohq/news_213915.htm?selectedLocale=en#top",
        ],
        "nato.int/cps/en/natohq/news_213915.htm",
    ),
    (
        [
            "https://www.pravda.com.ua/eng/news/2023/04/20/7398823/",
            "https://m.pravda.com.ua/eng/news/2023/04/20/7398823/",
            "https://www.pravda.com.ua/eng/news/2023/04/20/7398823/amp/",
            "https://www.pravda.com.ua/eng/news/2023/04/20/7398823/?ocid=socialflow_twitter",
        ],
        "pravda.com.ua/eng/news/2023/04/20/7398823",
    ),
    (
        [
            "https://www.bbc.com/ukrainian/articles/c4nqd1z7x7wo",
            "https://www.bbc.com/ukrainian/articles/c4nqd1z7x7wo?at_medium=RSS&at_campaign=KARANGA",
            "https://www.bbc.com/ukrainian/articles/c4nqd1z7x7wo.amp",
            "https://www.bbc.com/ukrainian/articles/c4nqd1z7x7wo?xtor=AL-73-%5Bpartner%5D",
        ],
        "bbc.com/ukrainian/articles/c4nqd1z7x7wo",
    ),
    (
        [
            "https://tass.ru/politika/17567891",
            "https://tass.ru/politika/17567891?utm_source=yandex.ru&utm_medium=organic&utm_referrer=yandex.ru",
            "https://tass.ru/politika/17567891?yclid=1234567890",
            "https://mobile.tass.ru/politika/17567891",
        ],
        "tass.ru/politika/17567891",
    ),
    (
        [
            "https://www.reuters.com/world/europe/nato-chief-stoltenberg-visits-kyiv-2023-04-20/",
            "https://www.reuters.com/world/europe/nato-chief-stoltenberg-visits-kyiv-2023-04-20/?outputType=amp",
            "https://www.reuters.com/world/europe/nato-chief-stoltenberg-visits-kyiv-2023-04-20/?taid=6441a3b2",
        ],
        "reuters.com/world/europe/nato-chief-stoltenberg-visits-kyiv-2023-04-20",
    ),
    (
        [
            "https://www.theguardian.com/world/2023/apr/20/jens-stoltenberg-kyiv-visit-nato",
            "https://amp.theguardian.com/world/2023/apr/20/jens-stoltenberg-kyiv-visit-nato",
            "https://www.theguardian.com/world/2023/apr/20/jens-stoltenberg-kyiv-visit-nato?CMP=share_btn_tw",
            "https://www.theguardian.com/world/2023/apr/20/jens-stoltenberg-kyiv-visit-nato?CMP=Share_iOSApp_Other",
        ],
        "theguardian.com/world/2023/apr/20/jens-stoltenberg-kyiv-visit-nato",
    ),
]


@pytest.mark.parametrize(("variants", "expected"), SAME_ARTICLE, ids=[e for _, e in SAME_ARTICLE])
def test_every_variant_of_an_article_gets_the_same_key(variants, expected):
    assert [url_key(v) for v in variants] == [expected] * len(variants)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # article-identifying parameters are kept, the query sorted, tracking dropped
        ("https://www.facebook.com/permalink.php?story_fbid=123&id=456&fbclid=x",
         "facebook.com/permalink.php?id=456&story_fbid=123"),
        ("https://example-news.com/?p=456&amp=1&utm_source=tw", "example-news.com/?p=456"),
        ("https://interfax.com.ua/news/view.php?id=912345&ref=rss", "interfax.com.ua/news/view.php?id=912345"),
        ("https://www.rbc.ru/rbcfreenews/6441a3b29a79470?from=newsfeed&spm=a2g0o",
         "rbc.ru/rbcfreenews/6441a3b29a79470"),
        ("https://nv.ua/ukr/world/news.html?page=2&sort=date", "nv.ua/ukr/world/news.html?page=2&sort=date"),
        # non-ASCII paths are percent-encoded once and stay stable
        ("https://www.ukrinform.ua/rubric-ato/3700000-розвідка.html",
         "ukrinform.ua/rubric-ato/3700000-%D1%80%D0%BE%D0%B7%D0%B2%D1%96%D0%B4%D0%BA%D0%B0.html"),
        # local test sites: the port is part of the site
        ("http://127.0.0.1:8123/news/1/?utm_source=x", "127.0.0.1:8123/news/1"),
        ("https://www.nato.int/", "nato.int"),
    ],
)
def test_key_keeps_what_identifies_the_article(url, expected):
    assert url_key(url) == expected


def test_different_articles_keep_different_keys():
    keys = {
        url_key("https://www.ukrinform.net/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html"),
        url_key("https://www.ukrinform.ua/rubric-ato/3699652-stoltenberg-arrives-in-kyiv.html"),
        url_key("https://interfax.com.ua/news/view.php?id=912345"),
        url_key("https://interfax.com.ua/news/view.php?id=912346"),
        url_key("https://www.nato.int/cps/en/natohq/news_213915.htm"),
        url_key("https://www.nato.int/cps/uk/natohq/news_213915.htm"),
        url_key("https://www.bbc.com/news/world-europe-65335432"),
        url_key("https://www.bbc.co.uk/news/world-europe-65335432"),
        url_key("https://www.example.com/News/Story"),
        url_key("https://www.example.com/news/story"),
    }
    assert len(keys) == 10


@pytest.mark.parametrize(
    ("url", "canonical", "expected"),
    [
        # AMP page pointing at its article: the canonical wins
        ("https://amp.theguardian.com/world/2023/apr/20/x", "https://www.theguardian.com/world/2023/apr/20/x",
         "theguardian.com/world/2023/apr/20/x"),
        # relative canonical resolved against the page
        ("https://kyivindependent.com/amp/x/?utm_source=tg", "/x/", "kyivindependent.com/x"),
        # og:url with tracking is still cleaned
        ("https://www.themoscowtimes.com/a", "https://www.themoscowtimes.com/b?utm_source=og", "themoscowtimes.com/b"),
        # other site (syndication partner or an outlet's sister site): ignored
        ("https://www.ukrinform.net/rubric-ato/1-a.html", "https://www.ukrinform.ua/rubric-ato/1-a.html",
         "ukrinform.net/rubric-ato/1-a.html"),
        ("https://www.yahoo.com/news/russia-rates-123.html", "https://www.reuters.com/markets/russia-rates/",
         "yahoo.com/news/russia-rates-123.html"),
        # a template canonical to the home page is a bug, not a hint
        ("https://tass.ru/politika/17567891", "https://tass.ru/", "tass.ru/politika/17567891"),
        ("https://tass.ru/politika/17567891", "", "tass.ru/politika/17567891"),
    ],
)
def test_canonical_used_only_on_the_same_site(url, canonical, expected):
    assert url_key(url, canonical) == expected


def test_canonicalize_url_stays_fetchable():
    assert canonicalize_url("http://amp.theguardian.com/world/x/amp?CMP=share_btn_tw&filter=key-events#block-1") == (
        "http://theguardian.com/world/x?filter=key-events"
    )
    assert canonicalize_url("https://www.nato.int/cps/en/natohq/news_1.htm?selectedLocale=en") == (
        "https://www.nato.int/cps/en/natohq/news_1.htm"
    )


@pytest.mark.parametrize("garbage", [None, "", "   ", "not a url", "ftp://x.org/a", "http://[::1", "https://", 42])
def test_garbage_never_raises(garbage):
    assert isinstance(url_key(garbage), str)
    assert isinstance(url_key("https://tass.ru/a", garbage), str)
    assert isinstance(canonicalize_url(garbage), str)
    assert isinstance(registered_domain(garbage), str)


def test_registered_domain():
    assert registered_domain("https://amp.theguardian.com/x") == "theguardian.com"
    assert registered_domain("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert registered_domain("http://127.0.0.1:8123/a") == "127.0.0.1:8123"
