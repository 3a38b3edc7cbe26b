"""Extraction on a thirteenth set of unseen pages: tests/fixtures/extract_unseen13 (uk, ru, en).

Page types no earlier set covers this way: two short briefs (under 400 characters) with comments, related lists and
tag clouds below them, a live blog of timestamped entries, a photo report whose captions are the story, a Next.js
page and a Nuxt 2 page with the story only in their state, a paywalled page with the whole text in JSON-LD, a story
split into pages, a fact-check's claim and verdict boxes, an explainer in <details>, and an <article> that holds
the site's mega-menu. The expectations were written before the extractor ran on them (figures: ``bench/
extract_unseen.py --set extract_unseen13``; the README has the blind baseline).
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_body, parse_html
from newswatch.extract._appstate import app_state_article
from tests._unseen import UnseenRound

ROUND = UnseenRound("extract_unseen13")
PAGES = ROUND.pages


def test_the_set_covers_three_languages():
    languages = [page["expected"]["language"] for page in PAGES.values()]
    assert len(PAGES) >= 10
    assert languages.count("uk") >= 2 and languages.count("ru") >= 2 and languages.count("en") >= 2


test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


# measured: eleven pages stored P / R 0.980 / 0.893, 57/64 paragraphs, no leak blind (verstka_nuxt 0/5: its Nuxt 2
# state unread; ukrinform_gallery 5/7; rivne_short P 0.60: its header line kept); after the fixes 0.993 / 0.987,
# 63/64 (ukrinform_gallery's lead «… Фоторепортаж Укрінформу.», which the cleaning stage's common:caption rule drops:
# newswatch/clean, outside this round's files; the extracted body has it); then 1.000 / 0.987 (BBC's "Посада, …"
# label and LIGA's «Онлайн Оновлено 13:42» stamp gone); then 1.000 / 1.000, 64/64 (common:caption no longer reads a
# lead's closing «Фоторепортаж Укрінформу.» as a photo credit)
# holdout, five pages scored once after those fixes: 0.951 / 0.918, 23/26, no leak (dumska_nuxt's last paragraph glued
# to a figure's caption in its Nuxt HTML string and dropped with the credit line; voxcheck_fact's claim and verdict
# boxes beside the text's container); after their fixes 0.955 / 1.000, 26/26 (the precision left: VoxCheck's
# partnership note, neither by the conventions)
@pytest.mark.parametrize(("holdout", "precision", "recall"), [(False, 0.995, 0.995), (True, 0.95, 0.99)])
def test_stored_body_scores(holdout, precision, recall):
    overlap = ROUND.overlap(lambda expected: bool(expected.get("holdout")) == holdout)
    assert overlap.precision >= precision and overlap.recall >= recall


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_BRIEF = ["У Коростені на базі ліцею запрацював ще один пункт незламності, розрахований на 150 людей.",
          "У приміщенні встановили генератор на 60 кіловат і облаштували місця для відпочинку."]


def _body(page: str) -> str:
    return extract_body(parse_html(f"<html lang='uk'><head><title>Пункт</title></head><body>{page}</body></html>"
                                   .encode()))


def test_a_short_brief_keeps_the_prune_of_its_comments():
    # a story under 400 characters is read again without pruning (for a rule that hit the story); what that pass
    # adds only from the pruned furniture (a uCoz comment table) stays out
    comment = ("<table class='cBlock1' width='100%'><tr><td><div class='cTop'><b>1</b> Оксана (28.11.2026 13:05)</div>"
               "<div class='cMessage'>Дякую за інформацію, а в районі Шатрища буде такий пункт? Бо у нас постійно "
               "світла немає по вісім годин.</div></td></tr></table>")
    body = _body(f"<table><tr><td class='eMessage'>{'<br><br>'.join(_BRIEF)}</td></tr></table>{comment}")
    assert body.split("\n\n") == _BRIEF


def test_a_short_story_a_prune_hit_is_still_read_without_it():
    # the retry's reason stays: a story whose container a furniture rule matches comes back whole
    story = "".join(f"<p>{s}</p>" for s in _BRIEF)
    body = _body(f"<div class='gallery'><h1>Пункт</h1>{story}</div>")
    assert all(s in body for s in _BRIEF)


def test_a_flattened_brief_loses_its_header_line_not_its_paragraphs():
    # (rivne_short) trafilatura's baseline joins headline, date / byline / views line and paragraphs in one line
    story = "".join(f"<p>{s}</p>" for s in _BRIEF)
    page = (f"<article><header><h1>Пункт незламності</h1><div class='entry-meta'><time>28.11.2026, 07:40</time> "
            f"Ірина Поліщук <span>👁 1 274</span></div></header><div class='entry-content'>{story}</div></article>")
    assert _body(page).split("\n\n")[-2:] == _BRIEF


def test_a_nuxt2_state_function_is_read():
    script = ('window.__NUXT__=(function(a,b,c){return {layout:"default",data:[{article:{title:"Пункт",'
              'publishedAt:"2026-11-28T11:30:00+03:00",authors:[{name:\'Ірина Поліщук\'}],blocks:[{type:a,text:"ONE"},'
              '{type:b,text:"Читайте також: інше"},{type:a,text:"SECOND"}],lead:c}}],serverRendered:true}}'
              '("paragraph","related",void 0));').replace("ONE", _BRIEF[0]).replace("SECOND", _BRIEF[1])
    tree = parse_html(f"<html><head><title>Пункт</title></head><body><div id='__nuxt'></div><script>{script}</script>"
                      f"</body></html>".encode())
    found = app_state_article(tree, "Пункт")
    assert found["body"].split("\n\n") == _BRIEF and found["authors"] == ["Ірина Поліщук"]


@pytest.mark.parametrize("script", [
    "window.__NUXT__=(function(a){return {data:[{title:x}]}}(1));",  # a name that is no parameter
    "window.__NUXT__=(function(a){return {data:[{title:a,}",  # cut short
    "window.__NUXT__=(function(a){return {data:[{title:a}]}}(new Date(0)));",
])
def test_an_unreadable_state_function_is_no_state(script):
    tree = parse_html(f"<html><body><script>{script}</script></body></html>".encode())
    assert app_state_article(tree, "x") is None


def test_a_photo_report_keeps_its_last_slide():
    # (ukrinform_gallery) each slide's «Придбати фото» link: trafilatura's link-density test of a container's last
    # <div> dropped the last slide, its caption with it; a purchase link's box is pruned as furniture
    captions = _BRIEF + ["Волонтери роздають гарячі обіди людям, які залишилися без газу та світла після обстрілу."]
    slides = "".join(f"<div class='photoreport__item'><img src='{i}.jpg'><div class='photoreport__counter'>{i + 1} / 3"
                     f"</div><div class='photoreport__text'>{caption}</div><div class='photoreport__buy'>"
                     f"<a href='/buy/{i}'>Придбати фото</a></div></div>" for i, caption in enumerate(captions))
    body = _body(f"<article><h1>Херсон після обстрілу</h1><div class='photoreport__list'>{slides}</div></article>")
    assert all(caption in body for caption in captions) and "Придбати" not in body


def test_an_app_state_html_body_leaves_its_figures_out():
    # (dumska_nuxt, holdout) a caption's </figcaption> is no block end: the credit and the next paragraph were one line
    script = ('window.__NUXT__=(function(a){return {data:[{post:{title:"Пункт",published_at:"2026-11-28 09:12:00",'
              'content:"\\u003Cp\\u003EONE\\u003C\\u002Fp\\u003E\\u003Cfigure\\u003E\\u003Cimg src=\\"a.jpg\\"\\u003E'
              '\\u003Cfigcaption\\u003EФото: МВА\\u003C\\u002Ffigcaption\\u003E\\u003C\\u002Ffigure\\u003E'
              '\\u003Cp\\u003ETWO\\u003C\\u002Fp\\u003E"}}]}}(null));')
    script = script.replace("ONE", _BRIEF[0]).replace("TWO", _BRIEF[1])
    tree = parse_html(f"<html><head><title>Пункт</title></head><body><script>{script}</script></body></html>".encode())
    assert app_state_article(tree, "Пункт")["body"].split("\n\n") == _BRIEF


_CLAIM = "Європейський Союз з 1 січня заборонить українським біженцям отримувати соціальну допомогу."
_VERDICT = ("Маніпуляція. Рішення Ради ЄС продовжує тимчасовий захист до березня 2028 року; "
            "правила соціальної допомоги визначає кожна країна окремо.")


@pytest.mark.parametrize(("schema", "kept"), [("ClaimReview", True), ("NewsArticle", False)])
def test_a_fact_checks_claim_and_verdict_boxes_beside_the_text(schema, kept):
    # (voxcheck_fact, holdout) the boxes sit beside div.fake-body__text, which trafilatura takes for the story; only a
    # page declaring a ClaimReview gets them back (a news page's "claim" box is not looked for)
    html = PAGES["voxcheck_fact"]["html"].decode()
    if not kept:
        html = html.replace('"@type":"ClaimReview"', f'"@type":"{schema}"')
    body = extract_body(parse_html(html.encode()))
    assert (_CLAIM in body and _VERDICT.split(".")[1] in body) is kept
    assert "Джерело" not in body and "Твердження" not in body


@pytest.mark.parametrize(("line", "gone"), [
    ("<ul><li><span>Автор,</span> <span>Оксана Тороп</span></li><li><span>Посада,</span> <span>BBC News Україна</span>"
     "</li></ul>", True),  # (bbc_details) BBC's screen-reader byline labels
    ("<div><span>Онлайн</span> <span>Оновлено 13:42</span></div>", True),  # (liga_live) a live badge and stamp
    ("<p>Оновлено о 14:20: рятувальники завершили розбирати завали.</p>", False),  # an update note is the story's
    ("<p>Автор, який попросив не називати його імені, працює в Укренерго.</p>", False),  # a sentence
])
def test_byline_labels_and_update_stamps_go(line, gone):
    story = "".join(f"<p>{s}</p>" for s in _BRIEF + ["Чергуватимуть працівники ДСНС та волонтери місцевого "
                                                    "Червоного Хреста, а мешканцям видаватимуть гарячі напої."])
    body = _body(f"<article><h1>Пункт незламності</h1>{line}{story}</article>")
    assert all(s in body for s in _BRIEF)
    assert ("Посада" not in body and "Оновлено" not in body and "Автор" not in body) is gone
