"""The privacy statement (``GET /privacy``) and terms of use (``GET /voorwaarden``), in Dutch.

The skill manifest links to both pages (``skill/skill_package.py``). They state
what the code really does: the store keeps per Alexa user, under a salted hash of
the user id, only whether the user was welcomed, the last section and the
playback position (``skill/profile.py``); nothing the user says is stored; the
request log names a user only by a short salted hash (``skill/security.py``).

The contact address comes from ``settings.contact_email`` when Settings has that
field, else from ``RUGADVIES_CONTACT_EMAIL``, else :data:`DEFAULT_CONTACT_EMAIL`.
The pages use the leaflet page's stylesheet when the web blueprint is registered
and are plain, readable HTML without it (no inline script or style either way).
"""

from __future__ import annotations

import os
from typing import Mapping

from flask import Blueprint, current_app, render_template, url_for
from werkzeug.routing import BuildError

from skill.dialog.speech import DISCLAIMER

__all__ = ["legal_blueprint", "contact_email", "DEFAULT_CONTACT_EMAIL", "CONTACT_ENV"]

CONTACT_ENV = "RUGADVIES_CONTACT_EMAIL"
#: A placeholder that is clearly not a real mailbox; set RUGADVIES_CONTACT_EMAIL in production.
DEFAULT_CONTACT_EMAIL = "privacy@rugadvies.example.nl"


def contact_email(settings: object | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The address users can write to about their data and the skill."""
    configured = getattr(settings, "contact_email", None) if settings is not None else None
    if configured:
        return str(configured).strip()
    env = os.environ if environ is None else environ
    return env.get(CONTACT_ENV, "").strip() or DEFAULT_CONTACT_EMAIL


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


def legal_blueprint(settings: object | None = None) -> Blueprint:
    """``GET /privacy`` and ``GET /voorwaarden`` for the app built from ``settings``."""
    bp = Blueprint("legal", __name__, template_folder="templates")
    email = contact_email(settings)

    def render(template: str):
        response = current_app.make_response(render_template(
            template, contact_email=email, disclaimer=DISCLAIMER, stylesheet=_stylesheet(), home=_home()))
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @bp.get("/privacy")
    def privacy():
        return render("privacy.html")

    @bp.get("/voorwaarden")
    def terms():
        return render("voorwaarden.html")

    return bp
