"""The holdout47-48 rounds' rules, each with its look-alike, and every article of holdout47-48 read as labelled (strict
xfail, with the reason, for misses left). holdout47 was written before the matcher was run on it and scored once (4 of
30 wrong): Russia's repression told without the word "war" (a teacher jailed under Article 207.3, APT28 in a ministry's
mail, the foreign-agents register, raids on naturalised migrants), Ukraine's war at home (martial law and mobilisation
votes, recruitment centres and Reserve+, a city council's money moved from roads to drones), swaps and repatriated
bodies, shadow-fleet tankers (Eventin, Eagle S), NATO summit logistics, Sandworm against grain exporters, soldiers'
obituaries, outages after strikes; and what is not relevant by the labels' policy: Kyiv's council quarrelling over
fares, a ransomware gang on Russian-language forums, arms makers' earnings naming Ukraine once, Kyrgyzstan's register
of "foreign representatives", storms cutting power in Odesa and Lviv regions and around Moscow. It taught: a storm's
outage is weather (wet snow, gales, gusts, «негода», «непогода», «сильный ветер», «метров в секунду»: the storm's
words, not "storm" or «ураган», a rocket launcher); a soldier killed "at the front" / "on a combat mission" in a
Russian-language Ukrainian outlet is Ukraine's war (not when the story says СВО: Russia's obituaries); garrison
military courts (deserters, refusals to fight) are Russia's. holdout48, written after that round and scored once (3
of 21 wrong), taught: leaving one's unit (СЗЧ, «самовільне залишення частини») is Ukraine's wartime law; Sovcomflot,
the state tanker fleet, is a Russian state company; the oil ports Primorsk and Kozmino are Russian places."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows


@pytest.mark.parametrize(
    "language, title, body, topic, expected",
    [
        # a storm's outage is weather, whichever region it names ...
        ("en", "Wet snow and gales leave 150 villages without power in Mykolaiv region",
         "Gusts of up to 24 metres per second brought down lines in southern Ukraine, the grid operator said. "
         "Repair crews restored power to 60 villages by evening.", "ukraine", False),
        ("uk", "Через негоду без світла залишилися 200 населених пунктів Житомирщини",
         "Сильний вітер і налипання мокрого снігу обірвали лінії у Житомирській області. Енергетики працюють.",
         "ukraine", False),
        ("ru", "Непогода оставила без света 90 тысяч жителей Тверской области",
         "Сильный ветер до 22 метров в секунду повалил деревья на линии электропередачи в Тверской области.",
         "russia", False),
        # ... an outage after a strike is the war's
        ("uk", "У Житомирі після атаки дронів знеструмлено частину міста",
         "Російські дрони атакували енергетичну інфраструктуру Житомира, пошкоджено підстанцію.", "ukraine", True),
        # ... even when the forecast or the wind is told beside it (the weather context yields to the war)
        ("uk", "Після масованої атаки Київ без світла, синоптики попереджають про сильний вітер",
         "Унаслідок нічної атаки на енергетичну інфраструктуру столиці пошкоджено ТЕЦ, без світла 300 тисяч абонентів. "
         "Синоптики попереджають про сильний вітер і мокрий сніг.", "ukraine", True),
        ("en", "Kharkiv without power after night attack as wet snow falls",
         "Drones hit a substation in Kharkiv overnight, cutting power to 150,000 homes. Repair crews worked in wet "
         "snow and strong winds, with gusts of 20 metres per second.", "ukraine", True),
        ("ru", "Удар по энергосистеме Харькова: без света сотни тысяч",
         "Российские войска атаковали Харьков ракетами, повреждена подстанция, без света 180 тысяч абонентов.",
         "ukraine", True),
        # a soldier killed at the front, in a Russian-language Ukrainian outlet ...
        ("ru", "На фронте погиб одесский архитектор Андрей Мельник",
         "Он служил в бригаде морской пехоты. Его работы показывали на выставке в Одесском музее.", "ukraine", True),
        ("ru", "Под Покровском погиб киевский музыкант",
         "Музыкант погиб во время выполнения боевого задания на Покровском направлении.", "ukraine", True),
        # ... is not a Russian obituary, which names the "special military operation"
        ("ru", "В Кызыле простились с земляком",
         "Старший сержант погиб при выполнении боевого задания в зоне СВО. В музее выставили его фотографии.",
         "ukraine", False),
        ("ru", "В Кызыле простились с земляком",
         "Старший сержант погиб при выполнении боевого задания в зоне СВО. В музее выставили его фотографии.",
         "russia", True),
        ("ru", "Мобилизованный из Бурятии погиб на фронте",
         "Житель Улан-Удэ, мобилизованный в 2022 году, погиб на фронте. Медиазона установила имена 150 тысяч "
         "российских военных, погибших на войне.", "ukraine", False),
        # garrison military courts try Russia's own soldiers
        ("en", "Military courts sentenced a record number of deserters in November",
         "Russian garrison courts handed down more than nine hundred verdicts for leaving a unit without permission "
         "in November. Most defendants were mobilized men.", "russia", True),
        ("ru", "Гарнизонный военный суд приговорил мобилизованного к пяти годам колонии",
         "Суд признал мобилизованного виновным в самовольном оставлении части.", "russia", True),
        # leaving one's unit is Ukraine's wartime law, in uk and in a Russian-language Ukrainian outlet
        ("uk", "Рада посилила відповідальність за самовільне залишення частини",
         "Закон збільшує строки покарання за СЗЧ у бойовій обстановці.", "ukraine", True),
        ("ru", "Генпрокуратура: с начала года открыто 90 тысяч дел о СЗЧ",
         "В Офисе генпрокурора сообщили, что большинство военных, покинувших часть, вернулись на службу.",
         "ukraine", True),
        # Sovcomflot is a Russian state company, Kozmino and Primorsk Russian oil ports
        ("ru", "Минфин США ввел санкции против «Совкомфлота» и 14 его танкеров",
         "Под ограничения попал трейдер, закупавший нефть в порту Козьмино.", "russia", True),
        ("en", "Tanker shadowed off Porkkala",
         "The tanker, part of Russia's shadow fleet, was sailing to Primorsk.", "russia", True),
        # repatriated bodies have two sides, like a swap ...
        ("uk", "Україна повернула тіла 1000 загиблих військових",
         "В Україну повернули тіла 1000 загиблих, які, за даними російської сторони, належать українським військовим.",
         "russia", True),
        # ... Kyiv's council quarrelling over its budget or fares is the city's news ...
        ("uk", "Київрада ухвалила бюджет-2027: найбільше коштів - на освіту і транспорт",
         "Київська міська рада ухвалила бюджет столиці на 2027 рік. Найбільші статті - освіта, транспорт і ремонт "
         "мостів. Кличко заявив, що бюджет збалансований.", "ukraine", False),
        # ... and a law critics compare to Russia's is another state's
        ("en", "Kyrgyz parliament passes 'foreign representatives' law",
         "Kyrgyzstan's parliament passed a law requiring NGOs funded from abroad to register as 'foreign "
         "representatives', a measure critics compare to Russia's foreign agents law.", "russia", False),
        # ... a shadow-fleet story naming another state's oil is not Russia's
        ("en", "US seizes tanker carrying Venezuelan crude",
         "The US coast guard boarded a tanker of the shadow fleet carrying Venezuelan oil to China.", "russia", False),
    ],
)
def test_the_rounds_rules_and_their_look_alikes(language, title, body, topic, expected):
    assert (topic in match_topics(title, body, language=language).topic_names) is expected


# Misses left in the sets after their rounds: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}

SETS = ("holdout47", "holdout48")


@pytest.mark.parametrize("row", holdout_rows(SETS, LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
