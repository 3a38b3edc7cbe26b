"""Scrapyd runner that unpacks the project egg to a temporary directory before crawling.

Scrapyd's own runner imports the egg as a zip file; newswatch opens its data files (sources.yaml, rules,
lexicons) from the package directory, which a zip cannot provide. Everything else is as in
``scrapyd.runner``: the egg (version from ``SCRAPYD_EGG_VERSION``, default the newest) comes from Scrapyd's
egg storage, and the job runs through ``scrapy.cmdline.execute``.

Enabled by ``runner = scrapyd_runner`` in deploy/scrapyd.conf, with deploy/ on Scrapyd's PYTHONPATH.
"""

from __future__ import annotations

import configparser
import os
import shutil
import sys
import tempfile
import zipfile


def _settings_module(egg_dir: str) -> str | None:
    entry_points = os.path.join(egg_dir, "EGG-INFO", "entry_points.txt")
    parser = configparser.ConfigParser()
    parser.read(entry_points)
    return parser.get("scrapy", "settings", fallback=None)


def main() -> None:
    from scrapyd import Config
    from scrapyd.utils import initialize_component

    project = os.environ["SCRAPY_PROJECT"]
    eggstorage = initialize_component(Config(), "eggstorage", "scrapyd.eggstorage.FilesystemEggStorage")
    version, egg = eggstorage.get(project, os.environ.get("SCRAPYD_EGG_VERSION"))
    workdir = tempfile.mkdtemp(prefix=f"{project}-{version}-")
    try:
        if egg is not None:
            with egg, zipfile.ZipFile(egg) as archive:
                archive.extractall(workdir)
            sys.path.insert(0, workdir)
            module = _settings_module(workdir)
            if module:
                os.environ.setdefault("SCRAPY_SETTINGS_MODULE", module)
        from scrapy.cmdline import execute

        execute()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
