"""Shim for tools that still call ``setup.py`` (``scrapyd-deploy`` builds the Scrapyd egg with it).

All metadata, package data (sources.yaml, rules, lexicons) and the ``scrapy`` settings entry point are in
pyproject.toml; this file only hands over to it.
"""

from setuptools import setup

setup()
