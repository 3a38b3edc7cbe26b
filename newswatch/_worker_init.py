"""Imported once by the worker pool's fork server, before it forks any worker (``set_forkserver_preload``).

Loads what every worker needs (the language model, ~70 MB; topic lexicons; cleaning rules; the item loader) in the fork
server, so the workers share those pages copy-on-write instead of each loading its own copy, and freezes
the garbage collector's view of them so the workers' collections do not touch (and so copy) those pages.
Not ``newswatch.pipelines``: every worker step and fallback call is in :mod:`newswatch._steps` or the pure packages,
so neither the fork server nor a worker imports the pipelines (and with them the store's modules, pymongo, requests).
Fixes the C heap's thresholds for the workers it forks (:mod:`newswatch._heap`).
"""

import gc

import newswatch.loaders  # noqa: F401 - the workers build each Article (it brings Scrapy's http and Twisted)
from newswatch._heap import tune_heap
from newswatch.process import warm_up

tune_heap()
warm_up()
# Last, after every import: objects created after the freeze are the GC's to scan, and scanning them writes to
# their pages, which then stop being shared (each worker's own copy: ~16 MB with the loader's modules).
gc.freeze()
