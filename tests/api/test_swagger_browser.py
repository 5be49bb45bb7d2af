"""Swagger UI renders in a real browser under the app's strict CSP."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("KYNDIG_CHROMIUM", "/usr/bin/chromium"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent"),
]


def test_swagger_ui_lists_the_operations_without_csp_errors(live_server, digcomp):
    playwright_api = pytest.importorskip("playwright.sync_api")
    csp_errors = []
    # Playwright keeps an event loop in this thread; the test makes no ORM
    # calls while the browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless"]
            )
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    "Content Security Policy" in message.text
                    and csp_errors.append(message.text)
                ),
            )
            page.goto(f"{live_server.url}/api/docs/")
            page.wait_for_selector(".opblock-summary-path", timeout=30000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert any("/api/v1/enrollments/{id}/approve/" in p for p in paths)
    assert csp_errors == []
