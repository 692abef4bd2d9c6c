"""The review queue in a real browser: headless Chromium (Playwright) against a real HTTP server.

Skipped only when /usr/bin/chromium is missing and CI is unset; in CI a missing
browser fails. The screenshot of the queue goes to tests/artifacts/queue.png.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

from plugin import Moderation

from queue_support import PASSWORD, make_moderators, make_queue_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("MODERATION_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Chromium for the browser tests", pytrace=False)
    pytest.skip(f"no Chromium at {CHROMIUM}; CI runs these", allow_module_level=True)

HOSTILE = ["<script>alert(1)</script> idiot", "<img src=x onerror=alert(1)> idiot"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[tuple[str, Any]]:
    tmp = tmp_path_factory.mktemp("browser")
    app = make_queue_app(tmp)
    make_moderators(app)
    service = Moderation.state(app).service
    article = {"external_id": "calais-ring-of-steel", "title": "Calais: a ring of steel around the camp", "url": "https://news.example/calais"}
    bodies = [
        "You idiot, the camp was there long before the fence.",
        "Only an idiot believes the minister on this.",
        "Burn the whole place down and be done with it.",
        "What an idiot take from the mayor, honestly.",
        *HOSTILE,
        "They are vermin and should be sent back.",
        "Thank you for the careful, humane reporting.",
    ]
    for i, body in enumerate(bodies):
        service.submit({"article": article, "external_id": f"b{i}", "author_id": f"reader-{i % 3}", "author_name": ["Marie L.", "J. Smith", "kev_88"][i % 3], "body": body, "language": "en"})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app
    httpd.shutdown()
    thread.join(5)
    Moderation.state(app).db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def _signed_in_page(browser: Any, base: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/moderation/queue")
    assert "/moderation/login" in page.url
    page.fill("#username", "alice")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/moderation/queue")
    return context, page, dialogs


def _held_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-row]", "rows => rows.map(r => r.dataset.id)")


def test_hostile_comments_show_as_text_and_run_nothing(server: tuple[str, Any], browser: Any) -> None:
    base, app = server
    context, page, dialogs = _signed_in_page(browser, base)
    page.evaluate("window.__pwned = false")
    for text in HOSTILE:
        assert page.get_by_text(text, exact=False).count() >= 1, text
    assert page.locator(".row-body img").count() == 0
    assert page.locator(".row-body script").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "queue.png"), full_page=True)
    # the item page too
    hostile_id = page.locator("[data-row]", has_text="<img src=x").first.get_attribute("data-id")
    page.goto(f"{base}/moderation/queue/{hostile_id}")
    assert page.locator(".comment-body").inner_text().startswith("<img src=x onerror=alert(1)>")
    assert page.locator(".comment-body img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "item.png"), full_page=True)
    page.goto(f"{base}/moderation/stats")
    assert page.locator("svg.chart").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "stats.png"), full_page=True)
    assert dialogs == []
    assert page.evaluate("window.__pwned") in (False, None)
    context.close()


def test_clear_three_comments_with_the_keyboard_and_undo_one(server: tuple[str, Any], browser: Any) -> None:
    base, app = server
    service = Moderation.state(app).service
    context, page, dialogs = _signed_in_page(browser, base)
    page.wait_for_selector("[data-row].is-current")
    before = _held_ids(page)
    assert len(before) >= 4
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("?")
    assert not page.locator("#help").is_visible()

    first = before[0]
    with page.expect_navigation():
        page.keyboard.press("a")  # approve the first
    second = _held_ids(page)[0]
    with page.expect_navigation():
        page.keyboard.press("r")  # reject the next with its suggested reason
    page.keyboard.press("j")  # move down one, then approve it
    third = page.eval_on_selector("[data-row].is-current", "r => r.dataset.id")
    with page.expect_navigation():
        page.keyboard.press("a")
    cleared = {first, second, third}
    assert len(cleared) == 3 and not cleared & set(_held_ids(page))
    assert service.get_comment(int(first))[0].status == "approved"
    assert service.get_comment(int(second))[0].status == "rejected"
    assert service.get_comment(int(second))[0].decisions[-1].actor == "moderator:alice"
    assert service.get_comment(int(third))[0].status == "approved"

    with page.expect_navigation():
        page.keyboard.press("u")  # undo the last one
    assert service.get_comment(int(third))[0].status == "held"
    assert third in _held_ids(page)
    assert "Undid the last decision" in page.locator(".flashes").inner_text()

    page.keyboard.press("x")  # select the current row for a bulk action
    assert page.locator("[data-selected-count]").inner_text() == "1"
    assert dialogs == []
    context.close()
