"""Body fingerprints and the duplicate decision, on real and realistic text."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
import yaml

from newswatch.dedup import (
    ALIAS,
    EXACT_COPY,
    NEAR_COPY,
    NEW,
    REVISED,
    UNCHANGED,
    body_hash,
    decide,
    fingerprints,
    is_near_duplicate,
    is_partial_copy,
    lookup_keys,
    normalize_body,
    similarity,
    story_id_for,
)

DATASETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"
SEED = DATASETS / "seed"
BODY = (SEED / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")


def _real_bodies() -> list[str]:
    bodies = []
    for page in sorted((DATASETS / "readability-news").glob("*/expected.html")):
        text = "\n\n".join(p.text_content() for p in lxml.html.fromstring(page.read_bytes()).iter("p"))
        if len(text.split()) >= 150:
            bodies.append(text)
    return bodies


def test_normalization_folds_typography_not_words():
    assert normalize_body("«Ми  переможемо», — сказав   Зеленський.") == normalize_body(
        '"Ми переможемо" - сказав Зеленський'
    )
    assert normalize_body("Zelensky\u2019s \u201cpeace formula\u201d \u2014 again") == "zelenskys peace formula again"
    assert normalize_body("об\u02bcєкт об'єкт об’єкт") == "обєкт обєкт обєкт"
    assert normalize_body("Ещё\u00ad одна\u200b новость") == "еще одна новость"
    assert normalize_body("ｆｕｌｌ-width ＮＡＴＯ") == "full width nato"
    assert normalize_body("NATO said 21 drones") != normalize_body("NATO said 24 drones")


def test_exact_hash_is_stable_and_typography_blind():
    retyped = BODY.replace("'", "\u2019").replace("\n\n", "\n   \n").upper()
    assert body_hash(retyped) == body_hash(BODY)
    assert len(body_hash(BODY)) == 32 and int(body_hash(BODY), 16)
    # pinned: the hash is stored, so it must not drift between releases
    assert body_hash("Kyiv, April 20") == body_hash("KYIV — April, 20") == "85d5aabc653c89f2933507c863b6a2c3"
    assert body_hash(BODY.replace("Stoltenberg", "Stoltenberg's")) != body_hash(BODY)
    assert body_hash("") == body_hash(None) == ""


def test_fingerprint_shape_fits_an_indexed_array_field():
    fp = fingerprints(BODY)
    assert set(fp) == {"exact", "words", "scheme", "shingles", "minhash", "bands", "numbers", "numbers_n", "head",
                       "tail", "quoted", "quoted_n", "text", "sentences", "sentence_keys", "edition"}
    # the body's part of the language edition (newswatch.dedup._editions): its script, signature and MinHash
    assert fp["edition"]["lang"] == "latin" and len(fp["edition"]["minima"]) == 8 and fp["edition"]["signature"]
    assert fp["words"] == len(normalize_body(BODY).split())
    assert len(fp["bands"]) == 64 and len(set(fp["bands"])) == 64
    assert all(isinstance(b, str) and len(b) == 14 for b in fp["bands"])
    assert len(fp["minhash"]) < 1100  # compact: 192 uint32, base64
    # sentence keys: the band keys' shape, never a band's (band numbers are 00-3f), few, indexed with them
    assert 1 <= len(fp["sentence_keys"]) <= 8 and len(set(fp["sentence_keys"])) == len(fp["sentence_keys"])
    assert all(len(k) == 14 and k.startswith("ff") and int(k, 16) for k in fp["sentence_keys"])
    assert lookup_keys(fp) == fp["bands"] + fp["sentence_keys"]
    assert 0 < len(fp["sentences"]) < 700
    assert fingerprints(BODY) == fp  # deterministic across calls (and processes: fixed seed)


def test_short_bodies_get_no_near_signature():
    fp = fingerprints("Watch the video: Zelensky meets Stoltenberg in Kyiv.")
    assert fp["bands"] == [] and fp["minhash"] == "" and fp["exact"]
    assert fingerprints("")["exact"] == "" and fingerprints(None)["bands"] == []


def test_real_article_inside_its_scraped_page_is_a_near_duplicate():
    scraped = (SEED / "moscowtimes-scraped.txt").read_text(encoding="utf-8")
    assert is_near_duplicate(fingerprints(BODY), fingerprints(scraped))


def test_wire_copy_with_new_banner_and_edited_lede_is_a_near_duplicate():
    paragraphs = BODY.split("\n\n")
    copy = "\n\n".join(
        ["KYIV, April 20 (Reuters) - Volodymyr Zelensky urged NATO on Thursday to invite Ukraine into the alliance."]
        + paragraphs[1:-2]
        + ["Reporting by Olena Harmash; Editing by Mark Heinrich"]
    )
    a, b = fingerprints(BODY), fingerprints(copy)
    assert set(a["bands"]) & set(b["bands"]), "an LSH band must make the copy a candidate"
    assert is_near_duplicate(a, b)
    assert 0.3 < similarity(a, b) < 1.0


def test_different_real_articles_are_never_near_duplicates():
    fps = [fingerprints(body) for body in _real_bodies()]
    assert len(fps) >= 20
    for a, b in itertools.combinations(fps, 2):
        assert not is_near_duplicate(a, b)
        assert not is_partial_copy(a, b)


def _doc(key, body, source, first_seen="2026-11-27T10:00:00+00:00", **extra):
    return {"url_key": key, "url": f"https://{key}", "source": source, "fingerprints": fingerprints(body),
            "first_seen_at": first_seen, **extra}


def test_decide_same_url_key_is_an_update_revised_only_when_the_body_changed():
    stored = _doc("themoscowtimes.com/2023/04/20/a", BODY, "moscowtimes", story_id="s1")
    same = _doc("themoscowtimes.com/2023/04/20/a", BODY.replace("'", "\u2019"), "moscowtimes")
    assert decide(same, [stored])["kind"] == UNCHANGED
    edited = _doc("themoscowtimes.com/2023/04/20/a", BODY + "\n\nUpdated with Kremlin comment.", "moscowtimes")
    decision = decide(edited, [stored])
    assert decision["kind"] == REVISED and decision["story_id"] == "s1" and decision["target"] == stored["url_key"]


def test_decide_same_outlet_exact_body_elsewhere_is_an_alias():
    stored = _doc("themoscowtimes.com/2023/04/20/a", BODY, "moscowtimes", story_id="s1")
    moved = _doc("themoscowtimes.com/2023/04/20/a-renamed", BODY, "moscowtimes")
    decision = decide(moved, [stored])
    assert decision["kind"] == ALIAS and decision["target"] == stored["url_key"] and decision["story_id"] == "s1"


def test_decide_other_outlets_copies_link_to_the_first_seen_copy():
    first = _doc("themoscowtimes.com/a", BODY, "moscowtimes", first_seen="2026-11-27T08:00:00+00:00",
                 story_id=story_id_for("themoscowtimes.com/a"))
    second = _doc("kyivindependent.com/b", BODY, "kyivindependent", first_seen=datetime(2026, 11, 27, 9, tzinfo=UTC),
                  story_id=first["story_id"], duplicate_of="themoscowtimes.com/a", syndicated=True)
    exact = decide(_doc("yahoo.com/news/c", BODY, "yahoo"), [second, first])
    assert exact["kind"] == EXACT_COPY
    assert exact["duplicate_of"] == "themoscowtimes.com/a" and exact["story_id"] == first["story_id"]
    assert exact["syndicated"] is True

    trimmed = "\n\n".join(BODY.split("\n\n")[:-3]) + "\n\nSource: Al Jazeera and news agencies"
    near = decide(_doc("aljazeera.com/news/d", trimmed, "aljazeera"), [second])
    assert near["kind"] == NEAR_COPY and near["duplicate_of"] == "themoscowtimes.com/a"
    assert near["story_id"] == first["story_id"] and 0.25 <= near["similarity"] < 1


def test_decide_new_story_gets_an_id_from_its_url_key():
    other = _doc("tass.ru/politika/1", _real_bodies()[0], "tass")
    decision = decide(_doc("themoscowtimes.com/a", BODY, "moscowtimes"), [other])
    assert decision == {"kind": NEW, "target": None, "story_id": story_id_for("themoscowtimes.com/a"),
                        "duplicate_of": None, "syndicated": False, "similarity": None}
    assert decide({"url_key": "x"}, None)["kind"] == NEW
    assert decide({}, [None, "junk", {}])["kind"] == NEW


def test_live_pages_only_match_themselves():
    day1 = _doc("theguardian.com/world/live/2023/jul/11/russia-ukraine-war-live", BODY, "guardian")
    day2 = _doc("theguardian.com/world/live/2023/jul/12/russia-ukraine-war-live",
                BODY + "\n\nThe air force said it shot down 21 of 24 Shahed drones overnight.", "guardian")
    assert decide(day2, [day1])["kind"] == NEW
    assert decide({**day2, "url": "https://theguardian.com/a", "title": "Ukraine war latest: drones"}, [
        {**day1, "url": "https://theguardian.com/b", "title": "Zelensky presses NATO"}])["kind"] == NEW
    assert decide({**day2, "live": False}, [{**day1, "live": False}])["kind"] == NEAR_COPY


@pytest.mark.parametrize("body", ["Video", "Photo: Reuters", "This content is not available in your region."])
def test_tiny_identical_bodies_are_not_evidence(body):
    a, b = _doc("a.com/1", body, "a"), _doc("b.com/2", body, "b")
    assert decide(b, [a])["kind"] == NEW


def test_same_headline_different_body_is_a_different_story():
    bodies = _real_bodies()
    a = {**_doc("reuters.com/a", bodies[0], "reuters"), "title": "Russia-Ukraine war: what we know on day 500"}
    b = {**_doc("apnews.com/b", bodies[1], "apnews"), "title": "Russia-Ukraine war: what we know on day 500"}
    assert decide(b, [a])["kind"] == NEW


def test_recent_index_is_bounded_and_indexed():
    from newswatch.dedup import RecentIndex

    recent = RecentIndex(capacity=3)
    bodies = _real_bodies()[:5]
    docs = [_doc(f"site{i}.example/a", body, f"s{i}") for i, body in enumerate(bodies)]
    for doc in docs:
        recent.add(doc)
    assert len(recent) == 3
    evicted = docs[0]["fingerprints"]
    assert recent.candidates(docs[0]["url_key"], evicted["exact"], evicted["bands"]) == []
    last = docs[-1]["fingerprints"]
    assert recent.candidates("other.example/x", last["exact"]) == [docs[-1]]
    assert recent.candidates("other.example/x", None, last["bands"][:1]) == [docs[-1]]
    assert recent.candidates(docs[2]["url_key"]) == [docs[2]]
    # re-adding a key replaces its entry and its index entries
    recent.add(_doc(docs[2]["url_key"], bodies[0], "s2"))
    assert recent.candidates("x", docs[2]["fingerprints"]["exact"]) == []
    assert len(recent) == 3


# What an outlet writes around a wire story it carries: its own top and background paragraphs.
_OWN_TOP = [
    "Ukraine's bid to join NATO dominated Thursday's talks in Kyiv, where the alliance's secretary general "
    "arrived on an unannounced visit, his first since the start of Russia's full-scale invasion.",
    "The visit came as Kyiv steps up pressure on allies ahead of the alliance's July summit in the "
    "Lithuanian capital, where Ukrainian officials hope to receive a clear timeline for membership.",
]
_CONTEXT = [
    "Background: Ukraine formally applied for fast-track NATO membership in September 2022, days after "
    "Russia claimed to annex four partially occupied Ukrainian regions following referendums that Kyiv "
    "and its Western partners denounced as a sham.",
    "Finland joined the alliance earlier this month, doubling the length of NATO's land border with "
    "Russia, while Sweden's application remains blocked by objections from Turkey and Hungary.",
    "At the 2008 Bucharest summit, NATO leaders promised that Ukraine and Georgia would one day become "
    "members, but gave no timeline, a compromise that critics in Kyiv say emboldened Moscow.",
]


def test_partial_wire_rewrite_from_another_outlet_is_a_near_copy():
    # Own top, five of the eighteen wire paragraphs, own background, trimmed end: Jaccard ~0.2.
    wire = BODY.split("\n\n")[3:8]
    rewrite = "\n\n".join(_OWN_TOP + wire + _CONTEXT + ["Our correspondent in Brussels contributed to this report."])
    a, b = fingerprints(BODY), fingerprints(rewrite)
    assert set(a["bands"]) & set(b["bands"]), "the rewrite must be found as a candidate"
    assert similarity(a, b) < 0.25 and not is_near_duplicate(a, b)
    assert is_partial_copy(a, b) and is_partial_copy(b, a)

    stored = _doc("themoscowtimes.com/2023/04/20/a", BODY, "moscowtimes", story_id="s1")
    decision = decide(_doc("euronews.com/2023/04/20/b", rewrite, "euronews"), [stored])
    assert decision["kind"] == NEAR_COPY and decision["story_id"] == "s1"
    # Within one outlet shared text may be its own banners and footers: partial overlap is not enough.
    assert decide(_doc("themoscowtimes.com/2023/04/20/c", rewrite, "moscowtimes"), [stored])["kind"] == NEW
    # Three wire paragraphs quoted inside a long analysis are not a copy of the story.
    analysis = "\n\n".join(_OWN_TOP + wire[:2] + _CONTEXT + _real_bodies()[0].split("\n\n")[:12])
    assert not is_partial_copy(fingerprints(analysis), a)


def _stories() -> list[tuple[str, list[dict]]]:
    path = Path(__file__).resolve().parents[1] / "bench" / "data" / "dedup" / "stories.yaml"
    return [(event["id"], event["stories"]) for event in yaml.safe_load(path.read_text(encoding="utf-8"))["events"]]


def test_two_stories_of_one_event_at_two_outlets_stay_apart():
    # Same day, same officials and figures quoted (frontline reports, sanctions, summits): different stories.
    events = _stories()
    assert len(events) >= 8
    for event, (first, second) in events:
        a = _doc(f"reuters.com/{event}/a", "\n\n".join([first["lede"], *first["paragraphs"], *first["updates"]]),
                 "reuters")
        for lede in (second["lede"], second["alt_lede"]):
            b = _doc(f"apnews.com/{event}/b", "\n\n".join([lede, *second["paragraphs"]]), "apnews")
            assert not is_partial_copy(a["fingerprints"], b["fingerprints"]), event
            assert decide(b, [a])["kind"] == NEW, event


def test_shingles_are_the_words_joined_by_a_space_whatever_the_words():
    from newswatch.dedup._text import normalize_body, shingles

    words = normalize_body("Росія атакувала Одесу дронами: пошкоджено порт і зерновоз під прапором Панами").split()
    expected = {" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)}
    assert shingles(words, 3) == expected
    # words that are not what split() gives (a space inside, an empty one) still join as they are
    assert shingles(["a b", "c", "d"], 2) == {b"a b c", b"c d"}
    assert shingles(["a", "", "c"], 2) == {b"a ", b" c"}
    assert shingles(["one", "two"], 3) == {b"one two"}
    assert shingles([], 3) == set()
