"""A LanguageTool on this machine, started and stopped by language-tool-python.

On first use language-tool-python downloads LanguageTool (about 250 MB, from the internet) and
runs it with Java 17 or newer; later runs start the downloaded copy. Only the server's address
is taken from it: requests go through our own client (languagetool.py), with its timeouts.
"""

from __future__ import annotations

from typing import Any

from replycoach.grammar.languagetool import LanguageToolUnavailable


class LocalLanguageTool:
    def __init__(self) -> None:
        self._tool: Any = None

    def start(self) -> str:
        """The base URL of a running local LanguageTool, started if need be."""
        if self._tool is None:
            try:
                import language_tool_python
            except ImportError as exc:
                raise LanguageToolUnavailable(
                    "language-tool-python is not installed (pip install language-tool-python)"
                ) from exc
            try:
                self._tool = language_tool_python.LanguageTool("en-US")
            except Exception as exc:  # download, Java or start-up failures of every kind
                detail = str(exc).splitlines()[0] if str(exc) else ""
                detail = f": {detail}" if 0 < len(detail) <= 80 else ""
                raise LanguageToolUnavailable(
                    f"{type(exc).__name__}{detail}; it needs Java 17 and, the first time, "
                    "internet access to download LanguageTool") from exc
        return str(self._tool.url)

    def close(self) -> None:
        if self._tool is not None:
            try:
                self._tool.close()
            finally:
                self._tool = None
