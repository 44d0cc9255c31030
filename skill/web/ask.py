"""Ask on the page: ``GET /vraag?q=…`` answers a typed question with the matching part of the leaflet.

A plain GET form on the leaflet page posts here, so it works without JavaScript. The question goes
through the same local resolver as ``rugadvies chat`` (:class:`skill.nlu.resolver.Resolver`, loaded
once per app on the first question, off the event loop), and the answer is one of:

* ``section``: the section the question is about (its heading, text and player, ``id`` = the section id);
* ``safety``: a question about warning signs (``WarningSignsIntent``) gets the referral to the GP, never
  advice from the leaflet (``content/safety.yaml``, as the skill says it);
* ``topics``: "which topics are there?" and the like get the list of topics;
* ``not_in_leaflet``: anything else gets the leaflet's referral to the physiotherapist and the topics;
* ``empty`` / ``too_long`` / ``unreadable``: a helpful Dutch page with the form again (status 200 for an
  empty question, 400 for the others), never a 5xx.

``Accept: application/json`` gets ``{"intent": …, "section": …, "kind": …}`` instead of the page.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import parse_qsl

from flask import Blueprint, Response, jsonify, render_template, request

from skill.content.leaflet import Leaflet, Section

if TYPE_CHECKING:  # the resolver (numpy, stemmer) is imported on the first question, not at start
    from skill.nlu.resolver import Resolution, Resolver

__all__ = ["MAX_QUESTION", "Answer", "answer_for", "ask_blueprint", "clean_question", "leaflet_referral"]

log = logging.getLogger(__name__)

#: Longest question taken (characters); longer ones get a page that asks for a shorter question.
MAX_QUESTION = 300
WARNING_SIGNS_INTENT = "WarningSignsIntent"
TOPIC_LIST_INTENTS = frozenset({"ListTopicsIntent", "ReadLeafletIntent", "AMAZON.HelpIntent",
                                "AMAZON.NavigateHomeIntent"})
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn"}  # control, format, surrogate, private use, unassigned


@dataclass(frozen=True)
class Answer:
    kind: str  # section, safety, topics, not_in_leaflet, empty, too_long, unreadable
    question: str
    intent: str | None = None
    section: Section | None = None

    @property
    def status(self) -> int:
        return 400 if self.kind in ("too_long", "unreadable") else 200

    def as_json(self) -> dict[str, str | None]:
        return {"intent": self.intent, "section": self.section.id if self.section else None, "kind": self.kind,
                "question": self.question}


def clean_question(raw: str) -> tuple[str, bool]:
    """The question without control characters, surrogates or replacement characters, whitespace collapsed;
    and whether anything was dropped."""
    kept = "".join(" " if ch.isspace() else ch for ch in raw
                   if ch.isspace() or (unicodedata.category(ch) not in _DROPPED and ch != "\ufffd"))
    text = " ".join(kept.split())
    return text, len(text) != len(" ".join(raw.split()))


def question_of(query_string: bytes) -> str:
    """The first ``q`` of a raw query string; bytes that are not UTF-8 become U+FFFD (werkzeug would keep
    their ``%XX`` escapes as text)."""
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8",
                          errors="replace", max_num_fields=50)
    except ValueError:  # more fields than any form sends
        return ""
    return next((value for key, value in pairs if key == "q"), "")


def leaflet_referral(leaflet: Leaflet) -> str:
    """The leaflet's own sentence that sends the reader to the physiotherapist (else the disclaimer)."""
    for section in leaflet.sections:
        for sentence in section.sentences():
            if "overleg dan met uw fysiotherapeut" in sentence.lower():
                return sentence
    return leaflet.prompts.disclaimer


def answer_for(resolve: Callable[[str], Resolution], leaflet: Leaflet, slot: str, raw: str) -> Answer:
    """What the page answers to the typed text ``raw`` (pure, given the resolver)."""
    if len(raw) > MAX_QUESTION * 4:  # do not even clean a huge input
        return Answer("too_long", raw[:MAX_QUESTION])
    question, dropped = clean_question(raw)
    if not question:
        return Answer("unreadable" if dropped else "empty", "")
    if len(question) > MAX_QUESTION:
        return Answer("too_long", question[:MAX_QUESTION])
    resolution = resolve(question)
    section = leaflet.get(resolution.slot_id(slot) or "")
    if resolution.intent == WARNING_SIGNS_INTENT:
        return Answer("safety", question, resolution.intent)
    if section is not None:
        return Answer("section", question, resolution.intent, section)
    if resolution.intent in TOPIC_LIST_INTENTS:
        return Answer("topics", question, resolution.intent)
    return Answer("not_in_leaflet", question, resolution.intent)


def ask_blueprint(leaflet: Leaflet, slot: str, model_path: Path, page_context: Callable[[], dict],
                  classifier_cache: Path | None = None, content_dir: Path | None = None) -> Blueprint:
    """``GET /vraag``; ``page_context()`` gives what the section template needs (players, captions, …);
    ``classifier_cache`` keeps the resolver's trained classifier between worker starts; the classifier also
    learns from the phrasings of ``content_dir`` (default ``content/``)."""
    bp = Blueprint("ask", __name__, template_folder="templates")
    lock = threading.Lock()
    loaded: list["Resolver"] = []

    def resolver() -> "Resolver":
        with lock:
            if not loaded:
                from skill.alexa.stores import blocking
                from skill.content.phrasings import load_phrasings
                from skill.nlu.resolver import Resolver

                # Some seconds of work (the sample classifier is trained): in gevent's thread pool, so the
                # worker's other requests (Alexa's among them) go on meanwhile.
                loaded.append(blocking(lambda: Resolver.from_file(model_path, classifier_cache=classifier_cache,
                                                                  phrasings=load_phrasings(content_dir))))
            return loaded[0]

    referral = leaflet_referral(leaflet)

    def resolve(text: str) -> "Resolution":
        try:
            return resolver().resolve(text)
        except Exception:  # a resolver bug must not cost the reader the page: log it, answer "not in the leaflet"
            log.exception("the resolver failed on a question of %d characters", len(text))
            from skill.nlu.resolver import Resolution

            return Resolution("AMAZON.FallbackIntent")

    @bp.get("/vraag")
    def ask():
        raw = question_of(request.query_string)
        answer = answer_for(resolve, leaflet, slot, raw)
        if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
            response = jsonify(answer.as_json())
        else:
            response = Response(render_template(
                "ask.html", answer=answer, max_question=MAX_QUESTION, referral=referral,
                **page_context()), mimetype="text/html")
        response.status_code = answer.status
        response.headers["Cache-Control"] = "no-store"  # questions are not kept, not even in caches
        response.vary.add("Accept")
        return response

    return bp
