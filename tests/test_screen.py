"""Echo Show: a section answer also shows its title and the same text, large and high-contrast."""

from skill.alexa import screen
from skill.tools.device import AlexaSession
from tests.helpers import Driver


def luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def texts(node):
    if isinstance(node, dict):
        if node.get("type") == "Text":
            yield node
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


def test_document_shape_and_contrast():
    doc = screen.document()
    assert doc["type"] == "APL" and doc["version"] and doc["mainTemplate"]["parameters"] == ["payload"]
    frame = doc["mainTemplate"]["items"][0]
    background = frame["backgroundColor"]
    nodes = list(texts(doc))
    assert {n["text"] for n in nodes} == {"${payload.section.subtitle}", "${payload.section.title}",
                                           "${payload.section.body}"}
    for node in nodes:
        assert contrast(node["color"], background) >= 4.5
        assert int(node["fontSize"].removesuffix("dp")) >= 24


def test_topic_answer_on_a_screen_shows_the_spoken_text(skill):
    driver = Driver(skill, AlexaSession(screen=True))
    driver.launch()
    for answer in (driver.topic("zitten"), driver.topic("blijven-bewegen"), driver.say("AMAZON.YesIntent")):
        (directive,) = [d for d in answer.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument"]
        data = directive["datasources"]["payload"]["section"]
        assert data["title"] in answer.text
        for line in data["body"].split("<br>"):
            assert line.removeprefix("• ") in answer.text
        assert directive["document"] == screen.document()


def test_no_screen_no_document(driver):
    assert driver.topic("zitten").directives == []


def test_text_is_escaped_for_apl():
    data = screen.datasource("a < b", ("x & y",), "t")["section"]
    assert data["title"] == "a &lt; b" and data["body"] == "x &amp; y"
