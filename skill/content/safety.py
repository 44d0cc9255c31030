"""Load and validate ``content/safety.yaml``: the warning signs with low back pain and the referral to the GP.

This is the one text the skill speaks and shows that is not the leaflet's: it paraphrases the public patient
information of the Dutch GPs' guideline (Thuisarts.nl, NHG), names that source, and is always said with its
``notice``. The file must say ``not_from_leaflet: true``; any missing, empty or unknown field raises
:class:`SafetyError` naming the file and the field.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from skill.content.files import read_yaml
from skill.content.text import normalize_ws
from skill.settings import PROJECT_ROOT

__all__ = ["SAFETY_FILE", "Safety", "SafetyError", "load_safety", "parse_safety"]

SAFETY_FILE = "safety.yaml"

_TOP_KEYS = {"source", "title", "referral", "signs_intro", "signs", "not_a_sign"}
_SOURCE_KEYS = {"name", "url", "not_from_leaflet", "notice"}


class SafetyError(ValueError):
    """The safety file is missing or does not match its schema."""


@dataclass(frozen=True)
class Safety:
    """The warning signs, the referral to the GP, and where that text comes from."""

    source_name: str
    source_url: str
    #: Said with every use of this text: it is not from the leaflet, and where it comes from.
    notice: str
    title: str
    referral: str
    signs_intro: str
    signs: tuple[str, ...]
    not_a_sign: str


def _mapping(where: str, data: Any, keys: set[str]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise SafetyError(f"{where}: expected a mapping")
    missing = sorted(keys - set(data))
    if missing:
        raise SafetyError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise SafetyError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return data


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SafetyError(f"{where}: must be a non-empty text")
    return normalize_ws(value)


def parse_safety(data: Any, where: str = SAFETY_FILE) -> Safety:
    """Validate already-parsed YAML data and build :class:`Safety`."""
    top = _mapping(where, data, _TOP_KEYS)
    source = _mapping(f"{where}: source", top["source"], _SOURCE_KEYS)
    if source["not_from_leaflet"] is not True:
        raise SafetyError(f"{where}: source.not_from_leaflet must be true: this text is not the leaflet's")
    url = _text(f"{where}: source.url", source["url"])
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise SafetyError(f"{where}: source.url must be an https:// address, not {url!r}")
    signs = top["signs"]
    if not isinstance(signs, list) or not signs:
        raise SafetyError(f"{where}: signs must be a non-empty list")
    return Safety(
        source_name=_text(f"{where}: source.name", source["name"]),
        source_url=url,
        notice=_text(f"{where}: source.notice", source["notice"]),
        title=_text(f"{where}: title", top["title"]),
        referral=_text(f"{where}: referral", top["referral"]),
        signs_intro=_text(f"{where}: signs_intro", top["signs_intro"]),
        signs=tuple(_text(f"{where}: signs[{i}]", sign) for i, sign in enumerate(signs)),
        not_a_sign=_text(f"{where}: not_a_sign", top["not_a_sign"]),
    )


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> Safety:
    return parse_safety(read_yaml(path, SafetyError, missing="safety file not found"), str(path))


def load_safety(content_dir: Path | None = None) -> Safety:
    """Load ``safety.yaml`` from ``content_dir`` (default ``PROJECT_ROOT/content``), cached per path."""
    directory = Path(content_dir) if content_dir is not None else PROJECT_ROOT / "content"
    return _load(directory.resolve() / SAFETY_FILE)
