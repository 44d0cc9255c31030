"""The one place that touches ask-sdk's private names, each behind a small public function with a public fallback.

ask-sdk-core is pinned (pyproject.toml), but its private names can go in any release.
``tests/test_sdk_adapter.py`` fails with the SDK version named when one of them is
gone, and no other module may use them (the same test reads the sources), so an
upgrade means reading this file only. Until it is fixed, the fallbacks keep the
skill working: slower (the body is serialised and parsed again) or without the
welcomed-users cache.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter, AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

__all__ = ["PRIVATE_NAMES", "envelope_reader", "envelope_from_dict", "persistence_adapter_of", "sdk_version"]

#: DefaultSerializer's mapping of parsed JSON onto a model class (its public ``deserialize`` parses text first).
DESERIALIZE_NAME = "_DefaultSerializer__deserialize"
#: Where AttributesManager keeps the persistence adapter it was given (it has no public accessor).
PERSISTENCE_ADAPTER_NAME = "_persistence_adapter"
#: (owner, private attribute) of every private name used here.
PRIVATE_NAMES = ((DefaultSerializer, DESERIALIZE_NAME), (AttributesManager, PERSISTENCE_ADAPTER_NAME))


def sdk_version() -> str:
    """The installed ask-sdk-core version (for messages)."""
    try:
        return version("ask-sdk-core")
    except PackageNotFoundError:  # pragma: no cover - the SDK is imported above, so it is installed
        return "unknown"


def envelope_reader(serializer: DefaultSerializer | None = None) -> Callable[[Any], RequestEnvelope]:
    """A function that maps an already parsed request body (a dict) onto the SDK's :class:`RequestEnvelope`.

    Built once (at app creation); with the private mapping step when the SDK has it,
    else through the public ``deserialize``, which needs the body as JSON text again.
    """
    serializer = serializer or DefaultSerializer()
    mapping = getattr(serializer, DESERIALIZE_NAME, None)
    if callable(mapping):
        return lambda data: mapping(data, RequestEnvelope)
    return lambda data: serializer.deserialize(json.dumps(data), RequestEnvelope)


_read_envelope = envelope_reader()


def envelope_from_dict(data: Any) -> RequestEnvelope:
    """The SDK's :class:`RequestEnvelope` for a parsed request body."""
    return _read_envelope(data)


def persistence_adapter_of(handler_input: HandlerInput) -> object | None:
    """The persistence adapter (the store) this request's attributes manager uses; None without one.

    Falls back to looking through the manager's attributes for an adapter when the
    private name is gone.
    """
    manager = handler_input.attributes_manager
    if hasattr(manager, PERSISTENCE_ADAPTER_NAME):
        return getattr(manager, PERSISTENCE_ADAPTER_NAME)
    return next((value for value in vars(manager).values() if isinstance(value, AbstractPersistenceAdapter)), None)
