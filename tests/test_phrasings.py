"""content/phrasings/: the labelled phrasings the classifier learns from and ``rugadvies eval`` scores."""

from __future__ import annotations

import pytest

from skill.content.leaflet import load_leaflet
from skill.content.phrasings import PHRASINGS_DIR, load_phrasings, read_phrasings
from skill.settings import CONTENT_DIR


def test_every_set_of_the_folder_is_read():
    files = sorted((CONTENT_DIR / PHRASINGS_DIR).glob("*.tsv"))
    assert len(files) > 80
    assert len(load_phrasings()) == sum(len(read_phrasings(f)) for f in files) > 12_000


def test_every_answer_named_is_one_the_skill_has(model):
    """A misspelt label would silently teach nothing and count every line as a miss: each one names a section of
    the leaflet (or ``section:?``, a topic it lacks) or an intent of the model."""
    sections = {s.id for s in load_leaflet().sections} | {"?"}
    intents = {i["name"] for i in model["interactionModel"]["languageModel"]["intents"]}
    unknown = sorted({e for p in load_phrasings() for e in p.expected
                      if not (e.partition(":")[2] in (sections if e.startswith("section:") else intents))})
    assert unknown == []


def test_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# a comment\n\nhoe moet ik tillen\tsection:tillen\nzonder tab\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:4: expected"):
        read_phrasings(path)
    path.write_text("hoe moet ik tillen\ttillen\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.tsv:1: bad expectation"):
        read_phrasings(path)


def test_a_set_can_be_left_out_and_a_folder_be_missing(tmp_path):
    folder = tmp_path / PHRASINGS_DIR
    assert load_phrasings(tmp_path) == ()
    folder.mkdir()
    (folder / "a.tsv").write_text("hoe moet ik tillen\tsection:tillen\n", encoding="utf-8")
    (folder / "b.tsv").write_text("hallo\tintent:GreetingIntent|intent:AMAZON.HelpIntent\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a set\n", encoding="utf-8")
    assert [(p.utterance, p.expected) for p in load_phrasings(tmp_path)] == [
        ("hoe moet ik tillen", ("section:tillen",)), ("hallo", ("intent:GreetingIntent", "intent:AMAZON.HelpIntent"))]
    assert [p.utterance for p in load_phrasings(tmp_path, leave_out=frozenset({(folder / "a.tsv").resolve()}))] == [
        "hallo"]
