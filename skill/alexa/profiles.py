"""The user's profile through ask-sdk's attributes manager, tolerant of a failing store.

Advice needs no state: when the store is down, slow or read-only, reading gives
None and writing is skipped. The store itself logs the fault once (see
:class:`skill.alexa.stores.StoreHealth`), so nothing is logged per request here.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import weakref
from collections import OrderedDict
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill.alexa.sdk import persistence_adapter_of
from skill.alexa.stores import ProfileStore, merged
from skill.dialog.profile import Profile

log = logging.getLogger(__name__)

#: The stored field that orders playback-position writes (a number from the request's time).
ORDER_FIELD = "playback_order"


#: Set in the request attributes when the store could not be read, so the request does not try again.
UNREADABLE = "rugadvies.profile_unreadable"


def load_profile(handler_input: HandlerInput) -> Profile | None:
    """The stored profile, or None when the store cannot be read."""
    manager = handler_input.attributes_manager
    if manager.request_attributes.get(UNREADABLE):
        return None
    try:
        data = manager.persistent_attributes
    except Exception as exc:  # adapter missing, store down: go on without
        log.debug("profile not readable: %s", type(exc).__name__)
        manager.request_attributes[UNREADABLE] = True
        return None
    return Profile.from_dict(data)


def profile_changes(before: Any, profile: Profile) -> dict[str, Any]:
    """The fields of ``profile`` that differ from the stored record ``before`` (None: the field goes)."""
    old, new = Profile.from_dict(before).to_dict(), profile.to_dict()
    return {name: new.get(name) for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def save_profile(handler_input: HandlerInput, profile: Profile, order: int | None = None) -> bool:
    """Store what changed in the profile; False when the store cannot be written.

    Only the changed fields are written, atomically, so a concurrent request of the
    same user that changes other fields is not undone. With ``order`` (see
    :func:`skill.dialog.playback.event_order`) the write is dropped if the stored
    position was written by a later request: a late event never wins over a newer one.
    """
    manager = handler_input.attributes_manager
    try:
        # what was read; when the read failed, the fields are still written (a patch needs no base)
        before = {} if manager.request_attributes.get(UNREADABLE) else manager.persistent_attributes
        changes = profile_changes(before, profile)
        if not changes:
            return True
        store = persistence_adapter_of(handler_input)
        if isinstance(store, ProfileStore):
            clock = (ORDER_FIELD, order) if order is not None else None
            if store.update_attributes(handler_input.request_envelope, changes, clock):
                manager.persistent_attributes = merged(before, changes, clock)
        else:  # another adapter: the SDK's whole-record write
            manager.persistent_attributes = {**before, **profile.to_dict()}
            manager.save_persistent_attributes()
    except Exception as exc:
        log.debug("profile not writable: %s", type(exc).__name__)
        return False
    return True


class WelcomedUsers:
    """Users known to have heard the welcome notice, so a new session need not read the store for that.

    "welcomed" only goes back to False when the user disables the skill, and then
    :meth:`discard` is called. Bounded LRU, in memory only (hashed ids), one per store.
    """

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(user_id: str) -> str:
        return hashlib.blake2b(user_id.encode(), digest_size=16).hexdigest()

    def __contains__(self, user_id: object) -> bool:
        if not isinstance(user_id, str):
            return False
        key = self._key(user_id)
        with self._lock:
            if key in self._ids:
                self._ids.move_to_end(key)
                return True
            return False

    def add(self, user_id: str) -> None:
        key = self._key(user_id)
        with self._lock:
            self._ids[key] = None
            self._ids.move_to_end(key)
            while len(self._ids) > self.size:
                self._ids.popitem(last=False)

    def discard(self, user_id: str) -> None:
        with self._lock:
            self._ids.pop(self._key(user_id), None)


_welcomed: "weakref.WeakKeyDictionary[object, WelcomedUsers]" = weakref.WeakKeyDictionary()


def welcomed_users(handler_input: HandlerInput) -> WelcomedUsers | None:
    """The cache for the store this request uses (None without a store)."""
    store = persistence_adapter_of(handler_input)
    if store is None:
        return None
    try:
        return _welcomed.setdefault(store, WelcomedUsers())
    except TypeError:  # a store that cannot be weakly referenced: no cache
        return None
