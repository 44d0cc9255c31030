"""Load and validate ``content/leaflet.yaml``: the leaflet as structured data.

``load_leaflet()`` reads the YAML once per content directory (cached), checks
the schema strictly and returns an immutable :class:`Leaflet`. Any problem
raises :class:`ContentError` with a message that names the section and field.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.content.files import read_yaml
from skill.content.lexicon import LEXICON_NAME, Lexicon, load_lexicon
from skill.content.prompts import PROMPTS_FILE, Prompts, load_prompts
from skill.content.safety import SAFETY_FILE, Safety, load_safety
from skill.content.text import BULLET, Block, normalize_ws, split_sentences
from skill.settings import CONTENT_DIR

__all__ = ["Block", "ContentError", "Group", "Leaflet", "Section", "load_leaflet", "LEAFLET_FILE"]

LEAFLET_FILE = "leaflet.yaml"


_TOP_KEYS = {"title": True, "source": False, "groups": False, "sections": True}
_GROUP_KEYS = {"id": True, "title": True, "sections": True}
_SECTION_KEYS = {
    "id": True, "title": True, "spoken_name": True, "text": True, "summary": True,
    "synonyms": True, "questions": True,
}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SYNONYM = re.compile(r"^[^\W_]+(?: [^\W_]+)*$")  # lowercase words, single spaces, no punctuation
_BRACKET = re.compile(r"\[([^\[\]]*)\]")


class ContentError(ValueError):
    """The content file is missing or does not match the schema."""


@dataclass(frozen=True, eq=False)
class Section:
    """One topic of the leaflet, in reading order."""

    id: str
    title: str
    spoken_name: str
    order: int
    group: str | None
    blocks: tuple[Block, ...]
    summary: str
    synonyms: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def text(self) -> str:
        """Full text: paragraphs joined by a blank line, list items as ``• item`` lines."""
        return "\n\n".join(block.text for block in self.blocks)

    def sentences(self) -> list[str]:
        """The full text split into sentences (each list item counts as one)."""
        return [s for block in self.blocks for item in block.items for s in split_sentences(item)]


@dataclass(frozen=True)
class Group:
    """A heading that spans several sections (e.g. "Praktisch advies")."""

    id: str
    title: str
    section_ids: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Leaflet:
    """The whole leaflet: sections in reading order plus their groups.

    Compared and hashed by identity (the loader returns one object per content
    directory), so caches keyed on a leaflet or section cost nothing to look up.
    """

    title: str
    sections: tuple[Section, ...]
    groups: tuple[Group, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {s.id: i for i, s in enumerate(self.sections)})
        object.__setattr__(self, "ids", tuple(s.id for s in self.sections))
        object.__setattr__(self, "id_set", frozenset(self.ids))

    #: Section ids in reading order, and the same as a set (both computed once).
    ids: tuple[str, ...] = field(init=False, repr=False)
    id_set: frozenset[str] = field(init=False, repr=False)
    #: How this content is read aloud: the content directory's ``lexicon.yaml`` (else the repository's).
    lexicon: Lexicon = field(default_factory=load_lexicon, repr=False)
    #: The fixed wording spoken around it: the content directory's ``prompts.yaml`` (else the repository's).
    prompts: Prompts = field(default_factory=load_prompts, repr=False)
    #: The warning signs and the referral to the GP (not the leaflet's text): the directory's ``safety.yaml``.
    safety: Safety = field(default_factory=load_safety, repr=False)

    def get(self, section_id: str) -> Section | None:
        i = self._index.get(section_id)  # type: ignore[attr-defined]
        return None if i is None else self.sections[i]

    def section(self, section_id: str) -> Section:
        """The section with this id; ``KeyError`` if there is none."""
        found = self.get(section_id)
        if found is None:
            raise KeyError(section_id)
        return found

    def next(self, section_id: str) -> Section | None:
        """The section after ``section_id`` in reading order, ``None`` after the last."""
        i = self._index[self.section(section_id).id]  # type: ignore[attr-defined]
        return self.sections[i + 1] if i + 1 < len(self.sections) else None

    def previous(self, section_id: str) -> Section | None:
        """The section before ``section_id`` in reading order, ``None`` before the first."""
        i = self._index[self.section(section_id).id]  # type: ignore[attr-defined]
        return self.sections[i - 1] if i > 0 else None


def parse_text(text: str) -> tuple[Block, ...]:
    """Split a section's ``text`` into blocks: paragraphs separated by blank lines;
    a paragraph whose every line starts with ``• `` is a list."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(BULLET + " ") for line in lines):
            blocks.append(Block("list", tuple(normalize_ws(line[len(BULLET):]) for line in lines)))
        elif any(line.startswith(BULLET) for line in lines):
            raise ValueError(f"paragraph mixes list items and plain lines: {lines[0][:40]!r}")
        else:
            blocks.append(Block("paragraph", (normalize_ws(" ".join(lines)),)))
    return tuple(blocks)


def _check_keys(where: str, data: Any, spec: dict[str, bool]) -> None:
    if not isinstance(data, dict):
        raise ContentError(f"{where}: expected a mapping, got {type(data).__name__}")
    unknown = sorted(set(data) - set(spec))
    if unknown:
        raise ContentError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    missing = [k for k, required in spec.items() if required and k not in data]
    if missing:
        raise ContentError(f"{where}: missing field(s) {', '.join(missing)}")


def _string(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: expected a non-empty string")
    return value.strip()


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: expected a non-empty list of strings")
    return tuple(_string(f"{where}[{i}]", v) for i, v in enumerate(value))


def _section(data: Any, pos: int, group_of: dict[str, str], seen_synonyms: dict[str, str]) -> Section:
    where = f"sections[{pos}]"
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        where = f"section {data['id']!r} ({where})"
    _check_keys(where, data, _SECTION_KEYS)
    sid = _string(f"{where}.id", data["id"])
    if not _ID.match(sid):
        raise ContentError(f"{where}.id: {sid!r} is not a lowercase-hyphenated id")
    try:
        blocks = parse_text(_string(f"{where}.text", data["text"]))
    except ValueError as exc:
        raise ContentError(f"{where}.text: {exc}") from None
    synonyms = _strings(f"{where}.synonyms", data["synonyms"])
    for syn in synonyms:
        if syn != syn.lower() or not _SYNONYM.match(syn):
            raise ContentError(f"{where}.synonyms: {syn!r} must be lowercase words without punctuation")
        if syn in seen_synonyms:
            other = seen_synonyms[syn]
            raise ContentError(f"{where}.synonyms: duplicate synonym {syn!r} (also in section {other!r})")
        seen_synonyms[syn] = sid
    questions = _strings(f"{where}.questions", data["questions"])
    for question in questions:
        spans = _BRACKET.findall(question)
        if len(spans) != 1 or question.count("[") != 1 or question.count("]") != 1:
            raise ContentError(f"{where}.questions: {question!r} must have exactly one [bracketed] span")
        if spans[0] not in synonyms:
            raise ContentError(f"{where}.questions: bracket [{spans[0]}] in {question!r} is not a synonym of this section")
    return Section(
        id=sid,
        title=_string(f"{where}.title", data["title"]),
        spoken_name=_string(f"{where}.spoken_name", data["spoken_name"]),
        order=pos + 1,
        group=group_of.get(sid),
        blocks=blocks,
        summary=normalize_ws(_string(f"{where}.summary", data["summary"])),
        synonyms=synonyms,
        questions=questions,
    )


def parse_leaflet(data: Any, lexicon: Lexicon | None = None, prompts: Prompts | None = None,
                  safety: Safety | None = None) -> Leaflet:
    """Validate already-parsed YAML data and build the :class:`Leaflet`."""
    _check_keys("leaflet", data, _TOP_KEYS)
    raw_groups = data.get("groups") or []
    if not isinstance(raw_groups, list):
        raise ContentError("groups: expected a list")
    groups: list[Group] = []
    group_of: dict[str, str] = {}
    for i, g in enumerate(raw_groups):
        _check_keys(f"groups[{i}]", g, _GROUP_KEYS)
        gid = _string(f"groups[{i}].id", g["id"])
        if any(x.id == gid for x in groups):
            raise ContentError(f"groups: duplicate group id {gid!r}")
        members = _strings(f"group {gid!r}.sections", g["sections"])
        for sid in members:
            if sid in group_of:
                raise ContentError(f"group {gid!r}: section {sid!r} is already in group {group_of[sid]!r}")
            group_of[sid] = gid
        groups.append(Group(gid, _string(f"group {gid!r}.title", g["title"]), members))

    raw_sections = data["sections"]
    if not isinstance(raw_sections, list) or not raw_sections:
        raise ContentError("sections: expected a non-empty list")
    seen_synonyms: dict[str, str] = {}
    sections: list[Section] = []
    for pos, raw in enumerate(raw_sections):
        section = _section(raw, pos, group_of, seen_synonyms)
        if any(s.id == section.id for s in sections):
            raise ContentError(f"sections: duplicate section id {section.id!r}")
        sections.append(section)
    ids = {s.id for s in sections}
    for gid, group in ((g.id, g) for g in groups):
        unknown = [sid for sid in group.section_ids if sid not in ids]
        if unknown:
            raise ContentError(f"group {gid!r}: unknown section id(s) {', '.join(unknown)}")
    return Leaflet(_string("title", data["title"]), tuple(sections), tuple(groups), lexicon=lexicon or load_lexicon(),
                   prompts=prompts or load_prompts(), safety=safety or load_safety())


@functools.lru_cache(maxsize=8)
def _load(directory: Path) -> Leaflet:
    path = directory / LEAFLET_FILE
    data = read_yaml(path, ContentError, missing="content file not found")
    lexicon = load_lexicon(directory) if (directory / LEXICON_NAME).is_file() else load_lexicon()
    prompts = load_prompts(directory) if (directory / PROMPTS_FILE).is_file() else load_prompts()
    safety = load_safety(directory) if (directory / SAFETY_FILE).is_file() else load_safety()
    try:
        return parse_leaflet(data, lexicon, prompts, safety)
    except ContentError as exc:
        raise ContentError(f"{path}: {exc}") from None


def load_leaflet(content_dir: Path | None = None) -> Leaflet:
    """Load ``leaflet.yaml`` from ``content_dir`` (default ``content/``), cached per path, with the
    directory's ``lexicon.yaml`` as ``leaflet.lexicon``, its ``prompts.yaml`` as ``leaflet.prompts`` and its
    ``safety.yaml`` as ``leaflet.safety`` (the repository's when it has none)."""
    directory = Path(content_dir) if content_dir is not None else CONTENT_DIR
    return _load(directory.resolve())
