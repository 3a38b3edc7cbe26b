"""Outlets round 10, holdout: three more unseen outlets written before the blind round's fixes and crawled once after
them, as :mod:`tests.test_outlets10` crawls its set (twice into one store, off-topic stories dropped): a DataLife
Engine news list paged at ``/news/page/2/`` by a ``pnext`` link without ``rel="next"``, a "load more" answering JSON
story objects under other names (``link``, ``name``, a zone-less ``date``), a Russian feed whose links the site
redirects to its Ukrainian edition for a reader preferring Ukrainian.

    python -m tests.test_outlets10_holdout      # per outlet: stories stored right / missing / extra

Scored once, after the round's fixes (4754a5a): 2 of 3 outlets exact, 9 of 10 stories right, 0 extra, nothing
requested that must not be. Missed: DataLife Engine's next link is ``<span class="pnext"><a>Далі</a></span>``, a class
whose token is ``pnext``, not ``next`` (``discovery_rules.yaml`` ``pager_next_tokens``): page 2 never read.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.test_outlets4 import main
from tests.test_outlets6 import SCHEDULED
from tests.test_outlets8 import outlet_round

SET = Path(__file__).resolve().parent / "fixtures" / "outlets10_holdout"
#: outlet -> why it is still stored wrong (strict: a fix makes the test fail, so it is noticed)
KNOWN_MISSES: dict[str, str] = {
    "vgolos10h": "discovery: DataLife Engine's pager marks its next link <span class=\"pnext\"> (the class's token is "
                 "'pnext', not 'next'; no rel=\"next\"): /news/page/2/ never read, its one story of the window missed",
}
#: outlet -> why it still requests what it should not, or asks again for what has not changed
KNOWN_FETCHES: dict[str, str] = {}

crawled, test_outlet_stores_its_stories_and_nothing_else, test_outlet_requests_only_what_it_needs = outlet_round(
    SET, KNOWN_MISSES, KNOWN_FETCHES)


if __name__ == "__main__":
    sys.exit(main(SET, sys.argv[1:], old_hits=False, **SCHEDULED))
