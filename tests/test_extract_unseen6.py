"""Extraction on a sixth set of unseen pages: tests/fixtures/extract_unseen6 (uk, ru, en).

Outlets and CMSes no earlier set covers (Gazeta.ua, Новини.LIVE, the President's office, Ґрати, Вечірній Київ,
Новинарня, 5 канал, Європейська правда AMP; АиФ, Life.ru, The Bell, Агентство, Настоящее Время, Звезда, Новые Известия;
Meduza in English, CNN's live updates, The Telegraph, Bellingcat, Foreign Policy, Ukrainska Pravda in English, CNBC):
a live page whose posts are sibling <article>s, subheads that trafilatura's paragraph fallback skips, JSON-LD
``articleBody`` written one line a paragraph, players and galleries under capitalised CSS-module class names, a
"Read more <section> news" pointer, a list of translations. The expectations were written before the extractor ran
on them (figures: ``bench/extract_unseen.py --set extract_unseen6``; the README has the blind baseline); the
``holdout`` pages were written after the fixes and scored once.

The set follows the project's standfirst convention: the standfirst is not one of a page's paragraphs; where the
expectation gives a ``description``, the article's ``description`` must say it.
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_article, extract_body, parse_html
from tests._unseen import UnseenRound

# agentstvo's authors were a miss until a quote opened inside a name kept its close (normalize._clean_piece)
ROUND = UnseenRound("extract_unseen6")
PAGES = ROUND.pages
# rubryka's tagline «Рубрика — медіа рішень» passed for the summary until the <title>'s site part ("… | Рубрика")
# named the outlet (_metadata._title_site_part)
DESCRIPTION_MISSES: dict[str, str] = {}


test_the_set_covers_three_languages = ROUND.coverage_test(pages=26, uk=7, ru=6, en=7, holdout=6)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()
test_the_description_is_the_pages_summary = ROUND.description_test(DESCRIPTION_MISSES)


# measured: first 22 pages stored P 0.936 / R 1.000, no leak (blind: 0.921 / 0.974, 4 leaks); holdout, six pages
# scored once after the fixes: 0.809 / 1.000 (one leak), 0.818 / 1.000 after its follow-up. The precision left is
# standfirsts and summary boxes the body keeps (see the README)
test_stored_body_scores = ROUND.scores_test([(False, 0.93, 0.99), (True, 0.81, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_POSTS = [
    ("Air defence busy over Kyiv", "Air defence units were working over Kyiv for more than an hour on Thursday, "
                                   "the city administration said."),
    ("Power cuts in the west", "Emergency power cuts were introduced in five western regions after the strikes, "
                               "the grid operator said."),
    ("Talks in Geneva", "Delegations from Ukraine and the United States met in Geneva for a second day of talks, "
                        "officials said."),
]


def _live_page(posts: str, *, extra: str = "") -> bytes:
    return ("<html lang='en'><head><title>Live updates</title></head><body><nav><a href='/'>Home</a></nav>"
            "<div class='content'><h1>Russia-Ukraine war: live updates</h1>"
            f"<div class='summary'><h2>What we're covering</h2><ul><li>A summary line.</li></ul></div>{posts}</div>"
            f"{extra}<footer>© 2026 News</footer></body></html>").encode()


def _post(headline: str, text: str) -> str:
    return (f"<article class='post'><header><span class='time'>{len(headline)}:02 p.m.</span><h2>{headline}</h2>"
            f"</header><div class='post__content'><p>{text}</p><p>More details about “{headline.lower()}” were "
            f"expected later in the day, according to a statement published on the regional administration's "
            f"Telegram channel shortly after noon, local time.</p></div></article>")


def test_every_post_of_a_live_page_is_the_story():
    body = extract_body(parse_html(_live_page("".join(_post(*post) for post in _POSTS))))
    assert body.split("\n\n")[::3] == [headline for headline, _ in _POSTS]
    assert all(text in body for _, text in _POSTS) and "A summary line." not in body


def test_cards_of_other_stories_are_not_posts():
    cards = "".join(f"<article class='card'><h3><a href='/news/{i}'>{headline} and what it means for the war in "
                    f"Ukraine this winter</a></h3></article>" for i, (headline, _) in enumerate(_POSTS))
    story = ("<article class='story'><p>" + " ".join(text for _, text in _POSTS) + "</p><p>Officials said more "
             "details would follow later in the day, after the meeting of the defence council.</p></article>")
    body = extract_body(parse_html(_live_page(story + f"<div class='related'>{cards}</div>")))
    assert _POSTS[0][1] in body and "what it means for the war" not in body


_STORY = [
    "In early November, police officers raided a dormitory where about 200 construction workers were living.",
    "Human rights lawyers said such raids have become routine in the Moscow region since the summer.",
    "Recruiters are paid bonuses for each signed contract, according to a regional official.",
]
# enough text for the fast pass to stand (a short one is retried without pruning)
_MORE = ("<p>Lawyers say the men are offered a choice between a contract with the Defence Ministry and a court case "
         "for evading military registration, a charge that can bring a prison term.</p>"
         "<p>The regional administration did not respond to a request for comment on the raids or on the bonuses "
         "paid to recruiters.</p>")


def _bare_page(inside: str) -> bytes:
    # class names trafilatura knows none of: it collects the page's paragraphs one by one
    return ("<html lang='en'><head><title>Recruiters target migrants</title></head><body><div class='App-root'>"
            f"<h1>Recruiters target migrants</h1><div class='Body-root'>{inside}</div></div></body></html>").encode()


def test_a_subhead_between_story_paragraphs_stays():
    inside = (f"<p class='SimpleBlock-p'>{_STORY[0]}</p><h3 class='SimpleBlock-h3'>A quota to fill</h3>"
              f"<p class='SimpleBlock-p'>{_STORY[1]}</p><p class='SimpleBlock-p'>{_STORY[2]}</p>")
    body = extract_body(parse_html(_bare_page(inside)))
    assert body.split("\n\n")[-4:] == [_STORY[0], "A quota to fill", _STORY[1], _STORY[2]]


def test_a_boxs_heading_between_story_paragraphs_does_not():
    inside = (f"<p>{_STORY[0]}</p><div class='box'><h3>Most read</h3><a href='/1'>Another story</a></div>"
              f"<p>{_STORY[1]}</p><p>{_STORY[2]}</p>")
    assert "Most read" not in extract_body(parse_html(_bare_page(inside)))


def test_an_article_body_written_one_line_a_paragraph_keeps_its_paragraphs():
    story = "\n".join(_STORY)
    page = ("<html lang='en'><head><title>Recruiters</title><script type='application/ld+json'>"
            '{"@type": "NewsArticle", "headline": "Recruiters", "articleBody": ' + repr(story).replace("'", '"')
            + "}</script></head><body><div id='root'><h1>Recruiters</h1><div class='loader'>Loading...</div></div>"
            "</body></html>")
    assert extract_article(page.encode(), "https://example.com/p/1")["body"] == "\n\n".join(_STORY)


@pytest.mark.parametrize(("furniture", "gone"), [
    # a player under a capitalised CSS-module class name: its label, duration and the other story's title
    ("<div class='InlineVideo-container'><div>watch now</div><div>VIDEO 3:1203:12</div>"
     "<div>Oil market is oversupplied, says analyst</div></div>", ["VIDEO 3:12", "Oil market is oversupplied"]),
    ("<p><strong>Read more CNBC energy news</strong></p><ul><li><a href='/1'>OPEC+ weighs another output increase</a>"
     "</li></ul>", ["Read more CNBC energy news"]),
    ("<p>Translations: <a href='/ru/'>Русский</a> <a href='/uk/'>Українська</a></p>", ["Translations:"]),
])
def test_furniture_of_this_round_leaves_the_text(furniture, gone):
    inside = f"<p>{_STORY[0]}</p>{furniture}<p>{_STORY[1]}</p><p>{_STORY[2]}</p>{_MORE}"
    body = extract_body(parse_html(_bare_page(inside).replace(b"class='Body-root'", b"class='article-body'")))
    assert all(sentence in body for sentence in _STORY)
    assert not [s for s in gone if s in body]


@pytest.mark.parametrize("line", [
    "Read more about the sanctions in our report on the shadow fleet.",
    "See more than 40 photos of the damage in the gallery below.",
])
def test_a_sentence_that_starts_like_a_pointer_stays(line):
    inside = f"<p>{_STORY[0]}</p><p>{line}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{_MORE}"
    assert line in extract_body(parse_html(_bare_page(inside).replace(b"class='Body-root'", b"class='article-body'")))


def test_a_comment_thread_opened_by_its_heading_goes():
    thread = ("<div class='b-comments'><h3>Комментарии</h3><div class='b-comment'><span>Петр</span>"
              "<p>А кредиты кто будет платить?</p></div></div>")
    inside = f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{_MORE}{thread}"
    body = extract_body(parse_html(_bare_page(inside)))
    assert all(sentence in body for sentence in _STORY) and "А кредиты" not in body


def test_a_story_container_with_a_comments_subhead_stays():
    # the heading is not the first child of its box: the story's own container, whose text must stay
    inside = f"<p>{_STORY[0]}</p><h3>Comments</h3><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{_MORE}"
    body = extract_body(parse_html(_bare_page(inside)))
    assert all(sentence in body for sentence in _STORY)


@pytest.mark.parametrize(("label", "dropped"), [("Commentary", True), ("Политика", True),
                                                ("KYIV, Nov 27 (Reuters)", False)])
def test_a_label_over_the_headline_and_standfirst_goes(label, dropped):
    lead = "A ceasefire in Ukraine would not end Europe’s need to rearm, and it would test the budgets."
    page = (f"<html lang='en'><head><title>Frozen conflict</title><meta name='description' content='{lead}'></head>"
            f"<body><article><div class='type'>{label}</div><h1>Frozen conflict</h1><div class='summary'>{lead}</div>"
            f"<div class='body'><p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p>{_MORE}</div></article>"
            "</body></html>")
    body = extract_body(parse_html(page.encode()))
    assert _STORY[0] in body and (label not in body) is dropped
