"""Scrapy contracts for outlet spiders: ``scrapy check`` parses each outlet's saved article page offline.

``@outlet_fixture`` points the check at ``tests/fixtures/outlets/<spider>/`` (the article page named by its
``expected.json``, read through a ``file://`` URL, so no network is needed; the callback sees it under the
outlet's own address, as a crawled page would be) and, after the callback ran,
compares the item's ``title``, ``published_at``, ``authors`` and ``language`` with ``expected.json``. The
article's entry in the fixture's feed or news sitemap is passed along, as in a crawl. The body
is not compared: ``scrapy check`` runs no pipelines, so the text-level cleaning has not happened yet.
An outlet without fixtures (e.g. in a deployed egg, which carries no tests) is skipped.

    scrapy check            # every outlet
    scrapy check reuters    # one
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from itemadapter import ItemAdapter
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail
from scrapy.http import Request

from newswatch.discovery import Entry, NotXMLError, parse_feed, parse_section, parse_sitemap

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "outlets"
#: Request meta: the address a ``file://`` fixture page stands for.
PAGE_URL_META = "newswatch_fixture_page_url"
_BASE = "http://fixtures.invalid"


def _expected(spider_name: str) -> tuple[Path, dict] | None:
    folder = FIXTURES / spider_name
    try:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (folder / expected.get("article", "article.html")).resolve(), expected


def _entry(folder: Path | None, path: str) -> Entry | None:
    """The article's entry in the fixture's feed.xml, sitemap.xml or section.html (``{{base}}`` stands for the mock
    site)."""
    for name, parse in (("feed.xml", parse_feed), ("sitemap.xml", lambda body, url: parse_sitemap(body, url).entries),
                        ("section.html", lambda body, url: parse_section(body, url).entries)):
        document = folder / name if folder else None
        if document is None or not document.exists():
            continue
        try:
            entries = parse(document.read_bytes().replace(b"{{base}}", _BASE.encode()), _BASE + "/")
        except NotXMLError:
            return None
        return next((e for e in entries if e.url == _BASE + path), None)
    return None


class OutletFixtureContract(Contract):
    """``@outlet_fixture``: check the callback on the outlet's saved article page."""

    name = "outlet_fixture"

    def __init__(self, method, *args: Any):
        super().__init__(method, *args)
        spider = getattr(method, "__self__", None)
        self.fixture = _expected(getattr(spider, "name", "") or "")
        source = getattr(spider, "source", None)
        self.page_url = None
        if self.fixture is not None and source is not None:
            # The mock-site path is /<outlet>/<the outlet's own path>.
            own_path = self.fixture[1]["path"].removeprefix(f"/{source.key}")
            self.page_url = urljoin(source.url, own_path)
        self.entry = _entry(self.fixture[0].parent if self.fixture else None, self.fixture[1]["path"]
                            if self.fixture else "")

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.fixture is not None:  # without a url the check is skipped
            args["url"] = self.fixture[0].as_uri()
            args["meta"] = {**(args.get("meta") or {}), PAGE_URL_META: self.page_url}
            if self.entry is not None:  # what the outlet's feed or sitemap says about the article, as in a crawl
                args["cb_kwargs"] = {**(args.get("cb_kwargs") or {}), "entry": self.entry}
        return args

    def post_process(self, output: list) -> None:
        if self.fixture is None:
            return
        expected = self.fixture[1]
        items = [ItemAdapter(o) for o in output if not isinstance(o, Request)]
        if len(items) != 1:
            raise ContractFail(f"expected one article, got {len(items)}")
        item = items[0]
        wanted = {"title": expected["title"], "authors": expected["authors"], "language": expected["language"],
                  "published_at": datetime.fromisoformat(expected["published_at"])}
        for field, value in wanted.items():
            if item.get(field) != value:
                raise ContractFail(f"{field}: got {item.get(field)!r}, expected {value!r}")


class OutletChecks:
    """Mixed into every outlet spider: the contract-bearing article callback (behaviour unchanged)."""

    async def parse_article(self, response, entry=None):
        """One article page -> one Article item.

        @outlet_fixture
        @returns items 1 1
        @returns requests 0 0
        @scrapes url canonical_url title body source language published_at
        """
        if response.url.startswith("file:") and response.meta.get(PAGE_URL_META):
            response = response.replace(url=response.meta[PAGE_URL_META])
        async for item in super().parse_article(response, entry):
            yield item
