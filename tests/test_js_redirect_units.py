"""Which small pages count as a JavaScript redirect (``newswatch.middlewares._js_redirect``): a script that sends the
browser elsewhere, not an attribute or a variable that happens to be called ``location``."""

from __future__ import annotations

import pytest

from newswatch.middlewares import _js_redirect


def _page(inner: str) -> str:
    return f"<!doctype html><html><head><title>Moved</title></head><body>{inner}</body></html>"


@pytest.mark.parametrize(("inner", "target"), [
    ('<script>window.location.replace("/news/2026/11/28/kyiv-talks")</script>', "/news/2026/11/28/kyiv-talks"),
    ("<script>location.href = 'https://news.example/a'</script>", "https://news.example/a"),
    ('<script>top.location.assign("/b")</script><p>Redirecting…</p>', "/b"),
    ('<div data-location="Kyiv" class="weather">+3°</div><script>init()</script>', None),
    ('<script>var location = "Kyiv"; render(location)</script>', None),
    ('<script>widget.location = "/c"</script>', None),
    ('<p>' + "A story paragraph about the talks in Geneva. " * 10 + '</p><script>location.href="/d"</script>', None),
])
def test_only_a_script_sending_the_browser_elsewhere_is_a_redirect(inner, target):
    html = _page(inner)
    assert _js_redirect(html.encode(), html) == target
