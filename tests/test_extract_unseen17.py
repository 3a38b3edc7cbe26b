"""Extraction on a seventeenth set of unseen pages: tests/fixtures/extract_unseen17 (uk, ru, en).

Site builders, hosted platforms and official templates no earlier set covers: a regional administration's press release
pasted from Word (``MsoNormal``, ``<o:p>``) with its attached documents, a Wix blog post, a Webflow rich text with its
form's hidden success and failure messages, a Google Sites page of a village council, a Shorthand long read in
sections between full-screen pictures, a LiveJournal repost, a VK article, a Liferay ministry page with attachments and
taxonomy rows, a GOV.UK news story with its documents box, a published Google Doc, a HubSpot blog with a CTA and a
Yahoo copy of a Reuters story with its "Story continues" button; the holdout: an AMP web story, an archive.today
copy, a Wikinews page, a LinkedIn article and an embassy's statement pasted from Word. The expectations were written
before the extractor ran on them (figures: ``bench/extract_unseen.py --set extract_unseen17``; the README has the blind
baseline); the ``holdout`` pages were written after the fixes and scored once.
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_body, parse_html
from tests._unseen import UnseenRound, article_page, paragraphs

ROUND = UnseenRound("extract_unseen17", metadata_misses={
    ("govuk_news", "authors"): "GOV.UK's JSON-LD names the department as an Organization author; the publisher's "
                               "own department is no person (metadata's)",
    ("wikinews_mw", "authors"): "Wikinews' JSON-LD names «Участники проектов Викимедиа» as an Organization author "
                                "(metadata's)",
}, furniture_misses={
    "amp_web_story": "a web story's closing page lists two other stories as bare links under «Більше історій», a "
                     "heading trafilatura drops before any stop line can see it; the links read as two short "
                     "paragraphs (holdout, no general fix without the lost heading)",
})
PAGES = ROUND.pages

test_the_set_covers_three_languages = ROUND.coverage_test(pages=17, uk=6, ru=5, en=6, holdout=5)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()
test_the_description_is_the_pages_summary = ROUND.description_test({})

# measured: twelve pages stored P / R 0.976 / 0.987, 80/84 paragraphs, 2 leaks blind (livejournal_post's repost header
# «Оригинал взят у kharkov_front в …» and its map's caption «Схема: DeepState, правки мои»; shorthand_longread's subhead
# «Головне – не стояти на місці» dropped as a pull quote of the paragraph under it; gdocs_pub's last two signatories and
# govuk_news's quote lead-in, both extracted and then dropped by the cleaning stage: its trailing_list took the
# letter's last signatories for a tag list, its promo rule GOV.UK's call-to-action box); after the fixes 0.986 /
# 0.992, 81/84, no leak
# holdout, five pages scored once after those fixes: 0.892 / 1.000, 29/29, 8 leaks (archive_ph: archive.today's capture
# bar read as a data table, "| archive.today webpage capture | Saved from search | …"; wikinews_mw: its sources list
# under a flat <h2> «Источники»; amp_web_story: the closing page's links to two other stories); after the fixes
# (a table holding a form control is layout; "sources" / «источники» / «джерела» among stop_lines) 0.976 / 1.000, two
# leaks (amp_web_story's two links)
test_stored_body_scores = ROUND.scores_test([(False, 0.98, 0.99), (True, 0.96, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = ["За последние две недели российские подразделения вышли к северной окраине Купянска-Узлового.",
          "Украинский гарнизон на левом берегу Оскола снабжается теперь по двум грунтовым дорогам и переправе.",
          "Окружения в классическом смысле нет: обе дороги простреливаются, но действуют."]
_TITLE = "Почему под Купянском снова заговорили о «котле»"


def _body(inside: str, lang: str = "ru") -> str:
    return extract_body(parse_html(article_page(inside, title=_TITLE, headline=_TITLE, lang=lang)))


@pytest.mark.parametrize(("line", "gone"), [
    ("Оригинал взят у <a href='https://kharkov-front.livejournal.com/'>kharkov_front</a> в <a href='/45678.html'>Под "
     "Купянском снова «котёл»?</a>", True),  # (livejournal_post)
    ("Originally posted by <b>warfare_notes</b> at <a href='/1.html'>Why the Oskil crossing matters</a>", True),
    ("Оригинал взят у коллекционера в Берлине, а копия хранится в Харьковском историческом музее.", False),
    ("Оригинал взят у kharkov_front в Купянске и опубликован с разрешения автора.", False)])
def test_a_blogs_repost_header_goes(line, gone):
    body = _body(f"<div>{line}</div><br>" + paragraphs(_STORY))
    assert all(sentence in body for sentence in _STORY)
    assert ("взят у" not in body and "posted by" not in body) is gone


@pytest.mark.parametrize(("caption", "gone"), [
    ("Схема: DeepState, правки мои", True),  # (livejournal_post) under the picture, in an <i>
    ("Карта: ISW", True),
    ("Map: Institute for the Study of War", True),
    ("Схема проста: сначала дроны, затем ракеты, а потом штурмовые группы.", False),
    ("Карта показывает, что линия фронта за месяц почти не сдвинулась.", False)])
def test_a_maps_credit_line_goes(caption, gone):
    body = _body(paragraphs(_STORY[:2]) + f"<p><img src='/map.png'><br><i>{caption}</i></p>" + paragraphs(_STORY[2:]))
    assert all(sentence in body for sentence in _STORY) and (caption not in body) is gone


@pytest.mark.parametrize(("between", "kept"), [
    # (shorthand_longread) a subhead quoting the paragraph under it: five words and a dash
    ("<h2>«Головне – не стояти на місці»</h2>", True),
    # a pull quote of eight words repeating the same paragraph's words still goes
    ("<blockquote>«Головне – не стояти на місці, коли чуєш дрон»</blockquote>", False)])
def test_a_dash_is_no_word_of_a_pull_quote(between, kept):
    quote = ("«FPV-дрон чути за кілометр, якщо вітру немає. Головне – не стояти на місці, коли чуєш дрон», – каже він, "
             "не відводячи очей від води.")
    story = ["Капітан порома Микола, 58 років, до війни возив туристів на Кінбурнську косу.", quote,
             "За день пором робить до восьми рейсів через Дніпро, попри постійні атаки дронів."]
    body = _body(paragraphs(story[:1]) + between + paragraphs(story[1:]), lang="uk")
    assert all(sentence in body for sentence in story)
    heading = between.split(">", 1)[1].rsplit("<", 1)[0]
    assert (heading in body.split("\n\n")) is kept

_KURSK = ["Власти Курской области объявили обязательную эвакуацию жителей ещё пяти сёл Глушковского района.",
          "Речь идёт о сёлах у границы с Украиной, где остаются около 600 человек, в основном пожилых.",
          "Эвакуированных разместят в пунктах временного размещения в Курске и Железногорске."]
_KURSK_TITLE = "В Курской области объявили эвакуацию ещё из пяти сёл"


def _archive_copy(bar: str) -> bytes:
    return (f"<html><head><title>{_KURSK_TITLE} — Сейм</title></head><body><div id='HEADER'><table>{bar}</table>"
            f"</div><div id='CONTENT'><div><h1>{_KURSK_TITLE}</h1>" + paragraphs(_KURSK)
            + "</div></div></body></html>").encode()


def test_a_table_holding_a_form_control_is_a_toolbar():
    # (archive_ph, holdout) archive.today's capture bar: two rows of two or three boxes, read as a data table before
    bar = ("<tr><td rowspan='2'><a href='/'>archive.today</a><br>webpage capture</td><td>Saved from <input readonly "
           "value='https://seyminfo.ru/news/1'> <a href='/s'>search</a></td><td>27 Nov 2026 10:15:33 UTC</td></tr>"
           "<tr><td>All snapshots from host <a href='/h'>seyminfo.ru</a></td><td><a href='/z'>download .zip</a> "
           "<a href='/r'>report bug or abuse</a></td></tr>")
    body = extract_body(parse_html(_archive_copy(bar)))
    assert body.split("\n\n")[-3:] == _KURSK and "Saved from" not in body and "|" not in body


def test_a_data_table_without_a_form_control_keeps_its_rows():
    # the look-alike: two rows of boxes with no <input> are a table of figures, kept as rows
    rows = "<tr><td>Глушковский район</td><td>600</td></tr><tr><td>Рыльский район</td><td>240</td></tr>"
    page = article_page(paragraphs(_KURSK) + f"<table>{rows}</table>", title=_KURSK_TITLE, headline=_KURSK_TITLE,
                        lang="ru")
    body = extract_body(parse_html(page))
    assert "| Рыльский район | 240 |" in body and all(sentence in body for sentence in _KURSK)


@pytest.mark.parametrize(("heading", "gone"), [("Источники", True), ("Sources", True), ("Джерела", True),
                                               ("Источники финансирования", False)])
def test_a_wikis_sources_heading_ends_the_text(heading, gone):
    # (wikinews_mw, holdout) MediaWiki's flat layout: the <h2> among the text's <p>s, the sources in a list after it
    sources = ("<div class='reflist'><ul><li><span class='source'><a class='external text' href='https://yle.fi/a/1'>"
               "«Hallitus sulkee Vaalimaan raja-aseman»</a> — <i>Yle</i>, 26 ноября 2026</span></li><li><span "
               "class='source'><a class='external text' href='https://www.interfax.ru/1'>«В Кремле назвали закрытие "
               "Ваалимаа недружественным шагом»</a> — <i>Интерфакс</i>, 26 ноября 2026</span></li></ul></div>")
    page = (f"<html lang='ru'><head><title>{_KURSK_TITLE}</title></head><body><main class='mw-body'><h1>{_KURSK_TITLE}"
            "</h1><div id='mw-content-text'><div class='mw-parser-output'>" + paragraphs(_KURSK)
            + f"<h2><span class='mw-headline'>{heading}</span></h2>{sources}</div></div></main></body></html>").encode()
    body = extract_body(parse_html(page))
    assert all(sentence in body for sentence in _KURSK)
    assert ("Hallitus sulkee" not in body) is gone
