"""The articles seen recently in this run, indexed like the store (pure, bounded).

The store pipeline writes in batches, so a copy arriving right after the first one would not
find it in the store yet. Looking here first closes that gap. Least recently seen entries
are evicted past ``capacity``, so memory stays bounded however long the crawl runs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from newswatch.dedup._decide import indexed_keys
from newswatch.dedup._sentences import KEY_CANDIDATES, KEY_HOLDERS, KEYS_SHARED, is_sentence_key

# A sentence key is a common word's stem now and then: past this many articles holding it, later ones are not
# indexed under it (as the store reads a bounded number of rows per key), so one lookup never returns hundreds.
SENTENCE_KEY_HOLDERS = KEY_HOLDERS


class RecentIndex:
    """``url_key`` -> candidate document, with exact-hash and LSH-band lookups, LRU-bounded.

    An index value maps to the one ``url_key`` holding it, or to a set of them once several do: nearly
    every band key belongs to one article, and a set per band (64 per article) would cost ~15 KB an entry.
    Bands and sentence keys (:func:`newswatch.dedup.lookup_keys`) share the index; a sentence key holds at most
    ``SENTENCE_KEY_HOLDERS`` articles, and finds one only along with another shared sentence key (``KEYS_SHARED``).
    """

    def __init__(self, capacity: int = 1000):
        self.capacity = max(1, int(capacity))
        self._docs: OrderedDict[str, dict] = OrderedDict()
        self._by_exact: dict[str, str | set[str]] = {}
        self._by_band: dict[str, str | set[str]] = {}

    def __len__(self) -> int:
        return len(self._docs)

    def add(self, doc: dict) -> None:
        """Remember ``doc`` (needs ``url_key`` and ``fingerprints``), replacing an older entry for its key."""
        key = doc.get("url_key")
        if not key:
            return
        if key in self._docs:
            self._forget(key)
        self._docs[key] = doc
        for index, values in self._index_values(doc):
            for value in values:
                held = index.get(value)
                if held is None:
                    index[value] = key
                elif isinstance(held, set):
                    if len(held) < SENTENCE_KEY_HOLDERS or not is_sentence_key(value):
                        held.add(key)
                elif held != key:
                    index[value] = {held, key}
        while len(self._docs) > self.capacity:
            self._forget(next(iter(self._docs)))

    def candidates(self, url_key: str, exact: str | None = None, bands: Iterable[str] = ()) -> list[dict]:
        """Remembered documents with this key, this exact hash, any of these bands, or ``KEYS_SHARED`` of these
        sentence keys, at most ``KEY_CANDIDATES`` of those (:func:`newswatch.dedup.lookup_keys`; key match first)."""
        keys: dict[str, None] = {}
        if url_key in self._docs:
            keys[url_key] = None
            self._docs.move_to_end(url_key)
        if exact:
            keys.update(dict.fromkeys(_keys(self._by_exact.get(exact))))
        by_sentences: dict[str, int] = {}
        by_band = self._by_band
        for band in bands or ():
            held = by_band.get(band)
            if held is None:  # most of a new article's keys: nothing remembered holds them
                continue
            if is_sentence_key(band):
                for key in _keys(held):
                    by_sentences[key] = by_sentences.get(key, 0) + 1
            elif type(held) is str:
                keys[held] = None
            else:
                keys.update(dict.fromkeys(held))
        # found by sentence keys alone: only when sharing KEYS_SHARED of them (one is often a common word), the
        # KEY_CANDIDATES sharing the most
        found = sorted((k for k, shared in by_sentences.items() if shared >= KEYS_SHARED and k not in keys),
                       key=by_sentences.__getitem__, reverse=True)
        keys.update(dict.fromkeys(found[:KEY_CANDIDATES]))
        return [self._docs[k] for k in keys]

    def relink(self, old_root: str, new_root: str) -> int:
        """The remembered copies of ``old_root``'s story, and ``old_root`` itself, now copies of ``new_root`` (an
        earlier-published original arrived: :func:`newswatch.dedup.decide`'s ``supersedes``); how many changed.
        A scan of at most ``capacity`` entries, once per re-rooted story."""
        changed = 0
        for key, doc in self._docs.items():
            if key != new_root and (key == old_root or doc.get("duplicate_of") == old_root):
                doc["duplicate_of"], doc["syndicated"] = new_root, True
                changed += 1
        return changed

    def _index_values(self, doc: dict):
        fp = doc.get("fingerprints") or {}
        yield self._by_exact, [fp["exact"]] if fp.get("exact") else []
        yield self._by_band, indexed_keys(fp)

    def _forget(self, key: str) -> None:
        doc = self._docs.pop(key)
        for index, values in self._index_values(doc):
            for value in values:
                held = index.get(value)
                if isinstance(held, set):
                    held.discard(key)
                    if len(held) == 1:
                        index[value] = next(iter(held))
                elif held == key:
                    del index[value]


def _keys(held: str | set[str] | None) -> Iterable[str]:
    if held is None:
        return ()
    return (held,) if isinstance(held, str) else held
