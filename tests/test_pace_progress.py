"""The listener's pace and progress, through the skill: "praat langzamer", "waar ben ik?", "wat heb ik nog niet gehoord?".

A fake audio folder (tests.helpers.make_audio_dir, distinct durations per section) with tempo variants listed
in its manifest stands in for the committed audio, so the figures spoken can be computed from the manifest.
"""

from __future__ import annotations

import json
import re

import pytest

from skill.alexa.audioplayer import AudioCatalog
from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.content.audio_manifest import load_manifest, read_manifest_data, write_manifest_data
from skill.content.pace import Pace, TEMPO
from skill.dialog import playback, speech
from skill.dialog.playback import Track
from skill.dialog.profile import Profile
from skill.dialog.state import SESSION_KEY
from skill.tools.device import AlexaSession
from tests.helpers import Driver, make_audio_dir

BASE = "https://rug.example.org"


def with_variants(directory):
    """Add tempo variants (fake files, the stretched durations) to a make_audio_dir manifest."""
    data = read_manifest_data(directory)
    for track in data["tracks"]:
        variants = []
        for tempo in (TEMPO[Pace.SLOW], TEMPO[Pace.FAST]):
            name = f"{track['section_id']}.tempo-{round(tempo * 100)}.mp3"
            (directory / name).write_bytes(b"ID3" + name.encode())
            variants.append({"tempo": tempo, "file": name, "content_hash": f"{tempo}-{track['content_hash']}",
                             "duration": round(track["duration"] / tempo, 3), "size": len(name) + 3})
        track["tempo_variants"] = variants
    write_manifest_data(directory, data)
    return directory


@pytest.fixture
def catalog(leaflet, tmp_path):
    return AudioCatalog(load_manifest(with_variants(make_audio_dir(tmp_path / "audio", leaflet))), BASE)


def speaker(leaflet, catalog, store, audio=True):
    return Driver(build_skill(leaflet, store, catalog=catalog), AlexaSession(audio_player=audio))


def stored(store) -> dict:
    (raw,) = store._data.values()
    return json.loads(raw)


def stream_of(answer) -> dict:
    (play,) = [d for d in answer.directives if d["type"] == "AudioPlayer.Play"]
    return play["audioItem"]["stream"]


def event(driver, kind, token, offset=0):
    return driver.send(driver.session.event(kind, token, offset))


def new_session(driver, player=None):
    driver.session.end()
    driver.session.player = player


def rate(answer) -> str | None:
    found = re.search(r'<prosody rate="(\d+%)">', answer.ssml)
    return found.group(1) if found else None


# --------------------------------------------------------------------------- pace

def test_slower_is_remembered_and_spoken_at_in_every_later_session(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    answer = driver.say("PaceSlowerIntent")
    assert "langzamer" in answer.text and answer.reprompt and answer.end_session is False
    assert rate(answer) == "85%" and answer.ssml.endswith("</prosody></speak>")
    assert stored(store)["pace"] == "slow"
    new_session(driver)
    assert rate(driver.launch()) == "85%"
    topic = driver.topic("tillen")
    assert rate(topic) == "85%" and "Zak door uw knieën" in topic.text
    assert '<prosody rate="85%">' in driver.send(driver.session.intent("AMAZON.HelpIntent")).response["reprompt"][
        "outputSpeech"]["ssml"]


def test_steps_stop_at_either_end_and_normal_goes_back(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.say("PaceSlowerIntent")
    limit = driver.say("PaceSlowerIntent")
    assert "Langzamer kan ik niet" in limit.text and "onthoud" not in limit.text and rate(limit) == "85%"
    assert rate(driver.say("PaceFasterIntent")) is None  # slow -> normal
    fast = driver.say("PaceFasterIntent")
    assert rate(fast) == "120%" and stored(store)["pace"] == "fast"
    assert "Sneller kan ik niet" in driver.say("PaceFasterIntent").text
    normal = driver.say("PaceNormalIntent")
    assert rate(normal) is None and "gewone tempo" in normal.text
    assert "pace" not in stored(store)  # only a setting other than normal is stored


def test_audio_plays_the_variant_of_the_users_pace(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    driver.say("PaceFasterIntent")
    stream = stream_of(driver.say("ReadLeafletIntent"))
    first = leaflet.ids[0]
    assert stream["token"] == f"rugadvies:leaflet:{first}:fast"
    assert stream["url"].startswith(f"{BASE}/audio/{first}.tempo-120.mp3?v=")
    nearly = event(driver, "AudioPlayer.PlaybackNearlyFinished", stream["token"], 1000)
    assert stream_of(nearly)["url"].startswith(f"{BASE}/audio/{leaflet.ids[1]}.tempo-120.mp3")


def test_changing_pace_mid_section_goes_on_at_the_same_place_in_the_text(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    token = stream_of(driver.topic("tillen", intent="ReadSectionIntent"))["token"]
    assert token == "rugadvies:section:tillen"
    new_session(driver, (token, 30_000, "PLAYING"))  # "Alexa, zeg tegen rug advies: praat langzamer"
    answer = driver.say("PaceSlowerIntent")
    stream = stream_of(answer)
    assert stream["token"] == "rugadvies:section:tillen:slow"
    assert stream["offsetInMilliseconds"] == round(30_000 / TEMPO[Pace.SLOW])
    assert answer.end_session is True and "gaat verder" in answer.text and rate(answer) == "85%"
    new_session(driver, (stream["token"], 40_000, "PLAYING"))
    back = stream_of(driver.say("PaceNormalIntent"))
    assert back["token"] == "rugadvies:section:tillen"
    assert back["offsetInMilliseconds"] == round(40_000 * TEMPO[Pace.SLOW])


def test_resuming_after_a_pace_change_converts_the_stored_offset(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    token = "rugadvies:leaflet:zitten"
    event(driver, "AudioPlayer.PlaybackStopped", token, 24_000)
    new_session(driver)
    driver.say("PaceFasterIntent")  # paused, not playing: nothing starts
    assert stored(store)["playback"] == {"token": token, "offset_ms": 24_000}
    new_session(driver, (token, 24_000, "STOPPED"))
    new_session(driver)
    stream = stream_of(driver.say("AMAZON.ResumeIntent"))
    assert stream["token"] == f"{token}:fast" and stream["offsetInMilliseconds"] == round(24_000 / 1.2)


def test_without_variants_the_normal_recording_plays(leaflet, store, tmp_path):
    plain = AudioCatalog(load_manifest(make_audio_dir(tmp_path / "plain", leaflet)), BASE)
    driver = speaker(leaflet, plain, store)
    driver.say("PaceSlowerIntent")
    stream = stream_of(driver.say("ReadLeafletIntent"))
    assert stream["token"] == f"rugadvies:leaflet:{leaflet.ids[0]}" and stream["offsetInMilliseconds"] == 0


def test_tokens_with_a_pace_are_parsed_strictly(leaflet):
    assert playback.parse("rugadvies:leaflet:tillen:slow", leaflet) == Track("leaflet", "tillen", Pace.SLOW)
    for bad in ("rugadvies:leaflet:tillen:normal", "rugadvies:leaflet:tillen:bogus", "rugadvies:leaflet:tillen:slow:x"):
        assert playback.parse(bad, leaflet) is None
    assert playback.at_pace(Track("leaflet", "tillen", Pace.FAST), 12_000, Pace.SLOW) == (
        Track("leaflet", "tillen", Pace.SLOW), round(12_000 * 1.2 / 0.85))


def test_a_tampered_pace_in_the_session_or_store_is_the_normal_pace(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.launch()
    driver.session.attributes["pace"] = "<x>"
    assert rate(driver.topic("tillen")) is None
    assert Profile.from_dict({"pace": 3, "heard": "tillen"}) == Profile()


# --------------------------------------------------------------------------- progress

def seconds(catalog, section_id, tempo=1.0):
    return catalog.manifest.get(section_id).duration_at(tempo)


def test_where_am_i_while_playing_names_the_section_and_the_minutes_left(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    sid = "tillen"
    new_session(driver, (f"rugadvies:leaflet:{sid}", 60_000, "PLAYING"))
    answer = driver.say("WhereAmIIntent")
    left = seconds(catalog, sid) - 60
    after = leaflet.ids[leaflet.ids.index(sid) + 1:]
    total = left + sum(seconds(catalog, s) for s in after)
    voice = speech.Voice.of(leaflet)
    assert leaflet.section(sid).title in answer.text
    assert f"er {speech.spoken_minutes(60, voice)} in" in answer.text
    assert f"nog {speech.spoken_minutes(round(left), voice)}" in answer.text
    assert speech.spoken_minutes(round(total), voice) in answer.text
    assert answer.end_session is True and answer.directives == []  # the audio goes on


def test_minutes_left_are_at_the_users_pace(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    driver.say("PaceSlowerIntent")
    new_session(driver, ("rugadvies:leaflet:inleiding:slow", 0, "PLAYING"))
    text = driver.say("WhereAmIIntent").text
    total = sum(seconds(catalog, s, TEMPO[Pace.SLOW]) for s in leaflet.ids)
    assert speech.spoken_minutes(round(total), speech.Voice.of(leaflet)) in text
    assert round(total) != round(sum(seconds(catalog, s) for s in leaflet.ids))


def test_where_am_i_after_a_pause_offers_to_go_on_and_yes_resumes(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    token = "rugadvies:leaflet:werk"
    event(driver, "AudioPlayer.PlaybackStopped", token, 15_000)
    new_session(driver)
    answer = driver.say("WhereAmIIntent")
    assert "U was gebleven bij" in answer.text and "Wilt u verder luisteren?" in answer.text
    assert answer.end_session is False and "ja of nee" in answer.reprompt.lower()
    stream = stream_of(driver.say("AMAZON.YesIntent"))
    assert (stream["token"], stream["offsetInMilliseconds"]) == (token, 15_000)


def test_where_am_i_before_anything_was_heard_gives_the_whole_length(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    answer = driver.say("WhereAmIIntent")
    total = round(catalog.manifest.total_duration)
    assert "nog niets beluisterd" in answer.text
    assert speech.spoken_minutes(total, speech.Voice.of(leaflet)) in answer.text and answer.reprompt


def test_where_am_i_after_a_spoken_answer_names_that_section(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.topic("zitten")
    answer = driver.say("WhereAmIIntent")
    assert leaflet.section("zitten").title in answer.text and answer.end_session is False


def test_not_heard_lists_what_is_left_and_yes_starts_the_first(leaflet, catalog, store):
    driver = speaker(leaflet, catalog, store)
    first, second = leaflet.ids[0], leaflet.ids[1]
    driver.topic(second)  # a summary counts as heard
    event(driver, "AudioPlayer.PlaybackFinished", f"rugadvies:section:{leaflet.ids[2]}", 1)
    event(driver, "AudioPlayer.PlaybackStopped", f"rugadvies:section:{leaflet.ids[3]}",
          round(seconds(catalog, leaflet.ids[3]) * 1000 * 0.95))
    event(driver, "AudioPlayer.PlaybackStopped", f"rugadvies:section:{leaflet.ids[4]}",
          round(seconds(catalog, leaflet.ids[4]) * 1000 * 0.5))
    assert set(stored(store)["heard"]) == {second, leaflet.ids[2], leaflet.ids[3]}
    new_session(driver)
    answer = driver.say("NotHeardIntent")
    names = [leaflet.section(s).spoken_name for s in leaflet.ids]
    for i, name in enumerate(names):
        assert (name in answer.text) == (i not in (1, 2, 3)), name
    assert f"beginnen met {names[0]}" in answer.text and answer.reprompt
    stream = stream_of(driver.say("AMAZON.YesIntent"))
    assert stream["token"] == f"rugadvies:section:{first}"


def test_not_heard_without_audio_starts_with_the_summary(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.say("NotHeardIntent")
    answer = driver.say("AMAZON.YesIntent")
    assert answer.state.said.section == leaflet.ids[0] and answer.state.said.kind.value == "summary"


def test_full_text_counts_as_heard_only_at_its_last_turn(leaflet, store):
    from skill.dialog.reading import text_parts

    long = next(s for s in leaflet.sections if len(text_parts(s)) > 1)
    driver = Driver(build_skill(leaflet, store, catalog=None))
    driver.topic(long.id, intent="ReadSectionIntent")
    assert long.id not in stored(store).get("heard", [])
    for _ in range(len(text_parts(long)) - 1):
        driver.say("AMAZON.YesIntent")
    assert long.id in stored(store)["heard"]


def test_everything_heard_gets_a_kind_answer(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    for sid in leaflet.ids:
        driver.topic(sid)
    answer = driver.say("NotHeardIntent")
    assert "alle onderwerpen" in answer.text and "Goed gedaan" in answer.text and answer.reprompt
    assert stored(store)["heard"] == sorted(leaflet.ids)


def test_the_store_keeps_only_ids_and_the_setting(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.say("PaceSlowerIntent")
    driver.topic("tillen")
    assert set(stored(store)) <= {"welcomed", "last_section", "playback", "pace", "heard"}
    assert stored(store)["heard"] == ["tillen"] and stored(store)["pace"] == "slow"


def test_tampered_figures_in_the_session_get_the_error_answer(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    driver.say("NotHeardIntent")
    driver.session.attributes[SESSION_KEY]["said"]["figures"] = [999]
    answer = driver.say("AMAZON.RepeatIntent")
    assert "er ging iets mis" in answer.text


def test_help_names_pace_and_progress(leaflet, store):
    text = Driver(build_skill(leaflet, store)).say("AMAZON.HelpIntent").text
    assert "langzamer" in text and "waar ben ik" in text and "nog niet gehoord" in text


@pytest.mark.parametrize("intent", ["PaceSlowerIntent", "PaceFasterIntent", "PaceNormalIntent", "WhereAmIIntent",
                                    "NotHeardIntent"])
def test_every_new_turn_has_a_reprompt(leaflet, store, intent):
    answer = Driver(build_skill(leaflet, store)).say(intent)
    assert answer.end_session is False and answer.reprompt


def test_the_chat_understands_pace_and_progress(leaflet):
    from skill.nlu.resolver import Resolver
    from skill.tools.chat import Chat

    chat = Chat(build_skill(leaflet, MemoryAdapter()), Resolver.from_file())
    said = {line: chat.say(line) for line in ("praat langzamer", "kun je wat rustiger praten", "praat sneller",
                                              "normaal tempo", "waar ben ik", "hoe lang nog",
                                              "wat heb ik nog niet gehoord")}
    assert [t.intent for t in said.values()] == ["PaceSlowerIntent", "PaceSlowerIntent", "PaceFasterIntent",
                                                  "PaceNormalIntent", "WhereAmIIntent", "WhereAmIIntent",
                                                  "NotHeardIntent"]
    assert "Langzamer kan ik niet" in said["kun je wat rustiger praten"].speech
