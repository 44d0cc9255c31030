"""Shared test helpers: request fixtures, one reader of the skill's answer, a driver that talks like a device,
and a fake audio folder with the web app over it. Fixtures live in conftest.py; import these with
``from tests.helpers import ...``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.alexa.stores import MemoryAdapter
from skill.content.leaflet import Leaflet, load_leaflet
from skill.content.audio_manifest import write_manifest_data
from skill.dialog import speech
from skill.dialog.state import SESSION_KEY, ConversationState
from skill.settings import Settings
from skill.tools.device import AlexaSession, to_dict, to_model
from skill.web.app import create_app
from skill.web.pages import web_blueprint

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://rug.example.org"


def fixture(name: str) -> dict[str, Any]:
    """A request envelope fixture from tests/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class Answer:
    """The skill's response envelope, with the parts tests look at (the one reader of answers in the tests)."""

    envelope: dict[str, Any]

    @classmethod
    def from_http(cls, resp) -> "Answer":
        """The answer in a Flask test-client response, which must be a 200 with a JSON body."""
        assert resp.status_code == 200, (resp.status_code, resp.get_data(as_text=True)[:300])
        return cls(resp.get_json())

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


def make_audio_dir(directory: Path, leaflet: Leaflet, missing: tuple[str, ...] = ()) -> Path:
    """A manifest plus fake MP3 files (distinct sizes and durations) for every section not in ``missing``."""
    directory.mkdir(parents=True, exist_ok=True)
    tracks = []
    for i, section in enumerate(s for s in leaflet.sections if s.id not in missing):
        payload = (b"ID3" + section.id.encode()) * (300 + 97 * i)
        (directory / f"{section.id}.mp3").write_bytes(payload)
        tracks.append({"section_id": section.id, "file": f"{section.id}.mp3", "engine": "fake",
                       "content_hash": hashlib.sha256(payload).hexdigest(), "duration": 41.6 + 17.3 * i,
                       "size": len(payload)})
    write_manifest_data(directory, {"version": 1, "reading_order": [t["section_id"] for t in tracks],
                                    "total_duration": round(sum(t["duration"] for t in tracks), 3), "tracks": tracks})
    return directory


def web_app(audio_dir: Path, public_url: str = BASE):
    """The real app with the web blueprint (registered here until create_app does it itself)."""
    settings = Settings(verify=False, store_url="memory://", audio_dir=audio_dir, public_url=public_url)
    app = create_app(settings, store=MemoryAdapter())
    if "web" not in app.blueprints:
        ext = app.extensions["rugadvies"]
        app.register_blueprint(web_blueprint(settings, ext["leaflet"], ext["manifest"]))
    return app
