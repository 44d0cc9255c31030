"""Reading the topic slot as Alexa's entity resolution delivers it."""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.content.interaction import load_interaction

#: The slot's name as ``content/interaction.yaml`` declares it (the model is generated from that file).
TOPIC_SLOT = load_interaction().slot_name


def topic_slot(handler_input: HandlerInput, slot_name: str = TOPIC_SLOT) -> tuple[str | None, str | None]:
    """(section id, heard words) of the topic slot.

    The id is set only when entity resolution matched a value of our slot type;
    otherwise the heard words are returned so the answer can name them.
    """
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    slot = (intent.slots or {}).get(slot_name) if intent is not None else None
    if slot is None:
        return None, None
    heard = (slot.value or "").strip()[:100] or None
    resolutions = slot.resolutions.resolutions_per_authority if slot.resolutions else None
    for authority in resolutions or []:
        if authority.status and authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id, heard
    return None, heard


def slot_value(handler_input: HandlerInput, slot_name: str) -> str | None:
    """The value Alexa filled into a built-in slot (``AMAZON.DURATION``, ``AMAZON.TIME``), or None."""
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    slot = (intent.slots or {}).get(slot_name) if intent is not None else None
    value = (getattr(slot, "value", None) or "").strip()
    return value[:40] or None
