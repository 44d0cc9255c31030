"""The Alexa skill package (ASK CLI layout) generated from the project.

``skill-package/skill.json`` is the skill manifest and
``skill-package/interactionModels/custom/nl-NL.json`` a byte copy of
``interaction_models/nl-NL.json``. Nothing in the package is hand-kept:

* the example phrases are the model's invocation name plus the first question of
  the sections the skill itself offers as examples (``examples`` of ``content/prompts.yaml``),
  and each one is checked against the model's samples and slot values;
* the description is built from the leaflet's title and section titles and carries
  the skill's own disclaimer (not a replacement for a physiotherapist or GP);
* the endpoint, privacy and terms URLs come from the public base URL.

The committed package is generated for :data:`PLACEHOLDER_PUBLIC_URL` so that
``rugadvies package --check`` is deterministic; a real deployment generates its
own copy with ``rugadvies package --public-url https://... --output DIR``.

``build_manifest`` and ``validate_manifest`` are pure; ``write_package`` /
``check_package`` work on files; ``main_package`` is the ``rugadvies package`` command.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Sequence

from skill.build.print_check import print_check
from skill.content.interaction import SLOT_REF
from skill.dialog.reminders import PERMISSION_SCOPE as REMINDERS_PERMISSION
from skill.settings import MODEL_PATH, PACKAGE_DIR, SSL_CERT_TYPES, Settings

__all__ = [
    "PLACEHOLDER_PUBLIC_URL", "DEFAULT_PACKAGE_DIR", "SSL_CERT_TYPES", "LOCALE", "SUPPORTED_VIEWPORTS",
    "example_phrases", "phrase_in_model", "ssl_cert_type_of", "build_manifest", "validate_manifest",
    "dump_manifest", "generate_package", "write_package", "check_package", "main_package",
]

#: Public base URL the committed package is generated for (replace it per deployment with --public-url).
PLACEHOLDER_PUBLIC_URL = "https://rugadvies.example.nl"
DEFAULT_PACKAGE_DIR = PACKAGE_DIR
DEFAULT_MODEL_PATH = MODEL_PATH
MANIFEST_FILE = "skill.json"
LOCALE = "nl-NL"
MODEL_IN_PACKAGE = Path("interactionModels") / "custom" / f"{LOCALE}.json"

#: The setting behind ``Settings.ssl_cert_type`` (read in skill.settings), named in help and error texts.
SSL_CERT_ENV = "RUGADVIES_SSL_CERT_TYPE"

SKILL_NAME = "Rugadvies"
CATEGORY = "HEALTH_AND_FITNESS"
DISTRIBUTION_COUNTRIES = ["NL", "BE"]
KEYWORDS = ["rugpijn", "lage rugpijn", "rug", "rugklachten", "fysiotherapie", "fysiotherapeut", "folder",
            "voorlezen"]
#: How many one-shot examples follow "Alexa, open ..." (Alexa shows at most three phrases).
ONE_SHOT_EXAMPLES = 2
MAX_EXAMPLE_PHRASES = 3
MAX_SUMMARY_CHARS = 160
MAX_DESCRIPTION_CHARS = 4000
MAX_KEYWORDS = 30

#: The viewport profiles Amazon requires of an APL skill (hub round, hub landscape medium and large,
#: TV fullscreen) plus the recommended hub landscape small.
SUPPORTED_VIEWPORTS: list[dict[str, Any]] = [
    {"mode": "HUB", "shape": "ROUND", "minWidth": 100, "maxWidth": 599, "minHeight": 100, "maxHeight": 599},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 1279, "minHeight": 100, "maxHeight": 599},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 1279, "minHeight": 600, "maxHeight": 959},
    {"mode": "HUB", "shape": "RECTANGLE", "minWidth": 1280, "maxWidth": 1920, "minHeight": 600, "maxHeight": 1279},
    {"mode": "TV", "shape": "RECTANGLE", "minWidth": 960, "maxWidth": 960, "minHeight": 540, "maxHeight": 540},
]



class PackageError(ValueError):
    """The package cannot be built from the current content and model."""


def _language_model(model: dict) -> dict:
    return model["interactionModel"]["languageModel"]


def _slot_phrases(model: dict) -> dict[str, dict[str, str]]:
    """Per slot type: every value name and synonym -> the value id."""
    out: dict[str, dict[str, str]] = {}
    for slot_type in _language_model(model).get("types", []):
        phrases = out.setdefault(slot_type["name"], {})
        for value in slot_type.get("values", []):
            for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                phrases[phrase] = value.get("id", value["name"]["value"])
    return out


def phrase_in_model(utterance: str, model: dict) -> tuple[str, dict[str, str]] | None:
    """The (intent, {slot: value id}) of a sample that ``utterance`` matches word for word, with each
    ``{slot}`` filled by one of its type's values or synonyms; None when no sample matches."""
    from skill.build.interaction_model import sample_text

    text = sample_text(utterance)
    phrases = _slot_phrases(model)
    for intent in _language_model(model)["intents"]:
        slot_types = {s["name"]: s["type"] for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            pieces = re.split(r"(\{[^{}]+\})", sample)
            refs = [(i, ref.group(1)) for i, piece in enumerate(pieces)
                    if (ref := SLOT_REF.fullmatch(piece)) and ref.group(1) in slot_types]
            if len(refs) == 1:  # the common case, without a regular expression: prefix, a known value, suffix
                (i, name), = refs
                prefix, suffix = "".join(pieces[:i]), "".join(pieces[i + 1:])
                middle = text[len(prefix):len(text) - len(suffix)]
                if (len(text) > len(prefix) + len(suffix) and text.startswith(prefix) and text.endswith(suffix)
                        and middle in phrases.get(slot_types[name], {})):
                    return intent["name"], {name: phrases[slot_types[name]][middle]}
                continue
            names: list[str] = []
            pattern = ""
            for piece in pieces:
                ref = SLOT_REF.fullmatch(piece)
                if ref and ref.group(1) in slot_types:
                    values = sorted(phrases.get(slot_types[ref.group(1)], {}), key=len, reverse=True)
                    if not values:
                        break
                    names.append(ref.group(1))
                    pattern += "(" + "|".join(re.escape(v) for v in values) + ")"
                else:
                    pattern += re.escape(piece)
            else:
                match = re.fullmatch(pattern, text)
                if match:
                    slots = {name: phrases[slot_types[name]][match.group(i + 1)] for i, name in enumerate(names)}
                    return intent["name"], slots
    return None


def example_phrases(leaflet: Any, model: dict) -> list[str]:
    """"Alexa, open <invocation>" and "Alexa, vraag <invocation> <question>" for the first
    :data:`ONE_SHOT_EXAMPLES` example sections; raises :class:`PackageError` if a question is no sample."""
    from skill.build.interaction_model import sample_text

    invocation = _language_model(model)["invocationName"]
    phrases = [f"Alexa, open {invocation}"]
    for section_id in leaflet.prompts.examples:
        if len(phrases) > ONE_SHOT_EXAMPLES:
            break
        section = leaflet.get(section_id)
        if section is None or not section.questions:
            continue
        question = sample_text(section.questions[0].replace("[", "").replace("]", ""))
        if phrase_in_model(question, model) is None:
            raise PackageError(f"example question {question!r} of section {section_id} is not a sample of the model")
        phrases.append(f"Alexa, vraag {invocation} {question}")
    return phrases


def ssl_cert_type_of(settings: Settings) -> str:
    """The endpoint's certificate type from settings (``ssl_cert_type``), ``Trusted`` by default."""
    return settings.ssl_cert_type or "Trusted"


def _description(leaflet: Any) -> str:

    topics = "\n".join(f"• {s.title}" for s in leaflet.sections if s.title != leaflet.title)  # not the intro
    return (
        f"Rugadvies geeft u de adviezen uit de folder ‘{leaflet.title}’ over lage rugpijn. "
        "Stel uw vraag in uw eigen woorden, bijvoorbeeld hoe u het beste kunt tillen of zitten, "
        "en u hoort een kort antwoord uit de folder. Zeg ‘ja’ om meer te horen, ‘volgende’ voor het volgende "
        "onderwerp of ‘welke onderwerpen zijn er’ voor een overzicht.\n\n"
        "U kunt ook de hele folder of één onderwerp laten voorlezen. Pauzeert u, dan gaat u later verder "
        "waar u was gebleven.\n\n"
        f"De onderwerpen:\n{topics}\n\n"
        "De adviezen zijn algemene informatie uit de folder, geen persoonlijk medisch advies. "
        f"{leaflet.prompts.disclaimer} Heeft u vragen over uw eigen klachten, neem dan contact op met uw fysiotherapeut "
        "of huisarts."
    )


def build_manifest(settings: Settings, leaflet: Any, model: dict, ssl_cert_type: str | None = None) -> dict:
    """The skill manifest (``skill.json`` content) for ``settings.public_url``, ``leaflet`` and ``model``."""
    base = settings.public_url.rstrip("/")
    cert = ssl_cert_type or ssl_cert_type_of(settings)
    if cert not in SSL_CERT_TYPES:
        raise PackageError(f"sslCertificateType must be one of {', '.join(SSL_CERT_TYPES)}, got {cert!r}")
    phrases = example_phrases(leaflet, model)
    testing = (
        "Custom skill on our own HTTPS endpoint; no account linking, no purchases; one permission, reminders "
        "('herinner mij om op te staan', asked for by voice; 'stop de herinneringen' removes them). "
        f"Say '{phrases[0]}' and ask a question about low back pain, e.g. "
        + ", ".join(f"'{p}'" for p in phrases[1:])
        + ". Say 'lees de folder voor' to hear the leaflet as audio (AudioPlayer): 'pauze' pauses, "
        "'Alexa, ga verder' resumes, 'volgende'/'vorige' skip. 'help' explains the options."
    )
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    LOCALE: {
                        "name": SKILL_NAME,
                        "summary": f"Adviezen uit de folder ‘{leaflet.title}’ over lage rugpijn: "
                                   "stel uw vraag of luister naar de folder.",
                        "description": _description(leaflet),
                        "examplePhrases": phrases,
                        "keywords": list(KEYWORDS),
                    }
                },
                "isAvailableWorldwide": False,
                "distributionCountries": list(DISTRIBUTION_COUNTRIES),
                "distributionMode": "PUBLIC",
                "category": CATEGORY,
                "testingInstructions": testing,
            },
            "privacyAndCompliance": {
                "locales": {
                    LOCALE: {
                        "privacyPolicyUrl": f"{base}/privacy",
                        "termsOfUseUrl": f"{base}/voorwaarden",
                    }
                },
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
            },
            "events": {
                "endpoint": {"uri": f"{base}/alexa", "sslCertificateType": cert},
                "subscriptions": [{"eventName": "SKILL_DISABLED"}],
            },
            "apis": {
                "custom": {
                    "endpoint": {"uri": f"{base}/alexa", "sslCertificateType": cert},
                    "interfaces": [
                        {"type": "AUDIO_PLAYER"},
                        {"type": "ALEXA_PRESENTATION_APL",
                         "supportedViewports": [dict(v) for v in SUPPORTED_VIEWPORTS]},
                    ],
                }
            },
            # Reminders to change posture (skill/alexa/reminders.py), asked for by voice when first needed.
            "permissions": [{"name": REMINDERS_PERMISSION}],
        }
    }


def validate_manifest(manifest: dict, model: dict | None = None) -> list[str]:
    """What Alexa (or certification) would refuse in ``manifest``; with ``model``, also example
    phrases that are not in the model. Empty when the manifest is fine."""
    problems: list[str] = []
    m = manifest.get("manifest", {})
    if m.get("manifestVersion") != "1.0":
        problems.append("manifestVersion must be '1.0'")
    endpoint = m.get("apis", {}).get("custom", {}).get("endpoint", {})
    for where, url in [("endpoint", endpoint.get("uri", "")),
                       *[(f"privacy {k}", v) for loc in m.get("privacyAndCompliance", {}).get("locales", {}).values()
                         for k, v in loc.items()]]:
        if not isinstance(url, str) or not url.startswith("https://"):
            problems.append(f"{where} URL {url!r} must be https (Alexa only calls https endpoints)")
    if endpoint.get("sslCertificateType") not in SSL_CERT_TYPES:
        problems.append(f"sslCertificateType {endpoint.get('sslCertificateType')!r} is not one of {SSL_CERT_TYPES}")
    info = m.get("publishingInformation", {})
    if not info.get("isAvailableWorldwide") and not info.get("distributionCountries"):
        problems.append("distributionCountries is required when isAvailableWorldwide is false")
    for locale, data in info.get("locales", {}).items():
        phrases = data.get("examplePhrases", [])
        if not 1 <= len(phrases) <= MAX_EXAMPLE_PHRASES:
            problems.append(f"{locale}: 1 to {MAX_EXAMPLE_PHRASES} example phrases, got {len(phrases)}")
        if len(data.get("summary", "")) > MAX_SUMMARY_CHARS:
            problems.append(f"{locale}: summary longer than {MAX_SUMMARY_CHARS} characters")
        if not data.get("description") or len(data["description"]) > MAX_DESCRIPTION_CHARS:
            problems.append(f"{locale}: description empty or longer than {MAX_DESCRIPTION_CHARS} characters")
        if len(data.get("keywords", [])) > MAX_KEYWORDS:
            problems.append(f"{locale}: more than {MAX_KEYWORDS} keywords")
        if model is not None:
            invocation = _language_model(model)["invocationName"]
            for i, phrase in enumerate(phrases):
                rest = _utterance(phrase, invocation)
                if rest is None:
                    problems.append(f"{locale}: example {phrase!r} does not start with "
                                    f"'Alexa, open/vraag {invocation}'")
                elif i == 0 and rest:
                    problems.append(f"{locale}: the first example must open the skill: 'Alexa, open {invocation}'")
                elif rest and phrase_in_model(rest, model) is None:
                    problems.append(f"{locale}: example {phrase!r} is not a sample utterance of the model")
    return problems


def _utterance(phrase: str, invocation: str) -> str | None:
    """What the user asks in an example phrase ('' for a plain launch), None if it is not one."""
    match = re.fullmatch(rf"Alexa, (open|vraag) {re.escape(invocation)}(?: (.+))?", phrase)
    if match is None or (match.group(1) == "vraag") != bool(match.group(2)):
        return None
    return match.group(2) or ""


def dump_manifest(manifest: dict) -> str:
    """The manifest as stable, readable JSON text (what gets committed)."""
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def generate_package(public_url: str = PLACEHOLDER_PUBLIC_URL, ssl_cert_type: str | None = None,
                     content_dir: Path | None = None,
                     model_path: Path = DEFAULT_MODEL_PATH) -> dict[Path, bytes]:
    """The package's files (relative path -> bytes) for ``public_url`` from the content and the model file."""
    from skill.content.leaflet import load_leaflet

    model_bytes = Path(model_path).read_bytes()
    model = json.loads(model_bytes)
    settings = Settings(public_url=public_url.rstrip("/"))
    leaflet = load_leaflet(content_dir) if content_dir is not None else load_leaflet()
    manifest = build_manifest(settings, leaflet, model, ssl_cert_type)
    problems = validate_manifest(manifest, model)
    if problems:
        raise PackageError("; ".join(problems))
    return {Path(MANIFEST_FILE): dump_manifest(manifest).encode("utf-8"), MODEL_IN_PACKAGE: model_bytes}


def write_package(out_dir: Path | str = DEFAULT_PACKAGE_DIR, **kwargs: Any) -> list[Path]:
    """Write the package into ``out_dir`` (keyword arguments as for :func:`generate_package`)."""
    written = []
    for relative, data in generate_package(**kwargs).items():
        target = Path(out_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def check_package(out_dir: Path | str = DEFAULT_PACKAGE_DIR, **kwargs: Any) -> list[str]:
    """Files in ``out_dir`` that differ from what :func:`generate_package` produces (empty: up to date)."""
    differences = []
    for relative, data in generate_package(**kwargs).items():
        target = Path(out_dir) / relative
        if not target.is_file():
            differences.append(f"{target}: missing")
        elif target.read_bytes() != data:
            differences.append(f"{target}: differs from the generated file")
    return differences


def main_package(argv: Sequence[str] | None = None) -> int:
    """``rugadvies package [--check] [--output DIR] [--public-url URL] [--ssl-cert-type TYPE]``."""
    parser = argparse.ArgumentParser(prog="rugadvies package", description="Generate or check the Alexa skill "
                                     "package (skill.json and the interaction model) in the ASK CLI layout.")
    parser.add_argument("--check", action="store_true", help="only compare the package with what would be generated")
    parser.add_argument("--output", type=Path, default=DEFAULT_PACKAGE_DIR,
                        help="package directory (default: %(default)s)")
    parser.add_argument("--public-url", default=None,
                        help=f"public https base URL of the service (default: {PLACEHOLDER_PUBLIC_URL})")
    parser.add_argument("--ssl-cert-type", choices=SSL_CERT_TYPES, default=None,
                        help=f"endpoint certificate type (default: ${SSL_CERT_ENV} or Trusted; --check: Trusted)")
    parser.add_argument("--content", type=Path, default=None, help="content directory (default: content/)")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH,
                        help="interaction model (default: %(default)s)")
    args = parser.parse_args(argv)

    from skill.build.interaction_model import check_model

    cert = args.ssl_cert_type
    if cert is None and not args.check:  # the check is for the committed defaults, whatever the environment
        try:
            cert = Settings.from_env().ssl_cert_type
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
    stale = check_model(args.model, args.content)
    if stale:
        print(f"{args.model} is out of date: run `rugadvies model` first", file=sys.stderr)
        return 1
    options = dict(public_url=args.public_url or PLACEHOLDER_PUBLIC_URL, ssl_cert_type=cert,
                   content_dir=args.content, model_path=args.model)
    try:
        if args.check:
            return print_check(args.output, check_package(args.output, **options), "rugadvies package")
        for path in write_package(args.output, **options):
            print(f"wrote {path}")
    except PackageError as exc:
        print(f"cannot build the skill package: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main_package())
