"""Echo Show and other screens: an APL document with the section's title and the spoken text.

The document (``skill/alexa/apl/section.json``) is light text on a dark background in
large type; the data source carries exactly the text of the speech. It passes Amazon's
``apl-suggester`` without findings (tests/test_screen.py). A device whose APL runtime is older
than the document's ``version`` gets no document (:func:`runtime_supports`): the speech alone.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any


DOCUMENT = Path(__file__).parent / "apl" / "section.json"
TOKEN = "rugadvies-section"


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


def apl_version(value: str | None) -> tuple[int, ...] | None:
    """An APL version ("1.6", "2023.3") as a comparable tuple; None when it is not one."""
    parts = str(value or "").strip().split(".")
    if not all(part.isdigit() for part in parts):
        return None
    return tuple(int(part) for part in parts)


def runtime_supports(max_version: str | None) -> bool:
    """True when a device whose APL runtime reports ``max_version`` can render the document.

    Without a reported version (older request fixtures) the document is sent; a version that cannot
    be read, or one older than the document's, gets none.
    """
    if max_version is None:
        return True
    have, need = apl_version(max_version), apl_version(document()["version"])
    return have is not None and need is not None and have >= need


def apl_text(value: str) -> str:
    """Text safe for APL's small markup language (which reads ``<`` and ``&`` as markup)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def datasource(title: str, lines: tuple[str, ...], subtitle: str) -> dict[str, Any]:
    return {"section": {"title": apl_text(title), "subtitle": apl_text(subtitle),
                        "body": "<br>".join(apl_text(line) for line in lines)}}


def apl_directive(title: str, lines: tuple[str, ...], subtitle: str):
    """The RenderDocument directive (its model is imported on first use: it is large and screens are few)."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(token=TOKEN, document=document(),
                                   datasources={"payload": datasource(title, lines, subtitle)})
