"""Score the resolver on a TSV of utterances and expected outcomes.

File format: one utterance per line, a tab, then the accepted outcomes
separated by ``|``; each is ``section:ID`` (a topic or read-section intent
whose slot resolved to section ID) or ``intent:NAME``. Blank lines and
lines starting with ``#`` are ignored. Every utterance is a one-shot request.
``main_eval`` is the ``rugadvies eval FILE [--verbose]`` command.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from skill.nlu.resolver import Resolution, Resolver

__all__ = ["Case", "Miss", "Report", "SECTION_INTENTS", "describe", "load_cases", "matches", "score", "main_eval"]

SECTION_INTENTS = frozenset({"TopicIntent", "ReadSectionIntent"})


@dataclass(frozen=True)
class Case:
    """One line of the file."""

    line: int
    utterance: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Miss:
    """A case the resolver got wrong, with what it returned."""

    case: Case
    got: str


@dataclass(frozen=True)
class Report:
    """Outcome of an evaluation run."""

    total: int
    correct: int
    misses: tuple[Miss, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_cases(path: Path | str) -> list[Case]:
    """Parse the TSV file; raises ``ValueError`` naming the line of a malformed entry."""
    cases = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 2 or not parts[0].strip():
            raise ValueError(f"{path}:{number}: expected 'utterance<TAB>expected'")
        expected = tuple(e.strip() for e in parts[1].split("|") if e.strip())
        bad = [e for e in expected if not e.startswith(("section:", "intent:")) or e.endswith(":")]
        if not expected or bad:
            raise ValueError(f"{path}:{number}: bad expectation {parts[1]!r}")
        cases.append(Case(number, parts[0].strip(), expected))
    return cases


def matches(resolution: Resolution, expectation: str) -> bool:
    """Whether ``resolution`` meets one ``section:ID`` / ``intent:NAME`` expectation."""
    kind, _, target = expectation.partition(":")
    if kind == "intent":
        return resolution.intent == target
    return resolution.intent in SECTION_INTENTS and any(s.id == target for s in resolution.slots.values())


def describe(resolution: Resolution) -> str:
    """A short text form of a resolution, e.g. ``TopicIntent onderwerp=tillen (tillen)``."""
    slots = " ".join(f"{s.name}={s.id or '?'} ({s.value})" for s in resolution.slots.values())
    return f"{resolution.intent} {slots}".strip() + f" [{resolution.score:.2f}]"


def score(path: Path | str, resolver: Resolver) -> Report:
    """Resolve every utterance in the file and count those that meet one of their expectations."""
    cases = load_cases(path)
    misses = []
    for case in cases:
        resolution = resolver.resolve(case.utterance)
        if not any(matches(resolution, e) for e in case.expected):
            misses.append(Miss(case, describe(resolution)))
    return Report(len(cases), len(cases) - len(misses), tuple(misses))


def main_eval(argv: Sequence[str] | None = None) -> int:
    """``rugadvies eval FILE [--verbose] [--model PATH]``: print the accuracy and the misses."""
    parser = argparse.ArgumentParser(prog="rugadvies eval", description=main_eval.__doc__)
    argv = list(argv) if argv is not None else None
    if argv and argv[0] == "--":  # "rugadvies model -- --check": the separator the top-level parser may leave
        argv = argv[1:]
    parser.add_argument("file", type=Path, help="TSV file: utterance<TAB>expected|alternatives")
    parser.add_argument("--verbose", "-v", action="store_true", help="also print every correct case")
    parser.add_argument("--model", type=Path, default=None, help="interaction model (default: the committed one)")
    args = parser.parse_args(argv)
    resolver = Resolver.from_file(args.model)
    if args.verbose:
        for case in load_cases(args.file):
            print(f"{case.utterance!r} -> {describe(resolver.resolve(case.utterance))}")
    report = score(args.file, resolver)
    print(f"{args.file}: {report.correct}/{report.total} correct ({report.accuracy:.1%})")
    for miss in report.misses:
        print(f"  MISS line {miss.case.line}: {miss.case.utterance!r}: expected {'|'.join(miss.case.expected)}, got {miss.got}")
    return 0
