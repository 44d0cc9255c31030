"""Alexa's built-in slot types ``AMAZON.DURATION`` and ``AMAZON.TIME`` in Dutch, for the local resolver.

Alexa fills these slots itself: a duration as ISO 8601 ("over twintig minuten" -> ``PT20M``, "anderhalf
uur" -> ``PT1H30M``), a time of day as ``HH:MM`` ("half tien" -> ``09:30``, "vijf" -> ``05:00``, "vijf
uur 's middags" -> ``17:00``) or, for a part of the day alone, ``MO``/``AF``/``EV``/``NI``. The parsers
here give the same values from typed Dutch, with the number words "een" to "zestig" ("twintig",
"vijfenveertig", "vijf en twintig") as well as digits ("20 minuten", "17:00", "17.00", "1,5 uur"). A
parser reads a whole span of words or nothing: "negen minuten" is no time, "half tien" no duration.

:class:`BuiltinSlots` matches a text against the samples of the intents that have such slots, with the slot
phrases in place: :meth:`BuiltinSlots.match` when the whole text is a sample ("herinner mij over twintig
minuten om op te staan" against "herinner mij over {duur} om op te staan"), :meth:`BuiltinSlots.fill` for
the slots of a text the resolver already gave to such an intent (the part of a sample from the word before
its first slot: "over {duur}", "van {van} tot {tot}"). Words are compared as the resolver compares them,
through the ``stem`` function it passes in (fillers stem to ``""`` and are skipped).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Iterable, Sequence

from skill.content.interaction import SLOT_REF

__all__ = ["DURATION", "TIME", "PARSERS", "BuiltinSlots", "duration_value", "number_value", "time_value",
           "words_of"]

DURATION, TIME = "AMAZON.DURATION", "AMAZON.TIME"

# -- words -------------------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
# A clock time ("17:00", "17.00", "9u30", "9u"), a decimal ("1,5"), a number, or a word.
_TOKEN = re.compile(r"\d+(?:[.:,]\d+)?(?:u\d*)?|[^\W\d_]+")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def words_of(text: str) -> list[str]:
    """The lowercase words of ``text`` without diacritics or apostrophes ("'s middags" -> ``s``,
    ``middags``); a clock time or a decimal stays one word."""
    return _TOKEN.findall(_fold(_APOSTROPHES.sub("", unicodedata.normalize("NFC", text).lower())))


# -- numbers ------------------------------------------------------------------------------------------

_UNITS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_SMALL = {**_UNITS, "nul": 0, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
          "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60}
_WORD_NUMBERS = {**_SMALL, **_TENS, **{f"{u}en{t}": _UNITS[u] + _TENS[t] for u in _UNITS for t in _TENS
                                       if _TENS[t] < 60}}
_MAX_DIGITS = 3  # "120 minuten" is fine, a telephone number is no duration


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word) if len(word) <= _MAX_DIGITS else None
    return _WORD_NUMBERS.get(word)


def number_value(words: Sequence[str]) -> int | None:
    """The number said by all of ``words`` ("20", "twintig", "vijfenveertig", "vijf en veertig"), else None."""
    if len(words) == 1:
        return _number(words[0])
    if len(words) == 3 and words[1] == "en" and words[0] in _UNITS and words[2] in _TENS and _TENS[words[2]] < 60:
        return _UNITS[words[0]] + _TENS[words[2]]
    return None


def _amount(words: Sequence[str]) -> Fraction | None:
    """A number of units: a number, "anderhalf", "een half", "twee en een half", "tweeenhalf", "1,5"."""
    if len(words) == 1 and re.fullmatch(r"\d{1,3}[.,]\d{1,2}", words[0]):
        return Fraction(words[0].replace(",", "."))
    if len(words) == 1 and words[0] in ("anderhalf", "anderhalve"):
        return Fraction(3, 2)
    if list(words) in (["half"], ["halve"], ["een", "half"], ["een", "halve"]):
        return Fraction(1, 2)
    if len(words) == 1 and words[0].endswith("enhalf") and (n := _number(words[0][:-6])):
        return n + Fraction(1, 2)  # "tweeenhalf" (tweeënhalf)
    if len(words) >= 4 and words[-3:] == ["en", "een", "half"] and (n := number_value(words[:-3])):
        return n + Fraction(1, 2)  # "twee en een half"
    n = number_value(words)
    return Fraction(n) if n else None


# -- durations ----------------------------------------------------------------------------------------

# Unit words and their length in seconds; "kwartier" is a unit of its own ("drie kwartier").
_DURATION_UNITS = {
    **dict.fromkeys(("seconde", "seconden", "secondes", "secondje", "secondjes", "sec"), 1),
    **dict.fromkeys(("minuut", "minuten", "minuutje", "minuutjes", "min"), 60),
    **dict.fromkeys(("kwartier", "kwartiertje", "kwartieren"), 900),
    **dict.fromkeys(("uur", "uren", "uurtje", "uurtjes"), 3600),
    **dict.fromkeys(("dag", "dagen", "dagje", "dagjes"), 86400),
    **dict.fromkeys(("week", "weken", "weekje"), 7 * 86400),
}
_MAX_DURATION_S = 366 * 86400


def _duration_term(words: Sequence[str]) -> Fraction | None:
    """Seconds of one amount and its unit ("twintig minuten", "een half uur", "drie kwartier", "een kwartier")."""
    if not words or words[-1] not in _DURATION_UNITS:
        return None
    unit, amount_words = _DURATION_UNITS[words[-1]], list(words[:-1])
    if not amount_words and unit == 900:
        return Fraction(900)  # "over kwartier" is unusual but unambiguous
    amount = _amount(amount_words)
    if amount is None and amount_words == ["een"]:
        amount = Fraction(1)
    return amount * unit if amount else None


def _split_terms(words: Sequence[str]) -> Iterable[list[list[str]]]:
    """Ways to cut ``words`` into terms joined by "en" ("een uur en een kwartier"); "en" inside a term too
    ("twee en een half uur"), so every cut is tried."""
    yield [list(words)]
    for i, word in enumerate(words):
        if word == "en" and 0 < i < len(words) - 1:
            for rest in _split_terms(words[i + 1:]):
                yield [list(words[:i]), *rest]


def _iso_duration(seconds: int) -> str:
    """``seconds`` as ISO 8601 the way Alexa writes it: whole weeks as ``PnW``, else days and time."""
    if seconds % (7 * 86400) == 0:
        return f"P{seconds // (7 * 86400)}W"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    time = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    return "P" + (f"{days}D" if days else "") + (f"T{time}" if time else "")


def duration_value(words: Sequence[str]) -> str | None:
    """The ``AMAZON.DURATION`` value (ISO 8601) of a span of words (see :func:`words_of`), else None."""
    for terms in _split_terms(words):
        parts = [_duration_term(term) for term in terms]
        if all(p is not None for p in parts):
            total = sum(parts, Fraction(0))
            if total.denominator == 1 and 0 < total <= _MAX_DURATION_S:
                return _iso_duration(int(total))
    return None


# -- times of day -------------------------------------------------------------------------------------

#: Parts of the day, as Alexa gives them when no clock time is said, and whether a clock hour in them is p.m.
_DAYPARTS = {"ochtend": "MO", "ochtends": "MO", "morgens": "MO", "voormiddag": "MO", "middag": "AF",
             "middags": "AF", "namiddag": "AF", "avond": "EV", "avonds": "EV", "nacht": "NI", "nachts": "NI"}
_GENITIVE_DAYPARTS = ("ochtends", "morgens", "middags", "avonds", "nachts")  # "'s middags", also "smiddags"
_PM = frozenset({"AF", "EV"})


def _daypart(words: Sequence[str]) -> str | None:
    """The part of the day said by all of ``words``: "'s middags", "smiddags", "in de middag", "de avond"."""
    words = list(words)
    if len(words) == 1 and words[0].startswith("s") and words[0][1:] in _GENITIVE_DAYPARTS:
        return _DAYPARTS[words[0][1:]]
    if len(words) == 2 and words[0] == "s" and words[1] in _GENITIVE_DAYPARTS:
        return _DAYPARTS[words[1]]
    for prefix in (["in", "de"], ["de"], []):
        if len(words) == len(prefix) + 1 and words[:-1] == prefix and words[-1] in _DAYPARTS \
                and words[-1] not in _GENITIVE_DAYPARTS:
            return _DAYPARTS[words[-1]]
    return None


def _hour12(words: Sequence[str]) -> int | None:
    """An hour on the clock face, 1 to 12 ("tien", "10")."""
    n = number_value(words)
    return n if n is not None and 1 <= n <= 12 else None


def _clock(words: Sequence[str]) -> tuple[int, int] | None:
    """(hour, minute) of a clock time without a part of the day; the hour as said (0-23)."""
    words = list(words)
    if len(words) == 1 and (m := re.fullmatch(r"(\d{1,2})(?:[:.](\d{2})|u(\d{2})?)", words[0])):
        hour, minute = int(m.group(1)), int(m.group(2) or m.group(3) or 0)
        return (hour, minute) if hour <= 23 and minute <= 59 else None
    if words and words[0] == "om":
        return None  # "om negen uur": the preposition is the sample's, not the slot's
    if "uur" in words:  # "negen uur", "9 uur", "negen uur dertig"
        i = words.index("uur")
        hour = number_value(words[:i])
        minute = number_value(words[i + 1:]) if i + 1 < len(words) else 0
        if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
            return None
        return hour, minute
    if words[:1] == ["half"] and (h := _hour12(words[1:])):
        return (h - 1 or 12), 30  # "half tien" is 9.30, "half een" 12.30
    if len(words) >= 3 and words[1] in ("over", "voor"):
        minutes = 15 if words[0] == "kwart" else number_value(words[:1])
        rest = words[2:]
        if minutes is None or not 1 <= minutes <= 29:
            return None
        if rest[:1] == ["half"] and minutes <= 14 and (h := _hour12(rest[1:])):
            base = (h - 1 or 12) * 60 + 30  # "tien voor half vijf" is 4.20
        elif (h := _hour12(rest)) is not None:
            base = h * 60
        else:
            return None
        total = (base + minutes if words[1] == "over" else base - minutes) % (12 * 60)
        hour, minute = divmod(total, 60)
        return (hour or 12), minute
    n = number_value(words)  # a bare hour: "van negen tot vijf" is 09:00 and 05:00, as Alexa hears it
    return (n, 0) if n is not None and 0 <= n <= 23 else None


def time_value(words: Sequence[str]) -> str | None:
    """The ``AMAZON.TIME`` value of a span of words (see :func:`words_of`): ``HH:MM``, or ``MO``/``AF``/
    ``EV``/``NI`` for a part of the day alone; "middernacht" is 00:00. None if the span is no time."""
    words = list(words)
    if words == ["middernacht"]:
        return "00:00"
    if (part := _daypart(words)) is not None:
        return part
    for cut in range(1, len(words)):  # a clock time and the part of the day: "vijf uur 's middags"
        if (part := _daypart(words[cut:])) is not None:
            clock = _clock(words[:cut])
            if clock is None:
                return None
            hour, minute = clock
            if part in _PM and hour < 12:
                hour += 12
            elif part == "NI" and hour == 12:
                hour = 0
            elif part == "MO" and hour > 12:
                return None  # "zeventien uur 's ochtends"
            return f"{hour:02d}:{minute:02d}"
    clock = _clock(words)
    return f"{clock[0]:02d}:{clock[1]:02d}" if clock else None


#: The parser of each built-in slot type the local resolver knows.
PARSERS: dict[str, Callable[[Sequence[str]], str | None]] = {DURATION: duration_value, TIME: time_value}

# -- matching samples ---------------------------------------------------------------------------------

_MAX_SPAN = 7  # words of one slot value ("tien voor half vijf 's middags")


@dataclass(frozen=True)
class _Slot:
    name: str
    type: str


@dataclass(frozen=True)
class _Template:
    intent: str
    pieces: tuple[tuple[str, ...] | _Slot, ...]  # literal stems and slots, in order
    literals: frozenset[str]


class BuiltinSlots:
    """The samples of the intents with built-in slots, as templates to match a text against."""

    def __init__(self, language_model: dict, stem: Callable[[str], str]) -> None:
        self._stem = stem
        self._templates: list[_Template] = []  # whole samples
        self._samples: set[tuple[str, str]] = set()  # (intent, sample text) of the templates
        self._fragments: dict[str, list[_Template]] = {}  # by intent: from the word before the first slot
        for intent in language_model.get("intents", []):
            types = {s["name"]: s["type"] for s in intent.get("slots", []) if s.get("type") in PARSERS}
            for sample in intent.get("samples", []) if types else ():
                names = SLOT_REF.findall(sample)
                if not names or any(name not in types for name in names):
                    continue  # no built-in slot, or also another slot (that the resolver fills)
                pieces: list[tuple[str, ...] | _Slot] = []
                for i, part in enumerate(SLOT_REF.split(sample)):
                    if i % 2:
                        pieces.append(_Slot(part, types[part]))
                    elif stems := tuple(s for w in words_of(part) if (s := stem(w))):
                        pieces.append(stems)
                literals = frozenset(s for p in pieces if isinstance(p, tuple) for s in p)
                self._samples.add((intent["name"], sample))
                self._templates.append(_Template(intent["name"], tuple(pieces), literals))
                first = next(i for i, p in enumerate(pieces) if isinstance(p, _Slot))
                last = max(i for i, p in enumerate(pieces) if isinstance(p, _Slot))
                if first > 0:
                    cue = (pieces[first - 1][-1],)  # type: ignore[index]
                    fragment = (cue, *pieces[first:last + 1])
                    self._fragments.setdefault(intent["name"], [])
                    if all(f.pieces != fragment for f in self._fragments[intent["name"]]):
                        self._fragments[intent["name"]].append(_Template(intent["name"], fragment, frozenset(cue)))

    def __bool__(self) -> bool:
        return bool(self._templates)

    def reads(self, intent: str, sample: str) -> bool:
        """Whether ``sample`` of ``intent`` is one of the templates (all its slots are built-in ones)."""
        return (intent, sample) in self._samples

    def _words(self, text: str) -> tuple[list[str], list[str]] | None:
        words = words_of(text)
        if not any(w[0].isdigit() or w in _TRIGGERS for w in words):
            return None  # no number nor time word: nothing to fill (the common case, decided cheaply)
        return words, [self._stem(w) for w in words]

    def match(self, text: str) -> tuple[str, dict[str, str]] | None:
        """(intent, slot values) when all of ``text`` is a sample with its built-in slots filled, else None."""
        found = self._words(text)
        if found is None:
            return None
        words, stems = found
        present = set(stems)
        for template in self._templates:
            if template.literals <= present:
                values = _align(template.pieces, words, stems, 0, True)
                if values is not None:
                    return template.intent, values
        return None

    def fill(self, intent: str, text: str) -> dict[str, str]:
        """The built-in slot values of ``text``, read by the sample fragments of ``intent`` ("over {duur}",
        "van {van} tot {tot}") wherever they occur; the first fragment that fits wins."""
        fragments = self._fragments.get(intent)
        found = self._words(text) if fragments else None
        if found is None:
            return {}
        words, stems = found
        for fragment in fragments:
            for start, s in enumerate(stems):
                if s == fragment.pieces[0][0]:  # type: ignore[index]
                    values = _align(fragment.pieces, words, stems, start, False)
                    if values is not None:
                        return values
        return {}


#: Words without which a text holds no duration or time (besides digits): numbers but "een" (that needs a
#: unit: "een uur"), units, "half", "kwart", parts of the day. A cheap test before any template is tried.
_TRIGGERS = frozenset({*_WORD_NUMBERS, *_DURATION_UNITS, "half", "halve", "anderhalf", "anderhalve", "kwart",
                       "middernacht", *_DAYPARTS, *(f"s{p}" for p in _GENITIVE_DAYPARTS),
                       *(f"{n}enhalf" for n in _SMALL)} - {"een"})


def _align(pieces: Sequence[tuple[str, ...] | _Slot], words: list[str], stems: list[str], pos: int,
           whole: bool) -> dict[str, str] | None:
    """Slot values if ``pieces`` match the words from ``pos`` (to the end if ``whole``); fillers (empty
    stems) between pieces are skipped. Longer slot spans are tried first."""
    if not pieces:
        return {} if not whole or all(not s for s in stems[pos:]) else None
    piece, rest = pieces[0], pieces[1:]
    if isinstance(piece, tuple):
        for stem in piece:
            while pos < len(stems) and not stems[pos]:
                pos += 1
            if pos == len(stems) or stems[pos] != stem:
                return None
            pos += 1
        return _align(rest, words, stems, pos, whole)
    parse = PARSERS[piece.type]
    starts = [pos] + ([pos + 1] if pos < len(stems) and not stems[pos] else [])  # a filler before the value
    for begin in starts:
        for end in range(min(len(words), begin + _MAX_SPAN), begin, -1):
            value = parse(words[begin:end])
            if value is not None:
                values = _align(rest, words, stems, end, whole)
                if values is not None:
                    return {piece.name: value, **values}
    return None
