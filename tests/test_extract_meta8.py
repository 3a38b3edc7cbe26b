"""Article metadata, eighth round (tests/fixtures/extract_meta8; scorer: bench/extract_meta.py).

Every field an expectation gives is checked on its page; then the general causes fixed in this round, one by one,
both ways (what must change and its look-alike that must not).
"""

from __future__ import annotations

import pytest

from newswatch.extract import extract_article
from newswatch.extract._language import guess_language, reconcile_language
from newswatch.extract.normalize import split_authors
from tests._meta_sets import MetaRound

ROUND = MetaRound("extract_meta8")


test_the_set_covers_its_languages_and_has_a_holdout = ROUND.coverage_test(
    pages=36, each=10, holdout=10, languages={"be", "kk"})


test_metadata = ROUND.metadata_test()


# --- the general causes --------------------------------------------------------------------------------------

BE = ("Па словах кіраўніка рэжыму, вайскоўцы застануцца на сваёй тэрыторыі і будуць ахоўваць мяжу. "
      "Ён таксама паведаміў, што сумесныя вучэнні з Расіяй пройдуць у снежні.")
KK = ("Қазақстан Сыртқы істер министрлігі Украинадағы жағдайға қатысты мәлімдеме жасады. "
      "Министрліктің ресми өкілі елдің бейбіт келіссөздерді қолдайтынын атап өтті.")
RU = ("Силы противовоздушной обороны ночью сбили большую часть беспилотников, сообщили в министерстве обороны. "
      "Обломки повредили несколько частных домов, пострадавших нет. ")
UK = ("Мешканці Салтівки розповіли, як пережили нічний обстріл. Ракета влучила у двір між будинками, "
      "вибуховою хвилею вибило вікна у понад двохстах квартирах. Комунальники вже закривають вікна плівкою. ")


def test_belarusian_and_kazakh_are_neither_ukrainian_nor_russian():
    assert guess_language(BE) == "be" and guess_language(KK) == "kk"
    assert reconcile_language("ru", BE) == "be" and reconcile_language("ru", KK) == "kk"
    assert reconcile_language("uk", BE) == "be"
    # a Belarusian name or a quoted line in a Russian story leaves it Russian
    assert reconcile_language("ru", RU * 6 + "«Дзякуй, што прыйшлі», — сказаў ён.") == "ru"
    assert guess_language(RU * 6 + "Таксама ў Мінску. ") == "ru"


def test_a_ukrainian_story_quoting_russian_speakers_is_ukrainian():
    quote = "«Мы тут сорок лет живём, никуда не поедем, это наш дом», — каже сусід. "
    assert reconcile_language("ru", UK * 2 + quote) == "uk"
    # a Russian story quoting a Ukrainian official stays Russian
    assert reconcile_language("ru", RU * 3 + "«Ми не відступимо», — заявив він. ") == "ru"
    assert reconcile_language("uk", UK * 2 + quote) == "uk"


def test_the_narration_decides_not_the_quotes():
    quotes = ("«Всё горело, ничего не осталось. Мы выскочили в чём были, хорошо хоть живые», — розповідає Людмила. "
              "«Это уже третий раз за месяц, мы просто не успеваем заделывать окна», — каже її сусід. ")
    assert reconcile_language("ru", UK + quotes) == "uk"  # a third Russian by its letters, all of it quoted
    assert reconcile_language("ru", UK + quotes.replace("«", "").replace("»", "")) == "ru"  # unquoted: mixed
    # a Russian narration quoting Ukrainians at length stays Russian
    ukrainian = "«Ми не відступимо і будемо захищати кожен будинок нашого міста», — заявив він. "
    assert reconcile_language("ru", RU + ukrainian * 3) == "ru"


@pytest.mark.parametrize(("byline", "expected"), [
    ("Текст — Анна Волкова. Фото — Дмитрий Смирнов / ТАСС", ["Анна Волкова"]),
    ("Фото: Олександр Кравець. Текст: Ірина Сидоренко", ["Ірина Сидоренко"]),
    ("Текст: Анна Волкова, Игорь Петров", ["Анна Волкова", "Игорь Петров"]),
    ("Олег Фотов", ["Олег Фотов"]),  # a surname that starts like a label is a name
])
def test_a_credit_label_split_off_by_a_dash_still_credits(byline, expected):
    assert split_authors(byline) == expected


def _credited(line: str) -> str:
    return (f'<html lang="uk"><head><title>Як живе Куп\'янськ</title></head><body><article><h1>Як живе Куп\'янськ</h1>'
            f'<p class="article__credits">{line}</p><p>{UK}</p></article></body></html>')


def test_a_photo_credit_printed_before_the_writers_label():
    assert extract_article(_credited("Фото: Олександр Кравець. Текст: Ірина Сидоренко"))["authors"] == [
        "Ірина Сидоренко"]
    assert extract_article(_credited("Фото: Олександр Кравець"))["authors"] == []  # a photo credit alone


def _live(structured: str, og: str, h1: str) -> str:
    return (f'<html lang="en"><head><meta property="og:title" content="{og}">'
            f'<script type="application/ld+json">{{"@type": "LiveBlogPosting", "headline": "{structured}"}}</script>'
            f'</head><body><h1>{h1}</h1><p>Russia launched more than 100 drones overnight.</p></body></html>')


def test_a_structured_headline_adding_the_running_storys_name():
    shown = "Drone Strikes Cut Power in Kyiv as Peace Talks Stall"
    assert extract_article(_live(f"Russia-Ukraine Latest: {shown}", shown, shown))["title"] == shown
    assert extract_article(_live(f"{shown} - Live updates", shown, shown))["title"] == shown
    # the og:title alone (a social headline the h1 does not show) does not outrank the structured one
    social = "Putin's nightmare as Kyiv talks stall"
    assert extract_article(_live(f"Latest: {social}", social, shown))["title"] == f"Latest: {social}"


def _undescribed(head: str = "", before: str = "", first: str = "") -> str:
    first = first or ("У Полтаві в ніч на 27 листопада уламки збитого дрона пошкодили дах багатоповерхівки, "
                      "постраждалих немає, повідомили у міській військовій адміністрації.")
    return (f'<html lang="uk"><head><title>Уламки дрона пошкодили дах багатоповерхівки в Полтаві</title>{head}</head>'
            f'<body><article><h1>Уламки дрона пошкодили дах багатоповерхівки в Полтаві</h1>{before}<p>{first}</p>'
            '<p>Рятувальники накрили пошкоджену частину даху плівкою.</p></article></body></html>')


def test_the_first_paragraph_describes_a_page_that_declares_nothing():
    got = extract_article(_undescribed(before='<figure><figcaption>Фото: ДСНС Полтавщини, 27 листопада 2026 '
                                              'року, уламки дрона на даху будинку.</figcaption></figure>'))
    assert got["description"].startswith("У Полтаві в ніч на 27 листопада")
    # a declared description that only repeated the headline stays dropped (extract_meta7)
    repeated = '<meta name="description" content="Уламки дрона пошкодили дах багатоповерхівки в Полтаві">'
    assert extract_article(_undescribed(head=repeated))["description"] is None
    # a notice sharing no word with the headline, and an author's bio box, are not the story's opening
    notice = "Наша журналістика існує завдяки читачам, підтримайте нас будь-якою сумою на сторінці редакції."
    assert extract_article(_undescribed(before=f"<p>{notice}</p>"))["description"].startswith("У Полтаві")
    bio = ('<div class="author-bio"><p>Віктор Литвин пише про Полтаву та уламки війни з 2022 року для нашого '
           'видання і місцевого радіо.</p></div>')
    assert extract_article(_undescribed(before=bio))["description"].startswith("У Полтаві")


def test_a_long_first_paragraph_is_cut_to_its_first_sentences():
    sentence = "У Полтаві уламки дрона пошкодили дах багатоповерхівки на вулиці Зінківській, повідомили в ОВА. "
    got = extract_article(_undescribed(first=sentence * 12))["description"]
    assert got.endswith("ОВА.") and 10 <= len(got.split()) <= 90
