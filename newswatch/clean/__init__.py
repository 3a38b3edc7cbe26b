"""Cleaning: remove paywall, donation, newsletter and other banner text from articles.

Pure functions, no Scrapy imports, no I/O besides this package's rule files. Two levels per page, and a memory across
pages (3, below):

1. :func:`clean_tree` (on the parsed HTML, before text extraction) removes elements in place: the outlet's
   CSS/XPath selectors, then generic class/id/``aria-*``/``data-*`` token patterns (``rules/html.yaml``),
   never removing the article container or anything holding most of the page's text.
2. :func:`clean_body` (on the extracted text, paragraphs separated by a blank line) drops lines that a phrase
   rule matches as a whole banner: ``rules/common.yaml`` + ``rules/<lang>.yaml`` (en, uk, ru; all of them when
   the language is unknown) + the outlet's phrases and spans.

Cost (``python -m bench.clean_cost``: CPU per page next to our own extraction, A/B against another version of
this package with every output compared): ``clean_tree`` walks the document once for the generic patterns and
the outlet's compound CSS selectors together; ``clean_body`` rules a line out with an Aho-Corasick pass over the
literals its rules' regexes must contain (``_literals.py``) before any regex is searched, skips that pass on a line of
more words than any contains rule takes, and tries the exact patterns that can only match a short line (regex width
<= 100 characters: labels, buttons) only on short lines.

:func:`detect_paywall` then decides ``paywalled``. Flow, per page::

    tree = parse_html(html); meta = extract_metadata(tree, url)
    html_report = clean_tree(tree, site_rules)
    body = extract_body(tree, url)
    body, text_report = clean_body(body, language, site_rules, title=meta.get("title"), authors=meta.get("authors"))
    report = html_report.merge(text_report)
    paywalled = detect_paywall(meta.get("paywalled_hint"), body, report)
    item["cleaning"] = report.to_dict()

In the crawl, ``newswatch.process.process_page`` runs the HTML level in the extraction workers and
``newswatch.pipelines.CleanPipeline`` the text level, the merge and the verdict. ``newswatch clean FILE`` shows
both for one saved page.

Rule names (the keys of ``cleaning["rules"]`` and of the ``newswatch/clean/removed/<rule>`` stats):
``generic:<category>`` (HTML token patterns: donation, newsletter, messenger, paywall, promo, related, share, advert,
cookie; ``generic:meter`` a paywall box that holds a metered wall's counter), ``site:remove`` / ``site:remove_xpath``
(the outlet's selectors), ``<lang>:<category>`` (text rules, by the category names in ``rules/<lang>.yaml``: donation,
payment, newsletter, messenger, byline, interface, tipline, opinion, editor_note, about, correction, copyright,
translation, promo, read_more, advertisement, cookie, paywall, disclaimer, footnote, credit, meter (a metered wall's
counter: "You have 2 free articles left", no paywall), ai_summary (the AI notice under a summary box, an AI summary's
label alone, or a note that the piece was made with AI's help), censorship (the outlet's war-time censorship
boilerplate: "we do not publish the places of strikes under martial law", a piece cleared with the military), access
(how to read the outlet past a block: a mirror, a VPN); en also app, podcast, house_ad,
affiliate; and ``cta`` — a CTA verb lexicon, imperatives and button
infinitives, opening the line or a sentence of it, with a channel or target lexicon, platforms, "our channel/chat",
newsletter, podcast, notifications, comments, a URL, on a line of at most 16 words —, ``prompt`` — the page's own
prompts: "What do you think?", "Be the first to know", notification buttons — and ``contact`` — a staff contact line
with an e-mail address; not every language has all of them), ``<lang>:<span name>`` (the language's multi-paragraph
``spans``; a span with ``headlines: N`` instead of an ``end`` takes a bare "Read also" label and up to N following
headline-like lines, short and not ending a sentence; ``poll``: a reader poll and its answer buttons;
``ai_summary``: an AI summary box, its label, bullets and the AI notice closing it; uk/ru ``cookie``: a cookie notice
and the buttons under it; en ``bio``: an
"About <Name>" heading and the bio under it), ``<lang>:bio`` (the language's ``closing`` rule: a contributor's bio, only
among the body's last lines, matched case-sensitively on the line as written; en, and the dash form «Ім'я Прізвище —
історик, …» in uk and ru), ``<lang>:call_to_action`` (the outlet's plug told by its shape, not its wording: among the
body's last 4 lines, a short line where the outlet speaks of itself — "us", "our", «нас», «наш…» — and addresses the
reader — "you", «ви/вы», a plural imperative — or gives a URL, @handle or e-mail; or an imperative sending the reader to
a platform or mailing list; never a line opening with a quote or dash, nor one the guard calls reported speech),
``common:<category>`` (symbols, caption, payment, media_time, player — a video embed's placeholder —, dateline,
byline_dateline — "Name — Thursday, 6 November 2025, 13:10" —, copyright — "©2025 X" —, rating — a newsletter's
emoji feedback row —, counter — a share, view or comment count alone on its line —, error_report, advertisement,
age_mark, channel_list — a line of nothing but platforms, URLs and handles, or an outlet's name and its channels, or
a topic list, a dash and a channel with its handle —, progress — a crowdfunding bar's text: an amount or count against a
goal, days left —, credit_line — «Текст: X. Фото: Y» —, link_arrow — a short line ending in a link's arrow —,
form_pointer — "Підписка — у формі нижче" —, edition — an edition switcher's link alone: "English version", «Версия на
украинском» —, tags, trailing-list (never the short lines under a label introducing names, "Signed by:": an open
letter's signatories), recurring — a line the outlet repeats under its stories, level 3 below), ``common:byline`` (a
bare name of 2-3 capitalised words as the body's first or last line left, never one opening on "The", "Why", "Our"…),
``common:tags`` (a colon-less "Tags …" row) and ``common:topics`` ("In: …", "More on: …") as the last line left, and
``common:credit`` («Джерело: X», «Источник: X», "Source: X" as the last line left; inside the story the same form is the
news's attribution and stays), ``site:phrase`` / ``site:<span name>`` (the outlet's text rules) and ``title`` (a line
repeating the headline).

``site_rules`` is the outlet's ``clean:`` mapping in ``newswatch/sources.yaml`` (:func:`site_rules_for` merges it
over the packaged ``sites/<source>.yaml``). Every key is optional::

    clean:
      remove: [".donate-banner", "aside.newsletter"]   # CSS selectors: always removed (rule "site:remove")
      remove_xpath: ["//div[@data-block='promo']"]      # XPath, same ("site:remove_xpath")
      keep: [".article-share-quote"]                    # CSS: elements generic patterns must never remove
      generic: true                                     # false switches the generic HTML patterns off
      paywall_markers: [".paywall-prompt"]              # CSS: present on the page => paywalled
      phrases:                                          # regexes searched in each (normalised) body line;
        en: ['^a message from the moscow times']        #   a matching line is dropped ("site:phrase");
        any: ['...']                                    #   keyed by language, "any" for every language
      spans:                                            # multi-paragraph banners, start line .. end line
                                                        #   (a start is a label line of at most 20 words)
        - {name: donation, start: ['...'], end: ['...'], max_lines: 16}

Patterns are matched against normalised text: case-folded, whitespace collapsed, quotes/dashes unified, ё->е
(:func:`newswatch.clean._rules.normalise`).

Reported speech is story: a line opening with a quotation («, ", “, „ or a dialogue dash; normalised to ``"`` and ``-``)
and closing with who said it («…», — говорит X; «…», — каже X; "…," said X; "…," X explained; "…," according to X) is
kept out of every ``contains`` rule of the line rules (``exact`` rules, whole-line labels and buttons, still take it).
Each language file says so in data, ``attribution: {opens: ['"', '-'], tail: [regex, ...]}``: the characters a
line's normalised text must open with, and patterns one of which it must hold (searched, so anchor them with ``$``);
with the language unknown every language's attribution counts. Only a line some contains rule would take is tested.

Shared word lists: a language file's ``lexicons:`` maps a name to a list, which any pattern of that file (rules,
guards, spans, closing, call_to_action, attribution) refers to as ``{name}``; at load it becomes ``(?:a|b|c)`` of the
list's items, regexes as written, or escaped literals for ``{words: [...]}`` (``regex: [...]`` may sit beside them).
A ``{name}`` the file does not define is refused when the file loads (ValueError naming it); a quantifier (``{2}``,
``{0,80}``) is never a reference. The cta rules of en/uk/ru write their verbs and platforms once, as ``{cta_verb}``
and ``{platform}``. The outlet's ``phrases`` and ``spans`` in ``sources.yaml`` are not expanded.

:class:`CleaningReport` records every removal; ``to_dict()`` is the article's ``cleaning`` field:
``{"rules": {"generic:newsletter": 312, "en:donation": 840}, "chars_removed": 1152}`` plus
``"paywall_markers": [...]`` when any were seen. Characters are counted on whitespace-collapsed text.

Generalisation, measured on blind fixture sets (``tests/fixtures/clean_holdout*/README.md``): wording rules drawn
from one set did not move the next (clean_holdout2: para P 0.703 -> 0.703); the shape rules (``call_to_action``,
``channel_list``) took 3 of 13 furniture paragraphs on a set they had never seen (clean_holdout4: 0.683 -> 0.737,
no story paragraph lost); clean_holdout5 (24 pages of outlet furniture no earlier set held, blind 0.695) -> 0.947
after rules drawn from it by shape and position, and clean_holdout6, written after those rules and scored once:
0.806, recall 1.000 on both. Most furniture left is a line the outlet repeats under every story (a print-subscription
offer, a mission line, an author-desk line) that only its recurrence tells from news: hence the third level.

3. :class:`RecurringLines` (``_recurring.py``, rule ``common:recurring``): a bounded per-source memory of line hashes
   (an LRU of 100 sources x 300 lines and 100 page ids: ~70 KB per source when full, 7 MB at most; state is plain
   data, ~11 KB of JSON per source). A line is
   a source's *template line* once seen on >= K (``min_pages``, default 3) OTHER distinct pages of the source and on
   >= 2 in 3 (``min_share``) of its pages since it first appeared; it is dropped only if :func:`eligible
   <newswatch.clean._recurring.eligible>`: 4-40 words, at most two sentences, not opening with a dash or a quote of
   4+ words, not mostly names and numbers, no calendar date (``rules/recurring.yaml``). Distinct pages: a URL seen
   before is not counted again, nor a copy of a page (most of its lines known but not template lines: an update at a
   new URL); a page that would lose more than 4 lines, or all, loses none. Split in two for the crawl:
   :func:`page_lines` (hashes of a body's paragraphs) and :func:`drop_lines` run on the extraction worker with the
   source's template hashes, which every extraction call carries (``RecurringLines.snapshot``, ~60 bytes per
   outlet); ``RecurringLines.observe`` runs in ``CleanPipeline`` on the reactor, the memory's one home, and only looks
   hashes up. ``CleanPipeline`` loads the memory from the crawl state (``clean_memory``, beside ``crawl_runs``) when a
   crawl opens and saves the outlets it saw when it closes, so only a source's very first K pages ever (and copies)
   keep their template lines. ``NEWSWATCH_CLEAN_RECURRING`` (default 3) sets K; 0 switches it off.

   Measured (``python -m tests.test_clean_recurring [--holdout]``; ``tests/fixtures/clean_recurring*/README.md``):
   on 6 outlets x 7 pages whose repeated furniture no rule catches, paragraph precision 0.677 with the rules alone,
   0.796 in a first crawl (memory empty), 0.962 once the memory has seen the outlet's other pages; recall 1.000
   throughout (background sentences, recurring quotes, datelines, live-blog items and subheads all kept). On a
   3-outlet holdout scored once: 0.613 -> 0.704 (first crawl) -> 0.919 (later), recall 1.000. Furniture on fewer than
   2 pages in 3 stays. The 38 real pages of readability-news lose no reference paragraph, crawled as one outlet twice
   over or each as 5 copies at new URLs; 283 of their 751 reference paragraphs pass the shape guards (the rest can
   never go). Cost (``python -m bench.clean_recurring_cost``): ~0.16 ms per page on the worker (0.6% of extraction;
   ``bench.clean_cost`` put levels 1-2 at 18.7% for the median page, so cleaning stays under 20%), ~25 µs on the
   reactor. A page in flight when one of its lines became (or stopped being) a template line is cleaned again.
"""

from newswatch.clean._html import clean_tree
from newswatch.clean._paywall import detect_paywall
from newswatch.clean._recurring import PageLines, RecurringLines, drop_lines, page_lines
from newswatch.clean._report import CleaningReport, Removal
from newswatch.clean._sites import site_rules_for
from newswatch.clean._text import clean_body

__all__ = [
    "CleaningReport", "PageLines", "RecurringLines", "Removal", "clean_body", "clean_tree", "detect_paywall",
    "drop_lines", "page_lines", "site_rules_for",
]
