"""A real Scrapyd on a free loopback port: build and deploy the egg, schedule an outlet, find its articles.

Uses deploy/scrapyd.conf (port and directories moved into a temp dir), deploy/scrapyd_runner.py,
scrapy.cfg's ``[deploy:node]`` target through the real ``scrapyd-deploy``, and deploy/schedule.py.
"""

from __future__ import annotations

import base64
import configparser
import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from newswatch.state import open_state
from newswatch.storage import SqliteStore
from tests._mongo_server import free_port
from tests.crawling import FAST_SETTINGS, PROJECT_ROOT
from tests.mocksite import EXPECTED_ARTICLES, MockNewsSite

BIN = Path(sys.executable).parent


def _scrapyd_conf(tmp_path: Path, port: int) -> Path:
    config = configparser.ConfigParser()
    config.read(PROJECT_ROOT / "deploy" / "scrapyd.conf")
    section = config["scrapyd"]
    assert section["bind_address"] == "127.0.0.1" and section["username"] == "newswatch"
    assert "password" not in section  # comes from SCRAPYD_PASSWORD, never from the file
    section["http_port"] = str(port)
    for name in ("eggs_dir", "dbs_dir", "logs_dir"):
        section[name] = str(tmp_path / name)
    section["poll_interval"] = "0.5"
    path = tmp_path / "scrapyd.conf"
    with path.open("w") as fh:
        config.write(fh)
    return path


@pytest.fixture
def scrapyd(tmp_path):
    if shutil.which("scrapyd", path=str(BIN)) is None:
        pytest.skip("scrapyd is not installed (pip install -r requirements-dev.txt)")
    port = free_port()
    _scrapyd_conf(tmp_path, port)
    password = secrets.token_urlsafe(12)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONGO_", "NEWSWATCH_", "SCRAPYD_"))}
    env.update({
        "SCRAPYD_PASSWORD": password,
        "PYTHONPATH": str(PROJECT_ROOT / "deploy"),
        "NEWSWATCH_DB_PATH": str(tmp_path / "newswatch.sqlite3"),
        "NEWSWATCH_SPILL_DIR": str(tmp_path / "spill"),
        "NEWSWATCH_SOURCES": str(tmp_path / "sources.yaml"),
        "NEWSWATCH_TOPIC_FILTER": "tag",
    })
    log = (tmp_path / "scrapyd.out").open("w")
    proc = subprocess.Popen([str(BIN / "scrapyd")], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "daemonstatus.json", timeout=2)
        except urllib.error.HTTPError:
            break  # it answers (401: authentication is on)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"scrapyd did not start: {(tmp_path / 'scrapyd.out').read_text()[-2000:]}")
            time.sleep(0.2)
    yield {"url": url, "password": password, "dir": tmp_path}
    proc.terminate()
    proc.wait(10)
    log.close()


def _get(url: str, password: str | None = None) -> dict:
    headers = {}
    if password:
        headers["Authorization"] = "Basic " + base64.b64encode(f"newswatch:{password}".encode()).decode()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return json.loads(response.read())


def _assert_egg_has_every_data_file(egg: Path) -> None:
    """sources.yaml, rules, lexicons...: every non-Python file of the package must ship in the egg."""
    package = PROJECT_ROOT / "newswatch"
    data_files = {
        str(path.relative_to(PROJECT_ROOT)) for path in package.rglob("*")
        # .md files are notes for people, not data the code loads
        if path.is_file() and path.suffix not in (".py", ".pyc", ".md") and "__pycache__" not in path.parts
    }
    assert "newswatch/sources.yaml" in data_files
    with zipfile.ZipFile(egg) as archive:
        missing = data_files - set(archive.namelist())
    assert not missing, f"not in the egg (add their extension to package-data in pyproject.toml): {missing}"


def deploy(env: dict) -> subprocess.CompletedProcess:
    """``scrapyd-deploy node`` from the project root, one at a time: it builds the egg in the checkout (``build/``,
    ``*.egg-info``), which two test processes (pytest-xdist) must not do at once."""
    with (Path(tempfile.gettempdir()) / "newswatch-scrapyd-deploy.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run([str(BIN / "scrapyd-deploy"), "node", "--version", "t1"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=180)


def test_deploy_egg_and_schedule_outlet_on_real_scrapyd(scrapyd):
    url, password, workdir = scrapyd["url"], scrapyd["password"], scrapyd["dir"]
    with pytest.raises(urllib.error.HTTPError) as denied:
        _get(url + "listprojects.json")
    assert denied.value.code == 401

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPYD_",))}
    env.update({"SCRAPYD_URL": url, "SCRAPYD_PASSWORD": password})
    deployed = deploy(env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert _get(url + "listprojects.json", password)["projects"] == ["newswatch"]
    _assert_egg_has_every_data_file(next((workdir / "eggs_dir" / "newswatch").glob("*.egg")))

    with MockNewsSite() as site:
        (workdir / "sources.yaml").write_text(
            f"mockherald:\n  name: Mock Herald\n  url: {site.base_url}/\n  languages: [en]\n"
            f"  feeds: ['{site.url('/rss.xml')}', '{site.url('/atom.xml')}', '{site.url('/rdf.xml')}']\n",
            encoding="utf-8")
        spiders = _get(url + "listspiders.json?project=newswatch", password)["spiders"]
        assert "mockherald" in spiders
        settings = [arg for k, v in FAST_SETTINGS.items() for arg in ("--setting", f"{k}={v}")]
        scheduled = subprocess.run(
            [sys.executable, str(PROJECT_ROOT / "deploy" / "schedule.py"), "--url", url, "--sources",
             str(workdir / "sources.yaml"), *settings, "--wait", "--timeout", "150"],
            env=env, capture_output=True, text=True, timeout=200)
    assert scheduled.returncode == 0, scheduled.stdout + scheduled.stderr
    job = scheduled.stdout.split("job ", 1)[1].split()[0]

    store = SqliteStore(workdir / "newswatch.sqlite3")
    try:
        paths = {doc["url"].split("?")[0].removeprefix(site.base_url) for doc in store.iter_articles()}
    finally:
        store.close()
    expected = {p for p in EXPECTED_ARTICLES if not p.startswith("/uk/")}  # the uk story is only in the sitemap
    logs = "\n".join(p.read_text() for p in (workdir / "logs_dir").rglob("*.log"))
    assert expected <= paths, logs[-3000:]

    state = open_state(db_path=workdir / "newswatch.sqlite3")
    try:
        [run] = state.recent_runs("mockherald")
    finally:
        state.close()
    assert run["run_id"] == job and run["status"] == "ok" and run["counts"]["stored"] == len(paths)
