"""Import spaCy without its command-line interface.

`import spacy` costs about 0.65 s, and half of that is `spacy/__init__.py` importing
`spacy.cli` (typer, weasel, the download and packaging commands) only to re-export
`spacy.info`. replycoach never runs spaCy's CLI, and a pre-send check is felt at start-up, so
the first import puts stand-ins for `spacy.cli` and `spacy.cli.info` in `sys.modules`, imports
spaCy, and takes the stand-ins out again: a later `import spacy.cli` loads the real package,
and `spacy.info()` still works (it imports the real one when called).
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType
from typing import Any

_lock = threading.Lock()
_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """spacy.info, imported for real on first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> ModuleType:
    """The spacy module, imported once per process without its CLI."""
    with _lock:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        cli, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
        info.info = _info  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
        try:
            import spacy
        finally:
            for name, stand_in in zip(_STAND_INS, (cli, info), strict=True):
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
        if getattr(spacy, "cli", None) is cli:
            del spacy.cli  # `spacy.cli` will be the real package once someone imports it
        return spacy
