"""Load and validate ``content/interaction.yaml``: what the interaction model holds apart from the sections.

The invocation name, the one slot (name and type), the topic intent, its carrier
phrases and the other intents' samples. The model generator
(``skill.build.interaction_model``) and the Alexa glue (the slot the handlers read)
both take them from here, so the slot's name and type are written only in that file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.content.files import read_yaml
from skill.settings import CONTENT_DIR

__all__ = ["INTERACTION_FILE", "InteractionError", "IntentSpec", "Interaction", "load_interaction",
           "parse_interaction", "SENSITIVITIES", "SLOT_REF", "Sign", "WarningSigns", "expand_alternatives"]

INTERACTION_FILE = "interaction.yaml"

SENSITIVITIES = ("LOW", "MEDIUM", "HIGH")  # AMAZON.FallbackIntent sensitivity levels

#: A slot reference in a sample ("hoe zit het met {onderwerp}"): group 1 is the slot's name. The one pattern the
#: model builder, the skill package, the resolver and the classifier read samples with.
SLOT_REF = re.compile(r"\{([^{}]+)\}")


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
class Sign:
    """One warning sign: ``phrases`` say it in words (for generated samples), ``terms`` recognise it (each a
    tuple of word patterns that must all occur; ``*`` stands for any letters)."""

    name: str
    phrases: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    alone: tuple[tuple[str, ...], ...] = ()  # terms that are the sign even when the back is not named


@dataclass(frozen=True)
class WarningSigns:
    """The warning-sign vocabulary (``warning_signs`` in interaction.yaml): samples for ``intent`` are
    ``carriers`` with ``{klacht}`` a sign phrase and ``{rug}`` a ``back`` phrase; a sign term together with a
    ``context`` word (the back) makes a text ``intent`` (see :mod:`skill.nlu.resolver`)."""

    intent: str
    context: tuple[str, ...]
    back: tuple[str, ...]
    carriers: tuple[str, ...]
    signs: tuple[Sign, ...]
    per_phrase: int = 3
    #: One-word patterns of complaints that are not back pain ("*griep*", "migraine*"): a text naming one and not
    #: the back is about that complaint (see :mod:`skill.nlu.resolver`).
    other_complaints: tuple[str, ...] = ()
    #: One-word patterns of care the leaflet does not name (treatments, aids, tests, costs: "korset*", "mri"): a
    #: text naming one asks about it, whether or not it names the back.
    other_care: tuple[str, ...] = ()
    #: The section about pain radiating from the back, and one-word patterns of the places it radiates to.
    radiating_section: str | None = None
    radiating_places: tuple[str, ...] = ()
    #: Of ``other_care``, what a physiotherapist may give, and the words naming one: asked of the physiotherapist
    #: ("gaat de fysio mij masseren"), it is what the physiotherapist does, not other care.
    physio_names: tuple[str, ...] = ()
    physio_care: tuple[str, ...] = ()

    def vocabulary_words(self) -> set[str]:
        """Every word pattern of the vocabulary: sign terms, the back, other complaints, other care, places, the
        physiotherapist's names."""
        return ({p for sign in self.signs for term in (*sign.terms, *sign.alone) for p in term} | set(self.context)
                | set(self.other_complaints) | set(self.other_care) | set(self.radiating_places)
                | set(self.physio_names) | set(self.physio_care))

    def samples(self) -> list[str]:
        """The generated samples: each sign phrase with ``per_phrase`` carriers and back phrases, taken round
        robin so that every carrier and every back phrase is used about equally."""
        out: list[str] = []
        k = 0
        for sign in self.signs:
            for phrase in sign.phrases:
                for _ in range(self.per_phrase):
                    carrier = self.carriers[k % len(self.carriers)]
                    back = self.back[(k * 7 + k // len(self.carriers)) % len(self.back)]
                    out.append(carrier.replace("{klacht}", phrase).replace("{rug}", back))
                    k += 1
        return out


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
    warning_signs: WarningSigns | None = None

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


_ALTERNATIVES = re.compile(r"\(([^()]*\|[^()]*)\)")


def expand_alternatives(sample: str) -> list[str]:
    """Every sample a pattern stands for: ``(a|b|)`` is one of ``a``, ``b`` or nothing, so that
    ``(wat is|wat doet) (deze skill|deze app)`` gives four samples."""
    match = _ALTERNATIVES.search(sample)
    if match is None:
        return [" ".join(sample.split())]
    out: list[str] = []
    for choice in match.group(1).split("|"):
        out += expand_alternatives(sample[:match.start()] + choice.strip() + sample[match.end():])
    return [s for s in dict.fromkeys(out) if s]


def _patterns(where: str, value: Any) -> tuple[str, ...]:
    patterns = _strings(where, value, allow_empty=False)
    bad = [p for p in patterns if not re.fullmatch(r"[a-z0-9*]+(_[a-z0-9*]+)*( [a-z0-9*]+(_[a-z0-9*]+)*)*", p)]
    if bad:
        raise InteractionError(f"{where}: patterns are lowercase words without accents, * for any letters, _ between "
                               f"words that must follow each other: {bad}")
    return patterns


def _warning_signs(data: Any, intent_names: list[str]) -> WarningSigns:
    if not isinstance(data, dict):
        raise InteractionError("warning_signs: expected a mapping")
    unknown = set(data) - {"intent", "context", "back", "carriers", "signs", "per_phrase", "other_complaints",
                           "other_care", "radiating", "physio_care"}
    if unknown:
        raise InteractionError(f"warning_signs: unknown key(s) {', '.join(sorted(unknown))}")
    intent = data.get("intent")
    if intent not in intent_names:
        raise InteractionError(f"warning_signs.intent {intent!r} is not among the intents")
    carriers = _strings("warning_signs.carriers", data.get("carriers"), allow_empty=False)
    if not all("{klacht}" in c and "{rug}" in c for c in carriers):
        raise InteractionError("warning_signs.carriers: every carrier needs {klacht} and {rug}")
    per_phrase = data.get("per_phrase", 3)
    if not isinstance(per_phrase, int) or per_phrase < 0:
        raise InteractionError("warning_signs.per_phrase: expected a whole number >= 0")
    raw_signs = data.get("signs")
    if not isinstance(raw_signs, list) or not raw_signs:
        raise InteractionError("warning_signs.signs: expected a non-empty list")
    signs = []
    for i, raw in enumerate(raw_signs):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise InteractionError(f"warning_signs.signs[{i}]: expected a mapping with a name")
        where = f"warning_signs sign {raw['name']!r}"
        unknown = set(raw) - {"name", "phrases", "terms", "alone"}
        if unknown:
            raise InteractionError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        terms = _patterns(f"{where}.terms", raw.get("terms"))
        alone = _patterns(f"{where}.alone", raw["alone"]) if "alone" in raw else ()
        signs.append(Sign(raw["name"], _strings(f"{where}.phrases", raw.get("phrases"), allow_empty=False),
                          tuple(tuple(t.split()) for t in terms), tuple(tuple(t.split()) for t in alone)))
    others: dict[str, Any] = {key: _words(f"warning_signs.{key}", data[key]) if key in data else ()
                              for key in ("other_complaints", "other_care")}
    if "radiating" in data:
        radiating = data["radiating"]
        if not isinstance(radiating, dict) or set(radiating) != {"section", "places"} \
                or not isinstance(radiating["section"], str) or not radiating["section"].strip():
            raise InteractionError("warning_signs.radiating: expected a mapping with a section and places")
        others["radiating_section"] = radiating["section"].strip()
        others["radiating_places"] = _words("warning_signs.radiating.places", radiating["places"])
    if "physio_care" in data:
        physio = data["physio_care"]
        if not isinstance(physio, dict) or set(physio) != {"names", "care"}:
            raise InteractionError("warning_signs.physio_care: expected a mapping with names and care")
        others["physio_names"] = _words("warning_signs.physio_care.names", physio["names"])
        others["physio_care"] = _words("warning_signs.physio_care.care", physio["care"])
        if not set(others["physio_care"]) <= set(others.get("other_care", ())):
            raise InteractionError("warning_signs.physio_care.care: every pattern must also be in other_care")
    return WarningSigns(intent, _patterns("warning_signs.context", data.get("context")),
                        _strings("warning_signs.back", data.get("back"), allow_empty=False), carriers, tuple(signs),
                        per_phrase, **others)


def _words(where: str, value: Any) -> tuple[str, ...]:
    """Patterns of one word each."""
    patterns = _patterns(where, value)
    if any(" " in p for p in patterns):
        raise InteractionError(f"{where}: one word per pattern")
    return patterns


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
        samples = _strings(f"intent {raw['name']}.samples", raw.get("samples"))
        intents.append(IntentSpec(raw["name"], slots, tuple(e for s in samples for e in expand_alternatives(s)),
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
        topic_carriers=tuple(e for c in _strings("topic_carriers", data["topic_carriers"], allow_empty=False)
                             for e in expand_alternatives(c)),
        intents=tuple(intents),
        fallback_sensitivity=sensitivity,
        warning_signs=_warning_signs(data["warning_signs"], names) if "warning_signs" in data else None,
    )


def load_interaction(content_dir: Path | str | None = None) -> Interaction:
    """Read and validate ``interaction.yaml`` from ``content_dir`` (default ``content/``)."""
    path = Path(content_dir if content_dir is not None else CONTENT_DIR) / INTERACTION_FILE
    data = read_yaml(path, InteractionError)
    try:
        return parse_interaction(data)
    except InteractionError as exc:
        raise InteractionError(f"{path}: {exc}") from None
