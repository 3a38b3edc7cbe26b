"""Instalments of a series, numbers that differ and an outlet's boilerplate: what keeps look-alikes apart.

Documents come from the hand-written blind set (bench/data/dedup/real_pairs.yaml): real-looking daily
reports, alert bulletins, footers and agency copies in uk/ru/en.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newswatch.dedup import ALIAS, NEAR_COPY, NEW, decide, fingerprints, registered_domain, url_key
from newswatch.dedup._series import are_instalments
from newswatch.dedup._template import NUMBERS_KEPT, number_sketch, numbers_contained, numbers_of, shared_edge_words
from newswatch.dedup._text import normalize_body

BENCH = Path(__file__).resolve().parents[1] / "bench" / "dedup_eval.py"


def _bench():
    spec = importlib.util.spec_from_file_location("dedup_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    bench = _bench()
    out = {}
    for pair in bench.pairs_from_yaml(bench.REAL_SOURCE):
        for side in ("a", "b"):
            out[pair[side]["id"]] = pair[side]
    return out


def _article(doc: dict, **extra) -> dict:
    return {"url": doc["url"], "title": doc["title"], "url_key": url_key(doc["url"], doc.get("canonical_url")),
            "domain": registered_domain(doc["url"]), "source": doc["source"],
            "fingerprints": fingerprints(doc["body"]), "first_seen_at": "2024-11-27T10:00:00", **extra}


@pytest.mark.parametrize(("title_a", "title_b", "expected"), [
    ("Втрати ворога станом на 27 листопада – Генштаб", "Втрати ворога станом на 28 листопада – Генштаб", True),
    ("Russian Offensive Campaign Assessment, November 26, 2024",
     "Russian Offensive Campaign Assessment, November 27, 2024", True),
    ("Сводка Минобороны России о ходе спецоперации на 26 ноября",
     "Сводка Минобороны России о ходе спецоперации на 27 ноября", True),
    ("How Ukraine builds its drone army. Part 1: the workshops",
     "How Ukraine builds its drone army. Part 2: the workshops", True),
    ("Частина перша: майстерні", "Частина друга: майстерні", True),
    # versions of one story, not instalments
    ("UPDATE 1-Russia pounds Ukraine's energy system", "UPDATE 2-Russia pounds Ukraine's energy system", False),
    ("Russia pounds Ukraine's energy system", "UPDATE 2-Russia pounds Ukraine's energy system", False),
    ("Оновлено 2: Атака дронів на Одесу", "Атака дронів на Одесу", False),
    # equal titles (the same article under another URL), other titles, no numbers at all
    ("Втрати ворога станом на 27 листопада", "Втрати ворога станом на 27 листопада", False),
    ("Russia pounds Ukraine's energy grid", "Kyiv hit by record drone attack", False),
    ("Air raid alert in Kyiv", "Air raid alert in Kyiv!", False),
    (None, "Part 2", False),
])
def test_instalments_are_titles_differing_only_in_their_numbers(title_a, title_b, expected):
    assert are_instalments(title_a, title_b) is expected
    assert are_instalments(title_b, title_a) is expected


def test_numbers_are_whole_figures_whatever_their_separators():
    words = normalize_body("близько 738 260 (+2 030) осіб; 738,260 people on 24.02.22, MiG-31K, 2024 року").split()
    assert numbers_of(words) == ["7382602030", "738260", "240222", "31k", "2024"]
    assert numbers_of(normalize_body("No figures here at all.").split()) == []
    assert number_sketch([]) == ("", 0)


def test_number_sketch_estimates_the_shared_share_beyond_its_size():
    # 200 figures each (a word between two: adjacent digit runs would be one figure), 100 in common:
    # the sketch keeps 32 hashes, the estimate stays near 0.5
    a = " item ".join(str(n) for n in range(1000, 1200)).split()
    b = " item ".join(str(n) for n in range(1100, 1300)).split()
    fp_a = dict(zip(("numbers", "numbers_n"), number_sketch(a), strict=True))
    fp_b = dict(zip(("numbers", "numbers_n"), number_sketch(b), strict=True))
    assert len(fp_a["numbers"]) == 8 * NUMBERS_KEPT and fp_a["numbers_n"] == 200
    share, smaller = numbers_contained(fp_a, fp_b)
    assert smaller == 200 and 0.3 < share < 0.7
    assert numbers_contained(fp_a, fp_a) == (1.0, 200)
    assert numbers_contained({"numbers": "", "numbers_n": 0}, fp_b) == (0.0, 0)
    assert numbers_contained({}, fp_b) is None  # stored before sketches existed


def test_daily_reports_share_wording_but_not_figures(docs):
    today, tomorrow, copy = (fingerprints(docs[k]["body"]) for k in ("losses-1127", "losses-1128", "losses-1127-rbc"))
    share_next_day, n = numbers_contained(today, tomorrow)
    share_copy, _ = numbers_contained(today, copy)
    assert n >= 5 and share_next_day < 0.5 <= share_copy


def test_next_days_report_from_another_outlet_is_a_new_story(docs):
    stored = _article(docs["losses-1127"])
    assert decide(_article(docs["losses-1128-rbc"]), [stored])["kind"] == NEW
    # the same day's figures at another outlet are a copy
    copy = decide(_article(docs["losses-1127-rbc"]), [stored])
    assert copy["kind"] == NEAR_COPY and copy["duplicate_of"] == stored["url_key"]


def test_an_alert_bulletin_with_the_same_text_another_night_is_not_an_alias(docs):
    first, second = _article(docs["alert-kyiv-1126"]), _article(docs["alert-kyiv-1127"])
    assert first["fingerprints"]["exact"] == second["fingerprints"]["exact"]
    assert decide(second, [first])["kind"] == NEW
    # the same bulletin under another URL of the outlet (same title) is still an alias
    moved = {**second, "title": first["title"]}
    assert decide(moved, [first])["kind"] == ALIAS


def test_headline_figures_updated_in_one_story_are_not_instalments():
    # From the holdout set: AP's update under a new URL, "kills 4 and wounds 25" -> "kills 7 and wounds 31";
    # the body's other figures are unchanged, as a new instalment's would not be.
    bench = _bench()
    holdout = {p["id"]: p for p in bench.load_pairs(bench.DATA / "holdout_pairs.yaml")}
    pair = holdout["h-update-toll-new-url"]
    first, update = _article(pair["a"]), _article(pair["b"])
    assert are_instalments(first["title"], update["title"])
    assert decide(update, [first])["kind"] == NEAR_COPY
    # the same titles over a next-day report whose figures changed stay apart (see the losses above)
    day1, day2 = _article(pair["a"]), _article(holdout["h-daily-airforce"]["b"])
    assert decide(day2, [day1])["kind"] == NEW


def test_an_outlets_footer_and_bio_do_not_make_two_stories_one(docs):
    sumy, slovakia = _article(docs["kyivind-sumy"]), _article(docs["kyivind-slovakia"])
    assert shared_edge_words(sumy["fingerprints"], slovakia["fingerprints"]) > 100
    assert decide(slovakia, [sumy])["kind"] == NEW
    # the outlet's update of a story, with its footer, still is a copy
    first, update = _article(docs["reuters-energy"]), _article(docs["reuters-energy-updated-moved"])
    assert shared_edge_words(first["fingerprints"], update["fingerprints"]) > 0
    assert decide(update, [first])["kind"] == NEAR_COPY


def test_documents_stored_without_the_new_fields_are_compared_as_before(docs):
    old_fields = ("exact", "words", "scheme", "shingles", "minhash", "bands")
    stored = _article(docs["reuters-energy"])
    stored["fingerprints"] = {k: stored["fingerprints"][k] for k in old_fields}
    for copy in ("reuters-energy-kyivpost", "reuters-energy-hindu", "reuters-energy-updated-moved"):
        assert decide(_article(docs[copy]), [stored])["kind"] == NEAR_COPY, copy
    # and the series rule needs no stored field: titles are candidate fields already
    day1 = _article(docs["losses-1127-rbc"])
    day1["fingerprints"] = {k: day1["fingerprints"][k] for k in old_fields}
    assert decide(_article(docs["losses-1128-rbc"]), [day1])["kind"] == NEW


def test_fingerprints_of_garbage_do_not_raise():
    for body in (None, "", "\n\n\n", "1 2 3 4 5", "x" * 100_000, "\ud800 broken surrogate 12"):
        fp = fingerprints(body)
        assert isinstance(fp["numbers"], str) and isinstance(fp["head"], list) and isinstance(fp["tail"], list)
