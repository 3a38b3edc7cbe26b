"""Extraction on a tenth set of unseen pages: tests/fixtures/extract_unseen10 (uk, ru, en).

Outlets and templates no earlier set covers (The Page on Next.js, ipress.ua's interview, Час Чернівецький's live page,
Львівський портал's gallery, Наш Київ, Інформатор, Sestry on Nuxt; NEWS.ru, Readovka on Nuxt, Белсат, Политнавигатор,
Деловой Петербург on Bitrix, Faridaily on Substack, EADaily AMP; UnHerd, CEPA, Military.com on Drupal, The National
Interest, The Standard's live blog, Global News, UNITED24 Media, Mirror): explainers with a table, Q&As, live pages,
galleries, embedded tweets, Telegram posts and videos, «Читайте також» boxes, a story split in two containers, an
<article> that wraps only the lead, pull quotes, disclaimers, author boxes, subscription and donation prompts,
comments. The expectations were written before the extractor ran on them (figures: ``bench/extract_unseen.py --set
extract_unseen10``; the README has the blind baseline); the ``holdout`` pages were written after the fixes and scored
once.
"""

from __future__ import annotations

import pytest

from newswatch.clean import clean_tree
from newswatch.extract import extract_body, parse_html
from tests._unseen import UnseenRound, article_page, paragraphs

ROUND = UnseenRound("extract_unseen10")
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=22, uk=7, ru=7, en=8)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: first 22 pages stored P / R 0.952 / 0.998, 2 leaks blind; 0.977 / 0.998, no leak after the fixes (the
# precision left: standard_live's "Key Points" box and an entry's headline the expectation missed, footnotes and
# signature lines, which the set's conventions leave out of the expectation); holdout, six pages scored once after
# the fixes: 0.995 / 0.988 (dzen_article's subhead lost), 1.000 / 1.000 after its follow-up
test_stored_body_scores = ROUND.scores_test([(False, 0.97, 0.99), (True, 0.99, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Estonia has started installing concrete bunkers along its border with Russia, the defence ministry said.",
    "The first 28 bunkers were placed in Ida-Viru county and each can hold ten soldiers, officials said.",
    "Tallinn plans to build about 600 bunkers by 2028 at a cost of some 60 million euros, the ministry added.",
    "Latvia and Lithuania are building similar defences under a plan the three countries agreed in January 2024.",
]


def _page(inside: str, **kwargs) -> bytes:
    return article_page(inside, title="Bunkers", headline="Estonia builds bunkers", **kwargs)


def _body(inside: str, **kwargs) -> str:
    return extract_body(parse_html(_page(inside, **kwargs)))


def _story(story: list[str] = _STORY) -> str:
    return paragraphs(story)


@pytest.mark.parametrize("quote", [
    "<blockquote class='rich-text__quote'><p>The first 28 bunkers were placed in Ida-Viru county</p></blockquote>",
    "<aside class='inset'><p>“The first 28 bunkers were placed in Ida-Viru county and each can hold ten soldiers”"
    "</p></aside>",
])
def test_a_quote_repeating_the_storys_sentence_is_kept_once(quote):
    body = _body(f"<div class='text'><p>{_STORY[0]}</p>{quote}{_story(_STORY[1:])}</div>")
    assert body.split("\n\n")[-4:] == _STORY and body.count(_STORY[1][:40]) == 1


def test_a_quote_of_its_own_stays():
    said = "“We will not give up a single metre of our land,” the defence minister told parliament on Thursday."
    body = _body(f"<div class='text'>{_story(_STORY[:2])}<blockquote><p>{said}</p></blockquote>"
                 f"{_story(_STORY[2:])}</div>")
    assert said in body


def test_an_entry_headline_inside_the_live_pages_title_line_stays():
    # the headline repeats inside a line that is no sentence (the page's title line): both are the page's
    headline = "Estonia starts building bunkers on the Russian border"
    body = _body(f"<div class='live'><p>Live blog: {headline}</p><p>{_STORY[0]}</p><h3>{headline}</h3>"
                 f"{_story(_STORY[1:])}</div>")
    assert body.count(headline) == 2


@pytest.mark.parametrize(("text", "lang"), [
    ("All opinions expressed on Europe’s Edge are those of the author alone and may not represent those of the "
     "institutions they represent.", "en"),
    ("Колонка відображає особисту думку авторки і може не збігатися з позицією редакції.", "uk"),
])
def test_a_disclaimer_box_goes(text, lang):
    body = _body(f"<div class='text'>{_story()}<div class='article__disclaimer'><p><em>{text}</em></p></div></div>",
                 lang=lang)
    assert body.split("\n\n")[-4:] == _STORY and body.count(_STORY[1][:40]) == 1


def test_gated_story_paragraphs_in_a_paywall_wrapper_stay():
    # (unseen9's wsj_paywall) the page holds the whole story, the rest of it in a div.paywall: the stored body keeps
    # what a subscriber reads; a paywall prompt in such a wrapper still goes
    gated = f"<div class='paywall'>{_story(_STORY[2:])}</div>"
    prompt = ("<div class='paywall'><p>Continue reading your article with a subscription</p>"
              "<a href='/s'>Subscribe</a></div>")
    tree = parse_html(_page(f"<section class='body'>{_story(_STORY[:2])}{gated}{prompt}</section>"))
    clean_tree(tree)
    body = extract_body(tree)
    assert body.split("\n\n")[-4:] == _STORY and "Continue reading" not in body


# --- the holdout's cause -----------------------------------------------------------------------------------


def test_a_subhead_in_a_block_of_its_own_stays():
    # (dzen_article) a block editor wraps each paragraph and each heading in a <div> of its own, no <article> around
    subhead = "What it means for the region"
    blocks = [f"<div class='render__block'><p class='render__text'>{sentence}</p></div>" for sentence in _STORY]
    blocks.insert(2, f"<div class='render__block'><h2 class='render__header'>{subhead}</h2></div>")
    page = ("<html lang='en'><head><title>Bunkers</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<div class='page'><h1>Estonia builds bunkers</h1><div class='render'>{''.join(blocks)}</div></div>"
            "</body></html>")
    body = extract_body(parse_html(page.encode()))
    assert body.split("\n\n")[-5:] == [*_STORY[:2], subhead, *_STORY[2:]]


def test_a_related_heading_alone_in_its_box_stays_out():
    # (unseen breakingdefense) a box's "Related: <link>" heading between bare paragraphs is no subhead
    box = "<div class='related-posts'><h3>Related: <a href='/x'>Rheinmetall opens a plant in Lithuania</a></h3></div>"
    body = _body(f"<div class='text'>{_story(_STORY[:2])}{box}{_story(_STORY[2:])}</div>")
    assert "Rheinmetall" not in body
