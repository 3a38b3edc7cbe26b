"""``--text`` / ``--exclude``: the words and "phrases" an analyst types, folded and stemmed, as an FTS5 MATCH
expression (SQLite) or a ``$search`` string (MongoDB).

Pure. The folding rules are data (``search_forms.yaml``): ё/е and the apostrophes are folded on both sides;
an unquoted word long enough becomes a prefix of its stem (Харкові -> ``харк*``), so the inflected forms of
Ukrainian, Russian and English words match; a quoted "phrase" matches its words in order, as written. MongoDB's
text index has no Ukrainian stemmer and no prefix search (``default_language: none``): there each word matches
as written, phrases as phrases, and excluded words with ``-word``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


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
def _variant_stems() -> dict[str, tuple[str, ...]]:
    """stem -> the match of every spelling of that name (``variants`` in search_forms.yaml): a prefix of its stem
    (``харк*``), or a short name as written (``"нато"``: a prefix would find натовп, a crowd)."""
    groups = {}
    for group in _forms().get("variants") or []:
        names = [fold(str(name)).lower() for name in group]
        matches = tuple(dict.fromkeys(
            f'"{stem(n)}"*' if len(n) >= _forms()["prefix_min_letters"] else f'"{n}"' for n in names))
        for name in names:
            groups[stem(name)] = groups[name] = matches
    return groups


def _fts_term(term: Term) -> str:
    quoted = '"' + " ".join(t.replace('"', '""') for t in term.tokens) + '"' + ("*" if term.prefix else "")
    if len(term.tokens) != 1 or not term.forms:
        return quoted
    spellings = list(_variant_stems().get(term.tokens[0], ()))
    if term.prefix and _CYRILLIC.search(term.tokens[0]):  # a name in Latin letters (Терехов: Terekhov)
        spellings += [quoted, '"' + to_latin(term.tokens[0]).replace('"', '""') + '"*']
    spellings = list(dict.fromkeys(spellings))
    if not spellings:
        return quoted
    return "(" + " OR ".join(spellings) + ")"


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


def mongo_search(terms: list[Term], excluded: list[Term]) -> str:
    """``$search``: every term quoted (quoted strings are ANDed; bare words would be ORed), exclusions ``-"..."``.
    A lone word stays bare (the same match, and MongoDB scores it alike)."""
    if len(terms) == 1 and len(terms[0].written) == 1 and not excluded:
        return terms[0].written[0]
    return " ".join([*(f'"{" ".join(t.written)}"' for t in terms), *(f'-"{" ".join(t.written)}"' for t in excluded)])
