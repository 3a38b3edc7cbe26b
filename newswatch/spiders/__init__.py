"""Spiders: the NewsSpider base, the generic ``feeds`` spider, and one spider per outlet.

Outlet spiders are generated from ``sources.yaml`` (see :mod:`newswatch.spiders.outlets`);
an outlet that needs code names a NewsSpider subclass in its ``spider:`` field.
"""

from newswatch.spiders._base import NewsSpider, parse_since

__all__ = ["NewsSpider", "parse_since"]
