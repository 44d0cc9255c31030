"""Warning signs with back pain: the referral to the GP (content/safety.yaml), never leaflet advice, always said to be
not from the leaflet; radiating pain alone stays the leaflet's. Through the real skill, the resolver and the page."""

from __future__ import annotations

import functools

import pytest
import yaml

from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.content.leaflet import load_leaflet
from skill.content.safety import SafetyError, parse_safety
from skill.dialog.state import Say
from skill.nlu.resolver import Resolver
from skill.settings import PROJECT_ROOT
from skill.tools.chat import Chat
from skill.tools.device import AlexaSession
from tests.helpers import make_audio_dir, web_app

SAFETY_YAML = PROJECT_ROOT / "content" / "safety.yaml"


@functools.lru_cache(maxsize=1)
def resolver() -> Resolver:
    return Resolver.from_file()


def chat(leaflet) -> Chat:
    return Chat(build_skill(leaflet, MemoryAdapter()), resolver(), AlexaSession())


def leaflet_sentences(leaflet) -> set[str]:
    return {s for section in leaflet.sections for s in section.sentences()}


def assert_referral(text: str, leaflet) -> None:
    """The fixed referral first, every sign, the not-from-the-leaflet notice, and not one sentence of leaflet advice."""
    safety = leaflet.safety
    assert text.startswith(safety.referral), text
    assert all(sign in text for sign in safety.signs)
    assert safety.notice in text
    assert not [s for s in leaflet_sentences(leaflet) if s in text], "leaflet advice in a warning answer"


def test_the_safety_text_sends_to_the_gp_and_is_marked_as_not_the_leaflets(leaflet):
    safety = leaflet.safety
    for needed in ("vandaag nog uw huisarts", "huisartsenpost", "112"):
        assert needed in safety.referral
    assert "niet in de folder" in safety.notice and "Thuisarts.nl" in safety.notice
    assert safety.source_url.startswith("https://www.thuisarts.nl/")
    raw = yaml.safe_load(SAFETY_YAML.read_text(encoding="utf-8"))
    assert raw["source"]["not_from_leaflet"] is True
    radiating = [s for s in safety.signs if "uitstra" in s]
    assert radiating == [], "radiating pain alone is not a warning sign"


def test_warning_signs_get_the_referral_and_a_way_on(driver, leaflet):
    driver.launch()
    answer = driver.say("WarningSignsIntent")
    assert_referral(answer.text, leaflet)
    assert answer.end_session is False and answer.reprompt
    assert answer.state.said.kind is Say.WARNING_SIGNS and answer.state.said.section is None


def test_warning_signs_as_the_first_words_keep_the_leaflet_notice_for_the_next_session(driver, leaflet):
    """The leaflet's once-only notice ("deze adviezen komen uit een folder") would contradict the referral's own
    notice; a user who opens with a warning sign hears it when they next open the skill."""
    first = driver.say("WarningSignsIntent")
    assert_referral(first.text, leaflet)
    assert leaflet.prompts.disclaimer not in first.text
    driver.session.end()
    assert leaflet.prompts.disclaimer in driver.launch().text


def test_after_a_warning_yes_offers_no_leaflet_text_and_next_goes_on_from_the_focus(driver, leaflet):
    driver.launch()
    driver.topic("tillen")
    driver.say("WarningSignsIntent")
    assert driver.say("AMAZON.YesIntent").state.said.kind is Say.NOTHING_OFFERED
    assert driver.say("AMAZON.NextIntent").state.said.section == leaflet.next("tillen").id


@pytest.mark.parametrize("said", [
    "mijn been is gevoelloos en ik kan niet goed plassen",
    "ik heb rugpijn en koorts",
    "ik ben van de trap gevallen en nu heb ik rugpijn",
    "wanneer moet ik naar de huisarts",
])
def test_typed_warning_signs_reach_the_referral(leaflet, said):
    turn = chat(leaflet).one_shot(said)
    assert turn.intent == "WarningSignsIntent" and turn.section is None
    assert_referral(turn.speech, leaflet)


@pytest.mark.parametrize("said", ["mijn rugpijn straalt uit naar mijn bil", "de pijn trekt door naar mijn been"])
def test_radiating_pain_alone_gets_the_leaflet_section_not_the_referral(leaflet, said):
    turn = chat(leaflet).one_shot(said)
    assert turn.intent == "TopicIntent" and turn.section == "wat-is-lage-rugpijn"
    assert "De pijn kan ook uitstralen naar de bil of het been." in turn.speech
    assert leaflet.safety.referral not in turn.speech


def good_data():
    return yaml.safe_load(SAFETY_YAML.read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["source"].update(not_from_leaflet=False), "not_from_leaflet must be true"),
    (lambda d: d["source"].pop("notice"), "missing field(s) notice"),
    (lambda d: d["source"].update(url="http://www.thuisarts.nl/"), "https://"),
    (lambda d: d.update(signs=[]), "signs must be a non-empty list"),
    (lambda d: d.update(referral="  "), "referral: must be a non-empty text"),
    (lambda d: d.update(advice="rust maar uit"), "unknown field(s) advice"),
])
def test_the_safety_file_is_checked(change, message):
    data = good_data()
    change(data)
    with pytest.raises(SafetyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_safety(data, "safety.yaml")


def test_a_content_directory_with_its_own_safety_file_is_used(tmp_path):
    for name in ("leaflet.yaml",):
        (tmp_path / name).write_bytes((PROJECT_ROOT / "content" / name).read_bytes())
    data = good_data()
    data["referral"] = "Bel vandaag nog uw huisarts, of bij spoed 112."
    (tmp_path / "safety.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_leaflet(tmp_path).safety.referral == "Bel vandaag nog uw huisarts, of bij spoed 112."
    assert load_leaflet().safety.referral != load_leaflet(tmp_path).safety.referral


def test_the_page_shows_when_to_go_to_the_gp_marked_as_not_from_the_leaflet(tmp_path, leaflet):
    client = web_app(make_audio_dir(tmp_path / "audio", leaflet)).test_client()
    html = client.get("/").get_data(as_text=True)
    start = html.index('<section class="warning-signs"')
    block = html[start:html.index("</section>", start)]
    safety = leaflet.safety
    assert f">{safety.title}</h2>" in block and "deze tekst staat niet in de folder" in block
    assert f'href="{safety.source_url}"' in block
    assert block.count("<li>") == len(safety.signs)
    assert safety.referral.replace("'", "&#39;") in block
