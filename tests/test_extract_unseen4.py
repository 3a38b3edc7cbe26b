"""Extraction on a fourth set of unseen pages: tests/fixtures/extract_unseen4 (uk, ru, en).

Outlets analysts follow that no earlier set covers (Ukrainska Pravda, Suspilne, hromadske, Zaborona, Ukrinform, Radio
Svoboda, Texty; Meduza, Novaya Gazeta Europe, The Insider, Mediazona, TASS, RIA; Kyiv Independent, Kyiv Post, RFE/RL,
Politico Europe, Euronews, DW, AP): a Kyiv clock labelled UTC in JSON-LD, a naive JSON-LD date against a UTC meta tag,
dates only as text (without a year, «вчера, 18:30», a day and its clock in two spans, «14:05 27.11.2026 (обновлено:
…)»), a Ghost JSON-LD naming the first of two authors, an Organization author beside the journalists, a
correspondent's closing signature, standfirsts without a description, live blogs, galleries, embeds, data tables. The
expectations were written before the extractor ran on them (figures: ``bench/extract_unseen.py --set
extract_unseen4``; the README has the blind baseline). The ``holdout`` pages were written after the fixes and scored
once; what they still miss is a strict xfail with the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newswatch.extract import extract_article, extract_body, extract_metadata, parse_html
from tests._unseen import FETCHED_AT, UnseenRound, words

# A standfirst shown under the headline (a lead, an excerpt, a teaser text) that no page description says is the
# article's ``description``, and stays out of the stored body: the project's convention (README, "Stored fields"), as
# the benchmark's references (theverge, videos-1, bug-1255978) and the cleaning fixtures (ft, politico_eu, paperpaper)
# keep it out of the text. These pages' expectations (written blind) list it as their first paragraph.
STANDFIRST_PAGES = ("dw_en", "kyivpost", "radiosvoboda_uk", "ukrinform_ua", "zaborona", "nv_ua", "tass_ru")


class _Round(UnseenRound):
    def missing_paragraphs(self, page: str) -> list[str]:
        """The story paragraphs missing from the body, the standfirst (the description's) aside."""
        missing = super().missing_paragraphs(page)
        standfirst = self.pages[page]["expected"]["paragraphs"][:1]
        return missing[1:] if page in STANDFIRST_PAGES and missing[:1] == standfirst else missing


ROUND = _Round("extract_unseen4", furniture_misses={
    "washingtonpost": "the author bio sits in a class-less <div data-qa='author-bios'>: no class or id says so, and "
                      "one more scan of the page's data-qa attributes costs every page",
})
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=26, uk=8, ru=7, en=8, holdout=6)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


@pytest.mark.parametrize("page", STANDFIRST_PAGES)
def test_the_standfirst_is_the_description_and_not_repeated_in_the_body(page):
    standfirst = PAGES[page]["expected"]["paragraphs"][0]
    got = ROUND.extracted[page]
    assert words(got["description"]) == words(standfirst)
    assert words(standfirst) not in words(got["body"]) and words(standfirst) not in words(ROUND.stored[page])


# measured: first 20 pages P 0.981 / R 0.957 (blind, before the fixes: 0.969 / 0.944, 3 furniture strings leaked); the
# recall left is the standfirsts above (0.994 while a rule put them back); holdout, six pages scored once after the
# fixes: 0.914 / 1.000 blind, 0.919 / 0.983 after its follow-up fixes and the standfirst revert
test_stored_body_scores = ROUND.scores_test([(False, 0.97, 0.95), (True, 0.90, 0.97)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Сили оборони відбили атаку на Покровському напрямку, повідомили в Генштабі у четвер вранці.",
    "За даними Генштабу, противник втратив за добу понад тисячу військових і дванадцять танків.",
    "Бої тривають також на Костянтинівському та Лиманському напрямках, де ворог застосовує дрони.",
    "У Генштабі наголосили, що ситуація на фронті залишається складною, але контрольованою.",
]
_TITLE = "Сили оборони відбили атаку під Покровськом"


def _page(top: str, *, head: str = "", story: list[str] = _STORY, tail: str = "", lang: str = "uk",
          container: str = "div class='content'") -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    tag = container.split()[0]
    return (f"<html lang='{lang}'><head><title>{_TITLE}</title>{head}</head><body><nav><a href='/'>Головна</a></nav>"
            f"<{container}><h1>{_TITLE}</h1>{top}<div class='text'>{paragraphs}</div>{tail}</{tag}>"
            "<div class='footer'>© 2026</div></body></html>").encode()


def _fields(html: bytes, url: str = "https://news.example.ua/news/1", fetched_at: datetime | None = None) -> dict:
    """extract_metadata's fields (with ``published_relative``, which extract_article drops)."""
    return extract_metadata(parse_html(html), url, fetched_at=fetched_at)


@pytest.mark.parametrize(("shown", "fetched", "expected"), [
    ("27 листопада, 14:05", FETCHED_AT, datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("27 ноября, 14:05", FETCHED_AT, datetime(2026, 11, 27, 12, 5, tzinfo=UTC)),
    ("Nov. 26, 9:40 PM", FETCHED_AT, datetime(2026, 11, 26, 19, 40, tzinfo=UTC)),
    # in January, a day of late December is last year's
    ("31 грудня, 23:10", datetime(2027, 1, 2, 9, 0, tzinfo=UTC), datetime(2026, 12, 31, 21, 10, tzinfo=UTC)),
    ("27 листопада, 14:05", None, None),  # without the fetch time the year is unknown: no date
])
def test_a_day_and_clock_shown_without_a_year_is_this_years(shown, fetched, expected):
    html = _page(f"<div class='meta'><span class='date'>{shown}</span></div>")
    got = _fields(html, fetched_at=fetched)
    assert got["published_at"] == expected
    assert bool(got["published_relative"]) is (expected is not None)  # a shown date: a feed's full date wins


_LD = ('<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", '
       '"datePublished": "{published}", "dateModified": "{modified}"}}</script>')


@pytest.mark.parametrize(("published", "shown", "url", "expected", "modified"), [
    # the Kyiv clock with a UTC label, as the headline's line shows it: the shown time, the update shifted alike
    ("2026-11-27T14:05:00+00:00", "П'ятниця, 27 листопада 2026, 14:05", "https://www.pravda.com.ua/news/1/",
     datetime(2026, 11, 27, 12, 5, tzinfo=UTC), datetime(2026, 11, 27, 12, 31, tzinfo=UTC)),
    ("2026-11-27T14:05:00Z", "27.11.2026 14:05", "https://news.example.ua/1",
     datetime(2026, 11, 27, 12, 5, tzinfo=UTC), datetime(2026, 11, 27, 12, 31, tzinfo=UTC)),
    # a right UTC date shown in Kyiv time (Kyiv Post: 14:05 UTC is 16:05 in Kyiv): unchanged
    ("2026-11-27T14:05:00+00:00", "27.11.2026 16:05", "https://news.example.ua/1",
     datetime(2026, 11, 27, 14, 5, tzinfo=UTC), datetime(2026, 11, 27, 14, 31, tzinfo=UTC)),
    # an offset that is not zero is the outlet's own statement: unchanged
    ("2026-11-27T14:05:00+02:00", "27.11.2026 14:05", "https://news.example.ua/1",
     datetime(2026, 11, 27, 12, 5, tzinfo=UTC), datetime(2026, 11, 27, 12, 31, tzinfo=UTC)),
    # no zone known for the outlet (an English page on a .com): nothing to relabel
    ("2026-11-27T14:05:00+00:00", "27.11.2026 14:05", "https://news.example.com/1",
     datetime(2026, 11, 27, 14, 5, tzinfo=UTC), datetime(2026, 11, 27, 14, 31, tzinfo=UTC)),
])
def test_a_utc_label_on_the_local_clock(published, shown, url, expected, modified):
    stamp = published[:-6] if published.endswith(("+00:00", "+02:00")) else published[:-1]
    modified_raw = stamp.replace("14:05", "14:31") + published[len(stamp):]
    head = _LD.format(title=_TITLE, published=published, modified=modified_raw)
    lang = "en" if url.endswith(".com/1") else "uk"
    got = _fields(_page(f"<div class='post_news_author'><a href='/a/1'>Олег Павлюк</a> — {shown}</div>", head=head,
                        lang=lang), url)
    assert got["published_at"] == expected and got["modified_at"] == modified


def test_a_day_and_its_clock_in_two_spans():
    meta = ("<p class='meta'><span class='date'>November 27, 2026</span> <span class='time'>3:05 pm CET</span> "
            "<span class='duration'>4 Minute Read</span></p>")
    got = _fields(_page(meta, lang="en"), "https://www.example.eu/article/1/")
    assert got["published_at"] == datetime(2026, 11, 27, 14, 5, tzinfo=UTC) and not got["published_relative"]
    # an update's clock beside the day is not the publication time
    updated = meta.replace("3:05 pm CET", "Updated 3:05 pm CET")
    assert _fields(_page(updated, lang="en"), "https://www.example.eu/article/1/")["published_at"] \
        == datetime(2026, 11, 27, tzinfo=UTC)


def test_a_clock_then_its_day_in_two_spans():
    time = "<div class='article-time'><span class='time'>14:05</span> <span class='date'>27.11.2026</span></div>"
    got = _fields(_page(time), "https://interfax.com.ua/news/general/1.html")
    assert got["published_at"] == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)
    # a clock beside something that is no day (a view count) is no date
    views = "<div class='article-time'><span class='time'>14:05</span> <span class='views'>2 341</span></div>"
    assert _fields(_page(views), "https://interfax.com.ua/news/general/1.html")["published_at"] is None


def test_a_state_class_on_the_story_container_is_not_elsewhere():
    info = ("<div class='article__info'><div class='article__info-date'><a href='/20261127/'>14:05 27.11.2026</a> "
            "<span>(обновлено: 15:20 27.11.2026)</span></div></div>")
    html = _page(info, container="div class='article m-article m-image'", lang="ru")
    got = _fields(html, "https://ria.example.ru/20261127/1.html")
    assert got["published_at"] == datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 12, 20, tzinfo=UTC)
    # a real gallery or photo block around a date is still another element's
    boxed = _page(f"<div class='photo-gallery'>{info}</div>", lang="ru")
    assert _fields(boxed, "https://ria.example.ru/20261127/1.html")["published_at"] \
        == datetime(2026, 11, 27, tzinfo=UTC)


_ORG = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", ' \
       '"name": "Радіо Свобода"}}</script><meta property="og:site_name" content="Радіо Свобода">'


def test_an_author_bio_box_next_to_the_byline_does_not_sink_it():
    byline = ("<div class='authors'><ul><li><a href='/author/1'>Сергій Нужненко</a></li>"
              "<li><a href='/author/2'>Ірина Ситник</a></li></ul></div>")
    bio = "<div class='c-author-info'>Сергій Нужненко — фотокореспондент Радіо Свобода, знімає війну з 2014 року.</div>"
    html = _page(byline, head=_ORG, tail=bio)
    assert _fields(html)["authors"] == ["Сергій Нужненко", "Ірина Ситник"]


@pytest.mark.parametrize(("byline", "authors"), [
    # Ghost's JSON-LD names the first author only; the byline names both
    ("<div class='post-byline'>by <a href='/author/m/'>Martin Fornusek</a> and "
     "<a href='/author/k/'>Kateryna Denisova</a></div>", ["Martin Fornusek", "Kateryna Denisova"]),
    # a role or a photo credit next to the name adds no one
    ("<div class='post-byline'><a href='/author/m/'>Martin Fornusek</a> | Security</div>", ["Martin Fornusek"]),
    ("<div class='c-post-authors'><div class='c-post-author'>Автор: <a href='/a/1'>Martin Fornusek</a></div>"
     "<div class='c-post-author'>Фото: <a href='/a/2'>Максим Кіщук</a></div></div>", ["Martin Fornusek"]),
    # a byline naming someone else entirely is another story's: the declared author stands
    ("<div class='post-byline'>by <a href='/a/1'>Jane Doe</a> and <a href='/a/2'>John Roe</a></div>",
     ["Martin Fornusek"]),
])
def test_a_byline_adds_to_the_one_declared_author(byline, authors):
    head = '<script type="application/ld+json">{"@type": "Article", "author": {"@type": "Person", ' \
           '"name": "Martin Fornusek"}}</script>'
    html = _page(byline, head=head, lang="en")
    assert _fields(html, "https://kyivindependent.com/x/")["authors"] == authors


def test_a_screen_reader_label_with_a_comma_heads_the_byline():
    # BBC World Service: «Автор,» and «Место работы,» as visually hidden labels, hashed classes, the outlet declared
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "NewsMediaOrganization", '
            '"name": "BBC News Русская служба"}}</script>'
            '<meta property="og:site_name" content="BBC News Русская служба">')
    byline = ("<div class='bbc-1a3w4ok'><ul><li><span>Автор фото,</span><span>Getty Images</span></li></ul></div>"
              "<div class='bbc-19j92fr'><ul><li><span class='bbc-1n11bte'>Автор,</span><span>Анастасия Лотарева</span>"
              "</li><li><span class='bbc-1n11bte'>Место работы,</span><span>Би-би-си</span></li></ul></div>")
    html = _page(byline, head=head, lang="ru")
    assert _fields(html, "https://www.bbc.com/russian/articles/c1")["authors"] == ["Анастасия Лотарева"]
    assert "Getty Images" not in extract_body(parse_html(html))


@pytest.mark.parametrize(("line", "authors"), [
    ("Ольга Звонарьова, Гаага", ["Ольга Звонарьова"]),
    ("Jane Doe, Brussels", ["Jane Doe"]),
    # the outlet as its own author is no writer (metadata round 11; it was ["Укрінформ"])
    ("Як повідомляв Укрінформ, у жовтні Україна та Данія домовилися.", []),  # a sentence: no signature
    ("Київ, Україна", []),  # a place is no name of two words
])
def test_a_correspondents_closing_signature_over_the_outlet_as_author(line, authors):
    head = ('<meta name="author" content="Укрінформ"><meta property="og:site_name" content="Укрінформ">')
    html = _page("", head=head, story=[*_STORY, line])
    assert _fields(html, "https://www.ukrinform.ua/rubric-defense/1.html")["authors"] == authors


@pytest.mark.parametrize(("line", "dropped"), [
    ("4 min read", True),
    ("— 6 min read", True),
    ("5 хв читання", True),
    ("Reading time: 4 min", True),
    ("Skip next section What you need to know", True),
    ("Skip to main content", True),
    ("Хинштейн рассказал о восстановлении приграничных сел26 ноября, 19:40", True),
    ("Rutte meets Zelensky in Kyiv27 November, 14:05", True),
    # a story's sentences with the same words
    ("Читання вироку тривало 4 хвилини, повідомили у суді.", False),
    ("Пресс-конференция началась 26 ноября в 19:40 по московскому времени.", False),
    ("Skip the queue: Ukrainians can now renew passports online, the ministry said.", False),
])
def test_reading_time_skip_links_and_dated_teasers_leave_the_text(line, dropped):
    body = extract_body(parse_html(_page("", story=[*_STORY[:2], line, *_STORY[2:]])))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


def test_the_fixture_pages_fetch_time_is_the_benchs():
    # TASS shows only «вчера, 18:30» (Moscow): the day before the fetch
    page = PAGES["tass_ru"]
    got = extract_article(page["html"], page["expected"]["url"], fetched_at=FETCHED_AT)["published_at"]
    assert got == datetime(2026, 11, 26, 15, 30, tzinfo=UTC)


_LEAD = "Генштаб повідомив про бої на трьох напрямках та нові втрати противника за добу"
_DECLARED = "Сили оборони відбили атаку на Покровському напрямку, повідомили в Генштабі."


@pytest.mark.parametrize(("declared", "top", "expected"), [
    (None, f"<div class='article__lead'>{_LEAD}</div>", _LEAD),  # no description: the standfirst
    (None, f"<p class='post-excerpt'>{_LEAD}</p>", _LEAD),
    (None, f"<h3 class='NewsHeader_lead__b2'>{_LEAD}</h3>", _LEAD),
    (_LEAD[:40] + "…", f"<div class='lead'>{_LEAD}</div>", _LEAD),  # cut short with an ellipsis
    (_LEAD[:52], f"<div class='lead'>{_LEAD}</div>", _LEAD),  # cut short without one
    ("Новини.Юа — останні новини України та світу.", f"<div class='lead'>{_LEAD}</div>", _LEAD),  # the tagline
    ("Останні події, аналітика, інтерв'ю щодня.", f"<div class='lead'>{_LEAD}</div>", _LEAD),  # shares no word
    (_DECLARED, f"<div class='lead'>{_LEAD}</div>", _DECLARED),  # a description of its own: kept
    # a link is no standfirst, nor a media block, nor what nothing calls a lead (and no full stop ends): with no
    # description declared, the story's first paragraph (extract_meta8)
    (None, f"<div class='intro'><a href='/n/2'>{_LEAD}</a></div>", _STORY[0]),
    (None, f"<div class='image-lead'>{_LEAD}</div>", _STORY[0]),
    (None, f"<p>{_LEAD}</p>", _STORY[0]),
])
def test_the_description_falls_back_to_the_standfirst(declared, top, expected):
    head = "<meta property='og:site_name' content='Новини.Юа'>"
    head += f"<meta name='description' content='{declared}'>" if declared else ""
    html = _page(top, head=head)
    got = extract_article(html, "https://news.example.ua/news/1")
    assert got["description"] == expected
    assert all(sentence in got["body"] for sentence in _STORY)
    if expected == _LEAD:
        assert _LEAD not in got["body"]
