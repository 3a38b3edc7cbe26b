"""holdout14 (bench/data/dedup/holdout14_pairs.yaml, written after the twelfth round's first fixes, scored once:
P 0.500 R 0.333 (1 1 2 6): an explainer quoting three passages of the president's address taken for a rewrite of it,
an aggregator's 45-word teaser not found, and an update under a new URL with a paragraph on top not linked because
the old story's every line sat in the shared last lines and was set aside as the outlet's footer): every pair with
the decision a careful analyst expects, the miss left a strict expected failure, the fixes at their edges."""

from __future__ import annotations

import pytest

from newswatch.dedup import NEAR_COPY, NEW, decide
from tests._dedup_sets import figures_test, pair_test
from tests.test_dedup_holdout7 import _bench, played

SET = "holdout14_pairs.yaml"

# (h14-teaser-ukrnet, a strict xfail until the sixteenth round: a short body's signature under ``short`` and the
# teaser rule, newswatch.dedup._decide._teaser, find and link it)
MISSES: dict[str, str] = {}


test_holdout14_pair = pair_test(SET, MISSES)


test_holdout14_figures = figures_test(SET, (3, 0, 0, 7), {"tp": 1, "fp": 0, "fn": 0, "tn": 1})


def _articles(pair_id: str, body_b=None) -> tuple[dict, dict]:
    pair, _, _ = played(SET)[pair_id]
    bench = _bench()
    b = pair["b"] if body_b is None else {**pair["b"], "body": body_b(pair["b"]["body"])}
    return bench.as_article(pair["a"], bench.NEAR_PARAMS), bench.as_article(b, bench.NEAR_PARAMS)


def _unquoted(body: str) -> str:
    return body.replace("«", "").replace("»", "")


@pytest.mark.parametrize("change, kind", [(None, NEW), (_unquoted, NEAR_COPY)])
def test_an_explainer_quoting_an_address_is_not_its_rewrite_retelling_it_unquoted_is(change, kind):
    address, explainer = _articles("h14-address-explainer", change)
    assert _bench().is_candidate(explainer, address)
    assert decide(explainer, [address])["kind"] == kind


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


@pytest.mark.parametrize("added", [1, 2])
def test_a_story_grown_by_paragraphs_on_top_under_a_new_url_is_its_update(added):
    pair, _, _ = played(SET)["h14-update-new-url-on-top"]
    old = _paragraphs(pair["a"]["body"])
    on_top = _paragraphs(pair["b"]["body"])[:1] * added
    if added == 2:
        on_top[1] = "Оновлено 15:40. Корецький додав, що компанія вже отримала від партнерів частину обладнання."
    story, update = _articles("h14-update-new-url-on-top", lambda _: "\n\n".join(on_top + old))
    assert decide(update, [story])["kind"] == NEAR_COPY


def test_two_stories_under_one_long_footer_stay_apart():
    # the outlet's two stories of two days, the same closing paragraph: only the footer is shared
    story, _ = _articles("h14-update-new-url-on-top")
    pair, _, _ = played(SET)["h14-oda-next-night"]
    footer = _paragraphs(played(SET)["h14-update-new-url-on-top"][0]["a"]["body"])[-1]
    bench = _bench()
    other = bench.as_article({**played(SET)["h14-update-new-url-on-top"][0]["b"],
                              "body": pair["a"]["body"].strip() + "\n\n" + footer}, bench.NEAR_PARAMS)
    assert decide(other, [story])["kind"] == NEW
