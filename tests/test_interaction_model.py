"""The nl-NL interaction model: generated from content/, up to date, and valid for Alexa."""

from __future__ import annotations

import copy
import json
import re
from types import SimpleNamespace

import pytest

from skill.content.interaction import expand_alternatives, load_interaction, parse_interaction
from skill.content.leaflet import load_leaflet
from skill.build.interaction_model import (
    DEFAULT_MODEL_PATH,
    InteractionError,
    build_model,
    check_model,
    dump_model,
    generate_model,
    main_model,
    sample_text,
    validate_model,
)

REQUIRED_INTENTS = {
    "TopicIntent", "ReadLeafletIntent", "ReadSectionIntent", "ListTopicsIntent",
    "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent",
    "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent", "AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent",
    "AMAZON.ShuffleOffIntent", "WarningSignsIntent", "GreetingIntent", "ThanksIntent", "AboutSkillIntent",
}


@pytest.fixture(scope="module")
def model() -> dict:
    return generate_model()


@pytest.fixture(scope="module")
def lm(model) -> dict:
    return model["interactionModel"]["languageModel"]


def _intents(lm: dict) -> dict[str, dict]:
    return {i["name"]: i for i in lm["intents"]}


def test_committed_model_equals_what_content_generates():
    assert check_model(DEFAULT_MODEL_PATH) == []
    assert json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")) == generate_model()


def test_generated_model_passes_validation(model):
    assert validate_model(model, load_interaction().overriding_intents) == []
    assert validate_model(model), "without the exemption, out-of-domain samples that name topics are reported"


def test_invocation_name_is_two_lowercase_words(lm):
    name = lm["invocationName"]
    assert name == "rug advies"
    assert re.fullmatch(r"[a-z]+ [a-z]+", name)


def test_every_intent_the_skill_needs_is_there(lm):
    assert REQUIRED_INTENTS <= set(_intents(lm))
    assert len(_intents(lm)["AMAZON.FallbackIntent"]["samples"]) >= 100  # Alexa's out-of-domain model learns from them
    assert lm["modelConfiguration"] == {"fallbackIntentSensitivity": {"level": "MEDIUM"}}


def test_every_slot_in_a_sample_is_declared_with_a_defined_type(lm):
    types = {t["name"] for t in lm["types"]}
    for intent in lm["intents"]:
        declared = {s["name"]: s["type"] for s in intent.get("slots", [])}
        assert {t for t in declared.values() if not t.startswith("AMAZON.")} <= types  # or one of Alexa's built-ins
        for sample in intent["samples"]:
            for ref in re.findall(r"\{(\w+)\}", sample):
                assert ref in declared, (intent["name"], sample)


def test_samples_are_unique_lowercase_and_without_punctuation(lm):
    owner: dict[str, str] = {}
    for intent in lm["intents"]:
        for sample in intent["samples"]:
            assert sample not in owner, f"{sample!r} in {owner.get(sample)} and {intent['name']}"
            owner[sample] = intent["name"]
            assert sample == sample.lower()
            assert not re.search(r"[^\w\s'{}\-]|\d", sample), sample


def test_slot_values_are_the_sections_with_their_synonyms(lm):
    leaflet = load_leaflet()
    (slot_type,) = lm["types"]
    assert slot_type["name"] == "Onderwerp"
    values = {v["id"]: v["name"] for v in slot_type["values"]}
    assert list(values) == list(leaflet.ids)
    assert len(values) == 13
    for section in leaflet.sections:
        name = values[section.id]
        phrases = [name["value"], *name["synonyms"]]
        assert len(phrases) == len(set(phrases))
        assert set(phrases) == {sample_text(s) for s in section.synonyms}


def test_topic_samples_are_carriers_plus_section_questions(lm):
    interaction = load_interaction()
    topic = set(_intents(lm)["TopicIntent"]["samples"])
    assert {sample_text(c) for c in interaction.topic_carriers} <= topic
    for section in load_leaflet().sections:
        for question in section.questions:
            assert sample_text(re.sub(r"\[[^\]]*\]", "{onderwerp}", question)) in topic


def test_topic_and_read_section_intents_carry_the_slot(lm):
    for name in ("TopicIntent", "ReadSectionIntent"):
        assert _intents(lm)[name]["slots"] == [{"name": "onderwerp", "type": "Onderwerp"}]
        assert all("{onderwerp}" in s for s in _intents(lm)[name]["samples"])


def _fixture_leaflet():
    section = SimpleNamespace
    return SimpleNamespace(sections=(
        section(id="tillen", spoken_name="het tillen", synonyms=("tillen", "bukken", "iets optillen"),
                questions=("hoe moet ik [tillen]", "is [bukken] erg?", "Hoe moet ik [iets optillen]")),
        section(id="risicos", spoken_name="de risico’s voor uw rug", synonyms=("risicos", "roken"),
                questions=("is [roken] slecht",)),
    ))


def test_build_model_from_a_fixture_leaflet():
    interaction = load_interaction()
    lm = build_model(_fixture_leaflet(), interaction)["interactionModel"]["languageModel"]
    values = lm["types"][0]["values"]
    # The value name is the spoken name without its article, or else the first synonym.
    assert values[0] == {"id": "tillen", "name": {"value": "tillen", "synonyms": ["bukken", "iets optillen"]}}
    assert values[1] == {"id": "risicos", "name": {"value": "risicos", "synonyms": ["roken"]}}
    topic = _intents(lm)["TopicIntent"]["samples"]
    # Questions become samples in sample form, once each (two questions give "hoe moet ik {onderwerp}").
    assert topic.count("hoe moet ik {onderwerp}") == 1
    assert "is {onderwerp} erg" in topic
    assert "is {onderwerp} slecht" in topic
    assert validate_model({"interactionModel": {"languageModel": lm}}, interaction.overriding_intents) == []


def test_validate_model_reports_what_alexa_would_reject(model):
    bad = copy.deepcopy(model)
    lm = bad["interactionModel"]["languageModel"]
    lm["invocationName"] = "Rug Advies"
    intents = _intents(lm)
    intents["AMAZON.YesIntent"]["samples"] += ["stop", "Hallo", "twee, drie", "om 4 uur", "tillen"]
    intents["ListTopicsIntent"]["samples"].append("zeg iets over {thema}")
    problems = "\n".join(validate_model(bad))
    assert "invocation name" in problems
    assert "'stop' is also a sample of AMAZON.StopIntent" in problems
    assert "'Hallo' must be lowercase" in problems
    assert "'twee, drie' has words with digits or punctuation" in problems
    assert "'om 4 uur' has words with digits or punctuation" in problems
    assert "undeclared slot {thema}" in problems
    assert "'tillen' contains 'tillen', a synonym of tillen" in problems


def test_check_model_reports_a_stale_or_missing_file(tmp_path, model):
    path = tmp_path / "nl-NL.json"
    assert check_model(path) == [f"{path}: not found"]
    path.write_text(dump_model(model), encoding="utf-8")
    assert check_model(path) == []
    stale = copy.deepcopy(model)
    _intents(stale["interactionModel"]["languageModel"])["AMAZON.YesIntent"]["samples"].remove("ja")
    stale["interactionModel"]["languageModel"]["types"][0]["values"][0]["name"]["synonyms"].append("iets nieuws")
    path.write_text(dump_model(stale), encoding="utf-8")
    differences = check_model(path)
    assert any("AMAZON.YesIntent" in d and "missing 'ja'" in d for d in differences)
    assert any("not generated from content: 'iets nieuws'" in d for d in differences)


def test_main_model_writes_then_checks(tmp_path, capsys):
    path = tmp_path / "models" / "nl-NL.json"
    assert main_model(["--check", "--output", str(path)]) == 1
    assert main_model(["--output", str(path)]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == generate_model()
    assert main_model(["--check", "--output", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8").replace('"rug advies"', '"rug hulp"'), encoding="utf-8")
    assert main_model(["--check", "--output", str(path)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_load_interaction_rejects_malformed_files(tmp_path):
    with pytest.raises(InteractionError, match="not found"):
        load_interaction(tmp_path)
    (tmp_path / "interaction.yaml").write_text("invocation_name: rug advies\n", encoding="utf-8")
    with pytest.raises(InteractionError, match="missing field"):
        load_interaction(tmp_path)
    (tmp_path / "interaction.yaml").write_text(
        "invocation_name: rug advies\nslot: {name: onderwerp, type: Onderwerp}\ntopic_intent: TopicIntent\n"
        "topic_carriers: ['{onderwerp}']\nintents:\n  - {name: ReadSectionIntent, slots: [thema]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InteractionError, match="only the slot 'onderwerp'"):
        load_interaction(tmp_path)


def test_fallback_sensitivity_and_overriding_intents_are_validated(tmp_path):
    data = {"invocation_name": "rug advies", "slot": {"name": "onderwerp", "type": "Onderwerp"},
            "topic_intent": "TopicIntent", "topic_carriers": ["{onderwerp}"], "fallback_sensitivity": "LOUD",
            "intents": [{"name": "TopicIntent", "slots": ["onderwerp"]}]}
    with pytest.raises(InteractionError, match="fallback_sensitivity"):
        parse_interaction(data)
    data["fallback_sensitivity"] = "HIGH"
    data["intents"].append({"name": "AMAZON.FallbackIntent", "overrides_topics": "yes"})
    with pytest.raises(InteractionError, match="overrides_topics"):
        parse_interaction(data)
    data["intents"][1]["overrides_topics"] = True
    interaction = parse_interaction(data)
    assert interaction.overriding_intents == {"AMAZON.FallbackIntent"}
    bad = {"interactionModel": {"languageModel": {"invocationName": "rug advies", "intents": [],
                                                  "modelConfiguration": {"fallbackIntentSensitivity": {"level": "X"}}}}}
    assert any("fallbackIntentSensitivity" in p for p in validate_model(bad))


def test_samples_may_list_alternatives():
    assert expand_alternatives("(wat is|wat doet) (deze skill|rug advies)") == [
        "wat is deze skill", "wat is rug advies", "wat doet deze skill", "wat doet rug advies"]
    assert expand_alternatives("hallo (rug advies|)") == ["hallo rug advies", "hallo"]
    assert expand_alternatives("geen keuze (hier)") == ["geen keuze (hier)"]  # no "|": left as written
    about = next(i for i in load_interaction().intents if i.name == "AboutSkillIntent")
    assert "ben jij een robot" in about.samples and not any("(" in s or "|" in s for s in about.samples)


def _with_signs(**changes):
    signs = {"intent": "WarningSignsIntent", "context": ["rug*"], "back": ["ik heb rugpijn"],
             "carriers": ["{klacht} en {rug}", "{rug} {klacht}"], "per_phrase": 2,
             "signs": [{"name": "koorts", "phrases": ["ik heb koorts", "ik gloei"], "terms": ["koorts*", "gloei"]}]}
    signs.update(changes)
    return {"invocation_name": "rug advies", "slot": {"name": "onderwerp", "type": "Onderwerp"},
            "topic_intent": "TopicIntent", "topic_carriers": ["{onderwerp}"], "warning_signs": signs,
            "intents": [{"name": "TopicIntent", "slots": ["onderwerp"]}, {"name": "WarningSignsIntent"}]}


def test_warning_signs_generate_samples_from_phrases_and_carriers():
    signs = parse_interaction(_with_signs()).warning_signs
    assert signs.signs[0].terms == (("koorts*",), ("gloei",)) and signs.signs[0].alone == ()
    assert signs.other_complaints == () and signs.radiating_section is None
    radiating = parse_interaction(_with_signs(radiating={"section": "wat-is", "places": ["bil*"]})).warning_signs
    assert (radiating.radiating_section, radiating.radiating_places) == ("wat-is", ("bil*",))
    assert load_interaction().warning_signs.radiating_section in {s.id for s in load_leaflet().sections}
    physio = parse_interaction(_with_signs(other_care=["massage*", "mri"],
                                           physio_care={"names": ["fysio*"], "care": ["massage*"]})).warning_signs
    assert (physio.physio_names, physio.physio_care) == (("fysio*",), ("massage*",))
    assert parse_interaction(_with_signs(other_complaints=["*griep*", "astma"])).warning_signs.other_complaints == (
        "*griep*", "astma")
    leg = {"name": "been", "phrases": ["mijn been is slap"], "terms": ["been* slap*"], "alone": ["been* slap*"]}
    assert parse_interaction(_with_signs(signs=[leg])).warning_signs.signs[0].alone == (("been*", "slap*"),)
    assert signs.samples() == ["ik heb koorts en ik heb rugpijn", "ik heb rugpijn ik heb koorts",
                               "ik gloei en ik heb rugpijn", "ik heb rugpijn ik gloei"]
    content = load_interaction().warning_signs
    model = generate_model()
    intent = next(i for i in model["interactionModel"]["languageModel"]["intents"] if i["name"] == content.intent)
    assert {sample_text(s) for s in content.samples()} <= set(intent["samples"])


@pytest.mark.parametrize("changes,message", [
    ({"intent": "NoSuchIntent"}, "not among the intents"),
    ({"carriers": ["{klacht} alleen"]}, "needs {klacht} and {rug}"),
    ({"context": ["Rug"]}, "patterns are lowercase"),
    ({"signs": [{"name": "x", "phrases": ["ik heb x"], "terms": ["é"]}]}, "patterns are lowercase"),
    ({"per_phrase": -1}, "per_phrase"),
    ({"colour": "red"}, "unknown key"),
    ({"signs": [{"name": "x", "phrases": ["ik heb x"], "terms": ["x"], "alone": ["X"]}]}, "patterns are lowercase"),
    ({"signs": [{"name": "x", "phrases": ["ik heb x"], "terms": ["in__rust"]}]}, "_ between words"),
    ({"signs": [{"name": "x", "phrases": ["ik heb x"], "terms": ["_rust"]}]}, "_ between words"),
    ({"signs": [{"name": "x", "phrases": ["ik heb x"], "terms": ["x"], "alon": ["x"]}]}, "unknown key"),
    ({"other_complaints": ["griep*", "brandend maagzuur"]}, "one word per pattern"),
    ({"other_complaints": ["Griep"]}, "patterns are lowercase"),
    ({"radiating": {"section": "wat-is-lage-rugpijn"}}, "a section and places"),
    ({"radiating": {"section": "x", "places": ["bil been"]}}, "one word per pattern"),
    ({"physio_care": {"names": ["fysio"]}}, "names and care"),
    ({"other_care": ["massage*"], "physio_care": {"names": ["fysio"], "care": ["tapen"]}}, "also be in other_care"),
])
def test_warning_signs_are_validated(changes, message):
    with pytest.raises(InteractionError, match=message):
        parse_interaction(_with_signs(**changes))
