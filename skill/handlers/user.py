"""The user's profile through ask-sdk's attributes manager, tolerant of a failing store.

Advice needs no state: when the store is down, slow or read-only, reading gives
None and writing is skipped. The store itself logs the fault once (see
:class:`skill.storage.StoreHealth`), so nothing is logged per request here.
"""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from skill.profile import Profile

log = logging.getLogger(__name__)


def load_profile(handler_input: HandlerInput) -> Profile | None:
    """The stored profile, or None when the store cannot be read."""
    try:
        data = handler_input.attributes_manager.persistent_attributes
    except Exception as exc:  # adapter missing, store down: go on without
        log.debug("profile not readable: %s", type(exc).__name__)
        return None
    return Profile.from_dict(data)


def save_profile(handler_input: HandlerInput, profile: Profile) -> bool:
    """Store the profile; False when the store cannot be written."""
    manager = handler_input.attributes_manager
    try:
        manager.persistent_attributes = profile.to_dict()
        manager.save_persistent_attributes()
    except Exception as exc:
        log.debug("profile not writable: %s", type(exc).__name__)
        return False
    return True
