"""Where a running `replycoach serve` says it listens, so `replycoach check` can find it.

The file is `server.json` in the platform's user state folder (readable by you only). It names
the URL, the server's process id and what it was started with (version, rules and locales
folders): a client uses the server only when all of these match its own, so a server started
with other rules (REPLYCOACH_RULES) never answers for them. Standard library and platformdirs
only: `check` reads it on every run.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STATE_FILE = "server.json"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def state_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("replycoach") / STATE_FILE


def fingerprint() -> dict[str, str]:
    """What must be the same for a server's findings to be the client's."""
    from replycoach import __version__
    from replycoach.locales import locales_root
    from replycoach.resources import rules_root

    return {"version": __version__, "rules": str(rules_root().resolve()),
            "locales": str(locales_root().resolve())}


def write_state(url: str) -> Path:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"url": url, "pid": os.getpid(), **fingerprint()}
    handle, temporary = tempfile.mkstemp(prefix=".server-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def read_state() -> dict[str, Any] | None:
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_state() -> None:
    """Remove the state file if it is this process's (another server may have replaced it)."""
    data = read_state()
    if data is not None and data.get("pid") == os.getpid():
        with contextlib.suppress(OSError):
            state_path().unlink()


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def discovered_url() -> str | None:
    """The URL of a running local server that checks exactly as this process would."""
    data = read_state()
    if data is None or not _alive(data.get("pid")):
        return None
    url = data.get("url")
    if not isinstance(url, str) or urlsplit(url).hostname not in LOOPBACK_HOSTS:
        return None
    try:
        mine = fingerprint()
    except Exception:  # a broken REPLYCOACH_RULES: the local run will say so
        return None
    if any(data.get(key) != value for key, value in mine.items()):
        return None
    return url
