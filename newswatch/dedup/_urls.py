"""URL canonicalization: one key per article whatever URL it was reached under.

``canonicalize_url`` gives a clean absolute URL (still fetchable, scheme kept);
``url_key`` gives the dedup key: ``host[:port]/path[?query]`` with no scheme,
no ``www.`` and no alias host (``m.``, ``mobile.``, ``amp.``), e.g.
``themoscowtimes.com/2023/04/20/kremlin-says-a80123``. Path case is kept
(paths are case-sensitive on many servers); the host is lower-cased and IDNA
encoded, the path and query percent-encoded the way w3lib does it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

import yaml
from tld import get_fld
from w3lib.url import canonicalize_url as _w3lib_canonicalize
from w3lib.url import safe_url_string

_RULES_FILE = Path(__file__).with_name("url_rules.yaml")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WWW = re.compile(r"^www\d{0,2}\.")
_AMP_SUFFIX = re.compile(r"/amp$|\.amp$|\.amp(?=\.html?$)", re.IGNORECASE)
_MULTI_SLASH = re.compile(r"/{2,}")
_DIGIT_RUN = re.compile(r"\d+")
_DATE_LIKE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _rules() -> dict:
    raw = yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8"))
    return {
        # a session id is tracking too: each visit's differs (session_params, also cut from path parameters)
        "tracking": frozenset(p.lower() for p in [*raw["tracking_params"], *raw.get("session_params", ())]),
        "session": frozenset(p.lower() for p in raw.get("session_params", ())),
        "prefixes": tuple(p.lower() for p in raw["tracking_prefixes"]),
        "amp": {k.lower(): frozenset(v.lower() for v in vals) for k, vals in raw["amp_params"].items()},
        "alias_hosts": tuple(f"{h}." for h in raw["alias_host_prefixes"]),
        "site_ignored": {site: frozenset(p.lower() for p in ps) for site, ps in raw["site_ignored_params"].items()},
        "id_digits": int((raw.get("article_id") or {}).get("min_digits") or 5),
        "slug_words": int((raw.get("article_id") or {}).get("min_slug_words") or 3),
        "editions": {mark.lower(): lang for lang, marks in (raw.get("edition_marks") or {}).items() for mark in marks},
    }


def registered_domain(url: str) -> str:
    """The registrable domain of ``url`` (``amp.theguardian.com`` -> ``theguardian.com``).

    Hosts with no public suffix (``127.0.0.1``, ``localhost``) are returned whole, with
    the port, so two local test sites on different ports are two sites.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return ""
        domain = _domain_of_host(host)
        if domain:
            return domain
        port = parts.port
        return f"{host}:{port}" if port else host
    except (ValueError, AttributeError):
        return ""


@lru_cache(maxsize=4096)
def _domain_of_host(host: str) -> str | None:
    # An article asks for its hosts' domains several times (source, url_key, links, dedup): a crawl sees a few
    # hundred hosts, and the public-suffix lookup is the costly part. Bounded, so a hostile feed cannot grow it.
    return get_fld(f"http://{host}", fail_silently=True)


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs belong to the same registered domain."""
    domain = registered_domain(url_a)
    return bool(domain) and domain == registered_domain(url_b)


def edition_language(mark: str) -> str | None:
    """The language a URL's edition mark names (``url_rules.yaml`` ``edition_marks``: ``"rus"`` -> ``"ru"``,
    ``"uk-ua"`` -> ``"uk"``), ``None`` for any other path segment or host label."""
    return _rules()["editions"].get(mark.lower())


def _edition_marks(url: str) -> frozenset[str]:
    editions = _rules()["editions"]
    try:
        parts = urlsplit(url)
    except ValueError:
        return frozenset()
    labels = [(parts.hostname or "").split(".")[0], *parts.path.lower().split("/")]
    return frozenset(editions[label] for label in labels if label in editions)


def other_edition(url: str, canonical: str) -> bool:
    """True when ``url`` carries a language-edition mark (``url_rules.yaml`` ``edition_marks``: ``/en/``, ``/rus/``,
    ``ru.`` host) and ``canonical`` other marks or none: a canonical naming the edition a page was translated from,
    not the page. A page without a mark whose canonical adds one (``/news/1`` -> ``/ua/news/1``: a site's default
    edition under its explicit prefix) is the page: that canonical keys the story whichever of its URLs is crawled."""
    own = _edition_marks(url)
    return bool(own) and own != _edition_marks(canonical)


def _drop_param(name: str, value: str, site: str) -> bool:
    rules = _rules()
    name = name.lower()
    if name in rules["tracking"] or name.startswith(rules["prefixes"]):
        return True
    if name in rules["site_ignored"].get(site, ()):
        return True
    amp_values = rules["amp"].get(name)
    return amp_values is not None and (not amp_values or value.lower() in amp_values)


_PERCENT_ESCAPE = re.compile(r"%[0-9a-f][0-9A-Fa-f]|%[0-9A-F][a-f]")


def request_url(url: str) -> str:
    """The URL an entry is fetched at: ``url`` without the query parameters that only track who shared it
    (``utm_*``, ``fbclid``, ``gclid``, ``yclid``...: :func:`_drop_param`'s rules, as :func:`canonicalize_url`), its
    other parameters as written, and its percent-escapes in upper case (RFC 3986: ``%d0`` and ``%D0`` are the same
    byte). A story listed under five tracking links is then one request, not five fetches of the same page."""
    if "%" in url:
        url = _PERCENT_ESCAPE.sub(lambda m: m.group().upper(), url)
    if "?" not in url:
        return url
    head, _, rest = url.partition("?")
    written, hash_, fragment = rest.partition("#")
    # "&amp;" in a query is a feed's HTML escape written twice (inside CDATA, or escaped again): a separator
    query = written.replace("&amp;", "&")
    site = None
    pairs = query.split("&")
    kept = []
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name:
            site = site if site is not None else registered_domain(url)
            if _drop_param(unquote_plus(name), unquote_plus(value), site):
                continue
        kept.append(pair)
    if len(kept) == len(pairs) and query == written:
        return url
    query = "&".join(p for p in kept if p)
    return head + ("?" + query if query else "") + hash_ + fragment


def _fold_host(host: str) -> str:
    for prefix in _rules()["alias_hosts"]:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _fold_path(path: str) -> str:
    path = _MULTI_SLASH.sub("/", path or "/")
    # Dot segments before the trailing slash goes (RFC 3986 5.2.4), or "/a/." would come out as "/a/".
    if "." in path:
        path = urlsplit(urljoin("http://h/", path)).path
    if path.lower().startswith("/amp/"):
        path = path[4:]
    path = path.rstrip("/")
    path = _AMP_SUFFIX.sub("", path)
    return path.rstrip("/")


def canonicalize_url(url: str) -> str:
    """A clean absolute URL for ``url``: the same article, without tracking or AMP state.

    Lower-cases the host, drops user info, default ports and the fragment, folds
    ``amp.``/``m.``/``mobile.`` hosts onto the main host, strips AMP path markers
    (``/amp``, ``/amp/...``, ``.amp``) and AMP/tracking query parameters, removes a
    trailing slash and sorts the query. The scheme is kept. Input that is not an
    http(s) URL is returned stripped, unchanged.
    """
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(safe_url_string(url))
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".")
        if scheme not in _DEFAULT_PORTS or not host:
            return url
        host = _fold_host(host)
        port = parts.port
        netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
        site = registered_domain(f"{scheme}://{netloc}")
        query = [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not _drop_param(name, value, site)
        ]
        rebuilt = urlunsplit((scheme, netloc, _fold_path(parts.path) or "/", urlencode(query), ""))
        return _w3lib_canonicalize(rebuilt)
    except (ValueError, UnicodeError):
        return url


def _looks_generic(canonical: str, url: str) -> bool:
    """A canonical pointing at the site's home page for a deeper URL is a template bug, not a hint."""
    canonical_path = urlsplit(canonical).path.strip("/")
    return not canonical_path and bool(urlsplit(url).path.strip("/"))


def url_key(url: str, canonical_url: str | None = None) -> str:
    """The dedup key of an article fetched from ``url``.

    ``canonical_url`` (``rel=canonical`` / ``og:url``, absolute or relative) wins when it
    is on the same registered domain as ``url`` and is not just the home page; otherwise
    the key comes from ``url``. Format: ``host[:port]/path[?sorted&query]``, no scheme,
    no ``www.``; the bare host for a home page
    without query. Never raises: garbage in, stripped garbage out.
    """
    if not isinstance(url, str):
        url = ""
    chosen = url
    if isinstance(canonical_url, str) and canonical_url.strip():
        try:
            absolute = urljoin(url, canonical_url.strip())
        except ValueError:
            absolute = ""
        if absolute and same_site(url, absolute) and not _looks_generic(absolute, url):
            chosen = absolute
    clean = canonicalize_url(chosen)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return clean
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return clean
    host = _WWW.sub("", parts.netloc)
    if parts.query:
        return f"{host}{parts.path}?{parts.query}"
    return host if parts.path == "/" else f"{host}{parts.path}"


def _id_run(segment: str) -> re.Match | None:
    """The article id's run of digits in a path segment: its last run of ``min_digits``, not a date."""
    runs = [run for run in _DIGIT_RUN.finditer(segment) if len(run.group()) >= _rules()["id_digits"]]
    if not runs or _DATE_LIKE.fullmatch(runs[-1].group()):
        return None
    return runs[-1]


def article_id(key: str | None) -> str:
    """The outlet's article id in a url_key (``url_rules.yaml``, ``article_id``): ``"<registered domain> <id>"``,
    "" when the URL's last path segment has none."""
    if not isinstance(key, str) or "/" not in key:
        return ""
    host, _, path = key.partition("/")
    run = _id_run(path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1])
    if run is None:
        return ""
    domain = _domain_of_host(host.split(":", 1)[0])
    return f"{domain} {run.group()}" if domain else ""


@lru_cache(maxsize=4096)
def _without_id(key: str) -> tuple[str, str] | None:
    """``(the url_key with its article id cut out, the id)``, None when the last segment has no id or no slug of
    ``min_slug_words`` words besides it (``/russia/1062814``: nothing but the id; ``/belgorod-1993521170.html``: a
    place, the slug of every story from there)."""
    path = key.split("?", 1)[0].rstrip("/")
    head, _, segment = path.rpartition("/")
    run = _id_run(segment)
    if run is None:
        return None
    rest = segment[: run.start()] + "\0" + segment[run.end():]
    if len(_SLUG_WORD.findall(_PAGE_SUFFIX.sub("", rest))) < _rules()["slug_words"]:
        return None
    return f"{head}/{rest}", run.group()


def slug_siblings(key_a: str | None, key_b: str | None) -> bool:
    """Two url_keys of one outlet alike but for their article id (``unian.ua/war/<slug>-13245678.html`` and
    ``<slug>-13245790.html``): the outlet republished one article under a new id, its headline changed ("UPDATED:")
    and its slug kept. Only a headline's slug counts, ``url_rules.yaml`` ``article_id.min_slug_words`` words (two bare
    ids of one rubric, or one place's name and two ids, are any two stories)."""
    if not isinstance(key_a, str) or not isinstance(key_b, str) or key_a == key_b:
        return False
    # (two rubrics: no regex; a key's slug is cut once, as one article meets several candidates of its outlet)
    if key_a.split("?", 1)[0].rstrip("/").rpartition("/")[0] != key_b.split("?", 1)[0].rstrip("/").rpartition("/")[0]:
        return False
    a, b = _without_id(key_a), _without_id(key_b)
    return a is not None and b is not None and a[0] == b[0] and a[1] != b[1]


_SLUG_SPLIT = re.compile(r"[-_]+")


def figures_updated(key_a: str | None, key_b: str | None) -> bool:
    """Two url_keys of one rubric whose slugs (article ids cut out) are alike but for their figures: a headline's toll
    updated under a new slug (``...-zaginuli-3-lyudini`` -> ``...-zaginuli-5-lyudey``, holdout18). Each word that
    differs is a number in both, or the word right after one that differs (the counted noun, declined with its
    number); at least one number differs, and ``min_slug_words`` words are the same. A date in a slug differs the
    same way (``...-tryvoga-26-11``): the caller asks the headlines' figures too."""
    if not isinstance(key_a, str) or not isinstance(key_b, str) or key_a == key_b:
        return False
    head_a, _, segment_a = key_a.split("?", 1)[0].rstrip("/").rpartition("/")
    head_b, _, segment_b = key_b.split("?", 1)[0].rstrip("/").rpartition("/")
    if head_a != head_b:
        return False
    words_a = _SLUG_SPLIT.split(_PAGE_SUFFIX.sub("", _slug_without_id(segment_a)))
    words_b = _SLUG_SPLIT.split(_PAGE_SUFFIX.sub("", _slug_without_id(segment_b)))
    if len(words_a) != len(words_b):
        return False
    same = figures = 0
    after_figure = False
    for word_a, word_b in zip(words_a, words_b, strict=True):
        if word_a == word_b:
            same += bool(_SLUG_WORD.fullmatch(word_a))
            after_figure = False
        elif word_a.isdigit() and word_b.isdigit():
            figures += 1
            after_figure = True
        elif after_figure:
            after_figure = False
        else:
            return False
    return figures > 0 and same >= _rules()["slug_words"]


def _slug_without_id(segment: str) -> str:
    run = _id_run(segment)
    return segment if run is None else segment[: run.start()] + segment[run.end():]


#: A path parameter (``;name=value``) of a URL's path.
_PATH_PARAM = re.compile(r";([^/;=?#]*)=?[^/;?#]*")


@lru_cache(maxsize=1)
def _session_hint() -> re.Pattern[str]:
    """A URL that may carry a session id: one of ``session_params`` after ``;``, ``?`` or ``&`` (most URLs carry none,
    and this one search spares them the split)."""
    names = "|".join(re.escape(name) for name in sorted(_rules()["session"]))
    return re.compile(rf"[;?&](?:{names or '(?!)'})(?:=|[;&#/]|$)", re.IGNORECASE)


def without_session_ids(url: str) -> str:
    """``url`` without the session ids a server wrote into it for a visitor without cookies (``url_rules.yaml``
    ``session_params``): Java's ``;jsessionid=...`` path parameter, PHP's ``PHPSESSID=`` query parameter. Each
    visit's id differs, so one story was fetched and stored under as many URLs as it was listed with ids."""
    if not _session_hint().search(url):
        return url
    names = _rules()["session"]
    parts = urlsplit(url)
    path = _PATH_PARAM.sub(lambda m: "" if m.group(1).lower() in names else m.group(), parts.path)
    query = "&".join(p for p in parts.query.split("&") if p.partition("=")[0].lower() not in names)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit(parts._replace(path=path, query=query))
