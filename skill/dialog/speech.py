"""Speech: pure functions that turn an answer (:class:`Said`) into SSML.

The words come from content/: the leaflet's text, the fixed prompts
(``content/prompts.yaml``) and the lexicon's readings, bundled as a :class:`Voice`.
:data:`BUILDERS` maps each kind of answer to the function that builds it. Every
text node is XML-escaped; the result is the inner part of ``<speak>`` (the SDK
adds the outer tags).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Mapping
from xml.sax.saxutils import escape

from skill.content.leaflet import Block, Leaflet, Section
from skill.content.lexicon import Lexicon
from skill.content.pace import PACES, Pace, ssml_rate
from skill.content.prompts import Prompts
from skill.dialog.listener import LAST_HEARD, PAUSED, PLAYING
from skill.dialog.reading import is_short, text_parts
from skill.dialog.reminders import OFFERED_AFTER, Plan
from skill.dialog.state import Said, Say

#: Alexa rejects output speech longer than this (characters of SSML).
MAX_SSML_CHARS = 8000


@dataclass(frozen=True, eq=False)
class Voice:
    """What the skill speaks from: the leaflet, its prompts and its lexicon, loaded together once.

    Hashed by identity, so the caches below key on it for free. ``fields`` are the
    placeholders every prompt may use that come from the leaflet (examples, topics).
    """

    leaflet: Leaflet
    prompts: Prompts
    lexicon: Lexicon
    examples: tuple[str, ...] = field(init=False)
    fields: Mapping[str, str] = field(init=False)

    @classmethod
    def of(cls, leaflet: Leaflet) -> "Voice":
        """The voice of ``leaflet`` with the prompts and lexicon of its own content directory."""
        return cls(leaflet, leaflet.prompts, leaflet.lexicon)

    def __post_init__(self) -> None:
        leaflet, prompts = self.leaflet, self.prompts
        examples = tuple(question_text(leaflet.section(sid).questions[0]) for sid in prompts.examples
                         if leaflet.get(sid) and leaflet.section(sid).questions)
        others = [s.spoken_name for s in leaflet.sections if s.id in prompts.examples]
        object.__setattr__(self, "examples", examples)
        object.__setattr__(self, "fields", {
            "example": examples[0] if examples else prompts["common.example"],
            "examples": f" {prompts['common.or']} ".join(examples),
            "topics": spoken_list([s.spoken_name for s in leaflet.sections], prompts),
            "others": spoken_list(others, prompts),
        })

    def say(self, key: str, **fields: str) -> str:
        """The prompt ``key`` with the leaflet's fields and ``fields`` filled in."""
        return self.prompts.format(key, **self.fields, **fields)


@dataclass(frozen=True)
class Reply:
    """What to say, what to say after silence, and whether the session ends."""

    ssml: str
    reprompt: str | None
    #: None: leave it to Alexa (an answer that hands over to Alexa's own question, such as a permission).
    end_session: bool | None
    section: str | None = None
    #: What a screen shows with a section answer: (title, the same text as spoken).
    screen: tuple[str, tuple[str, ...]] | None = None


#: A word split into leading punctuation, the word itself (with an abbreviation's dots) and trailing punctuation.
_WORD = re.compile(r"^([(\[{\"‘“']*)(.*?)([)\]}\"’”',;:!?]*)$", re.S)


@lru_cache(maxsize=4096)
def text(value: str, v: Voice) -> str:
    """Plain text as a safe SSML text node, with the lexicon's readings as ``<sub alias>``.

    A word the lexicon reads differently ("en/of", "bijv.") keeps its written form
    and gets the spoken one as alias; cached, since the same texts recur.
    """
    out = []
    for word in value.split(" "):
        lead, core, tail = _WORD.match(word).groups()
        said = v.lexicon.expand(core) if core else core
        if said == core:
            out.append(escape(word))
        else:
            alias = escape(said.rstrip(".") if core.endswith(".") else said, {'"': "&quot;"})
            out.append(f'{escape(lead)}<sub alias="{alias}">{escape(core)}</sub>{escape(tail)}')
    return " ".join(out)


def pause(ms: int = 400) -> str:
    return f'<break time="{ms}ms"/>'


def paragraph(v: Voice, *sentences: str) -> str:
    return "<p>" + " ".join(text(s, v) for s in sentences if s) + "</p>"


@lru_cache(maxsize=1024)
def block(b: Block, v: Voice) -> str:
    if b.kind == "list":
        return "<p>" + "".join(f"<s>{text(item, v)}</s>" for item in b.items) + "</p>"
    return paragraph(v, b.items[0])


#: First-person words in a user's phrase, as the skill says them back ("mijn knie" -> "uw knie").
_SECOND_PERSON = {"mijn": "uw", "m'n": "uw", "ik": "u", "me": "u", "mij": "u"}


def as_heard_by_you(phrase: str) -> str:
    return " ".join(_SECOND_PERSON.get(word.lower(), word) for word in phrase.split())


def heading(title: str) -> str:
    """A title as a spoken sentence: a full stop unless it already ends in punctuation."""
    return title if title[-1:] in ".?!" else title + "."


def screen_lines(blocks) -> tuple[str, ...]:
    """The spoken blocks as lines for a screen: paragraphs, and list items with a bullet."""
    lines: list[str] = []
    for b in blocks:
        lines.extend(f"• {item}" for item in b.items) if b.kind == "list" else lines.append(b.items[0])
    return tuple(lines)


def question_text(question: str) -> str:
    """A content question ("hoe moet ik [tillen]") as spoken text ("hoe moet ik tillen?")."""
    plain = question.replace("[", "").replace("]", "").strip()
    return plain[0].upper() + plain[1:] + "?"


def spoken_list(items: list[str], prompts: Prompts) -> str:
    """"a, b en c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {prompts['common.and']} " + items[-1]


def plain(ssml: str) -> str:
    """SSML as plain text (for the chat and logs)."""
    spaced = re.sub(r"<break[^>]*/>|</p>|</s>", " ", ssml)
    bare = re.sub(r"<[^>]+>", "", spaced)
    bare = bare.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", bare).strip()


# --- builders: one per kind of answer, each (said, section or None, voice) -> Reply -----------------------

Builder = Callable[[Said, "Section | None", Voice], Reply]


def _offer_after(section: Section, v: Voice, more: bool) -> tuple[str, str]:
    """The closing question of a section answer and its re-prompt."""
    yes_or_no = v.prompts["common.yes_or_no"]
    if more:
        q = v.say("section.offer_more", name=section.spoken_name)
        return q, f"{q} {yes_or_no}"
    if section.id in OFFERED_AFTER:  # the leaflet's advice to change posture: offer a reminder
        q = v.say(f"reminder_offer.{OFFERED_AFTER[section.id].value}")
        return q, f"{q} {yes_or_no}"
    following = v.leaflet.next(section.id)
    if following is not None:
        q = v.say("section.offer_next", next=following.spoken_name)
        return q, f"{q} {yes_or_no}"
    return v.say("section.last"), v.prompts["common.ask_what"]


def _summary(said: Said, section: Section, v: Voice) -> Reply:
    short = is_short(section)
    q, reprompt = _offer_after(section, v, more=not short)
    blocks = section.blocks if short else (Block("paragraph", (section.summary,)),)
    ssml = paragraph(v, heading(section.title)) + "".join(block(b, v) for b in blocks) + paragraph(v, q)
    return Reply(ssml, paragraph(v, reprompt), False, section.id, (section.title, screen_lines(blocks)))


def _full(said: Said, section: Section, v: Voice) -> Reply:
    parts = text_parts(section)
    part = min(said.part, len(parts) - 1)
    body = "".join(block(b, v) for b in parts[part])
    if part == 0:
        body = paragraph(v, heading(section.title)) + body
    following = v.leaflet.next(section.id)
    if part + 1 < len(parts):
        q = v.say("section.read_on")
        reprompt = v.say("section.read_on_reprompt", name=section.spoken_name)
    elif said.whole and following is not None:
        q = v.say("section.read_on_with", next=following.spoken_name)
        reprompt = f"{q} {v.prompts['common.yes_or_no']}"
    else:
        q, reprompt = _offer_after(section, v, more=False)
    return Reply(body + pause() + paragraph(v, q), paragraph(v, reprompt), False, section.id,
                 (section.title, screen_lines(parts[part])))


def _ask(v: Voice, key: str, **fields: str) -> Reply:
    """An answer that keeps the session open: ``key.say``, and ``key.reprompt`` after silence."""
    return Reply(paragraph(v, v.say(f"{key}.say", **fields)), paragraph(v, v.say(f"{key}.reprompt", **fields)), False)


def _asking(key: str) -> Builder:
    """The builder of a fixed answer that asks what the user wants next."""
    def build(said: Said, section: Section | None, v: Voice) -> Reply:
        return _ask(v, key)
    build.__name__ = f"_ask_{key}"
    return build


def _ending(key: str) -> Builder:
    """The builder of a fixed answer after which the session ends (or the audio goes on)."""
    def build(said: Said, section: Section | None, v: Voice) -> Reply:
        return Reply(paragraph(v, v.say(f"{key}.say")), None, True)
    build.__name__ = f"_end_{key}"
    return build


def _welcome(said: Said, section: Section | None, v: Voice) -> Reply:
    rest = _ask(v, "welcome")
    return replace(rest, ssml=paragraph(v, v.say("welcome.greeting")) + rest.ssml)


def _welcome_back(said: Said, section: Section, v: Voice) -> Reply:
    ssml = paragraph(v, v.say("welcome_back.greeting")) + paragraph(v, v.say("welcome_back.say", title=section.title))
    return Reply(ssml, paragraph(v, v.say("welcome_back.reprompt")), False, None)


def _playing(said: Said, section: Section | None, v: Voice) -> Reply:
    what = v.say("playing.section", heading=heading(section.title)) if section else v.say("playing.leaflet")
    return Reply(paragraph(v, what) + paragraph(v, v.say("playing.say")), None, True)


def _unknown_topic(said: Said, section: Section | None, v: Voice) -> Reply:
    if said.heard:
        return _ask(v, "unknown_topic", heard=as_heard_by_you(said.heard))
    return _ask(v, "no_topic")


def _warning_signs(said: Said, section: Section | None, v: Voice) -> Reply:
    """The referral to the GP and the warning signs (content/safety.yaml, not the leaflet's: said so), then a way on."""
    safety = v.leaflet.safety
    signs = "<p>" + "".join(f"<s>{text(sign, v)}</s>" for sign in safety.signs) + "</p>"
    ssml = (paragraph(v, safety.referral) + paragraph(v, safety.signs_intro) + signs
            + paragraph(v, safety.notice) + paragraph(v, v.say("warning_signs.say")))
    return Reply(ssml, paragraph(v, v.say("warning_signs.reprompt")), False)


#: Kinds whose answer is not the leaflet's advice and so is given without the once-only leaflet notice
#: (it carries its own notice; the leaflet's comes with the next answer).
WITHOUT_DISCLAIMER = frozenset({Say.WARNING_SIGNS})

def spoken_delay(seconds: int, v: Voice) -> str:
    """A delay as said in Dutch: "een half uur", "20 minuten", "een uur en 15 minuten"."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours == 0 and minutes == 30:
        return v.prompts["reminder_words.half_hour"]
    parts = []
    if hours:
        parts.append(v.say("reminder_words.hours", n=str(hours)) if hours > 1 else v.prompts["reminder_words.hour"])
    if minutes or not hours:
        parts.append(v.say("reminder_words.minutes", n=str(minutes)) if minutes != 1 else v.prompts["reminder_words.minute"])
    return f" {v.prompts['common.and']} ".join(parts)


def spoken_clock(hour: int, minute: int = 0) -> str:
    """A time of day, unambiguous on a 24-hour clock: "9 uur", "16.30 uur"."""
    return f"{hour} uur" if minute == 0 else f"{hour}.{minute:02d} uur"


def reminder_text(plan: Plan, v: Voice) -> str:
    """What Alexa says when the reminder of ``plan`` goes off (plain text, as the Reminders API takes it)."""
    return v.prompts[f"reminder_alert.{plan.kind.value}"]


def _reminder(said: Said, section: Section | None, v: Voice) -> Reply:
    """The answers about a reminder: the prompt of the kind, with the plan's action, delay and hours."""
    key = said.kind.value.replace("-", "_")
    plan = Plan.from_code(said.plan) or Plan()
    fields = {"action": v.prompts[f"reminder_words.{plan.kind.value}"]}
    if said.kind is Say.REMINDER_SET:
        key = "reminder_set.daily" if plan.recurring else "reminder_set.once"
        if plan.recurring:
            fields.update(first=spoken_clock(plan.hours[0]), last=spoken_clock(*plan.last_time))
        else:
            fields["delay"] = spoken_delay(plan.delay_s, v)
        return Reply(paragraph(v, v.say(key, **fields)), paragraph(v, v.prompts["common.ask_what"]), False)
    if said.kind is Say.REMINDER_PERMISSION:  # Alexa asks next, and its answer comes back as a request
        return Reply(paragraph(v, v.say(f"{key}.say", **fields)), None, None)
    return _ask(v, key, **fields)

# --- the listener's pace and progress (figures: see skill.dialog.listener) -----------------------------

def spoken_minutes(seconds: int, v: Voice) -> str:
    """A duration as it is said: "minder dan een minuut", "ongeveer een minuut", "ongeveer 4 minuten"."""
    if seconds < 45:
        return v.prompts["minutes.under_one"]
    n = max(1, round(seconds / 60))
    return v.prompts["minutes.one"] if n == 1 else v.say("minutes.many", n=str(n))


def _pace(said: Said, section: Section | None, v: Voice) -> Reply:
    index, playing = said.figures[:2]
    pace = PACES[index]
    if said.kind is Say.PACE_LIMIT:
        what = v.prompts["pace.slowest" if pace is Pace.SLOW else "pace.fastest"]
    else:
        what = v.prompts[f"pace.{pace.value}"]
    if playing:
        return Reply(paragraph(v, what, v.prompts["pace.playing"] if said.kind is Say.PACE_SET else ""), None, True)
    after = v.prompts["pace.kept" if said.kind is Say.PACE_SET else "common.ask_what"]
    return Reply(paragraph(v, what, after), paragraph(v, v.prompts["pace.reprompt"]), False)


def _progress(said: Said, section: Section, v: Voice) -> Reply:
    into, left, total, status = said.figures[:4]
    head = {PLAYING: "progress.playing", PAUSED: "progress.paused", LAST_HEARD: "progress.last"}[status]
    parts = [v.say(head, title=section.title)]
    if left <= 0:
        parts.append(v.prompts["progress.done"])
    elif into > 0:
        parts.append(v.say("progress.into_left", into=spoken_minutes(into, v), left=spoken_minutes(left, v)))
    else:
        parts.append(v.say("progress.left", left=spoken_minutes(left, v)))
    if total - left <= 0:
        parts.append(v.prompts["progress.last_section"])
    else:
        parts.append(v.say("progress.total", total=spoken_minutes(total, v)))
    if status == PLAYING:
        return Reply(paragraph(v, *parts), None, True, None)
    if status == PAUSED:
        return Reply(paragraph(v, *parts, v.prompts["progress.resume"]), paragraph(v, v.say("progress.reprompt")),
                     False, None)
    return Reply(paragraph(v, *parts, v.prompts["common.ask_what"]), paragraph(v, v.prompts["common.ask_what"]),
                 False, None)


def _progress_none(said: Said, section: Section | None, v: Voice) -> Reply:
    return _ask(v, "progress_none", total=spoken_minutes(said.figures[0], v))


def _not_heard(said: Said, section: Section, v: Voice) -> Reply:
    names = [v.leaflet.sections[i].spoken_name for i in said.figures]
    return _ask(v, "not_heard", missing=spoken_list(names, v.prompts), first=section.spoken_name)


#: How many figures each kind needs, and the largest value the first of them may have (None: any).
_FIGURES: Mapping[Say, tuple[int, int | None]] = {
    Say.PACE_SET: (2, len(PACES) - 1), Say.PACE_LIMIT: (2, len(PACES) - 1),
    Say.PROGRESS: (4, None), Say.PROGRESS_NONE: (1, None), Say.NOT_HEARD: (1, None),
}


def _figures_ok(said: Said, v: Voice) -> bool:
    """The figures an answer quotes fit its kind (session attributes may have been tampered with)."""
    need = _FIGURES.get(said.kind)
    if need is None:
        return True
    count, first_max = need
    if len(said.figures) < count or (first_max is not None and said.figures[0] > first_max):
        return False
    if said.kind is Say.PROGRESS:
        return said.figures[3] <= 2
    if said.kind is Say.NOT_HEARD:
        return all(i < len(v.leaflet.sections) for i in said.figures)
    return True


def at_pace(reply: Reply, pace: Pace) -> Reply:
    """The reply spoken at the listener's pace: ``<prosody rate="85%">`` around speech and re-prompt."""
    if pace is Pace.NORMAL:
        return reply

    def wrap(ssml: str) -> str:
        return f'<prosody rate="{ssml_rate(pace)}">{ssml}</prosody>'

    return replace(reply, ssml=wrap(reply.ssml), reprompt=wrap(reply.reprompt) if reply.reprompt else None)


#: Kinds whose answer is about one section: without a (known) section they become the error answer.
NEEDS_SECTION = frozenset({Say.SUMMARY, Say.FULL, Say.WELCOME_BACK, Say.PROGRESS, Say.NOT_HEARD})

#: Every kind of answer and the pure function that builds it.
BUILDERS: Mapping[Say, Builder] = {
    Say.SUMMARY: _summary,
    Say.FULL: _full,
    Say.WELCOME: _welcome,
    Say.WELCOME_BACK: _welcome_back,
    Say.PLAYING: _playing,
    Say.NOTHING_TO_RESUME: _asking("nothing_to_resume"),
    Say.NOTHING_PLAYING: _asking("nothing_playing"),
    Say.NOT_OFFERED: _ending("not_offered"),
    Say.NOT_OFFERED_ASK: _asking("not_offered"),
    Say.HOME: _asking("home"),
    Say.HELP: _asking("help"),
    Say.TOPICS: _asking("topics"),
    Say.DECLINED: _asking("declined"),
    Say.NOTHING_OFFERED: _asking("nothing_offered"),
    Say.UNKNOWN_TOPIC: _unknown_topic,
    Say.FALLBACK: _asking("fallback"),
    Say.END_OF_LEAFLET: _asking("end_of_leaflet"),
    Say.START_OF_LEAFLET: _asking("start_of_leaflet"),
    Say.GOODBYE: _ending("goodbye"),
    Say.ERROR: _asking("error"),
    Say.WARNING_SIGNS: _warning_signs,
    Say.GREETING: _asking("greeting"),
    Say.THANKS: _asking("thanks"),
    Say.ABOUT: _asking("about"),
    **{kind: _reminder for kind in (
        Say.REMINDER_CHOICE, Say.REMINDER_UNCLEAR, Say.REMINDER_PERMISSION, Say.REMINDER_SET, Say.REMINDER_DENIED,
        Say.REMINDER_NOT_ALLOWED, Say.REMINDER_BUSY, Say.REMINDER_FAILED, Say.REMINDERS_STOPPED, Say.REMINDERS_NONE,
        Say.REMINDERS_STOP_FAILED)},

    Say.PACE_SET: _pace,
    Say.PACE_LIMIT: _pace,
    Say.PROGRESS: _progress,
    Say.PROGRESS_NONE: _progress_none,
    Say.NOT_HEARD: _not_heard,
    Say.ALL_HEARD: _asking("all_heard"),
}


@lru_cache(maxsize=1024)
def reply_for(said: Said, v: Voice) -> Reply:
    """The reply for one answer. Pure, so cached: the same ``said`` always sounds the same."""
    section = v.leaflet.get(said.section) if said.section else None
    kind = Say.ERROR if (said.kind in NEEDS_SECTION and section is None) or not _figures_ok(said, v) else said.kind
    return BUILDERS[kind](said, section, v)


def with_disclaimer(reply: Reply, v: Voice) -> Reply:
    """The reply with the once-only notice that the advice does not replace a professional.

    Section answers start with it; other answers (the welcome) say their first sentence first.
    """
    notice = paragraph(v, v.prompts.disclaimer)
    if reply.section is None and "</p>" in reply.ssml:
        first, rest = reply.ssml.split("</p>", 1)
        return replace(reply, ssml=first + "</p>" + notice + rest)
    return replace(reply, ssml=notice + reply.ssml)
