"""Faults of the state store: down, slow, read-only, and a server killed mid-write.

Advice needs no state: the skill keeps answering, logs the fault once, and a
playback position that was committed is never lost.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from skill.alexa.skill_builder import build_skill
from skill.tools.device import AlexaSession, to_model
from skill.alexa.stores import RedisAdapter, SQLiteAdapter
from tests.helpers import Driver


def ask_three_times(leaflet, store):
    driver = Driver(build_skill(leaflet, store))
    answers = [driver.topic("tillen"), driver.say("AMAZON.YesIntent")]
    driver.session.end()
    answers.append(driver.launch())
    return answers


def assert_advice_given(answers):
    assert "Zak door uw knieën" in answers[0].text
    assert all(a.end_session is False and a.reprompt for a in answers)
    assert "Welkom" in answers[2].text


def test_store_down_still_gives_advice_and_logs_once(leaflet, caplog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here any more
    answers = ask_three_times(leaflet, RedisAdapter(f"redis://127.0.0.1:{port}/0", timeout=0.5))
    assert_advice_given(answers)
    assert caplog.text.count("state store unavailable") == 1


@pytest.mark.slow
def test_slow_store_times_out_and_still_gives_advice(leaflet, caplog):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    stop = threading.Event()

    def accept_and_hang():  # accepts connections and never answers
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_hang, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        answers = ask_three_times(leaflet, RedisAdapter(f"redis://127.0.0.1:{port}/0", timeout=0.3))
        assert_advice_given(answers)
        assert caplog.text.count("state store unavailable") == 1
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


def test_read_only_store_file_keeps_the_committed_position(tmp_path, leaflet, caplog):
    from skill.content.audio_manifest import load_manifest
    from skill.alexa.audioplayer import AudioCatalog
    from skill.alexa.stores import open_store

    db = tmp_path / "state.sqlite3"
    user = "amzn1.ask.account.RO"
    SQLiteAdapter(db).save_attributes(to_model(AlexaSession(user_id=user).launch()), {
        "welcomed": True, "playback": {"token": "rugadvies:leaflet:tillen", "offset_ms": 4321}})
    catalog = AudioCatalog(load_manifest(), "https://rug.example.nl")

    def speaker(store):
        return Driver(build_skill(leaflet, store, catalog=catalog), AlexaSession(user_id=user, audio_player=True))

    # the fault: the file can only be read (as after a chmod or on a read-only mount); writes fail
    during = speaker(open_store(f"sqlite:///{db}?mode=ro"))
    assert "Gebruik een rechte stoel" in during.topic("zitten").text
    during.session.end()
    during.send(during.session.event("AudioPlayer.PlaybackStopped", "rugadvies:leaflet:werk", 99))
    during.session.end()
    resumed = during.say("AMAZON.ResumeIntent")
    assert resumed.directives or "niets om verder te luisteren" in resumed.text  # graceful either way
    assert caplog.text.count("state store unavailable") == 1
    # the fault is mended: the position committed before it is still there, not the failed write
    after = speaker(SQLiteAdapter(db))
    stream = after.say("AMAZON.ResumeIntent").directives[0]["audioItem"]["stream"]
    assert (stream["token"], stream["offsetInMilliseconds"]) == ("rugadvies:leaflet:tillen", 4321)


WRITER_CHILD = textwrap.dedent("""
    import sys
    from skill.tools.device import AlexaSession, to_model
    from skill.alexa.stores import SQLiteAdapter
    store = SQLiteAdapter(sys.argv[1])
    writer = sys.argv[2]
    envelopes = [to_model(AlexaSession(user_id=f"amzn1.ask.account.{writer}U{i}").launch()) for i in range(4)]
    offset = 0
    while True:
        offset += 1
        store.save_attributes(envelopes[offset % 4], {"welcomed": True,
            "playback": {"token": "rugadvies:leaflet:tillen", "offset_ms": offset}})
        print(offset, flush=True)
""")


@pytest.mark.slow
def test_sigkill_during_a_burst_of_writes_leaves_the_store_consistent(tmp_path):
    db = tmp_path / "state.sqlite3"
    SQLiteAdapter(db)
    writers = {name: subprocess.Popen([sys.executable, "-c", WRITER_CHILD, str(db), name], stdout=subprocess.PIPE,
                                      text=True) for name in ("A", "B")}
    acknowledged: dict[str, list[int]] = {}
    for name, proc in writers.items():
        acknowledged[name] = [int(proc.stdout.readline()) for _ in range(400)]
    for proc in writers.values():  # killed mid-burst: both are still writing
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM user_state").fetchone()[0] == 8
    store = SQLiteAdapter(db)
    for name, offsets in acknowledged.items():
        for user in range(4):
            last_acknowledged = max(o for o in offsets if o % 4 == user)
            envelope = to_model(AlexaSession(user_id=f"amzn1.ask.account.{name}U{user}").launch())
            stored = store.get_attributes(envelope)["playback"]["offset_ms"]
            assert stored >= last_acknowledged, (name, user)  # every acknowledged write is durable


def test_store_down_new_users_still_hear_the_safety_notice(leaflet):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    driver = Driver(build_skill(leaflet, RedisAdapter(f"redis://127.0.0.1:{port}/0", timeout=0.3)))
    assert "vervangen uw fysiotherapeut of huisarts niet" in driver.launch().text
