"""Real Chromium against Django's live server: the axe sweep and the user journeys.

Chromium is Debian's (`/usr/bin/chromium`, installed by `scripts/setup.sh --test`), driven by
Playwright's sync API through pytest-playwright: its session-scoped `browser` and per-test
`page` fixtures are used as they are, and only the launch arguments below are ours. Never run
`playwright install`. The live server is pytest-django's `live_server`; Playwright's sync API
runs an event loop in this thread, hence DJANGO_ALLOW_ASYNC_UNSAFE.

Run them alone with `make test-browser` (`pytest -m browser`). Screenshots of each journey's
end are written to test-results/screenshots/.

Adding a journey (log a placement, import an SSDA903 file, ...) is a few lines in
tests/browser/test_journeys.py (or a new tests/browser/test_<app>_journeys.py with the same
`pytestmark`)::

    def test_commissioner_logs_a_placement(demo, sign_in_as, url):
        page = sign_in_as("commissioner")             # signed in through the real form
        page.goto(url("placements:placement-create", slug=demo.slug))
        page.get_by_label("Child reference").fill("C-0042")
        page.get_by_role("button", name="Save placement").click()
        expect(page.get_by_role("heading", name="Placement C-0042")).to_be_visible()
        finish(page, "log-a-placement")               # axe check + screenshot

- `demo` loads the demonstration data (`load_demo`) and returns the partnership; the demo
  users `board`, `commissioner`, `officer` and `admin` sign in with DEMO_PASSWORD.
- `sign_in_as(username)` opens a fresh browser context and signs in through the sign-in page;
  `sign_in(page, username)` does the same on a page you already have.
- `url(name, **kwargs)` reverses a URL name onto the live server.
- `finish(page, name)` runs axe on the page the journey ends on (fails naming rule and
  elements) and saves test-results/screenshots/<name>.png. `screenshot(page, name)` alone
  only saves the picture. `axe_violations(page)` returns the raw list.
- A download (a Scrutiny PDF, a CSV): `with page.expect_download() as info: ...click()`,
  then `info.value.path()`; for a PDF, open it with pypdf-free checks such as reading the
  first bytes (`%PDF-`) or `pdftotext` (poppler-utils is installed with --test).
- A file upload (an SSDA903 file): `page.get_by_label("File").set_input_files(path)`.
"""

import io
import os
import sqlite3

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_SLUG, sign_in


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
