"""Shared test helpers: one driver to build an envelope, invoke the skill and read the answer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skill.dialog import speech
from skill.alexa.skill_builder import build_skill
from skill.content.leaflet import load_leaflet
from skill.tools.device import AlexaSession, to_dict, to_model
from skill.dialog.state import SESSION_KEY, ConversationState
from skill.alexa.stores import MemoryAdapter

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    """A request envelope fixture from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class Answer:
    """The skill's response envelope, with the parts tests look at."""

    envelope: dict[str, Any]

    @property
    def response(self) -> dict[str, Any]:
        return self.envelope.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def text(self) -> str:
        return speech.plain(self.ssml)

    @property
    def reprompt(self) -> str:
        return speech.plain(((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", ""))

    @property
    def end_session(self) -> bool | None:
        return self.response.get("shouldEndSession")

    @property
    def attributes(self) -> dict[str, Any]:
        return self.envelope.get("sessionAttributes") or {}

    @property
    def state(self) -> ConversationState:
        return ConversationState.from_dict(self.attributes.get(SESSION_KEY), frozenset(load_leaflet().ids))

    @property
    def directives(self) -> list[dict[str, Any]]:
        return self.response.get("directives") or []


class Driver:
    """Talks to the skill like a device: ``driver.launch()``, ``driver.topic("tillen")``, ``driver.say("AMAZON.YesIntent")``."""

    def __init__(self, skill, session: AlexaSession | None = None) -> None:
        self.skill = skill
        self.session = session or AlexaSession()

    def send(self, envelope: dict[str, Any]) -> Answer:
        answer = Answer(to_dict(self.skill.invoke(request_envelope=to_model(envelope), context=None)))
        self.session.receive(answer.envelope)
        return answer

    def launch(self) -> Answer:
        return self.send(self.session.launch())

    def say(self, intent: str, **slots) -> Answer:
        return self.send(self.session.intent(intent, slots or None))

    def topic(self, section_id: str | None, heard: str | None = None, intent: str = "TopicIntent") -> Answer:
        """A topic question; ``section_id`` None means Alexa heard ``heard`` but matched nothing."""
        return self.send(self.session.topic(heard or section_id, section_id, intent))


@pytest.fixture(scope="session")
def leaflet():
    return load_leaflet()


@pytest.fixture
def store():
    return MemoryAdapter()


@pytest.fixture
def skill(leaflet, store):
    return build_skill(leaflet, store)


@pytest.fixture
def driver(skill):
    return Driver(skill)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real redis-server on 127.0.0.1 for the session (installed by scripts/setup.sh)."""
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run scripts/setup.sh")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
