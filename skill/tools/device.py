"""Alexa request envelopes as Alexa sends them, for the chat, the tests and the benchmarks.

:class:`AlexaSession` plays the device's part: it keeps the session id and
attributes between turns, starts a new session after one ends, and builds
LaunchRequest, IntentRequest (with entity-resolution results like Alexa's) and
SessionEndedRequest bodies as plain JSON-ready dicts.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.content.interaction import load_interaction

LOCALE = "nl-NL"
DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
#: The topic slot and intent as ``content/interaction.yaml`` declares them.
_INTERACTION = load_interaction()
SLOT_NAME = _INTERACTION.slot_name
SLOT_TYPE = _INTERACTION.slot_type
TOPIC_INTENT = _INTERACTION.topic_intent

_serializer = DefaultSerializer()


def timestamp(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


def slot(name: str, value: str | None, resolved_id: str | None, skill_id: str = DEFAULT_SKILL_ID,
         resolved_name: str | None = None) -> dict[str, Any]:
    """One slot as Alexa fills it: a heard value and the entity-resolution outcome."""
    if value is None:
        return {"name": name, "confirmationStatus": "NONE"}
    data = builtin_slot(name, value)
    authority = {"authority": f"amzn1.er-authority.echo-sdk.{skill_id}.{SLOT_TYPE}"}
    if resolved_id is not None:
        authority["status"] = {"code": "ER_SUCCESS_MATCH"}
        authority["values"] = [{"value": {"name": resolved_name or value, "id": resolved_id}}]
    else:
        authority["status"] = {"code": "ER_SUCCESS_NO_MATCH"}
    data["resolutions"] = {"resolutionsPerAuthority": [authority]}
    return data


def builtin_slot(name: str, value: str) -> dict[str, Any]:
    """A slot of one of Alexa's built-in types as Alexa fills it: the value itself ("PT20M"), no entity resolution."""
    return {"name": name, "value": value, "confirmationStatus": "NONE", "source": "USER"}


@dataclass
class AlexaSession:
    """A simulated device and user talking to the skill, one request at a time."""

    user_id: str = "amzn1.ask.account.TESTUSER"
    skill_id: str = DEFAULT_SKILL_ID
    device_id: str = "amzn1.ask.device.TESTDEVICE"
    audio_player: bool = False
    screen: bool = False
    #: The APL runtime version a screen device reports (``runtime.maxVersion``).
    apl_max_version: str = "2023.3"
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    new: bool = True
    #: The device's player as it reports it in ``context.AudioPlayer``: (token, offset ms, activity) or None.
    player: tuple[str, int, str] | None = None
    #: Where the skill reaches Alexa's APIs (``context.System.apiEndpoint``) and with which token.
    api_endpoint: str = "https://api.eu.amazonalexa.com"
    api_access_token: str = "test-token"
    #: Permission scopes the user has granted (``context.System.user.permissions.scopes``).
    granted: frozenset[str] = frozenset()

    def _system(self) -> dict[str, Any]:
        interfaces: dict[str, Any] = {}
        if self.audio_player:
            interfaces["AudioPlayer"] = {}
        if self.screen:
            interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": self.apl_max_version}}
        user: dict[str, Any] = {"userId": self.user_id}
        if self.granted:
            user["permissions"] = {"scopes": {scope: {"status": "GRANTED"} for scope in sorted(self.granted)}}
        return {
            "application": {"applicationId": self.skill_id},
            "user": user,
            "device": {"deviceId": self.device_id, "supportedInterfaces": interfaces},
            "apiEndpoint": self.api_endpoint,
            "apiAccessToken": self.api_access_token,
        }

    def _context(self) -> dict[str, Any]:
        context: dict[str, Any] = {"System": self._system()}
        if self.player is not None:
            token, offset, activity = self.player
            context["AudioPlayer"] = {"token": token, "offsetInMilliseconds": offset, "playerActivity": activity}
        return context

    def _request(self, request: dict[str, Any], now: datetime | None) -> dict[str, Any]:
        return {
            "type": request["type"],
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": timestamp(now),
            "locale": LOCALE,
            **{k: v for k, v in request.items() if k != "type"},
        }

    def envelope(self, request: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
        """A full envelope around ``request`` (type-specific fields), in the current session."""
        if self.session_id is None:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.new = True
            self.attributes = {}
        return {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": {"applicationId": self.skill_id},
                "attributes": dict(self.attributes),
                "user": {"userId": self.user_id},
            },
            "context": self._context(),
            "request": self._request(request, now),
        }

    def event(self, kind: str, token: str | None = None, offset_ms: int = 0, now: datetime | None = None,
              **fields) -> dict[str, Any]:
        """An AudioPlayer / PlaybackController / System event: no session, the player in the context."""
        request: dict[str, Any] = {"type": kind, **fields}
        if kind.startswith("AudioPlayer."):
            request["token"] = token
            request["offsetInMilliseconds"] = offset_ms
        return {"version": "1.0", "context": self._context(), "request": self._request(request, now)}

    def launch(self, **kw) -> dict[str, Any]:
        return self.envelope({"type": "LaunchRequest"}, **kw)

    def intent(self, name: str, slots: dict[str, dict[str, Any]] | None = None, **kw) -> dict[str, Any]:
        intent: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        if slots:
            intent["slots"] = slots
        return self.envelope({"type": "IntentRequest", "dialogState": "COMPLETED", "intent": intent}, **kw)

    def topic(self, value: str | None, resolved_id: str | None, intent: str = TOPIC_INTENT, **kw):
        """An intent with the topic slot, resolved to ``resolved_id`` (None: no match)."""
        return self.intent(intent, {SLOT_NAME: slot(SLOT_NAME, value, resolved_id, self.skill_id)}, **kw)

    def connections_response(self, status: str, name: str = "AskFor", scope: str | None = None, **kw):
        """Alexa's answer to the skill's permission question (``Connections.Response``), in the session;
        ``status`` ACCEPTED, DENIED or NOT_ANSWERED."""
        payload: dict[str, Any] = {"status": status}
        if scope:
            payload["permissionScope"] = scope
        return self.envelope({"type": "Connections.Response", "name": name, "token": "",
                              "status": {"code": "200", "message": "OK"}, "payload": payload}, **kw)

    def session_ended(self, reason: str = "USER_INITIATED", **kw) -> dict[str, Any]:
        return self.envelope({"type": "SessionEndedRequest", "reason": reason}, **kw)

    def receive(self, response: dict[str, Any]) -> None:
        """Take in the skill's response envelope like a device would."""
        body = response.get("response") or {}
        for directive in body.get("directives") or []:
            if directive.get("type") == "AudioPlayer.Play" and directive.get("playBehavior") == "REPLACE_ALL":
                stream = directive["audioItem"]["stream"]
                self.player = (stream["token"], stream.get("offsetInMilliseconds", 0), "PLAYING")
            elif directive.get("type") == "AudioPlayer.Stop" and self.player is not None:
                self.player = (self.player[0], self.player[1], "STOPPED")
        if self.session_id is None:
            return  # an event outside a session
        self.new = False
        self.attributes = dict(response.get("sessionAttributes") or {})
        asks_alexa = any(d.get("type") == "Connections.SendRequest" for d in body.get("directives") or [])
        if body.get("shouldEndSession", True) is not False and not asks_alexa:  # Alexa's question, then back
            self.session_id = None  # the next request starts a new session

    def end(self) -> None:
        self.session_id = None


def to_model(envelope: dict[str, Any]) -> RequestEnvelope:
    """An envelope dict as the SDK's model object (through the SDK's own serializer)."""
    return _serializer.deserialize(json.dumps(envelope), RequestEnvelope)


def to_dict(response_envelope) -> dict[str, Any]:
    return _serializer.serialize(response_envelope)
