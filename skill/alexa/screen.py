"""Echo Show and other screens: an APL document with the section's title and the spoken text.

The document (``skill/alexa/apl/section.json``) is light text on a dark background in
large type; the data source carries exactly the text of the speech.
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
