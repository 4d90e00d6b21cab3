"""Where the rules live: REPLYCOACH_RULES, else inside the wheel, else the source checkout."""

from __future__ import annotations

import os
from pathlib import Path

from replycoach.errors import ReplycoachError

_PACKAGE_DIR = Path(__file__).resolve().parent
RULES_ENV = "REPLYCOACH_RULES"


def rules_root() -> Path:
    """The rules folder: `$REPLYCOACH_RULES` (for rule authors), or the bundled one."""
    override = os.environ.get(RULES_ENV)
    if override:
        path = Path(override)
        if not path.is_dir():
            raise ReplycoachError(f"{RULES_ENV}={override} is not a folder")
        return path
    for candidate in (_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise ReplycoachError("the bundled rules folder is missing from this installation")
