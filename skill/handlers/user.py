"""The user's profile through ask-sdk's attributes manager, tolerant of a failing store.

Advice needs no state: when the store is down, slow or read-only, reading gives
an empty profile and writing is skipped, and the fault is logged once (not per
request) until the store works again.
"""

from __future__ import annotations

import logging
import threading

from ask_sdk_core.handler_input import HandlerInput

from skill.profile import Profile

log = logging.getLogger(__name__)

_fault_logged = threading.Event()


def _fault(action: str, exc: Exception) -> None:
    if not _fault_logged.is_set():
        _fault_logged.set()
        log.error("state store unavailable (%s failed: %s); answering without stored state", action,
                  type(exc).__name__)


def _recovered() -> None:
    if _fault_logged.is_set():
        _fault_logged.clear()
        log.warning("state store available again")


def load_profile(handler_input: HandlerInput) -> Profile | None:
    """The stored profile, or None when the store cannot be read."""
    try:
        data = handler_input.attributes_manager.persistent_attributes
    except Exception as exc:  # adapter missing, store down: go on without
        _fault("read", exc)
        return None
    _recovered()
    return Profile.from_dict(data)


def save_profile(handler_input: HandlerInput, profile: Profile) -> bool:
    """Store the profile; False (and one log line) when the store cannot be written."""
    manager = handler_input.attributes_manager
    try:
        manager.persistent_attributes = profile.to_dict()
        manager.save_persistent_attributes()
    except Exception as exc:
        _fault("write", exc)
        return False
    _recovered()
    return True
