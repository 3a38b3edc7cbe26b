"""The ninth round's mechanisms on realistic pages (holdout7's documents): editions either side of midnight UTC found
by probe keys, an outlet's article id in its URLs, the signature's thousands, lists and sentence order."""

from __future__ import annotations

from newswatch.dedup import (
    NEAR_COPY,
    NEW,
    TRANSLATION,
    RecentIndex,
    decide,
    fingerprints,
    indexed_keys,
    lookup_keys,
    registered_domain,
    url_key,
    with_edition,
)
from newswatch.dedup._editions import signature
from newswatch.dedup._urls import article_id
from tests.test_dedup_holdout7 import played


def _doc(pair_id: str, side: str) -> dict:
    pair, stored, new = played("holdout7_pairs.yaml")[pair_id]
    return stored if side == "a" else new


def _article(body: str, url: str, published_at: str, language: str | None = None) -> dict:
    key = url_key(url)
    fp = with_edition(fingerprints(body), body, key=key, domain=registered_domain(url), language=language,
                      published_at=published_at)
    return {"url": url, "url_key": key, "domain": registered_domain(url), "fingerprints": fp, "first_seen_at": ""}


def test_an_edition_across_midnight_is_found_by_its_probe_keys_which_are_not_indexed():
    uk, ru = _doc("h7-tr-up-en-midnight", "a"), _doc("h7-tr-up-en-midnight", "b")  # 22:50 and 01:20 UTC
    probe = ru["fingerprints"]["edition"]["probe"]
    assert len(probe) == 4 and not set(probe) & set(indexed_keys(ru["fingerprints"]))
    assert set(probe) <= set(lookup_keys(ru["fingerprints"]))
    assert set(probe) & set(indexed_keys(uk["fingerprints"]))  # the previous day's keys are the uk page's own
    recent = RecentIndex()
    recent.add(uk)
    found = recent.candidates(ru["url_key"], ru["fingerprints"]["exact"], lookup_keys(ru["fingerprints"]))
    assert [c["url_key"] for c in found] == [uk["url_key"]]
    assert decide(ru, found)["kind"] == TRANSLATION
    # not indexed: a page looking up by its own keys does not find the 01:20 page through that page's probe
    recent = RecentIndex()
    recent.add(ru)
    assert recent.candidates("x", None, probe) == []


def test_a_page_mid_day_has_no_probe_keys():
    page = _article("Російські війська атакували Одесу ударними дронами. Пошкоджено 17 об'єктів, Олег Кіпер.",
                    "https://www.rbc.ua/ukr/news/odesa-1764542210.html", "2026-11-29T12:00:00+00:00", "uk")
    assert page["fingerprints"]["edition"]["probe"] == []
    late = _article("Російські війська атакували Одесу ударними дронами. Пошкоджено 17 об'єктів, Олег Кіпер.",
                    "https://www.rbc.ua/ukr/news/odesa-1764542210.html", "2026-11-29T21:30:00+00:00", "uk")
    assert len(late["fingerprints"]["edition"]["probe"]) == 4


def test_article_ids_of_real_url_shapes():
    cases = {
        "https://tsn.ua/kyiv/raketniy-udar-po-kiyevu-zaginuli-troye-lyudey-2941011.html": "tsn.ua 2941011",
        "https://m.tsn.ua/kyiv/u-kiyevi-prolunali-vibuhi-2941011.html?utm_source=telegram": "tsn.ua 2941011",
        "https://www.interfax.ru/russia/1062456": "interfax.ru 1062456",
        "https://www.pravda.com.ua/rus/news/2026/11/30/7541201/": "pravda.com.ua 7541201",
        "https://ria.ru/20261201/belgorod-1987452310.html": "ria.ru 1987452310",
        "https://24tv.ua/odesa-vibuhi-2-grudnya_n2941234": "24tv.ua 2941234",
        # no id: a live blog's post number, a date, a rubric id before a slug, hex, dates in a slug
        "https://suspilne.media/live/900771-vijna-rosii-proti-ukraini/post/1201/": "",
        "https://ria.ru/20261201/": "",
        "https://www.0352.ua/news/3981234/ternopilski-pidpriemstva": "",
        "https://apnews.com/article/russia-ukraine-war-7c1e9f0a2b": "",
        "https://www.reuters.com/world/europe/russian-drones-sumy-2026-11-30/": "",
    }
    assert {url: article_id(url_key(url)) for url in cases} == cases
    assert article_id(None) == "" and article_id("") == "" and article_id("no-slash") == ""


def test_one_article_id_links_the_update_and_the_edition_but_not_an_unrelated_page():
    v1, v4 = _doc("h7-update4-v1-v4-new-slug", "a"), _doc("h7-update4-v1-v4-new-slug", "b")
    assert v1["url_key"] != v4["url_key"]
    decision = decide(v4, [v1])
    assert decision["kind"] == NEAR_COPY and decision["duplicate_of"] == v1["url_key"]
    # the same id on a page naming none of the story's names and figures: not taken for it
    other = _article("Редакція оновила правила коментування на сайті. Відтепер коментарі модерує команда проєкту, "
                     "а правила опубліковано окремою сторінкою з прикладами.",
                     "https://tsn.ua/blogs/pravyla-komentuvannya-2941011.html", "2026-11-30T09:00:00+00:00")
    assert decide(other, [v1])["kind"] == NEW


def test_signature_reads_thousands_lists_and_sentences_as_another_language_does():
    assert signature("Без світла 36 тисяч родин.") == signature("Without power 36,000 families.")
    assert signature("Без світла 36 тисяч родин.") != signature("Without power 36,500 families.")
    # a list's comma is no thousands separator ("2023, 2,140" is two numbers)
    assert len(signature("Since August 2023, 2,140 ships left.")) == 2
    # words in another order inside a sentence, one order of sentences: the same signature
    uk = "Сили оборони в ніч на 30 листопада уразили міст біля Глушково. Генштаб назвав HIMARS."
    en = "Defenders struck a bridge near Glushkovo on the night of 30 November. The General Staff named HIMARS."
    assert len(signature(uk)) == 3 and signature(uk) == signature(en)
