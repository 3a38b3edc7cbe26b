"""newswatch: a news-monitoring crawler for stories about NATO, Ukraine and Russia."""

__version__ = "0.1.0"
