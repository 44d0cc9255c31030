"""A fresh machine: dependencies declared by who needs them, the serve command's settings and start-up line.

What `.ci/run` proves end to end (a fresh venv on Debian's own PATH) is checked here at the level a unit
test can: every third-party import is declared, and the service imports nothing from the audio extra.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from skill.web.server import startup_line, store_description
from skill.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ALIASES = {"yaml": "pyyaml"}


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)).lower()


def _declared(groups: list[list[str]]) -> set[str]:
    """The distributions these requirement lists name, with everything they require in turn."""
    todo = [_name(r) for group in groups for r in group]
    covered = set(todo)
    while todo:
        try:
            requires = metadata.requires(todo.pop()) or []
        except metadata.PackageNotFoundError:
            continue
        for r in requires:
            if "extra" not in r.partition(";")[2] and (n := _name(r.split(";")[0])) not in covered:
                covered.add(n)
                todo.append(n)
    return covered


def _third_party_imports(folders: tuple[str, ...]) -> dict[str, Path]:
    local = {"skill", "tests", "bench", "conftest", "browser"} | {p.stem for p in (ROOT / "tests").rglob("*.py")}
    found: dict[str, Path] = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "node_modules" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in local:
                        found.setdefault(top, path)
    return found


def _distribution(module: str) -> str:
    dists = metadata.packages_distributions().get(module) or [ALIASES.get(module, module)]
    return re.sub(r"[-_.]+", "-", dists[0]).lower()


@pytest.mark.slow
def test_every_third_party_import_is_declared():
    extras = PROJECT["optional-dependencies"]
    declared = _declared([PROJECT["dependencies"], *extras.values()])
    missing = {m: str(p.relative_to(ROOT)) for m, p in _third_party_imports(("skill", "tests", "bench")).items()
               if _distribution(m) not in declared}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.mark.slow
def test_the_service_imports_nothing_from_the_audio_extra():
    """`rugadvies serve` installs only the core dependencies: serving every route must not need the audio extra."""
    core = _declared([PROJECT["dependencies"]])
    audio_only = {_name(r) for r in PROJECT["optional-dependencies"]["audio"]} - core
    code = (
        "import sys\n"
        "from skill.web.app import create_app\n"
        "from skill.settings import Settings\n"
        "app = create_app(Settings(store_url='memory://', verify=False))\n"
        "client = app.test_client()\n"
        "for path in ('/', '/podcast.xml', '/folder.m3u', '/health', '/privacy', '/voorwaarden', "
        "'/audio/tillen.mp3'):\n"
        "    assert client.get(path).status_code == 200, path\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {_distribution(m) for m in done.stdout.split() if m not in sys.stdlib_module_names}
    assert not loaded & audio_only, f"the service loaded {sorted(loaded & audio_only)} from the audio extra"


def test_serve_without_public_url_uses_the_port_it_serves():
    settings = Settings.from_env({})
    assert settings.serving_at("127.0.0.1", 8123).public_url == "http://127.0.0.1:8123"
    assert settings.serving_at("0.0.0.0", 9000).public_url == "http://127.0.0.1:9000"
    assert settings.serving_at("::1", 9000).public_url == "http://[::1]:9000"
    explicit = Settings.from_env({"RUGADVIES_PUBLIC_URL": "https://rug.example.nl/"})
    assert explicit.serving_at("127.0.0.1", 8123).public_url == "https://rug.example.nl"


def test_log_level_is_a_setting_and_a_wrong_one_is_refused():
    assert Settings.from_env({}).log_level == "INFO"
    assert Settings.from_env({"RUGADVIES_LOG_LEVEL": "debug"}).log_level == "DEBUG"
    with pytest.raises(ValueError, match="RUGADVIES_LOG_LEVEL"):
        Settings.from_env({"RUGADVIES_LOG_LEVEL": "loud"})


def test_startup_line_says_where_things_are_and_hides_store_passwords(tmp_path):
    settings = Settings(store_url="redis://:geheim@10.0.0.5:6379/0", verify=False, skill_id="",
                        audio_dir=ROOT / "audio").serving_at("127.0.0.1", 8123)
    line = startup_line(settings, "127.0.0.1", 8123, 2)
    assert "http://127.0.0.1:8123" in line and "public URL http://127.0.0.1:8123" in line
    assert "store redis redis://10.0.0.5:6379/0" in line and "geheim" not in line
    assert "verification OFF" in line and "skill id not checked" in line
    engines = {t["engine"] for t in __import__("json").loads((ROOT / "audio" / "manifest.json").read_text())["tracks"]}
    assert f"audio {', '.join(sorted(engines))}" in line
    assert "audio none" in startup_line(Settings(audio_dir=tmp_path), "127.0.0.1", 8000, 1)
    assert store_description("sqlite:////var/lib/rugadvies/state.sqlite3") == "sqlite /var/lib/rugadvies/state.sqlite3"


def test_bench_compare_writes_json_only_when_asked(monkeypatch, tmp_path):
    from bench import compare

    written = []
    monkeypatch.setattr(compare, "run", lambda plan, name, profile: {"targets": []})
    monkeypatch.setattr(compare, "report", lambda result: "report")
    monkeypatch.setattr(compare.common, "write_json", lambda path, result: written.append(path))
    assert compare.main(["--quick"]) == 0
    assert written == []
    assert compare.main(["--quick", "--json", str(tmp_path / "r.json")]) == 0
    assert written == [tmp_path / "r.json"]


@pytest.mark.slow
def test_the_servers_worker_needs_only_core_dependencies():
    """The worker class `rugadvies serve` runs (gevent) loads with what the core dependencies install."""
    from skill.web.server import SERVER_OPTIONS

    worker = {"gevent": "gunicorn.workers.ggevent", "gthread": "gunicorn.workers.gthread"}[
        SERVER_OPTIONS["worker_class"]]
    code = f"import sys, {worker}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    core = _declared([PROJECT["dependencies"]])
    loaded = {_distribution(m) for m in done.stdout.split()
              if m not in sys.stdlib_module_names and not m.startswith("_") and metadata.packages_distributions().get(m)}
    assert loaded <= core, f"the {worker} worker loads {sorted(loaded - core)}, which only extras install"
