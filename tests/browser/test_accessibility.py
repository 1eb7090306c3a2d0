"""axe-core (WCAG 2.2 AA rule set) on every GET page of the permission table, in Chromium.

The table is tests.routes.all_routes(): as each app adds its routes, its pages are swept
here too, with the demonstration data loaded so that every page has real content.
"""

import pytest
from django.urls import reverse

from cip.access import GRANTS
from cip.models import Membership
from tests.browser.helpers import axe_violations, describe_violations, sign_in
from tests.routes import all_routes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {"board": Membership.Role.BOARD_MEMBER, "commissioner": Membership.Role.COMMISSIONER}


def _check(page, where: str, url: str, failures: list[str]) -> None:
    response = page.goto(url)
    if response is None or response.status != 200:
        status = response.status if response else "no response"
        failures.append(f"{where}: answered {status}, not 200")
        return
    failures.extend(describe_violations(where, axe_violations(page)))


def test_every_page_in_the_permission_table_passes_axe(demo, new_context):
    routes = [route for route in all_routes().values() if "GET" in route.methods]
    failures: list[str] = []
    checked = 0

    public = new_context().new_page()
    for route in routes:
        if route.public:
            _check(public, f"{route.name} (signed out)", reverse(route.name), failures)
            checked += 1

    for username, role in ROLES.items():
        page = new_context().new_page()
        sign_in(page, username)
        for route in routes:
            if route.public or not (route.need is None or role in GRANTS[route.need]):
                continue
            if route.record and route.record_for(demo) is None:
                failures.append(
                    f"{route.name}: the demo data lacks a {route.record} record for "
                    f"{demo.slug} (fill <app>/demo.py load())"
                )
                continue
            url = reverse(route.name, kwargs=route.kwargs_for(demo))
            _check(page, f"{route.name} {url} as {username}", url, failures)
            checked += 1

    assert checked >= 3, "the sweep checked almost nothing: is the permission table empty?"
    if failures:
        pytest.fail(
            f"{len(failures)} problems on the {checked} pages swept:\n" + "\n".join(failures),
            pytrace=False,
        )
