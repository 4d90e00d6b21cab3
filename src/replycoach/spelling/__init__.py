"""Offline spelling: hunspell dictionaries (dictionaries.py), what is not a word to check
(skip.py), ranked suggestions and safe rewrites (suggest.py), and the per-word cached
checker the `spelling` rule kind runs (checker.py)."""
