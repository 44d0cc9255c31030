"""Lost updates: concurrent requests of one user must not undo each other's writes to the profile.

Two races from the field, run with real threads against SQLite (a file) and Redis (a real redis-server):

* PlaybackStopped for the old track and PlaybackStarted for the new one, a few ms apart (the same second in
  their timestamps) and handled at the same moment: the user must end up on the new track.
* A user's first Launch (which records "welcomed") at the same moment as a PlaybackStopped (which records the
  position): both facts must be kept.

The profile is updated field by field, atomically, and a position write carries the request's timestamp: an
event older than the stored position is dropped. The tests count lost updates and fail on any.
"""

from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta, timezone

import pytest

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import RedisAdapter, SQLiteAdapter
from skill.tools.device import AlexaSession, to_model

OLD, NEW = "rugadvies:leaflet:tillen", "rugadvies:leaflet:zitten"
USERS = 150
T0 = datetime(2026, 12, 1, 12, 0, 0, tzinfo=timezone.utc)


def stores(tmp_path, request):
    if request.param == "sqlite":
        return SQLiteAdapter(tmp_path / "state.sqlite3")
    url = request.getfixturevalue("redis_url")
    store = RedisAdapter(url, prefix=f"test:{random.getrandbits(64):x}:")
    return store


@pytest.fixture(params=["sqlite", "redis"])
def store(tmp_path, request):
    return stores(tmp_path, request)


def together(*jobs):
    """Run the jobs on threads released at the same moment, in a random order of start."""
    barrier = threading.Barrier(len(jobs))
    jobs = list(jobs)
    random.shuffle(jobs)

    def run(job):
        barrier.wait()
        job()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    return threads


def race(users, make_jobs, batch=8):
    """Run ``make_jobs(user)`` for every user, ``batch`` users at a time."""
    for start in range(0, len(users), batch):
        threads = [t for user in users[start:start + batch] for t in together(*make_jobs(user))]
        for thread in threads:
            thread.join(10)


def stored(store, user):
    return store.get_attributes(to_model(AlexaSession(user_id=user).launch()))


def invoke(skill, envelope):
    return lambda: skill.invoke(request_envelope=to_model(envelope), context=None)


def test_a_stop_of_the_old_track_never_undoes_the_start_of_the_new_one(leaflet, store):
    skill = build_skill(leaflet, store)
    users = [f"amzn1.ask.account.TOKEN{i}" for i in range(USERS)]

    def jobs(user):
        device = AlexaSession(user_id=user, audio_player=True)
        skill.invoke(request_envelope=to_model(device.event("AudioPlayer.PlaybackStarted", OLD, 0, now=T0)),
                     context=None)
        later = T0 + timedelta(seconds=30)  # 3 ms apart: the same second in Alexa's timestamps
        return (invoke(skill, device.event("AudioPlayer.PlaybackStopped", OLD, 30_000, now=later)),
                invoke(skill, device.event("AudioPlayer.PlaybackStarted", NEW, 0, now=later)))

    race(users, jobs)
    lost = [u for u in users if (stored(store, u).get("playback") or {}).get("token") != NEW]
    assert not lost, f"{len(lost)} of {len(users)} users left on the old track"


def test_a_first_launch_and_a_stop_at_the_same_moment_keep_both_facts(leaflet, store):
    skill = build_skill(leaflet, store)
    users = [f"amzn1.ask.account.LAUNCH{i}" for i in range(USERS)]

    def jobs(user):
        device = AlexaSession(user_id=user, audio_player=True)
        return (invoke(skill, device.launch(now=T0)),
                invoke(skill, device.event("AudioPlayer.PlaybackStopped", OLD, 4_321, now=T0)))

    race(users, jobs)
    profiles = [stored(store, u) for u in users]
    lost_position = sum((p.get("playback") or {}).get("offset_ms") != 4_321 for p in profiles)
    lost_welcome = sum(p.get("welcomed") is not True for p in profiles)
    assert (lost_position, lost_welcome) == (0, 0), \
        f"of {len(users)} users: {lost_position} lost the position, {lost_welcome} the welcome"


def test_a_late_event_with_an_older_timestamp_is_dropped(leaflet, store):
    skill = build_skill(leaflet, store)
    device = AlexaSession(user_id="amzn1.ask.account.LATE", audio_player=True)
    for envelope in (device.event("AudioPlayer.PlaybackStarted", NEW, 0, now=T0 + timedelta(seconds=5)),
                     device.event("AudioPlayer.PlaybackStopped", OLD, 9_000, now=T0)):  # delivered late
        skill.invoke(request_envelope=to_model(envelope), context=None)
    assert stored(store, device.user_id)["playback"] == {"token": NEW, "offset_ms": 0}
    device_later = device.event("AudioPlayer.PlaybackStopped", NEW, 7_000, now=T0 + timedelta(seconds=12))
    skill.invoke(request_envelope=to_model(device_later), context=None)
    assert stored(store, device.user_id)["playback"] == {"token": NEW, "offset_ms": 7_000}
