"""Byline lines naming the page's own authors (``clean_body(..., authors=...)``, rule ``common:byline_authors``): the
names with only byline furniture around them (separators, "and", an outlet, a date, a role word) go wherever they sit;
a sentence about an author, and a byline of someone who is not an author, stay."""

from __future__ import annotations

import pytest

from newswatch import _steps
from newswatch.clean import clean_body
from tests._clean_sets import load
from tests.test_clean import paragraphs, run_flow

RULE = "common:byline_authors"

STORY = {
    "en": ["Ukraine struck an oil refinery in Russia's Saratov region overnight, Ukrainian officials said Tuesday.",
           "The refinery had been hit at least four times this year, according to local media."],
    "uk": ["Сили оборони вночі уразили нафтопереробний завод у Саратовській області, повідомили у Генштабі.",
           "За даними місцевих медіа, завод цього року атакували щонайменше чотири рази."],
    "ru": ["Украинские дроны ночью атаковали нефтеперерабатывающий завод в Саратовской области, сообщили власти.",
           "По данным местных СМИ, завод в этом году атаковали не менее четырех раз."],
}
AUTHORS = {"en": ["Greg Norman"], "uk": ["Олена Петренко"], "ru": ["Иван Петров"]}

BYLINES = [
    ("en", "Greg Norman | Fox News"),
    ("en", "Greg Norman, Reuters"),
    ("en", "Greg Norman Nov. 11, 2025"),
    ("en", "Greg Norman"),
    ("en", "Greg Norman, Staff Writer"),
    ("en", "Greg Norman · Fox News · 12:40 PM EST"),
    ("uk", "Олена Петренко | Суспільне"),
    ("uk", "Олена Петренко"),
    ("uk", "Олена Петренко, кореспондентка Суспільного"),
    ("uk", "Олена Петренко, 11 листопада 2025"),
    ("ru", "Иван Петров, РБК"),
    ("ru", "Иван Петров, корреспондент"),
    ("ru", "Иван Петров · 11 ноября 2025"),
]

LOOK_ALIKES = [
    ("en", "Greg Norman is a reporter at Fox News Digital."),
    ("en", "Greg Norman contributed reporting from Kyiv, where he met officials on Monday."),
    ("en", '"We will not stop," Greg Norman was told by a Ukrainian commander.'),
    ("en", "Ivan Petrov | Fox News"),  # a byline, but of someone who is not this page's author
    ("uk", "Олена Петренко розповіла, що вибухи було чутно по всьому місту."),
    ("uk", "Андрій Коваль | Суспільне"),
    ("ru", "Иван Петров сообщил, что пожар удалось потушить к утру."),
    ("ru", "Сергей Смирнов, РБК"),
]


def _clean(lines: list[str], language: str):
    body, report = clean_body("\n\n".join(lines), language, None, title="A headline", authors=AUTHORS[language])
    return paragraphs(body), report.to_dict()["rules"]


@pytest.mark.parametrize(("language", "line"), BYLINES)
@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
def test_an_authors_byline_goes_first_or_last(language, line, first):
    story = STORY[language]
    kept, rules = _clean([line, *story] if first else [*story, line], language)
    assert kept == story
    assert list(rules) == [RULE]


@pytest.mark.parametrize(("language", "line"), LOOK_ALIKES)
@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
def test_a_sentence_about_the_author_or_another_name_stays(language, line, first):
    lines = [line, *STORY[language]] if first else [*STORY[language], line]
    kept, rules = _clean(lines, language)
    assert kept == lines
    assert RULE not in rules


def test_without_authors_the_byline_is_not_taken_by_this_rule():
    lines = [*STORY["en"], "Greg Norman | Fox News"]
    body, report = clean_body("\n\n".join(lines), "en", None)
    assert RULE not in report.to_dict()["rules"]
    body, report = clean_body("\n\n".join(lines), "en", None, authors=["Someone Else"])
    assert paragraphs(body) == lines


@pytest.mark.parametrize("authors", [None, [], "Greg Norman", [None, 3, "Greg Norman"], 42, [""]])
def test_odd_authors_values_never_raise(authors):
    body, _ = clean_body("\n\n".join([*STORY["en"], "Greg Norman, Reuters"]), "en", None, authors=authors)
    assert paragraphs(body)[:2] == STORY["en"]


def _foxnews_with(line: str, first: bool) -> tuple[str, str, str, list[str]]:
    html, url, language, expected = load("clean_holdout9", "foxnews")
    story_start = "<p>Ukraine struck an oil refinery"
    story_end = "<p>Greg Norman is a reporter at Fox News Digital.</p>"
    assert story_start in html and story_end in html
    if first:
        html = html.replace(story_start, f"<p>{line}</p>\n    {story_start}", 1)
    else:
        html = html.replace(story_end, f"{story_end}\n    <p>{line}</p>", 1)
    return html, url, language, expected


@pytest.mark.parametrize("line", ["Greg Norman | Fox News", "Greg Norman, Reuters", "Greg Norman Nov. 11, 2025",
                                  "Greg Norman"])
@pytest.mark.parametrize("first", [True, False], ids=["first", "last"])
def test_bylines_inserted_into_a_real_page_leave_exactly_the_story(line, first):
    # the JSON-LD author (Greg Norman) reaches clean_body; his closing bio, a sentence, stays as the story's
    html, url, language, expected = _foxnews_with(line, first)
    body, report, _ = run_flow(html, url, language, None)
    assert paragraphs(body) == expected
    assert RULE in report.to_dict()["rules"]


def test_the_steps_pass_the_items_authors():
    lines = [*STORY["ru"], "Иван Петров, РБК"]
    item = {"body": "\n\n".join(lines), "language": "ru", "title": "Заголовок", "authors": ["Иван Петров"]}
    rules, key = _steps._worker_rules(None)
    body, cleaning, _, _ = _steps.clean_article(*_steps.clean_inputs(item, key)[:6], rules)
    assert paragraphs(body) == STORY["ru"]
    assert RULE in cleaning["rules"]
    item["authors"] = ["Сергей Смирнов"]
    body, cleaning, _, _ = _steps.clean_article(*_steps.clean_inputs(item, key)[:6], rules)
    assert paragraphs(body) == lines
