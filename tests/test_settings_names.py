"""Every ``RUGADVIES_*`` variable is read in ``skill/settings.py`` only, and the README's Settings table lists them all.

Test-only knobs (``RUGADVIES_FUZZ_EXAMPLES``, ``RUGADVIES_LEAFLET``) and the benchmark's live in tests/ and
bench/, outside the package, and are not settings of the service.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from skill.settings import PREFIX, SSL_CERT_TYPES, Settings

ROOT = Path(__file__).resolve().parent.parent
SKILL = ROOT / "skill"
SETTINGS_FILE = SKILL / "settings.py"
NAME = re.compile(r"\bRUGADVIES_[A-Z][A-Z_]*[A-Z]\b")


class RecordingEnv(Mapping):
    """An empty environment that notes every name looked up in it."""

    def __init__(self) -> None:
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return False

    def get(self, key, default=None):
        self.asked.add(key)
        return default

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0


def read_by_settings() -> set[str]:
    env = RecordingEnv()
    Settings.from_env(env)
    return env.asked


def readme_table() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Settings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(RUGADVIES_[A-Z_]+)` \|", section, re.M))


def test_the_readme_table_lists_exactly_what_settings_reads():
    read = read_by_settings()
    assert read and all(name.startswith(PREFIX) for name in read)
    table = readme_table()
    assert read - table == set(), f"read in skill/settings.py but not in the README Settings table: {read - table}"
    assert table - read == set(), f"in the README Settings table but never read: {table - read}"


def test_every_rugadvies_name_in_the_package_is_a_setting():
    read = read_by_settings()
    stray = {f"{path.relative_to(ROOT)}: {name}" for path in sorted(SKILL.rglob("*.py"))
             for name in NAME.findall(path.read_text(encoding="utf-8")) if name not in read}
    assert stray == set(), f"names that skill/settings.py does not read: {sorted(stray)}"


def _environment_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                and node.attr in {"environ", "getenv", "environb", "getenvb"}:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: os.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                and {a.name for a in node.names} & {"environ", "getenv", "environb", "getenvb"}:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: from os import ...")
    return found


def test_only_settings_reads_the_environment():
    assert _environment_reads(SETTINGS_FILE), "the check itself must see settings.py's os.environ"
    others = [hit for path in sorted(SKILL.rglob("*.py")) if path != SETTINGS_FILE for hit in _environment_reads(path)]
    assert others == [], "read the environment in skill/settings.py only, then pass the value down:\n" + "\n".join(others)


def test_contact_address_and_certificate_type_are_settings():
    s = Settings.from_env({"RUGADVIES_CONTACT_EMAIL": " praktijk@voorbeeld.nl ", "RUGADVIES_SSL_CERT_TYPE": "Wildcard"})
    assert (s.contact_email, s.ssl_cert_type) == ("praktijk@voorbeeld.nl", "Wildcard")
    default = Settings.from_env({"RUGADVIES_CONTACT_EMAIL": " ", "RUGADVIES_SSL_CERT_TYPE": ""})
    assert (default.contact_email, default.ssl_cert_type) == (Settings().contact_email, "Trusted")
    with pytest.raises(ValueError, match="RUGADVIES_SSL_CERT_TYPE must be one of " + ", ".join(SSL_CERT_TYPES)):
        Settings.from_env({"RUGADVIES_SSL_CERT_TYPE": "Selfsigned"})
