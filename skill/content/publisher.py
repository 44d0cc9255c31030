"""The publisher of the page and podcast (``content/publisher.yaml``): the practice and the leaflet's edition.

A practice that publishes the leaflet puts its name, address, phone number, web site, e-mail address
and logo here, with the date and version of the leaflet's text. The web page, the podcast feed and the
privacy page show them; the podcast's episode dates derive from the edition date. A content directory
without its own ``publisher.yaml`` uses the repository's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skill.content.files import read_yaml
from skill.settings import CONTENT_DIR

__all__ = ["PUBLISHER_FILE", "Publisher", "PublisherError", "load_publisher", "parse_publisher"]

PUBLISHER_FILE = "publisher.yaml"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PublisherError(ValueError):
    """``publisher.yaml`` is missing a field or has a wrong one."""


@dataclass(frozen=True)
class Publisher:
    name: str
    address: str
    phone: str
    website: str
    email: str
    logo: Path | None  # absolute path of the logo file
    date: dt.date  # of the leaflet's edition
    version: str

    @property
    def logo_mimetype(self) -> str | None:
        return LOGO_TYPES.get(self.logo.suffix.lower()) if self.logo else None

    @property
    def phone_uri(self) -> str:
        """``tel:`` link target: the digits (and a leading +) of the phone number."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)

    @property
    def dutch_date(self) -> str:
        """``15 januari 2024``."""
        months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                  "oktober", "november", "december")
        return f"{self.date.day} {months[self.date.month - 1]} {self.date.year}"


def _text(where: str, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        raise PublisherError(f"{where}: {key} must be a non-empty text")
    return str(value).strip()


def parse_publisher(data: Any, directory: Path, today: dt.date | None = None) -> Publisher:
    """Check and convert the YAML data; ``directory`` is where the logo file lives."""
    where = str(Path(directory) / PUBLISHER_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("practice"), dict) \
            or not isinstance(data.get("edition"), dict):
        raise PublisherError(f"{where}: needs a 'practice' and an 'edition' mapping")
    practice, edition = data["practice"], data["edition"]
    website = _text(where, practice, "website")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", website):
        raise PublisherError(f"{where}: website must be an http(s) URL, got {website!r}")
    email = _text(where, practice, "email")
    if not _EMAIL.fullmatch(email):
        raise PublisherError(f"{where}: email is not an e-mail address: {email!r}")
    logo = None
    if practice.get("logo"):
        logo = (Path(directory) / str(practice["logo"])).resolve()
        if logo.suffix.lower() not in LOGO_TYPES or not logo.is_file() or logo.parent != Path(directory).resolve():
            raise PublisherError(f"{where}: logo must be an .svg or .png file beside it, got {practice['logo']!r}")
    date = edition.get("date")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise PublisherError(f"{where}: edition.date must be a date (YYYY-MM-DD)")
    if date > (today or dt.date.today()):
        raise PublisherError(f"{where}: edition.date {date} lies in the future")
    return Publisher(_text(where, practice, "name"), _text(where, practice, "address"),
                     _text(where, practice, "phone"), website, email, logo, date, _text(where, edition, "version"))


def load_publisher(content_dir: Path | None = None) -> Publisher:
    """The publisher of ``content_dir`` (default: the repository's ``content/``), else the repository's."""
    directory = Path(content_dir) if content_dir is not None else CONTENT_DIR
    if not (directory / PUBLISHER_FILE).is_file():
        directory = CONTENT_DIR
    return parse_publisher(read_yaml(directory / PUBLISHER_FILE, PublisherError), directory)
