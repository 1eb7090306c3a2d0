"""Every page of the permission table carries the security headers (OWASP ASVS V3/V14)."""

import pytest
from django.test import Client
from django.urls import reverse

from cip.models import Membership
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in
from tests.routes import all_routes, populate_all


def _denies_devices(response) -> bool:
    policy = {p.strip() for p in response.get("Permissions-Policy", "").split(",")}
    return {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= policy


def _check(url, response, failures, *, signed_in_page):
    csp = response.get("Content-Security-Policy", "")
    wanted = {
        "CSP object-src": "object-src 'none'" in csp,
        "CSP base-uri": "base-uri 'none'" in csp,
        "CSP frame-ancestors": "frame-ancestors 'none'" in csp,
        "CSP script-src self": "script-src 'self'" in csp and "unsafe-inline" not in csp,
        "nosniff": response.get("X-Content-Type-Options") == "nosniff",
        "Referrer-Policy": response.get("Referrer-Policy") == "same-origin",
        "Permissions-Policy": _denies_devices(response),
    }
    if signed_in_page:
        wanted["no-store"] = "no-store" in response.get("Cache-Control", "")
    failures.extend(f"{url}: {name}" for name, ok in wanted.items() if not ok)


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(partnership):
    populate_all(partnership)
    clients = {
        role: signed_in(MembershipFactory(partnership=partnership, role=role).user)
        for role in Membership.Role.values
    }
    failures = []
    for route in all_routes().values():
        if "GET" not in route.methods:
            continue
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        if route.public:
            _check(url, Client().get(url), failures, signed_in_page=False)
            continue
        if route.site_admin:
            role, client = "site administrator", signed_in(UserFactory(is_superuser=True))
        else:
            role = next(r for r in Membership.Role.values if route.allows(r))
            client = clients[role]
        response = client.get(url)
        assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
        _check(url, response, failures, signed_in_page=True)
    assert failures == []


@pytest.mark.django_db
def test_static_files_and_errors_deny_devices_too(client, as_board, partnership):
    static = client.get("/static/cip/app.js")
    assert static.status_code == 200
    missing = as_board.get("/no-such-page/")
    assert missing.status_code == 404
    forbidden = as_board.get(reverse("briefs:brief-create", kwargs={"slug": partnership.slug}))
    assert forbidden.status_code == 403
    for response in (static, missing, forbidden):
        assert _denies_devices(response), response
