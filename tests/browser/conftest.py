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

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_SLUG, sign_in

# Playwright's sync API keeps an event loop in the test thread; Django would refuse the ORM.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


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


@pytest.fixture
def demo(transactional_db):
    """The demonstration partnership (`load_demo`), its users signing in with DEMO_PASSWORD."""
    from cip.models import Partnership

    call_command("load_demo", stdout=io.StringIO())
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
