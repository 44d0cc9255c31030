"""Load and validate ``content/interaction.yaml``: what the interaction model holds apart from the sections.

The invocation name, the one slot (name and type), the topic intent, its carrier
phrases and the other intents' samples. The model generator
(``skill.build.interaction_model``) and the Alexa glue (the slot the handlers read)
both take them from here, so the slot's name and type are written only in that file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.content.files import read_yaml
from skill.settings import CONTENT_DIR

__all__ = ["INTERACTION_FILE", "InteractionError", "IntentSpec", "Interaction", "load_interaction",
           "parse_interaction", "SENSITIVITIES"]

INTERACTION_FILE = "interaction.yaml"

SENSITIVITIES = ("LOW", "MEDIUM", "HIGH")  # AMAZON.FallbackIntent sensitivity levels


class InteractionError(ValueError):
    """``content/interaction.yaml`` is missing or malformed."""


@dataclass(frozen=True)
class IntentSpec:
    """One intent as declared in interaction.yaml."""

    name: str
    slots: tuple[str, ...]
    samples: tuple[str, ...]
    overrides_topics: bool = False  # its samples may name topics: they must win over the topic intent
    #: Slots of Alexa's built-in types, (name, type) such as ("duur", "AMAZON.DURATION"); ``slots`` names them too.
    builtin_slots: tuple[tuple[str, str], ...] = ()

    def slot_type(self, name: str, topic_type: str) -> str:
        """The type of slot ``name``: its built-in type, else the topic slot's type."""
        return dict(self.builtin_slots).get(name, topic_type)


@dataclass(frozen=True)
class Interaction:
    """What the model holds apart from the sections."""

    invocation_name: str
    slot_name: str
    slot_type: str
    topic_intent: str
    topic_carriers: tuple[str, ...]
    intents: tuple[IntentSpec, ...]
    fallback_sensitivity: str | None = None  # modelConfiguration.fallbackIntentSensitivity.level

    @property
    def overriding_intents(self) -> frozenset[str]:
        """Intents whose samples may contain slot values (see :func:`validate_model`)."""
        return frozenset(i.name for i in self.intents if i.overrides_topics)


def _strings(where: str, value: Any, allow_empty: bool = True) -> tuple[str, ...]:
    if value is None and allow_empty:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InteractionError(f"{where}: expected a list of non-empty strings")
    if not value and not allow_empty:
        raise InteractionError(f"{where}: expected a non-empty list")
    return tuple(v.strip() for v in value)


def _builtin_slot(intent: str, raw: dict) -> tuple[str, str]:
    """A slot of one of Alexa's built-in types, declared as ``{name: duur, type: AMAZON.DURATION}``."""
    name, kind = raw.get("name"), raw.get("type")
    if set(raw) != {"name", "type"} or not isinstance(name, str) or not name.strip() \
            or not isinstance(kind, str) or not kind.startswith("AMAZON."):
        raise InteractionError(f"intent {intent}: a slot mapping needs a name and a built-in type (AMAZON.*)")
    return name.strip(), kind


def parse_interaction(data: Any) -> Interaction:
    """Validate parsed interaction.yaml data."""
    if not isinstance(data, dict):
        raise InteractionError("interaction: expected a mapping")
    for key in ("invocation_name", "slot", "topic_intent", "topic_carriers", "intents"):
        if key not in data:
            raise InteractionError(f"interaction: missing field {key}")
    slot = data["slot"]
    if not isinstance(slot, dict) or not isinstance(slot.get("name"), str) or not isinstance(slot.get("type"), str):
        raise InteractionError("slot: expected a mapping with name and type")
    intents: list[IntentSpec] = []
    if not isinstance(data["intents"], list):
        raise InteractionError("intents: expected a list")
    for i, raw in enumerate(data["intents"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise InteractionError(f"intents[{i}]: expected a mapping with a name")
        unknown = set(raw) - {"name", "slots", "samples", "overrides_topics"}
        if unknown:
            raise InteractionError(f"intent {raw['name']}: unknown key(s) {', '.join(sorted(unknown))}")
        raw_slots = raw.get("slots") or []
        builtin = tuple(_builtin_slot(raw["name"], s) for s in raw_slots if isinstance(s, dict))
        slots = _strings(f"intent {raw['name']}.slots", [s for s in raw_slots if not isinstance(s, dict)])
        if any(s != slot["name"] for s in slots):
            raise InteractionError(f"intent {raw['name']}: only the slot {slot['name']!r} is declared")
        slots += tuple(name for name, _ in builtin)
        if len(set(slots)) != len(slots):
            raise InteractionError(f"intent {raw['name']}: duplicate slot name")
        overrides = raw.get("overrides_topics", False)
        if not isinstance(overrides, bool):
            raise InteractionError(f"intent {raw['name']}.overrides_topics: expected true or false")
        intents.append(IntentSpec(raw["name"], slots, _strings(f"intent {raw['name']}.samples", raw.get("samples")),
                                  overrides, builtin))
    names = [i.name for i in intents]
    if len(set(names)) != len(names):
        raise InteractionError("intents: duplicate intent name")
    topic = str(data["topic_intent"])
    if topic not in names:
        raise InteractionError(f"topic_intent {topic!r} is not among the intents")
    sensitivity = data.get("fallback_sensitivity")
    if sensitivity is not None and sensitivity not in SENSITIVITIES:
        raise InteractionError(f"fallback_sensitivity: expected one of {', '.join(SENSITIVITIES)}")
    return Interaction(
        invocation_name=str(data["invocation_name"]).strip(),
        slot_name=slot["name"],
        slot_type=slot["type"],
        topic_intent=topic,
        topic_carriers=_strings("topic_carriers", data["topic_carriers"], allow_empty=False),
        intents=tuple(intents),
        fallback_sensitivity=sensitivity,
    )


def load_interaction(content_dir: Path | str | None = None) -> Interaction:
    """Read and validate ``interaction.yaml`` from ``content_dir`` (default ``content/``)."""
    path = Path(content_dir if content_dir is not None else CONTENT_DIR) / INTERACTION_FILE
    data = read_yaml(path, InteractionError)
    try:
        return parse_interaction(data)
    except InteractionError as exc:
        raise InteractionError(f"{path}: {exc}") from None
