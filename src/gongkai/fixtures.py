"""Shared pytest fixtures: the cast (an agency tree, one user per role) and a browser. Loaded for every
test directory by the root conftest.py."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

from gongkai.testing import Cast, make_cast

# In CI (CI=true) property tests draw the same examples every run, so a run is repeatable; locally they
# explore anew each time. HYPOTHESIS_PROFILE overrides either.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> None:
    # Letters, attachments and uploads a test writes go to its own folder, not ./var.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    # A request in English (a test client with the language cookie) leaves English active in the thread
    # after the response; every test starts, and ends, with none active: the site's own language.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    # The real hasher is slow by design; tests log in dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Browser tests (marked ``browser``): Debian's chromium driven by Playwright — no downloaded browsers.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/setup.sh (make test does)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread
    # unless told that the test process knows what it is doing.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[[], Any]]:
    """A factory of pages, each in a browser context of its own (its own cookies: one user each)."""
    contexts = []

    def make() -> Any:
        # bypass_csp: the axe-core checks inject their script inline, which the site's Content-Security-Policy
        # forbids (as it should); the policy itself is tested in gongkai/ops/tests/test_headers.py.
        context = browser.new_context(locale="zh-CN", accept_downloads=True, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core for the accessibility checks, from the ``axe-playwright-python`` package (never fetched)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def serious_violations(axe_script: str) -> Callable[[Any], list[str]]:
    """axe-core run on a browser page: its serious and critical violations, a line each (none: ``[]``)."""

    def check(page: Any) -> list[str]:
        page.add_script_tag(content=axe_script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
