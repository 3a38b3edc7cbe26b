"""Scrapy commands of the newswatch project (``COMMANDS_MODULE`` in settings.py): ``scrapy genoutlet``, and
``scrapy crawl`` (Scrapy's, overridden by name to exit 1 when the crawl raised an alarm)."""
