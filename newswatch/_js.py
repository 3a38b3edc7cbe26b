"""JavaScript rendering for outlets flagged ``js: true``: scrapy-playwright with the system Chromium.

Only a crawl of a ``js: true`` outlet installs the Playwright download handler (from the spider's
``update_settings``), and inside that crawl only article requests carry ``meta["playwright"]``: feeds,
sitemaps and robots.txt still go through Scrapy's plain HTTP handler. A rendered page is waited for by
the outlet's ``js_wait_for`` CSS selector (the article element), never by a fixed sleep, and closed by
scrapy-playwright as soon as its HTML is taken (``playwright_include_page`` stays off).

Settings (``-s NAME=VALUE`` or the environment variable of the same name; defaults in brackets):

``NEWSWATCH_CHROMIUM_PATH`` [``/usr/bin/chromium``]
    The Chromium executable (Debian: ``apt-get install -y chromium``). Missing or not running
    (``--version`` fails): the crawl stops at start-up with a message saying so and a non-zero exit status.
``NEWSWATCH_JS_MAX_PAGES`` [4]
    Pages open at once (``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT``; one context), which bounds Chromium's memory.
``NEWSWATCH_JS_WAIT_MS`` [15000]
    How long to wait for the article element; a page that never shows it fails as a fetch error
    (``newswatch/fetch/error/TimeoutError``), rather than storing a page without its text.
``NEWSWATCH_JS`` [false]
    Render every article of the crawl (e.g. ``scrapy crawl feeds -s NEWSWATCH_JS=1``), for ad-hoc crawls.

Any ``PLAYWRIGHT_*`` setting given on the command line or in settings.py wins over these.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

from newswatch._safety import blocked_reason, private_hosts_allowed, url_host

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
)
_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
logger = logging.getLogger(__name__)


class ChromiumNotFound(RuntimeError):
    """A crawl needs JavaScript rendering and the Chromium executable is not there."""


def _setting(settings, name: str, default):
    """A Scrapy setting (``-s``), else the environment variable of the same name, else ``default``."""
    value = settings.get(name) if settings is not None else None
    if value in (None, ""):
        value = os.environ.get(name)
    return default if value in (None, "") else value


def chromium_path(settings) -> str:
    return str(_setting(settings, "NEWSWATCH_CHROMIUM_PATH", DEFAULT_CHROMIUM))


def wants_js(settings) -> bool:
    """``NEWSWATCH_JS`` on: render every article of the crawl."""
    return str(_setting(settings, "NEWSWATCH_JS", "0")).strip().lower() in ("1", "true", "yes", "on")


def wait_ms(settings) -> int:
    return int(_setting(settings, "NEWSWATCH_JS_WAIT_MS", 15000))


def check_chromium(path: str) -> None:
    """Raise :class:`ChromiumNotFound` with what to do when ``path`` is not a Chromium that runs.

    ``chromium --version`` (a fraction of a second) catches a missing file, a wrong one and a binary that
    cannot start (missing libraries), so such a crawl stops at once instead of failing every page.
    """
    candidate = Path(path)
    problem = None
    if not candidate.is_file() or not os.access(candidate, os.X_OK):
        problem = "was not found"
    else:
        try:
            done = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, timeout=30)
            if done.returncode != 0 or not re.search(r"chrom", done.stdout, re.IGNORECASE):
                problem = f"does not run (`{path} --version` exited {done.returncode}: " \
                          f"{(done.stderr or done.stdout).strip()[:200]!r})"
        except (OSError, subprocess.TimeoutExpired) as exc:
            problem = f"does not run ({exc})"
    if problem:
        message = (f"this crawl renders JavaScript (js: true) but Chromium {problem} at {path!r}; "
                   "install it with `apt-get install -y chromium` or set NEWSWATCH_CHROMIUM_PATH to its executable")
        logger.critical(message)
        raise ChromiumNotFound(message)


def playwright_settings(settings) -> dict:
    """The settings that route ``meta["playwright"]`` requests through the system Chromium."""
    path = chromium_path(settings)
    return {
        "DOWNLOAD_HANDLERS": {"http": _HANDLER, "https": _HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": path, "headless": True, "args": list(CHROMIUM_ARGS)},
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": int(_setting(settings, "NEWSWATCH_JS_MAX_PAGES", 4)),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getint("DOWNLOAD_TIMEOUT", 30) * 1000,
        "PLAYWRIGHT_ABORT_REQUEST": abort_request_filter(allow_private=private_hosts_allowed(settings)),
    }


def install(settings) -> None:
    """Add :func:`playwright_settings` to a crawler's ``settings`` (spider priority: the command line wins)."""
    check_chromium(chromium_path(settings))
    for name, value in playwright_settings(settings).items():
        if name == "DOWNLOAD_HANDLERS":
            handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
            for scheme, handler in value.items():
                handlers.setdefault(scheme, handler)
            settings.set(name, handlers, priority="spider")
        else:
            settings.set(name, value, priority="spider")


def abort_request_filter(*, allow_private: bool):
    """What Chromium must not fetch for a rendered page (scrapy-playwright's ``PLAYWRIGHT_ABORT_REQUEST``).

    Images, fonts and media are not article text: skipping them keeps pages light. A page's own requests
    (scripts, XHR, frames) bypass Scrapy's downloader middlewares, so the private-address guard
    (:mod:`newswatch._safety`) is applied here too: IP literals outside the public internet and ``localhost``
    names are refused, unless ``NEWSWATCH_ALLOW_PRIVATE_HOSTS`` is on. (Names Chromium resolves itself to a
    private address are not caught here.)
    """

    def abort(request) -> bool:
        if request.resource_type in ("image", "media", "font"):
            return True
        if allow_private:
            return False
        host = url_host(request.url).lower().rstrip(".")
        return bool(blocked_reason(host)) or host == "localhost" or host.endswith(".localhost")

    return abort


def render_meta(wait_for: str | None, timeout_ms: int) -> dict:
    """``Request.meta`` that renders the page in Chromium and waits for ``wait_for`` to be attached."""
    from scrapy_playwright.page import PageMethod

    meta: dict = {"playwright": True}
    if wait_for:
        meta["playwright_page_methods"] = [
            PageMethod("wait_for_selector", wait_for, state="attached", timeout=timeout_ms),
        ]
    return meta
