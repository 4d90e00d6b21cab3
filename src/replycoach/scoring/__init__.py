"""Scoring sample replies against a rubric, for trainers: `replycoach score`.

rubric.py      the rubric YAML: categories, weights, penalties, rewards, critical caps
inputs.py      reading CSV, JSON lines or folders of drafts, lazily, twice
rows.py        one row checked and typed (errors name line and column)
scorer.py      one row -> a ScoredReply (lint + rewards + rubric arithmetic)
parallel.py    scoring many rows on several cores, with bounded read-ahead
records.py     a scored reply as JSON / CSV, and back (for --resume)
outputs.py     writing results as they come: JSON lines, CSV, streamed JSON
resume.py      which replies an --output file already holds
aggregate.py   per-agent, per-category and per-rule figures, kept small
calibration.py Spearman rank correlation against the trainer's grades
charts.py      inline SVG charts; html_report.py the self-contained page
terminal.py    the table and summary printed for people
points.py      the rubric arithmetic; run.py one run: check, resume, score, aggregate
"""
