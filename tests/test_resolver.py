"""The local resolver: Dutch text -> (intent, slots), from the interaction model only."""

from __future__ import annotations

import json

import pytest

from skill.build.interaction_model import DEFAULT_MODEL_PATH, dump_model
from skill.content.interaction import load_interaction
from skill.content.phrasings import load_phrasings
from skill.nlu.resolver import FALLBACK, Resolution, Resolver, SlotValue, Tuning, normalize, tokenize


# -- normalisation --------------------------------------------------------------------------------


def test_tokenize_lowercases_and_drops_punctuation_and_apostrophes():
    assert tokenize("Wat zijn de risico's, en de risico’s?!") == ["wat", "zijn", "de", "risicos", "en", "de", "risicos"]


def test_normalize_strips_diacritics_and_evens_out_word_forms():
    assert normalize("knieën") == normalize("knieen")
    assert normalize("zware") == normalize("zwaar")
    assert normalize("kromme") == normalize("krom")
    assert normalize("tillen") == normalize("til")
    assert normalize("terugkomt") == normalize("terugkomen")
    assert normalize("pijn in mijn rug") == normalize("pijn in de rug")  # articles/possessives alike
    assert normalize("stop nu maar even alexa") == normalize("stop maar")  # fillers left out
    assert normalize("graag") != []  # ... unless nothing else is said


def test_normalize_evens_out_pronouns_particles_and_irregular_verbs():
    assert normalize("hoe til ik") == normalize("hoe tilt u") == normalize("hoe til gij")  # subject pronouns alike
    assert normalize("mag ik wel gewoon sporten") == normalize("mag ik sporten")  # discourse particles left out
    assert normalize("nen stoel") == normalize("een stoel") == normalize("haar stoel")  # Flemish and other articles
    assert normalize("het schoot erin") == normalize("het schiet erin")  # irregular verb forms
    assert normalize("als het overgaat") == normalize("als het overgaan")  # ... inside a separable verb
    assert normalize("recht") == normalize("rechte")  # -cht is no verb ending
    assert normalize("houding") != normalize("houden")  # a noun in -ing is not its verb
    assert normalize("houdingen") == normalize("houding")
    assert normalize("ga verder") != normalize("ga ver")  # the stemmer's "ver" is another word: "hoe ver ben ik"
    assert normalize("gewone") != normalize("gewonnen")  # ordinary is not won


# -- topics -----------------------------------------------------------------------------------------

# General phrasings written for these tests (not taken from any evaluation file).
TOPIC_CASES = [
    ("vertel me wat over bukken", "tillen"),
    ("ik til veel kratten op mijn werk", "tillen"),
    ("welke houding is het beste voor mijn rug", "houding"),
    ("ik loop een beetje krom", "houding"),  # verb first: "krom lopen"
    ("is een bureaustoel met rugsteun goed", "zitten"),
    ("ik zit te veel op de bank", "zitten"),
    ("wat raad je aan als ik lang moet staan", "staan"),
    ("wanneer moet ik me ziek melden bij mijn baas", "werk"),
    ("helpt zwemmen bij rugklachten", "conditie"),
    ("helpt wandelen tegen stress", "ontspannen"),  # what it helps against is asked about
    ("hoeveel paracetamol per dag", "acute-aanval"),
    ("mijn rug schoot erin wat nu", "acute-aanval"),
    ("moet ik bedrust nemen", "acute-aanval"),
    ("is mijn overgewicht een risico", "risicos"),
    ("straalt rugpijn uit naar het been", "wat-is-lage-rugpijn"),
    ("wat doet een fysio eigenlijk", "fysiotherapeut"),
    ("ik heb al jaren last van chronische rugpijn", "fysiotherapeut"),
    ("is het verstandig om actief te blijven", "blijven-bewegen"),  # inserted word in "actief blijven"
    ("hoe komt het dat mijn rug pijn doet", "wat-is-lage-rugpijn"),  # compound split: "rug pijn"
    ("hoe bouw ik de belasting weer op", "blijven-bewegen"),  # separable verb split: "opbouwen"
    ("ik sta elk half uur op", "zitten"),  # ... "opstaan"
    ("waardoor krijg je rugpijn", "risicos"),  # "je" for the "ik" of a synonym ("waardoor krijg ik ...")
    ("ik heb veel stress met rugpijn", "ontspannen"),  # no "veel ... rugpijn" across a word naming a topic
    ("ik heb last van mijn rug als ik lang zit", "zitten"),  # complaint first, then the question
    ("amai moet ik naar de kiné", "fysiotherapeut"),  # Flemish
    ("het schiet er ineens in", "acute-aanval"),  # "erin" said split ("schiet erin")
    ("hoe bouw ik het weer op na rugpijn", "blijven-bewegen"),  # split verb, then a prepositional phrase
    ("is steeds hetzelfde werk doen slecht voor je rug", "risicos"),  # "hetzelfde" is no compound of "zelf"
]


@pytest.mark.parametrize("text,section", TOPIC_CASES)
def test_topic_questions_resolve_to_their_section(resolver, text, section):
    resolution = resolver.resolve(text)
    assert resolution.intent == "TopicIntent", resolution
    assert resolution.slot_id("onderwerp") == section, resolution


def test_resolved_slot_carries_the_words_heard(resolver):
    resolution = resolver.resolve("Is een bureaustoel goed?")
    assert resolution.slots == {"onderwerp": SlotValue("onderwerp", "bureaustoel", "zitten")}
    assert 0.0 < resolution.score <= 1.0


def test_read_section_and_read_leaflet_are_told_apart(resolver):
    section = resolver.resolve("lees het stuk over ontspanning maar voor")
    assert section.intent == "ReadSectionIntent" and section.slot_id("onderwerp") == "ontspannen"
    assert resolver.resolve("lees de brochure helemaal voor").intent == "ReadLeafletIntent"
    assert resolver.resolve("noem alle onderwerpen van de folder").intent == "ListTopicsIntent"


# -- unknown slot values and fallback -----------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("is kurkuma goed voor mijn rug", "kurkuma"),
    ("kan ik magnesium nemen", "magnesium"),
    ("vertel me over een hernia", "een hernia"),
])
def test_short_unknown_topic_gives_topic_intent_without_id(resolver, text, value):
    resolution = resolver.resolve(text)
    assert resolution.intent == "TopicIntent"
    assert resolution.slots == {"onderwerp": SlotValue("onderwerp", value, None)}


@pytest.mark.parametrize("text", [
    "wat moet ik doen bij pijn in mijn linker grote teen",  # capture too long to be a topic name
    "hoeveel inwoners heeft duitsland",
    "bestel twee kaartjes voor de bioscoop",
    "zet de radio wat harder",
    "wie wint morgen de wedstrijd",
    "ik heb griep",  # a statement: too little context around the unknown word to be a topic question
    "ik heb een hernia",
    "hoe hoog is mijn bloeddruk",  # "drukte" (busyness) is no head of "bloeddruk"
    "",
    "?!",
])
def test_unrelated_or_empty_text_falls_back(resolver, text):
    resolution = resolver.resolve(text)
    assert resolution.intent == FALLBACK
    assert resolution.slots == {}


# -- built-in intents ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,intents", [
    ("stop ermee", {"AMAZON.StopIntent", "AMAZON.CancelIntent"}),
    ("hou nu maar op alexa", {"AMAZON.StopIntent", "AMAZON.CancelIntent"}),
    ("laat maar", {"AMAZON.CancelIntent"}),
    ("ja hoor prima", {"AMAZON.YesIntent"}),
    ("graag", {"AMAZON.YesIntent"}),
    ("nee dat hoeft niet hoor", {"AMAZON.NoIntent"}),
    ("volgende alsjeblieft", {"AMAZON.NextIntent"}),
    ("terug naar het vorige onderwerp", {"AMAZON.PreviousIntent"}),
    ("zeg dat nog eens alexa", {"AMAZON.RepeatIntent"}),
    ("begin maar helemaal opnieuw", {"AMAZON.StartOverIntent"}),
    ("even pauzeren", {"AMAZON.PauseIntent"}),
    ("ga maar verder met lezen", {"AMAZON.ResumeIntent"}),
    ("wat kan ik allemaal zeggen", {"AMAZON.HelpIntent"}),
])
def test_built_in_intents(resolver, text, intents):
    resolution = resolver.resolve(text)
    assert resolution.intent in intents, resolution
    assert resolution.slots == {}


@pytest.mark.parametrize("text,intent", [
    ("welke onderwerpen zijn er", "ListTopicsIntent"),
    ("lees de folder voor", "ReadLeafletIntent"),
    ("pauze", "AMAZON.PauseIntent"),
    ("ga verder", "AMAZON.ResumeIntent"),
    ("ja", "AMAZON.YesIntent"),
    ("nee", "AMAZON.NoIntent"),
    ("volgende", "AMAZON.NextIntent"),
    ("vorige", "AMAZON.PreviousIntent"),
])
def test_what_the_skill_tells_users_to_say_is_a_sample(resolver, text, intent):
    """Phrases the prompts suggest ("Zeg: ...") match a sample exactly."""
    assert resolver.resolve(text) == Resolution(intent, {}, 1.0)


# -- the model as a whole ------------------------------------------------------------------------------


def test_every_sample_resolves_to_its_own_intent(resolver, model):
    lm = model["interactionModel"]["languageModel"]
    values = lm["types"][0]["values"]
    wrong = []
    for intent in lm["intents"]:
        builtin = {s["name"] for s in intent.get("slots", []) if s["type"].startswith("AMAZON.")}
        for sample in intent["samples"]:
            if any(f"{{{name}}}" in sample for name in builtin):
                continue  # Alexa fills its built-in slots (AMAZON.DURATION, AMAZON.TIME); the resolver knows no values
            if "{onderwerp}" not in sample:
                got = resolver.resolve(sample)
                if got.intent != intent["name"]:
                    wrong.append((sample, got.intent))
                continue
            for value in values:
                got = resolver.resolve(sample.replace("{onderwerp}", value["name"]["value"]))
                if (got.intent, got.slot_id("onderwerp")) != (intent["name"], value["id"]):
                    wrong.append((sample, value["id"], got.intent, got.slot_id("onderwerp")))
    assert wrong == []


def test_every_synonym_alone_resolves_to_its_section(resolver, model):
    for value in model["interactionModel"]["languageModel"]["types"][0]["values"]:
        for phrase in [value["name"]["value"], *value["name"]["synonyms"]]:
            got = resolver.resolve(phrase)
            assert (got.intent, got.slot_id("onderwerp")) == ("TopicIntent", value["id"]), phrase


def test_synonyms_of_different_sections_stay_distinct_after_normalisation(model):
    owner: dict[tuple[str, ...], str] = {}
    for value in model["interactionModel"]["languageModel"]["types"][0]["values"]:
        for phrase in [value["name"]["value"], *value["name"]["synonyms"]]:
            key = tuple(normalize(phrase))
            assert owner.setdefault(key, value["id"]) == value["id"], (phrase, owner[key])


# -- a model of its own: the resolver knows nothing but the model ----------------------------------------

TOY_MODEL = {"interactionModel": {"languageModel": {
    "invocationName": "koffie bar",
    "intents": [
        {"name": "OrderIntent", "slots": [{"name": "drank", "type": "Drank"}],
         "samples": ["ik wil {drank} bestellen", "mag ik {drank}", "{drank}"]},
        {"name": "BillIntent", "samples": ["de rekening", "ik wil betalen"]},
        {"name": "AMAZON.StopIntent", "samples": ["stop"]},
    ],
    "types": [{"name": "Drank", "values": [
        {"id": "koffie", "name": {"value": "koffie", "synonyms": ["bakkie", "zwarte koffie"]}},
        {"id": "limonade", "name": {"value": "limonade", "synonyms": ["ranja"]}},
    ]}],
}}}


def test_toy_model_resolution():
    toy = Resolver.from_model(TOY_MODEL)
    assert toy.resolve("ik wil graag een bakkie bestellen").slot_id("drank") == "koffie"
    assert toy.resolve("mag ik een zwarte sterke koffie").slot_id("drank") == "koffie"
    assert toy.resolve("mag ik citroenlimonade").slot_id("drank") == "limonade"  # compound head
    order = toy.resolve("ik wil thee bestellen")
    assert order == Resolution("OrderIntent", {"drank": SlotValue("drank", "thee", None)}, 1.0)
    assert toy.resolve("ik wil nu betalen").intent == "BillIntent"
    assert toy.resolve("rijd naar het station").intent == FALLBACK


# The same toy with verb and noun values, to see word forms the model does not hold.
FORMS_MODEL = {"interactionModel": {"languageModel": {
    "invocationName": "fiets hulp",
    "intents": [
        {"name": "AskIntent", "slots": [{"name": "ding", "type": "Ding"}],
         "samples": ["mag ik {ding}", "is {ding} goed", "{ding}"]},
        {"name": "AMAZON.StopIntent", "samples": ["stop"]},
    ],
    "types": [{"name": "Ding", "values": [
        {"id": "fietsen", "name": {"value": "fietsen", "synonyms": ["ziek melden"]}},
        {"id": "ziekte", "name": {"value": "een ziekte", "synonyms": []}},
    ]}],
}}}


def test_an_unknown_form_of_a_known_word_is_read_as_that_word():
    forms = Resolver.from_model(FORMS_MODEL)
    assert forms.resolve("is mijn fiets goed").slot_id("ding") == "fietsen"  # "fiets" stems unlike "fietsen"
    assert forms.resolve("mag ik me ziek meld").slot_id("ding") == "fietsen"  # "meld" unlike "melden"


def test_a_synonym_is_also_heard_without_its_article_or_it():
    toy = Resolver.from_model({"interactionModel": {"languageModel": {
        "invocationName": "fiets hulp",
        "intents": [{"name": "AskIntent", "slots": [{"name": "ding", "type": "Ding"}], "samples": ["{ding}"]},
                    {"name": "AMAZON.StopIntent", "samples": ["stop"]}],
        "types": [{"name": "Ding", "values": [
            {"id": "band", "name": {"value": "lekke band", "synonyms": ["hoe plak ik het gat"]}}]}]}}})
    assert toy.resolve("hoe plak ik het gat").slot_id("ding") == "band"
    assert toy.resolve("hoe plak ik gat").slot_id("ding") == "band"  # "het" left out
    assert toy.resolve("hoe plak ik het").intent == FALLBACK  # but the noun is needed


def test_a_compound_written_apart_is_no_gap_in_another_synonym():
    toy = Resolver.from_model({"interactionModel": {"languageModel": {
        "invocationName": "fiets hulp",
        "intents": [{"name": "AskIntent", "slots": [{"name": "ding", "type": "Ding"}], "samples": ["{ding}"]},
                    {"name": "AMAZON.StopIntent", "samples": ["stop"]}],
        "types": [{"name": "Ding", "values": [
            {"id": "band", "name": {"value": "last van de band", "synonyms": []}},
            {"id": "binnenband", "name": {"value": "binnenband", "synonyms": []}}]}]}}})
    assert toy.resolve("last van de lekke band").slot_id("ding") == "band"  # an inserted word
    assert toy.resolve("last van de binnen band").slot_id("ding") == "binnenband"  # "binnen band" is "binnenband"


def test_an_article_keeps_its_noun_in_a_multi_word_synonym():
    forms = Resolver.from_model(FORMS_MODEL)
    assert forms.resolve("is het een ziekte").slot_id("ding") == "ziekte"
    assert forms.resolve("is een hond ziek").intent == FALLBACK  # not "een [hond] ziek"


def test_an_article_the_synonym_lacks_starts_another_subject():
    toy = Resolver.from_model({"interactionModel": {"languageModel": {
        "invocationName": "huis hulp",
        "intents": [{"name": "AskIntent", "slots": [{"name": "ding", "type": "Ding"}], "samples": ["{ding}"]},
                    {"name": "AMAZON.StopIntent", "samples": ["stop"]}],
        "types": [{"name": "Ding", "values": [{"id": "kachel", "name": {"value": "staat aan", "synonyms": []}}]}]}}})
    assert toy.resolve("staat hij echt aan").slot_id("ding") == "kachel"  # inserted words
    assert toy.resolve("staat de oven aan").slot_id("ding") is None  # "de oven" is what is on


def test_tuning_thresholds_control_fallback():
    strict = Resolver.from_model(TOY_MODEL, Tuning(threshold=0.99, threshold_slot=0.99, threshold_empty_slot=0.99,
                                                   threshold_contained=0.99))
    assert Resolver.from_model(TOY_MODEL).resolve("ik wil snel betalen").intent == "BillIntent"
    assert strict.resolve("ik wil snel betalen").intent == FALLBACK
    assert strict.resolve("ik wil nu betalen").intent == "BillIntent"  # an exact sample (but a filler) passes


def test_from_file_reads_a_model_file(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(dump_model(TOY_MODEL), encoding="utf-8")
    assert Resolver.from_file(path).resolve("de rekening graag").intent == "BillIntent"
    assert Resolver.from_file().resolve("hoe moet ik tillen").slot_id("onderwerp") == "tillen"


# A toy with a separable verb, a noun with a derivational ending and a short noun.
WORDS_MODEL = {"interactionModel": {"languageModel": {
    "invocationName": "klus hulp",
    "intents": [
        {"name": "AskIntent", "slots": [{"name": "ding", "type": "Ding"}],
         "samples": ["hoe moet ik {ding}", "is {ding} erg", "{ding}"]},
        {"name": "AMAZON.StopIntent", "samples": ["stop"]},
    ],
    "types": [{"name": "Ding", "values": [
        {"id": "opbouwen", "name": {"value": "opbouwen", "synonyms": []}},
        {"id": "drukte", "name": {"value": "drukte", "synonyms": ["zenuwachtig"]}},
        {"id": "zelf", "name": {"value": "zelf", "synonyms": ["stoel"]}},
    ]}],
}}}


def test_a_split_verb_may_be_followed_by_a_prepositional_phrase():
    words = Resolver.from_model(WORDS_MODEL)
    assert words.resolve("hoe moet ik het weer bouwen").slot_id("ding") is None
    assert words.resolve("hoe bouw ik het op").slot_id("ding") == "opbouwen"
    resolution = words.resolve("hoe bouw ik het op na een week")
    assert resolution.slot_id("ding") == "opbouwen"
    assert resolution.slots["ding"].value == "bouw ik het op"
    assert words.resolve("hoe bouw ik het op het werk").slot_id("ding") != "opbouwen"  # "op het ...": no phrase


def test_compound_heads_are_whole_words_after_a_content_word():
    words = Resolver.from_model(WORDS_MODEL)
    assert words.resolve("is een bureaustoel erg").slot_id("ding") == "zelf"  # "bureau" + "stoel"
    assert words.resolve("is hetzelfde erg").slot_id("ding") != "zelf"  # not "het" + "zelf"
    assert words.resolve("is de bloeddruk erg").slot_id("ding") != "drukte"  # "drukte" is "druk" + "-te"
    assert words.resolve("is de drukte erg").slot_id("ding") == "drukte"
    assert words.resolve("is een zenuw erg").slot_id("ding") != "drukte"  # "zenuwachtig" is not "zenuw"
    assert words.resolve("ik ben zenuwachtig").slot_id("ding") == "drukte"


# -- warning signs, social turns and out-of-domain requests (issue 12) -----------------------------------


@pytest.mark.parametrize("text", [
    "mijn been is gevoelloos en ik kan niet goed plassen",
    "ik heb rugpijn en koorts",
    "ik ben van de trap gevallen en nu doet mijn rug pijn",
    "ik kan mijn plas niet ophouden",
    "ik heb s nachts heel erge pijn in mijn rug",
])
def test_warning_signs_win_over_topic_words(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text,section", [
    ("de pijn straalt uit naar mijn been", "wat-is-lage-rugpijn"),  # radiating pain alone is in the leaflet
    ("ik heb pijn in mijn bil", "wat-is-lage-rugpijn"),
    ("ik wil afvallen", "risicos"),  # losing weight on purpose is advice, not a warning sign
    ("ik kan niet slapen van de rugpijn", "wat-is-lage-rugpijn"),
])
def test_not_every_complaint_is_a_warning_sign(resolver, text, section):
    resolution = resolver.resolve(text)
    assert resolution.intent != "WarningSignsIntent", resolution
    if resolution.intent == "TopicIntent":
        assert resolution.slot_id("onderwerp") in {section, "acute-aanval", "inleiding"}, resolution


@pytest.mark.parametrize("text,intent", [
    ("goedemorgen", "GreetingIntent"), ("hallo", "GreetingIntent"), ("hoe gaat het met je", "GreetingIntent"),
    ("dank u wel", "ThanksIntent"), ("bedankt", "ThanksIntent"),
    ("wie ben jij", "AboutSkillIntent"), ("wat kun je", "AboutSkillIntent"), ("wat is dit", "AboutSkillIntent"),
    ("wat kun je allemaal", "AboutSkillIntent"), ("wat kunt u allemaal doen", "AboutSkillIntent"),
    ("wat kun je me allemaal vertellen", "ListTopicsIntent"),  # what it can tell: the topics
])
def test_social_turns(resolver, text, intent):
    assert resolver.resolve(text).intent == intent


@pytest.mark.parametrize("text", [
    "ik sta in de file", "zit er suiker in cola", "ik wil een rugzak kopen", "ik heb hoofdpijn",
    "mijn knie doet pijn", "ik heb koorts", "wat voor weer wordt het", "speel muziek", "doe de lampen uit",
    "hoe repareer ik mijn laptop",
])
def test_unrelated_requests_with_a_topic_word_fall_back(resolver, text):
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text,section", [
    ("mag ik ibuprofen nemen", "acute-aanval"), ("diclofenac", "acute-aanval"), ("mag ik pijn stillers nemen", "acute-aanval"),
    ("wat is lumba go", "wat-is-lage-rugpijn"), ("mijn lenden doen pijn", "wat-is-lage-rugpijn"),
    ("is een kantoorstoel goed", "zitten"), ("ik zit de hele dag achter de computer", "zitten"),
    ("ik sta de hele dag in de winkel", "staan"), ("mijn rug schiet erin", "acute-aanval"),
    ("wat zijn de risicos", "risicos"), ("mag ik voetballen", "conditie"),
])
def test_everyday_brand_and_misheard_words(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


# -- warning signs in everyday words: the concept override (content/interaction.yaml warning_signs) -----------


@pytest.mark.parametrize("text", [
    "ik heb negenendertig graden en mijn onderrug doet zeer",  # fever as a temperature
    "ik voel me rillerig en mijn lendenen doen pijn",
    "mijn opa is van de keukentrap gevallen en heeft nu rugpijn",  # a fall, any "gevallen"
    "na een valpartij met de fiets zit mijn rug vast",
    "ik ben met de auto aangereden en sindsdien heb ik last van mijn rug",
    "ik ben in korte tijd acht kilo kwijtgeraakt en heb rugpijn",  # weight loss without trying
    "mijn moeder wordt zo mager en klaagt over haar rug",
    "de rugpijn maakt me elke nacht wakker",  # night pain
    "ik kan mijn plas niet goed laten lopen en mijn rug doet pijn",  # bladder
    "ik heb geen controle meer over mijn blaas en ik heb rugpijn",
    "mijn zitvlak voelt verdoofd en mijn onderrug doet pijn",  # saddle numbness
    "mijn benen zijn zo slap en ik heb pijn in mijn rug",  # leg weakness
    "mijn knie knikt weg bij het lopen en mijn rug doet zeer",
    "mijn knie zakt weg en ik heb rugpijn",
    "ook als ik stil lig doet mijn rug pijn",  # pain at rest
    "snachts is de pijn in mijn rug ondraaglijk",  # "'s nachts" written as one word
    "moet ik met mijn rugpijn naar de huisarts",  # asking whether to see a doctor
    "zijn er gevaarlijke klachten bij rugpijn",
    "ik kan sinds gisteren geen plas meer doen en mijn onderrug doet zeer",  # "geen" after a verb of ability
    "mijn moeder kan al de hele dag niet plassen en heeft rugpijn",  # words of time between "kan" and "niet"
    "mijn linkerbeen wordt slap en mijn rug doet pijn",  # a side and a leg in one word
    "ik heb moeite met pipi doen en mijn rug doet pijn",  # a child's word for passing urine
    "de kilo's gaan eraf zonder dat ik lijn en ik heb rugpijn",
    "mijn rugpijn is 's nachts verschrikkelijk",
    "ik heb een dof gevoel in mijn onderbeen en rugpijn",
    "mijn been voelt als een blok hout en ik heb rugpijn",  # an idiom of numbness ("hout en" is no "houten")
    "ik kan niet goed wateren en mijn onderrug doet zeer",
    "mijn moeder heeft rugpijn en kan niet meer naar de wc",
    "ik ben uitgeschoven op de trap en nu doet mijn rug pijn",
    "de pijn in mijn rug gaat in rust gewoon door",
    "mijn onderrug doet zeer en mijn voeten tintelen",  # tingling in a leg or foot, with the back
    "ik heb rugpijn en mijn tenen zijn gevoelloze stukjes",  # "gevoelloos*" spelled with its ending: "gevoelloze"
    "mijn vader is veel gewicht aan het verliezen en heeft last van zijn rug",  # "verlies*" as "verliezen"
    "mijn rug doet 's nachts zo zeer dat ik niet kan slapen",
    "welke signalen zijn bij rugpijn een reden voor de huisarts",
    "mijn onderrug doet zeer en ik voel niks meer in mijn linkervoet",  # "voel niks" with the foot
    "ook als ik rust blijft die rugpijn even erg",  # pain at rest
    "moet ik met mijn lage rugpijn naar de huisdokter",  # Flemish "huisdokter"
])
def test_warning_signs_in_everyday_words_with_back_pain(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", [
    "de pijn trekt door van mijn onderrug tot in mijn kuit",  # radiating pain alone: the leaflet's own subject
    "mijn rug doet pijn en het straalt uit naar mijn bil",
    "ik heb geen koorts maar wel pijn in mijn rug",  # a sign denied
    "hoe lig ik s nachts het best met rugpijn",  # the night, but no night pain
    "ik kan met mijn rugpijn niet in slaap vallen",  # "vallen", but no fall
    "hoeveel kilo mag ik tillen met rugpijn",  # "kilo", but no weight loss
    "mijn rug zit helemaal vast",  # the back pain of a generated sample, without its sign
    "ik ben bang dat mijn rug het begeeft als ik verhuisdozen til",  # the back gives way: no leg
    "mijn zoon hangt onderuit op de bank en klaagt over zijn rug",  # slouching, no fall
    "kan ik beter stil liggen of bewegen met mijn rugpijn",  # lying still as a choice, no pain at rest
    "moet ik rust nemen in bed bij rugpijn",
    "welke oefeningen zijn gevaarlijk voor mijn rug",
    "ik heb geen problemen met plassen of ontlasting maar wel rugpijn bij het tillen",  # denied, also further on
    "mijn been voelt niet slap of verdoofd maar mijn rug wel stijf",  # "niet" denies both signs joined by "of"
    "ik kan gewoon plassen maar mijn rug doet zeer hoe til ik beter",  # able to, as usual: no sign
    "ik heb geen tintelingen in mijn voeten maar wel rugpijn",
])
def test_no_false_alarm_without_a_sign(resolver, text):
    assert resolver.resolve(text).intent != "WarningSignsIntent"


def test_sleeplessness_alone_is_no_warning_sign(resolver):
    """Night pain is a sign, not sleeping badly as such: with no back pain it is no subject of the leaflet."""
    assert resolver.resolve("ik kan niet slapen").intent == FALLBACK


def test_a_sign_without_the_back_is_no_override(model):
    signs = load_interaction().warning_signs
    plain = Resolver.from_model(model)  # without the vocabulary: the samples only
    with_signs = Resolver.from_model(model, signs=signs)
    assert with_signs.resolve("ik heb koorts").intent == FALLBACK  # fever alone is another complaint
    assert with_signs.resolve("mijn been is slap en mijn rug doet pijn").score == 1.0  # the override decides
    assert plain.resolve("mijn been is slap en mijn rug doet pijn").score < 1.0


def test_every_warning_sign_sample_names_a_sign(model):
    """The resolver demotes a warning-sign sample that names no sign (only the back pain of a generated sample):
    so every sample, hand-written or generated, must name one by the vocabulary's terms."""
    signs = load_interaction().warning_signs
    resolver = Resolver.from_model(model, signs=signs)
    intent = next(i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == signs.intent)
    assert len(intent["samples"]) > 300
    unnamed = [s for s in intent["samples"] if resolver._signs.match(s, context=False) is None]
    assert unnamed == []


# -- social turns, persons, compounds and out-of-domain words -------------------------------------------------


@pytest.mark.parametrize("text,intent", [
    ("goedendag rug advies", "GreetingIntent"), ("goedemiddag u spreekt met meneer de vries", "GreetingIntent"),
    ("ben je een mens", "AboutSkillIntent"), ("waar is deze app voor", "AboutSkillIntent"),
])
def test_social_turns_from_patterns(resolver, text, intent):
    assert resolver.resolve(text).intent == intent


def test_a_closing_demonstrative_is_a_pronoun(resolver):
    assert normalize("wat is dit") != normalize("wat is een")
    assert normalize("wat is dit voor skill") == normalize("wat is een voor skill")
    assert resolver.resolve("wat is een sollicitatiegesprek").intent != "AboutSkillIntent"


@pytest.mark.parametrize("text,section", [
    ("mijn schoonmoeder van negentig tilt elke week zware tassen", "tillen"),  # who and how often: no other subject
    ("lichaams houding", "houding"),  # a split compound whose second part is a topic word too
])
def test_who_when_and_split_compounds(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["wat doe ik aan een tandvleesontsteking", "wat helpt tegen een hoofdpijnaanval",
                                  "mijn hond zit de hele dag op de bank"])
def test_out_of_domain_compounds_and_subjects_fall_back(resolver, text):
    assert resolver.resolve(text).intent == FALLBACK


# -- words a speech recogniser heard in pieces ------------------------------------------------------

# Phrasings written for these tests: one word of the model split into 2-4 pieces, across the sections.
@pytest.mark.parametrize("text,section", [
    ("helpt af slan ken tegen rugpijn", "risicos"),
    ("wat zijn de risico fac toren", "risicos"),
    ("zijn er goede bu reau stoe len", "zitten"),  # another form of a model word, made only of pieces
    ("mag ik stof zui gen met rugpijn", "blijven-bewegen"),
    ("mag ik ibu pro fen nemen", "acute-aanval"),
    ("tips voor het ver hui zen", "tillen"),
    ("hoe til ik een was ma chi ne", "tillen"),
    ("wat is een goede zit hou ding", "zitten"),
    ("wanneer moet ik naar de be drijfs arts", "werk"),
    ("helpt gym nas tiek", "conditie"),
    ("ik zoek een fysio prak tijk", "fysiotherapeut"),
])
def test_a_word_heard_in_pieces_resolves(matcher, text, section):
    assert matcher.resolve(text).slot_id("onderwerp") == section


def test_the_longest_run_of_pieces_is_joined(resolver):
    assert resolver.rejoin("hoe til ik een was ma chi ne") == ["hoe", "til", "ik", "een", "wasmachine"]
    assert resolver.rejoin("mag ik stof zui gen") == ["mag", "ik", "stofzuigen"]
    assert resolver.resolve("wat is de beste tilt ech niek").slot_id("onderwerp") == "tillen"


@pytest.mark.parametrize("text", [
    "ik heb rug pijn",  # both pieces are model words (the split compound is found as a mention instead)
    "hoe lang duurt een acute aanval",  # "langduurt" would only be another form of "langdurige"
    "welke onderwerpen behandel je",  # ... of "behandelen"
    "ik ben net terug van vakantie",  # ... of "ben"
    "moet ik mijn werk ge ver bellen",  # every piece is a word ("ge", "ver")
])
def test_pieces_that_are_words_stay_apart(resolver, text):
    assert resolver.rejoin(text) == tokenize(text)


# -- positional verbs, questions about the back, Flemish words -------------------------------------------------
# Phrasings written for these tests.


@pytest.mark.parametrize("text", ["het boek ligt op tafel", "hoe loopt de wedstrijd af", "hoe staat het in de competitie"])
def test_a_positional_verb_in_an_everyday_sentence_is_no_topic(resolver, text):
    """"ligt", "loopt", "staat" are in every other Dutch sentence: alone they do not make a question about lying,
    walking or standing."""
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text,section", [("ik sta hele dagen achter de kassa", "staan"),
                                          ("ik zit uren per dag in de auto", "zitten")])
def test_a_positional_verb_still_tells_a_situation(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


def test_unknown_words_weigh_less_in_a_question_that_names_the_back(resolver):
    assert resolver.resolve("is een ikea poang stoel fijn voor mijn rug").slot_id("onderwerp") == "zitten"
    assert resolver.resolve("is een ikea poang stoel mooi in de woonkamer").intent == FALLBACK


def test_flemish_spellings_are_read_as_the_dutch_word(resolver):
    assert normalize("wa is da nie") == normalize("wat is dat niet")
    assert normalize("allee wat is dat") == normalize("wat is dat")
    assert resolver.resolve("ik heb rugpyn bij het tillen").slot_id("onderwerp") == "tillen"  # "ij" typed as "y"


@pytest.mark.parametrize("text,section", [("mag ik een pilleke nemen tegen de pijn", "acute-aanval"),
                                          ("is nen stoelke goed voor mijn rug", "zitten"),
                                          ("helpt een wandelingske voor mijn rug", "conditie")])
def test_a_flemish_diminutive_is_read_as_its_word(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["mijn onderrug doet zeer en ik heb in mijn broek geplast",
                                  "mijn moeder heeft rugpijn en heeft vannacht in bed gepoept"])
def test_a_warning_sign_told_as_a_past_event(resolver, text):
    """A sign's verb as a past participle ("geplast" for "plassen") is that sign."""
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["ik ben niet van de trap gevallen maar mijn rug doet zeer",
                                  "mijn been voelt niet doof maar mijn onderrug wel stijf"])
def test_a_sign_denied_with_niet_is_no_warning(resolver, text):
    assert resolver.resolve(text).intent != "WarningSignsIntent"


@pytest.mark.parametrize("denial, question", [
    ("ik ben niet afgevallen maar", "mijn rug doet pijn als ik lang sta"),  # "afgevallen": also overweight
    ("geen koorts en", "ik heb pijn onder in mijn rug"),
    ("het plassen gaat prima en", "hoe lang mag ik zitten met rugpijn"),
    ("plassen en poepen gaan prima maar", "hoe til ik een krat bier met mijn rug"),  # two signs said fine at once
])
def test_a_denied_sign_is_left_out_of_the_question(resolver, denial, question):
    """What a patient rules out ("niet afgevallen" is a word of the risk factors too) does not pick the topic."""
    plain = resolver.resolve(question)
    assert plain.slot_id("onderwerp") is not None
    denied = resolver.resolve(f"{denial} {question}")
    assert (denied.intent, denied.slot_id("onderwerp")) == (plain.intent, plain.slot_id("onderwerp"))


def test_another_body_part_named_with_the_back_is_about_the_back(resolver):
    """"mijn nek ... " alone is another complaint; said together with the back, the back is asked about."""
    assert resolver.resolve("mijn nek zit vast door de stress").intent == FALLBACK
    assert resolver.resolve("mijn nek en rug zitten vast door de stress").slot_id("onderwerp") == "ontspannen"


def test_linking_words_are_no_other_subject(resolver):
    """"omdat", "toen", "daarna" join clauses: the model's samples need not know them to take the topic word."""
    assert resolver.resolve("ik moet lang staan omdat ik kassamedewerker ben").slot_id("onderwerp") == "staan"
    assert resolver.resolve("wie weet hoe een goede houding eruit ziet").slot_id("onderwerp") == "houding"


def test_saying_one_has_back_pain_yields_to_the_topic_asked_about(resolver):
    """"mijn onder rug" (the lower back, wat-is-lage-rugpijn's word) only says where it hurts: the chair is asked about."""
    text = "ik wil een stoel die mijn onder rug steunt"
    assert resolver.resolve(text).slot_id("onderwerp") == "zitten"
    without = Resolver.from_file(tuning=Tuning(generic_penalty=0, second_opinion=False))
    assert without.resolve(text).slot_id("onderwerp") != "zitten"


@pytest.mark.parametrize("text", ["welke fiets heeft de beste versnellingen", "welke stoel past bij mijn eettafel"])
def test_a_topic_word_without_back_or_complaint_needs_more_context(resolver, text):
    """An everyday word of a topic in a request that names neither the back nor a complaint is about the thing."""
    assert resolver.resolve(text).intent == FALLBACK
    looser = Resolver.from_file(tuning=Tuning(min_context_no_complaint=Tuning().min_context_known, second_opinion=False))
    assert looser.resolve(text).intent == "TopicIntent"  # what the stricter share of known context changes


@pytest.mark.parametrize("text, section", [("mag ik fietsen met deze pijn", "conditie"),
                                           ("is zwemmen goed als ik last heb", "conditie")])
def test_a_topic_word_with_a_complaint_is_taken_at_its_word(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["ik kan mijn plas niet ophouden en mijn rug doet zeer",
                                  "mijn rug doet pijn en ik kan niet meer op mijn tenen staan",
                                  "ik heb geen gevoel in mijn been en rugpijn"])
def test_not_being_able_is_the_sign_itself(resolver, text):
    """"niet" after a verb of ability ("ik kan ... niet"), or inside the sign's own words, denies nothing."""
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["mijn linkerbeen is sinds vanochtend verlamd", "ik heb opeens een rijbroekgevoel",
                                  "wanneer moet ik de huisartsenpost bellen", "ik heb geen kracht in mijn rechterbeen"])
def test_nerve_signs_and_urgency_need_no_back(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["ik heb koorts sinds gisteren", "mijn knie knikt door bij het fietsen",
                                  "hoeveel paracetamol mag ik bij koorts"])
def test_other_signs_without_back_pain_are_other_complaints(resolver, text):
    """Fever, a fall or a knee without back pain are not for this skill (issue 12: "koorts zonder rugpijn")."""
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["mijn been doet zeer door mijn rug maar het is niet slap",
                                  "het schiet vanuit mijn rug in mijn bil"])
def test_pain_radiating_from_the_back_is_the_leaflets_when_nothing_else_fits(matcher, text):
    """The back and a place its pain radiates to, and no sign (``warning_signs.radiating``): the leaflet's section on
    what low back pain is, where a sample match alone would have refused."""
    assert matcher.resolve(text).slot_id("onderwerp") == "wat-is-lage-rugpijn"


def test_a_place_of_radiating_pain_without_the_back_is_no_radiating_pain(matcher):
    assert matcher.resolve("mijn bil doet pijn van het fietsen").slot_id("onderwerp") != "wat-is-lage-rugpijn"


def test_words_of_time_inside_a_phrase_are_no_gap(resolver):
    """"mijn rug doet (al drie dagen) pijn": how long is no other subject."""
    plain = resolver.resolve("mijn rug doet pijn").slot_id("onderwerp")
    assert plain is not None
    assert resolver.resolve("mijn rug doet nu al drie dagen pijn").slot_id("onderwerp") == plain


@pytest.mark.parametrize("text", ["mag mijn hond mee naar het zwembad", "hoe zit mijn hond het liefst"])
def test_a_request_about_something_else_falls_back_wherever_it_is_named(resolver, text):
    """"mijn hond" anywhere (not only first) makes the request about the dog, when the back goes unnamed."""
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["wat moet ik doen bij migraine", "wat kan ik doen aan mijn knie"])
def test_another_complaint_in_the_topic_slot_falls_back(resolver, text):
    """A word that only out-of-domain samples use is no unknown topic of the leaflet but another complaint."""
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["ik heb geen doof gevoel in mijn been maar wel rugpijn",
                                  "het plassen gaat prima maar mijn onderrug doet zeer"])
def test_a_sign_said_to_be_absent_or_fine_is_no_warning(resolver, text):
    """"geen doof gevoel" denies the numbness (unlike "geen gevoel"); "het plassen gaat prima" says it is fine."""
    assert resolver.resolve(text).intent != "WarningSignsIntent"


@pytest.mark.parametrize("text", ["ik heb geen enkel gevoel meer in mijn been en rugpijn",
                                  "het plassen gaat niet goed meer en mijn rug doet pijn"])
def test_a_sign_said_with_geen_or_niet_goed_is_a_warning(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["bij een aan val van spit wat moet ik doen", "helpen cbd druppels bij mijn rugpijn"])
def test_words_that_only_look_like_a_sign(resolver, text):
    """"aan val": "aanval" heard in two pieces, no fall; "druppels" from a bottle are no dribbling urine."""
    assert resolver.resolve(text).intent != "WarningSignsIntent"


@pytest.mark.parametrize("text, intent", [("daag", "AMAZON.StopIntent"), ("dag", "GreetingIntent"),
                                          ("tot de volgende keer", "AMAZON.StopIntent"),
                                          ("waarover kan ik u iets vragen", "ListTopicsIntent"),
                                          ("kun je mij uitleggen hoe deze skill werkt", "AMAZON.HelpIntent")])
def test_goodbyes_and_questions_about_the_skill(resolver, text, intent):
    """"daag" says goodbye where "dag" may greet; asking what to ask or how it works is no topic ("werkt")."""
    assert resolver.resolve(text).intent == intent


@pytest.mark.parametrize("text", ["mag ik paracetamol nemen bij buikpijn", "welke pijnstiller helpt bij oorpijn",
                                  "ik heb hoofdpijn door de stress op mijn werk", "helpt zwemmen tegen maagklachten"])
def test_a_topic_word_beside_another_complaint_is_refused(matcher, text):
    """A compound naming a complaint of another part of the body ("buikpijn"), with the back unnamed, makes the
    request about that complaint, whatever topic word it also holds."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["hoeveel paracetamol mag ik nemen bij griep", "welke pijnstiller helpt bij migraine",
                                  "ik heb artrose in mijn handen mag ik nog tillen", "ik heb reuma mag ik nog fietsen",
                                  "ik heb copd mag ik blijven bewegen", "mijn opa is vergeetachtig zit dat in zijn hoofd"])
def test_a_topic_word_beside_a_named_other_complaint_is_refused(matcher, text):
    """A complaint of the vocabulary's ``other_complaints`` (content/interaction.yaml) with the back unnamed: the
    request is about that complaint, not about the topic word beside it."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text, section", [("mag ik paracetamol nemen bij rugpijn", "acute-aanval"),
                                           ("helpt zwemmen tegen rugklachten", "conditie"),
                                           ("mag ik paracetamol nemen bij buikpijn en rugpijn", "acute-aanval"),
                                           ("ik heb artrose in mijn rug mag ik nog tillen", "tillen"),
                                           ("ik heb geen griep mag ik paracetamol nemen", "acute-aanval")])
def test_a_complaint_of_the_back_itself_is_no_other_complaint(matcher, text, section):
    """Named with the back, or denied ("geen griep"), another complaint leaves the question about the back."""
    assert matcher.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["helpt massage bij lage rugpijn", "is ijs of warmte beter als mijn rug pijn doet",
                                  "helpt een warmtekussen tegen spit", "is een osteopaat goed voor lage rugpijn",
                                  "wat vind je van een tens apparaat voor mijn onderrug", "heeft een kruik zin bij spit"])
def test_a_treatment_the_leaflet_does_not_name_is_refused_also_with_the_back(matcher, text):
    """A treatment, aid or test of the vocabulary's ``other_care``: the question is about it, not about the
    back pain it is for ("is X goed" asks about X; it does not say X is fine)."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["er zitten puistjes op mijn rug", "ik zit met een jeukende plek op mijn onderrug"])
def test_the_skin_of_the_back_is_no_back_pain(matcher, text):
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["wordt de kinesist voor mijn rug terugbetaald",
                                  "vergoedt mijn verzekeraar de fysiotherapeut voor mijn rug",
                                  "hoe lang is de wachtlijst voor de fysio bij rugpijn"])
def test_what_the_physiotherapist_costs_is_not_in_the_leaflet(matcher, text):
    """Costs, cover and waiting lists are care the leaflet does not name, even beside the physiotherapist."""
    assert matcher.resolve(text).intent == FALLBACK


def test_the_physiotherapist_by_another_name_is_the_leaflets(matcher):
    assert matcher.resolve("wat doet een kinesist voor mijn rug").slot_id("onderwerp") == "fysiotherapeut"
    assert matcher.resolve("moet ik een afspraak maken bij de fysiotherapeut").slot_id("onderwerp") == "fysiotherapeut"


def test_help_with_another_complaint_is_not_the_skills_help(resolver):
    """"wat moet ik doen" asks for help, but with another complaint it asks what to do about that one: the answer is
    that the leaflet does not cover it, which also says what can be asked."""
    assert resolver.resolve("ik heb griep wat moet ik doen").intent == FALLBACK
    assert resolver.resolve("ik heb een migraine aanval wat moet ik doen").intent == FALLBACK  # "aanval" a topic word
    assert resolver.resolve("wat moet ik doen").intent == "AMAZON.HelpIntent"


@pytest.mark.parametrize("text, section", [("kan ik naar mijn werk met spit", "werk"),
                                           ("hoe moet ik staan met lage rugpijn", "staan"),
                                           ("hoe moet ik tillen met lage rugpijn", "tillen")])
def test_back_pain_after_met_is_the_circumstance_of_the_question(matcher, text, section):
    """"met spit", "met lage rugpijn" only say one has back pain, and after "met" (or "bij", "na" ...) they are
    the circumstance of what is asked: the other value wins."""
    assert matcher.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["bel de fysiotherapeut voor mij", "kun je de fysio bellen"])
def test_a_task_for_an_assistant_is_no_question_about_a_topic(matcher, text):
    """"bel ...", "kun je ... bellen" ask for something to be done, which the skill cannot do: no topic answer."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text, section", [("moet ik mijn fysiotherapeut bellen", "fysiotherapeut"),
                                           ("kun je mij vertellen hoe ik moet tillen", "tillen")])
def test_a_question_about_a_task_is_still_a_question(matcher, text, section):
    assert matcher.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["ik wil een afspraak maken bij de fysiotherapeut",
                                  "hoe verzet ik mijn afspraak bij de fysio",
                                  "ik moet mijn afspraak bij de kinesist van vrijdag afzeggen"])
def test_making_or_moving_an_appointment_is_a_task(matcher, text):
    """Booking, moving or cancelling an appointment is for the practice, not a question the leaflet answers."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text", ["moet ik een afspraak maken bij de fysiotherapeut voor mijn rug",
                                  "ik twijfel of ik een afspraak moet maken bij de fysio"])
def test_whether_to_make_an_appointment_is_the_leaflets_question(matcher, text):
    assert matcher.resolve(text).slot_id("onderwerp") == "fysiotherapeut"


@pytest.mark.parametrize("text", ["wat zijn de openingstijden van de fysiotherapeut",
                                  "welke opleiding heeft een fysiotherapeut gedaan"])
def test_a_practice_and_its_training_are_not_in_the_leaflet(matcher, text):
    assert matcher.resolve(text).intent == FALLBACK


def test_a_medicine_in_pregnancy_is_the_leaflets_only_with_back_pain(matcher):
    """Pregnancy is another matter than back pain: "ibuprofen als ik zwanger ben" is not the leaflet's advice on
    painkillers; named with back pain, the painkillers are the leaflet's."""
    assert matcher.resolve("mag ik ibuprofen slikken nu ik zwanger ben").intent == FALLBACK
    assert matcher.resolve("ik ben zwanger en heb rugpijn mag ik paracetamol").slot_id("onderwerp") == "acute-aanval"


def test_a_synonym_is_not_found_across_a_clause(matcher):
    """"bewegen (zo) pijn" is wat-is-lage-rugpijn's, but in "bewegen als mijn rug pijn doet" the two words are in two
    clauses: the question is whether to move."""
    assert matcher.resolve("mag ik bewegen als mijn rug pijn doet").slot_id("onderwerp") == "blijven-bewegen"
    assert matcher.resolve("waarom doet bewegen zo pijn").slot_id("onderwerp") == "wat-is-lage-rugpijn"


def test_a_denial_without_a_clause_break_drops_only_itself(matcher):
    """"... uitstraalt geen doof gevoel": the denial has no clause break before it, yet only "geen doof gevoel" says
    nothing about the question; the radiating pain before it is what is asked."""
    assert matcher.resolve("pijn in mijn onderrug die uitstraalt naar mijn kuit geen doof gevoel").slot_id(
        "onderwerp") == "wat-is-lage-rugpijn"


def test_a_long_vowel_before_t_has_no_form_in_en():
    """"groot" is no verb: its forms must not stem as another known word ("grooen" stemmed as "groen"), or "hoe
    groot is de kans" reads as a question about the colour of something."""
    from skill.nlu.resolver import _inflections, _stem

    assert "groen" not in {_stem(f) for f in _inflections("groot")}
    assert "gaan" in _inflections("gaat")  # the infinitive of a long vowel verb is still among its forms
    assert "komen" in _inflections("komt")


@pytest.mark.parametrize("text, section", [
    ("gaat mijn rug ooit nog beter worden", "wat-is-lage-rugpijn"),  # the long-term outlook: a good prognosis
    ("houd ik hier altijd last van", "wat-is-lage-rugpijn"),
    ("bestaat er een pil waarmee het in een keer weg is", "inleiding"),  # no wondermiddel
    ("moet ik de boodschappen dicht bij mijn lichaam houden", "tillen"),  # close to the body, not the posture
    ("ik werk aan de lopende band en doe steeds hetzelfde", "risicos"),  # repetitive work
    ("wanneer kan ik na een aanval mijn normale activiteiten weer oppakken", "acute-aanval"),  # build up again
    ("welke bureaustoel is het beste voor mijn rug", "zitten"),  # an aid asked for
    ("ik zoek een kinesist in de buurt", "fysiotherapeut"),  # the leaflet: a registerfysiotherapeut nearby
    ("is yoga goed voor mijn conditie", "conditie"),  # an exercise one likes
])
def test_patients_own_words_for_outlook_aids_and_settings(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


def test_heksenschot_names_the_back(resolver):
    """"heksenschot" is back pain by another name: a question with it is about the back, so the topic beside it
    counts even among words no sample knows ("ik kreeg een heksenschot in de douche")."""
    signs = resolver._signs
    assert signs is not None and signs.names_back("heksenschot")
    assert resolver.resolve("ik kreeg een heksenschot in de douche").slot_id("onderwerp") == "acute-aanval"


@pytest.mark.parametrize("text, section", [
    ("mijn vader ligt al de hele dag in bed met zijn rug", "acute-aanval"),  # bed rest: at most two days
    ("mijn buurman zit alleen nog maar op de bank sinds hij spit heeft", "blijven-bewegen"),  # not moving
    ("mag ik het huishouden gewoon blijven doen", "blijven-bewegen"),  # carry on with daily tasks
    ("hoe bouw ik dat weer op", "blijven-bewegen"),  # "opbouwen" split around "dat weer"
    ("ik ben bang dat ik nooit meer kan werken", "werk"),
    ("ik ben vijfenzeventig welke beweging is goed voor mij", "conditie"),  # do what you like
])
def test_daily_life_in_patients_words(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


def test_letting_it_be_is_still_cancel(resolver):
    """Household words with "laten liggen" must not turn "laat maar zitten" (never mind) into a topic."""
    assert resolver.resolve("laat maar zitten").intent in {"AMAZON.CancelIntent", "AMAZON.StopIntent"}


@pytest.mark.parametrize("text, section", [
    ("hoe ging dat motto ook alweer", "blijven-bewegen"),  # "blijf bewegen, maar forceer niet"
    ("ik heb een kantoorjob en mijn rug doet pijn", "zitten"),  # an office job is sitting
    ("ik zit al twee weken in de ziekte met mijn rug", "werk"),  # Flemish sick leave
    ("ik heb geen zin meer om uit te gaan door mijn rug", "inleiding"),  # daily life hit by back pain
])
def test_the_leaflets_own_words_and_everyday_ones(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", [
    "vorige maand sliep mijn been vaak maar dat is helemaal over wat kan ik doen tegen mijn rugpijn",
    "ik ben twee jaar geleden van mijn fiets gevallen en helemaal hersteld nu heb ik rugpijn van het tillen",
    "als kind ben ik eens uit een boom gevallen en nu heb ik rugpijn door mijn werk",
    "ik ben bewust vijf kilo afgevallen is dat goed voor mijn rug",
])
def test_a_sign_of_the_past_healed_or_on_purpose_is_no_warning(resolver, text):
    """A sign that is over ("maar dat is helemaal over"), healed ("helemaal hersteld"), from childhood, or done on
    purpose (weight lost "bewust", with a diet) is not the new, unexplained sign the referral is for."""
    assert resolver.resolve(text).intent != "WarningSignsIntent"


@pytest.mark.parametrize("text", [
    "ik ben gevallen en de rugpijn gaat niet over",  # not over
    "ik ben van de trap gevallen is mijn rugpijn over een paar dagen weg",  # a question about the future
    "ik val af zonder te lijnen en ik heb rugpijn",  # no reason: the sign
    "mijn been is gevoelloos en dat is nog niet over en mijn rug doet pijn",
])
def test_a_sign_that_is_not_over_still_gets_the_referral(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["wat betekent ergens voor gaan staan", "wat bedoelen ze met het zit wel goed",
                                  "wat betekent iemand iets op de mouw spelden en tillen",
                                  "wat is de betekenis van de uitdrukking rechtop staan", "wat betekent tillen in het frans",
                                  "wat wil het zeggen als iemand op zijn strepen staat",
                                  "wat bedoelen ze als ze zeggen dat je ergens niet zwaar aan moet tillen",
                                  "met de handen in het haar zitten wat is de betekenis"])
def test_the_meaning_of_an_idiom_is_not_in_the_leaflet(matcher, text):
    """An expression with a topic word in it ("ergens voor gaan staan") or a question about the language is not the
    leaflet's: what it means is refused, whatever value a word of it names, however it is asked ("wat wil het zeggen
    als ...", "... wat is de betekenis")."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text, section", [("wat betekent forceer niet", "blijven-bewegen"),
                                           ("wat bedoelen ze met afwisselen van houding", "houding"),
                                           ("wat betekent het woord lumbago", "wat-is-lage-rugpijn"),
                                           # "..., wat betekent dat" after the leaflet's own words asks about the back
                                           ("mijn fysio zegt dat mijn spieren uit balans zijn wat betekent dat",
                                            "wat-is-lage-rugpijn")])
def test_the_meaning_of_the_leaflets_own_words_is_answered(matcher, text, section):
    assert matcher.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["mijn hond heeft last van zijn rug wat moet ik doen",
                                  "onze kat heeft iets aan haar rug wat moet ik doen"])
def test_an_animals_back_is_not_the_patients(matcher, text):
    """"zijn rug" of a subject only out-of-domain samples name (a dog, a cat) is an animal's back: not the leaflet's."""
    assert matcher.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text, section", [("mijn vader heeft pijn in zijn rug na het tillen", "tillen"),
                                           ("mijn man heeft last van zijn rug door het zitten", "zitten")])
def test_a_relatives_back_is_still_the_leaflets(matcher, text, section):
    assert matcher.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text, section", [
    ("moet ik blijven bewegen ook al doet het pijn", "blijven-bewegen"),  # the leaflet: "ook al heeft u pijn"
    ("ik kan me sinds gisteren haast niet bewegen door mijn rug", "acute-aanval"),
    ("is het goed om mijn schouders naar achteren te trekken", "houding"),  # upright
    ("mijn hoofd zit helemaal in de knoop", "ontspannen"),
    ("sinds mijn rugpijn ben ik uit conditie", "conditie"),
    ("ik zak in mijn zetel altijd weg in de bank", "zitten"),
])
def test_more_everyday_words_for_the_sections(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text, intent", [("dank u wel dat was heel helder", "ThanksIntent"),
                                          ("lees de folder maar in een keer voor", "ReadLeafletIntent")])
def test_thanks_with_a_word_on_the_answer_and_reading_it_all(resolver, text, intent):
    assert resolver.resolve(text).intent == intent


@pytest.mark.parametrize("text", ["mijn rug doet zeer en ik ben vannacht niet meer kunnen plassen",  # Flemish perfect
                                  "ik heb spit en ik hou mijn plas niet meer op"])  # separable verb split
def test_not_being_able_and_not_holding_it_said_otherwise_are_signs(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


def test_plassen_gaat_gewoon_is_fine(resolver):
    """"het plassen gaat gewoon" says it is fine (without "goed"); "gaat gewoon niet" is the sign."""
    assert resolver.resolve("plassen gaat gewoon maar mijn rug is stijf wat moet ik doen").intent != "WarningSignsIntent"
    assert resolver.resolve("plassen gaat gewoon niet meer en ik heb rugpijn").intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["wat zijn de regels van volleybal", "hoe werkt cricket eigenlijk",
                                  "is vapen minder schadelijk dan sigaretten"])
def test_a_sports_rules_and_vaping_are_not_the_leaflets(resolver, text):
    """A sport's rules, which e-cigarette to take: a topic word in another matter."""
    assert resolver.resolve(text).intent == FALLBACK


def test_exam_stress_with_back_pain_is_still_relaxing(resolver):
    assert resolver.resolve("ik ben zo gestrest door mijn examens en nu doet mijn rug pijn").slot_id(
        "onderwerp") == "ontspannen"


def test_the_classifier_needs_a_wider_margin_for_a_value_nobody_named(model):
    """A switch to a value no words of the text name needs more of the classifier's certainty than one to a value
    that is also mentioned: with that margin raised out of reach, only switches to a mentioned value remain."""
    from skill.nlu.resolver import _Mention

    resolver = Resolver.from_model(model, Tuning(opinion_switch=0.0, opinion_switch_unmentioned=99.0))
    text = "ik doe op mijn werk de hele dag dezelfde beweging is dat een oorzaak"
    base = resolver.resolve("blijven bewegen")
    mention = _Mention(0, 1, "Onderwerp", base.slot_id("onderwerp"))
    opinion = resolver._classifier.opinion(text)
    target = opinion.label.rsplit(":", 1)[-1]
    kept = resolver._second_opinion(base, text, "onderwerp", mention, False, frozenset())
    switched = resolver._second_opinion(base, text, "onderwerp", mention, False, frozenset({target}))
    assert kept.slot_id("onderwerp") == base.slot_id("onderwerp")
    assert opinion.label.startswith("value:") and target != base.slot_id("onderwerp")
    assert switched.slot_id("onderwerp") == target


@pytest.mark.parametrize("text", ["hoe schrijf je lumbago", "mag ik ibuprofen nemen als ik wijn heb gedronken",
                                  "mag mijn werkgever mij verplichten om overuren te werken",
                                  "wat moet ik studeren om fysio te worden"])
def test_spelling_medicines_with_alcohol_labour_law_and_the_profession_are_not_the_leaflets(resolver, text):
    assert resolver.resolve(text).intent == FALLBACK


@pytest.mark.parametrize("text, section", [("hoeveel paracetamol mag ik per keer nemen", "acute-aanval"),
                                           ("mijn baas vraagt wanneer ik weer aan het werk kom", "werk")])
def test_the_leaflets_painkillers_and_work_stay_answered(resolver, text, section):
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["mijn rug doet pijn en de thermometer zegt negenendertig komma twee",
                                  "ik heb rugpijn en ik zit op achtendertig acht"])
def test_a_temperature_said_as_a_number_is_a_sign(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["is het goed om tussendoor te zitten als ik de hele dag sta",
                                  "mag ik af en toe even zitten op mijn werk als ik lang moet staan"])
def test_sitting_now_and_then_while_standing_is_the_standing_advice(resolver, text):
    """The leaflet's advice on standing long is to sit every 20 to 30 minutes: the question is about standing."""
    assert resolver.resolve(text).slot_id("onderwerp") == "staan"


@pytest.mark.parametrize("text", ["gevallen ben ik niet maar mijn rug is stijf wat kan ik doen",
                                  "mijn onderrug doet zeer maar verder voel ik niks raars"])
def test_a_sign_denied_after_it_or_nothing_odd_is_no_warning(resolver, text):
    """"gevallen ben ik niet": the denial after the sign; "niks raars": nothing odd, not feeling nothing."""
    assert resolver.resolve(text).intent != "WarningSignsIntent"


@pytest.mark.parametrize("text", ["plassen kan ik niet meer en mijn rug doet pijn",
                                  "mijn rug doet zo zeer dat ik niet kan slapen en zelfs paracetamol helpt niet"])
def test_not_able_after_the_sign_and_not_even_stay_signs(resolver, text):
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text, section", [
    ("ik heb nergens tintelingen maar mijn rug is stijf hoe moet ik zitten", "zitten"),  # "nergens" denies
    ("gevallen ben ik ook niet het is gewoon rugpijn van het tillen", "tillen"),  # the denial four words after
    ("mijn been tintelde even maar dat was meteen weer over nu doet mijn rug pijn van het staan", "staan"),
])
def test_a_denied_or_healed_sign_leaves_the_question(resolver, text, section):
    """The words of a denied or healed sign take no part in finding the topic: what follows is asked."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["waar komt rechtop staan als een kaars vandaan", "mag ik na mijn rugoperatie fietsen",
                                  "mijn maag doet raar na het tillen"])
def test_a_sayings_origin_surgery_and_the_stomach_are_not_the_leaflets(resolver, text):
    assert resolver.resolve(text).intent == FALLBACK


def test_where_back_pain_comes_from_is_still_asked(resolver):
    assert resolver.resolve("waar komt mijn rugpijn vandaan").intent == "TopicIntent"


def test_a_story_that_names_one_section_twice_is_answered_when_the_classifier_agrees(resolver, matcher):
    """No carrier fits the whole story, but two of its words name standing ("sta", "strijken") and the classifier is
    sure of standing too: standing, not the fallback. The sample matching alone refuses it."""
    text = "ik sta hele middagen te strijken"
    assert matcher.resolve(text).intent == FALLBACK
    assert resolver.resolve(text).slot_id("onderwerp") == "staan"


def test_the_agreement_needs_the_classifiers_certainty(model):
    strict = Resolver.from_model(model, Tuning(opinion_agree=99.0, opinion_override=99.0),
                                 signs=load_interaction().warning_signs, phrasings=load_phrasings())
    assert strict.resolve("ik sta hele middagen te strijken").intent == FALLBACK


@pytest.mark.parametrize("text, section", [("mijn oma zegt altijd rust roest", "blijven-bewegen"),
                                           ("ik ben echt een stresskip", "ontspannen"),
                                           ("vertaal lage rugpijn in het duits", None)])
def test_sayings_and_nicknames(resolver, text, section):
    resolution = resolver.resolve(text)
    assert (resolution.slot_id("onderwerp") == section) if section else resolution.intent == FALLBACK


@pytest.mark.parametrize("text", ["mijn kruis voelt helemaal verdoofd", "ik voel niets meer bij mijn geslachtsdelen",
                                  "mijn penis voelt doof", "ik heb geen gevoel in mijn vagina",
                                  "mijn schaamstreek is gevoelloos", "op de plek van het fietszadel is alles verdoofd",
                                  "bij het afvegen voel ik niks", "kan zadel anesthesie gevaarlijk zijn",
                                  "rond mijn kont is het gevoel helemaal weg"])
def test_a_numb_saddle_area_needs_no_back(resolver, text):
    """Numbness around the anus or genitals is a sign of its own (a trapped nerve bundle): the referral, back or no
    back, in other words too ("verdoofd", "voel niks rond ...")."""
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["mijn rug doet pijn en de thermometer zegt achtendertig",
                                  "spit en ik voel me alsof ik griep heb", "zomaar aan het afvallen en rugpijn",
                                  "mijn onderrug doet zeer en ik krijg mijn been niet opgetild",
                                  "er komt geen druppel uit als ik naar de wc ga en mijn rug doet pijn",
                                  "welke rugklachten zijn ernstig",
                                  "ik moet naar de wc maar er komt geen plas en mijn rug doet zeer",
                                  "mijn billen voelen dood aan", "ook als ik niks doe blijft mijn rug pijn doen",
                                  "ik zou zeggen dat ik op dieet ben maar ik ben zomaar afgevallen en heb rugpijn"])
def test_warning_signs_in_more_words(resolver, text):
    """What the thermometer says, feeling as if it were flu, weight lost without a reason, a leg that will not lift,
    not a drop of urine, which complaints are the serious ones: each with the back, the referral."""
    assert resolver.resolve(text).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text, section", [
    ("mijn voet tintelde even maar dat ging na een kwartier weer over hoe moet ik zitten", "zitten"),
    ("ik word wakker met een stijve rug is dat lage rugpijn", "wat-is-lage-rugpijn")])
def test_a_sign_that_went_over_and_waking_stiff_are_no_alarm(resolver, text, section):
    """"dat ging ... over" puts the sign in the past like "dat is over"; waking up with a stiff back is no pain that
    wakes one ("wakker van de pijn")."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


def test_a_sign_that_does_not_go_over_is_still_one(resolver):
    assert resolver.resolve("mijn been is doof en het gaat niet over en mijn rug doet pijn").intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["helpt kinesiotape op mijn onderrug", "hoeveel milligram naproxen mag ik voor mijn rug",
                                  "wat zijn de bijwerkingen van naproxen voor mijn rug", "wat doet een reumatoloog bij rugklachten",
                                  "welke slaaphouding is goed bij rugpijn", "ik krijg hartkloppingen als ik op de fiets zit",
                                  "krijg ik een uitkering als ik door mijn rug niet kan werken", "daar til ik niet zwaar aan",
                                  "het zit me niet lekker wat hij zei", "mijn kat loopt met een holle rug"])
def test_care_doses_specialists_sayings_and_pets_are_not_the_leaflets(resolver, text):
    resolution = resolver.resolve(text)
    assert resolution.intent == FALLBACK or resolution.slot_id("onderwerp") is None, resolution


@pytest.mark.parametrize("text, section", [("ik heb me vertild", "acute-aanval"),
                                           ("mag ik de tuin omspitten nu het wat beter gaat", "blijven-bewegen"),
                                           ("geef me wat tips tegen rugpijn", "inleiding"),
                                           ("ik kan niets leuks meer doen", "inleiding"),
                                           ("na jaren niks ben ik gaan hardlopen", "risicos"),
                                           ("is lang stilzitten slecht", "zitten"),
                                           ("ik hang de hele avond in een zitzak", "zitten"),
                                           ("wanneer kan ik rustig weer beginnen met werken", "werk"),
                                           ("ik maak me overal zorgen over", "ontspannen"),
                                           ("waar vind ik een geregistreerde fysiotherapeut", "fysiotherapeut"),
                                           ("ik zit steeds met mijn hoofd naar beneden", "houding"),
                                           ("ik werk op een bureel en zit heel de dag", "zitten"),
                                           ("ik werk bij de supermarkt en sta de hele dag", "staan"),
                                           ("is stoppen met roken goed voor mijn rug", "risicos"),
                                           ("is dat voldoende beweging voor mijn rug", "conditie"),
                                           ("ik werk in de wegenbouw", "risicos"),
                                           ("kom ik door mijn rug in een rolstoel", "wat-is-lage-rugpijn")])
def test_everyday_words_of_rounds_23_and_24(resolver, text, section):
    """Phrases of the content; one's job told with "ik werk" is the setting of what is asked ("ik werk bij ...")."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("text", ["is het normaal dat rugpijn ook in mijn been zit", "het zit in mijn rug en mijn been"])
def test_radiating_pain_said_with_a_positional_verb_is_no_sitting(resolver, text):
    """"zit" here says where the pain is: with the back and a place it radiates to, the leaflet's section on it."""
    assert resolver.resolve(text).slot_id("onderwerp") == "wat-is-lage-rugpijn"


@pytest.mark.parametrize("text, section", [("mag ik pijnstilers nemen", "acute-aanval"),
                                           ("hoe moet ik tillenn", "tillen"),
                                           ("is een goede houdnig belangrijk", "houding")])
def test_a_word_one_slip_off_is_read_as_the_word(resolver, text, section):
    """A letter left out, added or swapped in a long word, or one that sounds the same ("fisio"), as typed or heard."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


@pytest.mark.parametrize("word, near", [("klanten", set()), ("rokken", set()), ("pijnstilers", {"pijnstillers"}),
                                        ("fisio", set())])
def test_only_slips_not_other_words_count_as_misspellings(resolver, word, near):
    """"klanten" is no "planten" (a letter changed), "rokken" no "roken" (too short for a letter more); "fisio" is a
    word of the model itself."""
    assert resolver._misspelt.near(word) == near


@pytest.mark.parametrize("text, intent", [("rugpijn in rust", "WarningSignsIntent"),
                                          ("ik heb pijn in mijn rug moet ik rust nemen", "TopicIntent")])
def test_words_that_must_follow_each_other_in_a_sign(resolver, text, intent):
    """A sign pattern "*pijn_in_rust" fits "rugpijn in rust" only as three words in a row: "pijn in mijn rug, moet ik
    rust nemen" asks about bed rest."""
    assert resolver.resolve(text).intent == intent


def test_lifting_through_the_knees_is_no_knee_giving_way(resolver):
    """"door de knieën zakken" is the leaflet's advice on lifting, not a knee that gives way ("mijn knie zakt door")."""
    assert resolver.resolve("ik heb rugpijn moet ik door mijn knieen zakken bij het tillen").slot_id("onderwerp") == "tillen"
    assert resolver.resolve("mijn rug doet pijn en mijn knie zakt steeds door").intent == "WarningSignsIntent"


def test_who_said_it_is_not_what_is_asked(resolver):
    """"mijn fysio zei ..." names the source; what was said is the question."""
    assert resolver.resolve("mijn fysio zei forceer niet maar hoeveel mag ik dan wel doen").slot_id(
        "onderwerp") == "blijven-bewegen"


@pytest.mark.parametrize("text, intent", [
    ("de weegschaal geeft steeds minder aan en ik heb rugpijn", "WarningSignsIntent"),
    ("ik voel niks meer daar beneden", "WarningSignsIntent"),
    ("mijn rug doet pijn en mijn been is lam", "WarningSignsIntent"),
    ("spit en ik voel me heel beroerd", "WarningSignsIntent"),
    ("ik ben vorig jaar gevallen maar toen was alles weer goed nu heb ik rugpijn van het tillen", "TopicIntent"),
    ("ik ben gloeiend heet en mijn rug doet pijn", "WarningSignsIntent"),
    ("ik lig de hele nacht te kermen van mijn rug", "WarningSignsIntent"),
    ("is mijn rugpijn erg genoeg om de huisarts te bellen", "WarningSignsIntent"),
    ("ik heb spit en doe niks en heb toch veel pijn", "WarningSignsIntent"),
    ("mijn voet tintelde maar dat is nu weer over mijn rug doet nog pijn mag ik fietsen", "TopicIntent"),
    ("een ongeluk gehad maar dat is goed gekomen nu zit ik thuis met rugpijn hoe houd ik contact met mijn werk",
     "TopicIntent")])
def test_warning_signs_of_rounds_25_and_26(resolver, text, intent):
    """Signs in more words (the scales, "daar beneden", heat, moaning at night), and signs said to be over."""
    assert resolver.resolve(text).intent == intent


@pytest.mark.parametrize("text, section", [("rug pijn wat nu", "inleiding"),
                                           ("ik til de natte was uit de machine", "tillen"),
                                           ("hoe moet ik staan en lopen", "houding"),
                                           ("ik speel de hele avond op de playstation", "zitten"),
                                           ("start de stofzuiger", None),
                                           ("hij is dit jaar blijven zitten", None),
                                           ("betaalt het ziekenfonds de kine terug", None),
                                           ("ik heb heksenschot", "acute-aanval"),
                                           ("ik haat sporten", "conditie"),
                                           ("ik loop echt op mijn tandvlees", "ontspannen"),
                                           ("ik moet de hele dag dozen uitladen", "tillen"),
                                           ("kan ik lang rechtstaan", "staan"),
                                           ("is naproxen beter dan ibuprofen", None)])
def test_words_of_rounds_25_and_26(resolver, text, section):
    resolution = resolver.resolve(text)  # None: refused, or a topic the leaflet lacks
    assert (resolution.slot_id("onderwerp"), resolution.intent in (FALLBACK, "TopicIntent")) == (section, True)


@pytest.mark.parametrize("text, section", [("mijn stoel is volgens mij te laag", "zitten"),
                                           ("is mijn zithouding volgens mij goed", "zitten")])
def test_a_hedge_is_no_topic(resolver, text, section):
    """"volgens mij", "denk ik" only say it is an opinion: the words around them are asked."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


class _Sure:
    """A stand-in classifier that gives one label with one margin, whatever it is asked."""

    def __init__(self, label: str, margin: float) -> None:
        self.label, self.margin = label, margin

    def opinion(self, text: str):
        from skill.nlu.classifier import Opinion

        return Opinion(self.label, self.margin)


def _judging(resolver: Resolver, label: str, margin: float) -> Resolver:
    import copy

    judged = copy.copy(resolver)  # the session's resolver stays as it is
    judged._classifier = _Sure(label, margin)
    return judged


def test_the_classifier_answers_when_it_leads_by_its_margin(resolver):
    """A text no sample fits well gets the classifier's answer once its margin passes ``opinion_override`` (a
    section or an intent); at or below it, the match stands."""
    text = "ik wil iets weten over hoe het zit met mijn rug"
    assert resolver._matched(text)[0].score < resolver.tuning.opinion_below
    over = resolver.tuning.opinion_override
    other = next(v for v in ("staan", "tillen") if v != resolver._matched(text)[0].slot_id("onderwerp"))
    assert _judging(resolver, f"value:Onderwerp:{other}", over + 0.1).resolve(text).slot_id("onderwerp") == other
    assert _judging(resolver, "intent:AMAZON.HelpIntent", over + 0.1).resolve(text).intent == "AMAZON.HelpIntent"
    unsure = _judging(resolver, f"value:Onderwerp:{other}", over)
    assert unsure.resolve(text) == unsure._matched(text)[0] and unsure.resolve(text).slot_id("onderwerp") != other


def test_the_classifier_refers_only_when_very_sure_and_never_undoes_a_referral(resolver):
    """A referral by the classifier needs the wider margin ``opinion_refer`` (a sign in words the vocabulary
    lacks); a section of the classifier never replaces a referral the vocabulary found, nor does it turn another
    complaint without back pain (settled by the rules) into one."""
    asked = "ik wil iets weten over hoe het zit met mijn rug"
    t = resolver.tuning
    assert t.opinion_refer > t.opinion_override
    unsure = (t.opinion_override + t.opinion_refer) / 2
    assert _judging(resolver, "intent:WarningSignsIntent", unsure).resolve(asked).intent != "WarningSignsIntent"
    assert _judging(resolver, "intent:WarningSignsIntent", t.opinion_refer + 0.1).resolve(asked).intent \
        == "WarningSignsIntent"
    assert _judging(resolver, "intent:WarningSignsIntent", 9.0).resolve("ik heb koorts").intent == FALLBACK
    sign = "mijn rug doet pijn en ik heb koorts"
    assert _judging(resolver, "value:Onderwerp:tillen", 9.0).resolve(sign).intent == "WarningSignsIntent"


@pytest.mark.parametrize("text", ["hoe moet ik tillen", "roken"])
def test_a_sample_stands_against_the_classifier(resolver, text):
    expected = resolver._matched(text)[0]
    assert expected.score >= resolver.tuning.opinion_below
    assert _judging(resolver, "value:Onderwerp:conditie", 9.0).resolve(text) == expected


@pytest.mark.parametrize("text", ["wat betekent zijn mannetje staan", "ik heb griep wat moet ik doen",
                                  "is een waterbed goed voor mijn rug", "bel mijn fysiotherapeut"])
def test_what_the_rules_settled_stands_against_the_classifier(resolver, text):
    """A saying, another complaint, a topic the leaflet lacks, a task: settled by the rules (no margin undoes it),
    not undone by the classifier's section."""
    matched, undo = resolver._matched(text)
    assert undo == float("inf") and (matched.intent == FALLBACK or matched.slot_id("onderwerp") is None)
    assert _judging(resolver, "value:Onderwerp:staan", 9.0).resolve(text) == matched


def test_a_refusal_for_a_word_of_other_subjects_yields_to_a_sure_classifier(resolver):
    """A word only out-of-domain samples use ("abonnement": a magazine's) is a guess from the samples, not a rule:
    the classifier may answer against it, by the wider margin ``opinion_unsettle``."""
    text = "ik heb een abonnement bij basic fit maar ik ga nooit"
    matched, undo = resolver._matched(text)
    t = resolver.tuning
    assert matched.intent == FALLBACK and undo == t.opinion_unsettle > t.opinion_override
    assert _judging(resolver, "value:Onderwerp:conditie", (t.opinion_override + undo) / 2).resolve(text).intent \
        == FALLBACK
    assert _judging(resolver, "value:Onderwerp:conditie", undo + 0.1).resolve(text).slot_id("onderwerp") == "conditie"


@pytest.mark.parametrize("text, section", [
    ("gaat de fysio mij masseren", "fysiotherapeut"),  # what the physiotherapist does: the leaflet's section
    ("gaat de fysiotherapeut me masseren of hoe gaat dat", "fysiotherapeut"),
    ("helpt een massage tegen rugpijn", None),  # the care itself: not the leaflet's
    ("wordt massage bij de fysio vergoed", None),  # what it costs: not the leaflet's, physiotherapist or not
])
def test_care_a_physiotherapist_gives_is_the_physiotherapists_when_asked_of_one(resolver, text, section):
    resolution = resolver.resolve(text)
    assert resolution.slot_id("onderwerp") == section if section else resolution.intent == FALLBACK


@pytest.mark.parametrize("text, intent", [
    ("ik heb pijn in mijn lenden en ik kan mijn water niet meer houden", "WarningSignsIntent"),
    ("mijn rug doet zeer en ik hou mijn water niet op", "WarningSignsIntent"),
    ("ik drink veel water, is dat goed voor mijn rug", None),  # water to drink is no sign
    ("ik moet steeds plassen maar er komt niks uit en mijn rug doet pijn", "WarningSignsIntent"),
    ("pijn onder in de rug en ik moet wel nodig maar er komt bijna niks", "WarningSignsIntent"),
    ("niet gevallen niks gewoon rugpijn uit het niets waar komt dat vandaan", None),  # not "er komt niets uit"
])
def test_holding_ones_water_is_holding_urine(resolver, text, intent):
    resolution = resolver.resolve(text)
    assert resolution.intent == intent if intent else resolution.intent != "WarningSignsIntent"
