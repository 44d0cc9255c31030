"""Settings from environment variables prefixed ``RUGADVIES_``, and the repository's own paths.

This is the only module that reads a ``RUGADVIES_*`` variable (``tests/test_settings_names.py``
keeps it so): everything else takes a :class:`Settings` or a value from it. Every setting has an
embedded default so that a fresh clone runs as is. The README lists them all; keep that table in
step with this module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The committed content (leaflet, interaction, lexicon), audio, interaction model and skill package.
CONTENT_DIR = PROJECT_ROOT / "content"
AUDIO_DIR = PROJECT_ROOT / "audio"
MODEL_PATH = PROJECT_ROOT / "interaction_models" / "nl-NL.json"
PACKAGE_DIR = PROJECT_ROOT / "skill-package"

PREFIX = "RUGADVIES_"

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
#: Values Alexa accepts for the endpoint's ``sslCertificateType``; only ``Trusted`` passes certification.
SSL_CERT_TYPES = ("Trusted", "Wildcard", "SelfSigned")
#: A placeholder that is clearly not a real mailbox; set RUGADVIES_CONTACT_EMAIL in production.
DEFAULT_CONTACT_EMAIL = "privacy@rugadvies.example.nl"


def _flag(value: str) -> bool:
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected 1 or 0, got {value!r}")


@dataclass(frozen=True)
class Settings:
    """What the app needs to know about where and how it runs."""

    skill_id: str = ""
    verify: bool = True
    public_url: str = "http://127.0.0.1:8000"
    store_url: str = field(default_factory=lambda: f"sqlite:///{PROJECT_ROOT / 'var' / 'rugadvies.sqlite3'}")
    content_dir: Path = CONTENT_DIR
    audio_dir: Path = AUDIO_DIR
    user_salt: str = ""
    cert_cache_size: int = 16
    cert_fetch_timeout: float = 5.0
    #: Verified certificate chains shared by the worker processes and kept across restarts.
    cert_cache_dir: Path = PROJECT_ROOT / "var" / "cert-cache"
    #: Where the resolver's trained classifier is kept between processes (pickles: writable by the service only);
    #: ``None`` trains it in every process.
    classifier_cache_dir: Path | None = PROJECT_ROOT / "var" / "nlu-cache"
    #: Seconds per call to the Alexa Reminders API (Alexa waits 8 s for a whole answer).
    reminders_timeout: float = 2.5
    log_level: str = "INFO"
    #: The address on the privacy and terms pages.
    contact_email: str = DEFAULT_CONTACT_EMAIL
    #: The endpoint certificate type a generated skill package declares (``rugadvies package``).
    ssl_cert_type: str = "Trusted"
    #: True when RUGADVIES_PUBLIC_URL was given; otherwise ``serve`` derives it from the address it binds.
    public_url_explicit: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        kwargs: dict = {}
        if "RUGADVIES_SKILL_ID" in env:
            kwargs["skill_id"] = env["RUGADVIES_SKILL_ID"].strip()
        if "RUGADVIES_VERIFY" in env:
            kwargs["verify"] = _flag(env["RUGADVIES_VERIFY"])
        if "RUGADVIES_PUBLIC_URL" in env:
            kwargs["public_url"] = env["RUGADVIES_PUBLIC_URL"].strip().rstrip("/")
            kwargs["public_url_explicit"] = True
        if "RUGADVIES_STORE_URL" in env:
            kwargs["store_url"] = env["RUGADVIES_STORE_URL"].strip()
        if "RUGADVIES_USER_SALT" in env:
            kwargs["user_salt"] = env["RUGADVIES_USER_SALT"]
        if "RUGADVIES_CONTENT_DIR" in env:
            kwargs["content_dir"] = Path(env["RUGADVIES_CONTENT_DIR"])
        if "RUGADVIES_AUDIO_DIR" in env:
            kwargs["audio_dir"] = Path(env["RUGADVIES_AUDIO_DIR"])
        if "RUGADVIES_CERT_FETCH_TIMEOUT" in env:
            kwargs["cert_fetch_timeout"] = float(env["RUGADVIES_CERT_FETCH_TIMEOUT"])
        if env.get("RUGADVIES_CERT_CACHE_DIR", "").strip():
            kwargs["cert_cache_dir"] = Path(env["RUGADVIES_CERT_CACHE_DIR"].strip())
        if "RUGADVIES_CLASSIFIER_CACHE_DIR" in env:  # empty: no cache
            value = env["RUGADVIES_CLASSIFIER_CACHE_DIR"].strip()
            kwargs["classifier_cache_dir"] = Path(value) if value else None
        if "RUGADVIES_REMINDERS_TIMEOUT" in env:
            kwargs["reminders_timeout"] = float(env["RUGADVIES_REMINDERS_TIMEOUT"])
        if "RUGADVIES_LOG_LEVEL" in env:
            level = env["RUGADVIES_LOG_LEVEL"].strip().upper()
            if level not in LOG_LEVELS:
                raise ValueError(f"RUGADVIES_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}")
            kwargs["log_level"] = level
        if env.get("RUGADVIES_CONTACT_EMAIL", "").strip():
            kwargs["contact_email"] = env["RUGADVIES_CONTACT_EMAIL"].strip()
        if env.get("RUGADVIES_SSL_CERT_TYPE", "").strip():
            cert = env["RUGADVIES_SSL_CERT_TYPE"].strip()
            if cert not in SSL_CERT_TYPES:
                raise ValueError(f"RUGADVIES_SSL_CERT_TYPE must be one of {', '.join(SSL_CERT_TYPES)}, got {cert!r}")
            kwargs["ssl_cert_type"] = cert
        return cls(**kwargs)

    def serving_at(self, host: str, port: int) -> "Settings":
        """These settings for a server bound to ``host:port``: without an explicit public URL, the audio,
        podcast and playlist URLs point at the address actually served."""
        if self.public_url_explicit:
            return self
        reachable = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        if ":" in reachable:  # an IPv6 literal
            reachable = f"[{reachable}]"
        return replace(self, public_url=f"http://{reachable}:{port}")
