"""Load and validate ``content/prompts.yaml``: the fixed Dutch wording the skill speaks.

The file is nested by answer (``welcome: {say, reprompt}``); a text is addressed by
its dotted key (``"welcome.say"``). :data:`SCHEMA` names every key and the
placeholders its text may use; a missing or unknown key, an empty text or an
unknown placeholder raises :class:`PromptsError` naming the file and the key.
The ``common`` texts ``{ask_what}`` and ``{yes_or_no}`` are filled in at load.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from skill.content.files import read_yaml
from skill.settings import PROJECT_ROOT

__all__ = ["PROMPTS_FILE", "Prompts", "PromptsError", "SCHEMA", "load_prompts", "parse_prompts"]

PROMPTS_FILE = "prompts.yaml"

#: Texts every other text may use as ``{name}``.
COMMON_FIELDS = ("ask_what", "yes_or_no")

#: Every prompt the skill needs, with the placeholders its text may use (besides the common ones).
SCHEMA: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "common.ask_what": (), "common.yes_or_no": (), "common.disclaimer": (), "common.example": (),
    "common.and": (), "common.or": (),
    "section.offer_more": ("name",), "section.offer_next": ("next",), "section.last": (),
    "section.read_on": (), "section.read_on_reprompt": ("name",), "section.read_on_with": ("next",),
    "welcome.greeting": (), "welcome.say": ("example",), "welcome.reprompt": ("example",),
    "welcome_back.greeting": (), "welcome_back.say": ("title",), "welcome_back.reprompt": (),
    "playing.section": ("heading",), "playing.leaflet": (), "playing.say": (),
    "nothing_to_resume.say": (), "nothing_to_resume.reprompt": (),
    "nothing_playing.say": (), "nothing_playing.reprompt": (),
    "not_offered.say": (), "not_offered.reprompt": (),
    "home.say": ("example",), "home.reprompt": (),
    "help.say": ("examples",), "help.reprompt": (),
    "topics.say": ("topics",), "topics.reprompt": (),
    "declined.say": ("others",), "declined.reprompt": (),
    "nothing_offered.say": ("example",), "nothing_offered.reprompt": (),
    "unknown_topic.say": ("heard", "others"), "unknown_topic.reprompt": (),
    "no_topic.say": ("example",), "no_topic.reprompt": (),
    "fallback.say": ("example", "others"), "fallback.reprompt": (),
    "end_of_leaflet.say": (), "end_of_leaflet.reprompt": (),
    "start_of_leaflet.say": (), "start_of_leaflet.reprompt": (),
    "goodbye.say": (),
    "error.say": (), "error.reprompt": (),
    # safety and social turns
    "warning_signs.say": ("example",), "warning_signs.reprompt": (),
    "greeting.say": ("example",), "greeting.reprompt": ("example",),
    "thanks.say": ("example",), "thanks.reprompt": (),
    "about.say": ("topics", "example"), "about.reprompt": (),

    # reminders to change posture (skill/dialog/reminders.py)
    "reminder_offer.stand": (), "reminder_offer.sit": (),
    "reminder_words.stand": (), "reminder_words.sit": (), "reminder_words.half_hour": (),
    "reminder_words.hour": (), "reminder_words.hours": ("n",), "reminder_words.minute": (),
    "reminder_words.minutes": ("n",),
    "reminder_choice.say": ("action",), "reminder_choice.reprompt": ("action",),
    "reminder_unclear.say": ("action",), "reminder_unclear.reprompt": ("action",),
    "reminder_permission.say": ("action",), "reminder_alert.stand": (), "reminder_alert.sit": (),
    "reminder_set.once": ("delay", "action"), "reminder_set.daily": ("first", "last", "action"),
    "reminder_denied.say": (), "reminder_denied.reprompt": (),
    "reminder_not_allowed.say": (), "reminder_not_allowed.reprompt": (),
    "reminder_busy.say": (), "reminder_busy.reprompt": (),
    "reminder_failed.say": (), "reminder_failed.reprompt": (),
    "reminders_stopped.say": (), "reminders_stopped.reprompt": (),
    "reminders_none.say": (), "reminders_none.reprompt": (),
    "reminders_stop_failed.say": (), "reminders_stop_failed.reprompt": (),

    # the listener's pace and progress
    "pace.slow": (), "pace.normal": (), "pace.fast": (), "pace.slowest": (), "pace.fastest": (),
    "pace.kept": (), "pace.playing": (), "pace.reprompt": (),
    "minutes.under_one": (), "minutes.one": (), "minutes.many": ("n",),
    "progress.playing": ("title",), "progress.paused": ("title",), "progress.last": ("title",),
    "progress.into_left": ("into", "left"), "progress.left": ("left",), "progress.done": (),
    "progress.total": ("total",), "progress.last_section": (), "progress.resume": (), "progress.reprompt": (),
    "progress_none.say": ("total",), "progress_none.reprompt": (),
    "not_heard.say": ("missing", "first"), "not_heard.reprompt": ("first",),
    "all_heard.say": ("example",), "all_heard.reprompt": (),
})


class PromptsError(ValueError):
    """The prompts file is missing or does not match :data:`SCHEMA`."""


@dataclass(frozen=True, eq=False)
class Prompts:
    """The checked texts by dotted key, and the sections used as examples.

    Compared and hashed by identity (the loader returns one object per file), so
    caches keyed on it cost nothing to look up.
    """

    texts: Mapping[str, str]
    examples: tuple[str, ...]

    def __getitem__(self, key: str) -> str:
        return self.texts[key]

    def format(self, key: str, **fields: str) -> str:
        """The text of ``key`` with its placeholders filled in."""
        return self.texts[key].format(**fields) if fields else self.texts[key]

    @property
    def disclaimer(self) -> str:
        return self.texts["common.disclaimer"]


def _placeholders(where: str, text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise PromptsError(f"{where}: {exc} (write a literal brace as {{{{ or }}}})") from None


def _flatten(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise PromptsError(f"{where}: expected a mapping of answers to texts")
    flat: dict[str, Any] = {}
    for group, texts in data.items():
        if group == "examples":
            continue
        if not isinstance(texts, Mapping):
            raise PromptsError(f"{where}: {group!r} must map names to texts")
        for name, text in texts.items():
            flat[f"{group}.{name}"] = text
    return flat


def parse_prompts(data: Any, where: str = PROMPTS_FILE) -> Prompts:
    """Validate already-parsed YAML data and build :class:`Prompts`."""
    flat = _flatten(data, where)
    missing = [key for key in SCHEMA if key not in flat]
    if missing:
        raise PromptsError(f"{where}: missing prompt(s) {', '.join(repr(k) for k in missing)}")
    unknown = [key for key in flat if key not in SCHEMA]
    if unknown:
        raise PromptsError(f"{where}: unknown prompt(s) {', '.join(repr(k) for k in unknown)}")
    for key, text in flat.items():
        if not isinstance(text, str) or not text.strip():
            raise PromptsError(f"{where}: prompt {key!r} must be a non-empty text")
        common = () if key.startswith("common.") else COMMON_FIELDS
        stray = _placeholders(f"{where}: prompt {key!r}", text) - set(SCHEMA[key]) - set(common)
        if stray:
            raise PromptsError(f"{where}: prompt {key!r} uses unknown placeholder(s) "
                               f"{', '.join('{' + s + '}' for s in sorted(stray))}")
    examples = data.get("examples")
    if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
        raise PromptsError(f"{where}: 'examples' must be a list of section ids")
    common = {name: flat[f"common.{name}"].strip() for name in COMMON_FIELDS}
    texts = {key: " ".join(text.split()) for key, text in flat.items()}
    texts = {key: (text if key.startswith("common.") else text.format_map(_Keep(common)))
             for key, text in texts.items()}
    return Prompts(MappingProxyType(texts), tuple(e.strip() for e in examples))


class _Keep(dict):
    """Fills the common fields and leaves every other placeholder for later."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Prompts:
    return parse_prompts(read_yaml(path, PromptsError, missing="prompts file not found"), str(path))


def load_prompts(content_dir: Path | None = None) -> Prompts:
    """Load ``prompts.yaml`` from ``content_dir`` (default ``PROJECT_ROOT/content``), cached per path."""
    directory = Path(content_dir) if content_dir is not None else PROJECT_ROOT / "content"
    return _load(directory.resolve() / PROMPTS_FILE)
