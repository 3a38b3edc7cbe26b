"""Hostile round 16's fixes, directly: session ids left out of links (``url_rules.yaml`` ``session_params``), links a
template wrapped over lines joined again, and a robots.txt server error's reason."""

from __future__ import annotations

import pytest

from newswatch._safety import RobotsUnavailable, fetch_error_reason
from newswatch.dedup import canonicalize_url, request_url
from newswatch.discovery import Notes, _absolute, without_session_ids

BASE = "https://news.example/feed"


@pytest.mark.parametrize(("link", "clean"), [
    ("https://news.example/a/story.html;jsessionid=0A1B2C3D4E5F", "https://news.example/a/story.html"),
    ("https://news.example/a/story.html;JSESSIONID=0A1B.node01?id=5", "https://news.example/a/story.html?id=5"),
    ("https://news.example/a;jsessionid=x/story", "https://news.example/a/story"),
    ("https://news.example/story?PHPSESSID=9f8e7d6c&id=7", "https://news.example/story?id=7"),
    ("https://news.example/story?id=7&sessionid=zz#comments", "https://news.example/story?id=7#comments"),
    ("https://news.example/shop?osCsid=abc&p=1&zenid=def", "https://news.example/shop?p=1"),
    ("https://news.example/cf?CFID=1&CFTOKEN=2&story=9", "https://news.example/cf?story=9"),
])
def test_a_session_id_is_left_out_of_a_link(link, clean):
    notes = Notes()
    assert _absolute(BASE, link, notes) == clean
    assert [reason for reason, _ in notes.repairs] == ["session_id"]


@pytest.mark.parametrize("link", [
    "https://news.example/modules.php?name=News&file=article&sid=1234",  # PHP-Nuke: sid is the story's id
    "https://rada.example/plenary?session_id=45",  # a parliament's sitting
    "https://news.example/a;type=amp/story",  # a path parameter that is no session
    "https://news.example/session/2026/11/story-about-sessions",
    "https://news.example/story?assessment=1",
])
def test_an_id_that_is_no_session_stays(link):
    notes = Notes()
    assert _absolute(BASE, link, notes) == link
    assert not notes.repairs


def test_the_dedup_key_and_the_request_leave_session_query_parameters_out_too():
    assert canonicalize_url("https://news.example/x?PHPSESSID=1&id=2") == "https://news.example/x?id=2"
    assert request_url("https://news.example/x?id=2&jsessionid=4") == "https://news.example/x?id=2"
    assert without_session_ids("https://news.example/x") == "https://news.example/x"


@pytest.mark.parametrize(("link", "joined"), [
    ("https://news.example/news/wrapped-\n      story", "https://news.example/news/wrapped-story"),
    ("https://news.example/news/story?id=12\r\n    345", "https://news.example/news/story?id=12345"),
    ("https://news.example/news/tab\tstory", "https://news.example/news/tabstory"),
    ("https://news.example/news/atom-        wrapped", "https://news.example/news/atom-wrapped"),
])
def test_a_link_wrapped_over_lines_is_joined_again(link, joined):
    notes = Notes()
    assert _absolute(BASE, link, notes) == joined
    assert [reason for reason, _ in notes.repairs] == ["wrapped_link"]


def test_one_raw_space_in_a_link_is_no_wrap():
    notes = Notes()
    assert _absolute(BASE, "https://news.example/news/my story", notes) == "https://news.example/news/my story"
    assert not notes.repairs


def test_a_request_refused_for_its_hosts_robots_server_error_has_its_own_reason():
    assert fetch_error_reason(RobotsUnavailable("https://x/robots.txt answered 503")) == "robots_unavailable"
