"""The privacy statement (``GET /privacy``) and terms of use (``GET /voorwaarden``), in Dutch.

The skill manifest links to both pages (``skill/build/skill_package.py``). They state
what the code really does: the store keeps per Alexa user, under a salted hash of
the user id, only whether the user was welcomed, the last section and the
playback position (``skill/dialog/profile.py``); nothing the user says is stored; the
request log names a user only by a short salted hash (``skill/web/security.py``).

The contact address is ``settings.contact_email`` (``RUGADVIES_CONTACT_EMAIL``, default
:data:`skill.settings.DEFAULT_CONTACT_EMAIL`).
The pages use the leaflet page's stylesheet when the web blueprint is registered
and are plain, readable HTML without it (no inline script or style either way).
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
from werkzeug.routing import BuildError

from skill.content.leaflet import load_leaflet
from skill.content.publisher import Publisher, load_publisher
from skill.settings import DEFAULT_CONTACT_EMAIL, Settings

__all__ = ["legal_blueprint", "contact_email", "DEFAULT_CONTACT_EMAIL"]


def contact_email(settings: Settings | None = None) -> str:
    """The address users can write to about their data and the skill."""
    return (settings.contact_email if settings is not None else "").strip() or DEFAULT_CONTACT_EMAIL


def _stylesheet() -> str | None:
    """The leaflet page's stylesheet, if the web blueprint (``web.static``) is registered."""
    if "web.static" not in current_app.view_functions:
        return None
    try:
        return url_for("web.static", filename="web.css")
    except BuildError:
        return None


def _home() -> str | None:
    return url_for("web.page") if "web.page" in current_app.view_functions else None


def legal_blueprint(settings: Settings | None = None, disclaimer: str | None = None,
                    publisher: Publisher | None = None) -> Blueprint:
    """``GET /privacy`` and ``GET /voorwaarden`` for the app built from ``settings``; ``publisher`` (the practice
    that publishes the page, ``content/publisher.yaml``) is named on both."""
    bp = Blueprint("legal", __name__, template_folder="templates")
    email = contact_email(settings)
    publisher = publisher or load_publisher(settings.content_dir if settings is not None else None)

    def page(template: str):
        response = current_app.make_response(render_template(
            template, contact_email=email, disclaimer=disclaimer or load_leaflet().prompts.disclaimer,
            stylesheet=_stylesheet(), home=_home(), publisher=publisher))
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @bp.get("/privacy")
    def privacy():
        return page("privacy.html")

    @bp.get("/voorwaarden")
    def terms():
        return page("voorwaarden.html")

    return bp
