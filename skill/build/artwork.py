"""The podcast artwork and the favicon, drawn by the project (Pillow) and committed in ``skill/web/static/``.

* ``podcast-artwork.png``: 1400 x 1400 px RGB (Apple Podcasts asks for a square of 1400-3000 px): a stack
  of vertebrae, the leaflet's title and the practice's name on the page's header blue.
* ``favicon.ico``: the vertebrae alone at 16, 32 and 48 px.

The PNG carries a hash of what it shows (text chunk ``rugadvies-inputs``): ``rugadvies audio build``
redraws both when the title or the practice changes, and ``audio check`` reports them stale.
Pillow's own bundled font is used, so the drawing does not depend on the fonts of the machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from pathlib import Path

from skill.content.files import write_atomic
from skill.content.leaflet import Leaflet
from skill.content.publisher import Publisher

__all__ = ["ARTWORK", "FAVICON", "SIZE", "artwork_png", "build_artwork", "check_artwork", "favicon_ico"]

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
ARTWORK = STATIC / "podcast-artwork.png"
FAVICON = STATIC / "favicon.ico"
SIZE = 1400
DRAWING_VERSION = 1
BLUE = (11, 61, 92)  # the page's header (--header-bg)
WHITE = (255, 255, 255)
YELLOW = (255, 213, 0)  # the page's focus colour
KEY = "rugadvies-inputs"


def _inputs(leaflet: Leaflet, publisher: Publisher) -> str:
    blob = json.dumps([DRAWING_VERSION, SIZE, leaflet.title, publisher.name], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _spine(draw, x: float, top: float, height: float, width: float, fill) -> None:
    """Five vertebrae, widest in the middle, with gaps between them (the discs)."""
    widths = (0.8, 0.9, 1.0, 0.9, 0.72)
    step = height / len(widths)
    for i, w in enumerate(widths):
        half = width * w / 2
        y = top + i * step
        draw.rounded_rectangle((x - half, y, x + half, y + step * 0.72), radius=step * 0.25, fill=fill)


def artwork_png(leaflet: Leaflet, publisher: Publisher) -> bytes:
    from PIL import Image, ImageDraw, ImageFont
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGB", (SIZE, SIZE), BLUE)
    draw = ImageDraw.Draw(image)
    _spine(draw, SIZE * 0.78, SIZE * 0.12, SIZE * 0.5, SIZE * 0.22, WHITE)
    title = ImageFont.load_default(size=118)
    y = SIZE * 0.14
    for line in textwrap.wrap(leaflet.title, 12):
        draw.text((SIZE * 0.08, y), line, font=title, fill=WHITE)
        y += 150
    draw.rectangle((SIZE * 0.08, y + 30, SIZE * 0.3, y + 50), fill=YELLOW)
    small = ImageFont.load_default(size=64)
    draw.text((SIZE * 0.08, SIZE * 0.74), "De folder voorgelezen", font=small, fill=WHITE)
    for i, line in enumerate(textwrap.wrap(publisher.name, 34)[:2]):
        draw.text((SIZE * 0.08, SIZE * 0.83 + i * 80), line, font=small, fill=YELLOW)
    info = PngInfo()
    info.add_text(KEY, _inputs(leaflet, publisher))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, optimize=True)
    return out.getvalue()


def favicon_ico() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (192, 192), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 191, 191), radius=36, fill=BLUE)
    _spine(draw, 96, 20, 160, 90, WHITE)
    out = io.BytesIO()
    image.save(out, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


def _drawn_for(path: Path) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.text.get(KEY)
    except (OSError, ValueError):
        return None


def build_artwork(leaflet: Leaflet, publisher: Publisher, *, force: bool = False) -> bool:
    """Draw the artwork and favicon when they are missing or stale; True if they were drawn."""
    if not force and FAVICON.is_file() and _drawn_for(ARTWORK) == _inputs(leaflet, publisher):
        return False
    write_atomic(ARTWORK, artwork_png(leaflet, publisher))
    write_atomic(FAVICON, favicon_ico())
    return True


def check_artwork(leaflet: Leaflet, publisher: Publisher) -> list[str]:
    """Problems with the committed artwork: missing, or drawn for another title or practice."""
    if not ARTWORK.is_file() or not FAVICON.is_file():
        return [f"{ARTWORK.name} or {FAVICON.name} is missing: run `rugadvies audio build`"]
    if _drawn_for(ARTWORK) != _inputs(leaflet, publisher):
        return [f"{ARTWORK.name} is stale (title or practice changed): run `rugadvies audio build`"]
    return []
