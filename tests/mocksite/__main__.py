"""Serve the mock news site until interrupted: ``python -m tests.mocksite [--port N]``."""

import argparse
import time

from tests.mocksite import MockNewsSite

parser = argparse.ArgumentParser(description="Serve the newswatch mock news site on 127.0.0.1")
parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
args = parser.parse_args()
with MockNewsSite(port=args.port) as site:
    print(site.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
