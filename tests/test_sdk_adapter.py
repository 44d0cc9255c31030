"""``skill/alexa/sdk.py`` is the only module that uses ask-sdk's private names, and it says so when an upgrade drops one."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.alexa import sdk
from skill.alexa.stores import MemoryAdapter

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "topic_intent_resolved.json"


@pytest.mark.parametrize("owner, name", sdk.PRIVATE_NAMES, ids=[name for _, name in sdk.PRIVATE_NAMES])
def test_the_private_names_the_adapter_relies_on_still_exist(owner, name):
    if owner is AttributesManager:  # an instance attribute: look on an instance
        present = hasattr(AttributesManager(request_envelope=RequestEnvelope(), persistence_adapter=None), name)
    else:
        present = hasattr(owner, name)
    assert present, (f"ask-sdk-core {sdk.sdk_version()} has no {owner.__name__}.{name} any more: skill/alexa/sdk.py "
                     "now runs on its fallback; adapt it to this SDK version (or pin the old one)")


def body() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_envelope_from_dict_gives_what_the_public_deserializer_gives():
    data = body()
    public = DefaultSerializer().deserialize(json.dumps(data), RequestEnvelope)
    envelope = sdk.envelope_from_dict(data)
    assert isinstance(envelope, RequestEnvelope) and envelope == public
    assert envelope.request.intent.name == data["request"]["intent"]["name"]


def test_envelope_reader_falls_back_to_the_public_deserializer():
    serializer = DefaultSerializer()
    texts: list[str] = []

    def deserialize(payload: str, obj_type):
        texts.append(payload)
        return serializer.deserialize(payload, obj_type)

    public_only = SimpleNamespace(deserialize=deserialize)  # a serializer as a future SDK might have it
    data = body()
    assert sdk.envelope_reader(public_only)(data) == sdk.envelope_reader()(data)
    assert len(texts) == 1 and json.loads(texts[0]) == data


def test_persistence_adapter_of_finds_the_store_with_and_without_the_private_name():
    store = MemoryAdapter()
    manager = AttributesManager(request_envelope=RequestEnvelope(), persistence_adapter=store)
    assert sdk.persistence_adapter_of(SimpleNamespace(attributes_manager=manager)) is store

    renamed = SimpleNamespace(request_envelope=RequestEnvelope(), adapter_in_a_future_sdk=store)
    assert sdk.persistence_adapter_of(SimpleNamespace(attributes_manager=renamed)) is store
    none = AttributesManager(request_envelope=RequestEnvelope(), persistence_adapter=None)
    assert sdk.persistence_adapter_of(SimpleNamespace(attributes_manager=none)) is None


def test_no_other_module_uses_the_sdk_private_names():
    names = [name for _, name in sdk.PRIVATE_NAMES]
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names))
    adapter = ROOT / "skill" / "alexa" / "sdk.py"
    assert pattern.search(adapter.read_text(encoding="utf-8"))
    users = [f"{p.relative_to(ROOT)}: {m.group()}" for folder in ("skill", "bench", "tests")
             for p in sorted((ROOT / folder).rglob("*.py")) if p != adapter and "node_modules" not in p.parts
             for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert users == [], f"use skill.alexa.sdk instead of the SDK's private names: {users}"
