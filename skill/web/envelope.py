"""The shape of an Alexa request envelope, checked on the parsed body before the SDK sees it."""

from __future__ import annotations

from typing import Any


def envelope_problem(data: object) -> str | None:
    """Why ``data`` is not an Alexa request envelope the skill can take, or None."""
    if not isinstance(data, dict):
        return "body is not a JSON object"
    request_ = data.get("request")
    if not isinstance(request_, dict) or not isinstance(request_.get("type"), str):
        return "no request type"
    context = data.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("System"), dict):
        return "no context.System"
    system = context["System"]
    if not isinstance(system.get("application"), dict) or not isinstance(system.get("user"), dict):
        return "no application or user in context.System"
    session = data.get("session")
    if session is not None and not isinstance(session, dict):
        return "session is not an object"
    if isinstance(session, dict) and session.get("attributes") is not None \
            and not isinstance(session.get("attributes"), dict):
        return "session attributes are not an object"
    return None


def application_id(envelope: dict[str, Any]) -> str | None:
    """``context.System.application.applicationId``, else ``session.application.applicationId``."""
    for path in (("context", "System", "application", "applicationId"), ("session", "application", "applicationId")):
        node: Any = envelope
        for step in path:
            node = node.get(step) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node
    return None
