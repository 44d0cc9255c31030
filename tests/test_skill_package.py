"""The Alexa skill package: generated from the project, committed up to date, and its examples really work."""

from __future__ import annotations

import copy
import json
import re
from types import SimpleNamespace

import pytest

from skill.alexa.skill_builder import build_skill
from skill.tools.chat import OPEN_PHRASES, Chat
from skill.content.leaflet import load_leaflet
from skill.nlu.resolver import Resolver
from skill.settings import Settings
from skill.build.skill_package import (
    DEFAULT_MODEL_PATH, DEFAULT_PACKAGE_DIR, MODEL_IN_PACKAGE, PLACEHOLDER_PUBLIC_URL, SSL_CERT_ENV,
    PackageError, build_manifest, check_package, example_phrases, main_package, phrase_in_model,
    validate_manifest, write_package,
)

from skill.alexa.stores import MemoryAdapter

EXAMPLE_SECTIONS = load_leaflet().prompts.examples

URL = "https://rug.praktijk.test"
pytestmark = pytest.mark.slow  # the manifest and its example phrases take about a second each time


@pytest.fixture(scope="module")
def leaflet():
    return load_leaflet()


@pytest.fixture(scope="module")
def model():
    return json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest(leaflet, model):
    return build_manifest(Settings(public_url=URL), leaflet, model)["manifest"]


def test_committed_package_is_what_the_generator_makes_for_the_placeholder_url(capsys):
    assert check_package(DEFAULT_PACKAGE_DIR) == []
    assert main_package(["--check"]) == 0
    committed = json.loads((DEFAULT_PACKAGE_DIR / "skill.json").read_text(encoding="utf-8"))
    assert committed["manifest"]["apis"]["custom"]["endpoint"]["uri"] == f"{PLACEHOLDER_PUBLIC_URL}/alexa"


def test_model_in_the_package_is_a_byte_copy_of_the_generated_model():
    assert (DEFAULT_PACKAGE_DIR / MODEL_IN_PACKAGE).read_bytes() == DEFAULT_MODEL_PATH.read_bytes()


def test_manifest_structure(manifest):
    assert manifest["manifestVersion"] == "1.0"
    locale = manifest["publishingInformation"]["locales"]["nl-NL"]
    for key, kind in (("name", str), ("summary", str), ("description", str), ("examplePhrases", list),
                      ("keywords", list)):
        assert isinstance(locale[key], kind) and locale[key], key
    assert locale["name"] == "Rugadvies"
    assert 1 <= len(locale["examplePhrases"]) <= 3 and len(locale["summary"]) <= 160
    assert "fysiotherapeut" in locale["description"] and "huisarts" in locale["description"]
    info = manifest["publishingInformation"]
    assert info["category"] == "HEALTH_AND_FITNESS"
    assert info["distributionCountries"] == ["NL", "BE"] and info["isAvailableWorldwide"] is False
    privacy = manifest["privacyAndCompliance"]
    assert privacy["locales"]["nl-NL"] == {"privacyPolicyUrl": f"{URL}/privacy", "termsOfUseUrl": f"{URL}/voorwaarden"}
    assert (privacy["allowsPurchases"], privacy["usesPersonalInfo"], privacy["isChildDirected"],
            privacy["isExportCompliant"], privacy["containsAds"]) == (False, False, False, True, False)
    # the one permission: the reminders to stand up (asked for by voice when first needed)
    assert manifest["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    custom = manifest["apis"]["custom"]
    assert custom["endpoint"] == {"uri": f"{URL}/alexa", "sslCertificateType": "Trusted"}
    interfaces = {i["type"]: i for i in custom["interfaces"]}
    assert set(interfaces) == {"AUDIO_PLAYER", "ALEXA_PRESENTATION_APL"}
    viewports = interfaces["ALEXA_PRESENTATION_APL"]["supportedViewports"]
    assert {(v["mode"], v["shape"]) for v in viewports} >= {("HUB", "ROUND"), ("HUB", "RECTANGLE"), ("TV", "RECTANGLE")}
    for v in viewports:
        assert v["minWidth"] <= v["maxWidth"] and v["minHeight"] <= v["maxHeight"]


def test_every_url_in_the_manifest_is_https_when_the_public_url_is(manifest):
    urls = re.findall(r'"(\w+://[^"]+)"', json.dumps(manifest))
    assert len(urls) == 4 and all(u.startswith(f"{URL}/") for u in urls)


def test_the_skill_hears_when_it_is_disabled(manifest):
    events = manifest["events"]
    assert events["endpoint"] == manifest["apis"]["custom"]["endpoint"]
    assert events["subscriptions"] == [{"eventName": "SKILL_DISABLED"}]


def test_manifest_from_the_committed_content_is_valid(leaflet, model):
    assert validate_manifest(build_manifest(Settings(public_url=URL), leaflet, model), model) == []


def test_an_http_public_url_is_refused(leaflet, model, tmp_path, capsys):
    manifest = build_manifest(Settings(public_url="http://rug.praktijk.test"), leaflet, model)
    problems = validate_manifest(manifest, model)
    assert any("endpoint" in p and "https" in p for p in problems) and len(problems) == 3
    assert main_package(["--public-url", "http://rug.praktijk.test", "--output", str(tmp_path)]) == 1
    assert not any(tmp_path.iterdir())
    assert "https" in capsys.readouterr().err


def test_ssl_certificate_type_from_argument_setting_and_environment(leaflet, model, tmp_path, monkeypatch):
    def cert(manifest):
        return manifest["manifest"]["apis"]["custom"]["endpoint"]["sslCertificateType"]

    assert cert(build_manifest(Settings(public_url=URL), leaflet, model, "Wildcard")) == "Wildcard"
    settings = SimpleNamespace(public_url=URL, ssl_cert_type="SelfSigned")  # once Settings has the field
    assert cert(build_manifest(settings, leaflet, model)) == "SelfSigned"
    with pytest.raises(PackageError):
        build_manifest(Settings(public_url=URL), leaflet, model, "Selfsigned")
    monkeypatch.setenv(SSL_CERT_ENV, "Wildcard")
    assert main_package(["--public-url", URL, "--output", str(tmp_path)]) == 0
    assert cert(json.loads((tmp_path / "skill.json").read_text(encoding="utf-8"))) == "Wildcard"
    assert main_package(["--check"]) == 0  # the check is for the committed defaults, whatever the environment
    monkeypatch.setenv(SSL_CERT_ENV, "Unknown")
    assert main_package(["--public-url", URL, "--output", str(tmp_path)]) == 2


def test_package_for_a_deployment_goes_to_its_own_directory(tmp_path):
    written = write_package(tmp_path, public_url=URL + "/")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "interactionModels/custom/nl-NL.json", "skill.json"]
    skill_json = json.loads((tmp_path / "skill.json").read_text(encoding="utf-8"))
    assert skill_json["manifest"]["apis"]["custom"]["endpoint"]["uri"] == f"{URL}/alexa"
    assert (tmp_path / MODEL_IN_PACKAGE).read_bytes() == DEFAULT_MODEL_PATH.read_bytes()
    assert check_package(tmp_path, public_url=URL) == []
    assert check_package(tmp_path) == [f"{tmp_path / 'skill.json'}: differs from the generated file"]
    (tmp_path / MODEL_IN_PACKAGE).unlink()
    assert check_package(tmp_path, public_url=URL) == [f"{tmp_path / MODEL_IN_PACKAGE}: missing"]


def test_a_stale_model_is_not_packaged(tmp_path, capsys):
    stale = tmp_path / "nl-NL.json"
    stale.write_text(DEFAULT_MODEL_PATH.read_text(encoding="utf-8").replace("  ", "    "), encoding="utf-8")
    assert main_package(["--model", str(stale), "--output", str(tmp_path / "out")]) == 1
    assert "rugadvies model" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_phrase_in_model_matches_samples_with_slot_values(model):
    assert phrase_in_model("hoe moet ik tillen", model) == ("TopicIntent", {"onderwerp": "tillen"})
    assert phrase_in_model("Lees de folder voor", model) == ("ReadLeafletIntent", {})
    assert phrase_in_model("hoe moet ik vliegen", model) is None
    assert phrase_in_model("hoe moet ik tillen alstublieft", model) is None


def test_an_example_question_that_is_no_sample_is_refused(leaflet, model):
    pruned = copy.deepcopy(model)
    for intent in pruned["interactionModel"]["languageModel"]["intents"]:
        intent["samples"] = [s for s in intent.get("samples", []) if s != "hoe moet ik {onderwerp}"]
    with pytest.raises(PackageError, match="hoe moet ik tillen"):
        example_phrases(leaflet, pruned)


def _spoken(phrase: str, invocation: str) -> tuple[str, str]:
    match = re.fullmatch(rf"Alexa, (open|vraag) {re.escape(invocation)}(?: (.*))?", phrase)
    assert match, phrase
    return match.group(1), match.group(2) or ""


def test_example_phrases_work_with_the_resolver_and_the_skill(manifest, model, leaflet):
    invocation = model["interactionModel"]["languageModel"]["invocationName"]
    phrases = manifest["publishingInformation"]["locales"]["nl-NL"]["examplePhrases"]
    assert phrases[0] == f"Alexa, open {invocation}"
    resolver = Resolver.from_model(model)
    chat = Chat(build_skill(leaflet, MemoryAdapter()), resolver)

    verb, rest = _spoken(phrases[0], invocation)
    assert (verb, rest) == ("open", "") and f"open {invocation}" in OPEN_PHRASES
    assert chat.say(f"open {invocation}").intent == "LaunchRequest"

    one_shots = phrases[1:]
    assert one_shots, "at least one one-shot example"
    expected_sections = [s for s in EXAMPLE_SECTIONS if leaflet.get(s)][: len(one_shots)]
    for phrase, section_id in zip(one_shots, expected_sections):
        verb, rest = _spoken(phrase, invocation)
        assert verb == "vraag" and rest
        resolution = resolver.resolve(rest)
        turn = chat.one_shot(rest)
        assert turn.intent == resolution.intent and turn.speech
        if resolution.intent == "TopicIntent":
            assert resolution.slot_id("onderwerp") == section_id, phrase
            assert turn.section == section_id  # the skill answered about that section
        else:
            assert resolution.intent == "ReadLeafletIntent", phrase
