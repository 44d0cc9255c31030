"""Ask on the page: GET /vraag answers through the chat's resolver, with the section, the safety referral or a
"not in the leaflet" page; JSON on request; odd input never gives a 5xx."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from skill.content.leaflet import load_leaflet
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import html

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.nlu.resolver import Resolver
from skill.settings import PROJECT_ROOT
from skill.tools.chat import Chat
from skill.web.ask import MAX_QUESTION, clean_question, leaflet_referral
from tests.helpers import web_app

REPO_AUDIO = PROJECT_ROOT / "audio"
JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def client():
    return web_app(REPO_AUDIO).test_client()


@pytest.fixture(scope="module")
def chat(leaflet):
    return Chat(build_skill(leaflet, MemoryAdapter()), Resolver.from_file())


def page_of(response):
    assert response.mimetype == "text/html"
    return html.fromstring(response.data)


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("question", ["hoe moet ik tillen", "lees het stuk over zitten voor", "mag ik sporten",
                                      "wat kan de fysiotherapeut voor mij doen", "ik heb spit"])
def test_the_page_answers_with_the_section_the_chat_would_speak(client, chat, leaflet, question):
    turn = chat.one_shot(question)
    assert turn.section, f"the chat finds a section for {question!r}"
    data = client.get("/vraag", query_string={"q": question}, headers=JSON).get_json()
    assert data["intent"] == turn.intent and data["section"] == turn.section and data["kind"] == "section"

    page = page_of(client.get("/vraag", query_string={"q": question}))
    section = leaflet.section(turn.section)
    (answer,) = page.xpath("//*[@id='antwoord']")
    (block,) = answer.xpath(f".//section[@id='{section.id}']")
    heading = block.xpath(f".//h2[@id='{section.id}-titel']")[0]
    assert text(heading) == section.title and heading.get("tabindex") == "-1" and heading.get("autofocus") is not None
    body = text(block)
    assert all(" ".join(item.split()) in body for b in section.blocks for item in b.items)
    assert block.xpath(f".//audio[@id='audio-{section.id}']/track[@kind='captions']")
    assert page.xpath("//input[@name='q']/@value") == [question], "the form keeps the question"


def test_warning_signs_get_the_referral_not_leaflet_advice(client, chat):
    question = "mijn been is gevoelloos"
    assert chat.resolver.resolve(question).intent == "WarningSignsIntent"
    data = client.get("/vraag", query_string={"q": question}, headers=JSON).get_json()
    assert data == {"intent": "WarningSignsIntent", "section": None, "kind": "safety", "question": question}
    page = page_of(client.get("/vraag", query_string={"q": question}))
    answer = page.xpath("//*[@id='antwoord']")[0]
    assert "huisarts" in text(answer) and "112" in text(answer)
    safety = load_leaflet().safety  # the skill's own referral and signs, marked as not from the leaflet
    assert " ".join(safety.referral.split()) in text(answer)
    assert all(sign in text(answer) for sign in safety.signs)
    assert answer.xpath(f".//a[@href='{safety.source_url}']") and "niet in de folder" in text(answer)
    assert not answer.xpath(".//audio") and not answer.xpath(".//section[@class='leaflet-section']")


@pytest.mark.parametrize("question", ["hoe repareer ik mijn fiets", "wat is het weer morgen", "over mijn knie"])
def test_other_questions_get_not_in_the_leaflet_with_the_referral_and_the_topics(client, leaflet, question):
    data = client.get("/vraag", query_string={"q": question}, headers=JSON).get_json()
    assert data["kind"] == "not_in_leaflet" and data["section"] is None
    answer = page_of(client.get("/vraag", query_string={"q": question})).xpath("//*[@id='antwoord']")[0]
    assert "niet in de folder" in text(answer)
    assert leaflet_referral(leaflet) in text(answer) and "fysiotherapeut" in leaflet_referral(leaflet)
    assert answer.xpath(".//a/@href") == [f"/#{s.id}" for s in leaflet.sections]


def test_topic_list_questions_get_the_topics(client, leaflet):
    data = client.get("/vraag?q=welke+onderwerpen+zijn+er", headers=JSON).get_json()
    assert data["kind"] == "topics" and data["intent"] == "ListTopicsIntent"


@pytest.mark.parametrize("query, kind, status", [
    ("", "empty", 200), ("q=", "empty", 200), ("q=%20%20%09", "empty", 200),
    ("q=" + "a" * (MAX_QUESTION + 1), "too_long", 400), ("q=" + "tillen%20" * 10_000, "too_long", 400),
    ("q=%00%01%02", "unreadable", 400), ("q=%ED%A0%80", "unreadable", 400), ("q=%FF%FE", "unreadable", 400),
    ("q=%00hoe%20moet%20ik%20tillen%1B", "section", 200), ("q=%CD%BA%090", "not_in_leaflet", 200), ("q=tillen&q=zitten", "section", 200),
    ("&".join(f"x{i}=1" for i in range(500)) + "&q=tillen", "empty", 200),
])
def test_empty_long_and_odd_input_gets_a_helpful_dutch_page(client, query, kind, status):
    response = client.get(f"/vraag?{query}")
    assert response.status_code == status
    page = page_of(response)
    assert page.get("lang") == "nl"
    heading = page.xpath("//*[@id='antwoord']//h2")[0]
    assert heading.text_content().strip()
    assert page.xpath("//form[@role='search']//input[@name='q']"), "the form again, to try once more"
    assert client.get(f"/vraag?{query}", headers=JSON).get_json()["kind"] == kind
    assert response.headers["Cache-Control"] == "no-store" and "Accept" in response.headers["Vary"]


def test_control_characters_and_surrogates_are_dropped():
    assert clean_question("\x00hoe\tmoet\u200b ik\ud800 tillen\ufffd\x7f ") == ("hoe moet ik tillen", True)
    assert clean_question("  knieën  ") == ("knieën", False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_no_query_string_gives_a_server_error(client, raw):
    query = quote(raw, safe="")
    for headers in ({}, JSON):
        response = client.get(f"/vraag?q={query}", headers=headers)
        assert response.status_code in (200, 400)


@pytest.mark.parametrize("text", ["\u037a", "\u037a 0", "\u00a8 \u0385", "\u037a tillen"])
def test_the_resolver_takes_characters_that_fold_to_a_space(text):
    """U+037A decomposes (NFKD) to a space and a combining mark: once a crash in the resolver."""
    resolution = Resolver.from_file().resolve(text)
    assert resolution.intent == ("TopicIntent" if "tillen" in text else "AMAZON.FallbackIntent")


def test_a_resolver_failure_is_logged_and_answered_not_in_the_leaflet(monkeypatch, caplog):
    from skill.nlu.resolver import Resolver

    def broken(self, text):
        raise ValueError("a resolver bug")

    monkeypatch.setattr(Resolver, "resolve", broken)
    client = web_app(REPO_AUDIO).test_client()  # a fresh app: the resolver is loaded on its first question
    with caplog.at_level("ERROR"):
        reply = client.get("/vraag", query_string={"q": "hoe moet ik tillen"}, headers=JSON)
    assert reply.status_code == 200 and reply.get_json()["kind"] == "not_in_leaflet"
    assert "the resolver failed" in caplog.text
