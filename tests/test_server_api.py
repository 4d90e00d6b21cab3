"""The HTTP API of `replycoach serve`, through a real server on 127.0.0.1 and httpx.

Status codes, limits and error messages, and that the answers are exactly what
`replycoach check --format json` / `replycoach score --format json` print.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serverprocess import ServerProcess

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="the server extra is not installed (pip install "
                    "'.[serve]')")

DRAFT = ("Hi Anna,\n\nAt this point in time we cannot refund sale items. As I already said, "
         "the parcel left on Monday.\n\nBest regards,\nTom\n")
CONTEXT = "This is ridiculous!!! Where is my refund? I have been waiting for weeks."


@pytest.fixture(scope="module")
def client(server: ServerProcess):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


def check_locally(text: str, *args: str, context: Path | None = None) -> dict:
    """What `replycoach check --format json -` prints for `text`, in a fresh process."""
    extra = ["--context", str(context)] if context else []
    proc = subprocess.run(
        [sys.executable, "-m", "replycoach", "check", "--server", "off", "--isolated",
         "--format", "json", "--fail-on", "never", *extra, *args, "-"],
        input=text, capture_output=True, text=True, encoding="utf-8", timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_check_answers_what_check_format_json_prints(client: httpx.Client, tmp_path: Path):
    context = tmp_path / "customer.txt"
    context.write_text(CONTEXT, encoding="utf-8")
    answer = client.post("/v1/check", json={"text": DRAFT, "context": CONTEXT,
                                            "lang": "en", "locale": "en-GB",
                                            "fail_on": "never"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    expected = check_locally(DRAFT, "--lang", "en", "--locale", "en-GB", context=context)
    assert answer.json() == expected
    rules = {f["rule"] for f in answer.json()["files"][0]["findings"]}
    assert "en.positivity.cannot" in rules


def test_check_offsets_count_characters_of_the_text_sent(client: httpx.Client):
    text = "😀 ünïcode. We cannot refund sale items."
    finding = next(f for f in client.post("/v1/check", json={"text": text, "lang": "en"})
                   .json()["files"][0]["findings"] if f["rule"] == "en.positivity.cannot")
    assert text[finding["start"]:finding["end"]] == finding["text"] == "We cannot refund"


def test_select_ignore_and_fail_on(client: httpx.Client):
    base = {"text": DRAFT, "lang": "en"}
    only = client.post("/v1/check", json={**base, "select": "positivity"}).json()
    assert {f["category"] for f in only["files"][0]["findings"]} == {"positivity"}
    assert only["summary"]["failed"] is True
    ignored = client.post("/v1/check", json={**base, "ignore": ["positivity", "tone"]}).json()
    assert not {f["category"] for f in ignored["files"][0]["findings"]} & {"positivity", "tone"}
    never = client.post("/v1/check", json={**base, "fail_on": "never"}).json()
    assert never["summary"]["failed"] is False


def test_config_layers_apply_in_order(client: httpx.Client):
    answer = client.post("/v1/check", json={
        "text": DRAFT, "lang": "en",
        "config": [{"severity": {"positivity": "suggestion"}, "ignore": ["tone"]},
                   {"severity": {"en.positivity.cannot": "error"}}]}).json()
    findings = {f["rule"]: f for f in answer["files"][0]["findings"]}
    assert findings["en.positivity.cannot"]["severity"] == "error"
    assert not any(f["category"] == "tone" for f in findings.values())


def test_config_object_replaces_the_servers_config(client: httpx.Client):
    answer = client.post("/v1/check", json={
        "text": DRAFT, "lang": "en",
        "config": {"severity": {"en.positivity.cannot": "error"},
                   "vocabulary": {"avoid": [{"term": "parcel", "use": "package"}]}}}).json()
    findings = {f["rule"]: f for f in answer["files"][0]["findings"]}
    assert findings["en.positivity.cannot"]["severity"] == "error"
    assert findings["team.avoid"]["fix"]["replacement"] == "package"


def test_an_eml_path_is_read_as_an_email(client: httpx.Client):
    message = ("From: tom@example.com\nTo: anna@example.cz\nSubject: Re: refund\n\n"
               "We cannot refund sale items.\n")
    entry = client.post("/v1/check", json={"text": message, "path": "reply.eml",
                                           "lang": "en"}).json()["files"][0]
    assert entry["path"] == "reply.eml" and entry["channel"] == "email"
    finding = next(f for f in entry["findings"] if f["rule"] == "en.positivity.cannot")
    assert finding["line"] == 5, "lines count the file's header lines"
    assert "draft" not in entry

    drafted = client.post("/v1/check", json={"text": message, "path": "reply.eml", "lang": "en",
                                             "with_draft": True}).json()["files"][0]
    draft = drafted["draft"]
    assert draft["text"].strip() == "We cannot refund sale items."
    inner = next(f for f in draft["findings"] if f["rule"] == "en.positivity.cannot")
    assert draft["text"][inner["start"]:inner["end"]] == "We cannot refund"
    (start, source_start, length), *_ = draft["pieces"]
    assert message[source_start:source_start + length].startswith("We cannot")
    assert {k: v for k, v in drafted.items() if k != "draft"} == entry


@pytest.mark.parametrize("body, status, words", [
    ('{"text": "hi"', 400, "not valid JSON"),
    ("", 400, "the request body is empty"),
    ("[1, 2]", 422, "must be a JSON object"),
    ('{"context": "x"}', 422, "give either 'text' (one draft) or 'drafts' (many)"),
    ('{"text": "hi", "drafts": [{"text": "hi"}]}', 422, "either 'text'"),
    ('{"drafts": []}', 422, "'drafts'"),
    ('{"drafts": [{"text": "hi"}], "path": "a.txt"}', 422, "'path' and 'encoding' in each"),
    ('{"drafts": [{"text": "hi"}, {"text": " "}]}', 422, "drafts[1].text is empty"),
    ('{"drafts": [{"text": "hi", "colour": "red"}]}', 422, "'drafts.0.colour' is not a known"),
    ('{"text": "hi", "colour": "red"}', 422, "'colour' is not a known field"),
    ('{"text": "hi", "channel": "fax"}', 422, "'channel'"),
    ('{"text": 42}', 422, "'text'"),
    ('{"text": "   "}', 422, "empty"),
    ('{"text": "hi", "lang": "de"}', 400, "unknown language 'de' (available: "),
    ('{"text": "hi", "locale": "xx-YY"}', 400, "unknown locale 'xx-YY'"),
    ('{"text": "hi", "config": {"language": "zz"}}', 400, "unknown language 'zz'"),
    ('{"text": "hi", "config": {"colour": "red"}}', 422, "config: "),
    ('{"text": "hi", "config": [{"severity": {"tone": "loud"}}]}', 422, "config[0]: "),
])
def test_bad_requests_get_a_clear_error(client: httpx.Client, body: str, status: int,
                                        words: str):
    answer = client.post("/v1/check", content=body,
                         headers={"content-type": "application/json"})
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]


def test_many_drafts_are_answered_as_check_answers_many_files(client: httpx.Client,
                                                             tmp_path: Path):
    message = ("From: tom@example.com\nTo: anna@example.cz\nSubject: Re: refund\n\n"
               "We cannot refund sale items.\n")
    drafts = [{"text": DRAFT, "path": "a.txt"},
              {"text": message, "path": "b.eml", "context": "Where is my refund???"},
              {"text": "Thanks for waiting, Anna! Your refund is on its way.", "path": "c.txt"}]
    answer = client.post("/v1/check", json={"drafts": drafts, "lang": "en",
                                            "context": CONTEXT, "fail_on": "error"})
    assert answer.status_code == 200, answer.text
    batch = answer.json()
    assert [f["path"] for f in batch["files"]] == ["a.txt", "b.eml", "c.txt"]
    one_by_one = [client.post("/v1/check", json={
        "text": d["text"], "path": d["path"], "lang": "en", "fail_on": "error",
        "context": d.get("context", CONTEXT)}).json() for d in drafts]
    assert batch["files"] == [single["files"][0] for single in one_by_one]
    assert batch["files"][1]["channel"] == "email"
    assert batch["summary"]["files"] == 3
    assert batch["summary"]["findings"] == sum(s["summary"]["findings"] for s in one_by_one)
    assert batch["summary"]["failed"] is any(s["summary"]["failed"] for s in one_by_one)

    drafted = client.post("/v1/check", json={"drafts": drafts, "lang": "en",
                                             "with_draft": True}).json()["files"]
    assert [d["draft"]["text"].strip() for d in drafted][1] == "We cannot refund sale items."


def test_a_batch_with_one_bad_draft_is_refused_whole(client: httpx.Client):
    too_long = "word " * 100_001
    answer = client.post("/v1/check", json={"drafts": [{"text": DRAFT}, {"text": too_long}]})
    assert answer.status_code == 413
    assert answer.json()["error"].startswith("drafts[1].text is 500,005 characters long")
    assert "word" not in answer.json()["error"]


def test_errors_never_echo_the_text(client: httpx.Client):
    secret = "Secret-Customer-Name-4411"
    for body in ({"text": secret, "lang": "de"}, {"text": secret, "channel": secret},
                 {"text": [secret]}, {"text": secret, "context": [secret]}):
        answer = client.post("/v1/check", json=body)
        assert answer.status_code in (400, 422)
        assert secret not in answer.text


def test_not_json_is_415(client: httpx.Client):
    answer = client.post("/v1/check", content="text=hi",
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 415
    assert "application/json" in answer.json()["error"]
    assert client.post("/v1/check", content='{"text": "hi"}').status_code == 415


def test_oversize_body_is_413_without_reading_it(client: httpx.Client):
    big = json.dumps({"text": "a" * (2 * 1024 * 1024)})
    answer = client.post("/v1/check", content=big, headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert "larger than 1,048,576 bytes" in answer.json()["error"]


def test_oversize_chunked_body_is_413(server: ServerProcess):
    def chunks():
        yield b'{"text": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"}'

    with httpx.Client(base_url=server.url, timeout=60) as fresh:
        answer = fresh.post("/v1/check", content=chunks(),
                            headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_text_longer_than_a_draft_may_be_is_413(client: httpx.Client):
    answer = client.post("/v1/check", json={"text": "word " * 120_001})
    assert answer.status_code == 413
    assert "500,000" in answer.json()["error"]


def test_other_hosts_are_refused(client: httpx.Client):
    answer = client.post("/v1/check", json={"text": "hi"}, headers={"host": "evil.example"})
    assert answer.status_code == 421
    assert client.get("/v1/health", headers={"host": "localhost:1"}).status_code == 200


def test_unknown_path_and_method(client: httpx.Client):
    assert client.get("/v1/nothing").status_code == 404
    assert client.get("/v1/check").status_code == 405


def test_openapi_documents_the_api(client: httpx.Client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/score", "/v1/meta"} <= spec["paths"].keys()
    schemas = spec["components"]["schemas"]
    assert {"text", "context", "lang", "locale", "channel", "select", "ignore", "fail_on"} <= (
        schemas["CheckRequest"]["properties"].keys())
    assert {"413", "422"} <= spec["paths"]["/v1/check"]["post"]["responses"].keys()
    assert client.get("/docs").status_code == 404, "no page that loads scripts from a CDN"


def test_meta_lists_languages_and_locales(client: httpx.Client):
    meta = client.get("/v1/meta").json()
    assert {lang["code"] for lang in meta["languages"]} >= {"en", "cs", "pl", "ru", "vi", "ar"}
    assert "en-GB" in {loc["tag"] for loc in meta["locales"]}
    assert meta["max_body_bytes"] == 1024 * 1024


def test_score_one_reply(client: httpx.Client):
    answer = client.post("/v1/score", json={"text": DRAFT, "context": CONTEXT, "lang": "en",
                                            "agent": "tom"})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert {"replies", "agents", "calibration", "summary"} <= report.keys()
    (reply,) = report["replies"]
    assert 0 <= reply["score"] <= 100 and reply["agent"] == "tom"
    assert "tom" in report["agents"]


def test_score_rows_and_their_errors(client: httpx.Client):
    rows = [{"id": "a", "text": "Thanks for writing, Anna! Your refund was sent today.",
             "grade": 5},
            {"id": "b", "reply": "Calm down. We cannot do that.", "agent": "x", "grade": "2"}]
    report = client.post("/v1/score", json={"rows": rows, "lang": "en"}).json()
    assert [r["id"] for r in report["replies"]] == ["a", "b"]
    assert report["replies"][0]["score"] > report["replies"][1]["score"]
    bad = client.post("/v1/score", json={"rows": [{"id": "a"}]})
    assert bad.status_code == 422 and bad.json()["error"].startswith("rows[0]: ")
    both = client.post("/v1/score", json={"text": "hi", "rows": rows})
    assert both.status_code == 422
    unknown = client.post("/v1/score", json={"text": "hi", "rubric": "nope"})
    assert unknown.status_code == 400 and "bundled rubrics" in unknown.json()["error"]
    path = client.post("/v1/score", json={"text": "hi", "rubric": "../../etc/passwd"})
    assert path.status_code == 422


def test_concurrent_checks_agree_with_sequential_ones(server: ServerProcess):
    texts = [f"Hi Anna,\n\nWe cannot refund item {i}. As I already said, it is obviously "
             f"gone.\n\nThanks,\nTom {i}\n" for i in range(24)]
    with httpx.Client(base_url=server.url, timeout=60) as one:
        expected = [one.post("/v1/check", json={"text": t, "lang": "en"}).json() for t in texts]

    def post(text: str) -> dict:
        with httpx.Client(base_url=server.url, timeout=60) as own:
            return own.post("/v1/check", json={"text": text, "lang": "en"}).json()

    with ThreadPoolExecutor(max_workers=12) as pool:
        got = list(pool.map(post, texts))
    assert got == expected
