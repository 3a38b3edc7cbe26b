"""What a revision changed: the paragraph diff a store keeps when an article's body changes (pure).

Analysts ask "what changed" of a revised story (a death toll raised, a denial added). The store keeps the latest
version whole and, per revision, only what differs from the one before, so a document stays small: the
``revisions`` list holds the last :data:`MAX_REVISIONS` entries, oldest first, each::

    {"revision": 3,                       # the revision this change produced
     "seen_at": <datetime>,               # when the crawl stored it
     "previous_seen_at": <datetime>,      # when the version it replaced was last seen
     "removed": ["paragraph", ...],       # paragraphs of the earlier body not in the new one, in their order
     "added": ["paragraph", ...],         # paragraphs of the new body not in the earlier one, in their order
     "changed": ["title", ...],           # other analyst-facing fields whose value changed
     "title_before": "...",               # only when the title changed
     "truncated": true}                   # only when a side had more than MAX_DIFF_PARAGRAPHS paragraphs

A paragraph edited by one word is one removed and one added paragraph: the sentence before and after, which is
what a reader compares.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

#: Revisions remembered per document; older ones fall off (a live page revised every hour stays bounded).
MAX_REVISIONS = 10
#: Paragraphs kept per side of one diff: a rewrite keeps its first ones and is marked ``truncated``.
MAX_DIFF_PARAGRAPHS = 30
#: Fields besides the body whose change a revision names (the store's own and the pipeline's are left out).
WATCHED_FIELDS = ("title", "description", "authors", "published_at", "section", "tags", "language", "paywalled",
                  "topic_names", "image_url")


def paragraphs(body: object) -> list[str]:
    """The body's paragraphs: blank-line separated, as cleaning leaves them."""
    if not isinstance(body, str):
        return []
    return [p for p in (p.strip() for p in body.split("\n\n")) if p]


def revision_entry(before: Mapping, after: Mapping, seen_at: datetime) -> dict:
    """The ``revisions`` entry for ``after`` replacing ``before`` (both whole documents)."""
    old, new = paragraphs(before.get("body")), paragraphs(after.get("body"))
    old_set, new_set = set(old), set(new)
    removed = [p for p in old if p not in new_set]
    added = [p for p in new if p not in old_set]
    entry: dict = {
        "revision": int(before.get("revision") or 0) + 1,
        "seen_at": seen_at,
        "previous_seen_at": before.get("last_seen_at"),
        "removed": removed[:MAX_DIFF_PARAGRAPHS],
        "added": added[:MAX_DIFF_PARAGRAPHS],
        "changed": [name for name in WATCHED_FIELDS if before.get(name) != after.get(name)],
    }
    if "title" in entry["changed"]:
        entry["title_before"] = before.get("title")
    if len(removed) > MAX_DIFF_PARAGRAPHS or len(added) > MAX_DIFF_PARAGRAPHS:
        entry["truncated"] = True
    return entry


def with_revision(history: object, entry: dict) -> list[dict]:
    """``history`` (a stored ``revisions`` value, possibly missing or damaged) with ``entry`` appended, bounded."""
    kept = [h for h in history if isinstance(h, Mapping)] if isinstance(history, list) else []
    return [*kept, entry][-MAX_REVISIONS:]
