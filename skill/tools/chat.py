"""`rugadvies chat`: talk to the skill by typing, as Alexa would hear it.

Each typed line goes through the local resolver (which knows only the
interaction model), becomes a real Alexa request envelope in a simulated
session, runs through the same skill and handlers as the web service, and the
answer is printed: as text, or as one JSON object per line with ``--json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any, Iterable

from skill.dialog import speech
from skill.tools.device import AlexaSession, builtin_slot, slot, to_dict, to_model
from skill.nlu.resolver import Resolution, Resolver
from skill.dialog.state import SESSION_KEY

#: Typed lines that open the skill instead of asking it something.
OPEN_PHRASES = {"open rug advies", "start rug advies", "open rugadvies", "start rugadvies"}
#: What Alexa itself asks after the skill's ``Connections.SendRequest`` "AskFor" (the skill cannot word it).
PERMISSION_QUESTION = "(Alexa) Mag Rugadvies herinneringen voor u zetten? Zeg ja of nee."
#: Answers to that question that grant or refuse the permission; anything else is no answer.
PERMISSION_ANSWERS = {"ja": "ACCEPTED", "ja graag": "ACCEPTED", "ik keur het goed": "ACCEPTED",
                      "ik sta het toe": "ACCEPTED", "nee": "DENIED", "nee dank je": "DENIED"}


@dataclass(frozen=True)
class Turn:
    """One exchange: what the resolver heard and what the skill answered."""

    intent: str
    slots: dict[str, str | None]
    section: str | None
    speech: str
    end_session: bool
    directives: list[str]
    #: The output speech and re-prompt as Alexa gets them (SSML, ``None`` when absent), and every directive in full.
    ssml: str | None = None
    reprompt: str | None = None
    directive_details: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "slots": self.slots, "section": self.section, "speech": self.speech,
                "end_session": self.end_session, "directives": self.directives, "ssml": self.ssml,
                "reprompt": self.reprompt, "directive_details": self.directive_details}


def spoken_section(response: dict[str, Any]) -> str | None:
    """The section whose content the response spoke (from the state the skill kept) or started to play."""
    for directive in (response.get("response") or {}).get("directives") or []:
        if directive.get("type") == "AudioPlayer.Play":
            token = directive["audioItem"]["stream"]["token"]
            return token.split(":")[2]  # rugadvies:<mode>:<section>[:<pace>]
    state = (response.get("sessionAttributes") or {}).get(SESSION_KEY) or {}
    said = state.get("said") or {}
    return said.get("section") if said.get("kind") in ("summary", "full") else None


class Chat:
    """A text conversation with the skill through the local resolver."""

    def __init__(self, skill, resolver: Resolver, session: AlexaSession | None = None) -> None:
        self.skill = skill
        self.resolver = resolver
        self.session = session or AlexaSession()
        #: The permission scope Alexa is asking the user for (the next line answers it), or None.
        self.asking: str | None = None

    def _invoke(self, envelope: dict[str, Any]) -> dict[str, Any]:
        response = to_dict(self.skill.invoke(request_envelope=to_model(envelope), context=None))
        self.session.receive(response)
        self.asking = next((d.get("payload", {}).get("permissionScope") for d in
                            (response.get("response") or {}).get("directives") or []
                            if d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"), None)
        return response

    def _permission_answer(self, text: str) -> Turn:
        """The user's answer to Alexa's permission question, sent back as ``Connections.Response``."""
        scope, status = self.asking, PERMISSION_ANSWERS.get(text.strip().lower().strip(".!?"), "NOT_ANSWERED")
        if status == "ACCEPTED" and scope:
            self.session.granted = self.session.granted | {scope}
        return self._turn("Connections.Response", {}, self._invoke(self.session.connections_response(status, scope=scope)))

    def _turn(self, intent: str, slots: dict[str, str | None], response: dict[str, Any]) -> Turn:
        body = response.get("response") or {}
        ssml = (body.get("outputSpeech") or {}).get("ssml")
        reprompt = ((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml")
        directives = list(body.get("directives") or [])
        return Turn(intent=intent, slots=slots, section=spoken_section(response), speech=speech.plain(ssml or ""),
                    end_session=body.get("shouldEndSession") is not False and not self.asking,
                    directives=[d.get("type", "?") for d in directives],
                    ssml=ssml, reprompt=reprompt, directive_details=directives)

    def open(self) -> Turn:
        """'Alexa, open rug advies': a LaunchRequest in a new session."""
        self.session.end()
        return self._turn("LaunchRequest", {}, self._invoke(self.session.launch()))

    def say(self, text: str) -> Turn:
        """One typed utterance in the current session (a new one if none is open)."""
        if text.strip().lower().strip(".!?") in OPEN_PHRASES:
            return self.open()
        if self.asking:
            return self._permission_answer(text)
        resolution: Resolution = self.resolver.resolve(text)
        slots = {name: builtin_slot(name, value.value) if value.builtin else
                 slot(name, value.value, value.id, self.session.skill_id) for name, value in resolution.slots.items()}
        envelope = self.session.intent(resolution.intent, slots or None)
        # the topic's resolved id; a built-in slot's value as Alexa fills it ("PT20M", "09:00")
        resolved = {name: value.value if value.builtin else value.id for name, value in resolution.slots.items()}
        return self._turn(resolution.intent, resolved, self._invoke(envelope))

    def one_shot(self, text: str) -> Turn:
        """'Alexa, vraag rug advies …': the utterance as the first request of a new session."""
        self.session.end()
        return self.say(text)


def run(chat: Chat, lines: Iterable[str], out: IO[str], as_json: bool, fresh: bool, interactive: bool) -> None:
    if not as_json and not fresh:
        out.write(f"Alexa: {chat.open().speech}\n")
        if interactive:
            out.write("(Typ uw vraag; Ctrl-D stopt. 'open rug advies' begint opnieuw.)\n")
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        turn = chat.one_shot(text) if fresh else chat.say(text)
        if as_json:
            out.write(json.dumps(turn.as_json(), ensure_ascii=False) + "\n")
        else:
            if turn.speech:
                out.write(f"Alexa: {turn.speech}\n")
            if turn.directives:
                out.write(f"({', '.join(turn.directives)})\n")
            if chat.asking:
                out.write(f"{PERMISSION_QUESTION}\n")
            if turn.end_session:
                out.write("(sessie beëindigd)\n")
        out.flush()


def _prompted(stream: IO[str], out: IO[str]) -> Iterable[str]:
    while True:
        out.write("U: ")
        out.flush()
        line = stream.readline()
        if not line:
            out.write("\n")
            return
        yield line
