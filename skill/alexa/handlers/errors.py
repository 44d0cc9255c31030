"""The catch-all exception handler: a spoken apology and a log line, never a crash."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler

from skill.dialog import rules, speech
from skill.dialog.speech import Voice

log = logging.getLogger(__name__)


class ErrorHandler(AbstractExceptionHandler):
    """Any exception while handling: log it, apologise and ask again.

    The session attributes are left as they were, so "ja" or "volgende" still
    mean what they meant before the failure.
    """

    def __init__(self, voice: Voice) -> None:
        self.voice = voice

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        request = handler_input.request_envelope.request
        log.error("handler failed for %s: %r", getattr(request, "object_type", "?"), exception,
                  exc_info=exception)
        builder = handler_input.response_builder
        if handler_input.request_envelope.session is None:
            return builder.response  # AudioPlayer events may not carry speech
        reply = speech.reply_for(rules.FAILED, self.voice)
        return builder.speak(reply.ssml).ask(reply.reprompt).set_should_end_session(False).response
