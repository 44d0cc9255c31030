"""Every absolute URL comes from RUGADVIES_PUBLIC_URL: a client's ``Host`` or ``SCRIPT_NAME`` changes nothing.

gunicorn turns a ``SCRIPT_NAME`` request header into the WSGI ``SCRIPT_NAME`` (and strips it from the path),
so the test sets it in the environ the way gunicorn does.
"""

from __future__ import annotations

from skill.alexa.stores import MemoryAdapter
from skill.settings import Settings
from skill.web.app import create_app

PUBLIC = "https://rug.example.org"


def client():
    return create_app(Settings(verify=False, public_url=PUBLIC), store=MemoryAdapter()).test_client()


def test_a_redirect_goes_to_the_public_origin_whatever_the_host_header():
    resp = client().get("/audio//tillen.mp3", headers={"Host": "evil.example"})
    assert resp.status_code == 308
    assert resp.headers["Location"] == f"{PUBLIC}/audio/tillen.mp3"


def test_a_script_name_from_the_client_does_not_rewrite_the_links():
    plain = client().get("/privacy").get_data(as_text=True)
    assert 'href="/static/web.css' in plain
    # GET /evil/ with "SCRIPT_NAME: /evil": gunicorn serves the home page with every link under /evil
    page = client().get("/evil/", environ_overrides={"SCRIPT_NAME": "/evil", "PATH_INFO": "/"})
    assert page.status_code == 404  # the path the client really asked for, /evil/, is not a page
    assert "/evil" not in page.get_data(as_text=True)
    # GET /privacy with "SCRIPT_NAME: /": links would become //static/... (another host)
    resp = client().get("/privacy", environ_overrides={"SCRIPT_NAME": "/", "PATH_INFO": "privacy"})
    assert resp.status_code == 200
    assert resp.get_data(as_text=True) == plain
