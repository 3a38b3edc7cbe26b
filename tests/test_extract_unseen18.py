"""Extraction on an eighteenth set of unseen pages: tests/fixtures/extract_unseen18 (uk, ru, en).

Platforms and page kinds no earlier set covers: a Teletype post, a Telegraph (telegra.ph) page with its report form, a
Thread Reader unroll of an OSINT thread, a Pentagon readout on DNN, a think tank's comment on TYPO3 with footnote marks,
endnotes and a citation line, a ministry release on SharePoint with a data table and attached files, a regional US paper
on BLOX, a Habr post, a fund's report on a public Notion page (every paragraph a ``div`` block), a company's press
release on Adobe Experience Manager (the story in several ``cmp-text`` components), a Kremlin transcript with bold
speaker names and a Hugo blog post with Goldmark footnotes; the holdout: an Astro explainer with a FAQ accordion, an
Angular Universal page with comments below, a Sitecore ministry page with a table and attachments, a regional paper on
an old table layout in windows-1251 and a Gatsby long read split by "read also" cards, pull quotes and ad slots. The
expectations were written before the extractor ran on them (figures: ``bench/extract_unseen.py --set
extract_unseen18``; the set's README has the blind baseline); the ``holdout`` pages were scored once after the fixes.
"""

from __future__ import annotations

import pytest

from bench.extract_unseen import FETCHED_AT
from newswatch.extract import extract_body, parse_html
from newswatch.process import process_page
from tests._unseen import UnseenRound, article_page, paragraphs

ROUND = UnseenRound("extract_unseen18", metadata_misses={
    ("kremlin_transcript", "published_at"): "the <time> says only the day (datetime='2026-11-26'); the clock, «13:30» "
                                            "Moscow time, is only in its text «26 ноября 2026 года, 13:30» "
                                            "(metadata's)",
    ("threadreader_unroll", "published_at"): "Thread Reader prints the day as «Nov 26, 2026» in a span.time (an epoch "
                                             "in data-time) and declares no date in its head (metadata's)",
}, furniture_misses={
    "threadreader_unroll": "Thread Reader's cards under the thread (follow, 'may be removed', support, premium): "
                           "trafilatura drops each card's <h4> and keeps its lines («Stay in touch and get notified…», "
                           "'Save it as PDF for later use!', 'Become a Premium Member…'); no class word nor text shape "
                           "general enough to take them",
})
PAGES = ROUND.pages

test_the_set_covers_three_languages = ROUND.coverage_test(pages=17, uk=5, ru=5, en=7, holdout=5)
test_metadata, test_every_story_paragraph_is_extracted, test_stored_body_has_no_furniture = ROUND.page_tests()
test_the_description_is_the_pages_summary = ROUND.description_test({})

# measured: twelve pages stored P / R 0.876 / 0.947, 111/115 paragraphs, 7 leaks blind (aem_press: the cleaning's
# consent rule took every AEM 'cmp-text' component for a consent platform's box, 4 of 6 paragraphs gone;
# teletype_post's closing «Если статья была полезной — подписывайтесь на блог…»; typo3_thinktank's "Suggested
# citation: …" and "CEPS Comment 2026/C 61, 24.11.2026, 5 Pages"; threadreader_unroll's cards and its last tweet's
# plug); after the fixes 0.897 / 1.000, 115/115, 3 leaks (threadreader_unroll's cards)
# holdout, five pages scored once after those fixes: 0.965 / 0.974, 39/42, 4 leaks (astro_explainer: the FAQ's three
# questions, <button>s trafilatura drops, their answers kept; sitecore_mod: its "Attachments" box, the heading and two
# "name type size" lines); after the fixes (an accordion's questions put back before their answers; a file's line and
# an "Attachments" heading as furniture) 0.991 / 1.000, 42/42, no leak
test_stored_body_scores = ROUND.scores_test([(False, 0.89, 0.99), (True, 0.98, 0.99)])


# --- the general causes, one by one, on pages written for them ---------------------------------------------

_STORY = ["Nordvik Defence and a Ukrainian state producer have signed a joint venture to make 155mm shells in western "
          "Ukraine from 2028.",
          "The plant is designed to produce up to 150,000 shells a year once it reaches full capacity.",
          "The first shells are expected to reach the Armed Forces of Ukraine in the second half of 2028."]
_TITLE = "Nordvik Defence to build 155mm shell plant in Ukraine"


def _aem_page(banner_class: str) -> bytes:
    # Adobe Experience Manager's core components: each paragraph group its own div.cmp-text in a grid column
    components = "".join(f"<div class='text aem-GridColumn'><div class='cmp-text'><p>{sentence}</p></div></div>"
                         for sentence in _STORY)
    banner = (f"<div class='{banner_class}'><p>We use cookies to improve your experience on our website and to analyse "
              "traffic. You can choose which cookies to allow.</p><button>Accept All Cookies</button></div>")
    return (f"<html lang='en'><head><title>{_TITLE}</title></head><body>{banner}<div class='root responsivegrid'>"
            f"<div class='aem-Grid aem-Grid--12'><div class='title aem-GridColumn'><div class='cmp-title'><h1 "
            f"class='cmp-title__text'>{_TITLE}</h1></div></div>{components}</div></div></body></html>").encode()


@pytest.mark.parametrize("banner_class", ["cmp-banner", "qc-cmp-ui-container", "cookie-consent"])
def test_aem_text_components_are_no_consent_banner(banner_class):
    # (aem_press) the crawl's HTML cleaning took 'cmp' for a consent platform's name in every AEM class
    body = process_page(_aem_page(banner_class), "https://www.nordvik.example/en/news/1", fetched_at=FETCHED_AT)["body"]
    assert all(sentence in body for sentence in _STORY)
    assert "We use cookies" not in body  # the look-alike: a consent platform's own 'cmp-…' box still goes


def _body(inside: str, lang: str = "en") -> str:
    return extract_body(parse_html(article_page(inside, title=_TITLE, headline=_TITLE, lang=lang)))


def _check_line(line: str, gone: bool, *, before: bool = False, tag: str = "p", lang: str = "en") -> None:
    """The story with ``line`` in a ``tag`` before or after it: every sentence kept, the line gone or not."""
    element = f"<{tag}>{line}</{tag}>"
    body = _body(element + paragraphs(_STORY) if before else paragraphs(_STORY) + element, lang=lang)
    assert all(sentence in body for sentence in _STORY) and (line not in body) is gone


@pytest.mark.parametrize(("line", "gone"), [
    ("Suggested citation: Wróbel, Katarzyna (2026): Russia's 2027 budget: guns over butter, again. CEPS Comment "
     "2026/C 61.", True),  # (typo3_thinktank)
    ("Cite as: Kluge, J. (2026). Russia's war economy at the limit? Research Paper 9/2026.", True),
    ("Для цитирования: Прокопенко А. Бюджет-2027: пушки вместо масла // Carnegie Politika, 2026.", True),
    ("Suggested citation formats differ from one journal to the next, which confuses many first-time authors.", False),
    ("How to cite a classified budget line is a question the Duma's own analysts cannot answer.", False)])
def test_a_papers_citation_line_goes(line, gone):
    _check_line(line, gone)


@pytest.mark.parametrize(("line", "gone"), [
    ("CEPS Comment 2026/C 61, 24.11.2026, 5 Pages", True),  # (typo3_thinktank) above the headline
    ("SWP Research Paper 2026/RP 09, 12.10.2026, 36 Pages", True),
    ("Аналітична записка № 12, листопад 2026, 14 стор.", True),
    ("The report, published in 2026, runs to 40 pages.", False),
    ("Its 2026 annex, 12 pages long, lists every contract.", False)])
def test_a_papers_page_count_line_goes(line, gone):
    _check_line(line, gone, before=True)


@pytest.mark.parametrize(("line", "gone", "lang"), [
    ("Если статья была полезной — подписывайтесь на блог, новые разборы выходят каждую неделю.", True, "ru"),
    ("If you find our work useful, you can support the team via the link in our bio. Follow @dnipro_osint for more.",
     True, "en"),  # (threadreader_unroll) the thread's last tweet
    ("Якщо матеріал був корисним, підтримайте редакцію донатом на «Банку».", True, "uk"),
    ("If the talks prove useful, Britain will support a ceasefire monitoring mission in the Black Sea.", False, "en"),
    ("Если тема интересна, в следующей части разберу, как устроены такие перехватчики.", False, "ru"),  # (habr_post)
    ("Якщо розвідка виявиться корисною, бригада отримає ще два комплекси.", False, "uk")])
def test_a_conditional_plug_closing_a_post_goes(line, gone, lang):
    _check_line(line, gone, lang=lang)


@pytest.mark.parametrize(("line", "gone"), [
    ("Nov 26, 2026 • 9 tweets • 3 min read • Read on X", True),  # (threadreader_unroll) the thread's header row
    ("5 min read · Nov 26, 2026", True),
    ("26 листопада 2026 | 4 хв читання", True),
    ("Three drones were shot down • two hit a depot • 3 minutes reading the reports took him all day.", False)])
def test_a_header_row_with_a_reading_time_goes(line, gone):
    _check_line(line, gone, before=True, tag="div")


_FAQ = [("Чи означає це вступ України до НАТО?",
         "Ні. Коаліція діє поза структурами НАТО, і місія не дає Україні гарантій за статтею 5."),
        ("Коли місія може почати роботу?",
         "Лише після угоди про припинення вогню. Штаб місії вже працює в Парижі.")]


def _faq_page(menu: str = "") -> bytes:
    items = "".join(f"<div class='faq__item'><button class='faq__question' aria-expanded='false' "
                    f"aria-controls='faq-{i}'>{question}</button>"
                    f"<div class='faq__answer' id='faq-{i}' hidden><p>{answer}</p></div></div>"
                    for i, (question, answer) in enumerate(_FAQ))
    story = ["«Коаліцією охочих» називають групу з тридцяти країн, які готують військову місію для України.",
             "Місія має стримувати Росію від нового наступу після перемир'я, а не воювати з нею."]
    return article_page(menu + paragraphs(story) + f"<h2>Часті запитання</h2><section class='faq'>{items}</section>",
                        title="Що таке «коаліція охочих»", headline="Що таке «коаліція охочих»", lang="uk")


def test_a_faq_accordions_questions_stay_before_their_answers():
    # (astro_explainer, holdout) each question a <button> opening its hidden answer: trafilatura drops every button
    body = extract_body(parse_html(_faq_page())).split("\n\n")
    for question, answer in _FAQ:
        assert body[body.index(answer) - 1] == question


def test_a_button_opening_no_answer_of_the_text_stays_out():
    # the look-alike: the menu's toggle on the same page opens a list of links, no paragraph of the text
    menu = ("<button class='menu-toggle' aria-controls='site-menu'>Меню сайту</button><ul id='site-menu'><li><a "
            "href='/news'>Новини</a></li><li><a href='/about'>Про проєкт і нашу команду редакторів</a></li></ul>")
    body = extract_body(parse_html(_faq_page(menu)))
    assert "Меню сайту" not in body and all(question in body for question, _ in _FAQ)


@pytest.mark.parametrize(("line", "gone"), [
    ("Implementation plan (summary) pdf 219 KB", True),  # (sitecore_mod, holdout) the attachments box's line
    ("Наказ МОУ № 812 від 24.11.2026 (PDF, 356 КБ)", True),
    ("Перечень образцов, ноябрь 2026 — XLSX, 48 Кб", True),
    ("The ministry published the implementation plan as a PDF of 219 KB.", False),
    ("Росія витратила на ракети 356 млрд рублів, свідчить PDF-звіт Мінфіну.", False)])
def test_an_attached_files_line_goes(line, gone):
    _check_line(line, gone)


def test_an_attachments_heading_closes_the_text():
    # (sitecore_mod, holdout) the heading of the files' box under the text, its list after it
    files = ("<h3>{}</h3><ul><li><a href='/plan.pdf'>Implementation plan</a>, the summary released to the press on "
             "24 November</li><li><a href='/photos.zip'>Photos from the signing</a>, Vilnius, 24 November</li></ul>")
    body = _body(paragraphs(_STORY) + files.format("Attachments"))
    assert body.split("\n\n")[-3:] == _STORY and "Photos from the signing" not in body
    assert "Photos from the signing" in _body(paragraphs(_STORY) + files.format("Signed in Vilnius"))  # no such heading
