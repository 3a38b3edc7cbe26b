"""Fingerprints of a body, and what to do with a new article given candidate documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from newswatch.dedup._editions import body_edition, is_translation, languages_differ, probe_keys, same_article
from newswatch.dedup._flash import (
    FLASH_MIN_WORDS,
    LINE_MIN_WORDS,
    MIN_COVERED,
    grew_into,
    repeated_notice,
    within_window,
)
from newswatch.dedup._flash import lookup_keys as flash_lookup_keys
from newswatch.dedup._live import is_live_page
from newswatch.dedup._near import (
    DEFAULT,
    NearParams,
    band_keys,
    decode_signature,
    decode_signatures,
    encode_signature,
    estimated_jaccard,
    signature,
)
from newswatch.dedup._quotes import quoted_in, quoted_sketch, shared_quoted, text_sketch
from newswatch.dedup._sentences import KEYS_SHARED, aligned_share, sentence_sketch, shares_keys
from newswatch.dedup._series import are_instalments, figures_differ
from newswatch.dedup._template import (
    FIGURES_KEYED,
    edge_lines,
    figure_hashes,
    figure_keys,
    figures_shared,
    number_set,
    numbers_contained,
    shared_edge_words,
    sketch_of,
)
from newswatch.dedup._text import normalize_marked, shingles
from newswatch.dedup._urls import figures_updated, slug_siblings

# Below this many words an exact body match is not evidence of the same story:
# "Watch the video.", "This content is not available in your region." ...
EXACT_MIN_WORDS = 15
#: Another outlet's copy published at least this much earlier than the story's first stored copy is the original:
#: it becomes the story's first copy (``supersedes``). Less is clock noise between outlets (a wire and its
#: reprint often carry the same minute).
REROOT_MIN_MINUTES = 10
#: ... and at most this much earlier: beyond it the dates are more likely wrong than the order of publication.
REROOT_MAX_MINUTES = 30 * 24 * 60

# Decision kinds (also the crawl-stats suffixes, newswatch/dedup/<kind>).
NEW = "new"
UNCHANGED = "unchanged"
REVISED = "revised"
ALIAS = "alias"
EXACT_COPY = "exact_copy"
NEAR_COPY = "near_copy"
TRANSLATION = "translation"


def fingerprints(body: str | None, params: NearParams = DEFAULT) -> dict[str, Any]:
    """``{"exact", "words", "scheme", "shingles", "minhash", "bands", "numbers", "numbers_n", "head",
    "tail", "quoted", "quoted_n", "text", "sentences", "sentence_keys", "edition"}`` for ``body``.

    ``exact``: hex hash of the normalized body ("" when empty). ``minhash``: base64
    signature, and ``bands``: LSH band keys, both empty for bodies under
    ``params.min_words`` words, which are matched exactly or not at all. ``numbers``/``numbers_n``
    (a sketch of the body's numbers) and ``head``/``tail`` (its first and last lines) tell a
    template's instalments and an outlet's boilerplate from copies (:mod:`newswatch.dedup._template`);
    ``quoted``/``quoted_n`` (a sketch of the shingles inside quotation marks, with a signature only) tell
    two stories sharing one quote from copies, and ``text`` (the same hashes' sketch of all its shingles) a story
    quoting another text at length from that text's copy (:mod:`newswatch.dedup._quotes`); ``sentences`` (a sketch of
    the first sentences' content stems) finds a rewrite of a story in other words, and ``sentence_keys`` (with a
    signature only) are its lookup keys, indexed next to ``bands`` (:mod:`newswatch.dedup._sentences`).
    ``edition``: the body's script and language-independent signature (:mod:`newswatch.dedup._editions`), which
    :func:`newswatch.dedup.with_edition` completes with the page's outlet, date and hreflang alternates.
    A body of ``_flash.FLASH_MIN_WORDS`` to ``params.min_words`` words has no ``minhash`` but its signature under
    ``short``, with its ``bands``, ``quoted``, ``text``, ``sentences`` and ``sentence_keys``: another outlet's teaser or
    channel post of a longer story (:func:`_teaser`).
    """
    marked = normalize_marked(body)
    words = marked.split()
    joined = " ".join(words).encode("utf-8")
    exact = hashlib.blake2b(joined, digest_size=16).hexdigest() if words else ""
    figures = figure_hashes(words, body)
    numbers, numbers_n = sketch_of(figures)
    head, tail = edge_lines(body)
    fp: dict[str, Any] = {
        "exact": exact,
        "words": len(words),
        "scheme": params.scheme,
        "shingles": 0,
        "minhash": "",
        "bands": [],
        "numbers": numbers,
        "numbers_n": numbers_n,
        "head": head,
        "tail": tail,
        "quoted": "",
        "quoted_n": 0,
        "text": "",
        "sentences": "",
        "sentence_keys": [],
    }
    if len(words) >= params.min_words:
        found = shingles(words, params.shingle, joined)  # for the signature and the text sketch
        sig, fp["shingles"] = signature(words, params, joined, found)
        fp["minhash"] = encode_signature(sig)
        fp["bands"] = band_keys(sig, params)
        fp["quoted"], fp["quoted_n"] = quoted_sketch(body, params.shingle)
        fp["text"] = text_sketch(words, params.shingle, joined, found)
        fp["sentences"], fp["sentence_keys"] = sentence_sketch(marked)
    elif len(words) >= FLASH_MIN_WORDS:
        # Another outlet's teaser or a channel's repost of a story (a Telegram post as a page): too short for the
        # tests of a copy, but its signature under ``short`` (not ``minhash``: a flash is still matched exactly or by
        # its lines, :mod:`._flash`) and bands let the longer story find it and be found (:func:`_teaser`).
        sig, fp["shingles"] = signature(words, params, joined)
        fp["short"] = encode_signature(sig)
        fp["bands"] = band_keys(sig, params)
        fp["quoted"], fp["quoted_n"] = quoted_sketch(body, params.shingle)
        # (its whole text too: a story quoting it whole, a statement or an embedded post, is not what it sums up;
        # holdout19b: the president's Telegram post and a story embedding it)
        fp["text"] = text_sketch(words, params.shingle, joined)
        fp["sentences"], fp["sentence_keys"] = sentence_sketch(marked)
    # (after the LSH bands: a report's figures find it told in other words or laid out as a list)
    fp["bands"] += figure_keys(figures)
    fp["edition"] = body_edition(body)
    return fp


def indexed_keys(fp: dict | None) -> list[str]:
    """The keys a document is indexed under besides url_key and exact hash: the LSH ``bands`` (with the language
    editions' keys), then the ``sentence_keys`` (indexed alike; see :mod:`newswatch.dedup._sentences`)."""
    if not isinstance(fp, dict):
        return []
    keys = [*(fp.get("bands") or ()), *(fp.get("sentence_keys") or ())]
    return [key for key in keys if isinstance(key, str)]


def lookup_keys(fp: dict | None) -> list[str]:
    """What to look candidates up by besides url_key and exact hash: :func:`indexed_keys`, then the edition's
    probe keys (the neighbouring day's, for a page published near midnight UTC: :func:`._editions.probe_keys`),
    which find documents by their bands like the others but are no document's own, and the ``fd`` keys of the
    body's first and last lines, which find a short flash this body grew from (:mod:`newswatch.dedup._flash`)."""
    if not isinstance(fp, dict):
        return []
    return [*indexed_keys(fp), *probe_keys(fp), *flash_lookup_keys(fp)]


def similarity(fp_a: dict | None, fp_b: dict | None) -> float:
    """Estimated Jaccard similarity of two bodies from their fingerprints (1.0 for equal bodies).

    0.0 when either has no signature or they were made with different parameters.
    """
    if not isinstance(fp_a, dict) or not isinstance(fp_b, dict):
        return 0.0
    if _exact_match(fp_a, fp_b):
        return 1.0
    if not fp_a.get("minhash") or fp_a.get("scheme") != fp_b.get("scheme"):
        return 0.0
    return estimated_jaccard(decode_signature(fp_a["minhash"]), decode_signature(fp_b.get("minhash") or ""))


def is_near_duplicate(fp_a: dict | None, fp_b: dict | None, params: NearParams = DEFAULT) -> bool:
    """True when two bodies are copies of one text: equal normalized bodies, or near enough.

    Near enough: estimated Jaccard similarity of the shingle sets at least ``params.threshold``
    and at least ``params.min_shared`` shingles in common (estimated from the Jaccard and
    the two set sizes), so that sharing a banner or a quote does not make two stories one.
    """
    if not isinstance(fp_a, dict) or not isinstance(fp_b, dict):
        return False
    return _exact_match(fp_a, fp_b) or _near_enough(fp_a, fp_b, similarity(fp_a, fp_b), params)


def is_partial_copy(fp_a: dict | None, fp_b: dict | None, params: NearParams = DEFAULT) -> bool:
    """True when most of the shorter body is in the longer one: a wire story another outlet carries
    inside its own top, context paragraphs and banners, however low their Jaccard similarity.

    Estimated containment (shared shingles / the shorter body's shingles, from the MinHash
    Jaccard and both set sizes) at least ``params.min_contained``, and at least
    ``params.min_shared_partial`` shingles shared. Only meaningful between outlets: within one
    outlet a short brief is mostly the outlet's own boilerplate (see :func:`decide`).
    """
    if not isinstance(fp_a, dict) or not isinstance(fp_b, dict):
        return False
    return _contained(fp_a, fp_b, similarity(fp_a, fp_b), params)


def _near_enough(fp_a: dict, fp_b: dict, score: float, params: NearParams) -> bool:
    return score >= params.threshold and _shared_shingles(fp_a, fp_b, score) >= params.min_shared


def _near_beyond_boilerplate(fp_a: dict, fp_b: dict, score: float, params: NearParams) -> bool:
    """:func:`_near_enough` once the lines both bodies share at their start and end are set aside.

    For two documents of one outlet: its header and footer lines (an author's note and bio, a donation
    appeal, a map-links header) are the same under every story, and can outweigh two short stories.
    A copy still shares the text in between; two stories do not.
    """
    if score < params.threshold:
        return False
    shared = _shared_shingles(fp_a, fp_b, score)
    boilerplate = shared_edge_words(fp_a, fp_b)
    if not boilerplate:
        return shared >= params.min_shared
    if _lines_all_at_edges(fp_a, fp_b, boilerplate):
        return True
    union = (fp_a.get("shingles") or 0) + (fp_b.get("shingles") or 0) - shared
    content_shared, content_union = shared - boilerplate, union - boilerplate
    if content_union <= 0 or content_shared / content_union < params.threshold:
        return False
    if content_shared >= params.min_shared:
        return True
    whole = min(fp_a.get("shingles") or 0, fp_b.get("shingles") or 0)
    # A short story grown by paragraphs on top or at the end: its lines are in the update's edge lines, so most of it
    # was set aside as "header" or "footer" and too little is left in between for the tests below. Two stories under
    # one long footer share little of what lies between (holdout14: Ekonomichna Pravda's update under a new URL).
    # Judged on the whole smaller body: what is left of it in between is a third of it or less, and its share
    # estimated from the signature moved with the MinHash seed (holdout13/14/15's updates lost under 3-9 of 20).
    if (content_shared >= params.min_shared_grown and boilerplate >= content_shared
            and shared >= params.min_grown_contained * whole):
        return True
    smaller = whole - boilerplate
    if smaller <= 0 or content_shared / smaller < params.min_content_contained:
        return False
    return content_shared >= params.min_shared_short


def _version_kept(fp_a: dict, fp_b: dict, score: float, params: NearParams) -> bool:
    """One outlet's article republished under a new id and its old slug (:func:`._urls.slug_siblings`): the two share
    ``min_shared_grown`` shingles and ``min_version_contained`` of the smaller body's. A short story updated through
    the day shares too few shingles for :func:`_near_enough`, and its lede's figures and toll change (holdout17:
    UNIAN's and RBC-Ukraine's updates, 58-101 words; holdout17b: TSN's, its toll paragraph rewritten). The whole
    smaller body is compared, the lines both share at their edges included: they are its lede here, and what lies
    between them changes most (TSN: 12 of 29 shingles kept). Published within ``_flash.WINDOW_MINUTES`` of each other:
    an outlet's nightly alert under one slug is the next night's notice (holdout15b: Dumskaya's two alerts 25 hours
    apart)."""
    if score < params.threshold or not within_window(fp_a, fp_b):
        return False
    smaller = min(fp_a.get("shingles") or 0, fp_b.get("shingles") or 0)
    shared = _shared_shingles(fp_a, fp_b, score)
    return smaller > 0 and shared >= params.min_shared_grown and shared >= params.min_version_contained * smaller


def _teaser(fp_a: dict, fp_b: dict, params: NearParams) -> bool:
    """One body short (``FLASH_MIN_WORDS`` to ``min_words``: its signature under ``short``), the other a story with a
    signature, published within ``_flash.WINDOW_MINUTES`` of each other: another outlet's teaser of the story (its
    first paragraphs and "read in full", holdout14) or a channel's repost of it (holdout18: UNIAN's and RIA's Telegram
    posts, the story's sentences cut short). The short body shares ``min_shared_grown`` shingles and
    ``min_contained_short`` of its own with the story, not mostly a quote; or ``min_aligned_sentences`` and
    ``min_aligned`` of its sentences have a counterpart in the story, its figures kept; a short body of fewer
    sentences is no teaser. A 40-word brief is what two outlets' stories quoting one official share; the quote test
    and the figures tell those."""
    short, story = (fp_a, fp_b) if fp_a.get("short") else (fp_b, fp_a)
    if not short.get("short") or not story.get("minhash") or short.get("scheme") != story.get("scheme"):
        return False
    if not within_window(short, story):
        return False
    score = estimated_jaccard(decode_signature(short["short"]), decode_signature(story["minhash"]))
    shared = _shared_shingles(short, story, score)
    contained = numbers_contained(short, story)
    if contained is not None and contained[1] >= params.min_numbers_rewrite \
            and contained[0] < params.min_numbers_shared:
        return False
    aligned, sentences = aligned_share(short, story, params.sentence_match, params.min_aligned,
                                       params.sentence_contained, params.sentence_common)
    # A teaser or a post tells the story in a few sentences; a one- or two-sentence flash carried word for word by
    # another outlet's round-up among its items is not that round-up's teaser (holdout11/12's flashes)
    if sentences < params.min_aligned_sentences:
        return False
    if shared >= params.min_shared_grown and shared >= params.min_contained_short * (short.get("shingles") or 0):
        return not _quote_dominated(short, story, score, params)
    return aligned >= params.min_aligned_sentences and aligned >= params.min_aligned * sentences


def _versions(article: dict, cand: dict) -> bool:
    """One outlet's two URLs of one article's versions: alike but for the article id (:func:`._urls.slug_siblings`),
    or but for the figures of a slug whose headline's figures changed too (:func:`._urls.figures_updated`: a toll
    updated under a new slug, holdout18; a date in the slug of a nightly notice keeps its headline)."""
    key, other = article.get("url_key"), cand.get("url_key")
    return (slug_siblings(key, other) or _same_lede(_fingerprints(article), _fingerprints(cand))
            or (figures_updated(key, other) and figures_differ(article.get("title"), cand.get("title"))))


def _same_lede(fp_a: dict, fp_b: dict) -> bool:
    """Both bodies open on one line of ``_flash.LINE_MIN_WORDS`` words or more: one outlet's story and its own short
    version under another URL (a live blog's post page, holdout18: CNN's post of its story, its first paragraphs).
    Two of its stories opening on one standing line share little else, which :func:`_version_kept` asks."""
    head_a, head_b = fp_a.get("head"), fp_b.get("head")
    if not head_a or not head_b or not isinstance(head_a[0], list) or not isinstance(head_b[0], list):
        return False
    return head_a[0] == head_b[0] and head_a[0][1] >= LINE_MIN_WORDS


def _lines_all_at_edges(fp_a: dict, fp_b: dict, boilerplate: int) -> bool:
    """The shorter body's every line is among the lines both share at their start and end (its words nearly all in
    them, ``MIN_COVERED``): the longer one is it with paragraphs added in between, an update under a new URL
    (holdout15b: two paragraphs inserted after the attribution). Nothing is left "in between" to compare, and the
    lines are compared whole, by hash. Two stories under one header and footer each have lines of their own."""
    shorter, longer = (fp_a, fp_b) if (fp_a.get("words") or 0) <= (fp_b.get("words") or 0) else (fp_b, fp_a)
    words = shorter.get("words") or 0
    return 0 < words < (longer.get("words") or 0) and boilerplate >= MIN_COVERED * words


class _NumberSet:
    """The new article's number sketch, read once for all candidates (:func:`numbers_contained` per pair)."""

    __slots__ = ("fp", "sketch")

    def __init__(self, fp: dict):
        self.fp = fp
        self.sketch = number_set(fp)

    def differ(self, other: dict, params: NearParams) -> bool:
        """True when both bodies carry enough numbers and few of the smaller one's are in the other."""
        contained = numbers_contained(self.fp, other, self.sketch)
        return (contained is not None and contained[1] >= params.min_numbers
                and contained[0] < params.min_numbers_shared)

    def same_report(self, other: dict, params: NearParams) -> bool:
        """True when the bodies share ``FIGURES_KEYED`` figures or more, ``params.min_figures_same`` of the smaller
        body's and ``params.min_figures_of_larger`` of the larger's, published within 12 hours: one report told in
        other words, laid out as a list or retold with a part of its figures."""
        if (self.fp.get("numbers_n") or 0) < FIGURES_KEYED or (other.get("numbers_n") or 0) < FIGURES_KEYED:
            return False
        found = figures_shared(self.fp, other, self.sketch)
        if found is None:
            return False
        shared, smaller, larger = found
        return (shared >= FIGURES_KEYED and shared >= params.min_figures_same * smaller
                and shared >= params.min_figures_of_larger * larger and within_window(self.fp, other))


def _similarities(fp: dict, others: list[dict]) -> list[float]:
    """``similarity(fp, other)`` for each of ``others``, the signatures compared in one array operation."""
    scores = [0.0] * len(others)
    exact = fp.get("exact") if (fp.get("words") or 0) >= EXACT_MIN_WORDS else None
    sig = decode_signature(fp["minhash"]) if fp.get("minhash") else None
    usable = sig is not None and len(sig) > 0
    texts, at = [], []
    for i, other in enumerate(others):
        if exact and other.get("exact") == exact:
            scores[i] = 1.0
        elif usable and fp.get("scheme") == other.get("scheme"):
            texts.append(other.get("minhash") or "")
            at.append(i)
    # the candidates' signatures decoded at once (one base64 call, no array stacked from rows)
    decoded = decode_signatures(texts, len(sig)) if texts else None
    if decoded is not None:
        rows, where = decoded
        equal = np.count_nonzero(rows == sig, axis=1)
        for j, count in zip(where, equal.tolist(), strict=True):
            scores[at[j]] = float(count) / len(sig)
    return scores


def _shares(fp_a: dict, fp_b: dict, score: float, min_shared: int, min_share: float) -> bool:
    """At least ``min_shared`` shingles in common, and at least ``min_share`` of the shorter body's own."""
    smaller = min(fp_a.get("shingles") or 0, fp_b.get("shingles") or 0)
    if score <= 0 or smaller <= 0:
        return False
    shared = _shared_shingles(fp_a, fp_b, score)
    return shared >= min_shared and shared / smaller >= min_share


def _contained(fp_a: dict, fp_b: dict, score: float, params: NearParams) -> bool:
    return _shares(fp_a, fp_b, score, params.min_shared_partial, params.min_contained)


def _mostly_contained(fp_a: dict, fp_b: dict, score: float, params: NearParams) -> bool:
    """Most of a short body in the other: a regional reprint of an 80-word wire brief shares fewer than
    ``min_shared_partial`` shingles with the original after any edit, but more than half of its own."""
    return _shares(fp_a, fp_b, score, params.min_shared_short, params.min_contained_short)


def _quote_dominated(fp_a: dict, fp_b: dict, score: float, params: NearParams, one_sided: bool = False) -> bool:
    """True when what two outlets' bodies share is mostly one quote, and little of the rest: two stories quoting
    one speaker (:mod:`newswatch.dedup._quotes`), not a copy. A copy shares its narration as well.

    Quoted shingles at least ``params.quoted_share`` of the shared ones, and the shared shingles outside quotes
    under ``params.min_unquoted_contained`` of the shorter body's own (unquoted) shingles. False when either
    fingerprint has no quote sketch (stored before sketches existed), or the shorter body is all quotes.

    ``one_sided``: count only what one body quotes and the other tells as its own, at least ``min_shared_short``
    shingles (a story quoting a speech or a report at length, which its sentences then align with: not a rewrite
    of it); a rewrite keeps its source's quotes in quotation marks, so a quote both bodies carry does not count."""
    both = shared_quoted(fp_a, fp_b)
    if both is None:
        return False
    shared = _shared_shingles(fp_a, fp_b, score)
    # One-sided: what one body quotes and the other holds outside its own quotes (held anywhere, less what both
    # quote); a rewrite keeping its source's quotes word for word holds them quoted, and they made it look like a
    # story quoting its source (holdout15: three rewrites of one outlet's report of a statement).
    carried = both if one_sided else 0.0
    quoted = max(0.0 if one_sided else both, _quoted_at_length(fp_a, fp_b, shared) - carried,
                 _quoted_at_length(fp_b, fp_a, shared) - carried)
    # at length: a rewrite may put in quotes a phrase or two its source told as its own (holdout3: 8 shingles)
    if not quoted or (one_sided and quoted < params.min_shared_short):
        return False
    if quoted < params.quoted_share * shared:
        return False
    shorter = fp_a if (fp_a.get("shingles") or 0) <= (fp_b.get("shingles") or 0) else fp_b
    own = (shorter.get("shingles") or 0) - (shorter.get("quoted_n") or 0)
    return own > 0 and (shared - quoted) / own < params.min_unquoted_contained


def _quoted_at_length(quoting: dict, other: dict, shared: float) -> float:
    """How many of ``quoting``'s quoted shingles ``other`` holds, quoted or not (a story quoting another text at
    length, which a copy of that text tells as narration); 0.0 when ``quoting`` tells less of its own (outside
    quotes) than the two share: a copy that put the story it carries inside quotation marks is still a copy."""
    if (quoting.get("shingles") or 0) - (quoting.get("quoted_n") or 0) < shared:
        return 0.0
    return quoted_in(quoting, other) or 0.0


def _rewritten(fp_a: dict, fp_b: dict, params: NearParams, score: float = 0.0) -> bool:
    """Another outlet's body that retells the other sentence by sentence in other words (:mod:`._sentences`)."""
    # (a short body's sentences are compared by the teaser rule alone, with its window: another outlet's notice of
    # another night retells one in the same sentences)
    if not fp_a.get("minhash") or not fp_b.get("minhash"):
        return False
    # A rewrite shares some of its sentence keys: a cheap test first, as most candidates are other stories
    # (measured: every rewrite of the labelled sets found by keys alone shares 2 or more of 8; see
    # _sentences.KEYS_SHARED). One found by its shingles too (``score``: a few shared phrases) may share one: a
    # rewrite merging its source's sentences keeps fewer sentences, so fewer keys.
    if not shares_keys(fp_a, fp_b, 1 if score >= params.rewrite_shingles else KEYS_SHARED):
        return False
    contained = numbers_contained(fp_a, fp_b)
    # The other body's sentences may be the ones aligned (a rewrite that reordered and merged its source's
    # paragraphs) only when the figures confirm it: enough of them, nearly all kept; or its quotes: the same
    # passages quoted word for word in both (holdout15: Bel.ru's rewrite of RBC aligned 5 of 8 of its sentences,
    # RBC 6 of 8 of its own). Two stories quoting one speaker share the quote too, and align too few either way.
    reverse = (contained is not None and contained[1] >= params.min_numbers_reverse
               and contained[0] >= params.min_numbers_same) or _same_quotes(fp_a, fp_b, params)
    aligned, sentences = aligned_share(fp_a, fp_b, params.sentence_match, params.min_aligned,
                                       params.sentence_contained, params.sentence_common, params.lead_sentences,
                                       reverse)
    if aligned < params.min_aligned_sentences or aligned < params.min_aligned * sentences:
        return False
    # What the two share word for word is mostly one quote: the sentences aligned may be that quote's. A rewrite
    # retells its narration too; two stories embedding one long statement do not (holdout18: Rutte's statement in a
    # story on NATO's ships and one on Estonia's law, 4 of 5 sentences aligned, all of them the statement's).
    # (no lead set aside: the stories' own openings are what differs; holdout15's Bel.ru rewrite keeping RBC's quotes
    # aligns 4 of its 6 other sentences, the two Rutte stories 1 of 4)
    if _quote_dominated(fp_a, fp_b, score, params):
        aligned, sentences = aligned_share(fp_a, fp_b, params.sentence_match, params.min_aligned_own,
                                           params.sentence_contained, params.sentence_common, 0, reverse,
                                           distinct=True)
        if not aligned or aligned < params.min_aligned_own * sentences:
            return False
    # A retelling keeps its source's figures; the next night's tally on one template (too few numbers for the
    # number rule of decide) keeps its wording and changes them.
    return contained is None or contained[1] < params.min_numbers_rewrite or contained[0] >= params.min_numbers_shared


def _same_quotes(fp_a: dict, fp_b: dict, params: NearParams) -> bool:
    """Both bodies quote the same passages: ``min_quotes_reverse`` quoted shingles both hold inside quotes, and
    ``min_numbers_same`` of each one's quoted shingles."""
    n_a, n_b = fp_a.get("quoted_n") or 0, fp_b.get("quoted_n") or 0
    if min(n_a, n_b) < params.min_quotes_reverse:
        return False
    both = shared_quoted(fp_a, fp_b)
    return both is not None and both >= params.min_quotes_reverse and both >= params.min_numbers_same * max(n_a, n_b)


def _signature(fp: dict):
    edition = fp.get("edition")
    return edition.get("signature") if isinstance(edition, dict) else None


def _names_differ(fp_a: dict, fp_b: dict, params: NearParams) -> bool:
    """Both bodies name enough people, places and figures (their edition signatures), and few of the smaller one's
    are in the other: one outlet's two stories on one template (two cities struck the same night), not a copy. A
    copy or update keeps what it names; a body stored without a signature is judged as before."""
    sig_a, sig_b = _signature(fp_a), _signature(fp_b)
    if not sig_a or not sig_b:
        return False
    small = min(len(sig_a), len(sig_b))
    if small < params.min_names:
        return False
    return len(set(sig_a).intersection(sig_b)) < params.min_names_same_outlet * small


def _shared_shingles(fp_a: dict, fp_b: dict, score: float) -> float:
    """|A & B| from the Jaccard estimate J = |A & B| / |A | B| and |A| + |B| = |A | B| + |A & B|."""
    return score / (1 + score) * ((fp_a.get("shingles") or 0) + (fp_b.get("shingles") or 0))


def story_id_for(url_key: str) -> str:
    """The story id a new story gets: derived from its first copy's url_key, so every process agrees."""
    return hashlib.blake2b((url_key or "").encode("utf-8"), digest_size=8).hexdigest()


def _exact_match(fp_a: dict, fp_b: dict) -> bool:
    exact = fp_a.get("exact")
    return bool(exact) and exact == fp_b.get("exact") and (fp_a.get("words") or 0) >= EXACT_MIN_WORDS


def _is_live(doc: dict) -> bool:
    if doc.get("live") is not None:
        return bool(doc["live"])
    return is_live_page(doc.get("url"), doc.get("title"))


def _same_outlet(a: dict, b: dict) -> bool:
    # The registered domain first: ad-hoc crawls give every outlet the same source (the spider's name).
    if a.get("domain") and b.get("domain"):
        return a["domain"] == b["domain"]
    return bool(a.get("source")) and a.get("source") == b.get("source")


def _instalments(a: dict, b: dict, params: NearParams) -> bool:
    """Two instalments of one outlet's series (titles that differ only in their numbers): never one story.

    Unless the bodies agree on nearly all their figures: then it is one story whose headline figures were
    updated (a new instalment changes the body's figures too; an alert bulletin has too few to tell), or on every one
    of a few (``min_numbers_all``)."""
    if not (_same_outlet(a, b) and are_instalments(a.get("title"), b.get("title"))):
        return False
    contained = numbers_contained(a.get("fingerprints") or {}, b.get("fingerprints") or {})
    return not (contained is not None and ((contained[1] >= params.min_numbers
                                            and contained[0] >= params.min_numbers_same)
                                           or (contained[1] >= params.min_numbers_all and contained[0] >= 1.0)))


def _first_seen(doc: dict) -> str:
    value = doc.get("first_seen_at")
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _link(kind: str, candidate: dict, score: float, article: dict | None = None) -> dict[str, Any]:
    root = candidate.get("duplicate_of") or candidate.get("url_key")
    story_id = candidate.get("story_id") or story_id_for(root)
    if article is not None and _published_before(article, candidate):
        # The copy stored first is the later one: this article is the story's first copy from now on, and the
        # store relinks the others to it (``supersedes``).
        return {"kind": kind, "target": candidate.get("url_key"), "story_id": story_id, "duplicate_of": None,
                "syndicated": False, "similarity": score, "supersedes": root}
    return {
        "kind": kind,
        "target": candidate.get("url_key"),
        "story_id": story_id,
        "duplicate_of": root,
        "syndicated": True,
        "similarity": score,
    }


def _published_before(article: dict, root: dict) -> bool:
    """``article`` (another outlet's) was published clearly before ``root``, the story's first stored copy."""
    if root.get("duplicate_of") or _same_outlet(article, root):
        return False  # a copy's own copy, or an outlet's update of its own story: the story's root stays
    ours = ((article.get("fingerprints") or {}).get("edition") or {}).get("published")
    theirs = _edition(root).get("published")
    if not isinstance(ours, int) or not isinstance(theirs, int):
        return False
    return REROOT_MIN_MINUTES <= theirs - ours <= REROOT_MAX_MINUTES


def decide(article: dict, candidates: Iterable[dict], params: NearParams = DEFAULT) -> dict[str, Any]:
    """What to do with ``article`` given ``candidates`` (documents found by url_key, exact hash or band).

    ``article`` needs ``url_key`` and ``fingerprints``; ``domain`` (else ``source``) tells outlets apart;
    ``url``/``title`` (or an explicit ``live`` flag) mark live-updates pages, which are only ever
    matched by url_key or exact body, never as near copies.

    Returns ``{"kind", "target", "story_id", "duplicate_of", "syndicated", "similarity"}``:

    - ``unchanged`` / ``revised``: a document with this url_key exists (``target``); update it in
      place, bumping ``revision`` only for ``revised`` (normalized body changed);
    - ``alias``: the same outlet has this exact body under another url_key (``target``): add the
      URL to that document's ``urls`` instead of storing a new one;
    - ``exact_copy`` / ``near_copy``: a copy of a stored story (another outlet, or the same outlet
      with an edited text): store it linked, ``duplicate_of`` the story's first-seen copy; but when that copy is
      another outlet's, published :data:`REROOT_MIN_MINUTES` or more after this one, this article is the
      original: ``duplicate_of`` None, ``syndicated`` False and ``supersedes`` = the first-seen copy's url_key,
      which the store relinks (with its own copies) to this one. Another
      outlet's copy counts when it is near the stored text (:func:`is_near_duplicate`), carries
      most of it (:func:`is_partial_copy`), or retells it sentence by sentence in other words (most of the
      shorter body's sentences have a counterpart, and the figures are kept: :mod:`newswatch.dedup._sentences`,
      ``params.min_aligned``); the same outlet's only when near once the header and
      footer lines both share are set aside: its briefs share its banners and footers, which would
      make a short one look "contained" or near. Never a copy: a near or partial match whose
      numbers mostly differ (``params.min_numbers_shared``: the next day's report on one template),
      nor, even with an equal body, the same outlet's document whose title differs only in its
      numbers (an instalment of a series: "... станом на 28 листопада", "Part 2", an alert bulletin)
      unless both bodies agree on nearly all their figures (``params.min_numbers_same``), nor two short bodies
      (no signature) published over 12 hours apart, however equal (an alert notice posted word for word every night:
      :func:`newswatch.dedup._flash.repeated_notice`);
    - a document of the same outlet with the same article id in its URL (:func:`newswatch.dedup._urls.article_id`,
      ``fingerprints.edition.article``; their signatures agreeing on half the smaller one's names and figures:
      :func:`newswatch.dedup._editions.same_article`) and in the same language is this article's earlier version
      under another URL: ``near_copy`` of it however the text changed (an update that rewrote and tripled a flash);
    - the same outlet's short flash (no signature) whose every line this longer body carries among its first and last
      lines, published up to 12 hours before it (:mod:`newswatch.dedup._flash`): its update under a new URL and id,
      ``near_copy`` of it;
    - ``translation``: none of the above, but one outlet's edition of this article in another language
      (:mod:`newswatch.dedup._editions`: hreflang, or the same outlet's language-independent signature close in
      time; needs ``fingerprints.edition``): store it as a document of its own, ``story_id`` the other edition's,
      ``translation_of`` the first edition's url_key, ``duplicate_of`` None. A page in another language (the
      script of its body) is never a copy;
    - ``new``: a new story, ``story_id`` derived from this url_key.

    ``translation_of`` is in the result of ``translation``, and of ``unchanged``/``revised``/``alias`` when the
    stored document has one (it is kept).
    """
    key = article.get("url_key") or ""
    fp = article.get("fingerprints") or {}
    others = []
    for cand in candidates or ():
        if not isinstance(cand, dict):
            continue
        if cand.get("url_key") == key:
            changed = (cand.get("fingerprints") or {}).get("exact") != fp.get("exact")
            return _with_translation_of(cand, {
                "kind": REVISED if changed else UNCHANGED,
                "target": key,
                "story_id": cand.get("story_id") or story_id_for(key),
                "duplicate_of": cand.get("duplicate_of"),
                "syndicated": bool(cand.get("syndicated")),
                "similarity": None,
            })
        others.append(cand)

    # When several documents qualify, link to the earliest seen (ties: the first given). Only the qualifying
    # ones are ordered: most candidates fail, and formatting every candidate's date cost as much as testing it.
    exact_hash = fp.get("exact") if (fp.get("words") or 0) >= EXACT_MIN_WORDS else None
    exact = []
    if exact_hash:
        exact = [c for c in others
                 if (c.get("fingerprints") or {}).get("exact") == exact_hash and not _instalments(article, c, params)
                 and not repeated_notice(fp, _fingerprints(c))]
        exact.sort(key=_first_seen)
    for cand in exact:
        if _same_outlet(article, cand):
            return _with_translation_of(cand, {
                "kind": ALIAS,
                "target": cand.get("url_key"),
                "story_id": cand.get("story_id") or story_id_for(cand.get("url_key") or ""),
                "duplicate_of": cand.get("duplicate_of"),
                "syndicated": bool(cand.get("syndicated")),
                "similarity": 1.0,
            })
    if exact:
        return _link(EXACT_COPY, exact[0], 1.0, article)

    # One outlet's article id under another URL (the slug changed with the headline): a later version of that
    # article in its language, however much the text grew. In another language it is the outlet's other edition.
    own = fp.get("edition") if isinstance(fp.get("edition"), dict) else None
    if own and own.get("article"):
        same = sorted((c for c in others if same_article(own, _edition(c)) and not languages_differ(own, _edition(c))),
                      key=_first_seen)
        if same:
            return _link(NEAR_COPY, same[0], _similarities(fp, [same[0].get("fingerprints") or {}])[0])

    # The outlet's short flash, kept whole as this longer body's first or last lines: its update under a new URL
    # (a flash has no signature for the tests below to compare).
    live = _is_live(article)
    if not live:
        grown = sorted((c for c in others if _same_outlet(article, c) and grew_into(_fingerprints(c), fp)
                        and not languages_differ(own, _edition(c))), key=_first_seen)
        if grown:
            return _link(NEAR_COPY, grown[0], 0.0)

    best, best_score, best_seen = None, 0.0, None
    if not live:
        # Another language's page is never a copy (its words are not this one's: a shared name or figure is all
        # the sentence test would see); it may be this outlet's other edition (below).
        compared = [c for c in others if isinstance(c.get("fingerprints"), dict)
                    and not languages_differ(fp.get("edition"), c["fingerprints"].get("edition"))]
        numbers = _NumberSet(fp)
        for cand, score in zip(compared, _similarities(fp, [c["fingerprints"] for c in compared]), strict=True):
            if score < best_score:
                continue  # (a tie is settled below by the date, once the candidate qualifies)
            cand_fp = cand["fingerprints"]
            if _same_outlet(article, cand):
                # (an outlet's analysis quoting its own morning story at length, holdout13: at the thresholds' edge,
                # 3 of 20 MinHash seeds merged them)
                if (not (_near_beyond_boilerplate(fp, cand_fp, score, params)
                         # (the score first: most candidates are below the threshold, and the slugs cost more)
                         or (_version_kept(fp, cand_fp, score, params) and _versions(article, cand)))
                        or _instalments(article, cand, params)
                        or _quote_dominated(fp, cand_fp, score, params) or _names_differ(fp, cand_fp, params)):
                    continue
            elif not (((_near_enough(fp, cand_fp, score, params) or _contained(fp, cand_fp, score, params)
                        or _mostly_contained(fp, cand_fp, score, params))
                       and not _quote_dominated(fp, cand_fp, score, params))
                      or (_rewritten(fp, cand_fp, params, score)
                          and not _quote_dominated(fp, cand_fp, score, params, one_sided=True))
                      or ((fp.get("short") or cand_fp.get("short")) and _teaser(fp, cand_fp, params))
                      or numbers.same_report(cand_fp, params)):
                continue
            if numbers.differ(cand_fp, params):
                continue
            seen = None
            if best is not None and score == best_score:
                seen = _first_seen(cand)
                if best_seen is None:
                    best_seen = _first_seen(best)
                if seen >= best_seen:
                    continue
            # The live-page patterns last: two regex searches a candidate, and most candidates fail above.
            if not _is_live(cand):
                best, best_score, best_seen = cand, score, seen
    if best is not None:
        return _link(NEAR_COPY, best, best_score, article)

    edition = fp.get("edition")
    if isinstance(edition, dict):
        editions = [(c, is_translation(edition, key, _edition(c), c.get("url_key") or "")) for c in others]
        editions = sorted(((c, score) for c, score in editions if score > 0), key=lambda found: _first_seen(found[0]))
        if editions:
            cand, score = editions[0]
            root = _edition(cand).get("translation_of") or cand.get("url_key")
            return {
                "kind": TRANSLATION,
                "target": cand.get("url_key"),
                "story_id": cand.get("story_id") or story_id_for(root or ""),
                "duplicate_of": None,
                "syndicated": False,
                "similarity": score,
                "translation_of": root,
            }

    return {
        "kind": NEW,
        "target": None,
        "story_id": story_id_for(key),
        "duplicate_of": None,
        "syndicated": False,
        "similarity": None,
    }


def _with_translation_of(stored: dict, decision: dict[str, Any]) -> dict[str, Any]:
    """The stored document's ``translation_of`` kept on a decision that updates it (or adds an alias to it)."""
    root = _edition(stored).get("translation_of")
    return {**decision, "translation_of": root} if root else decision


def _fingerprints(doc: dict) -> dict:
    fp = doc.get("fingerprints")
    return fp if isinstance(fp, dict) else {}


def _edition(doc: dict) -> dict:
    edition = (doc.get("fingerprints") or {}).get("edition")
    return edition if isinstance(edition, dict) else {}
