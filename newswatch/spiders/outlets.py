"""One spider per outlet in sources.yaml, generated from its entry.

An outlet whose entry names a ``spider:`` class gets that class instead (a small
NewsSpider subclass for sites that need code), with ``name`` and ``source`` set
from the entry.

The entry's ``politeness:`` becomes the spider's ``custom_settings`` (spider priority:
above settings.py and the environment, below ``-s`` on the command line):
``download_delay`` -> ``DOWNLOAD_DELAY``, ``concurrency`` -> ``CONCURRENT_REQUESTS_PER_DOMAIN``,
``autothrottle_target`` -> ``AUTOTHROTTLE_TARGET_CONCURRENCY``. ``js: true`` is handled by
:meth:`NewsSpider.update_settings <newswatch.spiders.NewsSpider.update_settings>` (:mod:`newswatch._js`).
"""

from __future__ import annotations

import sys

from scrapy.utils.misc import load_object

from newswatch.sources import Source, load_sources
from newswatch.spiders._base import NewsSpider
from newswatch.spiders._contracts import OutletChecks

_POLITENESS_SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "autothrottle_target": "AUTOTHROTTLE_TARGET_CONCURRENCY",
}


def _class_name(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_")) + "Spider"


def spider_class_for(source: Source) -> type[NewsSpider]:
    base = load_object(source.spider) if source.spider else NewsSpider
    if not (isinstance(base, type) and issubclass(base, NewsSpider)):
        raise TypeError(f"outlet {source.key!r}: spider {source.spider!r} is not a NewsSpider subclass")
    attrs = {"name": source.key, "source": source, "__module__": __name__,
             "__doc__": f"{source.name}: {', '.join(source.languages) or 'any language'}."}
    politeness = {_POLITENESS_SETTINGS[k]: v for k, v in source.politeness.items()}
    if politeness:
        attrs["custom_settings"] = {**(getattr(base, "custom_settings", None) or {}), **politeness}
    # OutletChecks adds the `scrapy check` contracts (newswatch/spiders/_contracts.py); behaviour is the base's.
    return type(_class_name(source.key), (OutletChecks, base), attrs)


for _source in load_sources().values():
    try:
        globals()[_class_name(_source.key)] = spider_class_for(_source)
    except (ImportError, AttributeError, NameError, TypeError, ValueError) as _exc:  # a wrong `spider:`: exit 2
        sys.stderr.write(f"newswatch: outlets file (NEWSWATCH_SOURCES) is not valid: outlet {_source.key!r}: "
                         f"spider {_source.spider!r} cannot be loaded ({type(_exc).__name__}: {_exc})\n")
        raise SystemExit(2) from None
