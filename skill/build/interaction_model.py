"""Build the nl-NL Alexa interaction model from ``content/``.

The model is generated, never hand-edited: ``content/interaction.yaml`` holds
what is not per section (invocation name, slot, carrier phrases, samples of
the other intents, the warning-sign vocabulary whose phrases it combines into
samples) and ``content/leaflet.yaml`` the sections, whose ids,
spoken names and synonyms become the slot type's values and whose questions
(``[bracket]`` -> ``{slot}``) become samples of the topic intent.

``build_model`` is pure; ``validate_model`` lists violations of the Alexa
rules we rely on; ``write_model``/``check_model`` keep
``interaction_models/nl-NL.json`` in step; ``main_model`` is the
``rugadvies model`` command.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Sequence

from skill.build.print_check import print_check
from skill.content.interaction import (
    INTERACTION_FILE, Interaction, InteractionError, SENSITIVITIES, SLOT_REF, IntentSpec, load_interaction,
)
from skill.settings import CONTENT_DIR, MODEL_PATH

__all__ = [
    "DEFAULT_MODEL_PATH", "INTERACTION_FILE", "InteractionError", "IntentSpec", "Interaction",
    "load_interaction", "build_model", "generate_model", "validate_model", "dump_model",
    "write_model", "check_model", "main_model", "sample_text",
]

DEFAULT_CONTENT_DIR = CONTENT_DIR
DEFAULT_MODEL_PATH = MODEL_PATH

_ARTICLES = ("de ", "het ", "een ", "uw ", "mijn ")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
# A word of a sample: letters, optionally with inner apostrophes, periods (abbreviations) or hyphens.
_WORD = re.compile(r"^[^\W\d_]+(?:['.\-][^\W\d_]+)*\.?$")
_INVOCATION = re.compile(r"^[^\W\d_]+ [^\W\d_]+$")
_MAX_SAMPLE_CHARS = 200


def sample_text(text: str) -> str:
    """Put a phrase in sample form: NFC, lowercase, typographic apostrophes made plain,
    punctuation other than apostrophes/hyphens/slot braces removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w\s'{}\-]", " ", text)
    return " ".join(text.split())


def _value_name(spoken_name: str, synonyms: Sequence[str]) -> str:
    """The slot value's canonical name: the spoken name without a leading article,
    or the first synonym when the spoken name is a clause rather than a noun phrase."""
    name = sample_text(spoken_name)
    for article in _ARTICLES:
        if name.startswith(article):
            name = name[len(article):]
            break
    return name if name in synonyms else (synonyms[0] if synonyms else name)


def build_model(leaflet: Any, interaction: Interaction) -> dict:
    """The Alexa interaction model (a JSON-ready dict) for ``leaflet`` and ``interaction``."""
    slot_ref = "{" + interaction.slot_name + "}"
    intents = []
    for spec in interaction.intents:
        samples = list(spec.samples)
        if spec.name == interaction.topic_intent:
            samples = list(interaction.topic_carriers) + samples
            for section in leaflet.sections:
                samples += [_BRACKET.sub(slot_ref, q) for q in section.questions]
        if interaction.warning_signs and spec.name == interaction.warning_signs.intent:
            samples += interaction.warning_signs.samples()  # sign phrases x back phrases, in carriers
        intent: dict[str, Any] = {"name": spec.name}
        if spec.slots:
            intent["slots"] = [{"name": s, "type": spec.slot_type(s, interaction.slot_type)} for s in spec.slots]
        intent["samples"] = list(dict.fromkeys(sample_text(s) for s in samples))
        intents.append(intent)
    values = []
    for section in leaflet.sections:
        synonyms = list(dict.fromkeys(sample_text(s) for s in section.synonyms))
        name = _value_name(section.spoken_name, synonyms)
        values.append({"id": section.id, "name": {"value": name, "synonyms": [s for s in synonyms if s != name]}})
    language_model: dict[str, Any] = {
        "invocationName": interaction.invocation_name,
        "intents": intents,
        "types": [{"name": interaction.slot_type, "values": values}],
    }
    if interaction.fallback_sensitivity:
        language_model["modelConfiguration"] = {"fallbackIntentSensitivity": {"level": interaction.fallback_sensitivity}}
    return {"interactionModel": {"languageModel": language_model}}


def generate_model(content_dir: Path | str | None = None) -> dict:
    """Build the model from the files in ``content_dir`` (default ``content/``)."""
    from skill.content.leaflet import load_leaflet

    directory = Path(content_dir) if content_dir is not None else DEFAULT_CONTENT_DIR
    return build_model(load_leaflet(directory), load_interaction(directory))


def _bad_words(text: str) -> list[str]:
    return [w for w in text.split(" ") if not (SLOT_REF.fullmatch(w) or _WORD.match(w))]


def validate_model(model: dict, overriding: Iterable[str] = ()) -> list[str]:
    """Violations of the Alexa rules the skill relies on (empty when the model is fine). Samples of the
    ``overriding`` intents (warning signs, out-of-domain requests) may name topics: that is their point."""
    problems: list[str] = []
    lm = model.get("interactionModel", {}).get("languageModel", {})
    level = lm.get("modelConfiguration", {}).get("fallbackIntentSensitivity", {}).get("level", "LOW")
    if level not in SENSITIVITIES:
        problems.append(f"fallbackIntentSensitivity level {level!r} must be one of {', '.join(SENSITIVITIES)}")
    invocation = lm.get("invocationName", "")
    if not _INVOCATION.match(invocation) or invocation != invocation.lower():
        problems.append(f"invocation name {invocation!r} must be two lowercase words")
    types = {t["name"]: t for t in lm.get("types", [])}
    for t in types.values():
        seen: dict[str, str] = {}
        for value in t.get("values", []):
            for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                if phrase != phrase.lower() or _bad_words(phrase) or phrase != " ".join(phrase.split()):
                    problems.append(f"type {t['name']}: {phrase!r} is not a lowercase phrase without punctuation")
                if phrase in seen and seen[phrase] != value["id"]:
                    problems.append(f"type {t['name']}: {phrase!r} belongs to both {seen[phrase]} and {value['id']}")
                seen[phrase] = value["id"]
    owner: dict[str, str] = {}
    for intent in lm.get("intents", []):
        declared = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for slot_name, slot_type in declared.items():
            if slot_type not in types and not slot_type.startswith("AMAZON."):
                problems.append(f"intent {intent['name']}: slot {slot_name} has undefined type {slot_type}")
        for sample in intent.get("samples", []):
            where = f"intent {intent['name']}: sample {sample!r}"
            if sample != sample.lower() or sample != " ".join(sample.split()) or not sample:
                problems.append(f"{where} must be lowercase with single spaces")
            if len(sample) > _MAX_SAMPLE_CHARS:
                problems.append(f"{where} is longer than {_MAX_SAMPLE_CHARS} characters")
            bad = _bad_words(sample)
            if bad:
                problems.append(f"{where} has words with digits or punctuation: {bad}")
            for ref in SLOT_REF.findall(sample):
                if ref not in declared:
                    problems.append(f"{where} uses undeclared slot {{{ref}}}")
            if re.search(r"\S\{|\}\S", sample):
                problems.append(f"{where}: a slot must be a separate word")
            if sample in owner and owner[sample] != intent["name"]:
                problems.append(f"{where} is also a sample of {owner[sample]}")
            elif sample in owner:
                problems.append(f"{where} is duplicated")
            owner[sample] = intent["name"]
    problems += _slot_value_clashes(lm, frozenset(overriding))
    return problems


def _slot_value_clashes(lm: dict, overriding: frozenset[str]) -> list[str]:
    """Samples of intents without slots that contain a slot value: such an utterance reads as a topic."""
    phrases = {
        phrase: value["id"]
        for t in lm.get("types", [])
        for value in t.get("values", [])
        for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]
    }
    clashes = []
    for intent in lm.get("intents", []):
        if intent.get("slots") or intent["name"] in overriding:
            continue
        for sample in intent.get("samples", []):
            padded = f" {sample} "
            for phrase, value_id in phrases.items():
                if f" {phrase} " in padded:
                    clashes.append(f"intent {intent['name']}: sample {sample!r} contains {phrase!r}, a synonym of {value_id}")
    return clashes


def dump_model(model: dict) -> str:
    """The model as stable, readable JSON text (what gets committed)."""
    return json.dumps(model, ensure_ascii=False, indent=2) + "\n"


def write_model(
    path: Path | str = DEFAULT_MODEL_PATH, content_dir: Path | str | None = None, model: dict | None = None
) -> dict:
    """Write ``model`` (default: generated from ``content_dir``) to ``path``; returns the model."""
    model = generate_model(content_dir) if model is None else model
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump_model(model), encoding="utf-8")
    return model


def _diff(expected: Any, actual: Any, where: str) -> Iterable[str]:
    """Readable differences between the generated (``expected``) and the stored JSON; lists of
    named objects are matched by id or name, lists of strings as sets plus order."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected:
            if key not in actual:
                yield f"{where}.{key}: missing"
            else:
                yield from _diff(expected[key], actual[key], f"{where}.{key}")
        for key in actual:
            if key not in expected:
                yield f"{where}.{key}: not generated from content"
    elif isinstance(expected, list) and isinstance(actual, list):
        if all(isinstance(x, str) for x in expected + actual):
            missing = [x for x in expected if x not in actual]
            extra = [x for x in actual if x not in expected]
            for x in missing:
                yield f"{where}: missing {x!r}"
            for x in extra:
                yield f"{where}: not generated from content: {x!r}"
            if not missing and not extra and expected != actual:
                yield f"{where}: different order"
            return
        key = next((k for k in ("id", "name") if all(isinstance(x, dict) and isinstance(x.get(k), str)
                                                     for x in expected + actual)), None)
        if key is None or len({x[key] for x in expected}) != len(expected):
            if expected != actual:
                yield f"{where}: differs"
            return
        by_key = {x[key]: x for x in actual}
        for x in expected:
            if x[key] not in by_key:
                yield f"{where}[{x[key]}]: missing"
            else:
                yield from _diff(x, by_key[x[key]], f"{where}[{x[key]}]")
        for x in actual:
            if x[key] not in {e[key] for e in expected}:
                yield f"{where}[{x[key]}]: not generated from content"
        same_keys = sorted(x[key] for x in expected) == sorted(x[key] for x in actual)
        if same_keys and [x[key] for x in expected] != [x[key] for x in actual]:
            yield f"{where}: different order"
    elif expected != actual:
        yield f"{where}: expected {expected!r}, found {actual!r}"


def check_model(path: Path | str = DEFAULT_MODEL_PATH, content_dir: Path | str | None = None) -> list[str]:
    """Differences between the model file at ``path`` and what content/ generates (empty: up to date)."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [f"{target}: not found"]
    try:
        actual = json.loads(text)
    except json.JSONDecodeError as exc:
        return [f"{target}: invalid JSON: {exc}"]
    expected = generate_model(content_dir)
    differences = list(_diff(expected, actual, "model"))
    if not differences and text != dump_model(expected):
        differences.append(f"{target}: formatting differs from the generated file")
    return differences


def main_model(argv: Sequence[str] | None = None) -> int:
    """``rugadvies model [--check] [--output PATH] [--content DIR]``: write or check the model."""
    parser = argparse.ArgumentParser(prog="rugadvies model", description=main_model.__doc__)
    argv = list(argv) if argv is not None else None
    if argv and argv[0] == "--":  # "rugadvies model -- --check": the separator the top-level parser may leave
        argv = argv[1:]
    parser.add_argument("--check", action="store_true", help="only compare the file with what content/ generates")
    parser.add_argument("--output", type=Path, default=DEFAULT_MODEL_PATH, help="model file (default: %(default)s)")
    parser.add_argument("--content", type=Path, default=None, help="content directory (default: content/)")
    args = parser.parse_args(argv)
    if args.check:
        return print_check(args.output, check_model(args.output, args.content), "rugadvies model")
    model = generate_model(args.content)
    problems = validate_model(model, load_interaction(args.content).overriding_intents)
    for line in problems:
        print(f"invalid model: {line}", file=sys.stderr)
    if problems:
        return 1
    write_model(args.output, model=model)
    print(f"wrote {args.output}")
    return 0
