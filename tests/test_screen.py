"""Echo Show: a section answer also shows its title and the same text, large and high-contrast; the document
passes Amazon's apl-suggester and goes only to devices whose APL runtime supports it."""

import json
import shutil
import subprocess

import pytest

from skill.alexa import screen
from skill.settings import PROJECT_ROOT
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


# --- Amazon's apl-suggester and the device's APL version --------------------------------------------------------

APL_DIR = PROJECT_ROOT / "tests" / "apl"
NODE = shutil.which("node")
SUGGESTER = APL_DIR / "node_modules" / "apl-suggester"


@pytest.mark.slow
@pytest.mark.skipif(NODE is None or not SUGGESTER.is_dir(),
                     reason="node or tests/apl/node_modules/apl-suggester is missing (run scripts/setup.sh)")
def test_the_section_document_passes_apl_suggester_without_findings(tmp_path):
    proc = subprocess.run([NODE, str(APL_DIR / "validate.js"), str(screen.DOCUMENT)], capture_output=True,
                           text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    findings = json.loads(proc.stdout.splitlines()[-1])[str(screen.DOCUMENT)]
    assert findings == [] and proc.returncode == 0
    # the check is real: the old "heading" role is a warning
    bad = json.loads(screen.DOCUMENT.read_text(encoding="utf-8").replace('"role": "header"', '"role": "heading"'))
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    proc = subprocess.run([NODE, str(APL_DIR / "validate.js"), str(tmp_path / "bad.json")], capture_output=True,
                           text=True, timeout=120)
    (found,) = json.loads(proc.stdout.splitlines()[-1]).values()
    assert proc.returncode == 1 and [f["path"].rsplit("/", 1)[-1] for f in found] == ["role"]


def rendered(answer):
    return [d for d in answer.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument"]


@pytest.mark.parametrize("max_version, shown", [
    (screen.document()["version"], True), ("2024.2", True), ("2023.2", False), ("1.6", False), ("1.0", False),
    ("nonsense", False),
])
def test_a_device_gets_the_document_only_when_its_apl_runtime_supports_it(skill, max_version, shown):
    driver = Driver(skill, AlexaSession(screen=True, apl_max_version=max_version))
    driver.launch()
    answer = driver.topic("zitten")
    assert bool(rendered(answer)) is shown
    assert "Gebruik een rechte stoel" in answer.text  # the speech is the same either way


def test_apl_versions_compare_as_numbers():
    assert screen.apl_version("2023.3") > screen.apl_version("1.9") > screen.apl_version("1.8")
    assert screen.apl_version("1.10") > screen.apl_version("1.9")
    assert screen.apl_version("") is None and screen.apl_version("1.x") is None
    assert screen.runtime_supports(None) is True
