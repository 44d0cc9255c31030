"""/privacy and /voorwaarden: Dutch, accessible, CSP-clean, and true to what the code stores and logs."""

from __future__ import annotations

from dataclasses import fields
from html.parser import HTMLParser

import pytest
from flask import Flask

from skill.web.app import create_app
from skill.web.legal import DEFAULT_CONTACT_EMAIL, contact_email, legal_blueprint

CONTACT_ENV = "RUGADVIES_CONTACT_EMAIL"
from skill.dialog.profile import Profile
from skill.web.security import user_tag
from skill.settings import Settings
from skill.content.leaflet import load_leaflet

DISCLAIMER = load_leaflet().prompts.disclaimer


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1: list[str] = []
        self.links: list[str] = []
        self.stylesheets: list[str] = []
        self.inline_scripts = 0
        self.style_elements = 0
        self.style_attributes = 0
        self._in_h1 = False
        self._in_script = False
        self.text_parts: list[str] = []
        self.feed(html)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.style_attributes += 1
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a["href"])
        elif tag == "script":
            self._in_script = True
            if not a.get("src"):
                self.inline_scripts += 1
        elif tag == "style":
            self.style_elements += 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data
        if not self._in_script:
            self.text_parts.append(data)


def _app(settings: Settings | None = None):
    settings = settings or Settings(verify=False, store_url="memory://")
    app = create_app(settings)
    if "legal.privacy" not in app.view_functions:  # until app.py registers the blueprint itself
        app.register_blueprint(legal_blueprint(settings))
    return app


@pytest.fixture(scope="module")
def client():
    return _app().test_client()


@pytest.fixture(scope="module")
def privacy(client):
    resp = client.get("/privacy")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    return Page(resp.get_data(as_text=True))


@pytest.fixture(scope="module")
def terms(client):
    resp = client.get("/voorwaarden")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    return Page(resp.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/privacy", "/voorwaarden"])
def test_pages_are_dutch_with_one_heading_and_no_inline_script_or_style(client, path):
    resp = client.get(path)
    page = Page(resp.get_data(as_text=True))
    assert page.lang == "nl" and len(page.h1) == 1 and page.h1[0].strip()
    assert page.inline_scripts == 0 and page.style_elements == 0 and page.style_attributes == 0
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert DISCLAIMER in page.text


@pytest.mark.parametrize("path", ["/privacy", "/voorwaarden"])
def test_every_link_on_the_pages_works(client, path):
    page = Page(client.get(path).get_data(as_text=True))
    internal = [href for href in page.links if href.startswith("/")]
    assert {"/privacy", "/voorwaarden"} <= set(internal)
    for href in internal:
        assert client.get(href).status_code == 200, href
    assert f"mailto:{contact_email(Settings())}" in page.links


#: Each field of the stored profile and the words the privacy statement uses for it. A new field in
#: skill/profile.py makes this test fail until the statement says that it is stored too.
STORED = {
    "welcomed": "al eerder heeft gebruikt",
    "last_section": "welk onderdeel van de folder u het laatst beluisterde",
    "playback": "hoe ver u met luisteren was",
    "reminders": "de codes die Amazon aan die herinneringen gaf",
    "pace": "in welk tempo de skill voor u spreekt",
    "heard": "welke onderdelen van de folder u al heeft gehoord",
}


def test_privacy_statement_names_exactly_what_the_profile_stores(privacy):
    assert {f.name for f in fields(Profile)} == set(STORED)
    for words in STORED.values():
        assert words in privacy.text


def test_privacy_statement_on_keys_logs_and_sharing(privacy):
    text = privacy.text
    assert "gezouten hash" in text  # the store's key (skill/storage.py user_key)
    assert f"korte code van {len(user_tag('amzn1.ask.account.X', 'zout'))} tekens" in text  # skill/security.py
    assert "Wat u zegt of vraagt" in text and "slaat haar niet op" in text
    assert "delen uw gegevens met niemand en verkopen ze niet" in text
    assert "Schakel de skill uit" in text
    assert f"mailto:{contact_email(Settings())}" in privacy.links


def test_terms_say_it_is_leaflet_information_not_medical_advice(terms):
    text = terms.text
    assert "geen medisch advies" in text and "folder" in text
    assert "fysiotherapeut" in text and "huisarts" in text
    assert "112" in text
    assert "/privacy" in terms.links


def test_contact_address_from_settings_then_environment_then_default(monkeypatch):
    monkeypatch.delenv(CONTACT_ENV, raising=False)
    assert contact_email(Settings.from_env()) == contact_email() == DEFAULT_CONTACT_EMAIL
    assert contact_email(Settings.from_env({CONTACT_ENV: " praktijk@voorbeeld.nl "})) == "praktijk@voorbeeld.nl"
    assert contact_email(Settings(contact_email="info@fysio.nl")) == "info@fysio.nl"

    monkeypatch.setenv(CONTACT_ENV, "privacy@fysio-centrum.nl")
    app = Flask(__name__)
    app.register_blueprint(legal_blueprint(Settings.from_env()))
    for path in ("/privacy", "/voorwaarden"):
        page = Page(app.test_client().get(path).get_data(as_text=True))
        assert "mailto:privacy@fysio-centrum.nl" in page.links and DEFAULT_CONTACT_EMAIL not in page.text


def test_pages_render_without_the_web_page_and_use_its_stylesheet_with_it():
    bare = Flask(__name__)
    bare.register_blueprint(legal_blueprint())
    page = Page(bare.test_client().get("/privacy").get_data(as_text=True))
    assert page.stylesheets == [] and len(page.h1) == 1

    web = pytest.importorskip("skill.web.pages")
    settings = Settings(verify=False, store_url="memory://")
    app = _app(settings)
    if "web.page" not in app.view_functions:
        state = app.extensions["rugadvies"]
        app.register_blueprint(web.web_blueprint(settings, state["leaflet"], state["manifest"]))
    client = app.test_client()
    page = Page(client.get("/privacy").get_data(as_text=True))
    assert len(page.stylesheets) == 1 and client.get(page.stylesheets[0]).status_code == 200
    assert "/" in page.links  # back to the leaflet page
