"""Article metadata, fifteenth round (tests/fixtures/extract_meta15; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the two mends of the lead's review and the general
causes fixed in this round, both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.extract import extract_metadata
from newswatch.extract._metadata import _host_domains

FETCHED = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)


def _meta(html: str, url: str = "https://www.example.com/news/ukraine-drones-1") -> dict:
    return extract_metadata(lxml.html.fromstring(html), url, fetched_at=FETCHED)


# --- the host's parent domains, by the public suffix list ---------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://english.nv.ua/nation/x.html", ("english.nv.ua", "nv.ua")),
    ("https://www.bbc.co.uk/news/world", ("bbc.co.uk",)),  # not "co.uk"
    ("https://news.site.com.ua/a", ("news.site.com.ua", "site.com.ua")),  # not "com.ua"
    ("https://foo.msk.ru/a", ("foo.msk.ru",)),  # a city's registry domain is a public suffix
    ("https://kyiv.ua/a", ("kyiv.ua",)),
    # no public suffix: the host alone, no parent ("0.0.1", "0.1")
    ("http://127.0.0.1:8000/a", ("127.0.0.1",)),
    ("http://localhost:8000/a", ("localhost",)),
])
def test_host_domains_down_to_the_registered_domain(url, expected):
    assert _host_domains(url) == expected


def _description(description: str, url: str) -> str | None:
    html = ("<html lang='en'><head><title>Ukraine's army repels 40 assaults near Pokrovsk</title>"
            f'<meta name="description" content="{description}"></head><body><article><h1>Ukraine\'s army repels 40 '
            "assaults near Pokrovsk</h1><p>Ukrainian forces repelled 40 assaults, the General Staff said.</p>"
            "</article></body></html>")
    return _meta(html, url)["description"]


def test_a_figure_in_a_description_does_not_name_an_ip_host():
    told = "Consumer prices in Russia rose by 0.1% in a week, Rosstat said."
    assert _description(told, "http://127.0.0.1:8765/news/1") == told
    # the outlet's tagline naming its address is still the site's
    assert _description("NV.ua - the latest news from Ukraine: politics, economy, war.",
                        "https://english.nv.ua/nation/x.html") is None
