"""Cleaning stage (newswatch.clean): the seed page, text rules in en/uk/ru, report, paywall verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.clean import CleaningReport, clean_body, clean_tree, detect_paywall, site_rules_for
from newswatch.extract import extract_body, extract_metadata, parse_html

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / ".." / "shared" / "datasets" / "seed"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
MT_URL = "https://www.themoscowtimes.com/2023/04/20/zelensky-presses-nato-on-membership-long-range-weapons-a80890"
MT_TITLE = "Zelensky Presses NATO on Membership, Long-Range Weapons"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def run_flow(html: str, url: str, language: str | None, site_rules: dict | None):
    """The page flow of newswatch.process + CleanPipeline: parse, metadata, clean_tree, body, clean_body."""
    tree = parse_html(html)
    meta = extract_metadata(tree, url)
    html_report = clean_tree(tree, site_rules)
    body = extract_body(tree, url, article_body=meta.get("article_body"))
    body, text_report = clean_body(body, language, site_rules, title=meta.get("title"), authors=meta.get("authors"))
    report = html_report.merge(text_report)
    return body, report, detect_paywall(meta.get("paywalled_hint"), body, report)


@pytest.fixture(scope="module")
def expected_body() -> str:
    return (SEED / "moscowtimes-expected-body.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scraped() -> str:
    return (SEED / "moscowtimes-scraped.txt").read_text(encoding="utf-8")


# --- the seed page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["site", "generic-only"])
def test_seed_page_body_equals_expected_paragraph_for_paragraph(expected_body, rules):
    html = (FIXTURES / "moscowtimes.html").read_text(encoding="utf-8")
    site_rules = site_rules_for("moscowtimes") if rules == "site" else None
    body, report, paywalled = run_flow(html, MT_URL, "en", site_rules)
    assert paragraphs(body) == paragraphs(expected_body)
    assert report.chars_removed > 1500
    assert paywalled is False


def test_seed_fixture_needs_cleaning(expected_body):
    """Without the cleaning stage the extracted body carries the banners: the fixture really tests something."""
    html = (FIXTURES / "moscowtimes.html").read_text(encoding="utf-8")
    raw = extract_body(parse_html(html), MT_URL)
    assert "Our journalism is banned in Russia" in raw
    assert paragraphs(raw) != paragraphs(expected_body)


def test_clean_body_on_scraped_seed_text_removes_every_banner_line(scraped, expected_body):
    body, report = clean_body(scraped, "en", title=MT_TITLE)
    assert paragraphs(body) == paragraphs(expected_body)
    removed = {r.text for r in report.removals}
    for line in ("Enjoying ad-free content?", "Support us", "Sign up for our free weekly newsletter",
                 "Subscribers agree to the Privacy Policy", "Once", "Monthly", "Annual", "Continue",
                 "Not ready to support today?", "Remind me later.", "Read more", "Dear readers,"):
        assert line in removed
    assert {"en:donation", "en:newsletter", "en:payment", "en:read_more", "common:caption"} <= set(report.rules)


def test_clean_body_without_title_keeps_only_the_headline_extra(scraped, expected_body):
    body, _ = clean_body(scraped, None)
    assert paragraphs(body) == [MT_TITLE] + paragraphs(expected_body)


# --- news sentences stay --------------------------------------------------------------------------------------

NEWS = {
    "en": [
        "NATO allies pledged support for Ukraine's air defence at the Ramstein meeting on Tuesday.",
        "Support us, Zelensky told the Munich Security Conference, warning that time was running out.",
        "Residents who subscribe to the city's air-raid alert service receive warnings about two minutes earlier.",
        "The Pentagon said it would make a monthly contribution of ammunition from its own stocks.",
        "Read more about the proposal in the alliance's final communique, the spokesman said.",
        "The ministry said the new rules apply to everyone who uses the state app Diia.",
        "Donations to Ukrainian volunteer groups rose sharply after the attack, according to the charity.",
        "YouTube launched an ad-free subscription tier in Russia last year.",
        "Google removed ads from Russian state media channels in 2022.",
        "Starlink terminals are sold in Ukraine with plans starting at $75 a month.",
        "Investigators follow the tax records of shell companies in Cyprus.",
        "Patreon blocked payouts to Russian creators in March.",
        "The EU agreed a monthly contribution of 1.5 billion euros to Ukraine's budget.",
        "Source: Ukraine's General Staff",
        "Every donation, no matter how small, went to drones for the brigade.",
    ],
    "uk": [
        "Підтримка партнерів залишається ключовою для відновлення енергетики, заявив прем'єр-міністр.",
        "Зеленський закликав союзників: підтримайте нас ППО, поки не пізно.",
        "Уряд ухвалив рішення про щомісячну допомогу переселенцям.",
        "За даними Міноборони, через застосунок Резерв+ оновили дані понад мільйон чоловіків.",
        "Уряд запровадив щомісячну підтримку для переселенців з 1 березня.",
        "Канал мовитиме без реклами до кінця року.",
        "Джерело: Генштаб ЗСУ",
        "Відео удару оприлюднив Telegram-канал «Труха».",
        "Користувачі скаржаться, що не можуть підписатися на канали в Telegram.",
    ],
    "ru": [
        "Поддержка Украины со стороны союзников не ослабнет, заявил генсек НАТО.",
        "Минюст признал издание иностранным агентом и внес его в реестр.",
        "Генпрокуратура признала деятельность организации нежелательной на территории России в июне.",
        "Компания сообщила, что подписчики сервиса в России получат уведомления о блокировке.",
        "Пользователи Telegram в приграничных районах сообщили о перебоях со связью.",
        "Украине нужна регулярная поддержка союзников в ближайшие годы.",
        "Телеканал будет вещать без рекламы до конца года.",
        "«Помогите нам», — просили жители Белгорода у губернатора.",
        "Видео атаки опубликовал телеграм-канал SHOT.",
        "Пользователи жалуются, что не могут подписаться на каналы в Telegram.",
    ],
}


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_news_sentences_with_banner_words_stay(language):
    text = "\n\n".join(NEWS[language])
    for lang in (language, None):
        body, report = clean_body(text, lang)
        assert paragraphs(body) == NEWS[language], report.rules


# --- banners in each language go ----------------------------------------------------------------------------

BANNERS = {
    "en": {
        "en:donation": ["Support us", "Become a member", "Please consider supporting our journalism today.",
                        "Your contribution helps us keep reporting from the front line."],
        "en:messenger": ["Subscribe to our Telegram channel", "Follow us on WhatsApp for breaking news."],
        "en:newsletter": ["Sign up for our daily newsletter", "Get the Ukraine Daily briefing in your inbox."],
        "en:read_more": ["Read more", "Read also: Russia strikes Kyiv with drones overnight"],
        "en:advertisement": ["Advertisement"],
        "en:cookie": ["We use cookies to improve your experience on our site. By continuing you accept them."],
        "en:credit": ["Photo: Genya Savilov / AFP"],
        "en:paywall": ["Subscribe to continue reading", "This article is available to subscribers only."],
        "en:disclaimer": ["This material was created and/or distributed by a foreign mass media outlet performing "
                          "the functions of a foreign agent and/or a Russian legal entity performing the functions "
                          "of a foreign agent."],
    },
    "uk": {
        "uk:donation": ["Підтримайте нас", "Станьте патроном Української правди",
                        "Ваша підтримка допомагає нам залишатися незалежними."],
        "uk:messenger": ["Підписуйтесь на наш Telegram",
                         "Підписуйтеся на наш Telegram-канал, щоб першими дізнаватися новини."],
        "uk:read_more": ["Читайте також: Росія вночі атакувала Київ дронами"],
        "uk:advertisement": ["Реклама"],
        "uk:credit": ["Фото: Офіс президента"],
        "uk:cookie": ["Ми використовуємо файли cookie, щоб сайт працював краще."],
    },
    "ru": {
        "ru:donation": ["Поддержите нас", "Станьте спонсором «Новой газеты Европа»",
                        "Нам очень нужна ваша помощь, чтобы продолжать работу."],
        "ru:messenger": ["Подписывайтесь на наш канал в Telegram", "Подписывайтесь на наш канал"],
        "ru:read_more": ["Читайте также: Что известно о новом наступлении"],
        "ru:advertisement": ["Реклама"],
        "ru:disclaimer": [
            "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ ИНФОРМАЦИИ, "
            "ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА, И (ИЛИ) РОССИЙСКИМ ЮРИДИЧЕСКИМ ЛИЦОМ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ "
            "ИНОСТРАННОГО АГЕНТА",
            "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН ИНОСТРАННЫМ АГЕНТОМ "
            "«РАДИО СВОБОДНАЯ ЕВРОПА/РАДИО СВОБОДА» ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА «РАДИО СВОБОДНАЯ "
            "ЕВРОПА/РАДИО СВОБОДА». 18+",
            "Деятельность «Медузы» признана нежелательной на территории РФ",
            "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И (ИЛИ) РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ ПЕТРОВЫМ ПЕТРОМ "
            "ПЕТРОВИЧЕМ ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ПЕТРОВА ПЕТРА ПЕТРОВИЧА.",
        ],
        "common:age_mark": ["18+"],
        "ru:paywall": ["Продолжение доступно только подписчикам"],
    },
}


@pytest.mark.parametrize("language", ["en", "uk", "ru"])
def test_banners_are_dropped_by_the_named_rule(language):
    story = NEWS[language][0]
    for rule, banners in BANNERS[language].items():
        for banner in banners:
            body, report = clean_body(f"{story}\n\n{banner}\n\n{story}", language)
            assert paragraphs(body) == [story, story], banner
            assert list(report.rules) == [rule], banner
            assert report.rules[rule] == len(" ".join(banner.split()))


def test_common_rules_close_buttons_captions_and_trailing_tags():
    story = NEWS["en"][0]
    text = "\n\n".join(["×", story, "Soldiers fire a howitzer near Bakhmut. Photo: Reuters", "$5", "500 ₽", story,
                        "Tags: NATO, Ukraine, Russia", "NATO", "Ukraine", "Air defence"])
    body, report = clean_body(text, "en")
    assert paragraphs(body) == [story, story]
    assert set(report.rules) == {"common:symbols", "common:caption", "common:payment", "common:tags",
                                 "common:trailing-list"}


def test_a_short_final_paragraph_is_not_a_tag_list():
    text = "\n\n".join(NEWS["en"][:2] + ["He declined to comment."])
    assert clean_body(text, "en")[0] == text


def test_span_drops_a_multi_paragraph_appeal_only_up_to_its_end():
    story = NEWS["en"][0]
    text = "\n\n".join([story, "Dear readers,", "We have reported from Ukraine since 2014 without a paywall.",
                        "Not ready to support today?", "Remind me later.", story])
    body, report = clean_body(text, "en")
    assert paragraphs(body) == [story, story]
    # an unclosed "Dear readers," is only a greeting line: what follows stays
    body, _ = clean_body("\n\n".join(["Dear readers,", story, NEWS["en"][2]]), "en")
    assert paragraphs(body) == [story, NEWS["en"][2]]


def test_site_phrases_and_spans_apply_per_language():
    rules = {"phrases": {"en": ["^from our partners\\b"], "uk": ["^від партнерів\\b"]}}
    story = NEWS["en"][0]
    body, report = clean_body(f"{story}\n\nFrom our partners: a sponsored tour\n\nВід партнерів: тур", "en", rules)
    assert paragraphs(body) == [story, "Від партнерів: тур"]
    assert report.rules == {"site:phrase": len("From our partners: a sponsored tour")}


def test_lines_inside_a_paragraph_are_judged_one_by_one():
    story = NEWS["en"][0]
    body, _ = clean_body(f"{story}\nSupport us\n{NEWS['en'][2]}", "en")
    assert body == f"{story}\n{NEWS['en'][2]}"


@pytest.mark.parametrize("bad", [None, "", "   \n\n  ", 42, b"bytes"])
def test_clean_body_degrades_on_bad_input(bad):
    body, report = clean_body(bad, "en")
    assert body == "" and report.to_dict() == {"rules": {}, "chars_removed": 0}


def test_clean_body_on_huge_input_returns():
    paragraph = "Ukraine said on Monday that it shot down 20 drones. " * 40
    body, _ = clean_body((paragraph + "\n\n") * 900, "en")
    assert len(paragraphs(body)) == 900
    body, _ = clean_body((paragraph + "\n\n") * 5000, "en")  # a runaway extraction is cut, not scanned forever
    assert 0 < len(body) <= 2_000_000


# --- report -------------------------------------------------------------------------------------------------


def test_report_merges_and_serialises():
    html_report = CleaningReport()
    html_report.add("generic:newsletter", "Sign up   for our newsletter", level="html")
    html_report.mark_paywall("generic:paywall")
    _, text_report = clean_body(f"{NEWS['en'][0]}\n\nSupport us\n\nDonate now", "en")
    merged = html_report.merge(text_report)
    assert merged.to_dict() == {
        "rules": {"generic:newsletter": 26, "en:donation": 20},
        "chars_removed": 46,
        "paywall_markers": ["generic:paywall"],
    }
    # the item carries the dict; merging into it again keeps the totals
    again = CleaningReport.from_dict(merged.to_dict()).merge(text_report)
    assert again.to_dict()["rules"] == {"generic:newsletter": 26, "en:donation": 40}
    assert CleaningReport.from_dict({"rules": "garbage"}).to_dict() == {"rules": {}, "chars_removed": 0}


# --- paywall ------------------------------------------------------------------------------------------------


def test_detect_paywall_evidence():
    long_body = " ".join(["word"] * 400)
    assert detect_paywall(True, long_body) is True
    assert detect_paywall(None, long_body) is False
    assert detect_paywall(False, long_body) is False
    teaser = "The defence ministry has drawn up plans for a new conscription law, which would…"
    assert detect_paywall(None, teaser) is True
    assert detect_paywall(None, "Short note without a cut.") is False
    _, report = clean_body(f"{teaser}\n\nSubscribe to continue reading", "en")
    assert detect_paywall(None, long_body, report) is True
    assert detect_paywall(None, long_body, {"rules": {"ru:paywall": 40}, "chars_removed": 40}) is True


PAYWALLED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Inside the Kremlin's war budget</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Inside the Kremlin's war budget","isAccessibleForFree":"False",
"hasPart":{"@type":"WebPageElement","isAccessibleForFree":"False","cssSelector":".paywall"}}</script></head>
<body><main><article><h1>Inside the Kremlin's war budget</h1>
<div class="article-body">
<p>Russia plans to spend almost a third of its federal budget on defence next year, according to draft figures
published by the finance ministry on Friday, the highest share since the Soviet era.</p>
<p>The draft foresees military spending rising to 13 trillion rubles, while spending on schools and hospitals is
cut in real terms, economists who studied the documents said.</p>
<div class="paywall-prompt" data-component="paywall"><h3>Subscribe to continue reading</h3>
<p>Already a subscriber? <a href="/login">Log in</a></p>
<a class="button" href="/subscribe">Subscribe now for full access</a></div>
</div></article></main></body></html>"""


def test_paywalled_page_keeps_teaser_and_drops_prompt():
    body, report, paywalled = run_flow(PAYWALLED_PAGE, "https://example.com/2024/09/30/war-budget", "en", None)
    assert paywalled is True
    assert "Russia plans to spend almost a third" in body and "economists who studied" in body
    assert "subscri" not in body.lower() and "log in" not in body.lower()
    assert "generic:paywall" in report.paywall_markers


def test_paywall_marker_from_page_without_jsonld():
    page = PAYWALLED_PAGE.replace('"isAccessibleForFree":"False",', "").replace(
        '"hasPart":{"@type":"WebPageElement","isAccessibleForFree":"False","cssSelector":".paywall"}', '"x":1')
    _, _, paywalled = run_flow(page, "https://example.com/2024/09/30/war-budget", "en", None)
    assert paywalled is True
    free = page[:page.index('<div class="paywall-prompt"')] + page[page.index("</div>\n</div></article>") + 6:]
    _, _, paywalled = run_flow(free, "https://example.com/2024/09/30/war-budget", "en", None)
    assert paywalled is False
