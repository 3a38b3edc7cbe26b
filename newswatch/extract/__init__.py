"""HTML -> article fields: metadata (JSON-LD, OpenGraph, meta, ``<time>``, URL), dates and main text.

Pure functions, no Scrapy imports. :mod:`newswatch.extract.normalize` holds the value normalizers the
ArticleLoader uses as processors.
"""
