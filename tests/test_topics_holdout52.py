"""The holdout52 round's rules, with their look-alikes, and every article of holdout52 read as labelled (strict xfail,
with the reason, for misses left). holdout52 was written and labelled before the matcher was run on it (f8e0604) and
scored once: **5 of 30 wrong** (relevance P en/uk/ru 1.000/0.857/1.000, R 1.000/1.000/0.833; F1 nato 1.000, ukraine
0.875, russia 0.880). Its subjects: Kyiv's war-risk cover for Danube ports, machine tools re-exported via the UAE and
Armenia, a Gotland cable cut and Baltic Sentry (a ship from Ust-Luga: `nato` only), Baltic Air Policing scrambled for a
silent airliner (en, ru: `nato` only), UAE-brokered swaps with no country in the title (en/uk/ru), a steel tycoon's UK
sanctions case (en/uk), chips via Kyrgyzstan in a Kh-101 that hit Kyiv, Russian governors' elections (uk/ru), queues on
the Crimean bridge (uk/ru), Turkish and UAE banks returning Russian importers' payments, Azov war-risk premiums after
Ukrainian sea-drone attacks; and what is not relevant by the labels' policy: Sudan's NATO-standard shells (en/uk),
shell companies "nested like Russian dolls", Kaprizov's hat trick, Peter the Great in Amsterdam, a Kyiv property scam,
canoe sprint, the Pereiaslav Council of 1654, the matryoshka's 125 years, Progress MS-33, Trusova in Kazan, Catherine II
and Crimea in 1783.

The five: Kyrgyzstan as the chips' route cancelled Russia in the Kh-101 story (uk) and Kyrgyzstan and Kazakhstan as the
payments' route in the banks story (ru) (`neighbour-state context`); the Crimean bridge's queue in a Russian outlet read
as `ukraine` only (Aksyonov alone for `russia`, less the tourists); the Kyiv property scam read as `ukraine` (Kyiv in
the title, prices in hryvnias); the Azov premiums' "attacks of Ukrainian sea drones" not read as Ukraine's war. The
rules taught (each for a class, with look-alikes below): Russia's trade routed through a neighbour (re-export, sanctions
evasion, parallel imports, payment agents, secondary sanctions) is `sanctions evasion` (2, next to Russia named) and the
neighbour's politics context yields to it; Russia's air-launched missiles by designation (Kh-101, «Х-101», Kh-22, Kh-59
...) are `Russian weapons`; the Crimean (Kerch) bridge is Russia's (2), Moscow's Krymsky bridge an ignore phrase in both
topics; fraudsters and scammers are a city's police news (`city news context` for `ukraine`) unless the draft or the war
is in the story; sea drones called Ukrainian are `Ukrainian weapons`, and they strike Russia's ports and border regions
as the war's vocabulary does. After: 0 of 30 wrong; no verdict of the earlier sets changed; of the 1,680 fixture and
readability-news pages two gained `russia`, both by the policy (a Kh-101 downed over Vinnytsia region; Sea Baby "used
against the Kerch bridge and Russian warships")."""

from __future__ import annotations

import pytest

from newswatch.topics import match_topics
from tests._topic_sets import assert_reads_as_labelled, holdout_rows


@pytest.mark.parametrize(
    "language, title, body, topic, expected",
    [
        # Russia's trade routed through a neighbour is Russia's economy ...
        ("uk", "Казахстан заблокував реекспорт мікросхем до Росії",
         "Митниця Казахстану з грудня вимагатиме від імпортерів електроніки підтвердження кінцевого покупця. Торік "
         "через Казахстан і Киргизстан до Росії потрапили мікросхеми на сотні мільйонів доларів, частину з них знайшли "
         "в російських ракетах. Астана пообіцяла не допускати обходу санкцій.", "russia", True),
        ("ru", "Платежные агенты в Киргизии подняли комиссию для импортеров",
         "Российские компании, которые ввозят станки и электронику, платят поставщикам через платежных агентов в "
         "Бишкеке и Алматы, а комиссия выросла до 7%. Крупные банки Казахстана отказываются проводить такие платежи, "
         "опасаясь вторичных санкций США.", "russia", True),
        ("en", "Armenian exporters re-route car parts to Russia after EU warning",
         "Traders in Yerevan re-exported $400 million of European car parts and machine tools to Russia last year, "
         "customs data show. The EU warned Armenia that firms helping Russian buyers evade sanctions would be listed.",
         "russia", True),
        # ... a neighbour's own politics, or its re-exports elsewhere, are not
        ("en", "Kyrgyzstan's parliament passes 'foreign representatives' law",
         "Kyrgyzstan's parliament passed a law requiring NGOs funded from abroad to register as 'foreign "
         "representatives', a measure critics compare to Russia's. President Japarov is expected to sign it. Bishkek's "
         "rights groups said they would challenge it in court.", "russia", False),
        ("ru", "Казахстан нарастил реэкспорт китайских автомобилей в Узбекистан",
         "Казахстанские дилеры за девять месяцев перепродали в Узбекистан 40 тысяч китайских машин, сообщило "
         "министерство торговли. Реэкспорт вырос вдвое, а Ташкент ввел новые пошлины.", "russia", False),
        # Russia's air-launched missiles by designation are Russia acting ...
        ("uk", "На Полтавщині збили крилату ракету",
         "Над Полтавщиною вночі сили ППО збили крилату ракету Х-101, повідомили в Повітряних силах. Уламки впали на "
         "поле поблизу Миргорода, постраждалих немає.", "russia", True),
        # ... an American rocket plane is not one
        ("ru", "В Калифорнии показали ракетоплан X-15",
         "Музей авиации в Калифорнии выставил восстановленный ракетоплан X-15, который в 1967 году разогнался до 7274 "
         "км/ч. Экскурсоводы рассказывают о пилотах NASA и ВВС США.", "russia", False),
        # the bridge to occupied Crimea is Russia's ...
        ("ru", "На Крымском мосту образовалась пробка",
         "Въезд на Крымский мост со стороны Тамани ограничили на четыре часа, очередь выросла до 800 машин. Глава "
         "Крыма Сергей Аксенов попросил отдыхающих запастись водой.", "russia", True),
        # ... a Crimean city («місті») is not the bridge («мості») ...
        ("uk", "Вибух у кримському місті Джанкой",
         "У кримському місті Джанкой пролунав вибух, повідомили місцеві жителі в соцмережах. Причину не називають.",
         "russia", False),
        # ... and Moscow's Krymsky bridge over the Moskva is the city's, for either topic
        ("ru", "Крымский мост в Москве закроют на ремонт",
         "Движение по Крымскому мосту в Москве ограничат с понедельника на три месяца, сообщили в департаменте "
         "транспорта. Мэрия обещает заменить покрытие и подсветку. Объезд организуют по Андреевскому мосту.",
         "russia", False),
        ("ru", "Крымский мост в Москве закроют на ремонт",
         "Движение по Крымскому мосту в Москве ограничат с понедельника на три месяца, сообщили в департаменте "
         "транспорта. Мэрия обещает заменить покрытие и подсветку. Объезд организуют по Андреевскому мосту.",
         "ukraine", False),
        # a city's fraudsters are the city's police news ...
        ("uk", "У Києві затримали шахраїв, які продавали квитки на неіснуючі концерти",
         "Столична поліція затримала двох чоловіків, які через соцмережі продавали квитки на концерти, яких не "
         "існувало. Збитки понад 600 тисяч гривень, суд узяв підозрюваних під варту.", "ukraine", False),
        ("en", "Kyiv police arrest scammers posing as bank staff",
         "Police in Kyiv arrested four scammers who called pensioners posing as bank employees and emptied their "
         "accounts of 2.3 million hryvnias. A court in Kyiv remanded them in custody.", "ukraine", False),
        # ... fraudsters selling deferments from the draft are the war's
        ("uk", "У Києві затримали шахраїв, які продавали «відстрочки» від мобілізації",
         "Поліція Києва затримала групу, яка за 8 тисяч доларів обіцяла чоловікам відстрочку від мобілізації і "
         "зняття з розшуку ТЦК. Суд узяв підозрюваних під варту.", "ukraine", True),
        # sea drones called Ukrainian are Ukraine's forces, striking a Russian port ...
        ("ru", "Танкер поврежден у Новороссийска",
         "Танкер под флагом Палау поврежден в результате атаки украинских безэкипажных катеров у Новороссийска, "
         "сообщил оперштаб края. Экипаж эвакуирован, утечки нефти нет.", "ukraine", True),
        # ... the Houthis' sea drones hitting a ship with a Ukrainian crew are not Ukraine's war
        ("en", "Houthi sea drones hit bulk carrier in Red Sea",
         "Two sea drones launched by the Houthis struck a Liberian-flagged bulk carrier off Hodeidah, the UK's "
         "maritime agency said. Its Ukrainian and Filipino crew were unhurt and the ship sailed on to Jeddah.",
         "ukraine", False),
    ],
)
def test_the_rounds_rules_and_their_look_alikes(language, title, body, topic, expected):
    assert (topic in match_topics(title, body, language=language).topic_names) is expected


# Misses left in the set: id -> reason (strict: a fix must remove the entry).
LEFT: dict[str, str] = {}


@pytest.mark.parametrize("row", holdout_rows(("holdout52",), LEFT))
def test_holdout_article_reads_as_labelled(row):
    assert_reads_as_labelled(row)
