"""The sample classifier (skill/nlu/classifier.py) and the second opinion it gives the resolver."""

from __future__ import annotations

import pytest

from skill.content.phrasings import Phrasing
from skill.nlu.classifier import SampleClassifier, for_model, phrasing_rows, training_data
from skill.nlu.resolver import FALLBACK, Resolver, _fold_text, normalize

TOY = {"interactionModel": {"languageModel": {
    "invocationName": "toy",
    "intents": [
        {"name": "OrderIntent", "slots": [{"name": "dish", "type": "Dish"}],
         "samples": ["ik wil {dish} bestellen", "mag ik {dish}", "een portie {dish} graag", "{dish} alstublieft"]},
        {"name": "BillIntent", "samples": ["de rekening graag", "mag ik betalen", "ik wil afrekenen"]},
        {"name": "AMAZON.FallbackIntent", "samples": ["hoe laat is het", "wat voor weer wordt het", "speel muziek"]},
        {"name": "WaitIntent", "slots": [{"name": "tijd", "type": "AMAZON.DURATION"}],
         "samples": ["wacht {tijd}"]},
    ],
    "types": [{"name": "Dish", "values": [
        {"id": "soep", "name": {"value": "soep", "synonyms": ["tomatensoep", "erwtensoep", "bouillon", "groentesoep"]}},
        {"id": "friet", "name": {"value": "friet", "synonyms": ["patat", "frietjes", "patatje", "pommes"]}},
    ]}],
}}}


def test_every_synonym_is_used_and_labelled_with_its_value():
    texts, labels = training_data(TOY)
    pairs = set(zip(texts, labels))
    for value, words in {"soep": ["soep", "tomatensoep", "erwtensoep", "bouillon", "groentesoep"],
                         "friet": ["friet", "patat", "frietjes", "patatje", "pommes"]}.items():
        for word in words:  # five phrases, three per sample, four samples: each phrase at least once
            assert any(word in text.split() and label == f"value:Dish:{value}" for text, label in pairs), word
    assert ("de rekening graag", "intent:BillIntent") in pairs
    assert not any("wacht" in text for text in texts)  # a built-in slot: Alexa's values, not the model's


def test_a_new_synonym_adds_its_own_rows_and_leaves_the_others_as_they_were():
    """Which samples a phrase fills depends on the phrase and the samples only: more content moves the training set
    (and so the second opinion) no more than it must."""
    import copy

    grown = copy.deepcopy(TOY)
    grown["interactionModel"]["languageModel"]["types"][0]["values"][0]["name"]["synonyms"].append("linzensoep")
    before = list(zip(*training_data(TOY, samples_per_phrase=2)))
    after = list(zip(*training_data(grown, samples_per_phrase=2)))
    added = [row for row in after if row not in before]
    assert [row for row in after if row in before] == before  # every old row kept, in its order
    assert len(added) == 2 and all("linzensoep" in text and label == "value:Dish:soep" for text, label in added)


def test_each_phrase_fills_as_many_samples_as_asked():
    texts, labels = training_data(TOY, samples_per_phrase=2)
    assert sum(1 for t in texts if "pommes" in t.split()) == 2
    assert sum(1 for t in texts if "bouillon" in t.split()) == 2


def test_the_real_model_gives_every_synonym_to_the_classifier(model):
    texts = set(training_data(model)[0])
    joined = "\n".join(texts)
    values = model["interactionModel"]["languageModel"]["types"][0]["values"]
    missing = [s for v in values for s in v["name"].get("synonyms", []) if s not in joined]
    assert not missing, missing[:5]


def test_the_toy_classifier_tells_intents_and_values_apart():
    classifier = SampleClassifier(TOY, normalize, _fold_text)
    assert classifier.opinion("ik wil graag patatje bestellen").label == "value:Dish:friet"
    assert classifier.opinion("mag ik een kop groentesoep").label == "value:Dish:soep"
    assert classifier.opinion("ik wil nu afrekenen").label == "intent:BillIntent"
    assert classifier.opinion("wordt het morgen mooi weer").label == f"intent:{FALLBACK}"
    assert classifier.opinion("ik wil graag patatje bestellen").margin > 0


def _said(*lines: tuple[str, str]) -> tuple[Phrasing, ...]:
    return tuple(Phrasing(n, text, tuple(expected.split("|"))) for n, (text, expected) in enumerate(lines, start=1))


def test_phrasings_are_taught_their_first_answer_if_the_model_has_it():
    """``section:ID`` is the slot value ID, ``intent:NAME`` the intent; what the model lacks is left out (another
    model's section, an intent with a slot, a topic the leaflet does not cover)."""
    said = _said(("doe mij maar iets warms", "section:soep|section:friet"), ("ik ga ervandoor", "intent:BillIntent"),
                 ("iets met kaas", "section:kaas"), ("graag twee", "intent:OrderIntent"), ("sushi", "section:?"),
                 ("kan ik u helpen", "intent:NoSuchIntent"))
    assert phrasing_rows(TOY, said) == (["doe mij maar iets warms", "ik ga ervandoor"],
                                        ["value:Dish:soep", "intent:BillIntent"])


def test_a_phrasing_teaches_what_no_sample_says():
    """Words no sample or synonym uses ("iets warms", "opdoeken") are learnt from the phrasings alone."""
    said = _said(("doe mij maar iets warms", "section:soep"), ("iets warms graag", "section:soep"),
                 ("we gaan opdoeken", "intent:BillIntent"), ("tijd om op te doeken", "intent:BillIntent"))
    plain, taught = SampleClassifier(TOY, normalize, _fold_text), SampleClassifier(TOY, normalize, _fold_text, said)
    assert taught.opinion("iets warms voor mij").label == "value:Dish:soep"
    assert plain.opinion("iets warms voor mij").label != "value:Dish:soep"
    assert taught.opinion("we doeken op").label == "intent:BillIntent"
    assert taught.opinion("ik wil graag patatje bestellen").label == "value:Dish:friet"  # the samples still count


def test_other_phrasings_are_another_classifier():
    said = _said(("doe mij maar iets warms", "section:soep"))
    assert for_model(TOY, normalize, _fold_text, phrasings=said) is not for_model(TOY, normalize, _fold_text)
    assert for_model(TOY, normalize, _fold_text, phrasings=said) is for_model(TOY, normalize, _fold_text,
                                                                            phrasings=list(said))


def test_training_is_deterministic_and_done_once_per_model():
    first, second = SampleClassifier(TOY, normalize, _fold_text), SampleClassifier(TOY, normalize, _fold_text)
    assert first.opinion("een portie bouillon").margin == pytest.approx(second.opinion("een portie bouillon").margin)
    assert for_model(TOY, normalize, _fold_text) is for_model(TOY, normalize, _fold_text)


def test_a_cache_dir_keeps_the_trained_classifier_between_processes(tmp_path, monkeypatch):
    """A second process (here: the per-process cache emptied) reads the classifier from the directory and trains
    nothing; it answers as the trained one did."""
    from skill.nlu import classifier as module

    first = for_model(TOY, normalize, _fold_text, tmp_path)
    assert len(list(tmp_path.glob("classifier-*.pickle"))) == 1
    module._trained.cache_clear()

    def no_training(*args, **kwargs):
        raise AssertionError("trained again")

    monkeypatch.setattr(SampleClassifier, "__init__", no_training)
    again = for_model(TOY, normalize, _fold_text, tmp_path)
    assert again is not first and again.opinion("een portie bouillon") == first.opinion("een portie bouillon")
    module._trained.cache_clear()


def test_a_new_model_replaces_the_cached_classifier_of_the_old_one(tmp_path):
    """Each file is some MB: the one of an older model (or older code) is removed when the new one is written."""
    import copy

    from skill.nlu import classifier as module

    for_model(TOY, normalize, _fold_text, tmp_path)
    (old,) = tmp_path.glob("classifier-*.pickle")
    other = copy.deepcopy(TOY)
    other["interactionModel"]["languageModel"]["intents"][1]["samples"].append("ik wil de rekening")
    for_model(other, normalize, _fold_text, tmp_path)
    (new,) = tmp_path.glob("classifier-*.pickle")
    assert new != old
    module._trained.cache_clear()


def test_a_broken_cache_file_is_trained_again_and_replaced(tmp_path):
    from skill.nlu import classifier as module

    for_model(TOY, normalize, _fold_text, tmp_path)
    (path,) = tmp_path.glob("classifier-*.pickle")
    path.write_bytes(b"not a pickle")
    module._trained.cache_clear()
    assert for_model(TOY, normalize, _fold_text, tmp_path).opinion("ik wil nu afrekenen").label == "intent:BillIntent"
    assert path.read_bytes() != b"not a pickle"
    module._trained.cache_clear()


def test_a_cache_dir_that_cannot_be_written_still_gives_a_classifier(tmp_path):
    from skill.nlu import classifier as module

    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")  # the cache "directory" is a file: mkdir fails
    assert for_model(TOY, normalize, _fold_text, blocked / "cache").opinion("mag ik betalen").label == "intent:BillIntent"
    module._trained.cache_clear()


def test_the_cache_dir_setting():
    from skill.settings import Settings

    assert Settings.from_env({}).classifier_cache_dir.parts[-2:] == ("var", "nlu-cache")
    assert Settings.from_env({"RUGADVIES_CLASSIFIER_CACHE_DIR": "/tmp/x"}).classifier_cache_dir.as_posix() == "/tmp/x"
    assert Settings.from_env({"RUGADVIES_CLASSIFIER_CACHE_DIR": ""}).classifier_cache_dir is None


def test_a_model_of_one_intent_has_nothing_to_tell_apart():
    lonely = {"interactionModel": {"languageModel": {"intents": [{"name": "A", "samples": ["een", "twee"]}]}}}
    with pytest.raises(ValueError, match="two intents"):
        SampleClassifier(lonely, normalize, _fold_text)


@pytest.mark.parametrize("text", ["hoe vraag ik mijn collega om te stoppen met fluiten",
                                  "hoe stop ik met roken"])
def test_the_second_opinion_refuses_a_topic_word_in_another_request(resolver, matcher, text):
    """The sample matching alone answers these with a topic (a carrier of "collega", "roken" fits); the classifier
    finds them nearer the out-of-domain samples."""
    assert matcher.resolve(text).intent == "TopicIntent"
    assert resolver.resolve(text).intent == FALLBACK


def test_the_second_opinion_picks_the_section_the_question_asks_for(resolver, matcher):
    """The story names lifting crates, the question ("waardoor krijg ik rugpijn") asks for the risks."""
    text = "ik ben kassiere en draai de hele dag met zware kratten waardoor krijg ik rugpijn"
    assert matcher.resolve(text).slot_id("onderwerp") == "tillen"
    resolution = resolver.resolve(text)
    assert resolution.slot_id("onderwerp") == "risicos"
    assert resolution.slots["onderwerp"].value == "risicos"  # the value's name, as Alexa resolves a synonym


@pytest.mark.parametrize("text, section", [("roken", "risicos"), ("spit", "wat-is-lage-rugpijn"),
                                           ("hoe moet ik tillen", "tillen")])
def test_a_match_close_to_a_sample_stands(resolver, text, section):
    """A text that is a synonym or a sample (almost) as it is needs no second opinion."""
    assert resolver.resolve(text).slot_id("onderwerp") == section


def test_a_model_without_out_of_domain_samples_gets_no_second_opinion():
    toy = {"interactionModel": {"languageModel": {"intents": [
        i for i in TOY["interactionModel"]["languageModel"]["intents"] if i["name"] != FALLBACK],
        "types": TOY["interactionModel"]["languageModel"]["types"]}}}
    assert Resolver.from_model(toy)._classifier is None
    assert Resolver.from_model(TOY)._classifier is not None
