"""Where the bundled data lives: inside the wheel, or at the top of a source checkout.

Rule authors can point REPLYCOACH_RULES (and REPLYCOACH_LOCALES) at folders of their own.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from pathlib import Path

from replycoach.errors import ReplycoachError

_PACKAGE_DIR = Path(__file__).resolve().parent
RULES_ENV = "REPLYCOACH_RULES"


@cache  # an installation does not move while it runs; a missing folder raises, uncached
def bundled_folder(name: str) -> Path:
    """`replycoach/<name>` in the wheel, or `<name>/` at the top of a source checkout."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise ReplycoachError(f"the bundled {name} folder is missing from this installation")


def rules_root() -> Path:
    """The rules folder: `$REPLYCOACH_RULES` (for rule authors), or the bundled one."""
    override = os.environ.get(RULES_ENV)
    if override:
        return user_folder(RULES_ENV, override)
    return bundled_folder("rules")


def package_data_folder(package: str) -> Path | None:
    """`<package>/data` of an installed package, found without importing it (wordfreq takes
    half a second to import); None when the package or its folder is missing."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return folder if folder.is_dir() else None


@cache  # keyed by the value: pointing the variable elsewhere is seen at once
def user_folder(variable: str, value: str) -> Path:
    """The folder an environment variable names; an error (never cached) if it is not one."""
    path = Path(value)
    if not path.is_dir():
        raise ReplycoachError(f"{variable}={value} is not a folder")
    return path
