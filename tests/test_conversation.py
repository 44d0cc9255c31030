"""The conversation rules alone: state in, state out, no Alexa involved."""

from skill.dialog import rules as c
from skill.dialog.reading import is_short, text_parts
from skill.dialog.state import ConversationState, Said, Say


def test_topic_question_gives_summary_and_moves_focus(leaflet):
    state = c.ask_topic(ConversationState(), leaflet, "acute-aanval")
    assert state.said == Said(Say.SUMMARY, "acute-aanval")
    assert state.focus == "acute-aanval"


def test_unknown_topic_keeps_focus_and_remembers_what_was_heard(leaflet):
    before = c.ask_topic(ConversationState(), leaflet, "zitten")
    after = c.ask_topic(before, leaflet, None, "hoofdpijn")
    assert after.said == Said(Say.UNKNOWN_TOPIC, heard="hoofdpijn")
    assert after.focus == "zitten"
    assert c.ask_topic(before, leaflet, "no-such-section", "x").said.kind is Say.UNKNOWN_TOPIC


def test_yes_after_a_long_summary_reads_the_full_text_turn_by_turn(leaflet):
    long = next(s for s in leaflet.sections if len(text_parts(s)) > 1)
    state = c.ask_topic(ConversationState(), leaflet, long.id)
    seen = []
    for _ in range(len(text_parts(long))):
        state = c.yes(state, leaflet)
        seen.append(state.said)
    assert seen == [Said(Say.FULL, long.id, i) for i in range(len(text_parts(long)))]
    # after the last turn "ja" means: the next topic's summary
    state = c.yes(state, leaflet)
    assert state.said == Said(Say.SUMMARY, leaflet.next(long.id).id)


def test_yes_after_a_short_section_offers_the_next_topic(leaflet):
    short = next(s for s in leaflet.sections if is_short(s) and leaflet.next(s.id))
    state = c.yes(c.ask_topic(ConversationState(), leaflet, short.id), leaflet)
    assert state.said == Said(Say.SUMMARY, leaflet.next(short.id).id)


def test_yes_with_nothing_offered(leaflet):
    assert c.yes(c.help_(ConversationState()), leaflet).said.kind is Say.NOTHING_OFFERED
    assert c.yes(ConversationState(), leaflet).said.kind is Say.NOTHING_OFFERED
    last = leaflet.sections[-1]
    at_end = ConversationState().saying(Said(Say.FULL, last.id, len(text_parts(last)) - 1))
    assert c.yes(at_end, leaflet).said.kind is Say.NOTHING_OFFERED


def test_next_and_previous_follow_reading_order_and_stop_at_the_ends(leaflet):
    ids = list(leaflet.ids)
    state = c.next_section(ConversationState(), leaflet)
    assert state.said.section == ids[0]
    walked = [state.said.section]
    for _ in ids[1:]:
        state = c.next_section(state, leaflet)
        walked.append(state.said.section)
    assert walked == ids
    end = c.next_section(state, leaflet)
    assert end.said.kind is Say.END_OF_LEAFLET and end.focus == ids[-1]
    back = c.previous_section(end, leaflet)  # "zeg vorige om terug te gaan": back into the leaflet, at its end
    assert back.said.section == ids[-1]
    first = c.ask_topic(ConversationState(), leaflet, ids[0])
    assert c.previous_section(first, leaflet).said.kind is Say.START_OF_LEAFLET


def test_next_after_help_continues_from_the_focus(leaflet):
    state = c.help_(c.ask_topic(ConversationState(), leaflet, "tillen"))
    assert c.next_section(state, leaflet).said.section == leaflet.next("tillen").id


def test_repeat_and_start_over(leaflet):
    state = c.yes(c.ask_topic(ConversationState(), leaflet, "inleiding"), leaflet)
    assert c.repeat(state) == state
    assert c.repeat(ConversationState()).said.kind is Say.HOME
    assert c.start_over(state, leaflet).said == Said(Say.SUMMARY, "inleiding")
    assert c.start_over(ConversationState(), leaflet).said.kind is Say.HOME


def test_no_declines_but_keeps_the_place(leaflet):
    state = c.no(c.ask_topic(ConversationState(), leaflet, "werk"))
    assert state.said.kind is Say.DECLINED and state.focus == "werk"


def test_state_round_trips_and_rejects_tampering(leaflet):
    known = frozenset(leaflet.ids)
    state = c.yes(c.ask_topic(ConversationState(), leaflet, "inleiding"), leaflet)
    assert ConversationState.from_dict(state.to_dict(), known) == state
    for bad in (None, "x", [], {"said": {"kind": "nope"}}, {"said": {"kind": "full", "section": "../etc"}},
                {"said": {"kind": "full", "section": "tillen", "part": -1}},
                {"said": {"kind": "full", "section": "tillen", "part": True}}, {"focus": "elders"}):
        restored = ConversationState.from_dict(bad, known)
        assert restored.said is None and restored.focus is None


def test_reading_the_whole_leaflet_goes_on_section_after_section(leaflet):
    state = c.read_full(ConversationState(), leaflet.ids[0], whole=True)
    heard = [state.said]
    while (nxt := c.offer(state, leaflet)) is not None:
        state = c.yes(state, leaflet)
        heard.append(state.said)
    expected = [Said(Say.FULL, s.id, p, whole=True) for s in leaflet.sections for p in range(len(text_parts(s)))]
    assert heard == expected  # every turn of every section, in reading order, then nothing more is offered
    assert c.yes(state, leaflet).said.kind is Say.NOTHING_OFFERED
    # "volgende" and "vorige" while reading the leaflet move by whole sections of text
    reading = c.read_full(ConversationState(), "tillen", whole=True)
    assert c.next_section(reading, leaflet).said == Said(Say.FULL, leaflet.next("tillen").id, 0, whole=True)
    assert c.previous_section(reading, leaflet).said == Said(Say.FULL, leaflet.previous("tillen").id, 0, whole=True)
    # a single section read out ends with the offer of the next topic's summary, as before
    single = c.read_full(ConversationState(), "tillen")
    assert c.yes(single, leaflet).said == Said(Say.SUMMARY, leaflet.next("tillen").id)
    restored = ConversationState.from_dict(reading.to_dict(), leaflet.id_set)
    assert restored == reading


def test_answers_about_the_audio_name_their_kind_and_keep_the_focus():
    state = ConversationState(focus="tillen")
    assert c.playing(state, "zitten").said == Said(Say.PLAYING, "zitten")
    assert c.playing(state, None).focus == "tillen"
    assert c.nothing_playing(state).said.kind is Say.NOTHING_PLAYING
    assert c.nothing_to_resume(state).said.kind is Say.NOTHING_TO_RESUME
    assert c.past_the_end(state, forward=True).said.kind is Say.END_OF_LEAFLET
    assert c.past_the_end(state, forward=False).said.kind is Say.START_OF_LEAFLET
    assert c.not_offered(state, playing=True).said.kind is Say.NOT_OFFERED
    assert c.not_offered(state, playing=False).said.kind is Say.NOT_OFFERED_ASK
    assert all(s.focus == "tillen" for s in (c.nothing_playing(state), c.not_offered(state, False)))
