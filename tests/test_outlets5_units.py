"""Outlets round 5, the fix behind it, directly: the titles and names a feed gives are read as a feed reader shows
them (HTML entities and tags inside CDATA, double-escaped text, Atom ``type="html"``), and the repairs of broken XML
never touch CDATA, which is literal text (the Медуза and LB.ua feeds of ``tests/fixtures/outlets5``)."""

from __future__ import annotations

from datetime import datetime

from newswatch.discovery import Notes, parse_feed, parse_sitemap


def _rss(items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>Стрічка</title><link>https://news.example/</link>{items}</channel></rss>").encode()


def test_entities_and_raw_ampersands_inside_cdata_titles_are_read_as_text_and_repair_nothing():
    notes = Notes()
    entries = parse_feed(_rss(
        "<item><title><![CDATA[Суд в&nbsp;Москве арестовал журналистку &laquo;Медузы&raquo;]]></title>"
        "<link>/news/2026/11/21/sud</link><dc:creator><![CDATA[Олена &amp; Ко]]></dc:creator></item>"
        "<item><title><![CDATA[Tom & Jerry &quot;Live&quot;]]></title><link>/news/2</link></item>"),
        "https://news.example/rss/all", notes=notes)
    assert [e.title for e in entries] == ["Суд в\xa0Москве арестовал журналистку «Медузы»", 'Tom & Jerry "Live"']
    assert entries[0].authors == ("Олена & Ко",)
    assert entries[0].url == "https://news.example/news/2026/11/21/sud"
    assert notes.repairs == []  # well-formed: nothing to repair, nothing to warn about


def test_bare_html_entities_outside_cdata_are_repaired_and_cdata_beside_them_left_alone():
    notes = Notes()
    entries = parse_feed(_rss(
        "<item><title>Київрада не&nbsp;змогла проголосувати &mdash; знову</title><link>https://news.example/1?a=1&b=2</link>"
        "</item><item><title><![CDATA[R&D у&nbsp;ЗСУ]]></title><link>https://news.example/2</link></item>"),
        "https://news.example/rss", notes=notes)
    assert [e.title for e in entries] == ["Київрада не\xa0змогла проголосувати — знову", "R&D у\xa0ЗСУ"]
    assert entries[0].url == "https://news.example/1?a=1&b=2"
    assert [kind for kind, _ in notes.repairs] == ["bare_ampersands", "html_entities"]
    assert "2 HTML entities" in notes.repairs[1][1]  # the two outside CDATA, not the one inside


def test_atom_html_titles_lose_their_markup():
    body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            'xml:base="https://novayagazeta.example/"><title>NG</title><entry><title type="html">'
            "&lt;em&gt;Эксклюзив:&lt;/em&gt; вербовщики &amp;laquo;Вагнера&amp;raquo;</title>"
            '<link rel="alternate" href="articles/2026/11/27/x"/><id>tag:x</id>'
            "<published>2026-11-27T12:00:00+01:00</published></entry></feed>").encode()
    entries = parse_feed(body, "https://novayagazeta.example/feed/atom")
    assert entries[0].title == "Эксклюзив: вербовщики «Вагнера»"
    assert entries[0].url == "https://novayagazeta.example/articles/2026/11/27/x"


def test_a_plain_title_is_kept_as_written():
    entries = parse_feed(_rss("<item><title>AT&amp;T: 5 &lt; 6, R&amp;D</title><link>https://news.example/3</link>"
                              "</item>"), "https://news.example/rss")
    assert entries[0].title == "AT&T: 5 < 6, R&D"


def test_news_sitemap_titles_in_cdata():
    body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://epravda.example/n/1/</loc>'
            "<news:news><news:publication><news:name>ЕП</news:name><news:language>uk</news:language></news:publication>"
            "<news:publication_date>2026-11-26T10:40+02:00</news:publication_date>"
            "<news:title><![CDATA[НБУ зберіг ставку &#8212; 15,5%]]></news:title></news:news></url></urlset>").encode()
    result = parse_sitemap(body, "https://epravda.example/sitemap/news.xml")
    assert [(e.title, e.published_at.isoformat()) for e in result.entries] == [
        ("НБУ зберіг ставку — 15,5%", "2026-11-26T08:40:00+00:00")]


# --- the holdout's fixes (tests/fixtures/outlets5_holdout) ---------------------------------------------------------


def test_index_children_without_lastmod_are_dated_by_the_period_their_name_gives():
    body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>https://hromadske.example/{name}</loc></sitemap>" for name in (
                "sitemap-posts-2026-11.xml", "sitemap-posts-2026-10.xml", "sitemap/2026/11/24.xml",
                "post-sitemap12.xml", "sitemap-pages.xml", "sitemap-2026-02-30.xml"))
            + '<sitemap><loc>https://hromadske.example/sitemap-posts-2025-12.xml</loc><lastmod>2026-11-27</lastmod>'
              "</sitemap></sitemapindex>").encode()
    dated = {url.rsplit("/", 1)[-1] if "/2026/" not in url else "2026/11/24": when and when.date().isoformat()
             for url, when in parse_sitemap(body, "https://hromadske.example/sitemap-index.xml").sitemaps}
    # (the period's end + 12 h: the latest a day or month of any clock ends, round 6)
    assert dated == {"sitemap-posts-2026-11.xml": "2026-12-01", "sitemap-posts-2026-10.xml": "2026-11-01",
                     "2026/11/24": "2026-11-25", "post-sitemap12.xml": None, "sitemap-pages.xml": None,
                     "sitemap-2026-02-30.xml": None,  # no such day: undated, the index still read
                     "sitemap-posts-2025-12.xml": "2026-11-27"}  # a lastmod, when given, is the date


_SECTION = """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><base href="https://interfax.example/">
<title>Останні новини</title></head><body><header><a href="ua/">Інтерфакс-Україна</a></header>
<div class="articles-section-view">
<div class="grid article-item"><span class="article-time">27.11.2026 12:25</span>
<a class="article-link" href="ua/news/political/1121456.html">Кабмін погодив кандидатуру нового посла</a></div>
<div class="grid article-item"><span class="read-time">5 хв</span>
<a class="article-link" href="ua/news/general/1121400.html">У Львові відкрили виставку воєнної фотографії</a></div>
<div class="news-item"><div class="news-item__date">22.11.2026 10:00</div>
<a href="/ua/news/general/1119002.html">У Львові вшанували пам'ять жертв Голодомору</a></div>
</div><a class="more" href="ua/news/latest/page-2.html" rel="next">Більше</a></body></html>"""


def test_section_links_follow_base_href_and_teaser_dates_without_time_elements():
    from zoneinfo import ZoneInfo

    from newswatch.discovery import parse_section

    page = parse_section(_SECTION.encode(), "https://interfax.example/ua/news/latest.html", zone="Europe/Kyiv")
    assert page.next_url == "https://interfax.example/ua/news/latest/page-2.html"
    dated = {e.url.rsplit("/", 1)[-1]: e.published_at for e in page.entries}
    kyiv = ZoneInfo("Europe/Kyiv")
    assert dated == {"1121456.html": datetime(2026, 11, 27, 12, 25, tzinfo=kyiv),
                     "1121400.html": None,  # "5 хв" (reading time) is no date: undated, read from its page
                     "1119002.html": datetime(2026, 11, 22, 10, 0, tzinfo=kyiv)}
    assert all(e.url.startswith("https://interfax.example/ua/news/") for e in page.entries)


def test_a_news_list_on_www_keeps_its_stories_on_other_subdomains_of_the_outlet():
    from newswatch.discovery import parse_section

    body = """<html lang="uk"><body><main>
<div class="news-card"><a href="https://news.liga.net/politics/news/parlament-finlyandiyi-ratyfikuvav-ugodu">Парламент
Фінляндії ратифікував безпекову угоду з Україною</a><time datetime="2026-11-27T13:55:00+02:00">13:55</time></div>
<div class="news-card"><a href="https://biz.liga.net/agriculture/news/agrarii-pivdnya">Аграрії півдня не можуть
вивезти кукурудзу</a><time datetime="2026-11-26T09:20:00+02:00">09:20</time></div>
<div class="news-card"><a href="https://www.facebook.com/sharer/sharer.php?u=liga">Поділитися цією новиною у Facebook
просто зараз</a></div></main></body></html>""".encode()
    page = parse_section(body, "https://www.liga.net/ukr/news/all")
    assert [e.url for e in page.entries] == ["https://news.liga.net/politics/news/parlament-finlyandiyi-ratyfikuvav-ugodu",
                                             "https://biz.liga.net/agriculture/news/agrarii-pivdnya"]
