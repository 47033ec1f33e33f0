"""The browser of the browser tests: one headless chromium per test module."""

import pytest
from browser_harness import launch_browser


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(
            f"{exc}: install the browser test tools with scripts/ci_browser_setup.sh "
            "(or set KMEANS_EDU_SKIP_BROWSER=1 to skip these tests)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser
        browser.close()
