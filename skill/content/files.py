"""Reading and writing the project's data files: YAML with clear errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

#: The fastest safe YAML loader available (libyaml's when installed).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, error: type[Exception], missing: str = "not found") -> Any:
    """The YAML data in ``path``; a missing or malformed file raises ``error`` naming the path."""
    try:
        return yaml.load(path.read_bytes(), Loader=SafeLoader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: invalid YAML: {exc}") from None


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write via a temporary file in the same directory and rename: never a partial or 0-byte file.

    ``mode`` is the file's permissions: 0644 suits the served and committed files, 0600 private ones.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)  # mkstemp makes 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
