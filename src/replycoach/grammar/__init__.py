"""Grammar through LanguageTool, off by default: the HTTP API adapter (languagetool.py), a
local server run by language-tool-python (local.py), and the pass that adds its findings to
checked drafts (checker.py)."""
