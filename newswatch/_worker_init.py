"""Imported once by the worker pool's fork server, before it forks any worker (``set_forkserver_preload``).

Loads what every worker needs (the language model, ~70 MB; topic lexicons; cleaning rules) in the fork
server, so the workers share those pages copy-on-write instead of each loading its own copy, and freezes
the garbage collector's view of them so the workers' collections do not touch (and so copy) those pages.
"""

import gc

from newswatch.process import warm_up

warm_up()
gc.freeze()
