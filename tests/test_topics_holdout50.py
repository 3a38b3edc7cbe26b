"""The holdout50 round's rule, with its look-alikes, and every article of holdout50 read as labelled (strict xfail, with
the reason, for misses left). holdout50 was written and labelled before the matcher was run on it (dfe9da1) and scored
once: **4 of 30 wrong** (relevance P en/uk/ru 0.857/1.000/0.875, R 1.0 in all three; F1 nato 0.857, ukraine 1.000,
russia 0.880). Its subjects: war-risk insurance on the grain corridor, NATO's DIANA, chips to Russia via Kyrgyzstan,
GRU units 26165 and 74455, Hungary's veto and the EU's screening of Ukraine, Russian troops in Transnistria, POW lists,
IRIS-T and Patriot at Ramstein, a court on the UOC's Kyiv metropolis, Rosatom at Akkuyu and on the Northern Sea Route,
Africa Corps in Mali, NATO drills in the Suwalki gap, FIS's neutral Russians, Russia's regional budgets, a draft
dodger held in Almaty, NSPA's joint purchase; and what is not relevant by the labels' policy: Russian Hill (San
Francisco), the Kursk submarine (a peacetime disaster of 2000: history, like the 1968 invasion), Savannah's port in
Georgia, a Ukrainian comedy at Karlovy Vary, curling, Moldova's EU tranche, Georgian wine with Russia as its biggest
buyer, Shakhter Karaganda, a Belgrade emigre theatre.

The four: the Kursk submarine read as `russia` in en (the Russian Navy, Putin) and ru (the submarine's name «Курск»
read as Kursk region); a Ramstein story's contributions to PURL read as `nato` — labelled `ukraine` only, against the
earlier sets' policy (h34-uk-04, h24-uk-09, h34-en-02: money for Ukraine through PURL, NATO's scheme, is `nato`), so
relabelled `nato` + `ukraine`; and the insurance story's one mention of Russian drones (left, below). The rule taught:
the Kursk submarine, named in en or by its quoted name «Курск» / «Курськ», is history context (-3) that yields only to
the war (killed in the war, occupation authorities, the repression laws, the aggressor state), not to the Russian Navy
that every account of it names; so the quoted name is not the city, and a drone strike on Kursk stays Russia's.

holdout51, written after that round (ad8e39a) and scored once, never tuned on: **1 of 15 wrong** (relevance P = R =
1.0 in en, uk, ru; F1 nato 1.000, ukraine 1.000, russia 0.909): a NATO-Ukraine Council centre "to counter Russian
drones" read as `russia` too. Its traps held: a Kharkiv-born chef's borscht, Georgian Railway, Shakhtar in the UPL,
Georgia's (US) school phone ban, an ice palace in Kursk, Shakhter Soligorsk."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows


@pytest.mark.parametrize(
    "language, title, body, topic, expected",
    [
        # the Kursk submarine is history, with its navy and the president of 2000 in the story ...
        ("en", "Norwegian divers recall the Kursk submarine rescue",
         "Two divers who opened the Kursk's escape hatch in August 2000 spoke at a conference in Bergen. The Russian "
         "Navy had refused foreign help for five days, a delay that haunted Vladimir Putin's first year in office. All "
         "118 sailors died.", "russia", False),
        ("ru", "В Североморске вспомнили экипаж «Курска»",
         "Ветераны Северного флота и родственники моряков возложили цветы к мемориалу. Атомный подводный крейсер "
         "«Курск» затонул в Баренцевом море 12 августа 2000 года, погибли 118 человек. Губернатор Мурманской области "
         "выразил соболезнования семьям.", "russia", False),
        ("uk", "26 років тому затонув підводний човен «Курськ»",
         "Родичі 118 моряків вшанували їхню пам'ять у Відяєві. Тоді Росія п'ять днів відмовлялася від іноземної "
         "допомоги, а Путін не переривав відпустки. У Мурманську відкрили виставку листів екіпажу.", "russia", False),
        # ... the city of Kursk struck is Russia's war ...
        ("en", "Ukrainian drones hit power plant in Kursk",
         "Drones struck a thermal power plant in Kursk overnight, the regional governor said, leaving parts of the "
         "city without heating. Russia's defence ministry said 40 drones were downed over the region.", "russia", True),
        ("ru", "Беспилотники атаковали Курск: повреждена ТЭЦ",
         "Минобороны сообщило о 30 сбитых над Курской областью беспилотниках ВСУ. В Курске повреждена ТЭЦ, без тепла "
         "остались 20 тысяч жителей.", "russia", True),
        ("en", "Russia says last Ukrainian troops pushed out of the Kursk region",
         "Russia's defence ministry said its forces had retaken the last villages held by Ukraine in the Kursk region. "
         "Kyiv did not confirm the claim.", "russia", True),
        # ... and so is a sailor of the Kursk killed in the war, or today's navy with the disaster as a date
        ("en", "Sea drones sink Russian patrol ship off Crimea",
         "Ukraine's navy said sea drones sank a Russian patrol ship near Sevastopol, the Black Sea Fleet's worst loss "
         "since the Moskva. Russian media compared the secrecy to the first days after the Kursk submarine sank in "
         "2000.", "russia", True),
        ("ru", "Бывший моряк «Курска» погиб в зоне СВО",
         "Уроженец Курска, служивший на подводном крейсере «Курск» до 2000 года, погиб в зоне специальной военной "
         "операции, сообщил губернатор. Мичман ушел добровольцем в 2023 году.", "russia", True),
        ("en", "Putin attends launch of new nuclear submarine",
         "Vladimir Putin watched the Knyaz Pozharsky join the Russian Navy's Northern Fleet in Severodvinsk, the "
         "biggest naval ceremony there since the Kursk submarine sank in 2000. The Kremlin said the boat would carry "
         "Bulava missiles.", "russia", True),
        pytest.param(
            "en", "Families mark 26 years since the Kursk submarine sank",
            "Relatives of the 118 sailors laid wreaths in Vidyayevo on Wednesday. The Russian Navy refused foreign "
            "help for five days in 2000, and Vladimir Putin, then new in the Kremlin, stayed on holiday for days. A "
            "museum in Murmansk opened an exhibition of the crew's letters.", "russia", False,
            marks=pytest.mark.xfail(strict=True, reason="a lead naming the Navy, Putin and the Kremlin of 2000 "
                                    "outweighs the title's history context: the matcher has no tense"),
        ),
    ],
)
def test_the_rounds_rule_and_its_look_alikes(language, title, body, topic, expected):
    assert (topic in match_topics(title, body, language=language).topic_names) is expected


# Misses left in the sets: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {
    "h50-en-01": "one mention of Russian drones striking Izmail, in the body of a shipping-insurance story, is "
                 "Russia in passing for the matcher (3.5 of 6.5), though the policy labels a strike by Russian drones "
                 "`russia`",
    "h51-en-02": "holdout51, scored once and not tuned on: a NATO-Ukraine Council centre 'to counter Russian drones' "
                 "(title and lead) reads as `russia` too; labelled `nato` + `ukraine`, Russia's drones the object "
                 "studied, not Russia acting in the story",
}

SETS = ("holdout50", "holdout51")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
