"""Extraction on a twelfth set of unseen pages: tests/fixtures/extract_unseen12 (uk, ru, en).

Outlets and page types no earlier set covers (TASS's two-paragraph brief, a regional uCoz site in windows-1251 laid
out in tables with its story as <br><br>-separated text, an ISW assessment with maps and endnotes, RIA with an
embedded Telegram post, a WordPress story with the next story auto-loaded below it, a Kyiv Post interview in <div>s).
The expectations were written before the extractor ran on them (figures: ``bench/extract_unseen.py --set
extract_unseen12``; the README has the blind baseline).
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_body, parse_html
from tests._unseen import UnseenRound

_METADATA = "metadata's own (newswatch/extract/_metadata.py), outside this round's files"
ROUND = UnseenRound("extract_unseen12", metadata_misses={
    ("kyivpost_divs", "published_at"): f"the visible 'November 28, 2026, 11:15' (no zone) is read as Kyiv time over "
                                       f"the JSON-LD's 11:15+00:00; {_METADATA}",
})
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=6, uk=2, ru=2, en=2)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: six pages stored P / R 0.803 / 0.976, 42/42 paragraphs, 5 leaks blind; 0.920 / 0.976, 42/42, no leak
# after the fixes (the precision left: isw_footnotes' data cut-off and sourcing notes and its "Key Takeaways:" label,
# which the set's conventions leave out of the expectation)
# holdout, three pages scored once after the fixes: 0.973 / 1.000, 20/20, 1 leak (joomla_izmail's pager "| < Пред. |
# | След. > |"); after its follow-up (the pager, the headline's table row): 1.000 / 1.000, no leak
test_stored_body_scores = ROUND.scores_test([(False, 0.91, 0.97), (True, 0.97, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "У Коростені на базі ліцею запрацював ще один пункт незламності, розрахований на 150 людей.",
    "У приміщенні встановили генератор на 60 кіловат і облаштували місця для відпочинку.",
    "Чергуватимуть працівники ДСНС та волонтери місцевого Червоного Хреста, а мешканцям видаватимуть гарячі напої.",
    "Адреси всіх пунктів незламності можна знайти на сайті міської ради та в застосунку «Дія».",
    "Пункт працюватиме цілодобово у разі тривалих відключень електроенергії взимку.",
]


def _body(page: str) -> str:
    return extract_body(parse_html(f"<html lang='uk'><head><title>Пункт</title></head><body>{page}</body></html>"
                                   .encode()))


def test_a_table_cell_of_br_separated_paragraphs_is_layout_not_data():
    # (ucoz_korosten) one cell holds the story as <br><br>-separated text beside a details cell: read as data it
    # was one "| … | … |" line; read as layout, its paragraphs are the body's
    cell = "<br><br>".join(_STORY)
    body = _body(f"<table><tr><td class='eMessage'>{cell}</td><td>Переглядів: 418</td></tr></table>")
    assert body.split("\n\n")[-len(_STORY):] == _STORY and "|" not in body


def test_a_table_whose_rows_have_one_cell_each_is_layout():
    rows = "".join(f"<tr><td>{sentence}</td></tr>" for sentence in _STORY)
    body = _body(f"<table class='eBlock'><tr><td class='eTitle'>Пункт незламності</td></tr>{rows}</table>")
    assert "|" not in body and all(sentence in body for sentence in _STORY)


def test_a_data_table_stays_a_table():
    table = ("<table><tr><th>Громада</th><th>Пункти</th></tr><tr><td>Коростень</td><td>9</td></tr>"
             "<tr><td>Малин</td><td>4</td></tr></table>")
    body = _body(f"<article><h1>Пункти</h1>{''.join(f'<p>{s}</p>' for s in _STORY)}{table}</article>")
    assert "| Коростень | 9 |" in body


def test_ucoz_reader_comments_are_not_the_story():
    # (a story under 400 characters is extracted again without pruning, comments and all: not covered here)
    comment = ("<table class='cBlock1' width='100%'><tr><td><div class='cTop'><b>1</b> Оксана (28.11.2026 13:05)</div>"
               "<div class='cMessage'>Дякую за інформацію, а в районі Шатрища буде такий пункт? Бо у нас постійно "
               "світла немає по вісім годин.</div></td></tr></table>")
    cell = "<br><br>".join(_STORY)
    body = _body(f"<table><tr><td class='eMessage'>{cell}</td></tr></table>{comment}")
    assert _STORY[-1] in body and "Шатрища" not in body


@pytest.mark.parametrize(("closing", "gone"), [
    ("<p><strong>Россия проводит специальную военную операцию на Украине.</strong> "
     "<a href='/category/'>Все новости о спецоперации »</a></p>", "Все новости"),
    ("<p>[1] https://t.me/tass_agency/341829; https://ria.ru/20261127/peskov.html</p>", "t.me"),
])
def test_closing_pointers_and_address_only_endnotes_go(closing, gone):
    story = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    body = _body(f"<article><h1>Пункт</h1>{story}{closing}</article>")
    assert _STORY[-1] in body and gone not in body


def test_an_endnote_with_words_stays():
    note = "[2] Звіт міської ради про пункти незламності, листопад 2026 року, https://korosten-rada.gov.ua/report"
    story = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    assert note in _body(f"<article><h1>Пункт</h1>{story}<p>{note}</p></article>")


def test_a_table_whose_rows_have_one_cell_with_text_is_layout():
    # (joomla_izmail, holdout) the headline's cell beside a print button's: "| <headline> | |" as data
    rows = "".join(f"<tr><td colspan='2'>{sentence}</td></tr>" for sentence in _STORY)
    head = "<tr><td class='contentheading'>Пункт незламності</td><td><a href='/print'><img src='p.png'></a></td></tr>"
    body = _body(f"<table class='contentpaneopen'>{head}{rows}</table>")
    assert "|" not in body and all(sentence in body for sentence in _STORY)


@pytest.mark.parametrize("pager", [
    "<table class='pagenav'><tr><th><a href='/1'>&lt; Пред.</a></th><td>&nbsp;</td><th><a href='/2'>След. &gt;</a></th>"
    "</tr></table>",
    "<p><a href='/1'>« Попередня стаття</a> | <a href='/2'>Наступна стаття »</a></p>",
])
def test_a_pager_under_the_story_goes(pager):
    story = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    body = _body(f"<article><h1>Пункт</h1>{story}{pager}</article>")
    assert body.split("\n\n")[-len(_STORY):] == _STORY
