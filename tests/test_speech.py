"""SSML building: valid XML, within Alexa's limits, faithful to content/, re-prompt whenever the session stays open."""

from dataclasses import replace
import xml.etree.ElementTree as ET

import pytest

from skill.dialog import speech
from skill.dialog.reading import is_short, text_parts
from skill.dialog.state import Said, Say
from skill.content.lexicon import load_lexicon, parse_lexicon
from skill.content.prompts import load_prompts


@pytest.fixture
def voice(leaflet):
    return speech.Voice(leaflet, load_prompts(), load_lexicon())


def all_answers(leaflet):
    for kind in Say:
        if kind in (Say.SUMMARY, Say.FULL):
            for section in leaflet.sections:
                parts = range(len(text_parts(section))) if kind is Say.FULL else [0]
                for part in parts:
                    yield Said(kind, section.id, part)
        else:
            yield Said(kind)
            yield Said(kind, heard="hoofdpijn & <spit>")


def parse(ssml):
    return ET.fromstring(f"<speak>{ssml}</speak>")


def test_every_answer_is_valid_ssml_within_limits(leaflet, voice):
    count = 0
    for said in all_answers(leaflet):
        reply = speech.reply_for(said, voice)
        parse(reply.ssml)
        assert len("<speak></speak>" + reply.ssml) <= speech.MAX_SSML_CHARS
        if reply.end_session or reply.end_session is None:  # None: Alexa's own question follows
            assert reply.reprompt is None
        else:
            parse(reply.reprompt)
            assert speech.plain(reply.reprompt).endswith("?") or "Zeg" in reply.reprompt
        count += 1
    assert count > 40


def test_text_is_escaped(leaflet, voice):
    ssml = speech.paragraph(voice, "rug & <knie>")
    assert "&amp;" in ssml and "&lt;knie&gt;" in ssml
    assert speech.plain(ssml) == "rug & <knie>"
    heard = speech.reply_for(Said(Say.UNKNOWN_TOPIC, heard="a & b <c>"), voice).ssml
    assert "a &amp; b &lt;c&gt;" in heard
    parse(heard)


def test_full_text_turns_together_are_the_section_word_for_word(leaflet, voice):
    for section in leaflet.sections:
        spoken = " ".join(speech.plain("".join(speech.block(b, voice) for b in part)) for part in text_parts(section))
        assert spoken.split() == section.text.replace("• ", "").split()


def test_summary_answer_comes_from_content_and_offers_more(leaflet, voice):
    for section in leaflet.sections:
        reply = speech.reply_for(Said(Say.SUMMARY, section.id), voice)
        said = speech.plain(reply.ssml)
        assert said.startswith(section.title)
        if is_short(section):
            assert " ".join(section.text.replace("• ", "").split()) in said
        else:
            assert section.summary in said
            assert f"Wilt u meer horen over {section.spoken_name}?" in said
        assert reply.section == section.id and not reply.end_session


@pytest.mark.parametrize("kind", [Say.HELP, Say.WELCOME, Say.FALLBACK])
def test_help_like_answers_give_concrete_examples_from_content(leaflet, voice, kind):
    said = speech.plain(speech.reply_for(Said(kind), voice).ssml)
    examples = voice.examples
    assert examples and examples[0] in said


def test_topics_names_every_section(leaflet, voice):
    said = speech.plain(speech.reply_for(Said(Say.TOPICS), voice).ssml)
    for section in leaflet.sections:
        assert section.spoken_name in said


def test_user_is_addressed_with_u(leaflet, voice):
    for said in all_answers(leaflet):
        words = set(speech.plain(speech.reply_for(said, voice).ssml).lower().replace(",", " ").split())
        assert not words & {"je", "jij", "jouw", "jou"}


def test_disclaimer_comes_once_after_a_greeting_or_before_advice(leaflet, voice):
    welcome = speech.plain(speech.with_disclaimer(speech.reply_for(Said(Say.WELCOME), voice), voice).ssml)
    assert welcome.startswith("Welkom bij Rugadvies, met de adviezen uit de folder Minder last van uw rug. Let op:")
    advice = speech.with_disclaimer(speech.reply_for(Said(Say.SUMMARY, "tillen"), voice), voice)
    assert speech.plain(advice.ssml).startswith("Let op")
    assert advice.ssml.count("fysiotherapeut of huisarts") == 1


def test_lexicon_readings_become_sub_aliases(leaflet, voice):
    ssml = speech.reply_for(Said(Say.SUMMARY, "tillen"), voice).ssml
    assert '<sub alias="en of">en/of</sub>' in ssml
    assert "en/of" in speech.plain(ssml)  # the written form stays for screens and logs
    risks = speech.reply_for(Said(Say.SUMMARY, "risicos"), voice).ssml
    assert '<sub alias="benen of knieën">benen/knieën</sub>' in risks
    parse(ssml)
    parse(risks)


def test_titles_are_spoken_as_one_sentence(leaflet, voice):
    for section in leaflet.sections:
        for kind in (Say.SUMMARY, Say.FULL):
            said = speech.plain(speech.reply_for(Said(kind, section.id), voice).ssml)
            assert "?." not in said and ".." not in said
    assert speech.heading("Wat is lage rugpijn precies?") == "Wat is lage rugpijn precies?"
    assert speech.heading("Zitten") == "Zitten."


def test_every_kind_of_answer_has_a_builder():
    assert set(speech.BUILDERS) == set(Say)


def test_speech_reads_with_the_lexicon_it_is_given(leaflet, voice):
    own = speech.Voice(leaflet, voice.prompts, parse_lexicon({"replacements": {"tillen": "optillen"}}))
    ssml = speech.reply_for(Said(Say.SUMMARY, "tillen"), own).ssml
    assert '<sub alias="optillen">tillen</sub>' in ssml.lower()
    assert "en/of</sub>" not in ssml  # the repository's lexicon is not read behind its back
    assert "en/of</sub>" in speech.reply_for(Said(Say.SUMMARY, "tillen"), voice).ssml


def test_prompts_come_from_the_prompts_given(leaflet, voice):
    texts = dict(voice.prompts.texts, **{"goodbye.say": "Dag & tot later."})
    own = speech.Voice(leaflet, replace(voice.prompts, texts=texts), voice.lexicon)
    reply = speech.reply_for(Said(Say.GOODBYE), own)
    assert reply.ssml == "<p>Dag &amp; tot later.</p>" and reply.end_session
