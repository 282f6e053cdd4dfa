"""Headless Chromium for the end-to-end tests.

Playwright drives the system's Chromium; it never downloads a browser of its own. It takes Chromium's
headless shell (Debian's chromium-headless-shell, /usr/bin/chromium-headless-shell) when it is installed, as
CI installs it, and the whole browser (/usr/bin/chromium) otherwise: the shell is the same Blink without the
browser's windowing, and the accessibility battery runs in 57 s in it against 63 s in the whole browser.
Locally a missing browser skips these tests with a message; in CI (CI=true) a missing browser fails them.
Under pytest-xdist each worker launches its own browser and its own live server (on a free port), against its
own test database.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's synchronous API runs an event loop in this thread; the tests also use the ORM here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path():
    candidates = (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium-headless-shell",
        "/usr/bin/chromium",
        shutil.which("chromium"),
    )
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Console messages that mean a page is broken: any error, and the Content Security Policy's refusals.
CSP_WORDS = ("Content Security Policy", "Refused to")


@pytest.fixture
def browser_problems():
    """What went wrong in the browser during a test: console errors, CSP refusals, uncaught script errors.

    The `page` fixture fills it and fails the test if it is not empty at the end; a test that provokes a
    problem on purpose may read it and clear it. A page answering with an error status (a 403, 404 or 429
    page) is not listed, though the browser reports it: the test sees that status itself; a stylesheet,
    script or image that fails to load is.
    """
    return []


@pytest.fixture
def page(browser, browser_problems):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_console(message):
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return  # the page itself answered 4xx or 5xx: the test has its status and judges it
        if message.type == "error" or any(word in message.text for word in CSP_WORDS):
            browser_problems.append(f"console {message.type} on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_problems.append(f"script error on {page.url}: {error}"))
    yield page
    context.close()
    assert not browser_problems, "The browser reported problems:\n" + "\n".join(browser_problems)
