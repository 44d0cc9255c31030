"""Load ``content/phrasings/*.tsv``: what people said to the skill in their own words, each line labelled with the
answer it must get.

Most sets were written blind, by people who read only the leaflet (see the README's "Resolver score"); after their
first run they are kept here. They serve twice: as regression sets for ``rugadvies eval``, and as training data for
the resolver's classifier (:mod:`skill.nlu.classifier`), which learns from them how patients word a question, as
Alexa's own language model learns from a skill's samples. Only a new set, scored before it joins this folder (or
with ``rugadvies eval --hold-out``), says how well the skill understands phrasings it has never seen.

File format: one utterance per line, a tab, then the accepted outcomes separated by ``|``; each is ``section:ID``
(a topic or read-section intent whose slot resolved to section ID), ``section:?`` (such an intent whose slot matched
no section: a topic the leaflet does not cover) or ``intent:NAME``. Blank lines and lines starting with ``#`` are
ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from skill.settings import CONTENT_DIR

__all__ = ["PHRASINGS_DIR", "Phrasing", "load_phrasings", "read_phrasings"]

PHRASINGS_DIR = "phrasings"


@dataclass(frozen=True)
class Phrasing:
    """One line of a phrasings file: where it stands, what was said and the outcomes that count as right (the
    first is the one a learner is taught)."""

    line: int
    utterance: str
    expected: tuple[str, ...]


def read_phrasings(path: Path | str) -> list[Phrasing]:
    """The lines of one TSV file; raises ``ValueError`` naming the line of a malformed entry."""
    found = []
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
        found.append(Phrasing(number, parts[0].strip(), expected))
    return found


def load_phrasings(content_dir: Path | str | None = None, leave_out: frozenset[Path] = frozenset()) -> tuple[Phrasing, ...]:
    """Every line of every ``*.tsv`` in ``content_dir``'s ``phrasings/`` (default ``content/``), in file order; none
    when the folder is missing. ``leave_out``: files to skip (resolved paths), so a set can be scored as if unseen."""
    folder = Path(content_dir if content_dir is not None else CONTENT_DIR) / PHRASINGS_DIR
    if not folder.is_dir():
        return ()
    return tuple(p for path in sorted(folder.glob("*.tsv")) if path.resolve() not in leave_out
                 for p in read_phrasings(path))
