"""Reminders to change posture, through the skill, against a local stand-in of the Alexa Reminders API."""

from __future__ import annotations

import pytest

from skill.alexa.reminders import PERMISSION_SCOPE
from skill.alexa.skill_builder import build_skill
from skill.alexa.stores import MemoryAdapter
from skill.dialog.profile import Profile
from skill.dialog.reminders import Kind, Plan, parse_duration, plan_from_slots, working_hours
from skill.dialog.state import Say
from skill.tools.device import AlexaSession, slot
from skill.tools.reminders_api import ReminderApiStandIn
from tests.helpers import Driver

TIMEOUT = 0.4  # seconds per call: the stand-in's hang is longer


@pytest.fixture
def api():
    with ReminderApiStandIn() as standin:
        yield standin


@pytest.fixture
def store():
    return MemoryAdapter()


def make_driver(api, store, leaflet, granted=True) -> Driver:
    skill = build_skill(leaflet, store, reminders_timeout=TIMEOUT)
    return Driver(skill, AlexaSession(api_endpoint=api.url, granted=frozenset({PERMISSION_SCOPE} if granted else ())))


def stored_tokens(store, driver) -> tuple[str, ...]:
    envelope = driver.session.launch()
    return Profile.from_dict(store.get_attributes(_model(envelope))).reminders


def _model(envelope):
    from skill.tools.device import to_model
    return to_model(envelope)


def remind(driver, **values):
    slots = {name: slot(name, value, None) for name, value in values.items()}
    return driver.say("RemindStandUpIntent", **slots)


# --- the pure plan -----------------------------------------------------------------------------------------

def test_plan_reads_alexas_slot_values():
    assert parse_duration("PT30M") == 1800 and parse_duration("PT1H15M") == 4500 and parse_duration("P") is None
    assert parse_duration("PT") is None and parse_duration("30") is None
    assert working_hours((9, 0), (5, 0)) == (9, 17)  # "vijf" heard as 05:00 means the afternoon
    assert working_hours((9, 0), (17, 0)) == (9, 17)
    assert working_hours((17, 0), (17, 0)) is None
    assert plan_from_slots(Kind.STAND, "PT20M", None, None) == Plan(Kind.STAND, 1200)
    assert plan_from_slots(Kind.STAND, "P7D", None, None) == "unclear"
    assert plan_from_slots(Kind.STAND, None, "09:00", "EV") == "unclear"
    assert plan_from_slots(Kind.SIT, None, None, None) is None
    plan = plan_from_slots(Kind.STAND, None, "09:00", "17:00")
    assert plan.rule() == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,30;BYSECOND=0"
    assert Plan.from_code(plan.code) == plan and Plan.from_code("stand:once:5") is None
    assert Plan.from_code("x") is None and Plan.from_code(None) is None


# --- asking, permission, creating ----------------------------------------------------------------------------

def test_once_in_half_an_hour_with_permission(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    driver.launch()
    answer = remind(driver)
    assert answer.state.said.kind is Say.REMINDER_CHOICE and answer.end_session is False and answer.reprompt
    answer = driver.say("AMAZON.YesIntent")
    assert "over een half uur" in answer.text and "één keer" in answer.text, answer.text
    [(token, body)] = api.reminders.items()
    assert body["trigger"] == {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 1800}
    assert body["alertInfo"]["spokenInfo"]["content"][0]["locale"] == "nl-NL"
    assert "op te staan" in body["alertInfo"]["spokenInfo"]["content"][0]["text"]
    assert stored_tokens(store, driver) == (token,)


def test_recurring_on_working_days_confirms_time_and_recurrence(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    answer = remind(driver, van="09:00", tot="05:00")
    assert "elke werkdag" in answer.text and "van 9 uur tot en met 16.30 uur" in answer.text, answer.text
    [body] = api.reminders.values()
    trigger = body["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE" and trigger["timeZoneId"] == "Europe/Amsterdam"
    assert trigger["recurrence"]["recurrenceRules"] == [Plan(Kind.STAND, None, (9, 17)).rule()]
    assert trigger["recurrence"]["startDateTime"].endswith("T09:00:00")


def test_no_permission_asks_alexa_and_accepted_sets_the_plan(api, store, leaflet):
    driver = make_driver(api, store, leaflet, granted=False)
    answer = remind(driver, duur="PT20M")
    [directive] = answer.directives
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"]["permissionScope"] == PERMISSION_SCOPE
    assert directive["payload"]["@type"] == "AskForPermissionsConsentRequest"
    assert answer.end_session is None and not answer.reprompt and api.calls == []
    driver.session.granted = frozenset({PERMISSION_SCOPE})
    answer = driver.send(driver.session.connections_response("ACCEPTED", scope=PERMISSION_SCOPE))
    assert "over 20 minuten" in answer.text, answer.text
    assert [b["trigger"]["offsetInSeconds"] for b in api.reminders.values()] == [1200]


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_permission_refused_sets_nothing(api, store, leaflet, status):
    driver = make_driver(api, store, leaflet, granted=False)
    remind(driver, duur="PT30M")
    answer = driver.send(driver.session.connections_response(status))
    assert answer.state.said.kind is Say.REMINDER_DENIED and answer.end_session is False
    assert "geen herinnering" in answer.text
    assert api.calls == [] and stored_tokens(store, driver) == ()


def test_offer_after_the_text_on_sitting_and_standing(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    answer = driver.topic("zitten")
    assert "herinner" in answer.text and "op te staan" in answer.text
    assert driver.say("AMAZON.YesIntent").state.said.kind is Say.REMINDER_CHOICE
    driver.say("AMAZON.YesIntent")
    answer = driver.topic("staan")
    assert "te zitten" in answer.text
    driver.say("AMAZON.YesIntent")
    answer = driver.say("AMAZON.YesIntent")
    assert "te zitten" in answer.text
    texts = [b["alertInfo"]["spokenInfo"]["content"][0]["text"] for b in api.reminders.values()]
    assert "op te staan" in texts[0] and "te zitten" in texts[1]
    assert driver.say("AMAZON.NextIntent").state.said.kind is Say.SUMMARY  # "volgende" still moves on


def test_unclear_values_ask_again(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    answer = remind(driver, van="17:00", tot="17:00")
    assert answer.state.said.kind is Say.REMINDER_UNCLEAR and answer.reprompt and api.calls == []


# --- failures: a polite answer and nothing lost ---------------------------------------------------------------

@pytest.mark.parametrize("status, kind", [(401, Say.REMINDER_NOT_ALLOWED), (403, Say.REMINDER_NOT_ALLOWED),
                                          (429, Say.REMINDER_BUSY), (500, Say.REMINDER_FAILED),
                                          (503, Say.REMINDER_FAILED)])
def test_api_errors_are_polite_and_store_nothing(api, store, leaflet, status, kind):
    driver = make_driver(api, store, leaflet)
    remind(driver, duur="PT30M")
    before = stored_tokens(store, driver)
    driver.session.end()
    api.fail_next(status)
    answer = remind(driver, duur="PT30M")
    assert answer.state.said.kind is kind and answer.end_session is False and answer.reprompt
    assert stored_tokens(store, driver) == before and len(api.reminders) == 1


def test_permission_withdrawn_gives_401_and_a_polite_answer(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    api.granted = False  # the context still says granted; the API knows better
    answer = remind(driver, duur="PT30M")
    assert answer.state.said.kind is Say.REMINDER_NOT_ALLOWED and "Alexa-app" in answer.text
    assert stored_tokens(store, driver) == ()


def test_time_out_is_polite(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    api.fail_next(None, hang=TIMEOUT * 3)
    answer = remind(driver, duur="PT30M")
    assert answer.state.said.kind is Say.REMINDER_FAILED and "niets veranderd" in answer.text
    assert stored_tokens(store, driver) == ()


def test_unreachable_api_is_polite(store, leaflet):
    with ReminderApiStandIn() as gone:
        url = gone.url
    skill = build_skill(leaflet, store, reminders_timeout=TIMEOUT)
    driver = Driver(skill, AlexaSession(api_endpoint=url, granted=frozenset({PERMISSION_SCOPE})))
    answer = remind(driver, duur="PT30M")
    assert answer.state.said.kind is Say.REMINDER_FAILED


def test_plain_http_elsewhere_is_refused(store, leaflet):
    skill = build_skill(leaflet, store, reminders_timeout=TIMEOUT)
    driver = Driver(skill, AlexaSession(api_endpoint="http://api.example.invalid", granted=frozenset({PERMISSION_SCOPE})))
    assert remind(driver, duur="PT30M").state.said.kind is Say.REMINDER_FAILED


# --- stopping -----------------------------------------------------------------------------------------------

def test_stop_deletes_the_skills_reminders(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    remind(driver, duur="PT30M")
    remind(driver, van="09:00", tot="17:00")
    assert len(api.reminders) == 2 and len(stored_tokens(store, driver)) == 2
    answer = driver.say("StopRemindersIntent")
    assert answer.state.said.kind is Say.REMINDERS_STOPPED and api.reminders == {}
    assert stored_tokens(store, driver) == ()
    assert driver.say("StopRemindersIntent").state.said.kind is Say.REMINDERS_NONE


def test_stop_that_partly_fails_keeps_the_rest(api, store, leaflet):
    driver = make_driver(api, store, leaflet)
    remind(driver, duur="PT30M")
    remind(driver, duur="PT20M")
    api.fail_next(None)  # the list works
    api.fail_next(None)  # the first deletion works
    api.fail_next(500)  # the second fails
    answer = driver.say("StopRemindersIntent")
    assert answer.state.said.kind is Say.REMINDERS_STOP_FAILED and answer.reprompt
    assert stored_tokens(store, driver) == tuple(api.reminders) and len(api.reminders) == 1


@pytest.mark.parametrize("status", [401, 429, 503])
def test_stop_when_the_list_fails_changes_nothing(api, store, leaflet, status):
    driver = make_driver(api, store, leaflet)
    remind(driver, duur="PT30M")
    api.fail_next(status)
    assert driver.say("StopRemindersIntent").state.said.kind is Say.REMINDERS_STOP_FAILED
    assert len(api.reminders) == 1 and stored_tokens(store, driver) == tuple(api.reminders)


def test_help_names_the_reminder(driver):
    assert "herinner mij om op te staan" in driver.say("AMAZON.HelpIntent").text
