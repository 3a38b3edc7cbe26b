"""Extraction on a second set of unseen outlets: tests/fixtures/extract_unseen2 (uk, ru, en).

The pages imitate CMS families and page types the first set lacks: Next.js and Arc Publishing pages whose story,
dates or authors live only in a JSON app state, AMP, WordPress with share widgets inside ``entry-content``,
Bitrix (``detail_text``, «27 ноября 2026, 14:05»), regional sites («27 листопада 2026 р., 14:05», «Додано: ... о
14:05» between links, layout tables), a live blog, a long photo slider, several JSON-LD blocks with conflicting
dates, a ``<time>`` only in the byline, an opinion piece with an author bio, an interview (bold questions), paywall
teasers, Telegram and X embeds, data tables. The expectations were written before the extractor ran on them
(figures: ``bench/extract_unseen.py --set extract_unseen2``). The ``holdout`` pages were written after the fixes
and never tuned on; their misses are strict xfails with the reason.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_article, extract_body, extract_metadata, parse_html
from newswatch.extract.normalize import collapse_whitespace
from tests._unseen import UnseenRound

ROUND = UnseenRound("extract_unseen2")
PAGES = ROUND.pages


def test_the_set_covers_three_languages():
    languages = [page["expected"]["language"] for page in PAGES.values()]
    assert len(PAGES) >= 25
    assert languages.count("uk") >= 8 and languages.count("ru") >= 8 and languages.count("en") >= 8
    assert sum(_group(page["expected"]) == "holdout" for page in PAGES.values()) >= 5
    assert sum(_group(page["expected"]) == "holdout2" for page in PAGES.values()) >= 6


test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()


def _group(expected: dict) -> str:
    return expected.get("group") or ("holdout" if expected.get("holdout") else "first")


# measured: first set P 0.996 / R 0.999 (its first 20 pages blind, before the fixes: 0.956 / 0.925); holdout: 0.891 /
# 0.980 blind, 0.989 / 1.000 after the general fixes (inline promos, player and print lines, app-state box types);
# holdout2, six pages written after those fixes: 0.995 / 1.000 blind (its one miss, a "With Post wires" credit, since
# dropped)
@pytest.mark.parametrize(("group", "precision", "recall"), [("first", 0.98, 0.99), ("holdout", 0.97, 0.99),
                                                            ("holdout2", 0.98, 0.99)])
def test_stored_body_scores(group, precision, recall):
    overlap = ROUND.overlap(lambda expected: _group(expected) == group)
    assert overlap.precision >= precision and overlap.recall >= recall


def test_interview_questions_stay_in_the_body():
    body = ROUND.extracted["forbes_ua"]["body"].split("\n\n")
    questions = [p for p in PAGES["forbes_ua"]["expected"]["paragraphs"] if p.endswith("?")]
    assert len(questions) == 5 and all(q in body for q in questions)


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = [
    "Ukraine and Russia exchanged prisoners on Friday in the largest swap since the summer, officials said.",
    "Among those returned were soldiers captured during the defense of Mariupol, as well as civilians.",
    "Russia's Defense Ministry confirmed the exchange and said it had been mediated by the Emirates.",
    "Ukraine says more than eight thousand of its citizens remain in Russian captivity this winter.",
]
_TITLE = "Ukraine and Russia swap prisoners in largest exchange in months"


def _shell(script: str, head: str = "") -> bytes:
    return (f"<html lang='en'><head><title>{_TITLE}</title>{head}</head><body><div id='__next'>"
            "<nav><a href='/'>Home</a><a href='/world'>World</a></nav><main><div class='skeleton'></div></main>"
            f"<footer>© 2026 Example News</footer></div>{script}</body></html>").encode()


def test_a_next_js_shell_gives_its_story_dates_and_authors_from_its_app_state():
    article = {
        "title": _TITLE, "publishedAt": "2026-11-27T14:31:12Z", "updatedAt": 1795795360000,
        "authors": [{"name": "Jane Doe"}, {"person": {"name": "John Roe"}}],
        "blocks": [{"type": "paragraph", "text": _STORY[0]}, {"type": "ad", "html": "<div>Advertisement</div>"},
                   {"type": "paragraph", "text": f"<b>{_STORY[1]}</b>"},
                   {"type": "embed", "html": "<blockquote>Look at this post</blockquote>"},
                   {"type": "heading", "text": "Families wait"},
                   {"type": "list", "items": [{"type": "list_item", "text": _STORY[2]}]},
                   {"type": "paragraph", "text": _STORY[3]}],
    }
    teaser = {"title": "Another story", "publishedAt": "2026-11-26T08:00:00Z"}  # a related story, dated too
    data = {"props": {"pageProps": {"related": [teaser], "article": article}}}
    script = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>"
    got = extract_article(_shell(script), "https://news.example.com/world/swap-1")
    assert got["published_at"] == datetime(2026, 11, 27, 14, 31, 12, tzinfo=UTC)
    assert got["modified_at"] == datetime.fromtimestamp(1795795360, tz=UTC)
    assert got["authors"] == ["Jane Doe", "John Roe"]
    assert got["body"].split("\n\n") == [_STORY[0], _STORY[1], "Families wait", _STORY[2], _STORY[3]]


def test_an_arc_fusion_state_fills_only_what_structured_data_leaves_empty():
    content = {"headlines": {"basic": _TITLE}, "first_publish_date": "2026-11-27T14:05:32Z",
               "publish_date": "2026-11-27T15:40:11Z", "last_updated_date": "2026-11-27T15:40:11Z",
               "credits": {"by": [{"name": "Daniel McLaughlin"}]},
               "content_elements": [{"type": "text", "content": p} for p in _STORY]}
    script = f"<script>window.Fusion=window.Fusion||{{}};Fusion.globalContent={json.dumps(content)};" \
             "Fusion.globalContentConfig={};</script>"
    got = extract_article(_shell(script), "https://www.example.ie/world/swap")
    # the first publication, not Arc's latest (re)publication
    assert got["published_at"] == datetime(2026, 11, 27, 14, 5, 32, tzinfo=UTC)
    assert got["modified_at"] == datetime(2026, 11, 27, 15, 40, 11, tzinfo=UTC)
    assert got["authors"] == ["Daniel McLaughlin"] and got["body"] == "\n\n".join(_STORY)
    # the page's own meta tags win over the app state
    meta = "<meta property='article:published_time' content='2026-11-27T14:00:00Z'><meta name='author' content='A B'>"
    got = extract_article(_shell(script, meta), "https://www.example.ie/world/swap")
    assert got["published_at"] == datetime(2026, 11, 27, 14, 0, tzinfo=UTC) and got["authors"] == ["A B"]


def test_a_broken_or_huge_app_state_costs_nothing_but_itself():
    for script in ("<script id='__NEXT_DATA__' type='application/json'>{\"props\": [1, 2</script>",
                   "<script>window.__INITIAL_STATE__ = {'not': json};</script>",
                   "<script>window.__INITIAL_STATE__ = " + "[" * 5000 + "]" * 5000 + ";</script>"):
        got = extract_article(_shell(script), "https://news.example.com/world/swap-1")
        assert got["title"] == _TITLE and got["published_at"] is None and "Ukraine" not in got["body"]


def test_a_page_laid_out_in_tables_keeps_its_story_and_its_data_table():
    story = "<br><br>".join(_STORY)
    data = "<table class='data'><tr><th>Region</th><th>Losses</th></tr><tr><td>Donetsk</td><td>2304</td></tr></table>"
    html = ("<html lang='en'><body><table><tr><td class='top'><a href='/'>Logo</a> | <a href='/news'>News</a></td>"
            "</tr></table><table><tr><td class='left'><div class='block'>Poll: do you have a generator?<br>"
            f"<input type='radio'> Yes</div></td><td class='content'><h1>{_TITLE}</h1><div class='text'>{story}"
            f"<br>{data}</div></td><td class='right'><div>Latest news</div></td></tr></table></body></html>")
    body = extract_body(parse_html(html.encode()))
    assert "Poll" not in body and "Latest news" not in body
    assert all(sentence in body for sentence in _STORY)
    assert "| Donetsk | 2304 |" in body  # still a table


@pytest.mark.parametrize(("line", "dropped"), [
    ("Читайте також: Генштаб оновив дані про втрати ворога", True),
    ("Читайте такжеКак получить единовременную выплату участнику СВО", True),  # label and link glued
    ("Також на LIGA.net: Пенсії у грудні: що зміниться для українців", True),
    ("Ілюстративне фото: Житомир.info", True),
    ("[Edited by Alice Taylor]", True),
    ("Friday November 27 2026, 5.00pm GMT, The Times", True),
    ("15 408", True),
    # a sentence after the label is the story's; so are sentences that start like a label
    ("Читайте також: Генштаб оновив дані. Ворог втратив за добу понад тисячу військових і дванадцять танків.", False),
    ("На тему війни він написав багато книжок і статей про фронт.", False),
    ("Edited by the team, the report says that the war will go on.", False),
])
def test_furniture_lines_inside_the_story(line, dropped):
    paragraphs = [*_STORY[:2], line, *_STORY[2:]]
    html = "<html><body><article><h1>" + _TITLE + "</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    body = extract_body(parse_html((html + "</article></body></html>").encode()))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


@pytest.mark.parametrize(("line", "dropped"), [
    ("Listen to this story", True),
    ("Enjoy more audio and podcasts on iOS or Android.", True),
    ("Слухати новину", True),
    ('This article appeared in the Europe section of the print edition under the headline "Running on empty"', True),
    ("A version of this article appears in print on Nov. 28, 2026, Section A, Page 6 of the New York edition.", True),
    ("Listen to this story, the commander told his men before the assault on the village began.", False),
])
def test_player_and_print_edition_lines(line, dropped):
    html = "<html><body><article><h1>" + _TITLE + "</h1>" + "".join(f"<p>{p}</p>" for p in [*_STORY[:2], line,
                                                                                               *_STORY[2:]])
    body = extract_body(parse_html((html + "</article></body></html>").encode()))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


@pytest.mark.parametrize(("line", "dropped"), [
    ("With Post wires", True),
    ("— With AFP and Reuters", True),
    ("With wires cut across the city, repair crews worked through the night to restore power.", False),
])
def test_wire_credits(line, dropped):
    html = "<html><body><article><h1>" + _TITLE + "</h1>" + "".join(f"<p>{p}</p>" for p in [*_STORY, line])
    body = extract_body(parse_html((html + "</article></body></html>").encode()))
    assert all(sentence in body for sentence in _STORY)
    assert (line not in body) is dropped


def test_an_update_note_in_a_discarded_box_is_put_back():
    note = "Update 11/27/26, 11:20 a.m. ET: This article was updated with further information."
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    html = (f"<html><body><article><h1>{_TITLE}</h1><div class='article-body'>{story}<div class='article-footer-note'>"
            f"<p>{note}</p></div></div></article><div class='newsletter'><p>Sign up for our newsletter</p></div>"
            "</body></html>")
    body = extract_body(parse_html(html.encode())).split("\n\n")
    assert body[-2:] == [_STORY[-1], note]
    # a note word without the note's colon is not a note: the box stays discarded
    other = html.replace(note, "Updated daily by our newsroom staff and partners")
    assert "Updated daily" not in extract_body(parse_html(other.encode()))


@pytest.mark.parametrize(("promo", "dropped"), [
    ("<strong><a href='https://news.example.com/politics/aid-vote'>HOUSE PASSES DEFENSE BILL WITH UKRAINE FUNDING"
     "</a></strong>", True),
    ("<a href='/apps'>CLICK HERE TO GET THE EXAMPLE NEWS APP</a>", True),
    ("<a href='/world/2026/11/26/air-defense'>How air defense works in the border regions</a>", True),
    # a linked sentence, a link with the paragraph's own words, another site's page: the story's
    ("<a href='/world/report'>The full report of the monitoring mission was published on Friday evening.</a>", False),
    ("Officials cited <a href='/world/report'>a new report</a> on the shelling of the border villages", False),
    ("<a href='https://www.un.org/report'>UN MONITORING MISSION REPORT ON THE SHELLING</a>", False),
])
def test_an_inline_promo_between_story_paragraphs(promo, dropped):
    paragraphs = "".join(f"<p>{p}</p>" for p in _STORY[:2]) + f"<p>{promo}</p>" + \
        "".join(f"<p>{p}</p>" for p in _STORY[2:])
    html = f"<html><body><article><h1>{_TITLE}</h1>{paragraphs}</article></body></html>"
    body = extract_body(parse_html(html.encode()), "https://news.example.com/world/swap-1")
    text = collapse_whitespace(lxml.html.fromstring(promo).text_content())
    assert all(sentence in body for sentence in _STORY)
    assert (text not in body) is dropped


def test_a_video_player_goes_but_a_story_holding_a_video_stays():
    player = ("<div class='site-video'><p>Please use Chrome browser for a more accessible video player</p>"
              "<span>1:42</span></div>")
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    body = extract_body(parse_html(f"<html><body><article><h1>{_TITLE}</h1>{_STORY[0]}{player}{story}</article>"
                                   "</body></html>".encode()))
    assert "Chrome" not in body and all(sentence in body for sentence in _STORY)
    # a container whose class says video but that holds the story text is not a player
    wrapped = extract_body(parse_html(f"<html><body><h1>{_TITLE}</h1><div class='video-story-body'>{story * 2}</div>"
                                      "<div class='footer'>Contact us</div></body></html>".encode()))
    assert all(sentence in wrapped for sentence in _STORY)


_LD_DAY = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Призывников отправили",'
           ' "datePublished": "2026-11-27"}</script>')


def _ru_page(info: str, head: str = "", url: str = "https://ura.news/news/1") -> dict:
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    html = f"<html lang='ru'><head>{head}</head><body><div class='pub'><h1>Призывников отправили</h1>{info}{story}" \
           "</div></body></html>"
    return extract_metadata(parse_html(html.encode()), url)


def test_a_structured_day_takes_the_time_shown_that_day():
    shown = "<span class='date'>27 ноября 2026 в 14:05</span>"
    # a Russian page whose domain and locale name no country: Moscow time
    assert _ru_page(shown, _LD_DAY)["published_at"] == datetime(2026, 11, 27, 11, 5, tzinfo=UTC)
    other_day = "<span class='date'>26 ноября 2026 в 14:05</span>"
    assert _ru_page(other_day, _LD_DAY)["published_at"] == datetime(2026, 11, 27, tzinfo=UTC)
    kyiv = '<meta property="og:locale" content="ru_UA">'  # a Ukrainian outlet's Russian page says so
    assert _ru_page(shown, _LD_DAY + kyiv)["published_at"] == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)


def test_the_byline_time_beats_a_next_story_box_time():
    byline = ("<div class='meta'><span class='byline'>By Sam Skove</span> "
              "<time>November 27, 2026 02:05 PM ET</time></div>")
    river = ("<div class='river'><a href='/x'>Senate vote</a>"
             "<time datetime='2026-11-26T17:30:00-05:00'>Nov 26</time></div>")
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    html = f"<html lang='en'><body><div class='story'><div class='head'><h1>{_TITLE}</h1>{byline}</div>{story}</div>" \
           f"{river}</body></html>"
    got = extract_metadata(parse_html(html.encode()), "https://www.example.com/tech/1")
    assert got["published_at"] == datetime(2026, 11, 27, 19, 5, tzinfo=UTC)
    # with no date next to the headline, the bare <time> is still taken
    alone = html.replace(byline, "")
    assert extract_metadata(parse_html(alone.encode()), "https://www.example.com/tech/1")["published_at"] \
        == datetime(2026, 11, 26, 22, 30, tzinfo=UTC)


def test_a_label_line_with_links_gives_its_names_only():
    info = ("<div class='news-info'>Автор: <a href='/user/1'>Наталія Бондар</a> та <a href='/user/2'>Ігор Коваль</a>"
            " | Додано: 27.11.2026 о 14:05 | <span>Переглядів: 512</span></div>")
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    html = f"<html lang='uk'><body><table><tr><td><h1>{_TITLE}</h1>{info}{story}</td></tr></table></body></html>"
    got = extract_metadata(parse_html(html.encode()), "https://www.zhitomir.example/news_1.html")
    assert got["authors"] == ["Наталія Бондар", "Ігор Коваль"]
    assert got["published_at"] == datetime(2026, 11, 27, 12, 5, tzinfo=UTC)
