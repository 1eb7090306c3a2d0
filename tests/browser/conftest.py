"""Real Chromium against Django's live server: the axe sweep and the user journeys.

Chromium is Debian's (`/usr/bin/chromium`, installed by `scripts/setup.sh --test`), driven by
Playwright's sync API through pytest-playwright: its session-scoped `browser` and per-test
`page` and `new_context` fixtures are used as they are; only the launch arguments, `base_url`
(the live server) and `bypass_csp` (so axe can be injected) are set here. Never run
`playwright install`. The live server is pytest-django's `live_server`.

Run them alone with `make test-browser` (`pytest -m browser`); `make test-sqlite` runs them
last in the whole suite. Screenshots of each journey's end go to test-results/screenshots/
(a browser run replaces them; pytest-playwright's own artifacts go to test-results/playwright/).

The axe sweep (test_accessibility.py) needs nothing from you: every GET route in your
tests/<app>/routes.py is visited as board member and commissioner with the demo data loaded,
so fill <app>/demo.py with a record for each `Route.record`.

Adding a journey (log a placement, import an SSDA903 file, ...) is a few lines in
tests/browser/test_journeys.py, or in a new tests/browser/test_<app>_journeys.py that starts
with the same `pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]`::

    from playwright.sync_api import expect
    from tests.browser.helpers import finish

    def test_a_commissioner_logs_a_placement(demo, sign_in_as, url):
        page = sign_in_as("commissioner")             # signed in through the real form
        page.goto(url("placements:episode-create", slug=demo.slug))
        page.get_by_label("Child reference").fill("C-0042")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name="Success")).to_be_visible()
        finish(page, "log-a-placement")               # axe on the end page + screenshot

Fixtures (here) and helpers (tests/browser/helpers.py):
- `demo`: the demonstration partnership from `load_demo` (run once a session; later tests get
  a copy of that SQLite database). Users `board`, `commissioner`, `officer`, `admin` sign in
  with DEMO_PASSWORD (`helpers.demo_password()`).
- `sign_in_as(username)`: a page in a fresh browser context, signed in through the sign-in
  form; `helpers.sign_in(page, username)` does the same on a page you already have.
- `url(name, **kwargs)`: a URL name reversed onto the live server (`page.goto("/p/...")`
  works too: relative URLs open on the live server).
- `helpers.finish(page, name)`: axe on the page the journey ends on (fails naming the page,
  rule and elements) and test-results/screenshots/<name>.png; `helpers.screenshot(page,
  name)` only saves the picture; `helpers.assert_accessible(page)` only checks.
- A download (a Scrutiny PDF, a CSV export): `with page.expect_download() as info:` around
  the click, then read `info.value.path()` (a PDF starts with b"%PDF-"; `pdftotext` from
  poppler-utils, installed by setup.sh --test, gives its text).
- An upload (an SSDA903 file): `page.get_by_label("...").set_input_files(path)`.
- Prefer `get_by_label` / `get_by_role` locators: they fail when a label or name is broken.
"""

import io
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_SLUG, SCREENSHOTS, sign_in


def pytest_configure(config):
    """pytest-playwright empties its --output directory (default test-results/) at the start
    of every run, browser tests or not, so `make test-postgres` would delete the screenshots
    `make test-sqlite` just took. Its own artifacts go to test-results/playwright/ instead."""
    if config.option.output == "test-results":
        config.option.output = str(Path("test-results") / "playwright")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last: once Playwright has started, its event loop stays in this
    thread until the session ends (stable sort, after pytest-django's own ordering)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def _allow_the_orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the test thread, and Django then refuses
    the ORM there. Set from the first browser test only (they run last), so that the
    variable does not leak into other tests' subprocesses (`check --deploy` reports it)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # this run's journeys only
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options plus Debian's Chromium; no browser download."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs (page.goto("/sign-in/")) open on the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe is injected as a script, so contexts bypass the page's Content Security Policy."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def url(live_server):
    """Reverse a URL name to an absolute URL on the live server."""

    def _url(name: str, **kwargs) -> str:
        return live_server.url + reverse(name, kwargs=kwargs or None)

    return _url


_demo_snapshot: sqlite3.Connection | None = None


def _load_demo_data() -> None:
    """`load_demo` once a session; on SQLite (where the browser tests run) later tests get a
    byte-for-byte copy of that database through SQLite's backup API in milliseconds, not the
    seconds the loaders take. Transactional tests empty the database after each test."""
    global _demo_snapshot
    if connection.vendor != "sqlite":
        call_command("load_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    if _demo_snapshot is None:
        call_command("load_demo", stdout=io.StringIO())
        _demo_snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_demo_snapshot)
    else:
        _demo_snapshot.backup(connection.connection)
        ContentType.objects.clear_cache()  # ids are the snapshot's, not the flush's


@pytest.fixture
def demo(transactional_db):
    """The demonstration partnership (`load_demo`), its users signing in with DEMO_PASSWORD."""
    from cip.models import Partnership

    _load_demo_data()
    return Partnership.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def sign_in_as(new_context):
    """`sign_in_as("commissioner")`: a new page in its own context, signed in."""

    def _sign_in_as(username: str):
        page = new_context().new_page()
        sign_in(page, username)
        assert page.get_by_text("Signed in as").is_visible(), f"{username} could not sign in"
        return page

    return _sign_in_as
