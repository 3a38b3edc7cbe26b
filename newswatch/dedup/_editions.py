"""One outlet's language editions of one article: a Ukrainian page and its Russian (or English) version.

Ukrainian outlets (Ukrainska Pravda, UNIAN, RBC-Ukraine, Censor, LIGA...) publish each story in Ukrainian and
Russian, some in English too. The editions share no word shingle, so the copy tests never see them; they are not
copies either (an analyst reading Russian wants the Russian text). So they are kept as documents of their own and
linked: the later edition gets the first one's ``story_id`` and ``translation_of`` (its url_key), never
``duplicate_of``.

Two signals, the first one trusted over the second:

- hreflang: the pages' ``<link rel="alternate" hreflang="ru" href=...>`` (:mod:`newswatch.extract._alternates`).
  One page naming the other is enough; a page naming *another* URL for the other's language rules the pair out;
- without hreflang, a signature no language changes: the body's numbers (of 2+ digits, separators dropped, so
  ``4,2`` and ``4.2`` agree) and its capitalized words inside sentences as consonant skeletons
  (``Синєгубов``/``Синегубов``/``Syniehubov`` -> ``snhb``; Cyrillic and Latin spelled alike, vowels dropped, first
  ``NAME_SYMBOLS`` symbols). Only between one outlet's pages (one registered domain, or one line of
  ``editions.yaml``), published within ``WINDOW_MINUTES`` of each other, in two languages, when the smaller
  signature has ``MIN_SHARED`` tokens in the other and ``MIN_CONTAINED`` of its own, and the larger
  ``MIN_COVERED`` of its own, and ``MIN_IN_ORDER`` of the shared tokens come in the same order in both (the
  longest common ordered run): a follow-up or the outlet's other story of that morning shares the toll and the
  official's name, adds its own figures and names, and tells them in another order.

Lookup keys, stored next to the LSH bands (one indexed list; ``"fa"``/``"fb"``/``"fc"`` + 12 hex, a range band numbers
and sentence keys never take): ``fa`` keys for the page's url_key and each of its alternates' (two editions naming
each other, or one naming the other, share one), an ``fc`` key for the outlet's article id in the URL (one id, one
article: :func:`newswatch.dedup._urls.article_id`; an outlet giving its editions one id is linked by it), ``fb`` keys
for (outlet, UTC day, two values of the signature's MinHash) in ``SIGNATURE_BANDS`` bands: two editions sharing a
share J of their tokens share a band with probability 1 - (1 - J^2)^4 (0.98 at J = 0.8, 0.83 at 0.6), the outlet's
other stories of that day (J ~ 0.1) ~4%: a key holds a handful of pages, not every page of the day naming Zelensky. A
page published within ``PROBE_MINUTES`` of midnight UTC also *looks up* (``probe``, not indexed) its ``fb`` keys of
the neighbouring day, so two editions published either side of midnight find each other, whichever comes first, at no
cost in index rows.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from newswatch.dedup._flash import indexed_keys as flash_keys
from newswatch.dedup._urls import article_id, url_key

# English editions lag: an outlet's English desk may publish hours after the Ukrainian story (holdout10: 4 h 15 min).
# 6 h links them; the signature's containment and order tests, not the window, keep the outlet's other
# stories of the day apart (no other decision of the hand-written sets' 166k ordered pairs changed from 3 h to 6 h).
WINDOW_MINUTES = 6 * 60
# How near midnight UTC a page also looks up the neighbouring day's keys: kept at 3 h, so the lookup keys (and the
# stored fingerprints) stay as they were; editions 3-6 h apart either side of midnight are not found.
PROBE_MINUTES = 3 * 60
_DAY_MINUTES = 24 * 60
MIN_SHARED = 5
MIN_CONTAINED = 0.7
MIN_COVERED = 0.6
MIN_IN_ORDER = 0.8
ARTICLE_MIN_SHARED = 0.5
NAME_SYMBOLS = 4
MIN_NAME_SYMBOLS = 3
SIGNATURE_BANDS = 4
MAX_TOKENS = 200
SIGNATURE_CHARS = 4000

_DATA = Path(__file__).with_name("editions.yaml")
_SALTS = np.random.default_rng(20261128).integers(1, 2**32, size=(2, 2 * SIGNATURE_BANDS), dtype=np.uint64)
_MULTIPLIERS, _ADDENDS = _SALTS[0] | np.uint64(1), _SALTS[1]

# Cyrillic letters as the symbols their Latin transliterations reduce to ("" for vowels and signs).
_CYRILLIC = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьъыэюяё'’",
    ["", "b", "v", "h", "h", "d", "", "", "ž", "z", "", "", "", "", "k", "l", "m", "n", "", "p", "r", "s", "t", "",
     "f", "h", "c", "č", "š", "š", "", "", "", "", "", "", "", "", ""], strict=True))
# Latin digraphs first (longest first), then single letters. "ts" becomes "ц", not "c": a Latin "c" reads "k"
# below, and "Donetsk" has to meet "Донецьк" (holdout13: NV's English edition lost the town and its link).
# Polish spellings keep theirs in English text ("Klimczak", "Dariusz", "Kosiniak-Kamysz": "Клімчак", "Даріуш", "Камиш";
# holdout19: RBC-Ukraine's English edition lost its link on the minister's names): "szcz", "cz", "sz" too, and a
# Latin letter's diacritics go as its base letter's sound ("ł" "l", "ż" "ž", "ó" a vowel).
_DIGRAPHS = (("szcz", "š"), ("shch", "š"), ("sch", "š"), ("zh", "ž"), ("kh", "h"), ("ch", "č"), ("sh", "š"),
             ("cz", "č"), ("sz", "š"), ("ts", "ц"), ("tz", "ц"), ("ph", "f"))
_LATIN = {**dict.fromkeys("aeiouyj'’ąęóéáíúýėūīāēōöüäå", ""), "g": "h", "w": "v", "c": "k", "q": "k", "x": "ks",
          "ł": "l", "ś": "s", "ź": "z", "ż": "ž", "ń": "n"}

# what a sentence's first word follows (its capital says nothing): a sentence end, a line break, an opening quote
_OPENERS = ".!?…:\n\"«„“(—–-"
_CAPITALS = "A-ZА-ЯЁІЇЄҐ"
_NOT_OPENER = "[^" + re.escape(_OPENERS) + " \u00a0]"
# A capitalized word, a clock time (left out) or a number (digits, with thousands separators and decimal marks).
# One character class first, the branch told by a look back at it: re skips to the next capital or digit with that
# class (an alternation of classes makes it try every branch at every character: 2.5 times as slow). A capitalized
# word inside a sentence (what the 3 characters before it end in, spaces aside, is not an opener) sets the empty
# group ``inner``.
_TOKEN = re.compile(
    rf"[{_CAPITALS}\d](?:(?<=[{_CAPITALS}])"
    rf"(?:(?:(?<={_NOT_OPENER}.)|(?<={_NOT_OPENER}[ \u00a0].)|(?<={_NOT_OPENER}[ \u00a0]{{2}}.))(?P<inner>)|)[\w'’-]*"
    r"|(?<=\d)(?:\d?:\d\d|(?:[\d.,]|(?<=\d)[ \u00a0\u202f](?=\d))*\d))"
)
_NON_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=1)
def _data() -> dict:
    try:
        raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return raw if isinstance(raw, dict) else {}


@lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    return frozenset(str(w).lower() for w in _data().get("ignore_words") or ())


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    """registered domain -> the outlet's first domain (editions.yaml)."""
    raw = _data()
    group: dict[str, str] = {}
    for line in raw.get("outlets") or ():
        domains = [str(d).lower() for d in line or () if d]
        for domain in domains:
            group[domain] = domains[0]
    return group


def outlet_of(domain: str | None) -> str:
    """The outlet a registered domain belongs to: its editions.yaml group, else itself."""
    domain = (domain or "").lower()
    return _outlets().get(domain, domain)


def script_language(body: str | None) -> str:
    """"uk", "ru" or "latin" from the letters a body is written in; "" when it cannot tell (mixed, empty)."""
    if not isinstance(body, str) or not body:
        return ""
    text = body[:3000].lower()
    # letters each script has and the other lacks, and each script's five commonest letters (a cheap share of it)
    latin = sum(map(text.count, "eaotn"))
    if text.isascii():  # no Cyrillic letter to count (most English pages): 5 passes over the text, not 18
        return "latin" if latin >= 10 else ""
    cyrillic = sum(map(text.count, "оаеин"))
    if cyrillic > latin:
        uk = sum(map(text.count, "іїєґ"))
        ru = sum(map(text.count, "ыэъё"))
        if uk >= 3 and uk > 2 * ru:
            return "uk"
        if ru >= 3 and ru > 2 * uk:
            return "ru"
        return ""
    return "latin" if latin >= 10 else ""


@lru_cache(maxsize=16384)
def skeleton(word: str) -> str:
    """A name's consonant skeleton, the same for its Ukrainian, Russian and Latin spellings (first symbols)."""
    word = word.lower()
    if word.isascii() or word[0] < "\u0400":  # a Latin word, with diacritics or not (not a Cyrillic one)
        for digraph, symbol in _DIGRAPHS:
            word = word.replace(digraph, symbol)
    symbols = []
    for c in word:
        symbol = _CYRILLIC.get(c, _LATIN.get(c, c if c.isalpha() else ""))
        for s in symbol:
            if not symbols or symbols[-1] != s:
                symbols.append(s)
        if len(symbols) > NAME_SYMBOLS:
            break
    return "".join(symbols[:NAME_SYMBOLS])


@lru_cache(maxsize=16384)
def _name_token(word: str) -> str:
    """``"~"`` + the capitalized word's skeleton, "" when it is left out (ignored, or too short a skeleton)."""
    if word.lower() in _ignored():
        return ""
    name = skeleton(word)
    return "~" + name if len(name) >= MIN_NAME_SYMBOLS else ""


def signature(body: str | None) -> list[int]:
    """The body's language-independent tokens (numbers of 2+ digits, capitalized words inside sentences as
    skeletons), as CRC-32 values sentence by sentence in the order the sentences come, a sentence's new tokens in
    the order of their values; [] for none.

    A translation keeps the order of the sentences, not of the words inside one ("в ніч на 30 листопада ...
    поблизу Глушково" / "near Glushkovo ... on the night of 29-30 November"): so the order test compares sentences.
    A sentence here starts at a capitalized word after an opener (a sentence end, a line break, a quote, a colon, a
    dash: the words the signature leaves out), which the token scan finds anyway: no second pass over the text."""
    if not isinstance(body, str) or not body:
        return []
    text = body[:SIGNATURE_CHARS]
    tokens: dict[str, int] = {}  # token -> the sentence it first appears in
    sentence = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isdigit():
            digits = token if token.isdigit() else "" if ":" in token else _NON_DIGIT.sub("", token)
            # "36,000" is "36 тисяч" in the other edition: whole thousands read as their leading digits
            while len(digits) > 3 and digits.endswith("000"):
                digits = digits[:-3]
            if len(digits) >= 2 and digits not in tokens:
                tokens[digits] = sentence
            continue
        if match.group("inner") is None:  # a sentence's (or a quote's, a line's) first word: the next sentence
            sentence += 1
            continue
        name = _name_token(token)
        if name and name not in tokens:
            tokens[name] = sentence
            if len(tokens) >= MAX_TOKENS:
                break
    crc32 = zlib.crc32
    return [value for _, value in sorted((sentence, crc32(t.encode("utf-8", "surrogatepass")))
                                         for t, sentence in tokens.items())]


def _minutes(value: Any) -> int | None:
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    try:
        return int(value.timestamp() // 60)
    except (OverflowError, OSError, ValueError):
        return None


def _key(prefix: str, text: str) -> str:
    return prefix + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def _language(code: Any) -> str:
    """A language tag's primary subtag, lower case ("uk-UA" -> "uk"; the common "ua" -> "uk")."""
    if not isinstance(code, str):
        return ""
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return "uk" if primary == "ua" else primary


def body_edition(body: str | None) -> dict[str, Any]:
    """The part of :func:`edition` only the body gives, ``{"lang", "signature", "minima"}`` (computed with the
    fingerprints, off the crawl's reactor thread). ``minima``: the signature's MinHash, ``2 * SIGNATURE_BANDS``
    values (the smallest of its tokens' hashes under as many salts), of which the lookup keys are made."""
    sig = signature(body)
    minima = []
    if sig:
        # one universal hash a salt: (a * x + b) mod 2**32 over every token at once
        hashed = (np.array(sig, dtype=np.uint64)[None, :] * _MULTIPLIERS[:, None] + _ADDENDS[:, None]) & 0xFFFFFFFF
        minima = hashed.min(axis=1).tolist()
    return {"lang": script_language(body), "signature": sig, "minima": minima}


def edition(
    body: str | None,
    *,
    key: str,
    domain: str | None,
    language: str | None = None,
    published_at: Any = None,
    alternates: dict | None = None,
    known: dict | None = None,
) -> dict[str, Any]:
    """What :func:`is_translation` compares and the lookup keys to index, for one page (stored as
    ``fingerprints.edition``): ``{"lang", "language", "outlet", "published", "alternates", "article", "signature",
    "keys", "probe"}``.

    ``lang``: the script the body is in (:func:`script_language`); ``language``: the declared language, else
    ``lang``'s; ``outlet``: :func:`outlet_of` the domain; ``published``: minutes since the epoch (UTC) or None;
    ``alternates``: hreflang language -> url_key of that edition (the page's own language left out); ``article``:
    the outlet's article id in the URL (:func:`newswatch.dedup._urls.article_id`, "" for none), looked up by its
    ``fc`` key;
    ``signature``: :func:`signature`; ``keys``: the lookup keys (module docstring); ``probe``: the keys it only looks
    up by (the neighbouring day's, within ``PROBE_MINUTES`` of midnight UTC; :func:`probe_keys`).
    """
    # The copy tests' "other language" is the script's, which a page's lang attribute or a feed cannot get wrong;
    # the declared language only names the page among its hreflang alternates.
    known = known if isinstance(known, dict) and isinstance(known.get("signature"), list) else body_edition(body)
    lang = known.get("lang") or ""
    declared = _language(language) or {"latin": "en"}.get(lang, lang)
    alts: dict[str, str] = {}
    for code, href in (alternates or {}).items() if isinstance(alternates, dict) else ():
        code = _language(code)
        if code and code != "x" and code != declared and isinstance(href, str) and href:
            alt_key = url_key(href)
            if alt_key and alt_key != key:
                alts.setdefault(code, alt_key)
    outlet = outlet_of(domain)
    published = _minutes(published_at)
    sig = known["signature"]
    minima = known.get("minima") or []
    keys = [_key("fa", k) for k in dict.fromkeys([key, *alts.values()]) if k]
    article = article_id(key)
    if article:
        keys.append(_key("fc", article))
    probe: list[str] = []
    if outlet and published is not None and len(minima) == 2 * SIGNATURE_BANDS:
        day, minute = divmod(published, _DAY_MINUTES)
        keys += _day_keys(outlet, day, minima)
        # An edition published within the window of midnight UTC may have its other edition on the next (or the
        # previous) day: it looks that day's keys up too, without being indexed under them.
        if minute < PROBE_MINUTES:
            probe = _day_keys(outlet, day - 1, minima)
        elif minute >= _DAY_MINUTES - PROBE_MINUTES:
            probe = _day_keys(outlet, day + 1, minima)
    return {"lang": lang, "language": declared, "outlet": outlet, "published": published, "alternates": alts,
            "article": article, "signature": sig, "keys": keys, "probe": probe}


def _day_keys(outlet: str, day: int, minima: list) -> list[str]:
    return [_key("fb", f"{outlet} {day} {band} {minima[2 * band]} {minima[2 * band + 1]}")
            for band in range(SIGNATURE_BANDS)]


def probe_keys(fp: dict | None) -> list[str]:
    """The keys a page looks its other editions up by without being indexed under them (``edition.probe``: the
    neighbouring UTC day's ``fb`` keys, for a page published within ``PROBE_MINUTES`` of midnight)."""
    found = (fp.get("edition") or {}).get("probe") if isinstance(fp, dict) else None
    return [k for k in found if isinstance(k, str)] if isinstance(found, list) else []


def with_edition(fp: dict, body: str | None, **page: Any) -> dict:
    """``fp`` (:func:`newswatch.dedup.fingerprints` of ``body``) with ``edition`` (:func:`edition` of the page,
    without its keys; the body's part taken from ``fp["edition"]`` when the fingerprints have it) and the keys added
    to its indexed ``bands``; ``page``: :func:`edition`'s keywords."""
    if not isinstance(fp, dict):
        return fp
    found = edition(body, **page, known=fp.get("edition"))
    # a short flash's key needs the outlet, known here (newswatch.dedup._flash)
    keys = [*found.pop("keys"), *flash_keys(fp, found.get("outlet") or "")]
    bands = [b for b in fp.get("bands") or () if isinstance(b, str) and not b.startswith(("fa", "fb", "fc", "fd"))]
    return {**fp, "edition": found, "bands": [*bands, *keys]}


def same_article(a: dict | None, b: dict | None) -> bool:
    """Two pages with one outlet's article id in their URLs (``edition`` values) whose signatures agree on at least
    ``ARTICLE_MIN_SHARED`` of the smaller one's tokens: one article (an id reused for something else, or mistyped in
    a link, shares few names and figures)."""
    if not isinstance(a, dict) or not isinstance(b, dict) or not a.get("article") or a["article"] != b.get("article"):
        return False
    sig_a, sig_b = a.get("signature") or [], b.get("signature") or []
    small = min(len(sig_a), len(sig_b))
    return small > 0 and len(set(sig_a).intersection(sig_b)) >= ARTICLE_MIN_SHARED * small


def languages_differ(a: dict | None, b: dict | None) -> bool:
    """Both editions' languages known, and different ("latin" and "en" count as one)."""
    la, lb = ((e or {}).get("lang") or "" for e in (a, b))
    if not la or not lb:
        return False
    la, lb = ("en" if la == "latin" else la), ("en" if lb == "latin" else lb)
    return la != lb


def is_translation(a: dict | None, key_a: str, b: dict | None, key_b: str) -> float:
    """How surely two pages are one outlet's editions of one article in two languages: 1.0 by hreflang, the
    signature's containment otherwise; 0.0 when not (``edition`` values, ``key_*`` their url_keys)."""
    if not isinstance(a, dict) or not isinstance(b, dict) or not languages_differ(a, b):
        return 0.0
    alts_a, alts_b = a.get("alternates") or {}, b.get("alternates") or {}
    lang_a, lang_b = _language(a.get("language")), _language(b.get("language"))
    if key_b in alts_a.values() or key_a in alts_b.values():
        return 1.0
    # hreflang naming another page for the other's language: that one is the translation, not this
    if lang_b in alts_a or lang_a in alts_b:
        return 0.0
    # one article id of one outlet (pravda.com.ua/news/.../7541201/ and /rus/news/.../7541201/)
    if same_article(a, b):
        return 1.0
    if not a.get("outlet") or a.get("outlet") != b.get("outlet"):
        return 0.0
    pa, pb = a.get("published"), b.get("published")
    if not isinstance(pa, int) or not isinstance(pb, int) or abs(pa - pb) > WINDOW_MINUTES:
        return 0.0
    sig_a, sig_b = a.get("signature") or [], b.get("signature") or []
    if not sig_a or not sig_b:
        return 0.0
    common = set(sig_a).intersection(sig_b)
    shared = len(common)
    small, large = sorted((len(sig_a), len(sig_b)))
    if shared < MIN_SHARED or shared < MIN_CONTAINED * small or shared < MIN_COVERED * large:
        return 0.0
    # A translation tells the story in its order; the outlet's other story of the event names the same people,
    # places and figures in another
    where = {token: i for i, token in enumerate(sig_b)}
    in_order = _longest_increasing([where[token] for token in sig_a if token in common])
    if in_order < MIN_IN_ORDER * shared:
        return 0.0
    return shared / small


def _longest_increasing(values: list[int]) -> int:
    tails: list[int] = []
    for value in values:
        at = bisect.bisect_left(tails, value)
        tails[at:at + 1] = [value]
    return len(tails)



