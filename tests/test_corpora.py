"""Regression corpora per language (tests/corpus/<lang>.yml): realistic drafts, written for
the corpus, with the rules each must raise; anything else raised is a false alarm.

Also: one-sentence drafts are detected in the right language, and one language's phrase
rules stay quiet on another language's drafts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from replycoach.analysis import Analysis
from replycoach.detect import detect_language
from replycoach.engine import language_rules, run_rule
from replycoach.evaluation import as_draft, evaluate, load_corpus
from replycoach.languages import available_languages

CORPUS_DIR = Path(__file__).parent / "corpus"
CORPORA = {path.stem: load_corpus(path) for path in sorted(CORPUS_DIR.glob("*.yml"))}
SPAN_KINDS = ("phrase", "pattern", "regex")


def test_every_shipped_language_has_a_corpus() -> None:
    assert set(available_languages()) <= set(CORPORA), "a language ships without a corpus"
    for code, corpus in CORPORA.items():
        assert corpus.language == code
        assert len(corpus.drafts) >= 20, f"{code}: the corpus needs at least 20 drafts"
        good = [d for d in corpus.drafts if not d.must]
        assert len(good) >= 5, f"{code}: the corpus needs good drafts that must pass"


CASES = [(code, draft) for code, corpus in CORPORA.items() for draft in corpus.drafts]


@pytest.mark.parametrize(("language", "labelled"), CASES, ids=[d.id for _, d in CASES])
def test_corpus_draft_raises_exactly_what_it_should(language, labelled) -> None:
    evaluation = evaluate(type(CORPORA[language])(language, [labelled], []))
    outcome = evaluation.outcomes[0]
    assert not outcome.missed, f"missed: {sorted(outcome.missed)}"
    assert not outcome.false_alarms, f"false alarms: {sorted(outcome.false_alarms)}"


SENTENCES = [(code, s) for code, corpus in CORPORA.items() for s in corpus.one_sentence]


def test_one_sentence_drafts_are_detected_in_their_language() -> None:
    available = available_languages()
    wrong = [(code, detect_language(s, available), s) for code, s in SENTENCES
             if code in available and detect_language(s, available) != code]
    assert len(SENTENCES) >= 15 * len(CORPORA)
    assert not wrong, "\n".join(f"{want} detected as {got}: {s}" for want, got, s in wrong)


CROSS = [(draft_lang, rules_lang) for draft_lang in CORPORA for rules_lang in available_languages()
         if rules_lang != draft_lang and rules_lang in CORPORA]


@pytest.mark.parametrize(("draft_language", "rules_language"), CROSS)
def test_no_false_alarms_from_another_languages_phrase_rules(draft_language, rules_language
                                                              ) -> None:
    rules = language_rules(rules_language)
    own = [r for r in rules.rules
           if r.spec.language == rules_language and r.spec.kind in SPAN_KINDS]
    alarms = []
    for labelled in CORPORA[draft_language].drafts:
        draft = as_draft(labelled, rules_language)
        analysis = Analysis.of(draft, rules.profile, rules.nlp)
        for rule in own:
            alarms += [(labelled.id, f.rule, draft.text[f.start:f.end])
                       for f in run_rule(rule, analysis, rule.spec.severity)]
    assert not alarms, alarms
