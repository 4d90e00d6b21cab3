"""Reading replies to score: CSV quirks, JSON lines with bad lines, folders of drafts.

Every row is checked before any is scored, so a broken line stops the run at once with its
file and line; nothing is scored and nothing goes to standard output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replycoach.errors import InputError
from replycoach.scoring.inputs import open_source, read_rows, sniff_delimiter, survey


def _rows(path: Path, delimiter: str | None = None):
    return list(read_rows([open_source(str(path), None, delimiter)]))


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_csv_with_bom_crlf_and_quoted_newlines(tmp_path: Path):
    data = ('\ufeffid,agent,text,grade\r\n'
            'a1,Anna,"Hi Tom,\r\n\r\nThanks for waiting, ""soon"" means today.",4\r\n'
            'a2,Ben,Short one,2\r\n')
    rows = _rows(_write(tmp_path / "r.csv", data))
    assert [r.id for r in rows] == ["a1", "a2"]
    assert rows[0].text == 'Hi Tom,\r\n\r\nThanks for waiting, "soon" means today.'
    assert rows[0].agent == "Anna" and rows[0].grade == 4.0
    assert rows[1].where.endswith("r.csv:5")  # the line the row starts on, after the newlines


@pytest.mark.parametrize(("header", "sep"), [
    ("id;agent;reply;grade", ";"), ("id\tagent\treply\tgrade", "\t"),
    ("id|agent|reply|grade", "|"), ("id,agent,reply,grade", ","),
])
def test_delimiter_is_guessed_from_the_header(header: str, sep: str):
    sample = f"{header}\n1{sep}Anna{sep}Hello, dear; friend{sep}4\n"
    assert sniff_delimiter(sample) == sep


def test_semicolon_csv_with_decimal_commas_and_reply_column(tmp_path: Path):
    data = "id;agent;reply;grade;grade_empathy\n1;Anna;Hello, we shipped it today;4,5;3\n"
    (row,) = _rows(_write(tmp_path / "r.csv", data))
    assert row.text == "Hello, we shipped it today"
    assert row.grade == 4.5 and row.grades == {"empathy": 3.0}


def test_tsv_and_an_explicit_delimiter(tmp_path: Path):
    (row,) = _rows(_write(tmp_path / "r.tsv", "id\ttext\nx\tHi, there\n"))
    assert row.text == "Hi, there"
    (row,) = _rows(_write(tmp_path / "odd.csv", "id:text\ny:Hello\n"), delimiter=":")
    assert (row.id, row.text) == ("y", "Hello")


def test_unknown_columns_are_kept_and_grade_percent_is_read(tmp_path: Path):
    data = "ID,Text,Team,Ticket URL,Grade\n7,Thanks!,EU-1,https://x/7,85%\n"
    (row,) = _rows(_write(tmp_path / "r.csv", data))
    assert row.id == "7" and row.grade == 85.0
    assert row.columns == {"Team": "EU-1", "Ticket URL": "https://x/7"}


def test_rows_without_an_id_are_numbered(tmp_path: Path):
    rows = _rows(_write(tmp_path / "r.csv", "text\nOne\n\nTwo\n"))
    assert [(r.id, r.text) for r in rows] == [("1", "One"), ("2", "Two")]


@pytest.mark.parametrize(("data", "expected"), [
    ("id,body\n1,Hello\n", "r.csv:1: no 'text' or 'reply' column (columns: 'id', 'body'"),
    ('id,text\n1,"Hi\nthere"\n2,Hello,extra\n', "r.csv:4: has 3 fields but the header has 2"),
    ("id,text,grade\n1,Hello,good\n", "r.csv:2: column 'grade': 'good' is not a number"),
    ("id,text\n1,   \n", "r.csv:2: has no reply text (column 'text' or 'reply')"),
    ("id,text,channel\n1,Hi,fax\n", "r.csv:2: column 'channel': 'fax' is not one of"),
    ("id,text,locale\n1,Hi,xx-YY\n", "r.csv:2: column 'locale': unknown locale 'xx-YY'"),
    ("id,text,text\n1,a,b\n", "r.csv:1: column 'text' appears twice"),
    ("", "r.csv: is empty: no header row"),
])
def test_csv_errors_name_the_line(tmp_path: Path, data: str, expected: str):
    path = _write(tmp_path / "r.csv", data)
    with pytest.raises(InputError) as caught:
        _rows(path)
    assert expected in str(caught.value)


def test_csv_in_another_encoding_says_so(tmp_path: Path):
    path = _write(tmp_path / "r.csv", "id,text\n1,Caf\xe9 au lait\n".encode("cp1252"))
    with pytest.raises(InputError, match=r"r\.csv:\d+: is not valid utf-8.*--encoding"):
        _rows(path)
    (row,) = list(read_rows([open_source(str(path), "cp1252")]))
    assert row.text == "Café au lait"


def test_jsonl_rows_blank_lines_bom_and_nested_pass_through(tmp_path: Path):
    lines = ['{"id": 1, "reply": "Thanks!", "lang": "en-GB", "meta": {"queue": "T2"}}', "",
             '{"id": "b", "text": "Hello", "agent": 42, "grade": 3}']
    rows = _rows(_write(tmp_path / "r.jsonl", "\ufeff" + "\n".join(lines) + "\n"))
    assert [(r.id, r.text) for r in rows] == [("1", "Thanks!"), ("b", "Hello")]
    assert rows[0].lang == "en" and rows[0].columns == {"meta": {"queue": "T2"}}
    assert rows[1].agent == "42" and rows[1].grade == 3.0


@pytest.mark.parametrize(("line", "expected"), [
    ('{"id": 3, "text": "Hi",}', "r.jsonl:3: is not valid JSON (Expecting property name"),
    ('["id", "text"]', "r.jsonl:3: must be a JSON object"),
    ('{"id": 3, "text": ["Hi"]}', "r.jsonl:3: column 'text': expected text, got list"),
    ('{"id": 3, "text": "Hi", "grade": "A+"}', "r.jsonl:3: column 'grade': 'A+' is not a number"),
])
def test_jsonl_bad_line_is_named(tmp_path: Path, line: str, expected: str):
    good = json.dumps({"id": 1, "text": "Hello"})
    path = _write(tmp_path / "r.jsonl", f"{good}\n{good}\n{line}\n{good}\n")
    with pytest.raises(InputError) as caught:
        survey([open_source(str(path))])
    assert expected in str(caught.value)


def test_folder_of_drafts_sub_folders_are_agents_and_eml_is_an_email(tmp_path: Path):
    (tmp_path / "anna").mkdir()
    (tmp_path / "anna" / "01.txt").write_text("Thanks for waiting!", encoding="utf-8")
    (tmp_path / "top.md").write_text("Hello there", encoding="utf-8")
    (tmp_path / "ben").mkdir()
    (tmp_path / "ben" / "02.eml").write_text(
        "From: ben@example.com\nTo: c@example.org\nSubject: Re: order\n\nHi, it ships today.\n",
        encoding="utf-8")
    rows = _rows(tmp_path)
    assert [(r.id, r.agent, r.suffix) for r in rows] == [
        ("anna/01.txt", "anna", ".txt"), ("ben/02.eml", "ben", ".eml"), ("top.md", None, ".md")]


def test_survey_counts_rows_and_collects_optional_columns(tmp_path: Path):
    path = _write(tmp_path / "r.jsonl", "\n".join([
        '{"id": 1, "text": "a", "grade": 2, "grade_empathy": 1, "queue": "x"}',
        '{"id": 2, "text": "b", "shift": "night"}']) + "\n")
    found = survey([open_source(str(path))])
    assert found.rows == 2 and found.graded == 1
    assert found.columns == ["queue", "shift"] and found.grade_categories == ["empathy"]


def test_unknown_input_kind_is_refused(tmp_path: Path):
    path = _write(tmp_path / "replies.xlsx", b"PK")
    with pytest.raises(InputError, match="name a .csv, .tsv, .jsonl file, or a folder"):
        open_source(str(path))


def test_bad_line_stops_score_before_anything_is_scored(tmp_path: Path, run_cli):
    secret = "Mrs Secretname's card ending 4242"
    path = _write(tmp_path / "replies.jsonl",
                  json.dumps({"id": 1, "text": secret}) + "\n{oops\n")
    result = run_cli("score", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (f"replycoach: error: {path}:2: is not valid JSON "
                                     "(Expecting property name enclosed in double quotes "
                                     "at column 2)")
    assert "Secretname" not in result.stderr
