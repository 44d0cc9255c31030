"""Tests for the leaflet data (content/leaflet.yaml), its loader and the text helpers."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from skill.content.leaflet import Block, ContentError, load_leaflet, parse_text
from skill.settings import PROJECT_ROOT
from skill.build.pdf_import import PDF_BULLET, clean_pdf_text
from skill.content.text import BULLET, normalize_ws, split_sentences

CONTENT_FILE = PROJECT_ROOT / "content" / "leaflet.yaml"
EXPECTED_IDS = (
    "inleiding", "wat-is-lage-rugpijn", "risicos", "blijven-bewegen", "acute-aanval", "tillen", "houding",
    "zitten", "staan", "werk", "conditie", "ontspannen", "fysiotherapeut",
)
WORD = re.compile(r"\w+")


def leaflet_path() -> Path:
    override = os.environ.get("RUGADVIES_LEAFLET")
    if override:
        return Path(override)
    return PROJECT_ROOT.parent / "shared" / "leaflet" / "minder-last-van-uw-rug.txt"


@pytest.fixture(scope="module")
def leaflet():
    return load_leaflet()


@pytest.fixture(scope="module")
def raw_blocks() -> list[Block]:
    path = leaflet_path()
    if not path.is_file():
        pytest.skip(f"raw leaflet not found at {path} (set RUGADVIES_LEAFLET)")
    return clean_pdf_text(path.read_text(encoding="utf-8"))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


# --- fidelity to the leaflet -------------------------------------------------------------------


def leaflet_sentences(blocks: list[Block], headings: set[str]) -> list[str]:
    """Sentences of the cleaned raw leaflet with heading lines (and inline headings) removed."""
    out: list[str] = []
    for block in blocks:
        for item in block.items:
            if block.kind == "paragraph":
                if item.rstrip(".") in headings:
                    continue
                for heading in headings:  # inline heading such as "Tillen. Sta er even ..."
                    if item.startswith(heading + ". "):
                        item = item[len(heading) + 2:]
            out.extend(split_sentences(item))
    return out


def test_every_leaflet_sentence_is_in_exactly_one_section_in_order(leaflet, raw_blocks):
    headings = {s.title.rstrip(".") for s in leaflet.sections} | {g.title for g in leaflet.groups}
    source = leaflet_sentences(raw_blocks, headings)
    assert len(source) > 80  # the leaflet really was parsed
    per_section = [s.sentences() for s in leaflet.sections]
    content = [sentence for sentences in per_section for sentence in sentences]
    missing = Counter(source) - Counter(content)
    invented = Counter(content) - Counter(source)
    assert not missing, f"leaflet sentences missing from content: {list(missing)}"
    assert not invented, f"content sentences not in the leaflet: {list(invented)}"
    assert content == source  # same order, each sentence in exactly one place


def test_headings_match_the_leaflet(leaflet, raw_blocks):
    paragraphs = {b.items[0].rstrip(".") for b in raw_blocks if b.kind == "paragraph"}
    for section in leaflet.sections:
        if section.id == "tillen":  # inline heading at the start of its paragraph
            assert any(p.startswith("Tillen. ") for p in paragraphs)
        else:
            assert section.title in paragraphs, section.title
        assert not section.title.endswith(".")
        assert not re.match(r"^\d", section.title)
    assert {g.title for g in leaflet.groups} <= paragraphs


def test_risicos_holds_the_example_list(leaflet):
    risicos = leaflet.section("risicos")
    kinds = [b.kind for b in risicos.blocks]
    assert kinds[-1] == "list" and len(risicos.blocks[-1].items) == 7
    assert risicos.blocks[-2] == Block("paragraph", ("Bijvoorbeeld:",))
    assert "roken" in risicos.blocks[-1].items


def test_no_pdf_artefacts_in_content():
    raw = CONTENT_FILE.read_text(encoding="utf-8")
    assert PDF_BULLET not in raw
    data = yaml.safe_load(raw)
    for section in data["sections"]:
        for field in ("title", "spoken_name", "text", "summary"):
            value = section[field]
            assert "  " not in value, (section["id"], field)
            assert not re.search(r"\w-\s+\w", value), (section["id"], field)  # no hyphen-breaks
            assert all(line == line.strip() for line in value.splitlines()), (section["id"], field)


def test_text_keeps_quotes_and_accents(leaflet):
    assert "‘even’" in leaflet.section("inleiding").text
    assert "niét bewegen" in leaflet.section("blijven-bewegen").text
    assert "‘uit vorm’" in leaflet.section("wat-is-lage-rugpijn").text


def test_text_round_trips_through_blocks(leaflet):
    for section in leaflet.sections:
        assert parse_text(section.text) == section.blocks
        for block in section.blocks:
            if block.kind == "list":
                assert all(line.startswith(BULLET + " ") for line in block.text.splitlines())


# --- ids, order, groups --------------------------------------------------------------------------


def test_ids_and_order(leaflet):
    assert leaflet.ids == EXPECTED_IDS
    assert [s.order for s in leaflet.sections] == list(range(1, 14))
    assert leaflet.title == "Minder last van uw rug"


def test_groups(leaflet):
    (group,) = leaflet.groups
    assert group.id == "praktisch-advies"
    assert group.section_ids == ("tillen", "houding", "zitten", "staan", "werk", "conditie", "ontspannen")
    assert [s.id for s in leaflet.sections if s.group == "praktisch-advies"] == list(group.section_ids)
    assert leaflet.section("inleiding").group is None


def test_next_and_previous(leaflet):
    assert leaflet.next("inleiding").id == "wat-is-lage-rugpijn"
    assert leaflet.previous("inleiding") is None
    assert leaflet.next("fysiotherapeut") is None
    assert leaflet.previous("fysiotherapeut").id == "ontspannen"
    assert leaflet.next("acute-aanval").id == "tillen"
    assert leaflet.get("hernia") is None
    with pytest.raises(KeyError):
        leaflet.section("hernia")
    with pytest.raises(KeyError):
        leaflet.next("hernia")


def test_loader_is_cached(leaflet):
    assert load_leaflet() is leaflet
    assert load_leaflet(PROJECT_ROOT / "content") is leaflet


# --- spoken summaries ----------------------------------------------------------------------------


def test_summaries_are_short(leaflet):
    for section in leaflet.sections:
        assert 5 <= len(section.summary.split()) <= 70, section.id


def test_summaries_use_the_leaflets_words(leaflet):
    """Each summary sentence is made of its section's words and word pairs: invented advice fails."""
    for section in leaflet.sections:
        text_words = words(section.text)
        vocabulary = set(text_words)
        pairs = set(zip(text_words, text_words[1:]))
        for sentence in split_sentences(section.summary):
            tokens = words(sentence)
            known = [t for t in tokens if t in vocabulary]
            assert len(known) >= 0.9 * len(tokens), (section.id, sentence)
            assert all(t in vocabulary for t in tokens if len(t) >= 5), (section.id, sentence)
            bigrams = list(zip(tokens, tokens[1:]))
            if bigrams:
                covered = sum(b in pairs for b in bigrams) / len(bigrams)
                assert covered >= 0.8, (section.id, sentence, covered)
            # a summary must not add a negation the leaflet sentence did not have
            negations = sum(t in {"niet", "geen", "nooit"} for t in tokens)
            assert negations <= sum(t in {"niet", "geen", "nooit"} for t in text_words)


def test_speech_addresses_the_user_with_u(leaflet):
    informal = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)
    for section in leaflet.sections:
        for value in (section.summary, section.spoken_name, section.text):
            assert not informal.search(value), (section.id, value)
    assert any(re.search(r"\bu\b", s.summary) for s in leaflet.sections)


# --- synonyms and questions ----------------------------------------------------------------------


def test_synonyms(leaflet):
    seen: dict[str, str] = {}
    for section in leaflet.sections:
        # Broad patient vocabulary per section (issue 12); the bound only catches a runaway list.
        assert 8 <= len(section.synonyms) <= 400, section.id
        for synonym in section.synonyms:
            assert synonym == normalize_ws(synonym.lower())
            assert re.fullmatch(r"[^\W_]+( [^\W_]+)*", synonym), synonym
            assert synonym not in seen, f"{synonym!r} in {seen.get(synonym)} and {section.id}"
            seen[synonym] = section.id
    # What the leaflet says nothing about is no synonym: it gets "Daar staat niets over in de folder" (painkiller
    # names are: acute-aanval names "pijnstillers (zoals paracetamol)").
    uncovered = {"hernia", "operatie", "mri", "röntgenfoto", "warmte", "warmtekussen", "kruik", "ijszak",
                 "kersenpitkussen", "matras", "sauna"}
    assert not uncovered & {w for s in seen for w in s.split()}


def test_questions(leaflet):
    for section in leaflet.sections:
        assert 4 <= len(section.questions) <= 25, section.id
        for question in section.questions:
            spans = re.findall(r"\[([^\]]+)\]", question)
            assert len(spans) == 1 and spans[0] in section.synonyms, question
            assert question == question.lower()


# --- schema errors -------------------------------------------------------------------------------


def minimal() -> dict:
    def section(sid: str, syn: str) -> dict:
        return {
            "id": sid, "title": sid.title(), "spoken_name": sid, "text": "Een zin. Nog een zin.",
            "summary": "Een zin.", "synonyms": [syn, f"{syn} twee"], "questions": [f"wat is [{syn}]"],
        }

    return {
        "title": "T",
        "source": "x.txt",
        "groups": [{"id": "g", "title": "G", "sections": ["b"]}],
        "sections": [section("a", "alfa"), section("b", "beta")],
    }


def write(tmp_path: Path, data: dict | str) -> Path:
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    (tmp_path / "leaflet.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_minimal_content_loads(tmp_path):
    leaflet = load_leaflet(write(tmp_path, minimal()))
    assert leaflet.ids == ("a", "b")
    assert leaflet.section("b").group == "g"
    assert leaflet.section("a").sentences() == ["Een zin.", "Nog een zin."]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["sections"][1]["synonyms"].append("alfa"), "duplicate synonym 'alfa' (also in section 'a')"),
        (lambda d: d["sections"][0]["questions"].append("wat is alfa"), "exactly one [bracketed] span"),
        (lambda d: d["sections"][0]["questions"].append("[alfa] of [alfa twee]"), "exactly one [bracketed] span"),
        (lambda d: d["sections"][0]["questions"].append("wat is [beta]"), "[beta]"),
        (lambda d: d["sections"][0].update(extra=1), "section 'a'"),
        (lambda d: d["sections"][0].update(extra=1), "unknown key(s) extra"),
        (lambda d: d["sections"][0].pop("summary"), "missing field(s) summary"),
        (lambda d: d["sections"][1].update(id="a"), "duplicate section id 'a'"),
        (lambda d: d["groups"][0]["sections"].append("zz"), "unknown section id(s) zz"),
        (lambda d: d.update(colour="red"), "unknown key(s) colour"),
        (lambda d: d["sections"][0]["synonyms"].append("Alfa!"), "must be lowercase words"),
        (lambda d: d["sections"][0].update(text="• een\ngewone regel"), "mixes list items"),
        (lambda d: d["sections"][0].update(title=""), "title: expected a non-empty string"),
    ],
)
def test_schema_errors(tmp_path, mutate, message):
    data = minimal()
    mutate(data)
    with pytest.raises(ContentError) as info:
        load_leaflet(write(tmp_path, data))
    assert message in str(info.value)
    assert "leaflet.yaml" in str(info.value)


def test_bracket_not_a_synonym_names_the_problem(tmp_path):
    data = minimal()
    data["sections"][0]["questions"] = ["wat is [gamma]"]
    with pytest.raises(ContentError, match=r"\[gamma\].*not a synonym of this section"):
        load_leaflet(write(tmp_path, data))


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ContentError, match="not found"):
        load_leaflet(tmp_path / "nowhere")
    with pytest.raises(ContentError, match="invalid YAML"):
        load_leaflet(write(tmp_path, "sections: [\n"))


# --- text helpers --------------------------------------------------------------------------------


def test_clean_pdf_text_layout_rules():
    raw = (
        "\n4. Titel van de folder \n \n"
        "Eerste regel loopt \ndoor op de volgende.  \nNieuwe alinea \n\n\n\nna een paginaovergang.  \n \n"
        "Kopje \nTekst onder het kopje.  \nBijvoorbeeld:  \n\n"
        f"{PDF_BULLET} een item dat \nverder gaat  \n\n{PDF_BULLET} tweede  \n\n \n"
    )
    assert clean_pdf_text(raw) == [
        Block("paragraph", ("Titel van de folder",)),
        Block("paragraph", ("Eerste regel loopt door op de volgende.",)),
        Block("paragraph", ("Nieuwe alinea na een paginaovergang.",)),
        Block("paragraph", ("Kopje",)),
        Block("paragraph", ("Tekst onder het kopje.",)),
        Block("paragraph", ("Bijvoorbeeld:",)),
        Block("list", ("een item dat verder gaat", "tweede")),
    ]


def test_split_sentences():
    text = "Til bijv. een doos. Het is ‘even’ lastig! Is dat niét erg? Ja… Zo. Dr. Jansen zegt: 4 tot 6 uur."
    assert split_sentences(text) == [
        "Til bijv. een doos.", "Het is ‘even’ lastig!", "Is dat niét erg?", "Ja…", "Zo.", "Dr. Jansen zegt: 4 tot 6 uur.",
    ]
    assert split_sentences("• eerste item\n• tweede item") == ["eerste item", "tweede item"]
    assert split_sentences("geen hoofdletter. dus één zin") == ["geen hoofdletter. dus één zin"]
    assert split_sentences("") == []


def test_normalize_ws():
    assert normalize_ws("  a \u00a0 b\n\tc ") == "a b c"
