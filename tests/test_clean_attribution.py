"""Reported speech (the ``attribution`` sections of ``rules/{uk,ru,en}.yaml``): a line opening with a quotation or a
dialogue dash and closing with who said it is story, kept out of every ``contains`` line rule; the same appeal
written as the outlet's own furniture line still goes.

Each quoted line below was taken by a contains rule (donation, newsletter, messenger) before the guard, as the
clean_holdout10 mother's quote was (``tests/test_clean_holdout10.py``).
"""

from __future__ import annotations

import pytest

from newswatch.clean._rules import language_rules, normalise
from tests.test_clean_holdout5 import STORY, _clean

# (language, a quote with its attribution: story, the same appeal as the outlet's line: furniture)
PAIRS = [
    ("ru", "«Поддержите нас, пожалуйста, — школа это всё, что осталось у села», — говорит одна из матерей.",
     "Поддержите нас, пожалуйста: без вас редакция не выживет."),
    ("ru", "«Поддержите нас рублем, если можете», — признается директор приюта.",
     "Поддержите нас рублем, если можете."),
    ("ru", "«Подпишитесь на нашу рассылку, и вы узнаете первыми», — уточняет директор фонда.",
     "Подпишитесь на нашу рассылку, и вы узнаете первыми."),
    ("uk", "«Підтримайте нас, будь ласка, бо школа — це все, що лишилося в селі», — каже одна з матерів.",
     "Підтримайте нас, будь ласка: без вас редакція не виживе."),
    ("uk", "«Підтримайте нас гривнею, якщо можете», — зізнається директорка притулку.",
     "Підтримайте нас гривнею, якщо можете."),
    ("uk", "«Підпишіться на нашу розсилку, і ви дізнаєтеся першими», — уточнює директор фонду.",
     "Підпишіться на нашу розсилку, і ви дізнаєтеся першими."),
    ("en", "\u201cPlease donate to keep us going,\u201d the director explains.",
     "Please donate to keep us going."),
    ("en", "\"Support us if you can, we have nothing left,\" one of the mothers recalls.",
     "Support us if you can: we have nothing left without you."),
    ("en", "\"Subscribe to our channel on Telegram,\" the blogger jokes.",
     "Subscribe to our channel on Telegram."),
    ("en", "'Sign up for our newsletter and you will know first,' she continues.",
     "Sign up for our newsletter and you will know first."),
    ("en", "\"Donate now to help the children,\" a volunteer pleaded outside the station.",
     "Donate now to help the children."),
]


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize(("language", "quote", "furniture"), PAIRS)
def test_quoted_appeal_with_its_attribution_stays(language, quote, furniture, position):
    body = [STORY, STORY + " Again."]
    body.insert(position, quote)
    for lang in (language, None):
        assert _clean(body, lang) == body


@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize(("language", "quote", "furniture"), PAIRS)
def test_the_same_appeal_as_a_furniture_line_goes(language, quote, furniture, position):
    body = [STORY, STORY + " Again."]
    body.insert(position, furniture)
    for lang in (language, None):
        assert _clean(body, lang) == [STORY, STORY + " Again."]


def test_dialogue_line_with_an_address_stays():
    body = [STORY, "— Пишите на почту info@pomoshch.ru, — объясняет координатор.", STORY + " Again."]
    assert _clean(body, "ru") == body
    assert _clean(body, None) == body


@pytest.mark.parametrize(("language", "line", "attributed"), [
    ("ru", "«Поддержите нас», — говорит она.", True),
    ("ru", "— Поддержите нас, — говорит она.", True),
    ("ru", "Поддержите нас, — говорит она.", False),  # no opening quote or dash: not the speech form
    ("ru", "«Поддержите нас», — говорит она. — Иначе школу закроют.", True),  # speech resumed after: still speech
    ("ru", "«Поддержите нас», — говорит она. " + "Слово " * 30, False),  # a tail is short: a paragraph follows
    ("uk", "«Підтримайте нас», — каже вона.", True),
    ("uk", "«Підтримайте нас»", False),  # a quoted banner without a speaker
    ("en", "\"Support us,\" she said.", True),
    ("en", "\"Support us,\" according to the charity.", True),
    ("en", "\"Support us\" and get a free tote bag.", False),
])
def test_attribution_is_told_by_its_opening_and_its_tail(language, line, attributed):
    assert language_rules(language).attribution(normalise(line)) is attributed


def test_exact_rules_still_take_a_quoted_label():
    # an exact rule is a whole-line label or button: a quotation mark around it makes it no one's speech
    body = [STORY, "«Поддержать»", STORY + " Again."]
    assert _clean(body, "ru") == [STORY, STORY + " Again."]
