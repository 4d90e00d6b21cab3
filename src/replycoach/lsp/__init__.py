"""`replycoach lsp`: findings as editor diagnostics, fixes as code actions (pygls, stdio).

positions.py    offsets <-> LSP line/character in utf-8, utf-16 or utf-32 units
diagnostics.py  a document linted into diagnostics and code actions
server.py       the pygls server: document sync, debounced checks, handlers
"""
