"""axe-core (WCAG 2.2 AA rule set) on every GET page of the permission table, in Chromium.

The table is tests.routes.all_routes(): as each app adds its routes, its pages are swept
here too, with the demonstration data loaded so that every page has real content.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from cip.models import Membership
from tests.browser.helpers import AXE_SOURCE, axe_violations, describe_violations, sign_in
from tests.routes import all_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's sign-ins, in the order a page is given to them: each page is swept once, as the
# first of these roles allowed to see it, so the administrator's own pages are swept too.
ROLES = {
    "board": Membership.Role.BOARD_MEMBER,
    "chair": Membership.Role.CHAIR,
    "commissioner": Membership.Role.COMMISSIONER,
    "officer": Membership.Role.OFFICER,
    "admin": Membership.Role.ADMINISTRATOR,
}


def _check(page, where: str, url: str, failures: list[str]) -> bool:
    """Visit one page and run axe on it; False when the URL is a download, not a page."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in error.message:
            return False  # an export (CSV, XLSX, PDF): nothing for axe to read
        failures.append(f"{where}: did not load: {error.message.splitlines()[0]}")
        return True
    if response is None or response.status != 200:
        failures.append(f"{where}: answered {response.status if response else 'nothing'}, not 200")
        return True
    if not (response.header_value("content-type") or "").startswith("text/html"):
        return False
    failures.extend(describe_violations(where, axe_violations(page)))
    return True


def _sweeping_page(new_context):
    """A page whose every document gets axe before its own scripts (quicker than injecting it
    after each load; axe_violations sees it is there and does not inject it again)."""
    context = new_context()
    context.add_init_script(script=AXE_SOURCE)
    return context.new_page()


def test_every_page_in_the_permission_table_passes_axe(demo, new_context):
    routes = [route for route in all_routes().values() if "GET" in route.methods]
    failures: list[str] = []
    checked = 0

    public = _sweeping_page(new_context)
    for route in routes:
        if route.public:
            checked += _check(public, f"{route.name} (signed out)", reverse(route.name), failures)

    first_allowed = {
        route.name: next((role for role in ROLES.values() if route.allows(role)), None)
        for route in routes
        if not route.public and not route.site_admin
    }
    assert None not in first_allowed.values(), "a page no role may see"
    for username, role in ROLES.items():
        mine = [route for route in routes if first_allowed.get(route.name) == role]
        if not mine:
            continue
        page = _sweeping_page(new_context)
        sign_in(page, username)
        for route in mine:
            if route.record and route.record_for(demo) is None:
                missing = (
                    f"{route.name}: the demo data lacks a {route.record} record for "
                    f"{demo.slug} (fill <app>/demo.py load())"
                )
                if missing not in failures:
                    failures.append(missing)
                continue
            url = reverse(route.name, kwargs=route.kwargs_for(demo))
            checked += _check(page, f"{route.name} {url} as {username}", url, failures)

    # The site administrators' pages, as the demo's administrator made a site administrator.
    site_pages = [route for route in routes if route.site_admin]
    if site_pages:
        get_user_model().objects.filter(username="admin").update(is_superuser=True)
        page = _sweeping_page(new_context)
        sign_in(page, "admin")
        for route in site_pages:
            url = reverse(route.name, kwargs=route.kwargs_for(demo))
            checked += _check(page, f"{route.name} {url} as a site administrator", url, failures)

    assert checked >= 3, "the sweep checked almost nothing: is the permission table empty?"
    if failures:
        pytest.fail(
            f"{len(failures)} problems on the {checked} pages swept:\n" + "\n".join(failures),
            pytrace=False,
        )


def test_the_axe_check_names_the_page_rule_and_element_of_a_missing_label(page):
    page.goto(reverse("login"))
    page.evaluate("() => document.querySelector('label[for=id_username]').remove()")

    problems = describe_violations("login", axe_violations(page))

    assert len(problems) == 1
    assert problems[0].startswith("login: [critical] label: Form elements must have labels")
    assert "at #id_username: <input" in problems[0]
