"""Privacy and hardening of the web service: what the logs and headers show."""

import logging

from skill.web.app import create_app
from skill.tools.device import AlexaSession
from skill.settings import Settings
from skill.web.security import user_tag
from skill.alexa.stores import MemoryAdapter

USER = "amzn1.ask.account.AGF4NETIOHBDQQSZD2BYK3KQFGD6UKNOMVZGQ6ZMS3OZXQ5OEXAMPLE"


def test_logs_name_users_only_by_a_salted_hash(caplog):
    caplog.set_level(logging.DEBUG)
    client = create_app(Settings(verify=False, user_salt="zout"), store=MemoryAdapter()).test_client()
    session = AlexaSession(user_id=USER)
    resp = client.post("/alexa", json=session.topic("hoofdpijn", None))
    assert resp.status_code == 200
    assert USER not in caplog.text and "test-token" not in caplog.text and "hoofdpijn" not in caplog.text
    assert f"user={user_tag(USER, 'zout')}" in caplog.text
    assert user_tag(USER, "zout") != user_tag(USER, "peper") and len(user_tag(USER, "zout")) == 12


def test_security_headers_and_no_debug(caplog):
    app = create_app(Settings(verify=False, public_url="https://rug.example.nl"), store=MemoryAdapter())
    assert app.debug is False
    resp = app.test_client().get("/health")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
                   "Strict-Transport-Security"):
        assert header in resp.headers
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    missing = app.test_client().get("/no-such-page")
    assert missing.status_code == 404 and "Traceback" not in missing.get_data(as_text=True)
