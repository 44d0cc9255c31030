"""Conversations through skill.invoke: envelopes in, SSML, session attributes and should_end_session out."""

import pytest
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.alexa.handlers.errors import ErrorHandler
from skill.alexa.skill_builder import build_skill
from skill.dialog.speech import Voice
from skill.content.leaflet import load_leaflet
from skill.settings import PROJECT_ROOT
from skill.dialog.reading import text_parts
from skill.dialog.state import Say
from tests.helpers import Driver


def test_launch_welcomes_and_first_time_users_hear_the_notice_once(driver):
    first = driver.launch()
    assert "Welkom bij Rugadvies" in first.text
    assert "vervangen uw fysiotherapeut of huisarts niet" in first.text
    assert first.end_session is False and first.reprompt
    driver.say("AMAZON.StopIntent")
    again = driver.launch()
    assert "Welkom" in again.text and "huisarts" not in again.text


def test_one_shot_question_of_a_new_user_also_carries_the_notice(driver):
    answer = driver.topic("tillen")
    assert answer.text.startswith("Let op")
    assert "Tillen." in answer.text


def test_topic_question_then_yes_reads_the_full_text_in_turns(driver, leaflet):
    section = leaflet.section("blijven-bewegen")
    summary = driver.topic("blijven-bewegen")
    assert section.summary in summary.text
    assert summary.text.endswith(f"Wilt u meer horen over {section.spoken_name}?")
    assert summary.state.said.kind is Say.SUMMARY and summary.end_session is False
    assert "ja of nee" in summary.reprompt
    turns = [driver.say("AMAZON.YesIntent") for _ in text_parts(section)]
    assert all(t.state.said.kind is Say.FULL for t in turns)
    assert [t.state.said.part for t in turns] == list(range(len(turns)))
    assert turns[0].text.endswith("Zal ik verder lezen?")
    heard = " ".join(t.text for t in turns)
    for sentence in section.sentences():
        assert sentence.replace("• ", "") in heard
    following = leaflet.next("blijven-bewegen")
    assert turns[-1].text.endswith(f"over {following.spoken_name}?")
    nxt = driver.say("AMAZON.YesIntent")
    assert nxt.state.said.section == following.id


def test_no_says_what_else_can_be_asked(driver):
    driver.topic("werk")
    answer = driver.say("AMAZON.NoIntent")
    assert "ander onderwerp" in answer.text and answer.end_session is False and answer.reprompt


def test_next_previous_and_the_ends(driver, leaflet):
    driver.topic("zitten")
    assert driver.say("AMAZON.NextIntent").state.said.section == "staan"
    assert driver.say("AMAZON.PreviousIntent").state.said.section == "zitten"
    driver.topic(leaflet.ids[-1])
    end = driver.say("AMAZON.NextIntent")
    assert "laatste onderwerp" in end.text and end.end_session is False


def test_repeat_says_the_last_answer_again(driver):
    driver.launch()
    first = driver.topic("acute-aanval")
    again = driver.say("AMAZON.RepeatIntent")
    assert again.ssml == first.ssml and again.reprompt == first.reprompt
    assert again.attributes == first.attributes


def test_list_help_home_start_over(driver, leaflet):
    topics = driver.say("ListTopicsIntent")
    assert all(s.spoken_name in topics.text for s in leaflet.sections)
    help_ = driver.say("AMAZON.HelpIntent")
    assert "Hoe moet ik tillen?" in help_.text and help_.reprompt
    driver.topic("inleiding")
    driver.say("AMAZON.YesIntent")
    home = driver.say("AMAZON.NavigateHomeIntent")
    assert home.state.focus == "inleiding" and "Wat wilt u weten?" in home.text
    restart = driver.say("AMAZON.StartOverIntent")
    assert restart.state.said.section == "inleiding" and restart.state.said.kind is Say.SUMMARY


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent"])
def test_stop_and_cancel_end_the_session(driver, intent):
    driver.launch()
    bye = driver.say(intent)
    assert bye.end_session is True and "Tot ziens" in bye.text and not bye.reprompt


def test_fallback_unknown_and_missing_topics_never_dead_end(driver):
    for answer in (driver.say("AMAZON.FallbackIntent"), driver.topic(None, heard="hoofdpijn"),
                   driver.say("TopicIntent"), driver.say("SomeIntentWeNeverDeclared"),
                   driver.say("AMAZON.YesIntent")):
        assert answer.end_session is False and answer.reprompt and answer.text
    assert "Over hoofdpijn staat niets in de folder" in driver.topic(None, heard="hoofdpijn").text


def test_read_section_and_leaflet(driver, leaflet):
    whole = driver.say("ReadLeafletIntent")
    assert whole.state.said.kind is Say.FULL and whole.state.said.section == leaflet.ids[0]
    one = driver.topic("tillen", intent="ReadSectionIntent")
    assert one.state.said.kind is Say.FULL and one.state.said.section == "tillen"
    unknown = driver.topic(None, heard="acupunctuur", intent="ReadSectionIntent")
    assert "Over acupunctuur staat niets" in unknown.text


def test_session_ended_request_gets_an_empty_response(driver):
    driver.launch()
    answer = driver.send(driver.session.session_ended())
    assert "outputSpeech" not in answer.response


def test_tampered_session_attributes_are_ignored(driver):
    driver.launch()
    driver.session.attributes = {"state": {"said": {"kind": "full", "section": "x", "part": "y"}, "focus": 3}}
    answer = driver.say("AMAZON.NextIntent")
    assert answer.state.said.section == "inleiding"


class Exploding(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        raise RuntimeError("boom")


def test_unexpected_exception_gives_a_spoken_apology_and_keeps_the_state(leaflet, caplog):
    builder = CustomSkillBuilder()
    builder.add_request_handler(Exploding())
    builder.add_exception_handler(ErrorHandler(Voice.of(leaflet)))
    driver = Driver(builder.create())
    driver.session.attributes = {"state": {"focus": "tillen"}}
    driver.session.session_id = "amzn1.echo-api.session.x"
    driver.session.new = False
    answer = driver.say("AMAZON.YesIntent")
    assert "er ging iets mis" in answer.text
    assert answer.end_session is False and answer.reprompt
    assert answer.attributes == {"state": {"focus": "tillen"}}
    assert "boom" in caplog.text


def test_without_audio_player_the_whole_leaflet_is_read_turn_by_turn(driver, leaflet):
    first = driver.say("ReadLeafletIntent")
    assert first.state.said.whole and first.state.said.section == leaflet.ids[0]
    answers = [first]
    for _ in range(60):
        if not answers[-1].state.said.whole:
            break
        answers.append(driver.say("AMAZON.YesIntent"))
    spoken_sections = [a.state.said.section for a in answers if a.state.said.kind is Say.FULL]
    assert sorted(set(spoken_sections), key=leaflet.ids.index) == list(leaflet.ids)
    second_section = leaflet.sections[1]
    assert any(f"Zal ik verder lezen, met {second_section.spoken_name}?" in a.text for a in answers)
    assert all(a.end_session is False and a.reprompt for a in answers)


def test_the_skill_speaks_the_prompts_and_lexicon_of_its_content_dir(leaflet, store, tmp_path):
    prompts = (PROJECT_ROOT / "content" / "prompts.yaml").read_text(encoding="utf-8")
    (tmp_path / "prompts.yaml").write_text(prompts.replace("Tot ziens, en beterschap.", "Dag, en bijv. rust."),
                                           encoding="utf-8")
    (tmp_path / "lexicon.yaml").write_text("replacements:\n  bijv.: bij voorbeeld\n", encoding="utf-8")
    (tmp_path / "leaflet.yaml").write_text((PROJECT_ROOT / "content" / "leaflet.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    answer = Driver(build_skill(load_leaflet(tmp_path), store)).say("AMAZON.StopIntent")
    assert answer.ssml.startswith('<speak><p>Dag, en <sub alias="bij voorbeeld">bijv.</sub> rust.</p>')
    assert answer.end_session is True
