"""Never stuck: questions the leaflet does not answer, off-topic requests, social turns, and the ends of the
leaflet (also while its audio plays). Each class through the real skill."""

from __future__ import annotations

import functools

import pytest

from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.content.audio_manifest import load_manifest
from skill.dialog.playback import Track
from skill.dialog.state import Say
from skill.nlu.resolver import Resolver
from skill.settings import PROJECT_ROOT
from skill.tools.chat import Chat
from skill.tools.device import AlexaSession
from tests.helpers import Driver

#: The leaflet's own closing referral, as printed in the leaflet.
REFERRAL = "Als u nog vragen heeft, overleg dan met uw fysiotherapeut."


@functools.lru_cache(maxsize=1)
def resolver() -> Resolver:
    return Resolver.from_file()


def spoken_names(leaflet, text: str) -> list[str]:
    return [s.spoken_name for s in leaflet.sections if s.spoken_name in text]


def assert_not_in_leaflet(text: str, reprompt: str, end_session, leaflet) -> None:
    """'Not in the leaflet', the leaflet's own referral, at least two topics that can be asked; never a bare sorry."""
    assert "staat niets" in text and "in de folder" in text, text
    assert REFERRAL in text
    assert len(spoken_names(leaflet, text)) >= 2, text
    assert not text.startswith("Sorry")
    assert end_session is False and reprompt


def test_the_referral_is_the_leaflets_own_sentence(leaflet):
    assert REFERRAL in leaflet.section("fysiotherapeut").text
    source = (PROJECT_ROOT / "content" / "leaflet.yaml").read_text(encoding="utf-8")
    assert REFERRAL in source


@pytest.mark.parametrize("heard", ["sauna", "matras", "hernia", "acupunctuur"])
def test_a_topic_the_leaflet_does_not_cover(driver, leaflet, heard):
    driver.launch()
    answer = driver.topic(None, heard=heard)
    assert_not_in_leaflet(answer.text, answer.reprompt, answer.end_session, leaflet)
    assert f"Over {heard} staat niets in de folder" in answer.text


def test_the_fallback_intent_says_it_is_not_in_the_leaflet(driver, leaflet):
    driver.launch()
    answer = driver.say("AMAZON.FallbackIntent")
    assert_not_in_leaflet(answer.text, answer.reprompt, answer.end_session, leaflet)
    assert answer.text.startswith("Daar staat niets over in de folder")


def test_an_intent_the_skill_does_not_know_gets_the_same_answer(driver, leaflet):
    driver.launch()
    answer = driver.say("AMAZON.SendToPhoneIntent")
    assert_not_in_leaflet(answer.text, answer.reprompt, answer.end_session, leaflet)


@pytest.mark.parametrize("said", [
    "kan ik naar de sauna", "welk matras is goed", "ik heb een hernia", "wat moet ik doen bij een hernia",
    "wat voor weer wordt het morgen", "speel muziek van de beatles", "zet de lampen aan",
])
def test_typed_questions_outside_the_leaflet_never_get_a_bare_sorry(leaflet, said):
    chat = Chat(build_skill(leaflet, MemoryAdapter()), resolver(), AlexaSession())
    chat.open()
    turn = chat.say(said)
    assert turn.intent in ("AMAZON.FallbackIntent", "TopicIntent") and turn.section is None, turn.intent
    assert_not_in_leaflet(turn.speech, turn.reprompt, turn.end_session, leaflet)


def test_when_to_go_to_the_physiotherapist_is_in_the_leaflet(leaflet):
    """The leaflet has its own section on what the physiotherapist does: that is the answer, not 'not in the leaflet'."""
    chat = Chat(build_skill(leaflet, MemoryAdapter()), resolver(), AlexaSession())
    turn = chat.one_shot("wanneer moet ik naar de fysiotherapeut")
    assert turn.section == "fysiotherapeut" and REFERRAL in turn.speech


# --- social turns ---------------------------------------------------------------------------------------------


def test_a_greeting_greets_back_and_says_what_can_be_asked(driver, leaflet):
    driver.launch()
    answer = driver.say("GreetingIntent")
    assert answer.text.startswith("Hallo") and leaflet.title in answer.text
    assert "?" in answer.text and answer.reprompt and answer.end_session is False


def test_thanks_keeps_the_session_open_and_no_then_says_goodbye(driver, leaflet):
    driver.launch()
    driver.topic("tillen")
    thanks = driver.say("ThanksIntent")
    assert thanks.text.startswith("Graag gedaan") and "Wilt u nog iets" in thanks.text
    assert thanks.end_session is False and thanks.reprompt
    assert thanks.state.focus == "tillen"
    bye = driver.say("AMAZON.NoIntent")
    assert bye.end_session is True and bye.text == leaflet.prompts["goodbye.say"]


def test_thanks_then_yes_asks_what_to_talk_about(driver):
    driver.launch()
    driver.say("ThanksIntent")
    answer = driver.say("AMAZON.YesIntent")
    assert answer.end_session is False and answer.state.said.kind is Say.NOTHING_OFFERED


def test_who_are_you_says_what_the_skill_is_and_can_do(driver, leaflet):
    driver.launch()
    answer = driver.say("AboutSkillIntent")
    assert "Rugadvies" in answer.text and leaflet.title in answer.text and "voorlezen" in answer.text
    assert len(spoken_names(leaflet, answer.text)) == len(leaflet.sections)  # every topic
    assert "geen dokter" in answer.text and answer.end_session is False and answer.reprompt


@pytest.mark.parametrize("said, intent", [("goedemorgen", "GreetingIntent"), ("dank u wel", "ThanksIntent"),
                                          ("wie ben jij", "AboutSkillIntent"), ("wat kun je", "AboutSkillIntent")])
def test_typed_social_turns_are_answered(leaflet, said, intent):
    chat = Chat(build_skill(leaflet, MemoryAdapter()), resolver(), AlexaSession())
    chat.open()
    turn = chat.say(said)
    assert turn.intent == intent and not turn.speech.startswith("Sorry") and turn.end_session is False


# --- the ends of the leaflet ----------------------------------------------------------------------------------


def test_in_conversation_previous_after_the_end_is_the_last_section_and_next_after_the_start_the_first(driver,
                                                                                                        leaflet):
    driver.launch()
    driver.topic(leaflet.ids[-1])
    end = driver.say("AMAZON.NextIntent")
    assert end.state.said.kind is Say.END_OF_LEAFLET and "zeg vorige" in end.text.lower()
    assert driver.say("AMAZON.NextIntent").state.said.kind is Say.END_OF_LEAFLET  # still past the end
    assert driver.say("AMAZON.PreviousIntent").state.said.section == leaflet.ids[-1]
    driver.topic(leaflet.ids[0])
    start = driver.say("AMAZON.PreviousIntent")
    assert start.state.said.kind is Say.START_OF_LEAFLET
    assert driver.say("AMAZON.PreviousIntent").state.said.kind is Say.START_OF_LEAFLET
    assert driver.say("AMAZON.NextIntent").state.said.section == leaflet.ids[0]


@pytest.fixture(scope="module")
def catalog():
    return AudioCatalog(load_manifest(), "https://rugadvies.example.nl")


def speaker(leaflet, catalog, store=None) -> Driver:
    return Driver(build_skill(leaflet, store or MemoryAdapter(), catalog=catalog), AlexaSession(audio_player=True))


def test_while_the_last_section_plays_next_then_previous_goes_to_the_last_section(leaflet, catalog):
    """The reported bug: "volgende" on the last track said "dit was het laatste onderwerp ... zeg vorige", and
    "vorige" then went to the first section (the new session had no focus)."""
    driver = speaker(leaflet, catalog)
    driver.session.player = (Track("leaflet", leaflet.ids[-1]).token, 5_000, "PLAYING")
    end = driver.say("AMAZON.NextIntent")
    assert end.state.said.kind is Say.END_OF_LEAFLET and end.end_session is False
    back = driver.say("AMAZON.PreviousIntent")
    assert back.state.said.section == leaflet.ids[-1]


def test_while_the_first_section_plays_previous_then_next_goes_to_the_first_section(leaflet, catalog):
    driver = speaker(leaflet, catalog)
    driver.session.player = (Track("leaflet", leaflet.ids[0]).token, 5_000, "PLAYING")
    start = driver.say("AMAZON.PreviousIntent")
    assert start.state.said.kind is Say.START_OF_LEAFLET and start.end_session is False
    assert driver.say("AMAZON.NextIntent").state.said.section == leaflet.ids[0]


def types(answer) -> list[str]:
    return [d["type"] for d in answer.directives]


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_in_a_conversation_opened_while_the_leaflet_plays_stops_the_audio(leaflet, catalog, intent):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    token = Track("leaflet", "zitten").token
    driver.session.player = (token, 42_000, "PLAYING")
    driver.launch()  # "Alexa, open rug advies" while the leaflet plays
    driver.topic("tillen")
    stopped = driver.say(intent)
    assert types(stopped) == ["AudioPlayer.Stop"]
    assert stopped.end_session is True and stopped.text == leaflet.prompts["goodbye.say"]
    assert driver.session.player[2] == "STOPPED"
    driver.session.end()  # later, "Alexa, ga verder": on from the place where the audio was stopped
    resumed = driver.say("AMAZON.ResumeIntent")
    (play,) = [d for d in resumed.directives if d["type"] == "AudioPlayer.Play"]
    assert (play["audioItem"]["stream"]["token"], play["audioItem"]["stream"]["offsetInMilliseconds"]) == (token, 42_000)


def test_stop_without_our_audio_only_says_goodbye(leaflet, catalog):
    driver = speaker(leaflet, catalog)
    driver.launch()
    answer = driver.say("AMAZON.StopIntent")
    assert types(answer) == [] and answer.end_session is True
    driver = speaker(leaflet, catalog)
    driver.session.player = ("someone-elses:token", 1_000, "PLAYING")
    driver.launch()
    assert types(driver.say("AMAZON.StopIntent")) == []
