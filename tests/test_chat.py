"""`rugadvies chat`: typed Dutch through the resolver, a real envelope, the same skill."""

import json
import subprocess
import sys

import pytest

from skill.alexa.skill_builder import build_skill
from skill.tools.chat import Chat
from skill.tools.device import AlexaSession
from skill.nlu.resolver import Resolver
from skill.alexa.stores import MemoryAdapter


def chat_json(lines, *flags):
    proc = subprocess.run([sys.executable, "-m", "skill.cli", "chat", "--json", *flags], input="\n".join(lines),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.mark.slow
def test_json_fresh_mode_gives_one_object_per_line():
    out = chat_json(["hoe moet ik tillen", "# comment", "", "welke onderwerpen zijn er", "zet de verwarming aan"],
                    "--fresh")
    assert [o["intent"] for o in out] == ["TopicIntent", "ListTopicsIntent", "AMAZON.FallbackIntent"]
    assert out[0]["slots"] == {"onderwerp": "tillen"} and out[0]["section"] == "tillen"
    assert "Zak door uw knieën" in out[0]["speech"]
    assert set(out[0]) >= {"intent", "slots", "section", "speech", "end_session", "directives"}
    assert all(o["end_session"] is False for o in out)
    assert out[1]["section"] is None and out[1]["directives"] == []


@pytest.mark.slow
def test_session_mode_keeps_the_conversation():
    out = chat_json(["wat moet ik doen bij een acute aanval", "ja", "volgende", "stop"])
    assert [o["intent"] for o in out] == ["TopicIntent", "AMAZON.YesIntent", "AMAZON.NextIntent",
                                          "AMAZON.StopIntent"]
    assert [o["section"] for o in out[:3]] == ["acute-aanval", "acute-aanval", "tillen"]
    assert out[-1]["end_session"] is True


@pytest.mark.slow
def test_reading_the_leaflet_on_a_speaker_plays_audio():
    out = chat_json(["lees de folder voor"], "--fresh")
    assert out[0]["intent"] == "ReadLeafletIntent" and out[0]["directives"] == ["AudioPlayer.Play"]
    assert out[0]["section"] == "inleiding" and out[0]["end_session"] is True
    no_audio = chat_json(["lees de folder voor"], "--fresh", "--no-audio")
    assert no_audio[0]["directives"] == [] and no_audio[0]["section"] == "inleiding"


def test_unknown_topic_reaches_the_skill_unresolved(leaflet):
    chat = Chat(build_skill(leaflet, MemoryAdapter()), Resolver.from_file(), AlexaSession())
    turn = chat.one_shot("wat moet ik doen bij een hernia")  # a back complaint the leaflet does not cover
    assert turn.intent == "TopicIntent" and turn.slots == {"onderwerp": None}
    assert "Over hernia staat niets in de folder" in turn.speech and turn.end_session is False


@pytest.mark.slow
def test_interactive_text_mode_prints_the_welcome_and_answers():
    proc = subprocess.run([sys.executable, "-m", "skill.cli", "chat"], input="help\nstop\n", capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Alexa: ") and "Welkom" in lines[0]
    assert any("Stel een vraag" in line for line in lines) and "(sessie beëindigd)" in lines


def test_json_lines_carry_the_ssml_the_reprompt_and_the_directives_in_full(leaflet):
    import io

    from skill.alexa.audioplayer import AudioCatalog
    from skill.content.audio_manifest import load_manifest
    from skill.tools.chat import run

    catalog = AudioCatalog(load_manifest(), "https://rugadvies.example.nl")
    chat = Chat(build_skill(leaflet, MemoryAdapter(), catalog=catalog), Resolver.from_file(),
                AlexaSession(audio_player=True, screen=True))
    out = io.StringIO()
    run(chat, ["hoe moet ik tillen", "lees de folder voor"], out, as_json=True, fresh=True, interactive=False)
    topic, reading = [json.loads(line) for line in out.getvalue().splitlines()]
    assert topic["ssml"].startswith("<speak>") and "Zak door uw knieën" in topic["ssml"]
    assert topic["reprompt"].startswith("<speak>") and "ja of nee" in topic["reprompt"]
    (apl,) = topic["directive_details"]
    assert apl["type"] == "Alexa.Presentation.APL.RenderDocument" and apl["document"]["type"] == "APL"
    assert [d["type"] for d in topic["directive_details"]] == topic["directives"]
    (play,) = reading["directive_details"]
    assert play["type"] == "AudioPlayer.Play" and play["audioItem"]["stream"]["token"] == "rugadvies:leaflet:inleiding"
    assert reading["reprompt"] is None and reading["end_session"] is True
