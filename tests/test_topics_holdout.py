"""The topic matcher on every labelled set: no more wrong articles than measured, and the indirect references
that the holdout6 round taught it (metonymy, slurs, named foreign ministries), each with its look-alike.

Ceilings are the counts of articles with at least one wrong label, measured with the lexicons of the gazetteer
round (bench/data/topics/README.md). A lexicon change may lower them, never raise them. holdout8 was written
after that round and never tuned on: its ceiling is its blind figure, kept so a later change cannot make the
honest estimate worse unnoticed.
"""

from __future__ import annotations

import pytest

from bench.topics_eval import HOLDOUTS, LANGUAGES, TOPICS, evaluate, load_holdout, load_labelled
from newswatch.topics import LexiconError, TopicMatcher, match_topics

MAX_WRONG = {
    "main": 2,  # 3 before the holdout12 round (ru-037: the IOC's ban on Russia's committee read as `ukraine` too)
    "holdout": 0,
    "holdout2": 0,  # 3 before the holdout9 round («донат ЗСУ»), 2 before the holdout12 round, 1 before holdout14's
    "holdout3": 0,
    "holdout4": 0,  # 2 before the gazetteer round; 1 before the holdout14 round (NATO in a list of citizens' countries)
    "holdout5": 0,
    # 16 blind; 5 after the holdout6 round; 3 after the gazetteer round; 2 before the holdout14 round; 1 before the
    # holdout24 round (h6-ru-09: a drill «у границ Калининградской области» read as `russia` too)
    "holdout6": 0,
    "holdout7": 0,  # 7 blind; its classes were the gazetteer round's brief
    "holdout8": 0,  # 2 blind, after the gazetteer round (the lexicons before it: 8); 0 after the holdout9 round
    "holdout9": 0,  # 5 blind; its misses were the holdout9 round's material
    "holdout10": 0,  # 3 blind; its misses were part of the holdout11 round's material
    "holdout11": 0,  # 9 blind; 1 after the holdout11 round; 0 after the holdout12 round (a fund buying for the ЗСУ)
    # 7 blind: the NATO alphabet en/uk/ru, a permalink slug, Russian as Kazakhstan's language, a cat breed, a treason
    # case over a donation to a fund for the ЗСУ; its misses were the holdout12 round's material
    "holdout12": 0,
    # written after the holdout12 round and scored once, never tuned on: its blind figure (a founders' company story,
    # a TV review's fictional NATO summit, an Oscar entry, Crimean War letters; all four precision)
    "holdout13": 0,  # 4 blind; 0 after the holdout14 round (no longer blind)
    # 21 blind (culture, sport, history, science and business stories naming the countries: 16 false positives; war
    # stories told through them: 5 misses); its misses were the holdout14 round's material
    "holdout14": 0,
    # 7 blind (a NATO board game, NATO-style jackets, an Abel Prize, a Van Cliburn winner, a buffalo genome, a chef in
    # London; a jailed director missed); 0 after the holdout16 round (no longer blind)
    "holdout15": 0,
    # 12 blind (NATO the cinema owners, «Нато» as a first name, weather, a zoo, Tallinn's Russian Theatre, Odessa
    # (Texas), Belarus's potash, another country's ministry, a sanctions story titled "Ukraine's allies"); its misses
    # were the holdout16 round's material. Left: a Russian drone over Romania in an attack on Ukraine (`ukraine` too)
    "holdout16": 1,
    # written after the holdout16 round and scored once: 4 blind (Chicago's Ukrainian Village, a Ukrainian cathedral
    # in Philadelphia, a spy novel's review, a Ukrainian film prize's nominees; all precision); 0 after the holdout18
    # round, whose community, faith and stage-and-screen contexts cover its class (not tuned on it)
    "holdout17": 0,
    # 18 blind (diaspora festivals, parishes, a cookbook, spy fiction, a gymnast, a band's tour, a box-office record, a
    # hike, a beetle: all precision); its misses were the holdout18 round's material. Left: a novelist named Lvov (the
    # old spelling of Lviv) and the Ukrainian law on Moscow-linked churches read as `russia` too («держава-агресор»);
    # 1 since the holdout41 round (the church law's "affiliated with the aggressor state" is Ukraine's legal category);
    # 0 since the holdout43 round (the old spellings Lvov and Nikolaev, also surnames, count after a preposition)
    "holdout18": 0,
    # written after the holdout18 round and scored once, never tuned on: its blind figure (a Bulgakov translation's
    # Moscow, Elbrus climbers, a Ukrainian and a Russian swimmer; all precision; the lexicons before the round: 7); 0
    # after the mention-in-passing rule (no longer blind: development data of that rule)
    "holdout19": 0,
    # written after the mention-in-passing rule and scored once, never tuned on: its blind figure (4 with the code and
    # lexicons before the rule), 1 with it; 0 since Russia's named bodies («Уряд Мішустіна», «уряд РФ») are ignore
    # phrases for `ukraine` and «Нафтогаз» is the company only, not «нафтогазові доходи» (no longer blind for h20-uk-02)
    "holdout20": 0,
    # 5 blind (F-16s for "Kyiv's air force" / «Повітряні сили» dropped; a reparations loan not read as Ukraine's);
    # its misses were the holdout21 round's material. 0 after the holdout24 round: Saratov hit by drones no one is named
    # as launching is `russia` alone, as labelled (h11-ru-01 and h2-ru-05, labelled both, name the ВСУ)
    "holdout21": 0,
    # written after the holdout21 round and scored once, never tuned on: its blind figure
    "holdout22": 0,
    # written after holdout22 was scored and scored once: 4 blind (an undesirable organisation missed; Ukraine in a
    # ranking of wine buyers, a price in hryvnias in Lviv, NATO's HQ by "the longest land border with Russia"); its
    # misses were the holdout23 round's material (no longer blind)
    "holdout23": 0,
    # written by an engineer who had not read the lexicons, scored once: 5 blind (the hryvnia's rate, a Kyiv live blog,
    # a Transcarpathian feature with the displaced missed; flats in Budva, the EU drone wall read as `ukraine` too); its
    # misses were the holdout24 round's material (no longer blind). Left: the drone wall («досвід Сил оборони України»)
    "holdout24": 1,
    # written after the holdout24 round and scored once: 1 blind («Укрзалізниця» in the nominative not read); 0 since
    # its form takes the right endings (no longer blind for h25-uk-03)
    "holdout25": 0,
    # written by an engineer who had not read the lexicons, scored once: 3 blind (FSB border guards in South Ossetia
    # missed; "NATO Pharma" and a festival at a former NATO air base read as `nato`); its misses were the holdout26
    # round's material (no longer blind)
    "holdout26": 0,
    # written after the holdout26 round and scored once: 4 blind (a sanctioned tycoon's yacht, Japan's aid for «нашій
    # державі» missed; a coach named Kiev, a mayor's Russian passport read as `russia`); its misses were the holdout27
    # round's material (no longer blind)
    "holdout27": 0,
    # written after the holdout27 round and scored once: 1 blind (a Russian outlet's «Правительство» and «Минпромторг»
    # raising the recycling fee missed); 0 since those are Russia's in a Russian outlet (no longer blind)
    "holdout28": 0,
    # written before this round read the lexicons, scored once: 2 blind (Russian Hill read as `russia`, Rosatom building
    # in Kazakhstan discounted as neighbour-state context); 0 after the holdout29 round (no longer blind)
    "holdout29": 0,
    # written after the holdout29 round, scored once: 5 blind (a Russian-only menu fined by the language ombudsman and
    # Ukrposhta's prices missed, a club called «Альянс» read as NATO, Moldova's drone debris and a Rostov court's ВСУ
    # commander read as `ukraine` too); 2 after the holdout30 round (no longer blind; tests/test_topics_round29.py)
    "holdout30": 2,
    # written after the holdout30 round, scored once: 8 blind (Crimean-Congo fever, streets named after Russian writers,
    # the Narva crossing, citizenship of NATO countries, a marathon winner read as topics; Pushkin's monument in Odesa,
    # the ICC warrant's Ukraine and an Oscar documentary's Russian troops missed); 3 after its round (no longer blind)
    "holdout31": 3,
    # written before the holdout32 round read the lexicons, scored once: 1 blind (a cyclocross race beside a NATO air
    # base read as `nato`); 0 after the round's sport context for `nato` (no longer blind)
    "holdout32": 0,
    # written after the holdout32 round, scored once: 2 blind (a marathon past NATO's cyber centre, a friendly at a
    # stadium rebuilt after NATO's 1999 bombing, both read as `nato`: words the sport context lacked); 0 after its round
    # (no longer blind)
    "holdout33": 0,
    # written after the holdout33 round, scored once: 1 blind (Moldova's parliament approving «новий уряд» read as
    # Ukraine's government); 0 after its round (no longer blind)
    "holdout34": 0,
    # written before reading the lexicons, scored once: 3 blind (Moscow, Idaho read as `russia`; a Sea Baby strike on
    # the Black Sea Fleet and «Герань-2» over Odesa missed); 0 after its round (no longer blind)
    "holdout35": 0,
    # written after the holdout35 round, scored once: 1 blind ("NATO-standard 155mm howitzers" read as `nato`); 0 after
    "holdout36": 0,
    # written before this round read the lexicons, scored once: 3 blind (a Russian outlet's «Минкультуры» revoking a
    # film's licence for «традиционные ценности» missed, Moscow's parking prices in roubles read as `russia`,
    # «Укрзализныця» in Russian missed); 0 after its round (no longer blind)
    "holdout37": 0,
    # written after the holdout37 round, scored once: 2 blind (a hockey report with a coach's "NATO defence" joke read
    # as `nato`, a Ukrainian outlet's unqualified «Мінекономіки» on GDP missed); 0 after its round (no longer blind)
    "holdout38": 0,
    # written before this round read the lexicons, scored once: 4 blind (Gagauzia's candidates paid "из России"
    # missed, Kaliningrad airport's new terminal read as `russia`, Latvia closing one crossing «на кордоні з Росією»
    # missed, the UOC ruled tied to the ROC missed as `russia`); 3 after its round: the last two are labelled against
    # earlier rounds' policy (h18-uk-09, the crossing ignore phrases) and Gagauzia has one mention of Russia; 0 after
    # the holdout41 round (those two relabelled by the policy, the vote a story of Russian money is about counts)
    "holdout39": 0,
    # written after the holdout39 round, scored once: 4 blind (Russia in an analysis of Romania's annulled vote, a
    # pro-Russian DDoS group, a UOC metropolitan held for justifying Russia's aggression missed; Danube ports hit by
    # Russian drones read as `russia` too, labelled against the policy); 2 after its round; 0 after the holdout41 round
    # (the Danube ports relabelled `russia` too by the policy, "pointed to Russia" in a vote story read)
    "holdout40": 0,
    # written before this round read the lexicons, scored once: 3 blind (the winemaker Nato Chkheidze read as `nato`;
    # Estonia's and Sweden's defence ministries, «Міністерство оборони країни», «шведському Міноборони», read as
    # Ukraine's); 0 after its round (no longer blind)
    "holdout41": 0,
    # written after the holdout41 round, scored once: 2 blind (Shakhtar's Conference League match "since Russia's
    # full-scale invasion" read as `ukraine`; Abkhazia's vote with «Москва поддержала», «В Кремле заявили» missed);
    # 0 after its round (no longer blind)
    "holdout42": 0,
    # written after the holdout42 round, scored once: 1 blind (a chemist named Lvov read as Lviv, holdout18's class);
    # 0 after its round (no longer blind)
    "holdout43": 0,
    # written after the holdout43 round, scored once, never tuned on: its blind figure
    "holdout44": 0,
    # written before this round read the lexicons, scored once, never tuned on: its blind figure (0 of 30: officials
    # named without their country, occupied and Russian towns alone, the rouble and the hryvnia; traps: Usyk,
    # Stoltenberg's Norwegian budget, Baltic drone orders naming neither Russia nor NATO, Central Asia's domestic news)
    "holdout45": 0,
    # written after holdout45 was scored, scored once: 5 blind (FIFA's ban on Russian teams and Tokmak's occupation
    # garrison missed as `russia`; the IMF's Egypt programme ranking Ukraine among its borrowers and a swimmer
    # dedicating his gold to the ЗСУ read as `ukraine`; drones on Kursk's heat plant read as `ukraine` too, labelled
    # against the border-region policy and relabelled, as h10-uk-01 and h12-ru-02); 0 after its round (no longer blind)
    "holdout46": 0,
    # a second batch written after the holdout46 round to test its fixes on unseen wording, scored once: 2 blind (World
    # Aquatics «не допустила російських плавців» missed, a ranked list of beer buyers in Ukrainian read as `ukraine`);
    # 0 after (no longer blind)
    "holdout46b": 0,
    # written before this round read the lexicons, scored once: 4 blind (storms cutting power in Odesa and Lviv regions
    # and around Moscow read as `ukraine` / `russia`; a Ukrainian outlet's Russian obituary of a soldier killed "на
    # фронте" missed); 0 after its round (no longer blind)
    "holdout47": 0,
    # written after the holdout47 round, scored once: 3 blind (the СЗЧ law, sanctions on Sovcomflot, a tanker shadowed
    # on its way to Primorsk missed); 0 after its round (no longer blind)
    "holdout48": 0,
    # written after the holdout48 round, scored once: 4 blind (Russian-Belarusian drills by name and the Zapad drills
    # missed, the Bundeswehr's brigade in Lithuania uk/ru missed, an ERA tranche on frozen Russian assets read as
    # `russia` too); 1 after its round (that tranche: the frozen assets stay Russia's money, 2 in the lead)
    "holdout49": 1,
    # written after the holdout49 round, scored once: 4 blind (the Kursk submarine read as `russia` in en and ru, a
    # Ramstein story's PURL contributions read as `nato` (labelled against the policy and relabelled, as h34-uk-04),
    # Russian drones on Izmail once in an insurance story's body missed); 1 after its round (that last one)
    "holdout50": 1,
    # written after the holdout50 round, scored once, never tuned on: 1 blind (a NATO-Ukraine Council centre "to
    # counter Russian drones", labelled `nato` + `ukraine`, read as `russia` too: Russian drones in the title)
    "holdout51": 1,
    # written after the holdout51 round, scored once: 5 blind (Kyrgyzstan as the route of chips and payments cancelling
    # Russia, the Crimean bridge's queue in a Russian outlet, a Kyiv property scam, "Ukrainian sea drones" unread);
    # 0 after its round
    "holdout52": 0,
    # written after the holdout52 round, scored once, never tuned on: 1 (Kyiv's Podilskyi bridge opened to cars read
    # as `ukraine`: the mayor weighs as a state official)
    "holdout53": 1,
}


def _rows(name):
    return load_labelled() if name == "main" else load_holdout(name=name)


@pytest.mark.parametrize("name", sorted(MAX_WRONG))
def test_no_more_wrong_articles_than_measured(name):
    report = evaluate(rows=_rows(name))
    wrong = [(e["id"], e["labels"], e["predicted"]) for e in report["errors"]]
    assert len(wrong) <= MAX_WRONG[name], wrong


def test_every_holdout_is_scored_and_has_a_ceiling():
    assert set(HOLDOUTS) <= set(MAX_WRONG)


@pytest.mark.parametrize(
    "name, size",
    [("holdout6", 90), ("holdout7", 36), ("holdout8", 60), ("holdout9", 72), ("holdout10", 36), ("holdout11", 45),
     ("holdout12", 45), ("holdout13", 24), ("holdout14", 42),
     ("holdout15", 24), ("holdout16", 60), ("holdout17", 30), ("holdout18", 60),
     ("holdout19", 30), ("holdout20", 30), ("holdout26", 60), ("holdout41", 30), ("holdout43", 36), ("holdout45", 30)],
)
def test_new_holdouts_are_balanced_and_consistent(name, size):
    rows = load_holdout(name=name)
    assert len(rows) >= size
    assert len({r["id"] for r in rows}) == len(rows)
    relevant, other = min(6, len(rows) // 6), min(5, len(rows) // 6)  # each language: both sides well represented
    for lang in LANGUAGES:
        labels = [r["relevant"] for r in rows if r["language"] == lang]
        assert len(labels) == len(rows) // 3 and labels.count(True) >= relevant and labels.count(False) >= other, lang
    for row in rows:
        assert row["relevant"] == bool(row["topics"]) and set(row["topics"]) <= set(TOPICS), row["id"]
        assert row["title"].strip() and row["description"].strip() and row["body"].count("\n\n") >= 2, row["id"]


def test_holdout6_keeps_every_relevant_article_and_drops_every_other():
    report = evaluate(rows=load_holdout(name="holdout6"))
    for lang in LANGUAGES:
        assert report["relevant"][lang]["fp"] == 0 and report["relevant"][lang]["fn"] == 0, report["errors"]


# --- metonymy and indirect names -----------------------------------------------------------------------------


def _russia_terms(match):
    return {h.term for h in match.scores["russia"].terms}


def test_moscows_troops_are_russian_forces():
    match = match_topics(
        "Defenders repel assaults near Huliaipole",
        "Moscow's troops attacked in small groups under the cover of fog, the General Staff said. "
        "Kyiv's commanders reported that Moscow's forces had lost three armoured vehicles.",
        "The Southern Defence Forces said the line held.",
        language="en",
    )
    assert "russia" in match.topic_names
    assert "Russian forces" in _russia_terms(match)


def test_moscow_idaho_is_not_moscows():
    match = match_topics(
        "Moscow, Idaho, approves new downtown parking plan",
        "The city council of Moscow, Idaho, voted 5-1 for meters on Main Street. The university town's "
        "merchants had asked for longer free parking.",
        language="en",
    )
    assert match.topic_names == []


def test_kyivs_allies_name_the_ukrainian_state():
    match = match_topics(
        "Coalition of the willing agrees outline of reassurance force",
        "Kyiv's allies agreed in Paris on the outline of a multinational force to be stationed after a "
        "ceasefire. Kyiv's negotiators said the army's size could not be capped.",
        language="en",
    )
    assert "ukraine" in match.topic_names
    assert "Kyiv (the state)" in {h.term for h in match.scores["ukraine"].terms}


def test_occupiers_and_the_slur_name_russian_forces():
    match = match_topics(
        "Окупанти обстріляли Нікополь",
        "Рашисти вдарили по місту з артилерії, поранено двох людей.",
        language="uk",
    )
    assert "russia" in match.topic_names
    assert "Russian forces (occupiers)" in _russia_terms(match)


def test_nazi_occupiers_in_a_second_world_war_story_are_not_russia():
    match = match_topics(
        "У Києві вшанували пам'ять жертв Бабиного Яру",
        "Нацистські окупанти розстріляли в урочищі десятки тисяч людей у 1941-1943 роках. "
        "На церемонії виступили історики та представники громади.",
        language="uk",
    )
    assert "Russian forces (occupiers)" not in _russia_terms(match)
    assert "russia" not in match.topic_names


def test_aggressor_state_and_occupation_authorities_are_russia():
    match = match_topics(
        "В окупованому Криму обмежили продаж пального",
        "Окупаційна влада пояснює дефіцит логістикою. Міноборони країни-агресора заявило про атаку дронів.",
        language="uk",
    )
    assert {"aggressor state", "occupation authorities"} <= _russia_terms(match)
    assert "russia" in match.topic_names


def test_a_named_foreign_ministry_is_not_russias_own():
    match = match_topics(
        "Запорожская АЭС осталась без внешнего питания",
        "Минэнерго Украины заявило, что линия повреждена обстрелом.",
        language="ru",
    )
    assert "home ministries (ru)" not in _russia_terms(match)
    assert "russia" not in match.topic_names


def test_shakhove_the_village_is_not_chess():
    match = match_topics(
        "Окупанти штурмували Шахове",
        "Бої тривають біля Шахового та Родинського, повідомили в Генштабі.",
        language="uk",
    )
    assert "sport context" not in _russia_terms(match)
    chess = match_topics("Шаховий турнір у Львові", "Переможцем шахового турніру став гросмейстер.", language="uk")
    assert "sport context" in {h.term for h in chess.scores["ukraine"].terms}


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Eurovision: Ukraine picks folk-rock band in national final",
            "Ukraine's entry was chosen by jury and public vote. Ukraine has won the song contest three times; "
            "the band will sing in Ukrainian in Vienna.",
        ),
        (
            "uk",
            "Рецепт: борщ із квасолею, як на Чернігівщині",
            "Цей борщ варила моя бабуся в Чернігові. Подавайте зі сметаною і пампушками.",
        ),
    ],
)
def test_song_contests_and_recipes_are_not_the_state(language, title, body):
    assert "ukraine" not in match_topics(title, body, language=language).topic_names


# --- the gazetteer round: places, brands, the other side, Russia's wartime laws ------------------------------


def _ukraine_terms(match):
    return {h.term for h in match.scores["ukraine"].terms}


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Drones hit a refinery in Taganrog overnight"),
        ("ru", "Беспилотники атаковали Таганрог, пострадало предприятие"),
        ("uk", "Сили оборони уразили аеродром у Морозовську"),
        ("ru", "В Судже и Глушково продолжается эвакуация"),
        ("en", "Shelling of Shebekino and Graivoron continued"),
    ],
)
def test_russian_border_towns_and_struck_sites_are_russian_places(language, text):
    terms = _russia_terms(match_topics(text, "", language=language))
    assert terms & {"Russian border regions", "Russian places"}, terms


@pytest.mark.parametrize(
    "language, text, place",
    [
        ("uk", "Окупанти вдарили по Сумах, а Суми знеструмлені", True),
        ("uk", "Уряд виплатив суми компенсацій родинам", False),  # «суми» sums
        ("uk", "Бої тривають біля Сіверська", True),
        ("uk", "Вода в Сіверському Донці знову піднялася", False),  # the river
        ("ru", "Армянский коньяк подорожал", False),  # «армянский» Armenian, not Armiansk
        ("ru", "Добавьте изюм и курагу в тесто", False),  # raisins, not Izium
    ],
)
def test_place_stems_that_are_also_words_need_their_listed_endings(language, text, place):
    terms = _ukraine_terms(match_topics(text, "", language=language))
    found = bool(terms & {"front-line towns", "Ukrainian cities and regions", "Donbas and occupied territories"})
    assert found is place, terms


def test_a_gazetteer_adds_places_to_the_topic_it_names_and_is_no_topic_itself(tmp_path):
    (tmp_path / "belarus.yaml").write_text(
        "topic: belarus\nthreshold: 5\nterms:\n  - {term: Lukashenko, weight: 3, forms: [Lukashenko]}\n",
        encoding="utf-8",
    )
    (tmp_path / "gazetteer").mkdir()
    (tmp_path / "gazetteer" / "places.yaml").write_text(
        "topics:\n  belarus:\n    - {term: Belarusian places, weight: 2, forms: [Hrodna, Гродн<ru_noun_a>]}\n",
        encoding="utf-8",
    )
    matcher = TopicMatcher(lexicon_dir=tmp_path)
    assert [t.name for t in matcher.topics] == ["belarus"]
    match = matcher.match("Lukashenko visits Гродно's plant", "A plant in Hrodna, then in Гродне.")
    assert "Belarusian places" in {h.term for h in match.scores["belarus"].terms}


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "'Great Russian Nutcracker' returns to Boston",
            "The Moscow Ballet's touring production plays 40 cities; the company is based in Massachusetts.",
        ),
        ("en", "Summer Russian language classes for teens", "Russian language lessons start in June at the library."),
        (
            "en",
            "Ukrainian-American engineer wins design award",
            "She grew up in Chicago; her parents came from Lviv in the 1990s.",
        ),
        (
            "uk",
            "Роман харків'янина потрапив до короткого списку Букерівської премії",
            "Книга розповідає про Харків 1960-х. Переможця оголосять у Лондоні.",
        ),
    ],
)
def test_brands_classes_diaspora_and_literary_prizes_are_not_the_state(language, title, body):
    assert match_topics(title, body, language=language).topic_names == []


@pytest.mark.parametrize(
    "language, title, body",
    [
        ("uk", "Умєров: списки на обмін погоджено частково", "Російська сторона затягує повернення поранених."),
        ("en", "Delegation arrives in Abu Dhabi", "Kyiv says Moscow still holds thousands of Ukrainian prisoners."),
        ("ru", "Переговоры об обмене", "Российская сторона передала списки, сообщили в Абу-Даби."),
    ],
)
def test_the_other_side_and_moscow_acting_are_the_russian_state(language, title, body):
    assert "Russian state (the other side)" in _russia_terms(match_topics(title, body, language=language))


def test_wartime_censorship_charges_are_russian_society_stories():
    match = match_topics(
        "В Петербурге задержали студентов за листовки",
        "Им грозят административные дела о «дискредитации армии».",
        language="ru",
    )
    assert "russia" in match.topic_names
    assert "Russian repression laws" in _russia_terms(match)


def test_drones_downed_over_a_russian_region_are_the_war_for_ukraine_too():
    match = match_topics(
        "Shells hit Belgorod suburb, Gladkov says",
        "Air defences shot down 20 drones overnight, governor Vyacheslav Gladkov said. He blamed Ukrainian forces.",
        language="en",
    )
    assert {"russia", "ukraine"} <= set(match.topic_names)
    assert "war vocabulary" in _ukraine_terms(match)


# --- the holdout9 round: border regions struck, Russia as a model, the army as a charity's beneficiary ---------


@pytest.mark.parametrize(
    "language, title, body",
    [
        ("en", "Drone attack on Belgorod kills two", "Governor Gladkov blamed Ukraine. A school was damaged."),
        ("ru", "Атака беспилотников на Брянск", "Богомаз сообщил о пожаре. Губернатор обвинил Украину."),
    ],
)
def test_a_strike_on_a_russian_border_region_is_ukraines_war_too(language, title, body):
    match = match_topics(title, body, language=language)
    assert {"ukraine", "russia"} <= set(match.topic_names)
    assert "strike on a Russian border region" in _ukraine_terms(match)


def test_a_border_region_without_the_war_in_it_is_russias_story_only():
    # h5-ru-04 / h6-ru-07: the 2024 incursion as background of a court case is not Ukraine acting now
    match = match_topics(
        "Суд арестовал бывшего замгубернатора Курской области",
        "Ленинский районный суд Курска арестовал чиновника по делу о хищении.\n\n"
        "После вторжения ВСУ в Курскую область в 2024 году прокуратура начала проверку.",
        language="ru",
    )
    assert "strike on a Russian border region" not in _ukraine_terms(match)
    assert "ukraine" not in match.topic_names


def test_a_term_may_require_another_label_of_its_topic(tmp_path):
    (tmp_path / "demo.yaml").write_text(
        "topic: demo\nthreshold: 3\nterms:\n"
        "  - {term: place, weight: 3, requires: [war], forms: [Kursk]}\n"
        "  - {term: war, weight: 1, forms: [shelling]}\n",
        encoding="utf-8",
    )
    matcher = TopicMatcher(lexicon_dir=tmp_path)
    assert matcher.match("Kursk court", "", language="en").scores["demo"].score == 0
    assert matcher.match("Kursk shelling", "", language="en").topic_names == ["demo"]
    (tmp_path / "demo.yaml").write_text(
        "topic: demo\nterms:\n  - {term: place, weight: 3, requires: [nothing], forms: [Kursk]}\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="requires unknown"):
        TopicMatcher(lexicon_dir=tmp_path)


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Kyrgyzstan's parliament passes foreign agents law",
            "Critics call it modelled on Russia's legislation and a copy of Russia's law. Protests in Bishkek.",
        ),
        (
            "uk",
            "У Грузії ухвалили закон за російським зразком",
            "Опозиція назвала закон копією російського. Протести в Тбілісі тривають.",
        ),
        (
            "ru",
            "Оппозиция Грузии говорит о «российском сценарии»",
            "«Грузинская мечта» запретила партии. Лидеры оппозиции в Тбилиси назвали это российским сценарием.",
        ),
    ],
)
def test_russia_as_the_model_another_government_copies_is_not_russia(language, title, body):
    assert "russia" not in match_topics(title, body, language=language).topic_names


def test_russia_acting_in_a_georgia_story_still_counts():
    match = match_topics(
        "Georgia's government protests as Russian forces move border fences",
        "Russian troops moved the border markers 300 metres into Georgia's territory near Tbilisi's main highway.",
        language="en",
    )
    assert "russia" in match.topic_names


def test_the_army_as_a_charitys_beneficiary_is_not_the_army_acting():
    festival = match_topics(
        "У Львові стартує ярмарок",
        "Частину виторгу передадуть на потреби ЗСУ. Ярмарок триватиме до неділі.",
        language="uk",
    )
    assert "Armed Forces of Ukraine" not in _ukraine_terms(festival)
    strike = match_topics("ЗСУ уразили склад боєприпасів", "Удар завдали ЗСУ.", language="uk")
    assert "Armed Forces of Ukraine" in _ukraine_terms(strike)


# --- the holdout11 round: strikes deep in Russia, the war's verbs, athletes abroad, city news ---------------


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Fire at Saratov refinery after drone strike",
            "Governor Busargin said two workers were hurt in Russia's Volga city. "
            "Ukraine's General Staff confirmed the strike.",
        ),
        ("ru", "Беспилотники атаковали НПЗ в Рязани", "Губернатор сообщил о пожаре. В Минобороны обвинили ВСУ."),
    ],
)
def test_a_strike_deep_in_russia_is_ukraines_war_too(language, title, body):
    match = match_topics(title, body, language=language)
    assert "strike deep in Russia" in _ukraine_terms(match)
    assert {"ukraine", "russia"} <= set(match.topic_names)


def test_a_russian_city_without_the_war_in_it_is_not_ukraines():
    match = match_topics(
        "Рязанский НПЗ увеличил переработку", "«Роснефть» отчиталась о росте выпуска бензина в Рязани.", language="ru"
    )
    assert "strike deep in Russia" not in _ukraine_terms(match)
    assert "ukraine" not in match.topic_names


@pytest.mark.parametrize(
    "language, text, counted",
    [
        ("ru", "Беспилотник атаковал автобус с рабочими", True),
        ("uk", "Над областю збили 40 дронів", True),
        ("uk", "Сили оборони уразили аеродром", True),
        ("uk", "Гравець уразив уболівальників своєю грою", False),
        ("ru", "Нападающий атаковал ворота соперника", False),
    ],
)
def test_the_wars_verbs_are_war_vocabulary(language, text, counted):
    assert ("war vocabulary" in _ukraine_terms(match_topics(text, "", language=language))) is counted


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Dovbyk scores twice as Roma beat Lazio",
            "The Ukraine striker has six goals in Serie A this season. Ukrainian fans sang his name.",
        ),
        ("uk", "Ванат забив за «Жирону»", "Нападник збірної України перейшов з київського «Динамо». Ла Ліга."),
    ],
)
def test_a_ukrainian_footballer_abroad_is_not_the_state(language, title, body):
    assert "ukraine" not in match_topics(title, body, language=language).topic_names


def test_moscow_city_news_is_not_russia_but_a_moscow_court_is():
    metro = match_topics(
        "Moscow opens last section of Big Circle metro line",
        "Moscow mayor Sergei Sobyanin opened three stations, completing the ring line.",
        language="en",
    )
    assert "russia" not in metro.topic_names
    court = match_topics(
        "Moscow court jails journalist for 'fakes' about the army",
        "The Moscow City Court sentenced him to seven years for discrediting the army.",
        language="en",
    )
    assert "russia" in court.topic_names


# --- the holdout12 round: addresses, the spelling alphabet, the language, beneficiaries, the Olympics ---------


def test_nato_in_an_address_is_not_nato_but_in_a_sentence_it_is():
    slug = match_topics(
        "A short guide to WordPress permalinks",
        "A news site's archive is full of slugs like /2025/06/25/nato-summit-the-hague-live-updates/ or "
        "https://example.com/russia-ukraine-talks/. Keep them short and lowercase.",
        language="en",
    )
    assert slug.topic_names == []
    prose = match_topics("NATO summit opens in The Hague", "Leaders meet to agree a spending target.", language="en")
    assert "nato" in prose.topic_names


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Why controllers still spell in 'Alfa, Bravo, Tango'",
            "The spelling alphabet adopted by ICAO in 1956 was taken up by NATO the same year. NATO still uses it.",
        ),
        (
            "uk",
            "Чому пілоти кажуть «Альфа», «Браво» і «Чарлі»",
            "Фонетичний алфавіт у 1956 році прийняло й НАТО, тож його часто називають натовським.",
        ),
    ],
)
def test_the_spelling_alphabet_discounts_natos_name_too(language, title, body):
    match = match_topics(title, body, language=language)
    assert "nato" not in match.topic_names
    assert "spelling-alphabet context" in {h.term for h in match.scores["nato"].terms}


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "Kazakh lawmakers reject bill to drop Russian as official language",
            "Russian is spoken by most Kazakhs; the Russian language stays official in Astana.",
        ),
        ("en", "Russian Blue and Russian Wolfhound top breed list", "Both are calm with children."),
        ("uk", "Російська блакитна: порода кішок", "Російська блакитна походить з півночі."),
    ],
)
def test_russian_as_a_language_or_a_breed_is_not_russia(language, title, body):
    assert "russia" not in match_topics(title, body, language=language).topic_names


def test_russian_officials_are_still_russian_forces_after_the_language_rule():
    match = match_topics("Russian officials reject talks", "Russian officials said no.", language="en")
    assert "Russian forces" in _russia_terms(match)


def test_a_fund_buying_for_the_army_is_a_beneficiary_but_the_government_buying_is_not():
    treason = match_topics(
        "У Петербурзі жінку засудили за переказ 2 тисяч рублів",
        "Вона переказала гроші українському фонду, що закуповує аптечки для ЗСУ. ФСБ затримала її.",
        language="uk",
    )
    assert "Armed Forces of Ukraine" not in _ukraine_terms(treason)
    procurement = match_topics("Уряд закуповує дрони для ЗСУ", "Міноборони уклало контракти.", language="uk")
    assert "Armed Forces of Ukraine" in _ukraine_terms(procurement)


@pytest.mark.parametrize(
    "language, title, body",
    [
        (
            "en",
            "IOC keeps Russian athletes under neutral flag",
            "The Russian Olympic Committee stays suspended for taking in sports bodies from occupied regions of "
            "Ukraine. "
            "The Kremlin called the Olympic ban political.",
        ),
        (
            "ru",
            "МОК сохранил отстранение России",
            "Олимпийский комитет России отстранен из-за включения организаций с оккупированных территорий Украины. "
            "В Кремле назвали решение политическим.",
        ),
    ],
)
def test_the_olympic_ban_is_russias_story_not_ukraines(language, title, body):
    match = match_topics(title, body, language=language)
    assert "russia" in match.topic_names and "ukraine" not in match.topic_names


@pytest.mark.parametrize(
    "language, title, body",
    [
        ("en", "Eleven deported children brought home", "Children taken from occupied Kherson returned, he said."),
        ("uk", "Україні повернули ще 11 депортованих дітей", "Дітей, незаконно вивезених з Херсонщини, повернули."),
    ],
)
def test_deported_children_are_evidence_for_both_sides(language, title, body):
    match = match_topics(title, body, language=language)
    assert "deported children" in _ukraine_terms(match) and "deported children" in _russia_terms(match)


@pytest.mark.parametrize(
    "language, text, term",
    [
        ("ru", "Эстония задержала танкер теневого флота", "shadow fleet"),
        ("ru", "Теневой флот обходит санкции", "shadow fleet"),
        ("en", "Air defence shot down 40 drones", "war vocabulary"),
        ("en", "Parliament passes mobilisation law", "war vocabulary"),
    ],
)
def test_inflected_and_spelling_variant_forms_match(language, text, term):
    match = match_topics(text, "", language=language)
    assert term in {h.term for s in match.scores.values() for h in s.terms}


def test_a_bracket_in_a_form_is_refused_at_load_time(tmp_path):
    (tmp_path / "demo.yaml").write_text(
        "topic: demo\nterms:\n  - {term: m, weight: 1, forms: ['mobili[sz]ation']}\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="not form syntax"):
        TopicMatcher(lexicon_dir=tmp_path)


# --- the holdout14 round: culture, history, science and business stories; the war told through them ----------


def test_a_context_term_may_be_cancelled_by_another_label(tmp_path):
    (tmp_path / "demo.yaml").write_text(
        "topic: demo\nthreshold: 3\nterms:\n"
        "  - {term: place, weight: 3, forms: [Kharkiv]}\n"
        "  - {term: war, weight: 1, forms: [shelling]}\n"
        "  - {term: culture, weight: -3, unless: [war], forms: [museum]}\n",
        encoding="utf-8",
    )
    matcher = TopicMatcher(lexicon_dir=tmp_path)
    assert matcher.match("Kharkiv museum reopens", "", language="en").topic_names == []
    assert matcher.match("Kharkiv museum closed by shelling", "", language="en").topic_names == ["demo"]
    (tmp_path / "demo.yaml").write_text(
        "topic: demo\nterms:\n  - {term: culture, weight: -3, unless: [nothing], forms: [museum]}\n", encoding="utf-8"
    )
    with pytest.raises(LexiconError, match="unknown terms in 'unless'"):
        TopicMatcher(lexicon_dir=tmp_path)


@pytest.mark.parametrize(
    "language, title, body, relevant",
    [
        (
            "en",
            "Ukrainian comedy set in 1990s Kharkiv wins at Karlovy Vary",
            "The film festival's jury praised the Kharkiv cast. The Ukrainian film opens in Czech cinemas in May.",
            False,
        ),
        (
            "uk",
            "Фільм про оборону Маріуполя покажуть на Берлінале",
            "Стрічку знімали в бункерах, коли Маріуполь оточили російські війська. Фестиваль триватиме десять днів.",
            True,
        ),
        (
            "en",
            "Kyiv-founded tutoring start-up raises $70 million",
            "The founders, three Ukrainian engineers, started it in Kyiv; investors value it at $1.2 billion.",
            False,
        ),
        (
            "en",
            "Start-up founder puts $10 million into interceptor drones",
            "The Kyiv company's drones shoot down Shahed drones near Kyiv, its founders said.",
            True,
        ),
    ],
)
def test_culture_and_business_context_count_unless_the_war_is_in_the_story(language, title, body, relevant):
    assert ("ukraine" in match_topics(title, body, language=language).topic_names) is relevant


@pytest.mark.parametrize(
    "language, title, body, topic, relevant",
    [
        (
            "ru",
            "В британском архиве нашли письма солдата Крымской войны",
            "Историки изучают письма об осаде Севастополя в 1854 году. Севастополь и Крым описаны подробно.",
            "ukraine",
            False,
        ),
        (
            "uk",
            "Путін знову згадав Херсонес, щоб виправдати війну",
            "В окупованому Севастополі він назвав Крим «сакральним» і згадав Кримську війну XIX століття. "
            "Російські війська продовжують обстріли Херсона.",
            "ukraine",
            True,
        ),
        (
            "en",
            "Archaeologists find seal of Yaroslav the Wise in Kyiv",
            "The seal of the ruler of Kievan Rus was found in Kyiv, historians said.",
            "ukraine",
            False,
        ),
        (
            "en",
            "Scientists map new craters in Russia's Yamal peninsula",
            "Researchers in Moscow found seven craters in the permafrost, formed when methane blew out the ground.",
            "russia",
            False,
        ),
    ],
)
def test_history_and_science_are_context_but_history_invoked_for_the_war_is_not(language, title, body, topic, relevant):
    assert (topic in match_topics(title, body, language=language).topic_names) is relevant


@pytest.mark.parametrize(
    "language, title, body, topic, relevant",
    [
        ("en", "Ukraine's women win European rowing title", "Ukraine's sculls crew beat the Dutch.", "ukraine", False),
        ("uk", "На фронті загинув чемпіон Європи з боксу", "Боксер служив оператором дронів.", "ukraine", True),
        ("ru", "«Зенит-Казань» выиграл Суперкубок России", "Волейболисты обыграли «Динамо».", "russia", False),
        ("ru", "Бывший хоккеист КХЛ погиб в зоне СВО", "Нападающий играл за «Амур», его мобилизовали.", "russia", True),
    ],
)
def test_more_sports_are_context_but_an_athlete_killed_in_the_war_is_the_war(language, title, body, topic, relevant):
    assert (topic in match_topics(title, body, language=language).topic_names) is relevant


def test_nato_in_fiction_is_not_nato_but_a_summit_is():
    review = match_topics(
        "'The Diplomat' season three review",
        "Netflix's political thriller sends its ambassador to a fictional NATO summit where NATO allies split.",
        language="en",
    )
    assert "nato" not in review.topic_names
    assert "fiction context" in {h.term for h in review.scores["nato"].terms}
    summit = match_topics("NATO summit opens in Ankara", "NATO leaders meet to agree a spending target.", language="en")
    assert "nato" in summit.topic_names


def test_russian_missiles_on_a_ukrainian_city_are_ukraines_war_but_russian_drones_over_poland_are_not():
    kharkiv = match_topics("Музей у Харкові пошкоджено", "Російська ракета влучила поруч із музеєм.", language="uk")
    assert "war vocabulary" in _ukraine_terms(kharkiv)
    poland = match_topics("Poland scrambles jets", "Russian drones entered Polish airspace overnight.", language="en")
    assert "war vocabulary" not in _ukraine_terms(poland)


def test_shelling_next_to_russian_troops_is_russias_war_but_shelling_alone_is_not():
    named = match_topics(
        "Kherson museum moves paintings out after shelling",
        "Russian troops took thousands of works in 2022. The city is shelled daily.",
        language="en",
    )
    assert "russia" in named.topic_names and "the war (Russia's side)" in _russia_terms(named)
    unnamed = match_topics("Kherson museum moves paintings after shelling", "The city is shelled daily.", language="en")
    assert "russia" not in unnamed.topic_names


def test_a_peace_plan_is_ukraines_story_next_to_its_leaders_not_in_another_war():
    plan = match_topics(
        "Москва відкинула поправки до мирного плану",
        "Зеленський заявив, що гарантії безпеки обговорюватимуть лідери.",
        language="uk",
    )
    assert "ukraine" in plan.topic_names
    gaza = match_topics("Gaza peace plan talks resume in Cairo", "Security guarantees for Israel were discussed.")
    assert "ukraine" not in gaza.topic_names


def test_nato_as_a_list_of_countries_in_a_citizenship_law_is_not_the_alliance():
    law = match_topics(
        "Рада ухвалила закон про множинне громадянство",
        "Закон дозволяє громадянам країн ЄС, НАТО та інших держав-партнерів отримувати громадянство.",
        language="uk",
    )
    assert "NATO" not in {h.term for h in law.scores["nato"].terms}
    accession = match_topics("Україна і НАТО", "Рада НАТО-Україна обговорила вступ до НАТО.", language="uk")
    assert "nato" in accession.topic_names


@pytest.mark.parametrize(
    "language, title, body, topic, term, counted",
    [
        ("uk", "Суд оскаржуватиме вирок", "Адвокат оскаржуватиме рішення.", "ukraine", "culture context", False),
        ("uk", "Фільм висунули на «Оскар»", "Оскарівський комітет обрав фільм.", "ukraine", "culture context", True),
        ("uk", "Книжки Жадана вилучають", "Автори публічно підтримують ЗСУ.", "ukraine", "Armed Forces of Ukraine", 0),
        ("uk", "ЗСУ звільнили село", "Підрозділи ЗСУ просунулися.", "ukraine", "Armed Forces of Ukraine", True),
        ("en", "Court bans novel as 'LGBT propaganda'", "", "russia", "Russian repression laws", True),
    ],
)
def test_the_rounds_word_forms(language, title, body, topic, term, counted):
    match = match_topics(title, body, language=language)
    assert (term in {h.term for h in match.scores[topic].terms}) is bool(counted)


# --- the holdout16 round: NATO's letters elsewhere, forecasts and zoos, the language, Belarus, another's ministry ---


@pytest.mark.parametrize(
    "language, title, body, is_nato",
    [
        ("uk", "Ретроспектива Нато Вачнадзе", "Довженко-Центр покаже фільми Нато Вачнадзе, зірки грузинського кіно.",
         0),
        ("ru", "Нато Метонидзе споет в Тбилиси", "Грузинская певица Нато Метонидзе выступит с оркестром.", 0),
        ("uk", "Генсек НАТО приїде до Києва", "Рютте обговорить із Зеленським допомогу НАТО.", 1),
        ("en", "NATO, the cinema owners, backs a 45-day window",
         "The National Association of Theatre Owners opened CinemaCon; NATO says the box office has recovered.", 0),
        ("uk", "Куртки «як у НАТО» стали хітом",
         "Стилісти пояснюють моду на мілітарі; куртки НАТО купують утричі частіше.", 0),
        ("en", "Board game 'NATO vs Warsaw Pact' reissued", "Players command NATO corps in the strategy game.", 0),
        ("en", "NATO defence ministers agree Black Sea plan", "Allies will send jets, NATO's Rutte said.", 1),
    ],
)
def test_natos_letters_as_a_name_a_trade_body_a_cut_or_a_game_are_not_the_alliance(language, title, body, is_nato):
    assert ("nato" in match_topics(title, body, language=language).topic_names) is bool(is_nato)


def test_a_forecast_naming_region_after_region_is_weather_but_russian_drones_in_the_frost_are_the_war():
    forecast = match_topics(
        "Snow and black ice close roads around Kyiv and Odesa",
        "Forecasters expect minus 15C in Chernihiv and Sumy regions.\n\n"
        "Heavy snow fell across northern and central Ukraine, and black ice closed the Kyiv-Odesa highway. "
        "The Ukrainian Hydrometeorological Center said freezing rain was likely in Odesa region and Vinnytsia region.",
        language="en",
    )
    assert "ukraine" not in forecast.topic_names
    strike = match_topics(
        "Russian drones hit Kyiv as frost sets in",
        "Forecasters expect minus 15C; Russian drones struck power plants in Kyiv and Odesa, "
        "Ukraine's energy ministry said.",
        language="en",
    )
    assert {"ukraine", "russia"} <= set(strike.topic_names)


def test_a_zoo_is_city_news_unless_the_war_reaches_it():
    cubs = match_topics(
        "У Київському зоопарку народилися тигренята",
        "Київський зоопарк покаже малят навесні. Це третій приплід у Києві за десять років.",
        language="uk",
    )
    assert "ukraine" not in cubs.topic_names
    assert "city news context" in _ukraine_terms(cubs)
    struck = match_topics(
        "Російські дрони пошкодили Київський зоопарк",
        "Уламки впали на вольєри після атаки російських дронів на Київ.",
        language="uk",
    )
    assert "city news context" not in _ukraine_terms(struck) and "ukraine" in struck.topic_names


def test_belarus_is_context_for_russia_unless_russia_acts_there():
    potash = match_topics(
        "Белоруссия увеличила поставки калия в Китай",
        "Основной путь экспорта — железная дорога через Россию.\n\n"
        "Лукашенко поручил найти рынки. Груз идет через Россию.",
        language="ru",
    )
    assert "russia" not in potash.topic_names
    missiles = match_topics(
        "«Орешник» заступил на дежурство в Белоруссии",
        "Министр обороны России Андрей Белоусов сообщил, что комплекс будут обслуживать расчеты России.",
        language="ru",
    )
    assert "russia" in missiles.topic_names


@pytest.mark.parametrize(
    "language, title, body, topic, term, counted",
    [
        ("uk", "Навчання російських військ", "Про навчання повідомили в Міністерстві оборони РФ.", "ukraine",
         "home ministries (uk)", False),
        ("uk", "Міноборони закупить дрони", "У Міністерстві оборони повідомили про контракт.", "ukraine",
         "home ministries (uk)", True),
        ("uk", "Режисерку засудили за виставу", "Суд визнав виставу «виправданням тероризму».", "russia",
         "Russian repression laws", True),
        ("en", "Tallinn's Russian Theatre opens its season", "Estonia's Russian-language company plays Chekhov.",
         "russia", "Russian", False),
        ("ru", "Одесса в Техасе страдает от засухи", "Власти Одессы, города в американском штате Техас, ввели лимиты.",
         "ukraine", "Ukrainian cities and regions", False),
        ("uk", "Українські вчені розшифрували геном буйвола", "Науковці опублікували геном.", "ukraine",
         "science context", True),
        ("ru", "Учения в Калининградской области", "Ученые не участвовали.", "russia", "science context", True),
        ("ru", "Учения в Калининградской области", "Начались учения флота.", "russia", "science context", False),
    ],
)
def test_the_holdout16_rounds_word_forms(language, title, body, topic, term, counted):
    match = match_topics(title, body, language=language)
    assert (term in {h.term for h in match.scores[topic].terms}) is bool(counted)


def test_sanctions_on_russias_oil_are_russias_story_unless_the_war_is_in_it():
    cap = match_topics(
        "Ukraine's allies cut price cap on Russian crude and list 120 more tankers",
        "The EU and Britain lowered the price cap in the 20th sanctions package since the full-scale invasion.\n\n"
        "The tankers belong to the shadow fleet. The Kremlin called the measures illegal.",
        language="en",
    )
    assert cap.topic_names == ["russia"]
    strikes = match_topics(
        "EU agrees sanctions package as Russian missiles hit Kyiv",
        "Russian missiles struck Kyiv overnight while the EU agreed its 20th sanctions package and a lower price cap.",
        language="en",
    )
    assert {"ukraine", "russia"} <= set(strikes.topic_names)


@pytest.mark.parametrize(
    "language, title, body, ukraines",
    [
        # h20-uk-02's shape: Russia's budget told through its finance ministry and Mishustin's cabinet
        ("uk", "Нафтогазові доходи Росії впали на чверть",
         "Дані Мінфіну РФ показують падіння на 24%. Уряд Мішустіна пропонує підвищити ПДВ, уряд РФ скорочує видатки, "
         "Міністерство фінансів Росії знизило прогноз. Російський уряд і Кабмін Росії мовчать.", False),
        ("ru", "Минфин России сократил прогноз доходов",
         "Кабмин РФ одобрил поправки. Кабинет министров Мишустина внес бюджет в Думу, правительство РФ ждет дефицит.",
         False),
        ("en", "Russia's finance ministry cuts its revenue forecast",
         "Russia's finance ministry and the Mishustin government expect a wider deficit; the Russian government "
         "plans to raise VAT.", False),
        # the look-alike: Ukraine's own ministry and government, unqualified in a Ukrainian outlet
        ("uk", "Мінфін: доходи бюджету зросли на чверть",
         "Дані Мінфіну показують зростання на 24%. Уряд Свириденко пропонує підвищити ПДВ, а Кабмін схвалив видатки "
         "на оборону. «Нафтогазу» виділять кошти.", True),
    ],
)
def test_russias_named_state_bodies_are_not_ukraines(language, title, body, ukraines):
    match = match_topics(title, body, language=language)
    found = {h.term for h in match.scores["ukraine"].terms}
    state_bodies = {"home ministries (uk)", "government (uk)", "Ukrainian institutions"}
    assert bool(found & state_bodies) is ukraines
    assert ("ukraine" in match.topic_names) is ukraines
