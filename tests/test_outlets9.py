"""README "Adding an outlet" on outlets nobody had seen (round 9): whole mock sites, crawled as
:mod:`tests.test_outlets6` crawls its set (twice into one store, off-topic stories dropped).
``tests/fixtures/outlets9``: a WordPress site whose only list is its REST API (``/wp-json/wp/v2/posts``), a Yandex.Turbo
RSS, a feed whose links go through the site's click counter (``/go?url=``, disallowed by robots.txt), a WordPress feed
whose ``<generator>`` is stripped and whose window goes on at ``?paged=2``, a Telegram channel's web preview
(``t.me/s/``) as the section page of an outlet with no feed, a news sitemap dated without a zone on a ``.ru`` outlet.

    python -m tests.test_outlets9 [OUTLET ...]     # per outlet: stories stored right / missing / extra

Blind (388c0be, crawled once): 1 of 6 outlets exact, 16 of 27 stories right, 1 extra; with ``sota9``'s t.me page on
another host name as it should have been (127.0.0.1 on the second port passed for the stories' own host; ``sota9``
alone, before any fix: 0 of 4), 1 of 6, 12 of 27, 0 extra. Missed: the REST API's JSON list not a feed
(``novynarnia9``), every link a robots-disallowed click counter (``unian9``), no ``?paged=2`` without a
``<generator>`` (``ukraineworld9``), no story on the t.me page's own site (``sota9``), a zone-less sitemap date read
as UTC on a ``.ru`` outlet (``iz9``: an entry before the window fetched). After the fixes (047cafc): 4 of 6 exact,
26 of 27 right, 1 extra, nothing requested that must not be; the two left are the topic lexicons' (KNOWN_MISSES).
Holdout (``tests/fixtures/outlets9_holdout``, once, after the fixes): 3 of 3 exact, 12 of 12, 0 extra.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.test_outlets4 import main
from tests.test_outlets6 import SCHEDULED
from tests.test_outlets8 import outlet_round

SET = Path(__file__).resolve().parent / "fixtures" / "outlets9"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {
    "fontanka9": "topics: a St Petersburg student paid by 'Ukrainian special services' handlers to burn railway relay "
                 "cabinets, charged with sabotage, dropped off-topic (russia 3.4 in passing, ukraine 2 / 6.5): the "
                 "lexicons read no war in a sabotage case inside Russia; discovery read the Turbo feed right",
    "sota9": "topics: the Odesa opera's season premiere («Наталка Полтавка») kept as ukraine (8.7 / 6.5: "
             "'Одеська', 'Полтавки' counted as Ukrainian places, the culture context -8.6 not enough); the t.me/s/ "
             "page read right",
}
#: outlet -> why it still requests what it should not, or asks again for what has not changed
KNOWN_FETCHES: dict[str, str] = {}

crawled, test_outlet_stores_its_stories_and_nothing_else, test_outlet_requests_only_what_it_needs = outlet_round(
    SET, KNOWN_MISSES, KNOWN_FETCHES)


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:], old_hits=False, **SCHEDULED))
