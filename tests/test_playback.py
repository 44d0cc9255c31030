"""Listening on the speaker: play the leaflet, pause, resume hours later in a new session, skip, on both stores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from skill.dialog import playback
from skill.alexa.skill_builder import build_skill
from skill.content.audio_manifest import load_manifest
from skill.tools.device import AlexaSession
from skill.alexa.audioplayer import AudioCatalog
from skill.dialog.profile import Position, Profile
from skill.alexa.stores import MemoryAdapter, SQLiteAdapter
from tests.helpers import Driver

BASE = "https://rugadvies.example.nl"


@pytest.fixture(scope="module")
def catalog():
    manifest = load_manifest()
    assert len(manifest.tracks) == 13, "committed audio is missing: run `rugadvies audio build`"
    return AudioCatalog(manifest, BASE)


def speaker(leaflet, catalog, store, user="amzn1.ask.account.LISTENER"):
    return Driver(build_skill(leaflet, store, catalog=catalog), AlexaSession(user_id=user, audio_player=True))


def play_directive(answer):
    plays = [d for d in answer.directives if d["type"] == "AudioPlayer.Play"]
    assert len(plays) == 1, answer.directives
    return plays[0]


#: Events carry whole-second timestamps, as Alexa's do, each at least a second after the one before: a position
#: write is ordered by its request's time, and a real pause 12 s into a track comes seconds after its start.
_last_event = [datetime.now(timezone.utc)]


def event(driver, kind, token=None, offset=0, **fields):
    _last_event[0] = now = max(datetime.now(timezone.utc), _last_event[0]) + timedelta(seconds=1)
    return driver.send(driver.session.event(kind, token, offset, now=now, **fields))


def listen_pause_resume_skip(driver, leaflet):
    """The whole listening story; returns nothing, asserts every step."""
    first_id, second_id = leaflet.ids[0], leaflet.ids[1]
    start = driver.say("ReadLeafletIntent")
    play = play_directive(start)
    assert play["playBehavior"] == "REPLACE_ALL"
    stream = play["audioItem"]["stream"]
    assert stream["token"] == f"rugadvies:leaflet:{first_id}" and stream["offsetInMilliseconds"] == 0
    assert stream["url"].startswith(f"{BASE}/audio/{first_id}.mp3")
    assert play["audioItem"]["metadata"]["title"] == leaflet.section(first_id).title
    assert start.end_session is True and "Ik lees de folder" in start.text

    token = stream["token"]
    assert "outputSpeech" not in event(driver, "AudioPlayer.PlaybackStarted", token, 0).response
    nearly = event(driver, "AudioPlayer.PlaybackNearlyFinished", token, 40_000)
    queued = play_directive(nearly)
    assert queued["playBehavior"] == "ENQUEUE"
    assert queued["audioItem"]["stream"]["expectedPreviousToken"] == token
    assert queued["audioItem"]["stream"]["token"] == f"rugadvies:leaflet:{second_id}"
    assert "outputSpeech" not in nearly.response
    event(driver, "AudioPlayer.PlaybackFinished", token, 45_000)
    second = f"rugadvies:leaflet:{second_id}"
    event(driver, "AudioPlayer.PlaybackStarted", second, 0)

    # "Alexa, pauze" 12.3 s into the second section: a new session with the player in the context
    driver.session.end()
    driver.session.player = (second, 12_300, "PLAYING")
    paused = driver.say("AMAZON.PauseIntent")
    assert [d["type"] for d in paused.directives] == ["AudioPlayer.Stop"] and "outputSpeech" not in paused.response
    event(driver, "AudioPlayer.PlaybackStopped", second, 12_345)

    # hours later, a new session: "Alexa, ga verder"
    driver.session.end()
    driver.session.player = (second, 12_345, "STOPPED")
    resumed = play_directive(driver.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert (resumed["token"], resumed["offsetInMilliseconds"]) == (second, 12_345)

    # "volgende" and "vorige" while it plays
    driver.session.end()
    driver.session.player = (second, 15_000, "PLAYING")
    nxt = play_directive(driver.say("AMAZON.NextIntent"))["audioItem"]["stream"]
    assert nxt["token"] == f"rugadvies:leaflet:{leaflet.ids[2]}" and nxt["offsetInMilliseconds"] == 0
    driver.session.end()
    driver.session.player = (nxt["token"], 1_000, "PLAYING")
    back = play_directive(driver.say("AMAZON.PreviousIntent"))["audioItem"]["stream"]
    assert back["token"] == second


def test_listen_pause_resume_skip_on_sqlite(leaflet, catalog, tmp_path):
    path = tmp_path / "state.sqlite3"
    listen_pause_resume_skip(speaker(leaflet, catalog, SQLiteAdapter(path)), leaflet)
    # a new process (new adapter on the same file) knows where the user was
    again = speaker(leaflet, catalog, SQLiteAdapter(path))
    resumed = play_directive(again.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert resumed["token"] == f"rugadvies:leaflet:{leaflet.ids[1]}"


def test_listen_pause_resume_skip_on_redis(leaflet, catalog, redis_url):
    from skill.alexa.stores import RedisAdapter

    listen_pause_resume_skip(speaker(leaflet, catalog, RedisAdapter(redis_url)), leaflet)
    other_instance = speaker(leaflet, catalog, RedisAdapter(redis_url))
    resumed = play_directive(other_instance.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert resumed["offsetInMilliseconds"] == 12_345


def test_returning_listener_is_offered_to_go_on(leaflet, catalog):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    token = "rugadvies:section:tillen"
    event(driver, "AudioPlayer.PlaybackStopped", token, 5_000)
    driver.session.end()
    welcome = driver.launch()
    assert "Welkom terug" in welcome.text and "U was gebleven bij ‘Tillen’" in welcome.text
    assert welcome.text.endswith("Wilt u verder luisteren?") and welcome.end_session is False
    stream = play_directive(driver.say("AMAZON.YesIntent"))["audioItem"]["stream"]
    assert (stream["token"], stream["offsetInMilliseconds"]) == (token, 5_000)


def test_one_section_plays_alone(leaflet, catalog):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    answer = driver.topic("zitten", intent="ReadSectionIntent")
    stream = play_directive(answer)["audioItem"]["stream"]
    assert stream["token"] == "rugadvies:section:zitten"
    assert answer.text.startswith("Ik lees voor: Zitten.")
    nearly = event(driver, "AudioPlayer.PlaybackNearlyFinished", stream["token"], 20_000)
    assert nearly.directives == []
    event(driver, "AudioPlayer.PlaybackFinished", stream["token"], 25_000)
    driver.session.end()
    assert "niets om verder te luisteren" in driver.say("AMAZON.ResumeIntent").text


def test_device_without_audio_player_hears_the_text(leaflet, catalog):
    driver = Driver(build_skill(leaflet, MemoryAdapter(), catalog=catalog), AlexaSession(audio_player=False))
    answer = driver.say("ReadLeafletIntent")
    assert answer.directives == [] and answer.end_session is False
    assert leaflet.sections[0].sentences()[0] in answer.text


def test_buttons(leaflet, catalog):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    token = f"rugadvies:leaflet:{leaflet.ids[3]}"
    driver.session.player = (token, 7_000, "PLAYING")
    pause = event(driver, "PlaybackController.PauseCommandIssued")
    assert [d["type"] for d in pause.directives] == ["AudioPlayer.Stop"]
    play = play_directive(event(driver, "PlaybackController.PlayCommandIssued"))["audioItem"]["stream"]
    assert (play["token"], play["offsetInMilliseconds"]) == (token, 7_000)
    nxt = play_directive(event(driver, "PlaybackController.NextCommandIssued"))["audioItem"]["stream"]
    assert nxt["token"] == f"rugadvies:leaflet:{leaflet.ids[4]}"
    prev = play_directive(event(driver, "PlaybackController.PreviousCommandIssued"))["audioItem"]["stream"]
    assert prev["token"] == token  # back from the section the next button started
    for answer in (pause,):
        assert "outputSpeech" not in answer.response


def test_forged_and_old_tokens_are_ignored(leaflet, catalog):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    for token in ("rugadvies:leaflet:hernia", "someone-else", "rugadvies:x:tillen", "", "a" * 500):
        for kind in ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackStopped",
                     "AudioPlayer.PlaybackNearlyFinished", "AudioPlayer.PlaybackFinished"):
            answer = event(driver, kind, token, 10)
            assert answer.directives == [] and "outputSpeech" not in answer.response
    driver.session.end()
    assert "niets om verder te luisteren" in driver.say("AMAZON.ResumeIntent").text


def test_failures_and_system_exceptions_answer_nothing(leaflet, catalog, caplog):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    failed = event(driver, "AudioPlayer.PlaybackFailed", "rugadvies:leaflet:tillen", 3_000,
                   error={"type": "MEDIA_ERROR_SERVICE_UNAVAILABLE", "message": "503"},
                   currentPlaybackState={"token": "rugadvies:leaflet:tillen", "offsetInMilliseconds": 3000,
                                         "playerActivity": "PLAYING"})
    assert "outputSpeech" not in failed.response and failed.directives == []
    crash = driver.send(driver.session.event("System.ExceptionEncountered",
                                             error={"type": "INVALID_RESPONSE", "message": "bad"},
                                             cause={"requestId": "amzn1.echo-api.request.x"}))
    assert "outputSpeech" not in crash.response
    assert "playback failed" in caplog.text and "Alexa reported an exception" in caplog.text


@pytest.mark.parametrize("intent", ["AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent",
                                    "AMAZON.ShuffleOffIntent"])
def test_loop_and_shuffle_get_a_clear_answer(leaflet, catalog, intent):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    driver.session.player = ("rugadvies:leaflet:tillen", 1_000, "PLAYING")
    answer = driver.say(intent)
    assert "op volgorde" in answer.text and answer.directives == []
    assert answer.end_session is True and not answer.reprompt  # the audio goes on
    driver.session.end()
    driver.session.player = None
    driver.launch()
    asked = driver.say(intent)  # in a conversation: the same answer, and the conversation goes on
    assert "op volgorde" in asked.text and asked.end_session is False and asked.reprompt == "Wat wilt u weten?"


def test_pause_with_nothing_playing_says_so_and_asks_on(leaflet, catalog):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    answer = driver.say("AMAZON.PauseIntent")
    assert "niets voorgelezen" in answer.text and answer.directives == [] and answer.end_session is False


def test_stop_while_playing_stops_and_keeps_the_place(leaflet, catalog):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    driver.session.player = ("rugadvies:leaflet:werk", 9_000, "PLAYING")
    answer = driver.say("AMAZON.StopIntent")
    assert [d["type"] for d in answer.directives] == ["AudioPlayer.Stop"]
    driver.session.end()
    driver.session.player = None
    stream = play_directive(driver.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert (stream["token"], stream["offsetInMilliseconds"]) == ("rugadvies:leaflet:werk", 9_000)


def test_playback_rules_are_pure(leaflet):
    track = playback.parse("rugadvies:leaflet:tillen", leaflet)
    assert track == playback.Track("leaflet", "tillen")
    assert playback.following(track, leaflet).section_id == leaflet.next("tillen").id
    assert playback.following(playback.Track("section", "tillen"), leaflet) is None
    last = playback.Track("leaflet", leaflet.ids[-1])
    assert playback.finished(Profile(welcomed=True), last, leaflet) == Profile(
        True, None, leaflet.ids[-1], heard=frozenset({leaflet.ids[-1]}))
    assert playback.stopped(Profile(), track, 99) == Profile(False, Position(track.token, 99), "tillen")
    assert playback.resume_point(Profile(playback=Position("forged", 5)), leaflet) is None


def test_ga_verder_in_a_conversation_reads_on_instead_of_playing_old_audio(leaflet, catalog):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    event(driver, "AudioPlayer.PlaybackStopped", "rugadvies:section:tillen", 5_000)  # an old position
    driver.session.end()
    driver.session.player = None
    driver.launch()
    driver.say("AMAZON.NoIntent")
    driver.topic("acute-aanval")
    answer = driver.say("AMAZON.ResumeIntent")  # "ga verder" after "Wilt u meer horen?"
    assert answer.directives == [] and answer.state.said.kind.value == "full"
    assert answer.state.said.section == "acute-aanval" and answer.end_session is False


def test_resume_on_a_device_without_audio_player_never_sends_a_play(leaflet, catalog):
    store = MemoryAdapter()
    echo = speaker(leaflet, catalog, store)
    event(echo, "AudioPlayer.PlaybackStopped", "rugadvies:leaflet:werk", 9_000)
    other_device = Driver(build_skill(leaflet, store, catalog=catalog),
                          AlexaSession(user_id=echo.session.user_id, audio_player=False))
    answer = other_device.say("AMAZON.ResumeIntent")
    assert answer.directives == [] and "niets om verder te luisteren" in answer.text
    assert other_device.launch().text.startswith("Welkom bij Rugadvies")  # no "welcome back" offer either


def test_playback_failed_keeps_the_reported_place(leaflet, catalog):
    store = MemoryAdapter()
    driver = speaker(leaflet, catalog, store)
    token = "rugadvies:leaflet:zitten"
    event(driver, "AudioPlayer.PlaybackStopped", token, 12_400)
    state = {"token": token, "offsetInMilliseconds": 30_000, "playerActivity": "PLAYING"}
    event(driver, "AudioPlayer.PlaybackFailed", token, error={"type": "MEDIA_ERROR_UNKNOWN", "message": "x"},
          currentPlaybackState=state)
    driver.session.end()
    stream = play_directive(driver.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert (stream["token"], stream["offsetInMilliseconds"]) == (token, 30_000)
    event(driver, "AudioPlayer.PlaybackFailed", token, error={"type": "MEDIA_ERROR_UNKNOWN", "message": "x"})
    driver.session.end()
    stream = play_directive(driver.say("AMAZON.ResumeIntent"))["audioItem"]["stream"]
    assert stream["offsetInMilliseconds"] == 30_000  # a failure without a reported place changes nothing


def test_next_at_the_end_during_audio_asks_what_now(leaflet, catalog):
    driver = speaker(leaflet, catalog, MemoryAdapter())
    driver.session.player = (f"rugadvies:leaflet:{leaflet.ids[-1]}", 1_000, "PLAYING")
    answer = driver.say("AMAZON.NextIntent")
    assert "laatste onderwerp" in answer.text and answer.end_session is False and answer.reprompt
