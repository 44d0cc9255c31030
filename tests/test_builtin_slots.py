"""Alexa's built-in slots (AMAZON.DURATION, AMAZON.TIME) read from typed Dutch, as Alexa fills them,
and the reminders they set through ``rugadvies chat``."""

from __future__ import annotations

import json

import pytest

from skill.alexa.reminders import PERMISSION_SCOPE
from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.build.interaction_model import DEFAULT_MODEL_PATH
from skill.content.interaction import load_interaction
from skill.dialog.reminders import Kind, Plan, parse_duration, parse_time, plan_from_slots
from skill.nlu.builtin_slots import BuiltinSlots, duration_value, number_value, time_value, words_of
from skill.nlu.resolver import FALLBACK, Resolver, SlotValue
from skill.tools.chat import PERMISSION_QUESTION, Chat, run
from skill.tools.device import AlexaSession
from skill.tools.reminders_api import ReminderApiStandIn


def duration(text):
    return duration_value(words_of(text))


def time(text):
    return time_value(words_of(text))


# -- the parsers --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("twintig", 20), ("20", 20), ("vijfenveertig", 45), ("vijf en veertig", 45), ("eenentwintig", 21),
    ("tweeëntwintig", 22), ("zestig", 60), ("een", 1), ("één", 1), ("dertien", 13),
])
def test_numbers(text, value):
    assert number_value(words_of(text)) == value


@pytest.mark.parametrize("text", ["zeventig", "vijf en zestig", "en twintig", "twintig en vijf", "honderd", "1234"])
def test_not_numbers(text):
    assert number_value(words_of(text)) is None


@pytest.mark.parametrize("text, value", [
    ("een half uur", "PT30M"), ("half uur", "PT30M"), ("een half uurtje", "PT30M"), ("een kwartier", "PT15M"),
    ("drie kwartier", "PT45M"), ("twintig minuten", "PT20M"), ("20 minuten", "PT20M"), ("een minuut", "PT1M"),
    ("vijf minuutjes", "PT5M"), ("vijfentwintig minuten", "PT25M"), ("vijf en twintig minuten", "PT25M"),
    ("vijfenveertig minuten", "PT45M"), ("anderhalf uur", "PT1H30M"), ("1,5 uur", "PT1H30M"), ("een uur", "PT1H"),
    ("een uurtje", "PT1H"), ("twee uur", "PT2H"), ("twee en een half uur", "PT2H30M"), ("tweeënhalf uur", "PT2H30M"),
    ("een uur en een kwartier", "PT1H15M"), ("twee uur en tien minuten", "PT2H10M"), ("90 minuten", "PT1H30M"),
    ("een halve minuut", "PT30S"), ("tien seconden", "PT10S"), ("anderhalve minuut", "PT1M30S"),
    ("een dag", "P1D"), ("een halve dag", "PT12H"),
])
def test_durations_as_alexa_fills_them(text, value):
    assert duration(text) == value
    assert parse_duration(value) is not None  # and the skill reads what we give it


def test_weeks_are_alexas_pnw_which_the_skill_finds_unclear():
    assert duration("twee weken") == "P2W" and duration("een week") == "P1W"
    assert plan_from_slots(Kind.STAND, "P2W", None, None) == "unclear"  # asks again, as with Alexa


@pytest.mark.parametrize("text", [
    "", "een", "uur", "minuten", "twintig", "half", "half tien", "negen uur dertig", "een paar minuten",
    "vijf minuten geleden", "minuten twintig", "zeventig minuten", "17:00", "twee koffie", "een uur en twintig",
    "in de middag",
])
def test_not_durations(text):
    assert duration(text) is None


@pytest.mark.parametrize("text, value", [
    ("negen uur", "09:00"), ("9 uur", "09:00"), ("negen", "09:00"), ("vijf", "05:00"), ("zeventien", "17:00"),
    ("half tien", "09:30"), ("half een", "12:30"), ("kwart over negen", "09:15"), ("kwart voor vijf", "04:45"),
    ("tien over negen", "09:10"), ("vijf voor twaalf", "11:55"), ("tien voor half vijf", "04:20"),
    ("vijf over half tien", "09:35"), ("negen uur dertig", "09:30"), ("17:00", "17:00"), ("17.00", "17:00"),
    ("8.30", "08:30"), ("9u30", "09:30"), ("vijf uur 's middags", "17:00"), ("vijf uur s middags", "17:00"),
    ("vijf uur smiddags", "17:00"), ("half zes 's avonds", "17:30"), ("acht uur 's ochtends", "08:00"),
    ("twaalf uur 's middags", "12:00"), ("twaalf uur 's nachts", "00:00"), ("twee uur in de middag", "14:00"),
    ("middernacht", "00:00"), ("'s ochtends", "MO"), ("in de middag", "AF"), ("'s avonds", "EV"), ("de nacht", "NI"),
])
def test_times_as_alexa_fills_them(text, value):
    assert time(text) == value
    assert parse_time(value) is not None or value in ("MO", "AF", "EV", "NI")


@pytest.mark.parametrize("text", [
    "", "half", "kwart", "kwart over", "over negen", "negen minuten", "een half uur", "vijfentwintig", "25 uur",
    "25:00", "9:75", "zeventien uur 's ochtends", "half dertien", "dertig over negen", "morgen", "om negen uur",
    "negen uur zeventig", "'s middags vijf",
])
def test_not_times(text):
    assert time(text) is None


# -- matching samples ---------------------------------------------------------------------------------------

TOY = {"intents": [
    {"name": "RemindIntent", "slots": [{"name": "d", "type": "AMAZON.DURATION"}, {"name": "a", "type": "AMAZON.TIME"},
                                       {"name": "b", "type": "AMAZON.TIME"}],
     "samples": ["herinner mij over {d}", "van {a} tot {b}", "herinner mij"]},
    {"name": "TopicIntent", "slots": [{"name": "t", "type": "Topic"}], "samples": ["hoe moet ik {t}"]},
]}


def test_a_sample_with_its_slots_filled_and_fillers_skipped():
    slots = BuiltinSlots(TOY, lambda w: "" if w in ("graag", "s") else w)
    assert slots.match("herinner mij over twintig minuten graag") == ("RemindIntent", {"d": "PT20M"})
    assert slots.match("van half negen tot vijf uur 's middags") == ("RemindIntent", {"a": "08:30", "b": "17:00"})
    assert slots.match("herinner mij over twintig") is None  # no duration
    assert slots.match("herinner jou over twintig minuten") is None  # another word
    assert slots.match("van negen tot vijf achter de computer") is None  # more words
    assert slots.match("herinner mij") is None  # no built-in slot: the resolver's business
    assert slots.reads("RemindIntent", "van {a} tot {b}") and not slots.reads("RemindIntent", "herinner mij")
    assert not slots.reads("TopicIntent", "hoe moet ik {t}")


def test_fragments_fill_the_slots_of_a_text_given_to_the_intent():
    slots = BuiltinSlots(TOY, lambda w: w)
    assert slots.fill("RemindIntent", "kun je mij over tien minuten herinneren") == {"d": "PT10M"}
    assert slots.fill("RemindIntent", "ik wil het van negen tot vijf uur") == {"a": "09:00", "b": "05:00"}
    assert slots.fill("RemindIntent", "kun je mij over wat herinneren") == {}
    assert slots.fill("TopicIntent", "over tien minuten") == {}


@pytest.mark.parametrize("text, slots", [
    ("herinner mij over twintig minuten om op te staan", {"duur": "PT20M"}),
    ("over een half uur", {"duur": "PT30M"}),
    ("over een kwartiertje graag", {"duur": "PT15M"}),
    ("herinner me over anderhalf uur", {"duur": "PT1H30M"}),
    ("kun je me over tien minuten herinneren om op te staan", {"duur": "PT10M"}),
    ("elk half uur van negen tot vijf", {"van": "09:00", "tot": "05:00"}),
    ("van negen tot vijf", {"van": "09:00", "tot": "05:00"}),
    ("tussen 8.30 en 17:00", {"van": "08:30", "tot": "17:00"}),
    ("herinner mij om op te staan van negen tot half zes", {"van": "09:00", "tot": "05:30"}),
    # not a whole sample, but the resolver's reminder intent: the fragment "over {duur}" fills it
    ("geef mij over een kwartier een herinnering om op te staan", {"duur": "PT15M"}),
])
def test_the_resolver_fills_the_built_in_slots(resolver, text, slots):
    got = resolver.resolve(text)
    assert got.intent == "RemindStandUpIntent", got
    assert got.slots == {name: SlotValue(name, value, None, True) for name, value in slots.items()}


@pytest.mark.parametrize("text, intent, section", [
    ("moet ik elk half uur opstaan", "TopicIntent", "zitten"),  # the leaflet's advice, not a reminder
    ("ik zit van negen tot vijf achter de computer", "TopicIntent", "zitten"),
    ("hoe moet ik tillen", "TopicIntent", "tillen"),
    ("start een workout van tien minuten", FALLBACK, None),
    ("zet een wekker om zeven uur", FALLBACK, None),
])
def test_durations_and_times_elsewhere_change_nothing(resolver, text, intent, section):
    got = resolver.resolve(text)
    assert (got.intent, got.slot_id("onderwerp")) == (intent, section), got
    assert not any(value.builtin for value in got.slots.values())


def test_every_sample_with_built_in_slots_matches_with_values_filled_in(resolver, model):
    """Each such sample of the model, with a duration and times put in, resolves to its intent with them."""
    fill = {"AMAZON.DURATION": ("twintig minuten", "PT20M"), "AMAZON.TIME": ("half negen", "08:30")}
    wrong = []
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        types = {s["name"]: s["type"] for s in intent.get("slots", []) if s["type"] in fill}
        for sample in intent["samples"]:
            names = [n for n in types if f"{{{n}}}" in sample]
            if not names:
                continue
            text = sample
            for name in names:
                text = text.replace(f"{{{name}}}", fill[types[name]][0])
            got = resolver.resolve(text)
            expected = {n: SlotValue(n, fill[types[n]][1], None, True) for n in names}
            if (got.intent, got.slots) != (intent["name"], expected):
                wrong.append((text, got))
    assert wrong == []


# -- through the chat, against the stand-in of the Reminders API ---------------------------------------------

@pytest.fixture
def api():
    with ReminderApiStandIn() as standin:
        yield standin


def make_chat(api, leaflet, resolver, granted=True) -> Chat:
    session = AlexaSession(api_endpoint=api.url, granted=frozenset({PERMISSION_SCOPE} if granted else ()))
    return Chat(build_skill(leaflet, MemoryAdapter(), reminders_timeout=2.0), resolver, session)


def test_chat_sets_a_reminder_in_twenty_minutes(api, leaflet, resolver):
    chat = make_chat(api, leaflet, resolver)
    chat.open()
    turn = chat.say("herinner mij over twintig minuten om op te staan")
    assert turn.intent == "RemindStandUpIntent" and turn.slots == {"duur": "PT20M"}
    assert "over 20 minuten" in turn.speech, turn.speech
    [body] = api.reminders.values()
    assert body["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1200}
    assert "op te staan" in body["alertInfo"]["spokenInfo"]["content"][0]["text"]


def test_chat_sets_the_recurring_reminder(api, leaflet, resolver):
    chat = make_chat(api, leaflet, resolver)
    chat.open()
    turn = chat.say("elk half uur van negen tot vijf")
    assert turn.slots == {"van": "09:00", "tot": "05:00"}
    assert "elke werkdag" in turn.speech and "van 9 uur tot en met 16.30 uur" in turn.speech, turn.speech
    [body] = api.reminders.values()
    assert body["trigger"]["recurrence"]["recurrenceRules"] == [Plan(Kind.STAND, None, (9, 17)).rule()]


def test_chat_answers_the_skills_question_with_hours_after_asking_permission(api, leaflet, resolver):
    """"Zal ik u over een half uur herinneren? ... of zeg: van negen tot vijf" - "van negen tot vijf"."""
    import io

    chat = make_chat(api, leaflet, resolver, granted=False)
    out = io.StringIO()
    run(chat, ["herinner mij om op te staan", "van negen tot vijf", "ja"], out, as_json=False, fresh=False,
        interactive=False)
    text = out.getvalue()
    assert "Zal ik u over een half uur herinneren?" in text and PERMISSION_QUESTION in text
    assert "elke werkdag" in text.splitlines()[-1], text
    [body] = api.reminders.values()
    assert body["trigger"]["recurrence"]["recurrenceRules"] == [plan_from_slots(Kind.STAND, None, "09:00",
                                                                                "05:00").rule()]
