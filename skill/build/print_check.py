"""Printing the result of a ``--check`` command: the differences, then whether the file is up to date."""

from __future__ import annotations

import sys
from pathlib import Path


def print_check(path: Path | str, differences: list[str], command: str) -> int:
    """Print the differences and a verdict; 0 when ``path`` is up to date, 1 when it is stale."""
    for line in differences:
        print(line, file=sys.stderr)
    if differences:
        print(f"{path} is out of date: run `{command}`", file=sys.stderr)
        return 1
    print(f"{path} is up to date")
    return 0
