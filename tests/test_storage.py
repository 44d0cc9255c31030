"""The SQLite store: state survives a new adapter (a restart), users are kept apart and never by raw id."""

import sqlite3

import pytest

from skill.tools.device import AlexaSession, to_model
from skill.alexa.stores import MemoryAdapter, SQLiteAdapter, open_store


def envelope(user="amzn1.ask.account.ALICE"):
    return to_model(AlexaSession(user_id=user).launch())


def test_sqlite_round_trip_survives_restart(tmp_path):
    path = tmp_path / "state.sqlite3"
    SQLiteAdapter(path, salt="s").save_attributes(envelope(), {"welcomed": True, "offset": 1234})
    again = SQLiteAdapter(path, salt="s")
    assert again.get_attributes(envelope()) == {"welcomed": True, "offset": 1234}
    assert again.get_attributes(envelope("amzn1.ask.account.BOB")) == {}
    again.delete_attributes(envelope())
    assert again.get_attributes(envelope()) == {}


def test_sqlite_uses_wal_and_stores_no_raw_user_id(tmp_path):
    path = tmp_path / "state.sqlite3"
    SQLiteAdapter(path, salt="pepper").save_attributes(envelope(), {"welcomed": True})
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    keys = [row[0] for row in db.execute("SELECT user_key FROM user_state")]
    assert len(keys) == 1 and "ALICE" not in keys[0] and len(keys[0]) == 64
    db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"ALICE" not in raw


def test_salt_changes_the_key(tmp_path):
    SQLiteAdapter(tmp_path / "a.sqlite3", salt="one").save_attributes(envelope(), {"x": 1})
    assert SQLiteAdapter(tmp_path / "a.sqlite3", salt="two").get_attributes(envelope()) == {}


def test_open_store_by_url(tmp_path):
    assert isinstance(open_store(f"sqlite:///{tmp_path}/s.sqlite3"), SQLiteAdapter)
    assert isinstance(open_store("memory://"), MemoryAdapter)
    with pytest.raises(ValueError):
        open_store("ftp://nowhere")


def test_welcome_notice_survives_a_restart_of_the_app(tmp_path, leaflet):
    from skill.alexa.skill_builder import build_skill
    from tests.helpers import Driver

    path = tmp_path / "state.sqlite3"
    first = Driver(build_skill(leaflet, SQLiteAdapter(path))).launch()
    assert "huisarts" in first.text
    later = Driver(build_skill(leaflet, SQLiteAdapter(path))).launch()
    assert "Welkom" in later.text and "huisarts" not in later.text


def test_disabling_the_skill_deletes_what_was_stored(tmp_path, leaflet):
    from skill.alexa.skill_builder import build_skill
    from tests.helpers import Driver

    store = SQLiteAdapter(tmp_path / "state.sqlite3")
    driver = Driver(build_skill(leaflet, store))
    driver.launch()
    assert store.get_attributes(envelope(driver.session.user_id)) == {"welcomed": True}
    answer = driver.send(driver.session.event("AlexaSkillEvent.SkillDisabled", eventCreationTime="2026-11-25T10:00:00Z",
                                              body={"userInformation": {"persistenceStatus": "PERSISTED"}}))
    assert "outputSpeech" not in answer.response
    assert store.get_attributes(envelope(driver.session.user_id)) == {}


@pytest.mark.slow
def test_several_workers_can_create_a_fresh_store_at_once(tmp_path):
    """gunicorn starts its workers together; each opens the same new SQLite file."""
    import subprocess
    import sys

    path = tmp_path / "fresh.sqlite3"
    code = ("import sys, time; from skill.alexa.stores import SQLiteAdapter; t = float(sys.argv[2]); "
            "time.sleep(max(0, t - time.time())); SQLiteAdapter(sys.argv[1]); print('ok')")
    import time
    start = time.time() + 1.0  # all processes open the file at the same moment
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(start)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-500:] for _, err in results]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_user_who_disables_and_enables_again_hears_the_notice_again(tmp_path, leaflet):
    from skill.alexa.skill_builder import build_skill
    from tests.helpers import Driver

    driver = Driver(build_skill(leaflet, SQLiteAdapter(tmp_path / "state.sqlite3")))
    assert "huisarts" in driver.launch().text
    driver.session.end()
    assert "huisarts" not in driver.launch().text  # known now (and cached in memory)
    driver.send(driver.session.event("AlexaSkillEvent.SkillDisabled", eventCreationTime="2026-11-25T10:00:00Z",
                                     body={"userInformation": {"persistenceStatus": "PERSISTED"}}))
    driver.session.end()
    assert "huisarts" in driver.launch().text  # same id after re-enabling: the cache forgot it too


def field_updates(store):
    """update_attributes changes only the fields given (None removes one) and drops a stale ordered write."""
    user = envelope("amzn1.ask.account.FIELDS")
    store.save_attributes(user, {"welcomed": True, "pace": "slow", "playback": {"token": "a", "offset_ms": 1}})
    assert store.update_attributes(user, {"playback": {"token": "b", "offset_ms": 2}, "pace": None}, ("clock", 10))
    assert store.get_attributes(user) == {"welcomed": True, "playback": {"token": "b", "offset_ms": 2}, "clock": 10}
    assert not store.update_attributes(user, {"playback": {"token": "old", "offset_ms": 9}}, ("clock", 9))
    assert store.update_attributes(user, {"playback": {"token": "c", "offset_ms": 3}}, ("clock", 10))
    assert store.update_attributes(user, {"progress": [1, 2]})
    assert store.get_attributes(user) == {"welcomed": True, "playback": {"token": "c", "offset_ms": 3}, "clock": 10,
                                          "progress": [1, 2]}


def test_field_updates_on_memory_and_sqlite(tmp_path):
    field_updates(MemoryAdapter())
    field_updates(SQLiteAdapter(tmp_path / "state.sqlite3"))


def test_field_updates_on_redis_and_a_record_of_the_old_layout_is_moved(redis_url):
    import json

    import redis

    from skill.alexa.stores import RedisAdapter

    field_updates(RedisAdapter(redis_url, prefix="test:fields:", legacy_prefix="test:fields-legacy:"))
    store = RedisAdapter(redis_url, prefix="test:new:", legacy_prefix="test:old:")
    user = envelope("amzn1.ask.account.LEGACY")
    key = store._key(user)
    redis.Redis.from_url(redis_url).set("test:old:" + key, json.dumps({"welcomed": True, "last_section": None}))
    assert store.get_attributes(user) == {"welcomed": True, "last_section": None}
    assert store.update_attributes(user, {"last_section": "tillen"})
    assert store.get_attributes(user) == {"welcomed": True, "last_section": "tillen"}
    assert redis.Redis.from_url(redis_url).exists("test:old:" + key) == 0
