"""Scrapy commands of the newswatch project (``COMMANDS_MODULE`` in settings.py): ``scrapy genoutlet``."""
