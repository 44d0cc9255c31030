"""content/prompts.yaml: every prompt the skill speaks is there, checked at load with errors that name key and file."""

import pytest
import yaml

from skill.content.prompts import SCHEMA, PromptsError, load_prompts, parse_prompts
from skill.settings import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "content" / "prompts.yaml"


def data():
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def write(tmp_path, value):
    (tmp_path / "prompts.yaml").write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_the_repository_prompts_load_with_the_common_texts_filled_in():
    prompts = load_prompts()
    assert set(prompts.texts) == set(SCHEMA)
    assert prompts["home.reprompt"] == prompts["common.ask_what"] == "Wat wilt u weten?"
    assert prompts["welcome_back.reprompt"] == "Wilt u verder luisteren? " + prompts["common.yes_or_no"]
    assert "{example}" in prompts["welcome.say"]  # filled in per leaflet, later
    assert prompts.disclaimer.startswith("Let op:") and "  " not in prompts.disclaimer
    assert load_prompts() is prompts


def test_a_missing_prompt_names_the_key_and_the_file(tmp_path):
    value = data()
    del value["help"]["reprompt"]
    with pytest.raises(PromptsError, match=r"prompts\.yaml: missing prompt\(s\) 'help\.reprompt'"):
        load_prompts(write(tmp_path, value))


def test_an_unknown_prompt_or_placeholder_is_refused(tmp_path):
    value = data()
    value["goodbye"]["extra"] = "Nog iets."
    with pytest.raises(PromptsError, match=r"unknown prompt\(s\) 'goodbye\.extra'"):
        parse_prompts(value)
    value = data()
    value["goodbye"]["say"] = "Tot ziens, {naam}."
    with pytest.raises(PromptsError, match=r"prompt 'goodbye\.say' uses unknown placeholder\(s\) \{naam\}"):
        parse_prompts(value)
    value["goodbye"]["say"] = "Tot ziens {"
    with pytest.raises(PromptsError, match="goodbye.say"):
        parse_prompts(value)


@pytest.mark.parametrize("bad", [None, "", 3, ["a"]])
def test_an_empty_or_odd_text_is_refused(bad):
    value = data()
    value["error"]["say"] = bad
    with pytest.raises(PromptsError, match="'error.say' must be a non-empty text"):
        parse_prompts(value)


def test_missing_file_and_bad_examples_are_clear(tmp_path):
    with pytest.raises(PromptsError, match="prompts file not found"):
        load_prompts(tmp_path)
    value = data()
    value["examples"] = "tillen"
    with pytest.raises(PromptsError, match="'examples' must be a list of section ids"):
        parse_prompts(value)
