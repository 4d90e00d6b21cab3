"""The page at GET / in a real headless browser: Debian's chromium driven by playwright
(`executable_path`, no browser download). Paste a draft, check it, see the highlights.

Skipped, with the reason, when chromium or playwright is missing (.ci/run installs both).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from serverprocess import ServerProcess

pytest.importorskip("httpx")  # the server fixture waits for the server with httpx
pytest.importorskip("uvicorn", reason="the server extra is not installed (pip install "
                    "'.[serve]')")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                               "(pip install '.[test]'): browser test skipped")
expect = sync_api.expect
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(apt-get install chromium; .ci/run does): browser test skipped")

DRAFT = ("Hi Anna,\n\nAt this point in time we cannot refund sale items. 😀 As I already said, "
         "the parcel left on Monday.\n\nBest regards,\nTom")
CONTEXT = "This is ridiculous!!! Where is my refund?"
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, timeout=WAIT_MS,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: ServerProcess):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    requested: list[str] = []
    opened.on("request", lambda request: requested.append(request.url))
    opened.requested = requested
    opened.goto(server.url + "/")
    opened.wait_for_selector("#locale option[value='en-GB']", state="attached")
    yield opened
    context.close()


def test_paste_check_and_see_highlights(page, server: ServerProcess, tmp_path: Path):
    page.locator("#draft").fill(DRAFT)
    page.locator("#context-box summary").click()
    page.locator("#context").fill(CONTEXT)
    page.select_option("#locale", "en-GB")
    page.locator("#check").click()
    page.wait_for_selector("mark.rc-hl")

    marks = page.locator("mark.rc-hl").all_inner_texts()
    assert "we cannot refund" in marks
    assert "At this point in time" in marks
    messages = page.locator(".rc-finding .rc-message").all_inner_texts()
    assert any("you can" in m for m in messages), messages
    suggestions = page.locator(".rc-suggestion-text").all_inner_texts()
    assert suggestions
    # The highlighted text is the draft itself, emoji and all (offsets are code points).
    assert page.locator("#highlighted").inner_text() == DRAFT
    assert "finding" in page.locator("#summary").inner_text()
    expect(page.locator("#score")).to_contain_text("Score")
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)

    # A highlight leads to its finding; a fix rewrites the draft and checks again.
    page.locator("mark.rc-hl", has_text="we cannot refund").click()
    expect(page.locator("li.rc-active")).to_have_count(1)
    marked = page.locator("mark.rc-hl", has_text="we cannot refund").get_attribute("class")
    assert "rc-active" in (marked or "")
    page.locator(".rc-finding", has_text="At this point in time").locator(".rc-apply").click()
    expect(page.locator("#draft")).to_have_value(re.compile("Now we cannot refund"))
    expect(page.locator("mark.rc-hl", has_text="we cannot refund")).to_have_count(1)
    expect(page.locator("mark.rc-hl", has_text="At this point in time")).to_have_count(0)

    assert all(url.startswith(server.url) for url in page.requested), page.requested


def test_errors_are_shown(page):
    page.locator("#check").click()
    assert page.locator("#error").inner_text() == "Paste a draft first."
    page.locator("#draft").fill("x" * 10)
    page.evaluate("document.querySelector('#lang').innerHTML += "
                  "'<option value=\"zz\">zz</option>'")
    page.select_option("#lang", "zz")
    page.locator("#check").click()
    expect(page.locator("#error")).to_contain_text("unknown language 'zz'")
