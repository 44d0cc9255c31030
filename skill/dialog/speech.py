"""Speech: pure functions that turn an answer (:class:`Said`) into SSML.

All Dutch wording the skill speaks lives here (the medical text itself comes from
content/). Every text node is XML-escaped; the result is the inner part of
``<speak>`` (the SDK adds the outer tags).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from skill.content.leaflet import Block, Leaflet, Section
from skill.content.lexicon import load_lexicon
from skill.dialog.reading import is_short, text_parts
from skill.dialog.state import Said, Say

#: Alexa rejects output speech longer than this (characters of SSML).
MAX_SSML_CHARS = 8000

DISCLAIMER = ("Let op: deze adviezen komen uit een folder over rugpijn "
              "en vervangen uw fysiotherapeut of huisarts niet.")
ASK_WHAT = "Wat wilt u weten?"
YES_OR_NO = "Zeg ja of nee."
#: Sections whose first question serves as an example in help and welcome texts.
EXAMPLE_SECTIONS = ("tillen", "acute-aanval", "zitten")


@dataclass(frozen=True)
class Reply:
    """What to say, what to say after silence, and whether the session ends."""

    ssml: str
    reprompt: str | None
    end_session: bool
    section: str | None = None
    #: What a screen shows with a section answer: (title, the same text as spoken).
    screen: tuple[str, tuple[str, ...]] | None = None


#: A word split into leading punctuation, the word itself (with an abbreviation's dots) and trailing punctuation.
_WORD = re.compile(r"^([(\[{\"‘“']*)(.*?)([)\]}\"’”',;:!?]*)$", re.S)


@lru_cache(maxsize=4096)
def text(value: str) -> str:
    """Plain text as a safe SSML text node, with the lexicon's readings as ``<sub alias>``.

    A word the lexicon reads differently ("en/of", "bijv.") keeps its written form
    and gets the spoken one as alias; cached, since the same texts recur.
    """
    lexicon = load_lexicon()
    out = []
    for word in value.split(" "):
        lead, core, tail = _WORD.match(word).groups()
        said = lexicon.expand(core) if core else core
        if said == core:
            out.append(escape(word))
        else:
            alias = escape(said.rstrip(".") if core.endswith(".") else said, {'"': "&quot;"})
            out.append(f'{escape(lead)}<sub alias="{alias}">{escape(core)}</sub>{escape(tail)}')
    return " ".join(out)


def pause(ms: int = 400) -> str:
    return f'<break time="{ms}ms"/>'


def paragraph(*sentences: str) -> str:
    return "<p>" + " ".join(text(s) for s in sentences if s) + "</p>"


@lru_cache(maxsize=1024)
def block(b: Block) -> str:
    if b.kind == "list":
        return "<p>" + "".join(f"<s>{text(item)}</s>" for item in b.items) + "</p>"
    return paragraph(b.items[0])


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


def examples(leaflet: Leaflet) -> list[str]:
    return [question_text(leaflet.section(sid).questions[0])
            for sid in EXAMPLE_SECTIONS if leaflet.get(sid) and leaflet.section(sid).questions]


def spoken_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def plain(ssml: str) -> str:
    """SSML as plain text (for the chat and logs)."""
    spaced = re.sub(r"<break[^>]*/>|</p>|</s>", " ", ssml)
    bare = re.sub(r"<[^>]+>", "", spaced)
    bare = bare.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", bare).strip()


def _offer_after(section: Section, leaflet: Leaflet, more: bool) -> tuple[str, str]:
    """The closing question of a section answer and its re-prompt."""
    if more:
        q = f"Wilt u meer horen over {section.spoken_name}?"
        return q, f"{q} {YES_OR_NO}"
    following = leaflet.next(section.id)
    if following is not None:
        q = f"Wilt u het volgende onderwerp horen, over {following.spoken_name}?"
        return q, f"{q} {YES_OR_NO}"
    return "Dat was het laatste onderwerp. " + ASK_WHAT, ASK_WHAT


def _summary(section: Section, leaflet: Leaflet) -> Reply:
    short = is_short(section)
    q, reprompt = _offer_after(section, leaflet, more=not short)
    blocks = section.blocks if short else (Block("paragraph", (section.summary,)),)
    ssml = paragraph(heading(section.title)) + "".join(block(b) for b in blocks) + paragraph(q)
    return Reply(ssml, paragraph(reprompt), False, section.id, (section.title, screen_lines(blocks)))


def _full(section: Section, part: int, leaflet: Leaflet, whole: bool = False) -> Reply:
    parts = text_parts(section)
    part = min(part, len(parts) - 1)
    body = "".join(block(b) for b in parts[part])
    if part == 0:
        body = paragraph(heading(section.title)) + body
    following = leaflet.next(section.id)
    if part + 1 < len(parts):
        q = "Zal ik verder lezen?"
        reprompt = f"Zal ik verder lezen over {section.spoken_name}? {YES_OR_NO}"
    elif whole and following is not None:
        q = f"Zal ik verder lezen, met {following.spoken_name}?"
        reprompt = f"{q} {YES_OR_NO}"
    else:
        q, reprompt = _offer_after(section, leaflet, more=False)
    return Reply(body + pause() + paragraph(q), paragraph(reprompt), False, section.id,
                 (section.title, screen_lines(parts[part])))


def _ask(*sentences: str, reprompt: str = ASK_WHAT) -> Reply:
    return Reply(paragraph(*sentences), paragraph(reprompt), False)


@lru_cache(maxsize=1024)
def render(said: Said, leaflet: Leaflet) -> Reply:
    """The reply for one answer. Pure, so cached: the same ``said`` always sounds the same."""
    ex = examples(leaflet)
    first_example = ex[0] if ex else "welke onderwerpen zijn er?"
    kind = said.kind
    section = leaflet.get(said.section) if said.section else None
    if kind is Say.SUMMARY and section:
        return _summary(section, leaflet)
    if kind is Say.FULL and section:
        return _full(section, said.part, leaflet, said.whole)
    if kind is Say.WELCOME:
        rest = _ask(f"U kunt mij een vraag stellen, zoals: {first_example}",
                    "Of zeg: welke onderwerpen zijn er? Of: lees de folder voor.", ASK_WHAT,
                    reprompt=f"{ASK_WHAT} U kunt bijvoorbeeld vragen: {first_example}")
        welcome = paragraph("Welkom bij Rugadvies, met de adviezen uit de folder Minder last van uw rug.")
        return replace(rest, ssml=welcome + rest.ssml)
    if kind is Say.WELCOME_BACK and section:
        q = "Wilt u verder luisteren?"
        return Reply(paragraph("Welkom terug bij Rugadvies.") + paragraph(f"U was gebleven bij ‘{section.title}’.", q),
                     paragraph(f"{q} {YES_OR_NO}"), False, None)
    if kind is Say.PLAYING:
        what = f"Ik lees voor: {heading(section.title)}" if section else "Ik lees de folder Minder last van uw rug voor."
        return Reply(paragraph(what) + paragraph("Zeg pauze om te stoppen, en later: ga verder."), None, True)
    if kind is Say.NOTHING_TO_RESUME:
        return _ask("Er is niets om verder te luisteren.", "Zeg: lees de folder voor, of stel een vraag.")
    if kind is Say.NOTHING_PLAYING:
        return _ask("Er wordt nu niets voorgelezen.", ASK_WHAT)
    if kind is Say.NOT_OFFERED:
        return Reply(paragraph("Dat kan hier niet: de folder wordt altijd op volgorde voorgelezen."), None, True)
    if kind is Say.HOME:
        return _ask(f"{ASK_WHAT} U kunt bijvoorbeeld vragen: {first_example}",
                    "Of zeg: welke onderwerpen zijn er?")
    if kind is Say.HELP:
        return _ask("Ik vertel u wat de folder Minder last van uw rug adviseert.",
                    "Stel een vraag, bijvoorbeeld: " + " Of: ".join(ex),
                    "Zeg: welke onderwerpen zijn er, voor een overzicht.",
                    "Zeg: lees de folder voor, om de hele folder te beluisteren.",
                    "Na een antwoord zegt u ja om meer te horen, volgende of vorige voor een ander onderwerp, "
                    "of herhaal.", ASK_WHAT)
    if kind is Say.TOPICS:
        names = [s.spoken_name for s in leaflet.sections]
        return _ask(f"De folder gaat over {spoken_list(names)}.",
                    "Over welk onderwerp wilt u iets horen?",
                    reprompt="Over welk onderwerp wilt u iets horen? Zeg bijvoorbeeld: tillen.")
    if kind is Say.DECLINED:
        others = [s.spoken_name for s in leaflet.sections if s.id in EXAMPLE_SECTIONS]
        return _ask(f"Goed. U kunt ook vragen naar een ander onderwerp, zoals {spoken_list(others)}.",
                    "Of zeg: welke onderwerpen zijn er?", ASK_WHAT)
    if kind is Say.NOTHING_OFFERED:
        return _ask(f"Waar wilt u iets over weten? U kunt bijvoorbeeld vragen: {first_example}")
    if kind is Say.UNKNOWN_TOPIC:
        if said.heard:
            return _ask(f"Over {as_heard_by_you(said.heard)} staat niets in de folder, "
                        "dus daar kan ik u geen advies over geven.",
                        "Als u nog vragen heeft, overleg dan met uw fysiotherapeut.",
                        "U kunt mij wel vragen naar onderwerpen uit de folder. Zeg bijvoorbeeld: "
                        "welke onderwerpen zijn er?")
        return _ask("Over welk onderwerp wilt u iets weten?",
                    f"U kunt bijvoorbeeld vragen: {first_example}",
                    reprompt="Over welk onderwerp wilt u iets weten? Zeg bijvoorbeeld: tillen.")
    if kind is Say.FALLBACK:
        return _ask("Sorry, daar kan ik u niet mee helpen.",
                    "Ik vertel alleen wat de folder over rugpijn adviseert.",
                    f"Vraag bijvoorbeeld: {first_example}", "Of zeg: welke onderwerpen zijn er?",
                    reprompt=f"{ASK_WHAT} Zeg bijvoorbeeld: welke onderwerpen zijn er?")
    if kind is Say.END_OF_LEAFLET:
        return _ask("Dit was het laatste onderwerp van de folder.",
                    "Zeg vorige om terug te gaan, of stel een andere vraag.")
    if kind is Say.START_OF_LEAFLET:
        return _ask("Dit is het eerste onderwerp van de folder.",
                    "Zeg volgende om verder te gaan, of stel een vraag.")
    if kind is Say.GOODBYE:
        return Reply(paragraph("Tot ziens, en beterschap."), None, True)
    return _ask("Sorry, er ging iets mis.", "Wilt u het nog eens proberen?")


def with_disclaimer(reply: Reply) -> Reply:
    """The reply with the once-only notice that the advice does not replace a professional.

    Section answers start with it; other answers (the welcome) say their first sentence first.
    """
    notice = paragraph(DISCLAIMER)
    if reply.section is None and "</p>" in reply.ssml:
        first, rest = reply.ssml.split("</p>", 1)
        return replace(reply, ssml=first + "</p>" + notice + rest)
    return replace(reply, ssml=notice + reply.ssml)
