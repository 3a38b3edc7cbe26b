"""Extraction on a fifteenth set of unseen pages: tests/fixtures/extract_unseen15 (uk, ru, en).

Page types no earlier set covers this way: a live blog with a pinned entry and "load more", a Next.js App Router page
whose story is only in its flight data and a Nuxt 3 page whose story is only in __NUXT_DATA__, a ClaimReview
fact-check with a verdict box, an FAQ accordion, a story split into pages, a Substack newsletter and a think tank's
piece with note marks, a Tilda zero-block page, a Squarespace blog, a story under a long comment section, related
cards between paragraphs, a Telegram post quoted as the story's source and a photo story. The expectations were
written before the extractor ran on them (figures: ``bench/extract_unseen.py --set extract_unseen15``; the README has
the blind baseline).
"""

from __future__ import annotations

import json

import pytest

from newswatch.extract import extract_body, parse_html
from newswatch.extract._appstate import app_state_article
from tests._unseen import UnseenRound, article_page, paragraphs

# (afp_claimreview's "Is there content that you would like AFP to fact-check? Get in touch." line, a strict xfail
# until round 16: `reader_prompt` reads a question inviting tips and the invitation to write in)
ROUND = UnseenRound("extract_unseen15")
PAGES = ROUND.pages

test_the_set_covers_three_languages = ROUND.coverage_test(pages=19, uk=6, ru=6, en=7, holdout=5)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()
test_the_description_is_the_pages_summary = ROUND.description_test({})

# measured: fourteen pages stored P / R 0.912 / 0.803, 86/109 paragraphs, 17 leaks blind (rbc_next_flight 0/5 and
# agents_nuxt3 0/7: their states unread; ap_photo_story 0/6: its intro pruned as a gallery, its captions' credits kept;
# tsn_telegram_quote 6/8: the quoted post dropped; carnegie_ftn_ru 4/7: "[1]" marks); after the fixes 0.945 / 0.997,
# 109/109, one leak (afp_claimreview's contact line); the precision left is the notes of carnegie_ftn_ru and
# substack_footnotes, neither by unseen8's convention
# holdout, five pages scored once after those fixes: 0.880 / 0.853, 30/36, 3 leaks (meduza_next_blocks 0/6: its
# blocks' text in a "data" string; stopfake_verdict's «Використані джерела:» list under a <p> label); after their
# fixes 0.922 / 0.999, 36/36, no leak (the precision left: kyivindependent_live's "Key developments" list and
# stopfake_verdict's closing «Раніше StopFake спростовував…», neither by the conventions)
test_stored_body_scores = ROUND.scores_test([(False, 0.94, 0.99), (True, 0.92, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = ["Варшава з 1 грудня припиняє рух через два пункти пропуску на кордоні з Білоруссю, повідомив міністр.",
          "За його словами, лише за листопад прикордонники зафіксували понад дві тисячі спроб незаконного перетину.",
          "Вантажний рух з Білоруссю залишиться лише через один пункт пропуску для вантажівок і один для пасажирів."]
_TITLE = "Польща закриває ще два пункти пропуску"


def _push(row: str) -> str:
    pushed = json.dumps(row, ensure_ascii=False).replace("<", "\\u003c")  # as Next.js escapes it in a script
    return f"<script>self.__next_f.push([1,{pushed}])</script>"


def test_a_next_app_router_story_in_flight_rows():
    # (rbc_next_flight) the story as a client component's props in a flight row, its text in a "T" row it names
    text = paragraphs(_STORY)
    article = {"title": _TITLE, "publishedAt": "2026-11-26T18:40:00+02:00", "author": {"name": "Ірина Кутєлєва"},
               "text": "$9"}
    scripts = (_push('3:I[4417,["231","static/chunks/231-aa.js"],"ArticleView"]\n')
               + _push(f"9:T{len(text.encode()):x},{text}")
               + _push("8:" + json.dumps(["$", "$L3", None, {"article": article}], ensure_ascii=False) + "\n"))
    page = (f"<html lang='uk'><head><title>{_TITLE}</title></head><body><main><div class='skeleton'></div></main>"
            f"{scripts}</body></html>").encode()
    found = app_state_article(parse_html(page), _TITLE)
    assert found["body"].split("\n\n") == _STORY and found["authors"] == ["Ірина Кутєлєва"]
    assert all(sentence in extract_body(parse_html(page)) for sentence in _STORY)


def test_a_nuxt3_story_in_its_devalue_payload():
    # (agents_nuxt3) devalue's flat array: the root at 0, members as indices, a reactive wrapper around the data
    lead = "Резервистов набирают для охраны нефтеперерабатывающих заводов от атак украинских дронов."
    payload = [["ShallowReactive", 1], {"data": 2}, {"article": 3},
               {"title": 4, "lead": 5, "publishedAt": 6, "blocks": 7}, _TITLE, lead, "2026-11-25T12:30:00+03:00",
               [8, 11, 13, 15], {"type": 9, "html": 10}, "paragraph", _STORY[0], {"type": 12, "text": 16},
               "donate", {"type": 9, "html": 14}, _STORY[1], {"type": 9, "html": 17},
               "Поддержите нас — мы работаем только благодаря читателям", _STORY[2]]
    page = (f"<html lang='ru'><head><title>{_TITLE}</title></head><body><div id='__nuxt'>Загрузка…</div>"
            f"<script type='application/json' id='__NUXT_DATA__'>{json.dumps(payload, ensure_ascii=False)}</script>"
            "</body></html>").encode()
    assert app_state_article(parse_html(page), _TITLE)["body"].split("\n\n") == [lead, *_STORY]


def test_typed_blocks_whose_data_is_their_text():
    # (meduza_next_blocks, holdout) {"type": "p", "data": "…"}: no html / text key, the string is the block's text
    blocks = [{"type": "p", "data": _STORY[0]}, {"type": "related_rich", "data": {"title": "Інша історія"}},
              {"type": "h3", "data": "Що далі"}, {"type": "p", "data": _STORY[1].replace("міністр", "<a>міністр</a>")},
              {"type": "p", "data": _STORY[2]}]
    doc = {"title": _TITLE, "published_at": 1764227400, "content": {"blocks": blocks}}
    page = (f"<html lang='uk'><head><title>{_TITLE}</title></head><body><main></main>"
            + _push("7:" + json.dumps(["$", "$L5", None, {"doc": doc}], ensure_ascii=False) + "\n")
            + "</body></html>").encode()
    assert app_state_article(parse_html(page), _TITLE)["body"].split("\n\n") == [_STORY[0], "Що далі", *_STORY[1:]]


def test_a_box_of_sources_is_furniture():
    # (stopfake_verdict, holdout; afp_claimreview) a fact-check's sources under a label or a heading
    for box in ("<div class='sources-box'><p>Використані джерела:</p><ol><li><a href='https://dpsu.gov.ua/'>ДПСУ"
                "</a>, 26 листопада 2026</li></ol></div>",
                "<div><h3>Джерела</h3><ul><li>ДПСУ, 26 листопада 2026</li></ul></div>"):
        body = extract_body(parse_html(article_page(paragraphs(_STORY) + box, title=_TITLE, headline=_TITLE,
                                                    lang="uk")))
        assert body.split("\n\n")[-3:] == _STORY


@pytest.mark.parametrize("mark", ["<a href='#_ftn1' name='_ftnref1'><sup>[1]</sup></a>",
                                  "<sup><a href='#fn1' id='fnref1'>1</a></sup>"])
def test_unclassed_note_marks_go_and_the_notes_stay(mark):
    # (carnegie_ftn_ru) Word's marks pasted into a CMS: no class says footnote, the link's target does
    note = "Пояснительная записка к проекту федерального бюджета на 2027 год, с. 112."
    story = [_STORY[0].replace(", повідомив", f"{mark}, повідомив"), *_STORY[1:]]
    body = extract_body(parse_html(article_page(paragraphs(story) + f"<div id='ftn1'><p><a href='#_ftnref1'>[1]</a> "
                                                f"{note}</p></div>", title=_TITLE, headline=_TITLE, lang="uk")))
    assert all(sentence in body for sentence in _STORY) and note in body and "[1]" not in body


@pytest.mark.parametrize(("before", "kept"), [("написав у своєму Telegram-каналі:", True),
                                              ("повідомив у своєму Telegram-каналі.", False)])
def test_a_telegram_post_the_story_introduces_is_its_quote(before, kept):
    # (tsn_telegram_quote) after a paragraph ending in a colon the post is the story's quote; its footer never stays
    post = "Птахи СБС цієї ночі відвідали термінал «Шесхарис» у Новоросійську, уражено два причали та резервуар."
    inside = (paragraphs(_STORY[:2]) + f"<p>Командувач Сил безпілотних систем Роберт Бровді {before}</p>"
              f"<blockquote class='telegram-post'><p>{post}</p><footer>— Роберт Бровді (@robert_magyar) "
              "<a href='https://t.me/robert_magyar/2481'>26 листопада 2026</a></footer></blockquote>"
              + paragraphs(_STORY[2:]))
    body = extract_body(parse_html(article_page(inside, title=_TITLE, headline=_TITLE, lang="uk")))
    assert all(sentence in body for sentence in _STORY)
    assert (post in body) is kept and "@robert_magyar" not in body


@pytest.mark.parametrize("line", ["<em>Закінчення — на наступній сторінці</em>",
                                  "Окончание на следующей странице →", "Continued on next page"])
def test_a_paged_storys_pointer_to_its_next_page_goes(line):
    body = extract_body(parse_html(article_page(paragraphs(_STORY) + f"<p>{line}</p>", title=_TITLE,
                                                headline=_TITLE, lang="uk")))
    assert body.split("\n\n")[-3:] == _STORY


def test_flight_rows_that_refer_to_each_other_are_read_once():
    # a row named twice by each of 30 others (2^30 readings without memo) and a cycle: read in well under a second
    rows = [_push("0:" + json.dumps(["$1", "$1"]) + "\n")]
    rows += [_push(f"{i:x}:" + json.dumps([f"${i + 1:x}", f"${i + 1:x}"]) + "\n") for i in range(1, 30)]
    rows += [_push("1e:" + json.dumps({"a": "$0"}) + "\n")]
    page = (f"<html><head><title>{_TITLE}</title></head><body>{''.join(rows)}</body></html>").encode()
    assert app_state_article(parse_html(page), _TITLE) is None


def test_a_devalue_payload_with_a_cycle_is_read():
    payload = [["Reactive", 1], {"data": 2, "self": 1}, {"article": 3}, {"title": 4, "publishedAt": 5, "body": 6},
               _TITLE, "2026-11-25T12:30:00+03:00", " ".join(_STORY)]
    page = (f"<html><head><title>{_TITLE}</title></head><body><script type='application/json' id='__NUXT_DATA__'>"
            f"{json.dumps(payload, ensure_ascii=False)}</script></body></html>").encode()
    assert app_state_article(parse_html(page), _TITLE)["body"] == " ".join(_STORY)


def test_a_live_blogs_labels_and_buttons_in_plain_elements_go():
    # (suspilne_live, kyivindependent_live) the same labels as <div>s and <span>s, not <button>s
    entries = "".join(f"<div class='entry'><span class='label'>{label}</span><time>1{i}:05</time><h2>Оновлення {i}</h2>"
                      f"<p>{sentence}</p><div class='share'><span>Скопіювати посилання</span></div></div>"
                      for i, (label, sentence) in enumerate(zip(("Закріплено", "", ""), _STORY, strict=True)))
    body = extract_body(parse_html(article_page(entries + "<div class='more'><span>Завантажити ще</span></div>",
                                                title=_TITLE, headline=_TITLE, lang="uk")))
    assert all(sentence in body for sentence in _STORY)
    assert not any(label in body for label in ("Закріплено", "Скопіювати посилання", "Завантажити ще"))
