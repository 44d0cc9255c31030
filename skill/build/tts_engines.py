"""Speech engines for the recorded leaflet audio.

An engine is a small object with ``name``, ``voice``, ``settings`` (a dict that
changes the sound, part of the audio's content hash) and
``synthesize(text) -> (samples, sample_rate)``: float32 mono samples in [-1, 1].
``check()`` raises :class:`EngineUnavailable` with a clear message when the
engine cannot run here.

* ``gtts``   Google Translate's speech via gTTS (``lang="nl"``); needs internet.
  Every request has a time-out and is retried with exponential back-off; after
  the last try it raises :class:`EngineUnavailable` so the caller can fall back.
  Each HTTP part is decoded on its own and the samples are joined (gTTS's own
  ``save()`` byte-joins MP3 parts and leaves a 0-byte file on failure).
* ``espeak`` espeak-ng's Dutch voice (Debian ``espeak-ng``): offline fallback.
* ``mbrola`` espeak-ng with the MBROLA voice ``mb-nl2`` (Debian non-free ``mbrola-nl2``).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from skill.content.text import split_sentences

__all__ = [
    "DEFAULT_ENGINE", "ENGINES", "Engine", "EngineUnavailable", "EspeakEngine", "GttsEngine",
    "MbrolaEngine", "create_engine", "decode_audio",
]

log = logging.getLogger(__name__)

DEFAULT_ENGINE = "gtts"


class EngineUnavailable(RuntimeError):
    """The engine cannot produce speech here (not installed, or its service cannot be reached)."""


class Engine(Protocol):
    name: str
    voice: str
    settings: dict[str, Any]

    def check(self) -> None: ...

    def synthesize(self, text: str) -> tuple[np.ndarray, int]: ...


def decode_audio(data: bytes) -> tuple[np.ndarray, int]:
    """Decode WAV or MP3 bytes to float32 mono samples (libsndfile via soundfile)."""
    import soundfile

    samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples.mean(axis=1).astype(np.float32), int(rate)


class EspeakEngine:
    """espeak-ng's Dutch voice (``-v nl``, female variant ``+f3``): offline, robotic but clear.

    The female variant is closer to the gTTS voice and has a lower crest factor than
    the male default, so it reaches -14 LUFS under the true-peak ceiling with less limiting.
    """

    name = "espeak"
    program = "espeak-ng"

    def __init__(self, voice: str = "nl+f3", speed: int = 150, pitch: int = 50) -> None:
        self.voice = voice
        self.settings: dict[str, Any] = {"speed_wpm": speed, "pitch": pitch}

    def check(self) -> None:
        if shutil.which(self.program) is None:
            raise EngineUnavailable(f"{self.program} is not installed: apt-get install espeak-ng "
                                    "(scripts/setup.sh installs it)")

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        self.check()
        cmd = [self.program, "-v", self.voice, "-s", str(self.settings["speed_wpm"]),
               "-p", str(self.settings["pitch"]), "-b", "1", "--stdin", "--stdout"]
        try:
            done = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=120, check=True)
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode("utf-8", "replace").strip()
            raise EngineUnavailable(f"{self.program} -v {self.voice} failed: {detail or exc}") from None
        return decode_audio(done.stdout)


class MbrolaEngine(EspeakEngine):
    """espeak-ng driving the MBROLA diphone voice ``nl2`` (``-v mb-nl2``): more natural, non-free."""

    name = "mbrola"
    voice_file = Path("/usr/share/mbrola/nl2/nl2")

    def __init__(self, voice: str = "mb-nl2", speed: int = 150, pitch: int = 50) -> None:
        super().__init__(voice, speed, pitch)

    def check(self) -> None:
        super().check()
        if shutil.which("mbrola") is None or not self.voice_file.exists():
            raise EngineUnavailable(
                "MBROLA voice mb-nl2 is not installed: it is in Debian non-free; enable the non-free "
                "component and run: apt-get install mbrola mbrola-nl2")


def _retry_worthy(exc: BaseException) -> bool:
    """A gTTS error that another try may cure: no response at all, rate limit or server error."""
    from gtts.tts import gTTSError

    if not isinstance(exc, gTTSError):
        return False
    return exc.rsp is None or exc.rsp.status_code in (408, 429, 500, 502, 503, 504)


def _reason(exc: BaseException) -> str:
    """A short reason for a failed gTTS request: the underlying network error or the HTTP status."""
    rsp = getattr(exc, "rsp", None)
    if rsp is not None:
        return f"HTTP {rsp.status_code}"
    cause = exc.__cause__ or exc.__context__
    return type(cause or exc).__name__


class GttsEngine:
    """Google Translate's Dutch speech via gTTS 2.5.4, with time-outs, retries and back-off."""

    name = "gtts"

    def __init__(self, lang: str = "nl", tld: str = "com", *, timeout: tuple[float, float] = (5.0, 20.0),
                 attempts: int = 3, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep) -> None:
        if timeout is None:
            raise ValueError("gTTS needs a timeout: without one it waits forever on a dropping network")
        self.voice = lang
        self.tld = tld
        self.settings: dict[str, Any] = {"tld": tld}
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.sleep = sleep

    def check(self) -> None:
        try:
            import gtts  # noqa: F401
        except ImportError:
            raise EngineUnavailable("gTTS is not installed: pip install gTTS==2.5.4") from None

    def _fetch(self, sentence: str) -> list[bytes]:
        """The MP3 parts for one sentence (gTTS sends one request per <=100 characters)."""
        from gtts import gTTS
        from gtts.tokenizer import pre_processors

        tts = gTTS(sentence, lang=self.voice, tld=self.tld, lang_check=False, timeout=self.timeout,
                   # Dutch abbreviations are expanded by the lexicon; gTTS's English ones would be wrong.
                   pre_processor_funcs=[pre_processors.tone_marks, pre_processors.end_of_line])
        return list(tts.stream())

    def _fetch_with_retries(self, sentence: str) -> list[bytes]:
        from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, min=self.backoff, max=30 * self.backoff),
            retry=retry_if_exception(_retry_worthy),
            sleep=self.sleep,
            before_sleep=lambda state: log.debug("gTTS try %d failed: %s", state.attempt_number,
                                                 state.outcome.exception() if state.outcome else None),
            reraise=True,
        )
        try:
            return retrying(self._fetch, sentence)
        except Exception as exc:
            from gtts.tts import gTTSError

            if not isinstance(exc, gTTSError):
                raise
            if _retry_worthy(exc):
                raise EngineUnavailable(f"Google TTS cannot be reached ({_reason(exc)}, "
                                        f"{self.attempts} tries)") from exc
            raise EngineUnavailable(f"Google TTS failed ({_reason(exc)})") from exc

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        self.check()
        chunks: list[np.ndarray] = []
        rate = 0
        for sentence in split_sentences(text) or [text]:
            for part in self._fetch_with_retries(sentence):
                samples, part_rate = decode_audio(part)
                if rate and part_rate != rate:
                    raise EngineUnavailable(f"Google TTS returned mixed sample rates ({rate}, {part_rate})")
                rate = part_rate
                chunks.append(samples)
        if not chunks:
            raise EngineUnavailable("Google TTS returned no audio")
        return np.concatenate(chunks), rate


ENGINES: dict[str, Callable[[], Engine]] = {
    "gtts": GttsEngine,
    "espeak": EspeakEngine,
    "mbrola": MbrolaEngine,
}


def create_engine(name: str) -> Engine:
    """A new engine by name (``gtts``, ``espeak`` or ``mbrola``) with the project's settings."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown speech engine {name!r}; choose from {', '.join(ENGINES)}") from None
    return factory()
