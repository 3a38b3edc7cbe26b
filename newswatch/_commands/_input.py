"""Reading the saved page or text file that ``newswatch extract``, ``clean`` and ``topics`` take as input."""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path

#: What reading an input may raise: a missing or unreadable file, a truncated or corrupt gzip.
READ_ERRORS = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


def read_input(path: str) -> bytes:
    """The bytes of ``path`` (``-`` reads stdin), gunzipped when the name ends in ``.gz`` or the data is gzip."""
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if path.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data
