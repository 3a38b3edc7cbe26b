"""Extraction on a ninth set of unseen pages: tests/fixtures/extract_unseen9 (uk, ru, en).

Outlets and templates no earlier set covers (Сьогодні on Next.js, Вікна on WordPress/JNews, Експрес on Drupal
10, Delo.ua AMP, 20 хвилин, Міноборони, a Tilda page; ИноСМИ, Украина.ру on Bitrix, Спектр on Ghost, БИЗНЕС
Online, Вечерняя Москва, NewsMaker's live page, LSM; WSJ, CBC, Yle, The Barents Observer, UK Defence Journal,
Chatham House, Task & Purpose on Arc, Forces News): embedded tweets and Telegram posts, «Читайте також» blocks
mid-text, explainers with <h2>s and lists, a Q&A, galleries, video players, a pull quote, subscription, donation
and app prompts, author boxes, comments. The expectations were written before the extractor ran on them (figures:
``bench/extract_unseen.py --set extract_unseen9``; the README has the blind baseline); the ``holdout`` pages were
written after the fixes and scored once.
"""

from __future__ import annotations

import pytest

from bench.extract_unseen import stored_body
from newswatch.extract import extract_body, parse_html
from tests._unseen import UnseenRound, article_page, paragraphs

# (expres_drupal's Drupal byline and svidomi_tilda's subtitle line «27.11.2026 · Текст: …», known misses of this round,
# are read since extract_meta10)
ROUND = UnseenRound("extract_unseen9")
PAGES = ROUND.pages


test_the_set_covers_three_languages = ROUND.coverage_test(pages=22, uk=7, ru=7, en=8)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: first 22 pages stored P 1.000 / R 0.981, no leak (blind: 0.975 / 0.979, 5 leaks); 1.000 / 1.000 since
# round 10 kept wsj_paywall's gated paragraphs (a div.paywall holding only story paragraphs: clean/_html.py); holdout,
# six pages scored once after the fixes: 0.964 / 0.995 (2 leaks: a Facebook post), 1.000 / 1.000 (no leak) after its
# follow-up
test_stored_body_scores = ROUND.scores_test([(False, 0.99, 0.99), (True, 0.99, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Canada will send drones, armoured vehicles and ammunition to Ukraine, the defence minister announced.",
    "The package includes 50 light armoured vehicles and several thousand first-person-view drones.",
    "Canada has committed more than $19 billion in assistance to Ukraine since 2022, federal figures show.",
    "Ukraine's defence minister thanked Ottawa and said air defence remained Kyiv's most urgent need.",
]


def _page(inside: str, **kwargs) -> bytes:
    return article_page(inside, title="Aid", headline="Aid for Ukraine", **kwargs)


def _body(inside: str, **kwargs) -> str:
    return extract_body(parse_html(_page(inside, **kwargs)))


def _story(story: list[str] = _STORY) -> str:
    return paragraphs(story)


def test_a_media_player_over_the_text_goes():
    player = ("<div class='media-player'><h3 class='media-title'>Canada announces new military aid</h3><div>Duration "
              "2:14</div><p>The minister says the package includes vehicles built in Canada.</p></div>")
    body = _body(f"<div class='story'>{player}{_story()}</div>")
    assert body.split("\n\n")[-4:] == _STORY and "Duration" not in body and "built in Canada" not in body


def test_a_pull_quote_in_a_wrapper_goes():
    quote = f"<div class='component--pull-quote'><blockquote><p>{_STORY[1]}</p></blockquote></div>"
    body = _body(f"<div class='wysiwyg'><p>{_STORY[0]}</p>{quote}{_story(_STORY[1:])}</div>")
    assert body.count(_STORY[1]) == 1


def test_a_story_quote_in_a_blockquote_stays():
    said = "“Ukraine's fight is our fight, and this winter will be a difficult one,” the minister told reporters."
    assert said in _body(f"<div class='story'>{_story()}<blockquote><p>{said}</p></blockquote></div>")


@pytest.mark.parametrize(("line", "lang"), [
    ("What should Europe do about Russia’s shadow fleet? Join the conversation below.", "en"),
    ("SHARE YOUR THOUGHTS", "en"),
    ("А ви що думаєте? Пишіть у коментарях.", "uk"),
])
def test_a_prompt_to_comment_goes(line, lang):
    body = _body(f"<div class='story'>{_story(_STORY[:2])}<div class='inset'><p>{line}</p></div>"
                 f"{_story(_STORY[2:])}</div>", lang=lang)
    assert body.split("\n\n")[-4:] == _STORY and line not in body


def test_a_sentence_about_a_conversation_stays():
    said = "Officials said they would join the conversation on air defence at the next NATO summit in Ankara."
    assert said in _body(f"<div class='story'>{_story()}<p>{said}</p></div>")


@pytest.mark.parametrize("heading", ["ABOUT THE AUTHOR", "Об авторе", "Про автора"])
def test_the_author_box_heading_ends_the_text(heading):
    body = _body(f"<div class='story'>{_story()}<h3>{heading}</h3><p>Jane Doe covers defence.</p></div>")
    assert body.split("\n\n")[-4:] == _STORY and heading not in body


@pytest.mark.parametrize("line", ["27.11.2026 · Текст: Дарина Савчук", "Автор: Игорь Петров", "Words: Jane Doe",
                                  "Автори: Дарина Савчук і Олег Коваль"])
def test_a_labelled_byline_line_goes(line):
    body = _body(f"<div class='story'><p>{line}</p>{_story()}</div>")
    assert body.split("\n\n")[-4:] == _STORY and line not in body


def test_a_tilda_pages_menu_over_its_headline_goes():
    menu = "".join(f"<li><a href='/{n}'>{w}</a></li>" for n, w in enumerate(["Новини", "Пояснення", "Підтримати"]))
    page = ("<html lang='uk'><head><meta property='og:title' content='Як Росія вербує підлітків'></head><body>"
            f"<div class='t-records'><div class='t228'><nav><ul>{menu}</ul></nav></div>"
            "<div class='t050'><div class='t-title'>Як Росія вербує підлітків</div></div><div class='t004'>"
            f"<div class='t-text'>{'<br><br>'.join(_STORY)}</div></div></div></body></html>")
    body = extract_body(parse_html(page.encode()))
    assert body.split("\n\n")[-4:] == _STORY and "Пояснення" not in body


def test_the_authors_name_alone_under_the_standfirst_is_not_stored():
    # (err_rus_h2, set 8's known miss) the byline's name line stays in the extracted body, which does not know the
    # authors; the crawl's cleaning gets the item's authors and drops it (the scorer now passes them as the crawl does)
    head = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Aid","author":[{"@type":"Person",'
            '"name":"Андрей Ивашин"}]}</script>')
    html = _page(f"<h2 class='lead'>{_STORY[0]}</h2><div class='byline'><span>Андрей Ивашин</span></div>"
                 f"<section>{_story(_STORY[1:])}</section>", lang="ru", head=head)
    body = stored_body({"html": html, "expected": {"url": "https://rus.example.ee/1/aid"}})
    assert "Ивашин" not in body and body.split("\n\n")[-3:] == _STORY[1:]


# --- the holdout's causes ----------------------------------------------------------------------------------


def test_an_embedded_facebook_post_goes():
    post = ("<div class='fb-post' data-href='https://www.facebook.com/dsns/posts/1'><blockquote "
            "cite='https://www.facebook.com/dsns/posts/1' class='fb-xfbml-parse-ignore'><p>Ліквідовано наслідки удару."
            "</p>Posted by <a href='https://www.facebook.com/dsns'>ДСНС</a> on Thursday, November 27, 2026</blockquote>"
            "</div>")
    body = _body(f"<div class='entry-content'>{_story()}{post}{_story()}</div>", lang="uk")
    assert body.split("\n\n")[-4:] == _STORY and "Posted by" not in body and "Ліквідовано" not in body


@pytest.mark.parametrize(("heading", "lang"), [("Вас може зацікавити", "uk"), ("Вам может быть интересно:", "ru")])
def test_a_you_may_be_interested_rail_under_the_text_goes(heading, lang):
    rail = (f"<div class='also'><div class='title'>{heading}</div><a href='/a1/'>Кличко: метро готове приймати людей"
            "</a></div>")
    body = _body(f"<div class='news-text'>{_story()}</div>{rail}", lang=lang)
    assert body.split("\n\n")[-4:] == _STORY and "метро" not in body


def test_a_you_may_be_interested_box_inside_the_story_leaves_the_story_after_it():
    box = "<p>Вам может быть интересно:</p><p><a href='/a1/'>Как обходить блокировки: инструкция</a></p>"
    said = "Адвокат задержанного сказал журналистам, что защита будет обжаловать арест в апелляционном суде."
    body = _body(f"<div class='news-text'>{_story()}{box}<p>{said}</p></div>", lang="ru")
    assert said in body and "блокировки" not in body
