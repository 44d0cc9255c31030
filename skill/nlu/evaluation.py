"""Score the resolver on a TSV of utterances and expected outcomes (the format of :mod:`skill.content.phrasings`).

``intent:AMAZON.FallbackIntent`` is also met by ``section:?``: both are answered
that the leaflet says nothing about it ("Over waterbed staat niets in de folder").
Blank lines and lines starting with ``#`` are ignored. Every utterance is a
one-shot request. ``main_eval`` is the ``rugadvies eval FILE [--verbose]``
command; besides the accuracy and the misses it prints precision and recall
per intent and per section and the confusions (expected -> got), so a content
editor sees where synonyms or samples are missing.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from skill.content.phrasings import Phrasing, load_phrasings, read_phrasings
from skill.nlu.resolver import FALLBACK, Resolution, Resolver

__all__ = ["Case", "Miss", "Outcome", "Report", "SECTION_INTENTS", "Stat", "confusions", "describe", "format_stats", "label",
           "load_cases", "matches", "per_label", "score", "main_eval"]

SECTION_INTENTS = frozenset({"TopicIntent", "ReadSectionIntent"})


Case = Phrasing  # one line of a set: its line number, the utterance and the accepted outcomes


@dataclass(frozen=True)
class Miss:
    """A case the resolver got wrong, with what it returned."""

    case: Case
    got: str


@dataclass(frozen=True)
class Outcome:
    """One case scored: the expectation it is counted under (the one met, else the first) and the label of
    what the resolver returned (see :func:`label`); the same two as intents (a section as its intent)."""

    case: Case
    expected: str
    got: str
    correct: bool
    expected_intent: str
    got_intent: str


@dataclass(frozen=True)
class Report:
    """Outcome of an evaluation run."""

    total: int
    correct: int
    misses: tuple[Miss, ...]
    outcomes: tuple[Outcome, ...] = ()

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class Stat:
    """Precision and recall of one label: ``tp`` cases expected and got, ``fp`` got but expected otherwise,
    ``fn`` expected but got otherwise."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_cases(path: Path | str) -> list[Case]:
    """Parse the TSV file (see :mod:`skill.content.phrasings`); raises ``ValueError`` naming a malformed line."""
    return read_phrasings(path)


def matches(resolution: Resolution, expectation: str) -> bool:
    """Whether ``resolution`` meets one ``section:ID`` / ``intent:NAME`` expectation."""
    kind, _, target = expectation.partition(":")
    if kind == "intent" and target == FALLBACK and _unknown_topic(resolution):
        return True  # "Over waterbed staat niets in de folder ...": the skill's answer for what it does not cover
    if kind == "intent":
        return resolution.intent == target
    if resolution.intent not in SECTION_INTENTS:
        return False
    if target == "?":
        return _unknown_topic(resolution)
    return any(s.id == target for s in resolution.slots.values())


def _unknown_topic(resolution: Resolution) -> bool:
    """A topic asked for that the leaflet does not have: a section intent whose slots name no known value."""
    return (resolution.intent in SECTION_INTENTS and bool(resolution.slots)
            and all(s.id is None for s in resolution.slots.values()))


def label(resolution: Resolution) -> str:
    """What the resolver returned, in the file's terms: ``section:ID``, ``section:?`` or ``intent:NAME``."""
    if resolution.intent in SECTION_INTENTS and resolution.slots:
        ids = [s.id for s in resolution.slots.values() if s.id]
        return f"section:{ids[0]}" if ids else "section:?"
    return f"intent:{resolution.intent}"


def _intent_of(expectation: str, got: Resolution) -> str:
    """The intent an expectation stands for: a section is the topic or read-section intent (whichever was got)."""
    if expectation.startswith("section:"):
        return got.intent if got.intent in SECTION_INTENTS else "TopicIntent"
    return expectation.partition(":")[2]


def per_label(outcomes: Sequence[Outcome], level: str = "label") -> list[Stat]:
    """Precision and recall per label (``level="label"``: sections and intents) or per intent
    (``level="intent"``: sections counted under their intent), sorted by label."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for o in outcomes:
        expected, got = (o.expected, o.got) if level == "label" else (o.expected_intent, o.got_intent)
        if expected == got:
            tp[expected] += 1
        else:
            fn[expected] += 1
            fp[got] += 1
    return [Stat(name, tp[name], fp[name], fn[name]) for name in sorted(set(tp) | set(fp) | set(fn))]


def confusions(outcomes: Sequence[Outcome]) -> list[tuple[str, str, int]]:
    """(expected, got, count) of the misses, most frequent first."""
    counts = Counter((o.expected, o.got) for o in outcomes if not o.correct)
    return [(e, g, n) for (e, g), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def describe(resolution: Resolution) -> str:
    """A short text form of a resolution, e.g. ``TopicIntent onderwerp=tillen (tillen)``."""
    slots = " ".join(f"{s.name}={s.id or '?'} ({s.value})" for s in resolution.slots.values())
    return f"{resolution.intent} {slots}".strip() + f" [{resolution.score:.2f}]"


def score(path: Path | str, resolver: Resolver) -> Report:
    """Resolve every utterance in the file and count those that meet one of their expectations."""
    cases = load_cases(path)
    misses = []
    outcomes = []
    for case in cases:
        resolution = resolver.resolve(case.utterance)
        met = next((e for e in case.expected if matches(resolution, e)), None)
        if met is None:
            misses.append(Miss(case, describe(resolution)))
        expected = met or case.expected[0]
        # A met expectation is what was got (the fallback's answer also comes as a topic the leaflet lacks).
        got_intent = _intent_of(met, resolution) if met else resolution.intent
        outcomes.append(Outcome(case, expected, met or label(resolution), met is not None,
                                _intent_of(expected, resolution), got_intent))
    return Report(len(cases), len(cases) - len(misses), tuple(misses), tuple(outcomes))


def main_eval(argv: Sequence[str] | None = None) -> int:
    """``rugadvies eval FILE... [--verbose] [--model PATH] [--hold-out]``: print the accuracy and the misses."""
    parser = argparse.ArgumentParser(prog="rugadvies eval", description=main_eval.__doc__)
    argv = list(argv) if argv is not None else None
    if argv and argv[0] == "--":  # "rugadvies model -- --check": the separator the top-level parser may leave
        argv = argv[1:]
    parser.add_argument("files", type=Path, nargs="+", metavar="FILE",
                        help="TSV file: utterance<TAB>expected|alternatives")
    parser.add_argument("--verbose", "-v", action="store_true", help="also print every correct case")
    parser.add_argument("--model", type=Path, default=None, help="interaction model (default: the committed one)")
    parser.add_argument("--hold-out", action="store_true",
                        help="train the classifier without the FILEs' own lines (those of content/phrasings/): "
                             "the score of phrasings it has never seen (a round's sets: name them all)")
    args = parser.parse_args(argv)
    from skill.settings import Settings

    settings = Settings.from_env()
    if args.hold_out:  # trained anew and not cached: the cache keeps one classifier, the one the service uses
        phrasings = load_phrasings(settings.content_dir, leave_out=frozenset(f.resolve() for f in args.files))
        resolver = Resolver.from_file(args.model, phrasings=phrasings)
    else:
        resolver = Resolver.from_file(args.model, classifier_cache=settings.classifier_cache_dir,
                                      phrasings=load_phrasings(settings.content_dir))
    for path in args.files:
        if args.verbose:
            for case in load_cases(path):
                print(f"{case.utterance!r} -> {describe(resolver.resolve(case.utterance))}")
        report = score(path, resolver)
        print(f"{path}: {report.correct}/{report.total} correct ({report.accuracy:.1%})"
              + ("; held out: the classifier learnt from every phrasing but these files'" if args.hold_out else ""))
        for miss in report.misses:
            print(f"  MISS line {miss.case.line}: {miss.case.utterance!r}: expected {'|'.join(miss.case.expected)}, "
                  f"got {miss.got}")
        print(format_stats(report))
    return 0


def format_stats(report: Report) -> str:
    """The precision/recall tables (per intent, per section) and the confusions, as printed by ``rugadvies eval``."""
    lines = []
    for title, level in (("per intent", "intent"), ("per section and intent", "label")):
        lines.append(f"{title + ':':<46} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>3} {'fn':>3}")
        for stat in per_label(report.outcomes, level):
            lines.append(f"  {stat.label:<44} {stat.precision:>9.1%} {stat.recall:>7.1%} {stat.tp:>4}"
                         f" {stat.fp:>3} {stat.fn:>3}")
    matrix = confusions(report.outcomes)
    lines.append("confusions (expected -> got):" + ("" if matrix else " none"))
    lines += [f"  {n:>3}  {expected} -> {got}" for expected, got, n in matrix]
    return "\n".join(lines)
