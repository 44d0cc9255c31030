"""The leaflet page in a real browser: the app under a real WSGI server on 127.0.0.1, driven through headless
Debian Chromium (Playwright) with axe-core injected. Nothing leaves 127.0.0.1.

Needs ``/usr/bin/chromium`` and ``npm ci`` in tests/browser (both done by scripts/setup.sh).
Screenshots land in the test's tmp dir (``pytest --basetemp DIR`` to keep them somewhere known).
"""

from __future__ import annotations

import importlib.util
import json
import threading
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from tests.browser.page_checks import AXE_JS, CHROMIUM, chromium, horizontal_overflow, local_only, run_axe, tab_stops
from skill.content.audio_manifest import load_manifest
from skill.settings import PROJECT_ROOT
from tests.helpers import make_audio_dir, web_app

_NEEDED = {CHROMIUM: Path(CHROMIUM).exists(), str(AXE_JS): AXE_JS.exists(),
           "the playwright package": importlib.util.find_spec("playwright") is not None}
_MISSING = [name for name, there in _NEEDED.items() if not there]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(bool(_MISSING), reason=f"not installed: {', '.join(_MISSING)} (run scripts/setup.sh)")]


def _not_ready(environ, start_response):  # placeholder until the app knows its own port
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, leaflet):
    """The real app on a free 127.0.0.1 port; the committed recording if there is one, else fake MP3s."""
    manifest = load_manifest(PROJECT_ROOT / "audio")
    real = bool(manifest.tracks)
    audio_dir = PROJECT_ROOT / "audio" if real else make_audio_dir(tmp_path_factory.mktemp("audio"), leaflet)
    srv = make_server("127.0.0.1", 0, _not_ready, threaded=True)
    base = f"http://127.0.0.1:{srv.server_port}"
    srv.app = web_app(audio_dir, public_url=base)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    recorded = [s for s in leaflet.sections if load_manifest(audio_dir).get(s.id)]
    yield SimpleNamespace(base=base, url=base + "/", manifest=load_manifest(audio_dir), recorded=recorded, real=real)
    srv.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@contextmanager
def open_page(browser, server, *, width=1280, height=900, scale=1, path="/", **options):
    """A fresh context and page on the app; ``errors`` collects console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                  locale="nl-NL", **options)
    local_only(context, server.base)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server.base + path)
    try:
        yield page, errors
    finally:
        context.close()


PAGES = {"leaflet": "/", "answer": "/vraag?q=hoe+moet+ik+tillen", "not-in-leaflet": "/vraag?q=fiets+repareren",
         "safety": "/vraag?q=mijn+been+is+gevoelloos", "empty": "/vraag?q="}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("scheme, width, scale", [("light", 1280, 1), ("dark", 1280, 1), ("light", 640, 2)],
                         ids=["light", "dark", "zoom200"])
def test_axe_finds_no_wcag_a_or_aa_violations(browser, server, tmp_path, scheme, width, scale, path):
    # axe is injected as a script, which the page's Content-Security-Policy forbids: bypass it for the audit only
    with open_page(browser, server, width=width, scale=scale, color_scheme=scheme, bypass_csp=True,
                   path=path) as (page, _):
        result = run_axe(page)
        assert horizontal_overflow(page) == 0
        page.screenshot(path=str(tmp_path / "page.png"))
    (tmp_path / "axe.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"axe {result['version']} [{path}, {scheme}, {width}px]: {len(result['violations'])} violations, "
          f"{len(result['passes'])} passes, {len(result['incomplete'])} incomplete")
    assert result["violations"] == [], json.dumps(result["violations"], indent=2, ensure_ascii=False)
    assert "color-contrast" in result["passes"] and "bypass" in result["passes"]


def test_keyboard_reaches_every_player_with_visible_focus(browser, server, tmp_path):
    # reduced motion: no smooth scrolling, so each focus stop is in view when it is measured
    with open_page(browser, server, reduced_motion="reduce") as (page, errors):
        stops = tab_stops(page)
        page.locator(".download a").first.focus()
        page.locator(".download a").first.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "focus.png"))
    assert stops, "Tab never focused anything"
    assert "skip-link" in stops[0]["cls"] and stops[0]["href"] == "#hoofdinhoud"
    players = [s["id"] for s in stops if s["tag"] == "audio"]
    expected = [f"audio-{s.id}" for s in server.recorded]
    assert list(dict.fromkeys(players)) == expected, "every player, in reading order"
    reached = {s["href"] for s in stops if s["href"]}
    assert {f"#{s.id}" for s in server.recorded} <= reached, "the table of contents"
    assert "/folder.m3u" in reached and "/podcast.xml" in reached
    assert "play-all" in {s["id"] for s in stops}
    invisible = [s for s in stops if s["outline"] in ("none", "") or s["outlineWidth"] < 2 or not s["inViewport"]]
    assert invisible == [], f"every focus stop shows an outline and is scrolled into view: {invisible}"
    assert errors == []


def test_skip_link_appears_on_focus_and_jumps_to_main(browser, server):
    with open_page(browser, server) as (page, errors):
        skip = page.locator(".skip-link")
        assert skip.bounding_box()["y"] < 0, "hidden above the page until focused"
        page.keyboard.press("Tab")
        box = skip.bounding_box()
        assert box["y"] >= 0 and box["height"] > 0
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('main')")
    assert errors == []


@pytest.mark.parametrize("width, scale", [(1280, 1), (640, 2), (320, 2)], ids=["desktop", "zoom200", "zoom400"])
def test_text_reflows_without_horizontal_scrolling(browser, server, tmp_path, width, scale):
    with open_page(browser, server, width=width, scale=scale) as (page, errors):
        assert horizontal_overflow(page) == 0
        assert page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)") >= 18
        page.screenshot(path=str(tmp_path / f"top-{width}.png"))
        page.locator(".listen").first.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"player-{width}.png"))
        if scale == 1:
            page.screenshot(path=str(tmp_path / f"full-{width}.png"), full_page=True)
    assert errors == []


def test_page_works_without_javascript(browser, server):
    with open_page(browser, server, java_script_enabled=False) as (page, _):
        assert not page.locator("#play-all").is_visible()
        assert page.locator("main a[href='/folder.m3u']").is_visible()
        assert page.locator("audio[controls]").count() == len(server.recorded)
        for section in server.recorded:
            assert page.locator(f"#{section.id}-titel").is_visible()
            assert page.locator(f"#audio-{section.id}").is_visible()


def test_play_all_plays_the_sections_one_after_another(browser, server):
    first, second = (f"#audio-{s.id}" for s in server.recorded[:2])
    with open_page(browser, server) as (page, errors):
        button = page.locator("#play-all")
        assert button.is_visible() and button.inner_text() == "Alles afspelen op deze pagina"
        button.focus()
        page.keyboard.press("Enter")
        status = page.locator("#now-playing")
        if not server.real:  # fake MP3s cannot be decoded: the page must say so instead of failing silently
            page.wait_for_function("() => document.querySelector('#now-playing').textContent.includes('lukt niet')")
            return
        page.wait_for_function(f"() => document.querySelector('{first}').currentTime > 0")
        assert status.inner_text().startswith(f"Nu speelt: {server.recorded[0].title}")
        assert button.inner_text() == "Stoppen met alles afspelen"
        duration = page.evaluate(f"() => document.querySelector('{first}').duration")
        assert abs(duration - server.manifest.get(server.recorded[0].id).duration) < 0.5
        page.evaluate(f"() => {{ const a = document.querySelector('{first}'); a.currentTime = a.duration - 0.3; }}")
        page.wait_for_function(f"() => document.querySelector('{second}').currentTime > 0", timeout=10_000)
        assert page.evaluate(f"() => document.querySelector('{first}').paused")
        assert status.inner_text().startswith(f"Nu speelt: {server.recorded[1].title}")
        page.keyboard.press("Enter")  # focus stayed on the button
        assert page.evaluate("() => [...document.querySelectorAll('audio')].every(a => a.paused)")
        assert status.inner_text() == "Gestopt."
    assert errors == []


def test_native_player_plays_from_the_keyboard(browser, server):
    if not server.real:
        pytest.skip("fake MP3s cannot be played; the committed recording is needed")
    audio = f"#audio-{server.recorded[0].id}"
    with open_page(browser, server, reduced_motion="reduce") as (page, errors):
        for _ in range(200):  # Tab to the first player's play button, then press Enter like a keyboard user
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.tagName") == "AUDIO":
                break
        assert page.evaluate("() => '#' + document.activeElement.id") == audio
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => document.querySelector('{audio}').currentTime > 0")
        assert page.locator("#now-playing").inner_text().startswith(f"Nu speelt: {server.recorded[0].title}")
        page.keyboard.press("Enter")
        assert page.evaluate(f"() => document.querySelector('{audio}').paused")
    assert errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_asking_by_keyboard_lands_on_the_answer_heading(browser, server, tmp_path, javascript):
    with open_page(browser, server, reduced_motion="reduce", java_script_enabled=javascript) as (page, errors):
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "vraag", "the question field comes right after"
        label = page.evaluate("() => document.activeElement.labels[0].textContent")
        assert label == "Stel uw vraag"
        page.keyboard.type("hoe moet ik tillen?")
        page.keyboard.press("Enter")
        page.wait_for_url("**/vraag?q=*")
        assert page.evaluate("() => document.activeElement.id") == "tillen-titel"
        assert page.locator("#antwoord section#tillen audio track[kind=captions]").count() == 1
        box = page.locator("#tillen-titel").bounding_box()
        assert 0 <= box["y"] < 900, "the answer is in view"
        page.screenshot(path=str(tmp_path / "answer.png"))
    assert errors == []


def test_the_sentence_being_read_is_highlighted_and_moves_along(browser, server, tmp_path):
    if not server.real:
        pytest.skip("fake MP3s cannot be played; the committed recording is needed")
    section = server.recorded[0].id
    with open_page(browser, server, reduced_motion="reduce") as (page, errors):
        page.evaluate(f"""() => {{ const a = document.querySelector('#audio-{section}');
                                  a.muted = true; a.playbackRate = 4; a.play(); }}""")
        reading = "() => (document.querySelector('.cue.is-reading') || {}).dataset"
        page.wait_for_function(f"() => {{ const d = ({reading})(); return d && d.cue === '{section}-zin-0'; }}")
        page.wait_for_function(f"() => {{ const d = ({reading})(); return d && d.cue === '{section}-zin-1'; }}",
                               timeout=15_000)
        page.wait_for_function(f"() => {{ const d = ({reading})(); return d && d.cue === '{section}-zin-2'; }}",
                               timeout=15_000)
        assert page.locator(".cue.is-reading").count() == 1
        box = page.locator(".cue.is-reading").bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900, "kept in view"
        style = page.evaluate("() => getComputedStyle(document.querySelector('.cue.is-reading')).backgroundColor")
        assert style not in ("rgba(0, 0, 0, 0)", "transparent")
        page.screenshot(path=str(tmp_path / "reading.png"))
        page.evaluate(f"() => document.querySelector('#audio-{section}').pause()")
    assert errors == []
