"""Reminders to change posture: "herinner mij om op te staan", "stop de herinneringen", and the answer to
Alexa's permission question (Connections.Response).

The conversation: the user asks for a reminder (or says "ja" to the offer after the text on sitting or
standing); without a delay or hours the skill asks which (:func:`rules.ask_reminder`). With a plan and no
permission yet, the skill sends Alexa's voice permission request (``Connections.SendRequest`` "AskFor")
and keeps the plan in the session; Alexa's answer comes back as ``Connections.Response``. With the
permission the reminder is created through the Reminders API and its time and recurrence are confirmed.
Every failure of the API is a polite answer; a reminder's alert token is stored only once it exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.interfaces.connections import SendRequestDirective

from skill.alexa.handlers.base import ConversationHandler, Directed
from skill.alexa.profiles import load_profile, save_profile
from skill.alexa.reminders import DEFAULT_TIMEOUT, PERMISSION_SCOPE, ReminderError, Reminders, permission_granted
from skill.alexa.slots import slot_value
from skill.dialog import rules, speech
from skill.dialog.profile import MAX_REMINDERS
from skill.dialog.reminders import Plan, plan_from_slots
from skill.dialog.state import ConversationState
from skill.dialog.speech import Voice

log = logging.getLogger(__name__)

#: The slots of RemindStandUpIntent (content/interaction.yaml): a delay, and the hours of a recurring reminder.
DELAY_SLOT, FROM_SLOT, TO_SLOT = "duur", "van", "tot"


def ask_for_permission() -> SendRequestDirective:
    """Alexa's own voice permission question for reminders."""
    return SendRequestDirective(name="AskFor", token="", payload={
        "@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": PERMISSION_SCOPE})


def _now(handler_input: HandlerInput) -> datetime:
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    return stamp if isinstance(stamp, datetime) else datetime.now(timezone.utc)


@dataclass(frozen=True)
class ReminderSetter:
    """Creates the reminder of a plan for the user of one request, or says why it could not."""

    voice: Voice
    timeout: float = DEFAULT_TIMEOUT

    def ask_or_set(self, handler_input: HandlerInput, state: ConversationState, plan: Plan):
        """Ask Alexa for the permission first when the user has not granted it; else set the reminder."""
        if not permission_granted(handler_input):
            return Directed(rules.asking_permission(state, plan), ask_for_permission())
        return self.set(handler_input, state, plan)

    def set(self, handler_input: HandlerInput, state: ConversationState, plan: Plan) -> ConversationState:
        api = Reminders.of(handler_input, self.timeout)
        if api is None:
            return rules.reminder_not_set(state, "failed")
        try:
            token = api.create(plan, speech.reminder_text(plan, self.voice), _now(handler_input))
        except ReminderError as error:
            return rules.reminder_not_set(state, error.failure.value)
        profile = load_profile(handler_input)
        if profile is None or not save_profile(handler_input, replace(
                profile, reminders=(profile.reminders + (token,))[-MAX_REMINDERS:])):
            # The reminder exists and "stop de herinneringen" lists it from the API, so it is not lost.
            log.warning("reminder set, but its token could not be stored")
        return rules.reminder_set(state, plan)


class RemindHandler(ConversationHandler):
    """"Herinner mij om op te staan" (optionally "over twintig minuten" or "van negen tot vijf"): ask which
    reminder, or ask permission, or set it."""

    intents = ("RemindStandUpIntent",)

    def __init__(self, voice: Voice, catalog=None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(voice, catalog)
        self.setter = ReminderSetter(voice, timeout)

    def next_state(self, state, handler_input):
        kind = rules.reminder_kind(state)
        plan = plan_from_slots(kind, slot_value(handler_input, DELAY_SLOT), slot_value(handler_input, FROM_SLOT),
                               slot_value(handler_input, TO_SLOT))
        if not isinstance(plan, Plan):
            return rules.ask_reminder(state, kind, unclear=plan is not None)
        return self.setter.ask_or_set(handler_input, state, plan)


class PermissionAnswerHandler(ConversationHandler):
    """Connections.Response to our "AskFor": ACCEPTED sets the plan waiting in the session; DENIED and
    NOT_ANSWERED get a kind answer and nothing is set."""

    request_types = ("Connections.Response",)

    def __init__(self, voice: Voice, catalog=None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(voice, catalog)
        self.setter = ReminderSetter(voice, timeout)

    def can_handle(self, handler_input):
        return super().can_handle(handler_input) and getattr(handler_input.request_envelope.request, "name",
                                                             None) == "AskFor"

    def next_state(self, state, handler_input):
        payload = getattr(handler_input.request_envelope.request, "payload", None) or {}
        status = payload.get("status") if isinstance(payload, dict) else None
        if status != "ACCEPTED":
            return rules.reminder_not_set(state, "denied")
        plan = rules.permission_asked_for(state)
        if plan is None:  # the session lost the plan: ask again which reminder
            return rules.ask_reminder(state, rules.reminder_kind(state))
        return self.setter.set(handler_input, state, plan)


class StopRemindersHandler(ConversationHandler):
    """"Stop de herinneringen": delete every reminder of this skill (the API lists only ours); tokens of
    reminders that could not be deleted stay stored."""

    intents = ("StopRemindersIntent",)

    def __init__(self, voice: Voice, catalog=None, timeout: float = DEFAULT_TIMEOUT) -> None:
        super().__init__(voice, catalog)
        self.timeout = timeout

    def next_state(self, state, handler_input):
        api = Reminders.of(handler_input, self.timeout)
        if api is None:
            return rules.reminders_stopped(state, False, complete=False)
        try:
            listed = api.tokens()
        except ReminderError:
            return rules.reminders_stopped(state, False, complete=False)
        left = []
        for token in listed:
            try:
                api.delete(token)
            except ReminderError:
                left.append(token)
        profile = load_profile(handler_input)
        if profile is not None and profile.reminders != tuple(left):
            save_profile(handler_input, replace(profile, reminders=tuple(left)))
        return rules.reminders_stopped(state, bool(listed), complete=not left)
