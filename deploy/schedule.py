#!/usr/bin/env python3
"""Schedule a crawl of every enabled outlet through the Scrapyd API (Scrapyd has no recurring jobs: cron this).

    deploy/schedule.py [--url URL ...] [--outlets a,b] [--split] [--setting NAME=VALUE ...] [--arg NAME=VALUE ...]
                       [--wait] [--timeout SECONDS]

``--url`` (repeatable; default ``$SCRAPYD_URL`` or http://127.0.0.1:6800): the Scrapyd nodes. Outlets are
spread over the nodes round-robin; with ``--split`` every outlet is scheduled on every node, sharing one
Redis frontier (the nodes need ``NEWSWATCH_REDIS_URL``); all its jobs get the same run (its scrapy-redis keys).
An outlet still pending or running on a node is not scheduled there again (no overlapping runs).
Credentials: ``$SCRAPYD_USERNAME`` (default ``newswatch``) and ``$SCRAPYD_PASSWORD``. Outlets come from
``newswatch/sources.yaml`` (or ``$NEWSWATCH_SOURCES``); the script needs only the Python standard library
and PyYAML. With ``--wait`` it polls until every job has finished; exit status 1 if scheduling failed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Scrapyd:
    def __init__(self, url: str, username: str | None, password: str | None, timeout: float = 30):
        self.url = url.rstrip("/") + "/"
        self.timeout = timeout
        self.headers = {}
        if password:
            token = base64.b64encode(f"{username or 'newswatch'}:{password}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def call(self, endpoint: str, data: list[tuple[str, str]] | None = None, **query) -> dict:
        url = self.url + endpoint + ("?" + urllib.parse.urlencode(query) if query else "")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=self.headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - operator URL
            answer = json.loads(response.read())
        if answer.get("status") != "ok":
            raise RuntimeError(f"{endpoint}: {answer.get('message', answer)}")
        return answer

    def busy(self, project: str) -> set[str]:
        jobs = self.call("listjobs.json", project=project)
        return {job["spider"] for job in jobs.get("pending", []) + jobs.get("running", [])}

    def schedule(self, project: str, spider: str, settings: list[str], args: list[str]) -> str:
        data = [("project", project), ("spider", spider)]
        data += [("setting", s) for s in settings]
        data += [tuple(a.split("=", 1)) for a in args]
        return self.call("schedule.json", data=data)["jobid"]

    def finished(self, project: str) -> set[str]:
        return {job["id"] for job in self.call("listjobs.json", project=project).get("finished", [])}


def enabled_outlets(path: str | None = None) -> list[str]:
    path = path or os.environ.get("NEWSWATCH_SOURCES") or PROJECT_ROOT / "newswatch" / "sources.yaml"
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [key for key, entry in data.items() if isinstance(entry, dict) and entry.get("enabled", True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="Scrapyd node URL (repeatable)")
    parser.add_argument("--project", default="newswatch")
    parser.add_argument("--outlets", help="comma-separated outlet keys (default: every enabled outlet)")
    parser.add_argument("--sources", help="sources YAML (default $NEWSWATCH_SOURCES or newswatch/sources.yaml)")
    parser.add_argument("--split", action="store_true", help="crawl each outlet on every node (needs Redis)")
    parser.add_argument("--setting", action="append", default=[], help="Scrapy setting NAME=VALUE for every job")
    parser.add_argument("--arg", action="append", default=[], help="spider argument NAME=VALUE for every job")
    parser.add_argument("--wait", action="store_true", help="poll until every scheduled job has finished")
    parser.add_argument("--timeout", type=float, default=3 * 3600, help="--wait gives up after this (seconds)")
    args = parser.parse_args(argv)

    urls = args.url or [os.environ.get("SCRAPYD_URL") or "http://127.0.0.1:6800"]
    nodes = [Scrapyd(u, os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD")) for u in urls]
    outlets = [o.strip() for o in args.outlets.split(",") if o.strip()] if args.outlets else \
        enabled_outlets(args.sources)
    settings = list(args.setting)
    if args.split:
        # One run id for all of this scheduling's jobs. settings.py builds the scrapy-redis keys from the
        # NEWSWATCH_REDIS_RUN *environment variable* when it is imported, so a `-s NEWSWATCH_REDIS_RUN=` would not
        # reach them: the keys themselves are given (same format as settings.py).
        run = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
        settings += [f"SCHEDULER_QUEUE_KEY=newswatch:%(spider)s:{run}:requests",
                     f"SCHEDULER_DUPEFILTER_KEY=newswatch:%(spider)s:{run}:dupefilter"]

    failed = False
    jobs: list[tuple[Scrapyd, str, str]] = []
    busy: dict[str, set[str]] = {}
    for n, outlet in enumerate(outlets):
        targets = nodes if args.split else [nodes[n % len(nodes)]]
        for node in targets:
            try:
                if node.url not in busy:
                    busy[node.url] = node.busy(args.project)
                if outlet in busy[node.url]:
                    print(f"{outlet}: still pending or running on {node.url}; not scheduled again")
                    continue
                job = node.schedule(args.project, outlet, settings, args.arg)
            except (OSError, RuntimeError, ValueError) as exc:
                print(f"{outlet}: scheduling on {node.url} failed: {exc}", file=sys.stderr)
                failed = True
                continue
            jobs.append((node, outlet, job))
            print(f"{outlet}: job {job} on {node.url}")

    if args.wait and jobs:
        deadline = time.monotonic() + args.timeout
        waiting = set(jobs)
        while waiting and time.monotonic() < deadline:
            time.sleep(1)
            done = {node.url: node.finished(args.project) for node in {n for n, _, _ in waiting}}
            waiting = {(node, outlet, job) for node, outlet, job in waiting if job not in done[node.url]}
        if waiting:
            print(f"still running after {args.timeout:.0f}s: {sorted(o for _, o, _ in waiting)}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
