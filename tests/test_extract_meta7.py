"""Article metadata, seventh round (tests/fixtures/extract_meta7; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, one by one,
both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article
from newswatch.extract.normalize import modified_marker_at, split_authors
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)


ROUND = MetaRound("extract_meta7")


test_the_set_covers_three_languages_and_has_a_holdout = ROUND.coverage_test(pages=30, each=10, holdout=8)
test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

def _story(head: str = "", shown: str = "", lang: str = "uk", after: str = "", title: str = "Заголовок новини") -> str:
    return (f'<html lang="{lang}"><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>'
            f'<div class="meta"><span class="date">{shown}</span></div>'
            f'<p>{"Текст новини про події дня. " * 8}</p>{after}</article></body></html>')


@pytest.mark.parametrize(("shown", "published", "modified"), [
    ("Опубліковано: 27.11.2026 09:15 | Оновлено: 27.11.2026 11:40", (7, 15), (9, 40)),
    ("Опубліковано 27 листопада 2026 о 10:20, оновлено 27 листопада 2026 о 12:05", (8, 20), (10, 5)),
    # an update alone is no publication, but still the update (extract_meta13 h_en_updated_only_kyiv_time_no_meta)
    ("Оновлено: 27.11.2026 11:40", None, (9, 40)),
])
def test_a_line_with_the_publication_and_its_update(shown, published, modified):
    got = extract_article(_story(shown=shown), "https://site.com.ua/news/1")
    assert got["published_at"] == (datetime(2026, 11, 27, *published, tzinfo=UTC) if published else None)
    assert got["modified_at"] == (datetime(2026, 11, 27, *modified, tzinfo=UTC) if modified else None)


def test_modified_marker_at():
    assert modified_marker_at("Опубліковано: 27.11.2026 | Оновлено: 28.11.2026") == 27
    assert modified_marker_at("Updated Nov 27") == 0 and modified_marker_at("Nov 27, 2026") == -1


def _live(head: str) -> str:
    return (f'<html lang="en"><head><script type="application/ld+json">{{"@type": "LiveBlogPosting", '
            f'"headline": "Live: the war, day 1,008", {head}}}</script></head><body><h1>Live: the war, day 1,008</h1>'
            '</body></html>')


def test_a_live_blog_dated_by_its_coverage_and_updates():
    got = extract_article(_live('"coverageStartTime": "2026-11-27T07:00:00+02:00", "liveBlogUpdate": ['
                                '{"@type": "BlogPosting", "datePublished": "2026-11-27T15:20:00+02:00"},'
                                '{"@type": "BlogPosting", "datePublished": "2026-11-27T09:05:00+02:00"}]'))
    assert got["published_at"] == datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 13, 20, tzinfo=UTC)
    got = extract_article(_live('"datePublished": "2026-11-27T08:00:00+02:00", '
                                '"coverageStartTime": "2026-11-27T07:00:00+02:00"'))
    assert got["published_at"] == datetime(2026, 11, 27, 6, 0, tzinfo=UTC)  # datePublished first


def _entries(dates: list[str], same_class: bool = True) -> str:
    items = "".join(f'<div class="feed-item"><div class="{"feed-item__time" if same_class or i else "x"}">{d}</div>'
                    f'<p>Entry {i}.</p></div>' for i, d in enumerate(dates))
    return (f'<html lang="ru"><head><title>Хроника дня</title></head><body><section><h1>Хроника дня</h1>'
            f'<div class="feed">{items}</div></section></body></html>')


def test_a_live_blogs_entries_give_its_first_and_latest_times():
    got = extract_article(_entries(["27.11.2026 14:32", "27.11.2026 11:10", "27.11.2026 08:45"]),
                          "https://site.ru/live/1", fetched_at=FETCHED)
    assert got["published_at"] == datetime(2026, 11, 27, 5, 45, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 11, 32, tzinfo=UTC)
    two = extract_article(_entries(["27.11.2026 14:32", "27.11.2026 11:10"]), "https://site.ru/live/1")
    assert two["published_at"] == datetime(2026, 11, 27, 11, 32, tzinfo=UTC)  # two items: no feed


def test_a_shown_day_after_the_urls_day():
    later = extract_article(_story(shown="27 листопада 2026"), "https://site.com.ua/2026/11/25/story/")
    assert later["published_at"] == datetime(2026, 11, 27, tzinfo=UTC)
    earlier = extract_article(_story(shown="20 листопада 2026"), "https://site.com.ua/2026/11/25/story/")
    assert earlier["published_at"] == datetime(2026, 11, 25, tzinfo=UTC)  # an older day is another story's


def test_a_first_published_note_dates_a_page_with_no_other_date():
    note = "<p>This article was first published on 26 November 2026 at 14:00 GMT.</p>"
    got = extract_article(_story(after=note, lang="en", title="A story"), "https://site.com/story")
    assert got["published_at"] == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    shown = extract_article(_story(after=note, lang="en", title="A story", shown="Nov 27, 2026 10:00 GMT"),
                            "https://site.com/story")
    assert shown["published_at"] == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # the page's own date first


@pytest.mark.parametrize(("byline", "expected"), [
    ("Story by Lilia Yapparova. Translated by Sam Breazeale.", ["Lilia Yapparova"]),
    ("Шон Уокер. Перевод с английского Дарьи Смирновой", ["Шон Уокер"]),
    ("Енн Епплбом; переклад — Олена Іванова", ["Енн Епплбом"]),
    ("Иван Петров, военный обозреватель", ["Иван Петров"]),
    ("Анна Сидорова, специальный корреспондент «Новой газеты Европа»", ["Анна Сидорова"]),
    ("Christopher Miller, Ukraine Correspondent, and Sam Jones, Central Europe Bureau Chief",
     ["Christopher Miller", "Sam Jones"]),
    ("Олег Переводчиков", ["Олег Переводчиков"]),          # a surname that starts like a label is a name
    ("Иван Петров, Анна Сидорова", ["Иван Петров", "Анна Сидорова"]),
])
def test_translators_and_positions_are_no_authors(byline, expected):
    assert split_authors(byline) == expected


def _profile(head: str, body: str = "") -> str:
    return (f'<html lang="en"><head><title>A story title</title>{head}</head><body><article><h1>A story title</h1>'
            f'{body}<p>Text of the story.</p></article></body></html>')


def test_an_author_pages_address_names_the_author_only_when_nothing_else_does():
    url_only = '<meta property="article:author" content="https://site.com/author/madalin-necsutu/">'
    assert extract_article(_profile(url_only))["authors"] == ["Madalin Necsutu"]
    assert extract_article(_profile('<link rel="author" href="/profile/kadri-liik/">'), "https://site.com/a")[
        "authors"] == ["Kadri Liik"]
    linked = _profile(url_only, '<a href="https://site.com/author/madalin-necsutu/">Mădălin Necșuțu</a>')
    assert extract_article(linked)["authors"] == ["Mădălin Necșuțu"]  # the link's text is the name as written
    assert extract_article(_profile('<link rel="author" href="https://site.com/author/12345/">'))["authors"] == []


def test_parsely_page_json_is_read_as_its_meta_tags():
    head = ('<meta name="parsely-page" content=\'{"title": "A story title", "authors": ["Ann Lee", "Bo Kim"], '
            '"pub_date": "2026-11-27T07:40:00Z", "section": "World", "tags": ["drones"]}\'>')
    got = extract_article(_profile(head))
    assert got["authors"] == ["Ann Lee", "Bo Kim"] and got["section"] == "World" and got["tags"] == ["drones"]
    assert got["published_at"] == datetime(2026, 11, 27, 7, 40, tzinfo=UTC)
    assert extract_article(_profile('<meta name="parsely-page" content="{not json">'))["published_at"] is None


def _described(description: str, lead: str = "") -> str:
    return (f'<html lang="en"><head><title>Finland closes border | Site</title>'
            f'<meta property="og:title" content="Finland closes border"><meta property="og:description" '
            f'content="{description}"></head><body><article><h1>Finland closes border</h1>{lead}'
            '<p>Text of the story about the border.</p></article></body></html>')


def test_a_description_repeating_the_headline_is_none():
    assert extract_article(_described("Finland closes border."))["description"] is None
    lead = '<p class="article-summary">Helsinki will close the last crossing from December, the government said.</p>'
    assert extract_article(_described("Finland closes border", lead))["description"].startswith("Helsinki")
    kept = "Finland closes its border with Russia for three more months."
    assert extract_article(_described(kept))["description"] == kept


def _editions(lang: str, url: str, canonical: str, text: str) -> str:
    return (f'<html lang="{lang}"><head><title>Заголовок</title><link rel="canonical" href="{canonical}">'
            '<link rel="alternate" hreflang="uk" href="https://site.ua/ukr/news/1.html">'
            '<link rel="alternate" hreflang="ru" href="https://site.ua/rus/news/1.html">'
            f'</head><body><article><h1>Заголовок</h1><p>{text}</p></article></body></html>')


def test_the_pages_own_hreflang_and_canonical_edition():
    uk_text, ru_text = "Президент підписав закон про мобілізацію. " * 5, "Президент подписал закон о мобилизации. " * 5
    uk = extract_article(_editions("uk", "", "https://site.ua/rus/news/1.html", uk_text), "https://site.ua/ukr/news/1.html")
    assert uk["canonical_url"] == "https://site.ua/ukr/news/1.html" and uk["language"] == "uk"
    same = extract_article(_editions("uk", "", "https://site.ua/ukr/news/1.html?x=1", uk_text),
                           "https://site.ua/ukr/news/1.html")
    assert same["canonical_url"] == "https://site.ua/ukr/news/1.html?x=1"  # a canonical of its own edition stands
    ru = extract_article(_editions("uk", "", "https://site.ua/rus/news/1.html", ru_text), "https://site.ua/rus/news/1.html")
    assert ru["language"] == "ru" and ru["canonical_url"] == "https://site.ua/rus/news/1.html"
