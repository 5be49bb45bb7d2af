"""Headless Chromium from the machine's own package, driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(``apt-get install chromium``). Without it, every browser test is skipped with
the reason.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("KYNDIG_CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "demo-password-1"  # tests.factories.UserFactory's password


def pytest_collection_modifyitems(config, items):
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: apt-get install -y chromium"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -r requirements-dev.txt)"
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


# Module scope: the environment variable below must not outlive the browser
# tests, or other tests in the same process (a deploy check) would see it.
@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread while the
    # browser is open, so Django would refuse ORM calls there; the tests only
    # read the database between browser steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless"],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium):
    context = chromium.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    # Any Content-Security-Policy violation is a failure of the page.
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and page.csp_errors.append(message.text)
        ),
    )
    yield page
    context.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        locale="da-DK",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
