"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Never downloads a browser: Chromium comes from apt (/usr/bin/chromium, or CHROMIUM_PATH).
Without it the tests skip locally, and fail under CI (CI=true). Requests to anything but
the live server are blocked, so map tiles and other outside resources never load.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests may not be skipped in CI")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """A factory for pages in fresh browser contexts (own cookies; viewport, JavaScript...).

    Keyword arguments go to ``browser.new_context``. Every context only reaches the live server.
    """
    contexts: list[Any] = []

    def only_live_server(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    def make(**options: Any) -> Any:
        settings = {
            "locale": "nl-NL",
            "timezone_id": "Europe/Amsterdam",
            "base_url": live_server.url,
            **options,
        }
        context = chromium.new_context(**settings)
        context.set_default_timeout(10_000)
        context.route("**/*", only_live_server)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo network (48 libraries, 116 branches) and one demo user per role."""
    from wegwijs.network.demo import load_network, load_users

    load_network()
    load_users()


@pytest.fixture
def triage_ready(demo: None) -> None:
    """The triage classifier trained and the name detector loaded before the page opens.

    Each browser test starts from an emptied database, so the first suggestion would otherwise
    train a model (the cold start) and load the name detector inside the request, which can
    take longer than a user-facing wait on a busy machine. What the tests check is the page.
    """
    from wegwijs.privacy.scanner import scan
    from wegwijs.triage import services

    services.reset()
    services.classifier()
    scan("Mijn buurman Jan de Vries kan niet inloggen")


def central_branch() -> int:
    """The pk of the Centrale Bibliotheek in Rotterdam: the branch of the demo desk worker."""
    from wegwijs.network.models import Branch

    return Branch.objects.get(
        organisation__slug="bibliotheek-rotterdam", name="Centrale Bibliotheek"
    ).pk


def totp_code(username: str) -> str:
    """The current authenticator code of a demo user, as the app on their phone shows it."""
    from django_otp.oath import TOTP

    from wegwijs.network.demo import demo_totp_key

    return f"{TOTP(bytes.fromhex(demo_totp_key(username))).token():06d}"


TWO_FACTOR_USERS = {"coordinator", "poi", "programma", "beheerder"}
HOME_URL = re.compile(r"^https?://[^/]+/$")
CODE_URL = re.compile(r"/account/code/")


def submit(page: Any) -> None:
    """Press the submit button of the form in the main content."""
    page.locator("main form button[type=submit]").click()


def enter_password(page: Any, username: str, password: str | None = None) -> None:
    """The first login step: user name and password in the real form."""
    from wegwijs.network.demo import DEMO_PASSWORD

    page.goto("/account/inloggen/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password or DEMO_PASSWORD)
    submit(page)


def enter_code(page: Any, code: str) -> None:
    """The second login step: type the code key by key, as from the authenticator app."""
    field = page.locator("#id_token")
    field.clear()
    field.press_sequentially(code)
    submit(page)


def login(page: Any, username: str) -> None:
    """Log in through the real form, typing the authenticator code where the role needs it.

    A code can be used once: log the same two-factor user in only once per test.
    """
    from playwright.sync_api import expect

    enter_password(page, username)
    if username in TWO_FACTOR_USERS:
        expect(page).to_have_url(CODE_URL)
        enter_code(page, totp_code(username))
    expect(page).to_have_url(HOME_URL)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; return the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return results.response["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


def axe_problems(page: Any, label: str = "") -> str:
    """The axe violations of the current page as text ("" when there are none)."""
    violations = axe_violations(page)
    if not violations:
        return ""
    return f"{label or page.url}:\n{describe(violations)}\n"


def page_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )
