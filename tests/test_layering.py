"""The folder tree is the architecture: each subpackage of ``skill`` imports only the layers below it.

    content  <-  dialog  <-  alexa  <-  web          nlu on content only; build and tools beside them

Imports inside functions count too (a lazy import is still a dependency). Read from the source, not run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SKILL = Path(__file__).resolve().parent.parent / "skill"

#: subpackage -> the subpackages (and top-level modules) of ``skill`` it may import
ALLOWED = {
    "content": {"settings"},
    "dialog": {"content", "settings"},
    "nlu": {"content", "settings"},
    "alexa": {"content", "dialog", "settings"},
    "web": {"content", "dialog", "nlu", "alexa", "settings"},
    "build": {"content", "dialog", "nlu", "settings"},
    "tools": {"content", "dialog", "nlu", "alexa", "settings"},
}
#: third-party frameworks a layer must not touch: the pure layers know neither the SDK nor Flask
FORBIDDEN = {
    "content": {"ask_sdk_core", "ask_sdk_model", "flask", "werkzeug", "gunicorn"},
    "dialog": {"ask_sdk_core", "ask_sdk_model", "flask", "werkzeug", "gunicorn"},
    "nlu": {"ask_sdk_core", "ask_sdk_model", "flask", "werkzeug", "gunicorn"},
    "alexa": {"flask", "werkzeug", "gunicorn"},
    "build": {"flask", "werkzeug", "gunicorn"},
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            if node.module == "skill":
                names |= {f"skill.{alias.name}" for alias in node.names}
    return names


def modules(package: str) -> list[Path]:
    return sorted((SKILL / package).rglob("*.py"))


def test_every_subpackage_is_listed_and_has_a_docstring():
    found = {p.name for p in SKILL.iterdir() if (p / "__init__.py").is_file()}
    assert found == set(ALLOWED)
    for package in found:
        assert ast.get_docstring(ast.parse((SKILL / package / "__init__.py").read_text(encoding="utf-8"))), package


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependencies_point_one_way(package):
    wrong = []
    for path in modules(package):
        for name in imports_of(path):
            parts = name.split(".")
            if parts[0] == "skill" and len(parts) > 1 and parts[1] != package and parts[1] not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(SKILL.parent)} imports {name}")
            if parts[0] in FORBIDDEN.get(package, ()):
                wrong.append(f"{path.relative_to(SKILL.parent)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from skill.web.app import create_app\n    from skill import alexa\n", encoding="utf-8")
    assert {"skill.web.app", "skill.alexa"} <= imports_of(bad)
