"""Language of a text when the page does not declare one (or declares the wrong script).

Cyrillic is decided by letters first, because statistical models confuse Ukrainian, Russian and
Belarusian on short texts: і/ї/є/ґ mean Ukrainian, ў Belarusian, ы/э/ъ/ё Russian. Everything else
goes to py3langid (a modernized langid.py; the model ships inside the package, classification
takes well under a millisecond once loaded).
"""

from __future__ import annotations

import functools
import logging
import re

# Runs of characters, counted by their total length: a list of a few hundred words instead of one string per
# letter of a 3,000-character sample.
_LETTER_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]+")
_UK_RE = re.compile(r"[іїєґІЇЄҐ]+")
_BE_RE = re.compile(r"[ўЎ]+")
_RU_RE = re.compile(r"[ыэъёЫЭЪЁ]+")
# Basic Latin letters, Latin-1 Supplement to Latin Extended-B (U+00C0-U+024F, symbols included) and the Kelvin
# sign, whose lower case is "k": exactly the characters a per-character ``"a" <= ch.lower() <= "z"`` test accepts.
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\u212a]+")
_SAMPLE_CHARS = 3000
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.6

# Scripts that settle the question on their own (letter share above one half).
_SCRIPT_LANGUAGES = (
    (re.compile(r"[\u0590-\u05ff]+"), "he"),
    (re.compile(r"[\u0370-\u03ff]+"), "el"),
    (re.compile(r"[\u10a0-\u10ff]+"), "ka"),
    (re.compile(r"[\u0530-\u058f]+"), "hy"),
    (re.compile(r"[\u3040-\u30ff]+"), "ja"),
    (re.compile(r"[\uac00-\ud7af]+"), "ko"),
)


@functools.lru_cache(maxsize=1)
def _identifier():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except Exception:  # missing or incompatible: only the script rules answer (logged once, cached)
        logging.getLogger(__name__).warning("py3langid unavailable; language detection by script only", exc_info=True)
        return None


def _count(pattern: re.Pattern, text: str) -> int:
    """How many characters of ``text`` the character class ``pattern`` (a run: ``[...]+``) matches."""
    return sum(map(len, pattern.findall(text)))


def _share(pattern: re.Pattern, text: str, letters: int) -> float:
    return _count(pattern, text) / letters


def script_of(text: str) -> str | None:
    """``"cyrillic"``, ``"latin"`` or ``None`` (too little text, or another script)."""
    sample = text[:_SAMPLE_CHARS]
    letters = _count(_LETTER_RE, sample)
    if letters < _MIN_LETTERS:
        return None
    cyrillic = _share(_CYRILLIC_RE, sample, letters)
    if cyrillic > 0.5:
        return "cyrillic"
    latin = _share(_LATIN_RE, sample, letters)
    return "latin" if latin > 0.5 else None


def guess_language(text: str | None) -> str | None:
    """ISO 639-1 code of ``text``, or ``None`` when it is too short or the guess is unsure."""
    if not text:
        return None
    try:
        sample = text[:_SAMPLE_CHARS]
        letters = _count(_LETTER_RE, sample)
        if letters < _MIN_LETTERS:
            return None
        if _share(_CYRILLIC_RE, sample, letters) > 0.5:
            uk, be, ru = (_count(p, sample) for p in (_UK_RE, _BE_RE, _RU_RE))
            if be and be >= uk:
                return "be"
            if uk > ru:
                return "uk"
            if ru:
                return "ru"
        for pattern, code in _SCRIPT_LANGUAGES:
            if _share(pattern, sample, letters) > 0.5:
                return code
        identifier = _identifier()
        if identifier is None:
            return None
        code, probability = identifier.classify(sample)
        return code if probability >= _MIN_PROBABILITY else None
    except Exception:
        return None


_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})
_LATIN_LANGUAGES = frozenset(
    {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "bs", "ro", "hu", "fi", "et", "lv",
     "lt", "sv", "da", "no", "nb", "nn", "is", "ga", "cy", "eu", "ca", "gl", "tr", "az", "uz", "id", "ms", "vi", "sq"}
)


def reconcile_language(declared: str | None, text: str | None) -> str | None:
    """The page's declared language unless its own text plainly contradicts it.

    Templates often keep ``<html lang="en">`` on Ukrainian or Russian stories (and ``ru`` on
    Ukrainian ones): a declared Latin-script language over Cyrillic text, a Cyrillic one over
    Latin text, or ``ru``/``uk`` over text whose letters say the other, gives way to the guess.
    """
    if not text:
        return declared
    script = script_of(text)
    if declared is None:
        return guess_language(text)
    if (script == "cyrillic" and declared in _LATIN_LANGUAGES) or (
        script == "latin" and declared in _CYRILLIC_LANGUAGES
    ):
        return guess_language(text) or declared
    if script == "cyrillic" and declared in ("ru", "uk"):
        sample = text[:_SAMPLE_CHARS]
        uk, ru = _count(_UK_RE, sample), _count(_RU_RE, sample)
        if declared == "ru" and uk >= 5 and ru == 0:
            return "uk"
        if declared == "uk" and ru >= 5 and uk == 0:
            return "ru"
    return declared
