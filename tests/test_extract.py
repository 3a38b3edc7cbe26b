"""newswatch.extract on real pages (../shared/datasets) and realistic hand-built ones."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench._scoring import html_text, score_text
from newswatch import cli
from newswatch.extract import extract_article, extract_body, extract_metadata, parse_html

DATASETS = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"
NEWS = DATASETS / "readability-news"
SEED_BODY = (DATASETS / "seed" / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")


def _page(name: str) -> tuple[bytes, str, dict]:
    folder = NEWS / name
    return (
        (folder / "source.html").read_bytes(),
        html_text((folder / "expected.html").read_text(encoding="utf-8")),
        json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8")),
    )


# --------------------------------------------------------------------------- real pages


@pytest.mark.parametrize("name", ["aclu", "bbc-1", "guardian-1", "lemonde-1", "nytimes-3", "aktualne", "theverge"])
def test_real_pages_title_and_body(name):
    html, truth, meta = _page(name)
    article = extract_article(html)
    # The Guardian's og:title/<title> append the author ("... | Eleanor Ainge Roy"); the <h1> headline
    # does not, and the reference keeps the suffix. Ours is the headline.
    assert article["title"] == meta["title"].removesuffix(" | Eleanor Ainge Roy")
    overlap = score_text(article["body"], truth)
    assert overlap.recall >= 0.75, overlap
    assert overlap.precision >= 0.9, overlap
    # paragraphs: separated by exactly one blank line, none empty
    paragraphs = article["body"].split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p.strip() == p and p and "\n" not in p for p in paragraphs)


def test_title_outlet_suffix_is_removed():
    # <title>/og:title carry " - Breitbart"; the reference keeps it, our titles never do
    html, _, meta = _page("breitbart")
    title = extract_article(html, "https://www.breitbart.com/tech/2016/12/22/neutral-snopes/")["title"]
    assert meta["title"].endswith(" - Breitbart")
    assert title == meta["title"].removesuffix(" - Breitbart")


def test_embedded_photo_gallery_is_not_body_text():
    # bug-1255978 embeds a 50-picture gallery of unrelated business stories in the article
    html, truth, _ = _page("bug-1255978")
    body = extract_article(html)["body"]
    assert "1/50" not in body and "Business news in pictures" not in body
    overlap = score_text(body, truth)
    assert overlap.precision >= 0.9 and overlap.recall >= 0.8, overlap


@pytest.mark.parametrize(
    ("name", "authors"),
    [
        ("nytimes-1", ["Jeffrey Gettleman"]),  # JSON-LD
        ("lemonde-1", ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),  # "A (avec B et C)"
        # The byline under the headline (itemprop="author creator") names AFP; Readability's reference
        # takes "Par Sébastien Farcis" from a related story in <aside class="related">, which is wrong.
        ("liberation-1", ["AFP"]),
        ("wikia", ["James Akinaka"]),  # class="author-name", not the commenters' names further down
        ("yahoo-3", ["Gillian Mohney"]),  # hCard in capitals: a name set in capitals comes out in the usual case
        ("telegraph", []),  # the page says "Our Foreign Staff": no name is guessed from elsewhere
    ],
)
def test_authors_of_real_pages(name, authors):
    html, _, _ = _page(name)
    assert extract_article(html)["authors"] == authors


def test_article_body_from_jsonld_when_the_page_renders_it_with_javascript():
    graph = {"@type": "NewsArticle", "headline": "Zelensky Presses NATO", "articleBody": SEED_BODY.replace("\n\n", " ")}
    page = f"""<html><head><script type="application/ld+json">{json.dumps(graph)}</script></head>
    <body><div id="app"></div><footer>© The Moscow Times</footer></body></html>"""
    body = extract_article(page)["body"]
    assert score_text(body, SEED_BODY).f1 >= 0.95
    # ... but an articleBody that does not match the visible text (another story) is not used
    graph["articleBody"] = "An unrelated teaser about something else entirely. " * 40
    page = _moscow_times_page(graph)
    assert "unrelated teaser" not in extract_article(page)["body"]


def test_page_tail_and_interface_lines_are_cut():
    html, truth, _ = _page("salon-1")
    body = extract_article(html)["body"]
    for junk in ("You Might Also Like", "Featured Slide Shows", "Share on Twitter", "Fullscreen"):
        assert junk not in body
    assert score_text(body, truth).recall >= 0.95  # the story itself is all there


def test_a_gallery_class_on_the_story_container_does_not_remove_the_story():
    page = _moscow_times_page().replace("<article>", '<article class="story has-gallery">')
    # inline scripts that outweigh the story must not fool the guard
    page = page.replace("</head>", "<script>var state = '" + "x" * 200_000 + "';</script></head>")
    body = extract_article(page)["body"]
    assert score_text(body, SEED_BODY).recall >= 0.95


def test_a_pruning_rule_that_hits_an_unmarked_story_is_undone():
    paragraphs = "".join(f"<p>{p}</p>" for p in SEED_BODY.split("\n\n") if p.strip())
    page = (
        "<html><head><script>var state = '" + "x" * 200_000 + "';</script></head><body>"
        f'<div class="with-gallery">{paragraphs}</div><footer>© The Moscow Times</footer></body></html>'
    )
    assert score_text(extract_article(page)["body"], SEED_BODY).recall >= 0.95


def test_html_in_jsonld_article_body_never_reaches_the_text():
    html, truth, _ = _page("aclu")
    body = extract_article(html)["body"]
    assert "<h3" not in body and "</p>" not in body and "class=" not in body
    assert score_text(body, truth).f1 >= 0.95


@pytest.mark.parametrize(
    ("name", "published", "modified"),
    [
        # JSON-LD datePublished -05:00 ... and a later dateModified that must stay out of published_at
        (
            "nytimes-3",
            datetime(2019, 2, 21, 8, 0, 8, tzinfo=UTC),
            datetime(2019, 2, 22, 12, 17, 45, 596000, tzinfo=UTC),
        ),
        ("aktualne", datetime(2021, 11, 1, 9, 52, 50, tzinfo=UTC), None),  # +0100 offset
        ("seattletimes-1", datetime(2019, 4, 28, 6, 1, 7, tzinfo=UTC), datetime(2019, 4, 29, 15, 33, 39, tzinfo=UTC)),
    ],
)
def test_dates_are_utc_and_modified_never_replaces_published(name, published, modified):
    html, _, _ = _page(name)
    article = extract_article(html)
    assert article["published_at"] == published
    assert article["published_at"].utcoffset() == timedelta(0)
    if modified is not None:
        assert article["modified_at"] == modified
        assert article["modified_at"] != article["published_at"]


def test_metadata_fields_of_a_real_page():
    html, _, _ = _page("nytimes-1")
    meta = extract_metadata(parse_html(html), "https://www.nytimes.com/2017/01/13/world/africa/sudan.html")
    assert meta["authors"] == ["Jeffrey Gettleman"]
    assert meta["language"] == "en"
    assert meta["section"] == "Africa"
    assert "Sudan" in meta["tags"]
    assert meta["canonical_url"].startswith("https://www.nytimes.com/2017/01/13/world/africa/")
    assert meta["image_url"].startswith("https://")


def test_tags_and_sections_from_cms_quirks():
    html, _, _ = _page("youth")  # keywords separated by ";"
    assert extract_article(html)["tags"][:3] == ["关注点", "国家", "发展"]
    html, _, _ = _page("article-author-tag")  # articleSection "nil" is a template placeholder
    assert extract_article(html)["section"] is None


def test_language_from_page_declaration_and_detection():
    for name, code in [("aktualne", "cs"), ("lemonde-1", "fr"), ("folha", "pt"), ("yahoo-4", "ja")]:
        html, _, _ = _page(name)
        assert extract_article(html)["language"] == code, name
    # gmw (Chinese) declares no language at all: guessed from the text
    html, _, _ = _page("gmw")
    assert extract_article(html)["language"] == "zh"


# --------------------------------------------------------------------------- realistic hand-built pages

_GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "@id": "https://www.themoscowtimes.com/#website", "name": "The Moscow Times"},
        {
            "@type": "WebPage",
            "@id": "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891",
            "datePublished": "2023-04-20T11:00:00+03:00",
            "inLanguage": "en-US",
        },
        {
            "@type": ["NewsArticle", "ReportageNews"],
            "headline": "Zelensky Presses NATO on Membership, Long-Range Weapons",
            "datePublished": "2023-04-20T13:42:00+03:00",
            "dateModified": "2023-04-21T09:00:00+03:00",
            "author": [{"@type": "Person", "name": "AFP"}, {"@type": "Organization", "name": "The Moscow Times"}],
            "articleSection": ["News", "Ukraine War"],
            "keywords": "NATO, Ukraine, Zelensky, nato",
            "image": {"@type": "ImageObject", "url": "/media/zelensky.jpg"},
            "isAccessibleForFree": "True",
            "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"},
            "publisher": {"@type": "NewsMediaOrganization", "name": "The Moscow Times"},
        },
    ],
}


def _moscow_times_page(jsonld: object = _GRAPH, extra_head: str = "") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in SEED_BODY.split("\n\n") if p.strip())
    script = json.dumps(jsonld) if not isinstance(jsonld, str) else jsonld
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Zelensky Presses NATO on Membership, Long-Range Weapons - The Moscow Times</title>
<link rel="canonical" href="/2023/04/20/zelensky-presses-nato-a80891">
<meta property="og:site_name" content="The Moscow Times">
<meta property="article:modified_time" content="2023-04-22T10:00:00+03:00">
<script type="application/ld+json">{script}</script>{extra_head}
</head><body>
<nav><a href="/news">News</a> <a href="/opinion">Opinion</a> <a href="/business">Business</a></nav>
<article><h1>Zelensky Presses NATO on Membership, Long-Range Weapons</h1>
<time datetime="2023-04-21T09:00:00+03:00" class="updated">Updated: April 21, 2023</time>
{paragraphs}
<figure><img src="/media/zelensky.jpg">
<figcaption>Volodymyr Zelensky and Jens Stoltenberg. president.gov.ua</figcaption></figure>
</article>
<aside class="related"><h3>Read more</h3><ul><li><a href="/a">Kremlin says NATO bid a threat</a></li></ul></aside>
<footer>© The Moscow Times, all rights reserved.</footer>
</body></html>"""


def test_jsonld_graph_gives_the_article_node():
    url = "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891"
    article = extract_article(_moscow_times_page(), url)
    assert article["title"] == "Zelensky Presses NATO on Membership, Long-Range Weapons"
    # the article node's datePublished, not the WebPage's, in UTC; dateModified kept apart
    assert article["published_at"] == datetime(2023, 4, 20, 10, 42, tzinfo=UTC)
    assert article["modified_at"] == datetime(2023, 4, 21, 6, 0, tzinfo=UTC)
    # no person named: the agency and the outlet stay, as organisations
    assert article["authors"] == ["AFP", "The Moscow Times"]
    assert article["section"] == "News"
    assert article["tags"] == ["NATO", "Ukraine", "Zelensky"]
    assert article["language"] == "en"
    assert article["canonical_url"] == url
    assert article["image_url"] == "https://www.themoscowtimes.com/media/zelensky.jpg"
    assert article["paywalled_hint"] is True  # hasPart isAccessibleForFree: false
    body = article["body"]
    assert score_text(body, SEED_BODY).recall >= 0.95
    assert "Read more" not in body and "Kremlin says" not in body and "president.gov.ua" not in body


def test_live_blog_updates_are_not_taken_for_the_article():
    blog = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Russia's war against Ukraine: live updates",
        "datePublished": "2023-04-20T05:00:00Z",
        "coverageStartTime": "2023-04-20T05:00:00Z",
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "headline": "Stoltenberg arrives in Kyiv", "datePublished": "2023-04-20T09:12:00Z",
             "author": {"@type": "Person", "name": "Olena Koval"}, "articleBody": "NATO's chief is in Kyiv."},
        ],
    }
    article = extract_article(_moscow_times_page(blog))
    assert article["title"] == "Russia's war against Ukraine: live updates"
    assert article["published_at"] == datetime(2023, 4, 20, 5, 0, tzinfo=UTC)
    assert article["authors"] == []


def test_invalid_and_huge_jsonld_fall_back_to_meta_tags():
    broken = '{"@type": "NewsArticle", "headline": "Broken", "datePublished": '  # truncated
    huge = json.dumps({"@type": "NewsArticle", "headline": "Huge", "articleBody": "x" * 3_000_000})
    extra = f'<script type="application/ld+json">{huge}</script>'
    article = extract_article(_moscow_times_page(broken, extra))
    assert article["title"] == "Zelensky Presses NATO on Membership, Long-Range Weapons"  # from <title>, suffix gone
    assert article["modified_at"] == datetime(2023, 4, 22, 7, 0, tzinfo=UTC)  # article:modified_time
    # No JSON-LD dates: the <time class="updated"> (21 April) is a modification, never the publication;
    # the day in the canonical link's path is the best evidence left.
    assert article["published_at"] == datetime(2023, 4, 20, tzinfo=UTC)
    assert article["canonical_url"] is None  # relative, and no page URL to resolve it against
    article = extract_article(_moscow_times_page(broken), "https://www.themoscowtimes.com/news/a80891")
    assert article["canonical_url"] == "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-a80891"


_RU_PAGE = """<html><head>{meta}<title>Песков прокомментировал саммит НАТО в Вильнюсе — Новости</title></head>
<body><div class="content"><h1>Песков прокомментировал саммит НАТО в Вильнюсе</h1>
<p class="byline">Автор: Иван Петров и Ольга Смирнова</p>
<p>Пресс-секретарь президента России Дмитрий Песков заявил журналистам, что в Кремле внимательно следят за
подготовкой к саммиту Североатлантического альянса, который пройдёт в июле в Вильнюсе.</p>
<p>По его словам, расширение НАТО на восток остаётся одной из главных угроз для безопасности России, а
возможное вступление Украины в альянс будет иметь «очень серьёзные последствия» для всей Европы.</p>
<p>Ранее генеральный секретарь НАТО Йенс Столтенберг заявил, что будущее Украины — в альянсе, однако
конкретных сроков вступления страны в организацию на саммите в Вильнюсе назвать не удастся.</p>
</div></body></html>"""


@pytest.mark.parametrize("meta", ['<meta charset="windows-1251">', '<meta http-equiv="Content-Type" '
                                  'content="text/html; charset=windows-1251">', ""])
def test_windows_1251_bytes_are_decoded(meta):
    html = _RU_PAGE.format(meta=meta).encode("cp1251")
    article = extract_article(html)
    # the outlet is unknown (no og:site_name, no URL): the <h1> shows where the headline ends
    assert article["title"] == "Песков прокомментировал саммит НАТО в Вильнюсе"
    assert "Дмитрий Песков заявил журналистам" in article["body"]
    assert "Ð" not in article["body"] and "\ufffd" not in article["body"]
    assert article["language"] == "ru"


def test_koi8r_and_misdeclared_utf8_are_decoded():
    koi8 = _RU_PAGE.format(meta="").translate(str.maketrans("—«»", "-\"\"")).encode("koi8-r")
    assert "Столтенберг" in extract_article(koi8)["body"]
    wrong = _RU_PAGE.format(meta='<meta charset="utf-8">').encode("cp1251")
    assert "Столтенберг" in extract_article(wrong)["body"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_encodings_with_and_without_bom(encoding):
    page = _RU_PAGE.format(meta="")
    article = extract_article(page.encode(encoding))
    assert article["title"] == "Песков прокомментировал саммит НАТО в Вильнюсе"
    assert "Столтенберг" in article["body"]


def test_declared_english_over_ukrainian_text_is_corrected():
    page = """<html lang="en"><head><title>Зеленський зустрівся зі Столтенбергом</title></head><body><article>
    <p>Президент України Володимир Зеленський у четвер зустрівся з генеральним секретарем НАТО Єнсом
    Столтенбергом, який уперше від початку повномасштабного вторгнення приїхав до Києва.</p>
    <p>Зеленський закликав союзників ухвалити політичне рішення щодо членства України в альянсі на саміті у
    Вільнюсі та пришвидшити постачання далекобійної зброї і сучасних винищувачів.</p>
    <p>Столтенберг заявив, що місце України — в НАТО, і всі союзники з цим погоджуються.</p></article></body></html>"""
    assert extract_article(page)["language"] == "uk"


# --------------------------------------------------------------------------- robustness


def test_tree_is_not_modified_and_body_works_after_other_stages_removed_elements():
    tree = parse_html(_moscow_times_page())
    before = len(tree.xpath("//*"))
    meta = extract_metadata(tree)
    body = extract_body(tree)
    assert len(tree.xpath("//*")) == before  # trafilatura worked on its own copy
    # the cleaning stage removes elements from the same tree between metadata and body
    for paragraph in tree.xpath("//p[contains(., 'Vilnius')]"):
        paragraph.drop_tree()
    cleaned = extract_body(tree, article_body=meta["article_body"])
    assert "Vilnius" in body and "Vilnius" not in cleaned
    assert "Stoltenberg" in cleaned


@pytest.mark.parametrize(
    "html",
    [
        b"", "", None, "   ", b"\x00\xff\xfe\x00garbage", "<", "<html", "<p>unclosed <b>bold <i>text",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>xml prolog</p></body></html>",
        b"\x1f\x8b\x08\x00 not really gzip", "<html><body>" + "<div>" * 20000 + "deep" + "</body></html>",
        '<html><head><script type="application/ld+json">{"@type": [null, 3], "author": {"name": {"x": []}}, '
        '"datePublished": "yesterday", "headline": ["", null]}</script></head><body></body></html>',
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
    ],
)
def test_garbage_never_raises(html):
    article = extract_article(html)
    assert set(article) >= {"title", "body", "published_at", "authors", "tags"}
    assert isinstance(article["body"], str)
    assert isinstance(article["authors"], list)


def test_random_bytes_and_truncated_real_page_never_raise():
    rng = random.Random(7)
    for _ in range(20):
        extract_article(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000))))
    html, truth, _ = _page("guardian-1")
    article = extract_article(html[: len(html) // 2])  # cut mid-page
    assert article["title"]
    assert isinstance(article["body"], str)


# --------------------------------------------------------------------------- the command


def test_extract_command_writes_json_lines_in_input_order(tmp_path, capsys):
    plain = NEWS / "bbc-1" / "source.html"
    zipped = tmp_path / "lemonde.html.gz"
    zipped.write_bytes(gzip.compress((NEWS / "lemonde-1" / "source.html").read_bytes()))
    corrupt = tmp_path / "corrupt.html.gz"
    corrupt.write_bytes(b"not gzip at all")
    missing = tmp_path / "missing.html"

    code = cli.main(["extract", str(plain), str(missing), str(zipped), str(corrupt)])

    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["path"] for r in records] == [str(plain), str(missing), str(zipped), str(corrupt)]
    assert records[0]["title"] == "Obama admits US gun laws are his 'biggest frustration'"
    assert records[0]["published_at"] == "2015-07-24T04:36:09+00:00"
    assert datetime.fromisoformat(records[2]["published_at"]).utcoffset() == timedelta(0)
    assert records[2]["language"] == "fr" and records[2]["body"]
    assert "error" in records[1] and "error" in records[3]
    assert "body" not in records[1]
    assert code == 1  # some files failed, all were reported


def test_graph_author_referenced_by_id_is_resolved():
    html = """<html><head><script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsArticle", "@id": "https://www.politico.eu/article/x/#article",
   "headline": "EU agrees new sanctions on Russia", "datePublished": "2026-11-20T09:00:00+01:00",
   "author": [{"@id": "https://www.politico.eu/#/schema/person/abc"}]},
  {"@type": "Person", "@id": "https://www.politico.eu/#/schema/person/abc", "name": "Jacopo Barigazzi"}
]}</script></head><body><article><p>Text.</p></article></body></html>"""
    meta = extract_metadata(parse_html(html), "https://www.politico.eu/article/x/")
    assert meta["authors"] == ["Jacopo Barigazzi"]
