"""Text encoded twice: UTF-8 bytes read as windows-1251 (or windows-1252) and saved again as UTF-8, so each letter
of «Україна» became two, «РЈРєСЂР°С—РЅР°» (or «Ð£ÐºÑ€Ð°Ñ—Ð½Ð°»). A CMS whose database connection or export
assumed the wrong charset writes whole pages so; the bytes are valid UTF-8, so no charset label or detector can
tell. Only the letters can: such a run reads back as UTF-8 through the codec that made it, and what it reads as is
ordinary text, which real words almost never do.

Pure: text in, text out; the one warning (``double encoded: ...``) is the crawl's count
(``article/charset_corrected/double_encoded``).
"""

from __future__ import annotations

import logging
import re
from functools import cache

logger = logging.getLogger("newswatch.extract")

#: The codecs a UTF-8 text is wrongly read through: the Cyrillic sites' Windows codepage and the Western one
#: (a Latin-1 database under an English or a Ukrainian site).
_CODECS = ("cp1251", "cp1252")
#: A page is repaired only when this many runs are sure signs: read back as a word of two letters or more, or written
#: with a sign no word holds («â€”» for «—», «Ã©» for «é»); a real word that happens to read back («Гі» twice
#: encoded is «ó») is never touched on a page that is not double-encoded.
_MIN_SURE_RUNS = 3
#: What text read back may hold: letters of the Cyrillic and Latin alphabets the outlets write, and the punctuation
#: and signs their texts use. Anything else (Old Church Slavonic «ѳ» from a real «Сі», «³» from a real «Ві», Arabic
#: presentation forms) means the run was real text.
_PLAIN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u0401-\u045f\u0490\u0491"
                    "\u00a0\u00a7\u00a9\u00ab\u00ae\u00b0\u00b7\u00bb\u2010-\u2026\u2030\u2039\u203a\u20ac\u2116\u2122]+")
_WORD = re.compile(r"[^\W\d_]{2}")
#: A sign real text never puts right after a letter; quotes and dashes it does («В» read back is »).
_ODD_SIGN = re.compile("[^\\w\\s\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2026\u2116]")
#: A letter outside ASCII: a run beside one is part of a real word (ASCII letters are the same however often the text
#: was encoded: «CafÃ©» is «Café»).
_LETTER_EDGE = "[^\\W\\d_a-zA-Z]"


@cache
def _codec_tables(codec: str) -> tuple[dict[str, int], re.Pattern]:
    """``codec``'s high half as char -> byte (a byte it leaves undefined is the C1 control of the same value, as
    WHATWG decoders give it) and the pattern of a run of UTF-8 sequences read through it, letters on neither side."""
    table = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            char = chr(byte)
        table[char] = byte

    def chars(low: int, high: int) -> str:
        return "".join(re.escape(c) for c, b in table.items() if low <= b <= high)

    lead2, lead3, cont = chars(0xC2, 0xDF), chars(0xE0, 0xEF), chars(0x80, 0xBF)
    # A run starts with a lead byte's character, so the pattern starts with their set: the regex engine then skips
    # to the next one in C (a 490 KB page with one «Ã»: 70 ms -> 8 ms) instead of trying the "no letter before"
    # lookbehind at every position. That lookbehind is checked just after the lead character instead (``E.``),
    # and the first sequence's length told by which set its lead came from: the runs of
    # (?<!E)(?:[lead2][cont]|[lead3][cont]{2})+(?!E), the same ones (tests/test_perf17.py).
    run = re.compile(f"[{lead2}{lead3}](?<!{_LETTER_EDGE}(?s:.))(?:(?<=[{lead2}])[{cont}]|(?<=[{lead3}])[{cont}]{{2}})"
                     f"(?:[{lead2}][{cont}]|[{lead3}][{cont}]{{2}})*(?!{_LETTER_EDGE})")
    return table, run


#: What a double-encoded page cannot lack, as single characters a page is searched for in microseconds: «а» and «е»,
#: the commonest Cyrillic letters, read through windows-1251 end in «°» and «µ» («Р°», «Рµ»); every Cyrillic letter
#: read through windows-1252 starts with «Ð» or «Ñ», every accented Latin letter with «Ã», a dash or a curly quote
#: with «â€». A page without any of them is not searched further.
_SIGNS = ("°", "µ", "Ð", "Ñ", "Ã", "â€")


def _read_back(run: str, table: dict[str, int]) -> str | None:
    try:
        text = bytes(table[c] for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None
    return text if _PLAIN.fullmatch(text) else None


def undouble_utf8(text: str) -> str:
    """``text`` with its runs of twice-encoded UTF-8 read back (see the module), when the page holds enough of them
    to be sure; else ``text`` unchanged."""
    if text.isascii() or not any(sign in text for sign in _SIGNS):
        return text
    for codec in _CODECS:
        table, run_re = _codec_tables(codec)
        repairs = []
        for match in run_re.finditer(text):
            plain = _read_back(match.group(), table)
            if plain is not None:
                repairs.append((match.start(), match.end(), plain))
        sure = sum(1 for start, end, plain in repairs if _WORD.search(plain) or _ODD_SIGN.search(text, start, end))
        if sure < _MIN_SURE_RUNS:
            continue
        parts, last = [], 0
        for start, end, plain in repairs:
            parts += [text[last:start], plain]
            last = end
        example = text[repairs[0][0]:repairs[0][1]][:24]
        logger.warning("double encoded: the page's text is UTF-8 read as %s and encoded as UTF-8 again (%r); %d "
                       "run(s) read back", codec.replace("cp", "windows-"), example, len(repairs))
        return "".join(parts) + text[last:]
    return text
