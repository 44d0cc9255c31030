"""Strict JSON for request bodies: RFC 8259 text only, shallow, and nothing the reply could not encode again.

Python's ``json`` accepts more than JSON: ``NaN``, ``Infinity`` and numbers that
overflow to infinity (``1e999``) come back as floats that ``json.dumps`` writes out
as non-JSON; a lone surrogate escape (``"\\ud800"``) comes back as a string that
cannot be encoded as UTF-8; and deep nesting ends in a ``RecursionError``. Any of
these makes a body a :class:`BadJSON` here, at the door, so nothing later (the SDK,
the session attributes echoed back, the reply's encoding) ever sees them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Alexa envelopes nest about ten levels deep; far more is an attack, not a request.
MAX_DEPTH = 64
#: Below this many ``[`` and ``{`` a body cannot be deeper than MAX_DEPTH, so it is not walked.
_WALK_BRACKETS = MAX_DEPTH
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class BadJSON(ValueError):
    """The body is not strict JSON; ``reason`` says why (for the log, never for the client)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _no_constant(name: str) -> float:
    raise BadJSON(f"non-finite number {name}")


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise BadJSON("number out of range")
    return value


def _check(data: Any, depth_limit: int, strings: bool) -> None:
    """Walk ``data`` without recursion: not deeper than ``depth_limit``; with ``strings``, every string (and key)
    must be encodable as UTF-8 (no lone surrogates)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            if depth > depth_limit:
                raise BadJSON(f"nested deeper than {depth_limit}")
            if strings:
                for key in node:
                    _encodable(key)
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            if depth > depth_limit:
                raise BadJSON(f"nested deeper than {depth_limit}")
            stack.extend((value, depth + 1) for value in node)
        elif strings and isinstance(node, str):
            _encodable(node)


def _encodable(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadJSON("lone surrogate in a string") from exc


def loads(body: bytes | str) -> Any:
    """Parse ``body`` as strict JSON, or raise :class:`BadJSON`.

    The common case costs one ``json.loads`` and two scans of the raw bytes; the
    structure is walked only when the body has many brackets or a surrogate escape.
    """
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
    try:
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except BadJSON:
        raise
    except RecursionError as exc:
        raise BadJSON("nested too deeply") from exc
    except (ValueError, TypeError) as exc:  # malformed JSON, bad UTF-8, an int too long to convert
        raise BadJSON(f"not JSON ({type(exc).__name__})") from exc
    deep = raw.count(b"[") + raw.count(b"{") > _WALK_BRACKETS
    surrogates = _SURROGATE_ESCAPE.search(raw) is not None
    if deep or surrogates:
        _check(data, MAX_DEPTH, surrogates)
    return data


def dumps(data: Any) -> bytes:
    """``data`` as strict JSON in UTF-8; raises ``ValueError`` for what strict JSON cannot hold."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
