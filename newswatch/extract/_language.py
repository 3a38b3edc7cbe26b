"""Language of a text when the page does not declare one (or declares the wrong script).

Cyrillic is decided by letters first, because statistical models confuse Ukrainian, Russian and
Belarusian on short texts: і/ї/є/ґ mean Ukrainian, ў Belarusian, ы/э/ъ/ё Russian; Cyrillic letters none of
the three has (Kazakh қ/ә/ұ, Kyrgyz ң/ө/ү...) send the text to the model, which tells those languages apart.
Everything else goes to py3langid (a modernized langid.py; the model ships inside the package, classification
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
# Ukrainian letters Belarusian lacks (both write і): a Belarusian text has more ў than these, a Ukrainian one none.
_UK_ONLY_RE = re.compile(r"[їєґЇЄҐ]+")
# Cyrillic Extended letters (U+0492-U+04FF) but Ukrainian ґ: Kazakh, Kyrgyz, Tatar, Bashkir, Tajik, Mongolian...
_OTHER_CYRILLIC_RE = re.compile(r"[\u0492-\u04ff]+")
_RU_RE = re.compile(r"[ыэъёЫЭЪЁ]+")
# Basic Latin letters, Latin-1 Supplement to Latin Extended-B (U+00C0-U+024F, symbols included) and the Kelvin
# sign, whose lower case is "k": exactly the characters a per-character ``"a" <= ch.lower() <= "z"`` test accepts.
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\u212a]+")
_SAMPLE_CHARS = 3000
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.6
# Shares of the letters that make a text Belarusian (ў: ~1.5% of Belarusian letters) or another Cyrillic language
# (Kazakh's own letters: ~8%), well above a quoted name or sentence in a Russian or Ukrainian story.
_MIN_BE_SHARE = 0.005
_MIN_OTHER_CYRILLIC_SHARE = 0.02

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
    except OSError as exc:  # the model's temporary copy refused (a file-size limit, a full disk): one line says so
        logging.getLogger(__name__).warning("py3langid unavailable (%s: %s); language detection by script only",
                                            type(exc).__name__, exc)
        return None
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
            if _share(_OTHER_CYRILLIC_RE, sample, letters) >= _MIN_OTHER_CYRILLIC_SHARE:
                code = _classify(sample)  # extract_meta8 kk_lang_ru_template: Kazakh's і made it "uk"
                if code in _CYRILLIC_LANGUAGES:
                    return code
            uk, be, ru = (_count(p, sample) for p in (_UK_RE, _BE_RE, _RU_RE))
            # Belarusian writes і as Ukrainian does, and more of it than ў (extract_meta8 be_no_lang)
            if be and be > _count(_UK_ONLY_RE, sample) and be >= _MIN_BE_SHARE * letters:
                return "be"
            if uk and ru:  # a story quoting speakers of the other language: its narration's letters decide
                # (a Russian report on Kherson opening on «Ми нікуди не поїдемо», Zelensky quoted in Ukrainian)
                narration = _QUOTED_RE.sub(" ", sample)
                if _count(_LETTER_RE, narration) >= _MIN_LETTERS:
                    own = _count(_UK_RE, narration), _count(_RU_RE, narration)
                    if own[0] != own[1]:
                        uk, ru = own
            if uk > ru:
                return "uk"
            if ru:
                return "ru"
        for pattern, code in _SCRIPT_LANGUAGES:
            if _share(pattern, sample, letters) > 0.5:
                return code
        return _classify(sample)
    except Exception:
        return None


def _classify(sample: str) -> str | None:
    identifier = _identifier()
    if identifier is None:
        return None
    code, probability = identifier.classify(sample)
    return code if probability >= _MIN_PROBABILITY else None


_UK_OVER_RU = 6
# a quotation in the guillemets or curly quotes Ukrainian and Russian texts use
_QUOTED_RE = re.compile(r"«[^«»]{1,600}»|“[^“”]{1,600}”|„[^„“”]{1,600}[“”]")
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})
_LATIN_LANGUAGES = frozenset(
    {"en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "bs", "ro", "hu", "fi", "et", "lv",
     "lt", "sv", "da", "no", "nb", "nn", "is", "ga", "cy", "eu", "ca", "gl", "tr", "az", "uz", "id", "ms", "vi", "sq"}
)


def reconcile_language(declared: str | None, text: str | None) -> str | None:
    """The page's declared language unless its own text plainly contradicts it.

    Templates often keep ``<html lang="en">`` on Ukrainian or Russian stories (and ``ru`` on
    Ukrainian, Belarusian or Kazakh ones): a declared Latin-script language over Cyrillic text, a
    Cyrillic one over Latin text, ``ru``/``uk`` over text whose letters say the other, or over a
    Belarusian or Kazakh text, gives way to the guess. A Ukrainian story quoting Russian speakers is
    still Ukrainian: its Ukrainian letters outnumber the Russian ones many times over.
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
        guess = guess_language(text)
        if guess in _CYRILLIC_LANGUAGES and guess not in ("ru", "uk"):  # be, kk: extract_meta8
            return guess
        sample = text[:_SAMPLE_CHARS]
        uk, ru = _count(_UK_RE, sample), _count(_RU_RE, sample)
        # A story's language is its narration's: the people it quotes may speak the other one (residents quoted in
        # Russian and surzhyk in a Ukrainian report: extract_meta8 uk_surzhyk_quotes_lang_ru, h_uk_lang_ru_russian_
        # quotes). і/ї/є are ~7% of Ukrainian letters, ы/э/ъ/ё ~2% of Russian ones: six times as many outside the
        # quotes is a narration at least two-thirds Ukrainian.
        # and a Russian story under a Ukrainian template's lang (og:locale uk_UA) may quote a Ukrainian mayor: its
        # narration has no Ukrainian letter (extract_meta16 h_ru_strana_oglocale_uk_relative_hours_org_author)
        if (declared == "ru" and uk >= 5 and uk < _UK_OVER_RU * ru) or (declared == "uk" and ru >= 5 and uk):
            narration = _QUOTED_RE.sub(" ", sample)
            if _count(_LETTER_RE, narration) * 2 >= _count(_LETTER_RE, sample):
                uk, ru = _count(_UK_RE, narration), _count(_RU_RE, narration)
        if declared == "ru" and uk >= 5 and uk >= _UK_OVER_RU * ru:
            return "uk"
        if declared == "uk" and ru >= 5 and uk == 0:
            return "ru"
    return declared


def edition_agrees(code: str, text: str | None) -> bool:
    """Whether ``text`` (a title and summary) can be in the language ``code`` that a URL's edition path gives
    ("/ru/", "/eng/"): its script, and for Russian and Ukrainian no letter only the other one has."""
    script = script_of(text or "")
    if code in _CYRILLIC_LANGUAGES:
        sample = (text or "")[:_SAMPLE_CHARS]
        return script == "cyrillic" and not (code == "ru" and _UK_RE.search(sample)) \
            and not (code == "uk" and _RU_RE.search(sample))
    return code in _LATIN_LANGUAGES and script == "latin"
