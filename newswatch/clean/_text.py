"""Level 2: drop banner paragraphs from extracted text, by the phrase rules in ``rules/*.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newswatch.clean._literals import build_automaton
from newswatch.clean._report import CleaningReport
from newswatch.clean._rules import (
    REMEMBER_CHARS,
    REMEMBER_LINES,
    BylineFurniture,
    CallToAction,
    TextRuleSet,
    forget_oldest,
    language_rules,
    line_matcher,
    masked_quotes,
    normalise,
    quotations,
    rule_sets_for,
    site_text_rules,
    strip_edges,
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\r]*\n")
# a sentence's closing mark, closing quotes after it or not (…рекорд., «…кінця!», "…in Vilnius."); a quote closing
# straight after a word closes a quoted name, as headlines end («…сотрудника «Белавиа»»), not a sentence
_SENTENCE_END = re.compile(r"[.!?:;…)。！？」][\"'»”]*$")
_HEADLINE_MAX_WORDS = 20  # a line after a "Read also" label is another story's headline only up to this length
_SPAN_START_MAX_WORDS = 20  # a span's start line (a label, a heading, a salutation) is never longer
_SIGNATURE_MAX_WORDS = 8  # a letter's signature ("Ірина Батуревич, головна редакторка «Читомо»") is a few words
_ANSWER_MAX_WORDS = 6  # a poll's answer ("Так", "Важко сказати", "Yes, more troops") is a few words
_HEADLINE_TAIL_WORDS = 10  # a headline's second part ("X. What users should do") is never longer
_PUNCTUATION = "\"'.,:;!?()[]{}«»…*/|·•-"
_MAX_CHARS = 2_000_000  # far beyond any article; a runaway extraction is cut rather than scanned for minutes


@dataclass(slots=True)
class _Line:
    paragraph: int
    text: str
    norm: str
    bare: str
    words: int
    rule: str | None = None


# (norm, bare, words) of the short lines seen on earlier pages (see ``LineMatcher.remembered_match``)
_NORMALISED: dict[str, tuple[str, str, int]] = {}


def _normalised(line: str) -> tuple[str, str, int]:
    """The line's normalised form, that form without edge punctuation, and its number of words."""
    found = _NORMALISED.get(line) if len(line) <= REMEMBER_CHARS else None
    if found is None:
        norm = normalise(line)
        # normalise joins the words by single spaces: counting them needs no list of them
        found = (norm, strip_edges(norm), norm.count(" ") + 1 if norm else 0)
        if len(line) <= REMEMBER_CHARS:
            _NORMALISED[line] = found
            if len(_NORMALISED) > REMEMBER_LINES:
                forget_oldest(_NORMALISED)
    return found


def _split(text: str) -> list[_Line]:
    lines = []
    for index, paragraph in enumerate(_PARAGRAPH_BREAK.split(text)):
        for raw in paragraph.split("\n"):
            stripped = raw.strip()
            if stripped:
                lines.append(_Line(index, stripped, *_normalised(stripped)))
    return lines


def _apply_spans(lines: list[_Line], rule_sets: list[TextRuleSet]) -> list[tuple[int, str]]:
    """Mark start..end spans; return the starts left without an end (index, span name).

    A span starts on a label or a heading ("Dear readers,", "Читайте також", "Автор: ..."), never on a story
    paragraph: only lines of at most ``_SPAN_START_MAX_WORDS`` words are tried, so each span's start regex is not
    run on every paragraph of the story."""
    open_starts = []
    candidates = [i for i, line in enumerate(lines) if line.words <= _SPAN_START_MAX_WORDS]
    if not candidates:
        return open_starts
    for rule_set in rule_sets:
        for span in rule_set.spans:
            resume = 0  # lines before this index belong to a span already marked
            for i in candidates:
                if i < resume or lines[i].rule is not None or not span.starts(lines[i].bare):
                    continue
                if span.headlines:
                    resume = _take_headlines(lines, i, span.name, span.headlines) + 1
                    continue
                if span.answers:
                    resume = _take_answers(lines, i, span.name, span.answers) + 1
                    continue
                if span.entries:
                    resume = _take_entries(lines, i, span.name, span.entries) + 1
                    continue
                end = next(
                    (j for j in range(i + 1, min(len(lines), i + span.max_lines + 1))
                     if lines[j].words <= span.end_max_words
                     and any(p.search(lines[j].bare) for p in span.end)),
                    None,
                )
                if end is not None and span.trail:
                    end = _trail(lines, end, span, i + span.max_lines)
                if end is not None and span.requires and not any(
                        p.search(line.norm) for line in lines[i:end + 1] for p in span.requires):
                    end = None
                if end is not None:
                    for line in lines[i:end + 1]:
                        line.rule = line.rule or span.name
                    resume = end + 1
                else:
                    open_starts.append((i, span.name))
    return open_starts


def _trail(lines: list[_Line], end: int, span, last: int) -> int:
    """The last line of a span that goes on past its ``end``: through further end lines, and through a short line with
    no sentence end (a signature, "Márta Kovács", «Главный редактор Ирина Соколова») when an end line follows it;
    never past index ``last``."""

    def ends(j: int) -> bool:
        return j <= last and j < len(lines) and lines[j].words <= span.end_max_words \
            and any(p.search(lines[j].bare) for p in span.end)

    j = end + 1
    while j <= last and j < len(lines):
        if ends(j):
            end = j
        elif lines[j].words <= _SIGNATURE_MAX_WORDS and lines[j].text[-1] not in ".!?…" and ends(j + 1):
            end = j + 1
        else:
            break
        j = end + 1
    return end


def _take_headlines(lines: list[_Line], start: int, name: str, limit: int) -> int:
    """A bare label ("Further reading", «Читайте також») and the headlines listed under it: short lines that do
    not end a sentence (a story's paragraph does). Returns the index of the last line taken."""
    lines[start].rule = name
    last = start
    for line in lines[start + 1:start + 1 + limit]:
        if line.rule is not None or line.words > _HEADLINE_MAX_WORDS or _SENTENCE_END.search(line.text):
            break
        line.rule = name
        last += 1
    return last


def _take_answers(lines: list[_Line], start: int, name: str, limit: int) -> int:
    """A bare poll label, the question under it and the answers listed under that: a short line ending in "?", then
    at least two lines of a few words that end no sentence (a story's paragraph under a heading does). Nothing is
    taken otherwise. Returns the index of the last line taken (``start`` when none)."""
    question = start + 1
    if question >= len(lines) or lines[question].rule is not None \
            or lines[question].words > _HEADLINE_MAX_WORDS or not lines[question].text.endswith("?"):
        return start
    last = question
    for line in lines[question + 1:question + 1 + limit]:
        if line.rule is not None or line.words > _ANSWER_MAX_WORDS or _SENTENCE_END.search(line.text):
            break
        last += 1
    if last - question < 2:
        return start
    for line in lines[start:last + 1]:
        line.rule = name
    return last


def _take_entries(lines: list[_Line], start: int, name: str, limit: int) -> int:
    """A bare "Contents" label and the entries listed under it: short lines each of which comes again further down
    as a line of its own (the subheading it links to). Nothing is taken unless two entries are: a label over a single
    repeated line is no table of contents. Returns the index of the last line taken (``start`` when none)."""
    last = start
    for j in range(start + 1, min(len(lines), start + 1 + limit)):
        line = lines[j]
        if line.rule is not None or line.words > _HEADLINE_MAX_WORDS \
                or not any(later.norm == line.norm for later in lines[j + 1:]):
            break
        last = j
    if last - start < 2:
        return start
    for line in lines[start:last + 1]:
        line.rule = name
    return last


def _apply_closing(lines: list[_Line], rule_sets: list[TextRuleSet], listed: frozenset[int]) -> None:
    """Lines that are furniture only where they close the story (an author's bio in its last lines); never a line of
    the ``listed`` names."""
    for closing in (closing for rule_set in rule_sets for closing in rule_set.closing):
        if len(_edge(lines, 2)) < 2:
            continue  # the body's only line left is the story, or all furniture: never cut down to nothing
        # the first max_from_start and last max_from_end lines left, found from each end (no walk of the whole body)
        first = _edge(lines, closing.max_from_start)
        for line in (*first, *(line for line in _edge(reversed(lines), closing.max_from_end) if line not in first)):
            if line.words <= closing.max_words and id(line) not in listed \
                    and any(p.search(line.text) for p in closing.patterns) \
                    and not any(p.search(line.norm) for p in closing.guard):
                line.rule = closing.name


def _edge(lines, count: int) -> list[_Line]:
    """The first ``count`` lines of ``lines`` that no rule has taken."""
    edge = []
    if count:
        for line in lines:
            if line.rule is None:
                edge.append(line)
                if len(edge) == count:
                    break
    return edge


_PLANS: dict[tuple[int, ...], tuple] = {}


def _cta_plan(ctas: tuple[CallToAction, ...]) -> tuple | None:
    """(prefilter, channel patterns, platform beginnings, tail lines, max words) for these rule sets' plugs, None
    when none has outlet words. Kept by the rule objects' ids (they live as long as the process: ``language_rules``
    caches them), not their hash, which would walk every pattern on each page."""
    key = tuple(id(cta) for cta in ctas)
    if key not in _PLANS:
        if len(_PLANS) > 64:
            _PLANS.clear()
        prefilter = _build_prefilter(ctas)
        plan = None if prefilter is None else (
            prefilter, tuple(p for cta in ctas for p in cta.channel), tuple(p for cta in ctas for p in cta.platform),
            max(cta.max_from_end for cta in ctas), max(cta.max_words for cta in ctas))
        _PLANS[key] = (plan, ctas)  # the rules kept alive with their ids
    return _PLANS[key][0]


def _build_prefilter(ctas: tuple[CallToAction, ...]):
    """An Aho-Corasick automaton of every outlet word and platform beginning: a tail line holding none of them
    cannot be a plug, and is not split into words."""
    whole = {w for cta in ctas for w in cta.outlet}
    needles = {w: w in whole for cta in ctas for w in (*cta.outlet, *cta.platform)}
    if not whole:
        return None
    return build_automaton((needle, (len(needle), whole_word)) for needle, whole_word in needles.items())


def _holds_needle(automaton, norm: str) -> bool:
    """Whether ``norm`` holds an outlet word as a whole word ("us", not the "us" of "because") or a word starting
    with a platform's name."""
    for end, (length, whole_word) in automaton.iter(norm):
        start = end - length + 1
        if start and norm[start - 1].isalnum():
            continue
        if whole_word and end + 1 < len(norm) and norm[end + 1].isalnum():
            continue
        return True
    return False


def _apply_call_to_action(lines: list[_Line], rule_sets: list[TextRuleSet]) -> None:
    """The outlet's plugs among the body's last lines (see ``_rules.CallToAction``), by shape rather than wording.

    Channels (URLs, handles, e-mail addresses) and platforms come from every set that lists them (``common`` does),
    so each language only says how its outlet refers to itself and addresses the reader. A story's last lines
    rarely hold an outlet pronoun or a platform: those two tests go first, once per line for all languages."""
    ctas = tuple(s.call_to_action for s in rule_sets if s.call_to_action is not None)
    if not ctas:
        return
    plan = _cta_plan(ctas)
    if plan is None:
        return
    prefilter, channel, platform, tail, longest = plan
    candidates = []
    for line in reversed(lines):
        if len(candidates) == tail:
            break
        if line.rule is None:
            candidates.append(line)
    for line in candidates:
        norm = line.norm
        if line.words > longest or norm[:1] in "\"'-":  # a story paragraph; a quote or a dash opens direct speech
            continue
        if '"' in norm:
            # a sentence citing a plug («кнопки «Читайте нас у Google Новинах»») is judged by its own words
            quotes = quotations(norm)
            norm = masked_quotes(norm, quotes) if quotes else norm
        if not _holds_needle(prefilter, norm):
            continue
        words = frozenset(word.strip(_PUNCTUATION) for word in norm.split())
        has_channel = has_platform = None
        for cta in ctas:
            if not cta.outlet or line.words > cta.max_words:
                continue
            if not cta.outlet.isdisjoint(words):
                if has_channel is None:
                    has_channel = any(p.search(norm) for p in channel)
                plug = has_channel or not cta.reader.isdisjoint(words) or cta.imperative_in(norm, words)
            elif line.words <= cta.platform_max_words:
                if has_platform is None:
                    has_platform = any(word.startswith(platform) for word in words)
                plug = has_platform and cta.imperative_in(norm, words) and not any(p.search(norm) for p in cta.person)
            else:
                plug = False
            if plug and not any(p.search(norm) for p in cta.guard):
                line.rule = cta.name
                break


def _attach_headings(lines: list[_Line], open_starts: list[tuple[int, str]]) -> None:
    """A span start without its end ("Note from the author:") goes only when the line after it is a banner."""
    for index, name in open_starts:
        following = lines[index + 1] if index + 1 < len(lines) else None
        if lines[index].rule is None and following is not None and following.rule is not None:
            lines[index].rule = name


def _apply_line_rules(lines: list[_Line], outlet: TextRuleSet, shared: list[TextRuleSet]) -> None:
    """``outlet``'s rules first, then the ``shared`` sets' (the language's and ``common``: a few combinations in all,
    each with its :class:`LineMatcher` built once; the outlet's set is tried on its own, not in a matcher per outlet
    and language)."""
    match = line_matcher(shared).remembered_match
    own = outlet.match if outlet.rules else None
    for line in lines:
        if line.rule is None:
            rule = own(line.norm, line.bare, line.words) if own is not None else None
            if rule is None:
                rule = match(line.norm, line.bare, line.words)
            if rule is not None:
                line.rule = rule.name


def _apply_trailing_list(lines: list[_Line], rule_sets: list[TextRuleSet], listed: frozenset[int]) -> None:
    settings = [s for s in rule_sets if s.trailing_min_lines]
    if not settings:
        return
    min_lines, max_words, max_chars = (
        settings[0].trailing_min_lines, settings[0].trailing_max_words, settings[0].trailing_max_chars or 10**9
    )
    kept = [line for line in lines if line.rule is None]
    run = []
    for line in reversed(kept):
        if line.words > max_words or len(line.text) > max_chars or _SENTENCE_END.search(line.text):
            break
        run.append(line)
    if len(run) >= min_lines and not any(id(line) in listed for line in run):
        for line in run:
            line.rule = "common:trailing-list"


_LABELLED_LIST_MAX_WORDS = 12  # a name in a list of signatories (an organisation's, with its country) is no longer


def _names_list(lines: list[_Line], rule_sets: list[TextRuleSet]) -> frozenset[int]:
    """The ids of the lines closing the body under a label introducing names ("Signed by:", «Підписали:»): an open
    letter's signatories, which neither a tag list nor a byline at the edge takes. Read from the end, over name-length
    lines only, up to the first line ending in a colon."""
    label = next((s.trailing_names_label for s in rule_sets if s.trailing_names_label), ())
    if not label:
        return frozenset()
    listed = []
    for line in reversed(lines):
        if line.rule is not None:
            continue
        if line.text.rstrip().endswith(":"):
            return frozenset(listed) if listed and any(p.search(line.norm) for p in label) else frozenset()
        if line.words > _LABELLED_LIST_MAX_WORDS:
            break
        listed.append(id(line))
    return frozenset()


_BYLINE_RULE = "common:byline_authors"
_BYLINE_SEPARATORS = re.compile(r"[|,·•—–/;:()«»]|\s-+\s|^-+\s|\s-+$")
_QUOTES = re.compile("[\"“”„]")


@lru_cache(maxsize=256)
def _author_pattern(authors: tuple[str, ...]) -> re.Pattern | None:
    names = {" ".join(a.split()) for a in authors if isinstance(a, str) and 2 <= len(a.strip()) <= 80}
    names = [n for n in names if len(n.split()) <= 6]
    if not names:
        return None
    alternatives = (r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _is_byline(text: str, authors: re.Pattern, furniture: BylineFurniture) -> bool:
    """Whether ``text`` is one of the authors' names with only byline furniture around it: at most one outlet-like
    name (capitalised words) is left once the names, joiners, roles, dates and separators are taken out."""
    if _QUOTES.search(text) or text.rstrip().endswith(("?", "!")):
        return False
    rest, named = authors.subn(" | ", text)
    if not named:
        return False
    rest = furniture.furniture.sub(" | ", rest)
    segments = [s.strip(" .") for s in _BYLINE_SEPARATORS.split(rest)]
    segments = [s for s in segments if s.strip(_PUNCTUATION + " ")]
    if not segments:
        return True
    if len(segments) > 1:
        return False
    words = segments[0].split()
    return len(words) <= furniture.outlet_max_words and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _apply_byline_authors(lines: list[_Line], authors) -> None:
    """A short line made of the page's own author names and byline furniture only (see ``byline_authors`` in
    ``rules/common.yaml``); a sentence about an author has lower-case words left and stays."""
    if isinstance(authors, str):
        authors = (authors,)
    try:
        pattern = _author_pattern(tuple(a for a in authors or () if isinstance(a, str)))
    except TypeError:  # not a list of names: nothing to match
        return
    if pattern is None:
        return
    furniture = language_rules("common").byline
    if furniture is None:
        return
    for line in lines:
        if line.rule is None and line.words <= furniture.max_words and _is_byline(line.text, pattern, furniture):
            line.rule = _BYLINE_RULE
    _apply_header(lines)


# A byline among the body's first lines closes the page header the extractor kept above it (a short paywalled teaser
# makes it keep the whole topper: "War in Ukraine" / the standfirst / "Henry Foy in Brussels and Ben Hall in London").
# What stands above it there is the header's kicker and standfirst, headline-like: no closing full stop, question or
# quote; a lede above the byline ends as a sentence does and stays.
_HEADER_MAX_LINES = 3
_HEADER_MAX_WORDS = 30
_HEADER_RULE = "common:header"
_HEADER_END = (".", "!", "?", "…", ":", ";", '"', "'", "»", "”", ")")


_ORPHAN_MAX_WORDS = 6
_ORPHAN_RULE = "common:orphan_heading"


def _apply_orphan_heading(lines: list[_Line]) -> None:
    """The label of a box whose content went, left as the story's last line ("Why We Wrote This" over a support
    appeal): short and headline-like, after a line that ends as a sentence does (so never the last item of a
    list) and before removed lines only."""
    kept = [index for index, line in enumerate(lines) if line.rule is None]
    if len(kept) < 2 or kept[-1] == len(lines) - 1:
        return
    label, before = lines[kept[-1]], lines[kept[-2]]
    if (label.words <= _ORPHAN_MAX_WORDS and not label.text.rstrip().endswith(_HEADER_END)
            and before.text.rstrip().endswith((".", "!", "?", "…", '"', "»", "”"))):
        label.rule = _ORPHAN_RULE


def _apply_header(lines: list[_Line]) -> None:
    for index, line in enumerate(lines[:_HEADER_MAX_LINES + 1]):
        if line.rule != _BYLINE_RULE:
            continue
        above = [other for other in lines[:index] if other.rule is None]
        if all(other.words <= _HEADER_MAX_WORDS and not other.text.rstrip().endswith(_HEADER_END)
               for other in above):
            for other in above:
                other.rule = _HEADER_RULE
        return


def _extends_headline(norm: str, headline: str) -> bool:
    """The body's first line is the page's headline with its second part ("X. What users should do"), where the
    structured data's headline (the ``title`` given) is the shorter one: the headline (4+ words), a sentence break, at
    most ``_HEADLINE_TAIL_WORDS`` more words, and no full stop closing it (a lede opening with the headline's words
    goes on as a sentence)."""
    if headline.count(" ") < 3 or not norm.startswith(headline):
        return False
    rest = norm[len(headline):]
    if rest[:2] not in (". ", ": ", "? ", "! ") or norm.endswith("."):
        return False
    return rest[2:].count(" ") + 1 <= _HEADLINE_TAIL_WORDS


def clean_body(
    text: str | None,
    language: str | None = None,
    site_rules: dict | None = None,
    title: str | None = None,
    authors=None,
) -> tuple[str, CleaningReport]:
    """Drop banner lines from ``text``; return the cleaned text and what went, by rule.

    A line goes only when a rule matches it as a whole banner (see ``rules/en.yaml``); paragraph breaks
    (blank lines) and line breaks inside a paragraph are kept, each line stripped, empty paragraphs dropped.
    ``title``, when given, drops a paragraph that only repeats the headline, or a first line that is the headline
    with a short second part after a sentence break and no closing full stop; ``authors`` (the page's author names),
    a short byline line of those names and byline furniture only ("Greg Norman | Fox News", «Иван Петров, РБК»).
    """
    report = CleaningReport()
    if not isinstance(text, str) or not text.strip():
        return "", report
    text = text[:_MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    lines = _split(text)
    rule_sets = [site_text_rules(site_rules, language), *rule_sets_for(language)]

    if title and isinstance(title, str):
        headline = normalise(title)
        for line in lines:
            if line.norm == headline:
                line.rule = "title"
        if lines and lines[0].rule is None and _extends_headline(lines[0].norm, headline):
            lines[0].rule = "title"
    open_starts = _apply_spans(lines, rule_sets)
    _apply_line_rules(lines, rule_sets[0], rule_sets[1:])
    _attach_headings(lines, open_starts)
    if authors:  # after the spans: an "About Greg Norman" heading opens the bio span under it
        _apply_byline_authors(lines, authors)
    _apply_call_to_action(lines, rule_sets)
    listed = _names_list(lines, rule_sets)
    _apply_trailing_list(lines, rule_sets, listed)  # before a byline at the edge takes one of the list's short lines
    _apply_closing(lines, rule_sets, listed)  # after the plugs and lists: a bio may sit above them
    _apply_orphan_heading(lines)  # last: what hung under it is decided

    paragraphs: dict[int, list[str]] = {}
    for line in lines:
        if line.rule is None:
            paragraphs.setdefault(line.paragraph, []).append(line.text)
        else:
            report.add(line.rule, line.text, level="text")
    return "\n\n".join("\n".join(p) for p in paragraphs.values()), report
