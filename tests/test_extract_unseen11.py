"""Extraction on an eleventh set of unseen pages: tests/fixtures/extract_unseen11 (uk, ru, en).

Outlets and templates no earlier set covers (Накипіло's photo story, Прямий's interview, Вільне радіо's day chronicle,
Київ24 on Next.js with an Editor.js body only in its JSON; RFI's interview, Sputnik's article blocks with inline
related stories, Россия в глобальной политике's table, Ридус under long reader comments; Naval News' gallery, ERR
News' story across <section>s, Express on AMP, DefenseScoop's lazy <noscript> rest of story). The expectations were
written before the extractor ran on them (figures: ``bench/extract_unseen.py --set extract_unseen11``; the README has
the blind baseline); the ``holdout`` pages were written after the fixes and scored once.
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_body, parse_html
from newswatch.extract._appstate import app_state_body
from tests._unseen import UnseenRound, article_page, paragraphs

ROUND = UnseenRound("extract_unseen11", paragraph_misses={
    "kyiv24_next": "the lead lives in the app state's article object beside its Editor.js blocks, never in the HTML; "
                   "the app-state body reads the blocks only (the lead is the page's description): putting an app "
                   "state's lead first would add the leads that extract_unseen2's kp_ru and nbcnews and "
                   "extract_unseen6's novyny_live expect out of the body",
    "thesun_readmore": "the subdeck standfirst (p.article__subdeck) is not the page's description (that is the first "
                       "paragraph), and only a lead equal to the description is put back: sets 4-6 keep other "
                       "standfirsts out of the body (as extract_unseen7's newtimes_ru)",
})
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=18, uk=4, ru=4, en=4)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: first 12 pages stored P / R 0.941 / 0.845, 70/83 paragraphs, 2 leaks blind; 0.966 / 0.983, 82/83, no leak
# after the fixes (the precision left: vilne_live's clock times and intro, globalaffairs_table's source line and
# footnote, which the set's conventions leave out of the expectation); holdout, six pages scored once after the fixes:
# 0.948 / 0.978, 35/36, 1 leak (e66_gallery's reactions question), 0.953 / 0.978, no leak after its follow-up (left:
# svtv_live's key points box, thesun_readmore's subdeck)
test_stored_body_scores = ROUND.scores_test([(False, 0.96, 0.98), (True, 0.95, 0.97)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Finland has closed its last border crossing with Russia to lorries, the interior ministry said on Friday.",
    "The Vaalimaa crossing handled about 40,000 lorries last year, most of them carrying timber and chemicals.",
    "Helsinki cited the risk of hybrid attacks and a rise in violations along the 1,340 km border.",
    "Moscow called the decision unfriendly and promised a response, without saying what it would be.",
]


def _page(inside: str, **kwargs) -> bytes:
    return article_page(inside, title="Border", headline="Finland closes the border", **kwargs)


def _body(inside: str, **kwargs) -> str:
    return extract_body(parse_html(_page(inside, **kwargs)))


def _story(story: list[str] = _STORY) -> str:
    return paragraphs(story)


def test_the_rest_of_the_story_in_a_lazy_loaders_noscript_is_read():
    # (defensescoop_noscript) two paragraphs in the page, the rest in a <noscript> a script replaces; the loader's
    # placeholder line goes, as do the tracking and comment <noscript>s
    lazy = (f"<div class='lazy' data-src='/rest/1'><noscript>{_story(_STORY[2:])}</noscript>"
            "<div class='loader'>Loading the rest of the article…</div></div>")
    body = _body(f"<div class='content'>{_story(_STORY[:2])}{lazy}</div>"
                 "<noscript>Please enable JavaScript to view the comments powered by Disqus.</noscript>")
    assert body.split("\n\n")[-4:] == _STORY and "Loading" not in body and "Disqus" not in body


def test_a_noscript_copy_of_paragraphs_shown_beside_it_is_not_read_twice():
    # (deeper than a JavaScript shell's top <noscript>, which is read as the story whatever is beside it)
    body = _body(f"<div class='main'><div class='content'>{_story()}<noscript><div>{_story()}</div></noscript>"
                 "</div></div>")
    assert body.count(_STORY[2]) == 1


def test_a_noscript_copy_of_a_story_shown_in_divs_is_not_read_twice():
    shown = "".join(f"<div class='para'>{sentence}</div>" for sentence in _STORY)
    body = _body(f"<div class='main'><div class='content'>{shown}<noscript>{_story()}</noscript></div></div>")
    assert body.count(_STORY[2]) == 1


def test_editorjs_blocks_in_the_app_state_are_the_story():
    # (kyiv24_next) a Next.js shell; the story's blocks keep their text under "data", a list's items too; an image's
    # caption and a "read also" block are no story
    state = ('{"props":{"pageProps":{"article":{"title":"Finland closes the border","publishedAt":'
             '"2026-11-27T09:05:00Z","content":{"time":1,"blocks":['
             f'{{"type":"paragraph","data":{{"text":"{_STORY[0]}"}}}},'
             '{"type":"image","data":{"caption":"The Vaalimaa crossing, photo: Reuters"}},'
             '{"type":"header","data":{"text":"What changes","level":2}},'
             '{"type":"list","data":{"style":"unordered","items":["lorries","buses"]}},'
             '{"type":"readAlso","data":{"text":"Estonia builds bunkers on its border"}},'
             f'{{"type":"paragraph","data":{{"text":"{_STORY[1]}"}}}}],"version":"2.28.0"}}}}}}}}}}')
    page = ("<html><head><title>Finland closes the border</title></head><body><div id='__next'><h1>Finland closes "
            f"the border</h1></div><script id='__NEXT_DATA__' type='application/json'>{state}</script></body></html>")
    body = app_state_body(parse_html(page.encode()), "Finland closes the border")
    assert body.split("\n\n") == [_STORY[0], "What changes", "lorries", "buses", _STORY[1]]


def test_an_editorjs_table_in_the_app_state_is_read_row_by_row():
    state = ('{"props":{"pageProps":{"article":{"title":"Aid","publishedAt":"2026-11-27T09:05:00Z",'
             '"content":{"blocks":['
             f'{{"type":"paragraph","data":{{"text":"{_STORY[0]}"}}}},'
             '{"type":"table","data":{"withHeadings":true,"content":[["Country","Aid"],["Germany","<b>2</b> IRIS-T"]]}}'
             ']}}}}}')
    page = ("<html><head><title>Aid</title></head><body><div id='__next'><h1>Aid</h1></div>"
            f"<script id='__NEXT_DATA__' type='application/json'>{state}</script></body></html>")
    body = app_state_body(parse_html(page.encode()), "Aid")
    assert body.split("\n\n") == [_STORY[0], "| Country | Aid |", "| Germany | 2 IRIS-T |"]


@pytest.mark.parametrize("line", [
    "07:31, Fri, Nov 27, 2026 | UPDATED: 09:05, Fri, Nov 27, 2026",
    "Опубліковано 27 листопада 2026, 10:15 | Оновлено 27 листопада 2026, 12:30",
])
def test_a_published_and_updated_date_line_goes(line):
    body = _body(f"<div class='content'><p>{line}</p>{_story()}</div>", lang="uk" if "Оп" in line else "en")
    assert body.split("\n\n")[-4:] == _STORY and "2026, 1" not in body and "UPDATED" not in body


def test_a_sentence_with_a_date_and_a_clock_stays():
    said = "At 10:30 on November 27, 2026 the last lorry crossed the border at Vaalimaa, the guards said."
    assert said in _body(f"<div class='content'>{_story(_STORY[:2])}<p>{said}</p>{_story(_STORY[2:])}</div>")


def test_a_dont_miss_box_between_paragraphs_goes():
    box = ("<div class='dont-miss'><p><strong>DON'T MISS</strong></p><ul><li><a href='/1'>Trump warns Putin over "
           "talks [LATEST]</a></li><li><a href='/2'>Map shows where the fleet moved [MAPPED]</a></li></ul></div>")
    body = _body(f"<div class='content'>{_story(_STORY[:2])}{box}{_story(_STORY[2:])}</div>")
    assert body.split("\n\n")[-4:] == _STORY and "MISS" not in body


# --- the holdout's cause -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "lang"), [("Как вам новость?", "ru"), ("Ваша реакція?", "uk"),
                                                ("What's your reaction?", "en")])
def test_a_reactions_widgets_question_goes(question, lang):
    # (e66_gallery) the question over a reactions widget's buttons, under the story
    widget = f"<div class='news__reactions'><span>{question}</span><button>12</button><button>3</button></div>"
    body = _body(f"<div class='content'>{_story()}</div>{widget}", lang=lang)
    assert body.split("\n\n")[-4:] == _STORY and question not in body
