"""Error answers: short Dutch HTML pages on the web routes, JSON on the Alexa endpoint.

Every HTTP error the app raises (404, 405, 413, ...) keeps its status and headers
(``Allow`` on a 405) but gets one of these bodies instead of Werkzeug's English
page. Anything else that escapes a view is a bug: it is logged with its traceback
and answered 500, never as a client error and never with the traceback in the body.
"""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

#: Paths answered in JSON (the API Alexa calls); everything else is a page for people.
API_PATHS = ("/alexa",)

#: status -> (title, explanation) for the pages.
PAGES: dict[int, tuple[str, str]] = {
    400: ("Ongeldig verzoek", "Uw browser stuurde een verzoek dat deze site niet begrijpt."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet (meer). Controleer het adres."),
    405: ("Niet toegestaan", "Deze pagina kan niet op deze manier worden opgevraagd."),
    413: ("Verzoek te groot", "Het verzoek is groter dan deze site aanneemt."),
    416: ("Bereik niet beschikbaar", "Het gevraagde deel van het bestand bestaat niet."),
    500: ("Er ging iets mis", "Er ging aan onze kant iets mis. Probeer het later opnieuw."),
    503: ("Tijdelijk niet beschikbaar", "De site is even niet beschikbaar. Probeer het later opnieuw."),
}
GENERIC = ("Fout", "Dit verzoek kon niet worden afgehandeld.")

#: status -> the short English word in the JSON body of the API.
API_ERRORS = {400: "bad request", 404: "not found", 405: "method not allowed", 413: "request too large",
              500: "internal error", 503: "unavailable"}

PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Rugadvies</title></head>
<body>
<main>
<h1>{title}</h1>
<p>{text}</p>
<p><a href="/">Naar de folder <i>Minder last van uw rug</i></a></p>
</main>
</body>
</html>
"""


def page(status: int) -> str:
    """The Dutch HTML page for ``status``."""
    title, text = PAGES.get(status, GENERIC)
    return PAGE.format(title=escape(title), text=escape(text))


def api_error(status: int) -> Response:
    """The JSON error body of the API for ``status``."""
    response = jsonify(error=API_ERRORS.get(status, "error"))
    response.status_code = status
    return response


def _answer(exc: HTTPException) -> Response:
    status = exc.code or 500
    response = exc.get_response()  # keeps headers such as Allow and Content-Range
    if request.path in API_PATHS:
        body = api_error(status)
        response.set_data(body.get_data())
        response.mimetype = "application/json"
    else:
        response.set_data(page(status).encode("utf-8"))
        response.content_type = "text/html; charset=utf-8"
    return response


def install(app: Flask) -> None:
    """Answer every error of ``app`` as above."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _answer(exc)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
        return _answer(InternalServerError())
