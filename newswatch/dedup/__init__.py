"""Deduplication: canonical URL keys, body fingerprints, near-duplicate decisions.

Pure functions over plain values (no Scrapy, no I/O besides its data files: ``url_rules.yaml``,
``live_pages.yaml``, ``series.yaml``):

- :func:`url_key`, :func:`canonicalize_url`, :func:`registered_domain`: URL identity; :func:`edition_language`: a
  URL's language-edition mark (`/en/`, `rus.`);
- :func:`normalize_body`, :func:`body_hash`: exact fingerprint;
- :func:`fingerprints`: ``{"exact", "words", "scheme", "shingles", "minhash", "bands", "numbers",
  "numbers_n", "head", "tail", "quoted", "quoted_n", "sentences", "sentence_keys"}`` of a body, stored as the
  article's ``fingerprints`` field (``bands`` is the indexed LSH array, with the ``fg`` keys of a body's figures when
  it carries 12 or more: one report in prose and as a list; ``numbers`` and ``head``/``tail`` tell a
  template's instalments and an outlet's boilerplate from copies, ``quoted`` two stories sharing one quote from
  copies, ``sentences`` a rewrite in other words, found by its indexed ``sentence_keys``; ``short``, the signature of a
  body under ``min_words``, another outlet's teaser or channel post of a story; documents stored without them are
  compared as before);
- :func:`indexed_keys`: the keys a document is indexed under (``bands``, then ``sentence_keys``);
  :func:`lookup_keys`: those to find candidates by (the same, a page's edition probe keys near midnight, and its first
  and last lines' keys, which find a short flash it grew from: :mod:`newswatch.dedup._flash`); a document
  found by sentence keys alone (:func:`is_sentence_key`) is a candidate when it shares ``SENTENCE_KEYS_SHARED``
  (at most ``SENTENCE_KEY_CANDIDATES`` such a lookup, among the first ``SENTENCE_KEY_HOLDERS`` holders of a key);
- :func:`is_near_duplicate`, :func:`is_partial_copy`: the two tests of a near copy;
- :func:`decide`: given an article and candidate documents, one of ``new``, ``unchanged``,
  ``revised``, ``alias``, ``exact_copy``, ``near_copy``, ``translation`` with the story links to store;
- :func:`with_edition`, :func:`edition`, :func:`is_translation`: one outlet's editions of one article in two
  languages (hreflang alternates, or a language-independent signature: :mod:`newswatch.dedup._editions`), linked as
  one story, never as copies;
- :class:`RecentIndex`: the bounded in-run memory of recent articles, looked up like the store.
"""

from newswatch.dedup._decide import (
    ALIAS,
    EXACT_COPY,
    NEAR_COPY,
    NEW,
    REVISED,
    TRANSLATION,
    UNCHANGED,
    decide,
    fingerprints,
    indexed_keys,
    is_near_duplicate,
    is_partial_copy,
    lookup_keys,
    similarity,
    story_id_for,
)
from newswatch.dedup._editions import edition, is_translation, with_edition
from newswatch.dedup._near import DEFAULT as NEAR_PARAMS
from newswatch.dedup._near import NearParams
from newswatch.dedup._recent import RecentIndex
from newswatch.dedup._sentences import KEY_CANDIDATES as SENTENCE_KEY_CANDIDATES
from newswatch.dedup._sentences import KEY_HOLDERS as SENTENCE_KEY_HOLDERS
from newswatch.dedup._sentences import KEYS_SHARED as SENTENCE_KEYS_SHARED
from newswatch.dedup._sentences import is_sentence_key
from newswatch.dedup._text import body_hash, normalize_body
from newswatch.dedup._urls import (
    canonicalize_url,
    edition_language,
    other_edition,
    registered_domain,
    request_url,
    same_site,
    url_key,
    without_session_ids,
)

__all__ = [
    "ALIAS",
    "EXACT_COPY",
    "NEAR_COPY",
    "NEAR_PARAMS",
    "NEW",
    "REVISED",
    "SENTENCE_KEYS_SHARED",
    "SENTENCE_KEY_CANDIDATES",
    "SENTENCE_KEY_HOLDERS",
    "TRANSLATION",
    "UNCHANGED",
    "NearParams",
    "RecentIndex",
    "body_hash",
    "canonicalize_url",
    "decide",
    "edition",
    "fingerprints",
    "indexed_keys",
    "is_near_duplicate",
    "is_partial_copy",
    "is_sentence_key",
    "is_translation",
    "lookup_keys",
    "normalize_body",
    "registered_domain",
    "request_url",
    "edition_language",
    "other_edition",
    "same_site",
    "without_session_ids",
    "similarity",
    "story_id_for",
    "url_key",
    "with_edition",
]
