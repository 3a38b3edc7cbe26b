"""Security: the private-address guard (links, redirects, DNS answers), no secrets in logs or stats,
nothing from a page evaluated, data files loaded safely, Scrapyd on loopback with authentication."""

from __future__ import annotations

import ast
import configparser
import os
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from newswatch._safety import blocked_reason, fetch_error_reason, private_hosts_allowed
from tests._mongo_server import free_port
from tests.crawling import PROJECT_ROOT, run_crawl
from tests.mocksite import MockNewsSite, bulk_routes

PACKAGE = PROJECT_ROOT / "newswatch"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::1", "[::1]", "fe80::1%eth0",
])
def test_non_public_addresses_are_refused(address):
    assert blocked_reason(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8",
                                     "news.example", "localhost"])
def test_public_addresses_and_names_pass_the_literal_check(address):
    # names are judged on their DNS answer (GuardedResolver), not here
    assert blocked_reason(address) is None


def test_guard_is_on_by_default_and_switched_off_by_setting_or_environment():
    assert not private_hosts_allowed(Settings(), environ={})
    assert private_hosts_allowed(Settings({"NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1"}), environ={})
    assert private_hosts_allowed(Settings(), environ={"NEWSWATCH_ALLOW_PRIVATE_HOSTS": "1"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
    shown = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", "NEWSWATCH_ALLOW_PRIVATE_HOSTS"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert shown.stdout.strip() == "False", shown.stderr


def _proxied_routes(site_port: int) -> dict:
    """The mock site acting as an HTTP proxy for the public-looking host news.example."""
    public = "http://news.example"
    internal = f"http://127.0.0.1:{site_port}"
    links = [
        f"{public}/go-loopback", f"{public}/go-metadata", f"{public}/go-ipv6",  # redirects
        f"http://localhost:{site_port}/internal/by-name",  # a name whose DNS answer is loopback
        f"{internal}/internal/literal", f"http://[::1]:{site_port}/internal/v6",
        f"http://[::ffff:127.0.0.1]:{site_port}/internal/mapped", "http://10.0.0.1/internal/private",
        f"{public}/bulk/0",  # the one public article
    ]
    items = "".join(f"<item><title>t</title><link>{url}</link></item>" for url in links)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>{items}</channel></rss>'.encode()
    article = bulk_routes(1)["/bulk/0"]

    def redirect(target):
        return lambda handler, base: (302, "text/html", b"", {"Location": target})

    def internal_page(handler, base):
        return 200, "text/html", b"<html><body><p>internal secret</p></body></html>", None

    return {
        f"{public}/feed.xml": lambda handler, base: (200, "application/rss+xml", feed, None),
        f"{public}/go-loopback": redirect(f"{internal}/internal/redirected"),
        f"{public}/go-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/"),
        f"{public}/go-ipv6": redirect(f"http://[::1]:{site_port}/internal/redirected-v6"),
        f"{public}/bulk/0": lambda handler, base: article(handler, public),
        **{f"/internal/{name}": internal_page for name in ("by-name", "literal", "v6", "mapped", "redirected",
                                                            "redirected-v6")},
    }


def test_links_redirects_and_dns_answers_to_private_addresses_are_never_followed(tmp_path):
    port = free_port()
    with MockNewsSite(port=port, routes=_proxied_routes(port)) as site:
        run = run_crawl(
            tmp_path, args={"feeds": "http://news.example/feed.xml", "since": "all"},
            settings={"NEWSWATCH_ALLOW_PRIVATE_HOSTS": "0"},
            # news.example is reached through the mock site as a proxy; localhost is connected to directly,
            # so its DNS answer goes through the guarded resolver.
            env={"http_proxy": site.base_url, "no_proxy": "localhost"})
    assert run.returncode == 0, run.log[-3000:]
    reached = {path: hits for path, hits in site.hits.items() if "/internal/" in path or "169.254" in path}
    assert reached == {}, reached
    stored = [doc["url"] for doc in run.stored()]
    assert stored == ["http://news.example/bulk/0"]
    assert run.stat("newswatch/blocked/private_address") >= 7  # literals, incl. the three redirect targets
    assert run.stat("newswatch/fetch/error/private_address") == 8  # + the name resolving to loopback
    assert "resolves to a loopback address 127.0.0.1" in run.log
    assert "link_local address 169.254.169.254" in run.log


def test_password_in_mongo_uri_never_reaches_logs_stats_or_errors(tmp_path):
    password = "Sup3r-Secret%21pw"  # percent-encoded '!' in the URI: neither form may leak
    uri = f"mongodb://newswatch:{password}@127.0.0.1:{free_port()}/?authSource=admin"
    with MockNewsSite(routes=bulk_routes(3)) as site:
        run = run_crawl(tmp_path, args={"feeds": site.url("/bulk.xml")},
                        settings={"NEWSWATCH_STORE_RETRY_DELAYS": "0.05"},
                        env={"MONGO_URI": uri, "NEWSWATCH_MONGO_TIMEOUT_MS": "200"})
    assert run.returncode == 0, run.log[-3000:]
    assert run.stat("newswatch/store/spilled") == 3  # the database is down, nothing is lost either
    assert "newswatch:***@127.0.0.1" in run.log
    outputs = [run.log, (tmp_path / "stats-0.json").read_text()]
    outputs += [path.read_text() for path in (tmp_path / "spill").glob("*")]
    for text in outputs:
        for secret in (password, "Sup3r-Secret!pw", "Sup3r-Secret"):
            assert secret not in text


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                f"{getattr(func.value, 'id', '?')}.{func.attr}" if isinstance(func, ast.Attribute) else "")
            yield name, node


def test_nothing_is_evaluated_and_yaml_is_loaded_safely():
    forbidden = {"eval", "exec", "compile", "__import__", "os.system", "os.popen", "pickle.loads", "pickle.load",
                 "marshal.loads", "yaml.load", "yaml.unsafe_load", "yaml.full_load", "yaml.load_all"}
    found, yaml_loads = [], 0
    for path in sorted(PACKAGE.rglob("*.py")):
        for name, node in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {name}"
            safe_loader = name == "yaml.load" and any(
                kw.arg == "Loader" and "SafeLoader" in ast.unparse(kw.value) for kw in node.keywords)
            if name in forbidden and not safe_loader:
                found.append(where)
            if any(kw.arg == "shell" and getattr(kw.value, "value", False) for kw in node.keywords):
                found.append(f"{where} shell=True")
            yaml_loads += name == "yaml.safe_load" or safe_loader
    assert found == []
    assert yaml_loads >= 3  # sources, rules and lexicons are read, and only with safe_load
    for path in (*PROJECT_ROOT.glob("deploy/*.py"), *PROJECT_ROOT.glob("bench/*.py")):
        names = {name for name, _ in _calls(ast.parse(path.read_text(encoding="utf-8")))}
        assert not names & forbidden, path


def test_scrapyd_listens_on_loopback_with_authentication():
    conf = configparser.ConfigParser()
    conf.read(PROJECT_ROOT / "deploy" / "scrapyd.conf")
    assert conf["scrapyd"]["bind_address"] == "127.0.0.1"
    assert conf["scrapyd"]["username"]
    assert not conf["scrapyd"].get("password")  # from SCRAPYD_PASSWORD in the environment, never the file


def test_fetch_error_reasons_are_stable():
    from scrapy.exceptions import IgnoreRequest

    assert fetch_error_reason(IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (1048576 B) during decompression.")) \
        == "too_large"
    assert fetch_error_reason(IgnoreRequest("max redirections reached")) == "too_many_redirects"
    assert fetch_error_reason(TimeoutError()) == "timeout"
    assert fetch_error_reason(ValueError("x")) == "ValueError"


def test_every_yaml_data_file_parses_with_safe_load():
    import yaml

    files = list(PACKAGE.rglob("*.yaml")) + list(PACKAGE.rglob("*.yml"))
    assert files
    for path in files:
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_no_page_content_reaches_a_shell_or_interpreter():
    # The only subprocesses newswatch starts are its own crawl commands (crawlall), built from argument lists.
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "shell=True" not in text, path
        assert ".evaluate(" not in text, path  # no page script is run from Python (js outlets render only)


def test_crawl_runs_document_and_store_errors_never_carry_the_password():
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from newswatch.extensions import RunRecorder
    from newswatch.storage import StoreUnavailable, open_store

    password = "Sekr%21t-pw"
    uri = f"mongodb://newswatch:{password}@127.0.0.1:{free_port()}/"
    crawler = get_crawler(Spider, {"MONGO_URI": uri, "MONGO_DATABASE": "newswatch",
                                   "NEWSWATCH_MONGO_TIMEOUT_MS": "200"})
    crawler._apply_settings()  # stats and the rest, as at the start of a crawl (Scrapy's own tests do this)
    crawler.spider = Spider(name="outlet")
    document = RunRecorder(crawler).document(crawler.spider, "finished")
    assert document["store"] == f"mongodb://newswatch:***@127.0.0.1:{uri.rsplit(':', 1)[1].rstrip('/')}/newswatch"
    with pytest.raises(StoreUnavailable) as caught:
        open_store(mongo_uri=uri, environ={"NEWSWATCH_MONGO_TIMEOUT_MS": "200"})
    chain, error = [], caught.value
    while error is not None:
        chain.append(f"{error!r} {error}")
        error = error.__cause__ or error.__context__
    for secret in (password, "Sekr!t-pw"):
        assert secret not in repr(document) and secret not in " ".join(chain)
