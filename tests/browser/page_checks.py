"""Drive Debian's headless Chromium over a page: axe-core audit, Tab walk, reflow check, screenshots.

Used by ``tests/test_browser.py``; also runnable by hand against a running server::

    python tests/browser/page_checks.py http://127.0.0.1:8000/ --out /tmp/page-checks

Needs ``/usr/bin/chromium`` (apt) and ``npm ci`` in this folder (axe-core, pinned in package.json).
Only requests to the page's own host are let through: nothing here reaches the internet.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextmanager
def chromium(headless: bool = True) -> Iterator[Any]:
    """A Playwright ``Browser`` on Debian's Chromium (Playwright gives it a fresh temporary profile)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=headless, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def local_only(context: Any, origin: str) -> None:
    """Abort every request that does not go to ``origin`` (scheme://host:port)."""
    def route(r):
        url = urlsplit(r.request.url)
        if f"{url.scheme}://{url.netloc}" == origin or url.scheme in ("data", "blob"):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)


def run_axe(page: Any, tags: list[str] | None = None) -> dict[str, Any]:
    """Inject axe-core and audit the page against the WCAG 2.0/2.1 A and AA rules.

    The page's Content-Security-Policy forbids injected scripts: open it in a context made with
    ``bypass_csp=True`` for this audit only.
    """
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in {HERE}")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            const brief = (items) => items.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
            return {version: axe.version, violations: brief(r.violations), incomplete: brief(r.incomplete),
                    passes: r.passes.map(p => p.id), inapplicable: r.inapplicable.length};
        }""",
        tags or AXE_TAGS,
    )


_FOCUS_INFO = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.getAttribute('class') || '',
            href: el.getAttribute('href'), text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
            outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
            inViewport: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
}"""


def tab_stops(page: Any, limit: int = 400) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus leaves the page or comes back; one entry per stop.

    Focus inside a native player's controls reports the ``<audio>`` element (their shadow host).
    """
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(_FOCUS_INFO)
        if info is None or (stops and info == stops[0]):
            break
        stops.append(info)
    return stops


def horizontal_overflow(page: Any) -> int:
    """CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--out", type=Path, default=Path("page-checks"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    parts = urlsplit(args.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    with chromium() as browser:
        audit = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True)
        local_only(audit, origin)
        page = audit.new_page()
        page.goto(args.url)
        result = run_axe(page)
        audit.close()
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        local_only(context, origin)
        page = context.new_page()
        page.goto(args.url)
        stops = tab_stops(page)
        page.screenshot(path=str(args.out / "page.png"), full_page=True)
        page.set_viewport_size({"width": 640, "height": 900})
        overflow = horizontal_overflow(page)
        page.screenshot(path=str(args.out / "page-640.png"), full_page=True)
    (args.out / "axe.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"axe {result['version']}: {len(result['violations'])} violations, {len(result['passes'])} passes, "
          f"{len(result['incomplete'])} incomplete")
    for v in result["violations"]:
        print(f"  {v['id']} ({v['impact']}): {v['help']} -> {v['nodes']}")
    print(f"Tab stops: {len(stops)}, first: {stops[0]['text'] if stops else None!r}; "
          f"horizontal overflow at 640px: {overflow}px; screenshots in {args.out}")
    return 1 if result["violations"] or overflow > 0 else 0


if __name__ == "__main__":
    sys.exit(main())
