"""``--text`` / ``--exclude``: the words and "phrases" an analyst types, folded and stemmed, as an FTS5 MATCH
expression (SQLite) or a ``$search`` string (MongoDB).

Pure. The folding rules are data (``search_forms.yaml``): ё/е and the apostrophes are folded on both sides;
an unquoted word long enough becomes a prefix of its stem (Харкові -> ``харк*``), so the inflected forms of
Ukrainian, Russian and English words match; a quoted "phrase" matches its words in order, as written.

MongoDB has no Ukrainian stemmer and no prefix search in its text index, so MongoStore stores what FTS5's prefix
query reads: :func:`search_stems` (every word of title and body and every prefix of it a stem could be), and a word
is searched there by the same :func:`stem` (:func:`mongo_words`); quoted phrases still go to the text index on
title/body, which matches them as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MARKS = re.compile(r"[\u0300-\u036f]")  # combining diacritics, once NFD has split them off
_COMPOUND = re.compile(r"\w+(?:'\w+)+", re.UNICODE)  # об'єкт, after fold(): also one word in search_stems


@dataclass(frozen=True)
class Term:
    """One word or phrase: its folded tokens, and whether the last one is a stem to match as a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    phrase: bool = False
    written: tuple[str, ...] = ()  # the tokens as typed (folded, not stemmed): MongoDB's text index matches these
    forms: bool = False  # other spellings of a name count (``variants``)


@cache
def _forms() -> dict:
    return yaml.safe_load((Path(__file__).with_name("search_forms.yaml")).read_text(encoding="utf-8"))


def fold(text: str) -> str:
    """``text`` with ё/е and the apostrophes folded (the same folding the SQLite text index applies)."""
    for source, target in _forms()["fold"].items():
        text = text.replace(source, target)
    return text


def fold_sql(expression: str) -> str:
    """A SQL expression applying :func:`fold` to ``expression`` (for the FTS5 index's content)."""
    for source, target in _forms()["fold"].items():
        quote = [value.replace("'", "''") for value in (source, target)]
        expression = f"replace({expression}, '{quote[0]}', '{quote[1]}')"
    return expression


def stem(word: str) -> str:
    """``word`` (lower case) less its longest inflectional ending that leaves enough letters."""
    forms = _forms()
    endings = forms["endings"]["cyrillic" if _CYRILLIC.search(word) else "latin"]
    for ending in sorted(endings, key=len, reverse=True):
        if word.endswith(ending) and len(word) - len(ending) >= forms["stem_min_letters"]:
            return word[: -len(ending)]
    return word


def parse_terms(text: str | None, forms: bool = True) -> list[Term]:
    """The terms of ``text``: "quoted phrases" and words (a word with an apostrophe is one term of two tokens,
    as the index splits it). ``forms=False``: every word matches only as written (no stem, no other spelling)."""
    terms = []
    for quoted, word in _TERM.findall(fold(text or "")):
        tokens = [t.lower() for t in _TOKEN.findall(quoted if quoted or not word else word)]
        if not tokens:
            continue
        written = tuple(tokens)
        if quoted or not forms:
            terms.append(Term(written, phrase=len(tokens) > 1, written=written))
        elif sum(len(t) for t in tokens) >= _forms()["prefix_min_letters"]:
            terms.append(Term((*tokens[:-1], stem(tokens[-1])), prefix=True, written=written, forms=True))
        else:
            terms.append(Term(written, written=written, forms=True))
    return terms


@cache
def _variant_stems() -> dict[str, tuple[tuple[str, bool], ...]]:
    """stem -> every spelling of that name (``variants`` in search_forms.yaml) as ``(text, prefix)``: a prefix of
    its stem (``харк*``), or a short name as written (``нато``: a prefix would find натовп, a crowd)."""
    groups = {}
    for group in _forms().get("variants") or []:
        names = [fold(str(name)).lower() for name in group]
        matches = tuple(dict.fromkeys(
            (stem(n), True) if len(n) >= _forms()["prefix_min_letters"] else (n, False) for n in names))
        for name in names:
            groups[stem(name)] = groups[name] = matches
    return groups


def _alternatives(term: Term) -> list[tuple[str, bool]]:
    """A one-word term's spellings as ``(text, prefix)``, itself included; empty when it has no other."""
    if len(term.tokens) != 1 or not term.forms:
        return []
    spellings = list(_variant_stems().get(term.tokens[0], ()))
    if term.prefix and _CYRILLIC.search(term.tokens[0]):  # a name in Latin letters (Терехов: Terekhov)
        spellings += [(term.tokens[0], True), (to_latin(term.tokens[0]), True)]
    return list(dict.fromkeys(spellings))


def _fts_term(term: Term) -> str:
    def quoted(text: str, prefix: bool) -> str:
        return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")

    spellings = _alternatives(term)
    if not spellings:
        return quoted(" ".join(term.tokens), term.prefix)
    return "(" + " OR ".join(quoted(*spelling) for spelling in spellings) + ")"


def fts_expression(terms: list[Term], *, any_of: bool = False) -> str:
    """FTS5 MATCH: every term (``any_of``: any term); each a quoted string, so no operator can sneak in; a name
    with other spellings is any of them."""
    return (" OR " if any_of else " AND ").join(_fts_term(term) for term in terms)


def to_latin(text: str) -> str:
    """``text`` folded, lower case, Cyrillic letters written in Latin (``latin`` in search_forms.yaml)."""
    table = _forms()["latin"]
    return "".join(table.get(ch, ch) for ch in fold(text).casefold())


def name_words(name: str) -> frozenset[str]:
    """The words of a person's name as :func:`to_latin` writes them, a forename as its group's first spelling
    (``forenames`` in search_forms.yaml): Олександр, Александр and Oleksandr are one word here."""
    forenames = _forename_keys()
    return frozenset(forenames.get(word, word) for word in to_latin(name).split())


@cache
def _forename_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for group in _forms()["forenames"]:
        spellings = [to_latin(spelling) for spelling in group]
        for spelling in spellings:
            if keys.setdefault(spelling, spellings[0]) != spellings[0]:
                raise ValueError(f"search_forms.yaml: forename {spelling!r} is in two groups")
    return keys


def fold_letters(text: str) -> str:
    """``text`` in lower case without diacritics (й as и, ї as і), as FTS5's ``remove_diacritics 2`` indexes it."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.lower()))


def search_stems(*texts: str | None) -> list[str]:
    """What MongoStore indexes for ``--text`` (the ``search_stems`` field): each distinct word of ``texts``,
    folded as the SQLite index folds it, as written (``харкові``), and every prefix of it of ``stem_min_letters``
    letters or more with a ``*`` (``харк*`` ... ``харкові*``), which is every stem :func:`stem` could cut from a
    word it starts. A word joined by an apostrophe (об'єкт) is also one word. Distinct, so a long page costs its
    vocabulary, not its length."""
    shortest = _forms()["stem_min_letters"]
    words: set[str] = set()
    for text in texts:
        if text:
            folded = fold_letters(fold(text))
            words.update(_TOKEN.findall(folded))
            words.update(_COMPOUND.findall(folded))
    entries = set(words)
    for word in words:
        entries.update([word[:end] + "*" for end in range(shortest, len(word) + 1)])
    return sorted(entries)


def mongo_words(term: Term) -> list[str] | None:
    """The ``search_stems`` values any of which matches a term (``харк*``, ``kharkiv*``, ``нато``), or None for a
    quoted phrase (the text index matches it as written)."""
    if term.phrase:
        return None
    spellings = _alternatives(term) or [("'".join(term.tokens), term.prefix)]
    shortest = _forms()["stem_min_letters"]
    # a transliterated stem losing a soft sign may come out shorter than any stored prefix: that spelling is left out
    return list(dict.fromkeys(fold_letters(text) + ("*" if prefix else "") for text, prefix in spellings
                              if not prefix or len(text) >= shortest)) or None


def mongo_search(terms: list[Term], excluded: list[Term]) -> str:
    """``$search``: every term quoted (quoted strings are ANDed; bare words would be ORed), exclusions ``-"..."``.
    A lone word stays bare (the same match, and MongoDB scores it alike)."""
    if len(terms) == 1 and len(terms[0].written) == 1 and not excluded:
        return terms[0].written[0]
    return " ".join([*(f'"{" ".join(t.written)}"' for t in terms), *(f'-"{" ".join(t.written)}"' for t in excluded)])
