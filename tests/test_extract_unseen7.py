"""Extraction on a seventh set of unseen pages: tests/fixtures/extract_unseen7 (uk, ru, en).

Outlets and page types no earlier set covers (Depo, Vgorode, ZMINA, Суспільне's Kharkiv desk, Mind, Вчасно,
Корреспондент.net; Новая газета, Проект, REGNUM, Сибирь.Реалии, Бумага, The Moscow Times in Russian, SOTA;
Ukrinform in English, BBC News, the NYT's live blog, RT, TASS in English, CFR, TIME, the FT): summary boxes over the
story, standfirsts in their own element, Q&A interviews, FAQ explainers, long reads in chapters, galleries, embedded
posts, a story inside a nested <noscript>. The expectations were written before the extractor ran on them (figures:
``bench/extract_unseen.py --set extract_unseen7``; the README has the blind baseline); the ``holdout`` pages were
written after the fixes and scored once.

The set's conventions (README): the standfirst the page shows under its headline is the body's first paragraph (and the
``description``); a summary box ("Summary", "Here's what to know:", «Коротко», «Главное») is not the story.
"""

from __future__ import annotations

import pytest

from bench._scoring import Overlap, score_text
from newswatch.extract import extract_article, extract_body, parse_html
from tests._unseen import UnseenRound, article_page, paragraphs, words

# nyt_live's title (the JSON-LD headline "Russia-Ukraine War: …" over the <h1>) fixed by extract_meta8's round
ROUND = UnseenRound("extract_unseen7", metadata_misses={}, paragraph_misses={
    "newtimes_ru": "the standfirst (h2.article-subtitle) of which the meta description is a cut: a lead so described "
                   "stays out of the body by tests/test_extract_unseen4.py (test_the_description_falls_back_to_"
                   "the_standfirst), the convention of sets 4-6 this set does not follow; the whole lead is its "
                   "description",
})
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=22, uk=7, ru=7, en=8)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


@pytest.mark.parametrize("page", [name for name, page in PAGES.items() if "description" in page["expected"]])
def test_the_description_is_the_pages_summary(page):
    assert words(ROUND.extracted[page]["description"] or "") == words(PAGES[page]["expected"]["description"])


# measured: first 22 pages stored P 0.997 / R 1.000, no leak (blind: 0.960 / 0.983, 4 leaks); holdout, six pages
# scored once after the fixes: 0.892 / 0.798 (6 leaks), 0.937 / 0.798 after its follow-up, 1.000 / 0.972 once the
# cleaning stage kept gated story paragraphs (bloomberg's <p class="paywall">); newtimes_ru's standfirst is left out,
# see paragraph_misses
test_stored_body_scores = ROUND.scores_test([(False, 0.99, 0.99), (True, 0.99, 0.97)])


def test_the_extracted_holdout_bodies_hold_the_story():
    total = Overlap()
    for name, page in PAGES.items():
        if page["expected"].get("holdout"):
            total += score_text(ROUND.extracted[name]["body"], "\n\n".join(page["expected"]["paragraphs"]))
    # (precision 0.891 -> 0.873 when voanews' closing wire credit left the expected story: the extractor keeps it, the
    # cleaning stage takes it, README "What the stored body keeps")
    assert total.recall >= 0.96 and total.precision >= 0.87


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Romania says two Russian drones crossed into its airspace overnight during an attack on Ukraine's ports.",
    "The defence ministry said the drones were tracked for about twenty minutes before one disappeared from radar.",
    "Two Romanian jets were sent up but did not open fire because of the risk to civilians, it added.",
    "The foreign minister summoned Russia's chargé d'affaires and called the incursion an irresponsible provocation.",
]


def _page(inside: str) -> bytes:
    return article_page(inside, title="Drones over Romania", headline="Drones over Romania")


def _story() -> str:
    return f"<div class='body-content'>{paragraphs(_STORY)}</div>"


@pytest.mark.parametrize("box", [
    "<div class='summary-box'><h2>Summary</h2><ul><li>Two drones entered Romania.</li><li>Jets were scrambled.</li>"
    "</ul></div>",
    "<section><h2>Here’s what to know:</h2><ul><li>Two drones entered Romania.</li><li>Jets were scrambled.</li></ul>"
    "</section>",
    "<div class='article__short'><div class='article__short-title'>Коротко</div><ul><li>Two drones entered Romania."
    "</li><li>Jets were scrambled.</li></ul></div>",
    "<div class='ai-brief'><p><strong>Главное:</strong></p><ul><li>Two drones entered Romania.</li><li>Jets were "
    "scrambled.</li></ul></div>",
    "<div class='KeyPoints'><h2>In short:</h2><p>Two drones entered Romania.</p><h2>What's next?</h2>"
    "<p>Jets were scrambled.</p></div>",
    # a label naming its reading time or its author
    "<div class='quick'><p class='quick-title'>Головне за хвилину:</p><ul><li>Two drones entered Romania.</li>"
    "<li>Jets were scrambled.</li></ul></div>",
    "<div class='Takeaways_wrapper'><div class='Takeaways_heading'>Takeaways by Bloomberg AI</div><ul><li>Two drones "
    "entered Romania.</li><li>Jets were scrambled.</li></ul><div>Was this helpful? Yes No</div></div>",
])
def test_a_summary_box_over_the_story_goes(box):
    body = extract_body(parse_html(_page(box + _story())))
    assert all(sentence in body for sentence in _STORY)
    assert "Two drones entered Romania." not in body and "Jets were scrambled." not in body


@pytest.mark.parametrize(("inside", "kept"), [
    # a review's verdict closing the text: one paragraph under "Summary" (the benchmark's engadget keeps it)
    ("".join(f"<p>{sentence}</p>" for sentence in _STORY) + "<div class='verdict'><h4>Summary</h4><p>The console is "
     "the most powerful ever made, but it lacks VR support, which is disappointing.</p></div>",
     "The console is the most powerful ever made"),
    # the label inside the story's own container, not its box's first child (ISW's "Key Takeaways:")
    ("<p>Click here to see the interactive map of the invasion of Ukraine.</p><p><strong>Summary:</strong></p><ul>"
     "<li>Two drones entered Romania after midnight.</li><li>Jets were scrambled from the base at Borcea.</li></ul>"
     + "".join(f"<p>{sentence}</p>" for sentence in _STORY), "Two drones entered Romania after midnight."),
])
def test_what_only_looks_like_a_summary_box_stays(inside, kept):
    body = extract_body(parse_html(_page(f"<div class='article-body'>{inside}</div>")))
    assert kept in body and _STORY[0] in body


def test_a_long_copyright_owner_before_the_year_goes():
    notice = "<p>Copyright The Financial Times Limited 2026. All rights reserved.</p>"
    body = extract_body(parse_html(_page(_story().replace("</div>", notice + "</div>"))))
    assert _STORY[-1] in body and "Copyright" not in body


def test_a_story_in_a_noscript_nested_in_the_apps_divs():
    story = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    page = ("<html lang='en'><head><title>Drones</title></head><body><div id='__nuxt'><div class='loading'>Loading…"
            f"</div><div class='app-shell'><noscript><article><h1>Drones</h1>{story}</article></noscript></div></div>"
            "<script type='module' src='/_nuxt/entry.js'></script></body></html>")
    assert extract_body(parse_html(page.encode())).split("\n\n")[-4:] == _STORY


def test_a_chapter_title_first_in_its_section_stays():
    chapters = (f"<p>{_STORY[0]}</p><section id='ch1'><h2>Chapter 1. The night</h2><p>{_STORY[1]}</p></section>"
                f"<section id='ch2'><h2>Chapter 2. The morning</h2><p>{_STORY[2]}</p><p>{_STORY[3]}</p></section>")
    page = ("<html lang='uk'><head><title>Drones</title></head><body><div class='longread-cover'><h1>Drones</h1></div>"
            f"<div class='longread-body'>{chapters}</div></body></html>")
    body = extract_body(parse_html(page.encode()))
    assert body.split("\n\n")[-6:] == [_STORY[0], "Chapter 1. The night", _STORY[1], "Chapter 2. The morning",
                                       *_STORY[2:]]


@pytest.mark.parametrize(("shown", "kept"), [
    # the description edited a little: a title dropped
    ("Moscow has not been informed of the outcome of the talks in Geneva, Dmitry Peskov has said", True),

    # another text that opens the same way is not the standfirst
    ("Moscow has not been informed whether the delegation will travel to Istanbul next week", False),
])
def test_a_standfirst_close_to_the_description_is_put_back(shown, kept):
    description = ("Moscow has not been informed of the outcome of the talks in Geneva, Kremlin spokesman "
                   "Dmitry Peskov has said")
    page = ("<html lang='en'><head><title>Kremlin on Geneva</title>"
            f"<meta name='description' content='{description}'></head><body><div class='article'><h1>Kremlin on Geneva"
            f"</h1><div class='article__summary'>{shown}</div><div class='article__text'>"
            + "".join(f"<p>{sentence}</p>" for sentence in _STORY) + "</div></div></body></html>")
    body = extract_article(page.encode(), "https://example.com/russia/1")["body"]
    assert _STORY[0] in body and (shown in body) is kept
    assert body.count("Moscow has not been informed") == kept  # the lead once, never the description beside it


def test_a_latest_news_ribbon_after_the_story_goes():
    ribbon = "<div class='last-news'><div class='title'>Останні новини</div><a href='/n/1'>У Львові 28 листопада не " \
             "буде світла на 12 вулицях</a></div>"
    body = extract_body(parse_html(_page(_story() + ribbon)))
    assert _STORY[-1] in body and "Останні новини" not in body and "12 вулицях" not in body
