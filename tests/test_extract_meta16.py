"""Article metadata, sixteenth round (tests/fixtures/extract_meta16; scorer: bench/extract_meta.py).

First the known miss the round opened with (a naive JSON-LD date beside its RFC 2822 meta twin); the set's fields and
the general causes fixed in this round follow, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract._language import reconcile_language
from newswatch.extract.normalize import dateline_day, split_authors, stated_offset_date
from tests._meta_sets import MetaRound

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)

MISSES: dict[tuple[str, str], str] = {
}


ROUND = MetaRound("extract_meta16", misses=MISSES)


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(pages=10, each=3, holdout=5)
test_metadata = ROUND.metadata_test()


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- a naive JSON-LD date whose twin in a meta tag is an RFC 2822 date -------------------------------------------

@pytest.mark.parametrize(("meta", "expected"), [
    ("Sat, 28 Nov 2026 14:05:00 +0200", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
    ("28 Nov 2026 14:05:00 +0000", datetime(2026, 11, 28, 14, 5, tzinfo=UTC)),  # no weekday, UTC on a Kyiv outlet
    ("Sat, 28 Nov 2026 14:05:00 GMT", datetime(2026, 11, 28, 14, 5, tzinfo=UTC)),
    ("Sat, 28 Nov 2026 14:05:00 MSK", datetime(2026, 11, 28, 11, 5, tzinfo=UTC)),  # a zone's name
    # another minute is another date: the JSON-LD's, in the page's zone (Kyiv)
    ("Sat, 28 Nov 2026 16:05:00 +0000", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
    # RFC 2822's "-0000" says no zone is known: the page's
    ("Sat, 28 Nov 2026 14:05:00 -0000", datetime(2026, 11, 28, 12, 5, tzinfo=UTC)),
])
def test_a_naive_jsonld_date_takes_the_offset_of_its_rfc822_meta_twin(meta, expected):
    html = ("<html lang='uk'><head><title>Сили ППО збили 80 дронів</title>"
            f"<meta property='article:published_time' content='{meta}'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Сили ППО збили 80 "
            "дронів\", \"datePublished\": \"2026-11-28T14:05:00\", \"dateModified\": \"2026-11-28T14:05:00\"}"
            "</script></head><body><h1>Сили ППО збили 80 дронів</h1><p>Текст.</p></body></html>")
    assert _meta(html, "https://www.ukrinform.ua/rubric-ato/4012345.html")["published_at"] == expected


@pytest.mark.parametrize(("value", "offset"), [
    ("2026-11-28T14:05:00+02:00", timedelta(hours=2)),
    ("2026-11-28T14:05:00Z", timedelta(0)),
    ("Sat, 28 Nov 2026 14:05:00 +0200", timedelta(hours=2)),
    ("Sat,  28 Nov 2026 14:05 +0300", timedelta(hours=3)),
    ("28 Nov 2026 14:05:00 EET", timedelta(hours=2)),
    # nothing stated: naive, "-0000", a day alone, words, a number
    ("2026-11-28T14:05:00", None),
    ("Sat, 28 Nov 2026 14:05:00 -0000", None),
    ("2026-11-28", None),
    ("28 листопада 2026, 14:05", None),
    (1764331500, None),
])
def test_a_date_stating_its_own_offset(value, offset):
    found = stated_offset_date(value)
    assert (found.utcoffset() if found is not None else None) == offset
    if offset is not None:
        assert found.astimezone(timezone(offset)).replace(tzinfo=None) == found.replace(tzinfo=None)


# --- a <title> that is only the outlet's name ---------------------------------------------------------------------

def _titled(title: str, head: str = "", logo: str = "<a class='logo' href='/'>Фонтанка.ру</a>") -> str | None:
    html = (f"<html lang='ru'><head><title>{title}</title>{head}</head><body><header>{logo}</header><article>"
            "<h1 itemprop='headline'>В Ленобласти закрыли порт Усть-Луга</h1><p>Текст.</p></article></body></html>")
    return _meta(html, "https://www.fontanka.ru/2026/11/28/75412345/")["title"]


@pytest.mark.parametrize(("title", "head", "logo", "expected"), [
    # the logo's link to the home page says it, or the declared site name does
    ("Фонтанка.ру", "", "<a class='logo' href='/'>Фонтанка.ру</a>", "В Ленобласти закрыли порт Усть-Луга"),
    ("Фонтанка.ру", "", "<a href='https://www.fontanka.ru/'>Фонтанка.ру</a>", "В Ленобласти закрыли порт Усть-Луга"),
    ("Фонтанка", "<meta property='og:site_name' content='Фонтанка'>", "", "В Ленобласти закрыли порт Усть-Луга"),
    # a <title> of the story stays; a <title> that a link to another page says is no site name
    ("Порт Усть-Луга закрыт после атаки дронов", "", "<a class='logo' href='/'>Фонтанка.ру</a>",
     "Порт Усть-Луга закрыт после атаки дронов"),
    ("Фонтанка.ру", "", "<a href='/society/'>Фонтанка.ру</a>", "Фонтанка.ру"),
])
def test_a_title_that_is_only_the_outlets_name_gives_way_to_the_headline(title, head, logo, expected):
    assert _titled(title, head, logo) == expected


# --- a catalogue's "Surname, Given" -------------------------------------------------------------------------------

@pytest.mark.parametrize(("meta", "expected"), [
    ("<meta name='DC.creator' content='Магомедова, Патимат'>", ["Патимат Магомедова"]),
    ("<meta name='citation_author' content='Socor, Vladimir'>", ["Vladimir Socor"]),
    # an agency pair and a plain name stay as written; the "author" meta is no catalogue
    ("<meta name='DC.creator' content='Reuters, AP'>", ["Reuters", "AP"]),
    ("<meta name='DC.creator' content='Патимат Магомедова'>", ["Патимат Магомедова"]),
    ("<meta name='author' content='Іваненко, Петренко'>", ["Іваненко", "Петренко"]),
])
def test_a_dublin_core_creator_surname_first(meta, expected):
    html = (f"<html lang='ru'><head><title>Жители Дагестана пожаловались</title>{meta}</head><body><h1>Жители "
            "Дагестана пожаловались</h1><p>Текст.</p></body></html>")
    assert _meta(html, "https://www.kavkaz-uzel.eu/articles/412345/")["authors"] == expected


# --- a wire dateline as the only date ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("КИЇВ. 28 листопада. ІНТЕРФАКС-УКРАЇНА – Сили ППО знешкодили 64 дрони.", "2026-11-28"),
    ("Москва. 28 ноября. INTERFAX.RU - Минобороны сообщило…", "2026-11-28"),
    ("КИЇВ, 27 листопада (Укрінформ) – Зеленський провів Ставку.", "2026-11-27"),
    ("MOSCOW, Nov 28 (Reuters) - Russia said on Saturday…", "2026-11-28"),
    ("KYIV, Ukraine, Nov. 28 (AP) — Russia launched…", "2026-11-28"),
    ("БРЮССЕЛЬ, 27 ноября – Генсек НАТО заявил…", "2026-11-27"),
    ("LONDON, Dec 3 (Reuters) - Britain said…", "2025-12-03"),  # no day after the fetch: last year's
    ("KYIV, Nov 29 (Reuters) - Air raid alerts…", "2026-11-29"),  # the outlet's day may be the fetch's next in UTC
    # a story's words, not a dateline: a place not in capitals and no agency after it, a year (the full date is
    # read elsewhere), a day word
    ("Вчора, 28 листопада, президент сказав…", None),
    ("Kyiv, 28 November — the president said…", None),
    ("Київ, 28 листопада 2026 – текст", None),
    ("In Kyiv, 28 November is cold", None),
])
def test_a_wire_dateline_day(text, expected):
    found = dateline_day(text, FETCHED)
    assert (found.date().isoformat() if found else None) == expected
    if found:
        assert found.tzinfo is not None and (found.hour, found.minute) == (0, 0)


def _dated(first: str, head: str = "", url: str = "https://interfax.com.ua/news/general/1112233.html") -> dict:
    html = (f"<html lang='uk'><head><title>Сили ППО знешкодили 64 дрони</title>{head}</head><body><div class='last'>"
            "<p>КИЇВ. 27 листопада. ІНТЕРФАКС-УКРАЇНА – Вчорашня новина.</p></div><h1>Сили ППО знешкодили 64 дрони"
            f"</h1><div class='text'><p>{first}</p><p>Атаку відбивали авіація та ППО.</p></div></body></html>")
    return _meta(html, url)


def test_the_dateline_after_the_headline_dates_a_story_dated_nowhere_else():
    got = _dated("<strong>КИЇВ. 28 листопада. ІНТЕРФАКС-УКРАЇНА</strong> – Сили ППО знешкодили 64 з 90 дронів.")
    assert got["published_at"] == datetime(2026, 11, 28, tzinfo=UTC) and got["published_relative"]
    # a structured date wins; a URL's day is the date's day already; no dateline: none (not the box's before the <h1>)
    head = "<meta property='article:published_time' content='2026-11-28T14:05:00+02:00'>"
    assert _dated("КИЇВ. 28 листопада. ІНТЕРФАКС-УКРАЇНА – Текст.", head)["published_at"] == \
        datetime(2026, 11, 28, 12, 5, tzinfo=UTC)
    assert _dated("КИЇВ. 27 листопада. ІНТЕРФАКС-УКРАЇНА – Текст.",
                  url="https://example.com/2026/11/28/ppo/")["published_at"] == datetime(2026, 11, 28, tzinfo=UTC)
    assert _dated("Сили ППО знешкодили 64 з 90 дронів.")["published_at"] is None


# --- a name joined by a word in lower case is no person's -----------------------------------------------------------

@pytest.mark.parametrize(("byline", "people"), [
    ("Reporting from Ukraine", []),
    ("Voice of America", []),
    ("Committee to Protect Journalists", []),
    ("Jane Doe, Voice of America", ["Jane Doe"]),
    # the little words of a person's name
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),
    ("Ильхам Гейдар оглы Алиев", ["Ильхам Гейдар оглы Алиев"]),
    ("Ahmed al Sharaa", ["Ahmed al Sharaa"]),
    ("Maria de los Angeles Garcia", ["Maria de los Angeles Garcia"]),
    ("By Jane Doe in Kyiv", ["Jane Doe"]),
])
def test_capitalised_words_joined_in_lower_case_name_no_person(byline, people):
    assert split_authors(byline, people_only=True) == people


# --- RDFa subjects as tags ----------------------------------------------------------------------------------------

DC_SUBJECTS = ("<div rel='dc:subject'><a href='/tags/odessa'>Одесса</a></div><div rel='dc:subject'><a href='/tags/e'>"
               "энергетика</a></div>")


@pytest.mark.parametrize(("root", "markup", "expected"), [
    ("<html xmlns:dc='http://purl.org/dc/terms/' lang='ru'>", DC_SUBJECTS, ["Одесса", "энергетика"]),
    ("<html prefix='content: http://purl.org/rss/1.0/modules/content/ dc: http://purl.org/dc/terms/' lang='ru'>",
     DC_SUBJECTS, ["Одесса", "энергетика"]),
    # declared keywords first; a link without the RDFa relation is no tag; nor one on a page declaring no Dublin Core
    ("<html xmlns:dc='http://purl.org/dc/terms/' lang='ru'>", f"{DC_SUBJECTS}<meta name='keywords' content='ПВО'>",
     ["ПВО"]),
    ("<html xmlns:dc='http://purl.org/dc/terms/' lang='ru'>", "<div class='tags'><a href='/t/o'>Одесса</a></div>", []),
    ("<html lang='ru'>", DC_SUBJECTS, []),
])
def test_rdfa_subjects_are_tags(root, markup, expected):
    html = (f"{root}<head><title>В Одессе обесточены 30 тысяч абонентов</title></head><body><h1>В Одессе "
            f"обесточены 30 тысяч абонентов</h1><p>Текст.</p>{markup}</body></html>")
    assert _meta(html, "https://dumskaya.net/news/x-41235/")["tags"] == expected


# --- after the holdout: an RDFa author; a Russian story under a Ukrainian declaration quoting Ukrainian ------------

@pytest.mark.parametrize(("markup", "expected"), [
    ("<span property='author' typeof='Person'><span property='name'>Дмитрий Швец</span></span>", ["Дмитрий Швец"]),
    ("<span property='schema:author' typeof='schema:Person'>By: <a property='schema:url' href='/analyst/socor/'>"
     "<span property='schema:name'>Vladimir Socor</span></a></span>", ["Vladimir Socor"]),
    # another property's name is no author's
    ("<span property='publisher' typeof='Organization'><span property='name'>Медиазона</span></span>", []),
])
def test_an_rdfa_author(markup, expected):
    html = ("<html lang='ru'><head><title>Суд дал 12 лет студенту</title></head><body><article vocab='https://schema.org/'"
            f" typeof='NewsArticle'><h1 property='headline'>Суд дал 12 лет студенту</h1>{markup}<p>Текст приговора."
            "</p></article></body></html>")
    assert _meta(html, "https://zona.media/news/2026/11/28/student-12")["authors"] == expected


RU_STORY = ("В Харькове после ночной атаки российских беспилотников без электроснабжения остаются более 20 тысяч "
            "семей. Об этом сообщил мэр города Игорь Терехов. По его словам, удары пришлись по объекту энергетической "
            "инфраструктуры. {quote} — написал Терехов. Для жителей обесточенных домов работают пункты несокрушимости.")


@pytest.mark.parametrize(("declared", "quote", "expected"), [
    ("uk", "«Ми робимо все можливе, щоб якнайшвидше повернути світло в домівки харків'ян»", "ru"),
    ("uk", "«Мы делаем все возможное»", "ru"),
    # Ukrainian letters in the narration itself: the declaration stands
    ("uk", "«Ми робимо все можливе» (Київська, Харківська, Сумська області)", "uk"),
    ("ru", "«Ми робимо все можливе, щоб якнайшвидше повернути світло в домівки харків'ян»", "ru"),
])
def test_a_russian_story_under_a_ukrainian_declaration_quoting_ukrainian(declared, quote, expected):
    assert reconcile_language(declared, RU_STORY.format(quote=quote)) == expected


# --- found beside the round: an <abbr> holding the date in its title (hAtom, Blogger) -------------------------------

@pytest.mark.parametrize(("markup", "expected"), [
    ("<abbr class='published' itemprop='datePublished' title='2026-11-26T14:05:00+03:00'>14:05</abbr>",
     datetime(2026, 11, 26, 11, 5, tzinfo=UTC)),
    # a <span>'s title is a tooltip, no date of the element
    ("<span itemprop='datePublished' title='2026-11-26T14:05:00+03:00'>26.11.2026</span>",
     datetime(2026, 11, 26, tzinfo=UTC)),
])
def test_an_abbr_holds_its_date_in_its_title(markup, expected):
    html = ("<html lang='ru'><head><title>Новые корветы для ЧФ</title></head><body><h1>Новые корветы для ЧФ</h1>"
            f"<p>Текст сообщения.</p><div class='post-footer'>Автор: bmpd на {markup}</div></body></html>")
    assert _meta(html, "https://bmpd.blogspot.com/2026/11/blog-post_26.html")["published_at"] == expected


# --- cost: the page's <h1>s found once a call ----------------------------------------------------------------------

def test_the_headlines_are_found_once_per_call_and_not_kept():
    from newswatch.extract import _metadata

    walks = []
    found = _metadata._h1s

    def counted(tree):
        walks.append(tree)
        return found(tree)

    pages = [f"<html lang='en'><head><title>{h}</title></head><body><h1>{h}</h1><div class='byline'>By Jane Doe</div>"
             "<p>Russia launched 120 drones overnight, the air force said.</p></body></html>"
             for h in ("Drones hit Kyiv Oblast overnight", "NATO allies agree on air defence")]
    original = _metadata._h1s
    _metadata._h1s = counted
    try:
        titles = [_meta(page)["title"] for page in pages]
    finally:
        _metadata._h1s = original
    assert titles == ["Drones hit Kyiv Oblast overnight", "NATO allies agree on air defence"]
    assert walks and _metadata._MEMO.tree is None and _metadata._MEMO.h1s is None
    # outside a call (another caller's tree), each ask walks the page itself
    tree = lxml.html.fromstring(pages[0])
    assert [h.text for h in _metadata._h1s(tree)] == ["Drones hit Kyiv Oblast overnight"]
