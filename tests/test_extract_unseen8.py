"""Extraction on an eighth set of unseen pages: tests/fixtures/extract_unseen8 (uk, ru, en).

Outlets and page types no earlier set covers (НикВести, Букви, AIN.UA, 5 канал's live page, the MFA's briefing, Твоє
місто AMP, Збруч; Эксперт, Зеркало, Радио Свобода, a Telegraph Instant View, Москва 24, Собеседник, Delfi; U.S. News
carrying Reuters, the State Department, The Conversation, The Atlantic's In Focus, Business Insider, Foreign Affairs,
Notes from Poland, Carnegie): text in <br>-separated <div>s, inline «Читайте також», data tables, transcripts with
speaker labels, a paginated page, related stories as nested <article>s, pull quotes, a <template> continuation, reader
comments, a consent wall, a wire dateline, a photo essay told in captions, an <h2> standfirst. The expectations were
written before the extractor ran on them (figures: ``bench/extract_unseen.py --set extract_unseen8``; the README has
the blind baseline); the ``holdout`` pages were written after the fixes and scored once.

The set's conventions (README): those of set 7 (the standfirst under the headline is the body's first paragraph and
the ``description``), and a photo essay's captions are its story.
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_body, parse_html
from tests._unseen import UnseenRound, article_page, paragraphs

# (telegraph_iv's pen name and zerkalo_nested's description, blind misses of this round, were fixed in metadata's
# ninth round: a role-words name linked as the author to another site is a pen name; a standfirst is not looked for
# in an <article> the headline is not in)
ROUND = UnseenRound("extract_unseen8")
PAGES = ROUND.pages
DESCRIPTION_MISSES: dict[str, str] = {}


test_the_set_covers_three_languages = ROUND.coverage_test(pages=22, uk=7, ru=7, en=8)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()
test_the_description_is_the_pages_summary = ROUND.description_test(DESCRIPTION_MISSES)


# measured: first 22 pages stored P 1.000 / R 1.000, no leak (blind: 0.983 / 0.951, 5 leaks); holdout, six pages
# scored once after the fixes: 0.900 / 0.992 (6 leaks), 0.993 / 0.996 (no leak) after its follow-up; what is left is
# err_rus_h2's byline line (the author's name alone, under the <h2> standfirst)
test_stored_body_scores = ROUND.scores_test([(False, 0.99, 0.99), (True, 0.99, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Poland will build a drone wall along its borders with Russia and Belarus by the end of next year.",
    "The system will combine radars, acoustic sensors and interceptor drones along the eastern border.",
    "The decision comes two months after Russian drones entered Polish airspace during an attack on Ukraine.",
    "Lithuania, Latvia and Estonia have announced similar plans and want their systems to be connected.",
]


def _body(inside: str, *, lang: str = "en") -> str:
    return extract_body(parse_html(article_page(inside, title="Drone wall", headline="Drone wall", lang=lang)))


def _story() -> str:
    return paragraphs(_STORY)


@pytest.mark.parametrize("line", [
    "Main image credit: Ministerstwo Obrony Narodowej (under CC BY 2.0)",
    "Featured image: Reuters/Kacper Pempel",
    "Image credit: Getty Images",
    "Header photo credit: NATO",
])
def test_the_main_pictures_credit_line_goes(line):
    body = _body(f"<div class='entry-content'>{_story()}<p><em>{line}</em></p></div>")
    assert _STORY[-1] in body and line not in body


@pytest.mark.parametrize("line", ["9:12 a.m. EST", "14:30", "(The briefing was concluded at 9:58 a.m.)",
                                  "(The press conference ended at 3:40 p.m.)", "(Брифінг завершено о 15:10)"])
def test_a_transcripts_clock_and_closing_note_go(line):
    body = _body(f"<div class='entry-content'><p>{line}</p>{_story()}<p>{line}</p></div>")
    assert body.split("\n\n")[-4:] == _STORY and line not in body


def test_a_sentence_with_a_time_stays():
    said = "At 9:12 a.m. EST the first drone crossed the border, the ministry said."
    assert said in _body(f"<div class='entry-content'>{_story()}<p>{said}</p></div>")


@pytest.mark.parametrize(("heading", "lang"), [("Інші новини розділу", "uk"), ("Другие новости", "ru"),
                                               ("More news", "en")])
def test_the_sections_other_news_under_the_text_go(heading, lang):
    text = "<br><br>".join(_STORY)
    other = (f"<div class='other-news'><div class='title'>{heading}</div><a href='/n/1'>У Миколаївському районі на "
             "міні підірвався трактор</a><br><a href='/n/2'>Ввечері в Очакові пролунали вибухи</a></div>")
    body = _body(f"<div class='news-text'>{text}</div>{other}", lang=lang)
    assert _STORY[-1] in body and heading not in body and "трактор" not in body


def test_an_unclassed_footnote_mark_is_not_glued_to_the_word():
    marked = _STORY[0].rstrip(".") + ".<sup><a href='#fn1' id='ref1'>1</a></sup>"
    body = _body(f"<div class='post-body'><p>{marked}</p>" + "".join(f"<p>{s}</p>" for s in _STORY[1:]) + "</div>"
                 "<ol class='notes'><li id='fn1'>Ministry statement, November 2026.</li></ol>")
    assert body.split("\n\n")[:4] == _STORY


def test_a_superscript_that_is_no_mark_stays():
    body = _body(f"<div class='post-body'><p>The square measured 40 m<sup>2</sup> in all, officials said after "
                 f"the visit.</p>{_story()}</div>")
    assert "40 m2 in all" in body


def test_an_address_byline_inside_the_article_goes():
    body = _body(f"<address><a rel='author' href='https://t.me/channel'>Военный обозреватель</a></address>{_story()}")
    assert body.split("\n\n")[-4:] == _STORY and "Военный обозреватель" not in body


_CAPTIONS = [
    "A woman walks past an apartment building in the Saltivka district, damaged in a glide-bomb strike on November "
    "21. Many residents returned after the first year of the war.",
    "Students attend a lesson in an underground school built inside a metro station in Kharkiv on November 24. The "
    "city now has eight such schools.",
    "Rescuers carry an injured man out of a residential building after a drone attack on the Kyivskyi district on "
    "November 25. Officials said four people were wounded.",
]


def _photo(caption: str, number: int) -> str:
    return (f"<li class='photo'><figure><img src='/{number}.jpg' alt=''><figcaption><span class='counter'>{number} / 3"
            f"</span><div class='caption'>{caption}</div><span class='credit'>Sergey Bobok / AFP</span></figcaption>"
            "</figure></li>")


def test_a_photo_essays_captions_are_its_story():
    intro = ("<div class='intro'><p>Images from Kharkiv, where residents prepare for another winter of blackouts and "
             "air raids.</p><p>Kharkiv, 30 kilometers from the Russian border, has been struck by missiles, glide "
             "bombs, and drones almost daily since 2022. As temperatures drop, its residents prepare for a winter of "
             "scheduled power cuts, while schools and hospitals have moved underground.</p></div>")
    body = _body(intro + "<ul class='photos'>" + "".join(_photo(c, n) for n, c in enumerate(_CAPTIONS, 1)) + "</ul>")
    assert body.split("\n\n")[-3:] == _CAPTIONS
    assert "AFP" not in body and "1 / 3" not in body


def test_a_news_storys_gallery_captions_stay_out():
    story = _story() * 3  # the story's text is longer than its gallery's captions
    body = _body(f"<div class='article-text'>{story}<ul class='gallery'>"
                 + "".join(_photo(c, n) for n, c in enumerate(_CAPTIONS, 1)) + "</ul></div>")
    assert _STORY[-1] in body and not any(caption in body for caption in _CAPTIONS)


# --- the holdout's causes ----------------------------------------------------------------------------------


def test_a_caption_by_its_class_goes():
    caption = ("<div class='mol-img'><img src='/1.jpg' alt=''><p class='imageCaption'>The tanker was boarded by "
               "police in the Gulf of Finland on Thursday (file image)</p></div>")
    body = _body(f"<div class='article-text'><p>{_STORY[0]}</p>{caption}" + "".join(f"<p>{s}</p>" for s in _STORY[1:])
                 + "</div>")
    assert body.split("\n\n")[-4:] == _STORY and "file image" not in body


@pytest.mark.parametrize("bullets", [
    "<ul><li><strong>Police boarded the vessel on Thursday</strong></li><li><strong>A power cable to Estonia was "
    "damaged</strong></li></ul>",
    "<ul class='summary-list'><li>Police boarded the vessel on Thursday.</li><li>A cable was damaged.</li>"
    "<li>Kyiv hopes exports will fund its drones.</li></ul>",
])
def test_bullets_right_under_the_headline_go(bullets):
    page = (f"<html lang='en'><head><title>Tanker held</title></head><body><div class='article-text'><h1>Tanker held"
            f"</h1>{bullets}<p class='byline'>By Chris Pleasance</p>{_story()}</div></body></html>")
    body = extract_body(parse_html(page.encode()))
    assert body.split("\n\n")[-4:] == _STORY and "Police boarded" not in body


def test_a_list_inside_the_story_stays():
    listed = "<ul><li>two batteries of Patriot</li><li>two IRIS-T SLM systems</li></ul>"
    body = _body(f"<div class='article-text'><p>{_STORY[0]}</p>{listed}" + "".join(f"<p>{s}</p>" for s in _STORY[1:])
                 + "</div>")
    assert "two IRIS-T SLM systems" in body


def test_the_menu_read_before_the_headline_goes():
    text = "<br><br>".join(_STORY)
    page = ("<html lang='uk'><head><title>Кордон | Радіо</title></head><body><div id='top'><span>Слухати ефір</span>"
            "</div><div id='menu'><a href='/news/'>Новини</a> <a href='/rivne/'>Рівне</a> <a href='/video/'>Відео</a>"
            f"</div><div id='center'><h1>Кордон</h1><div class='full-news-text'>{text}</div></div></body></html>")
    body = extract_body(parse_html(page.encode()))
    assert body.split("\n\n")[-4:] == _STORY and "Новини" not in body and "Слухати" not in body


@pytest.mark.parametrize("heading", ["Новини партнерів", "Новости партнеров", "Partner news"])
def test_partners_headlines_under_the_text_go(heading):
    partners = f"<div class='partners'><div class='block-title'>{heading}</div><a href='https://p.example/1'>" \
               "Які генератори купують цієї зими</a></div>"
    body = _body(f"<div class='news-text'>{_story()}</div>{partners}")
    assert _STORY[-1] in body and heading not in body and "генератори" not in body
