"""The permission matrix of tests/test_permission_matrix.py, walked over the business-case
routes alone, until the lead merges tests/workpackages/routes_business_cases.py into
tests/routes.py (the project-wide matrix then covers them too)."""

import pytest
from django.test import Client
from django.urls import reverse

from cip.access import GRANTS
from cip.models import Membership
from tests.cip.factories import MembershipFactory
from tests.conftest import signed_in
from tests.workpackages.factories_business_cases import populate
from tests.workpackages.routes_business_cases import ROUTES


@pytest.mark.django_db
def test_every_business_case_url_answers_each_persona_as_the_table_says(
    partnership, other_partnership
):
    populate(partnership)
    populate(other_partnership)
    clients = {
        role: signed_in(MembershipFactory(partnership=partnership, role=role).user)
        for role in Membership.Role.values
    }
    outsider = signed_in(
        MembershipFactory(partnership=other_partnership, role=Membership.Role.ADMINISTRATOR).user
    )
    anonymous, failures = Client(), []

    def check(route, who, method, url, wanted, response):
        if response.status_code not in wanted:
            failures.append(f"{route.name} {method} {url} as {who}: {response.status_code}")

    for route in ROUTES:
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        for method in route.methods:
            send = (lambda c, u: c.get(u)) if method == "GET" else (lambda c, u: c.post(u))
            response = send(anonymous, url)
            if response.status_code != 302 or not response.url.startswith(reverse("login")):
                failures.append(f"{route.name} {method} as anonymous: not sent to sign-in")
            for role, client in clients.items():
                allowed = role in GRANTS[route.need]
                wanted = ({200, 302} if method == "POST" else {200}) if allowed else {403}
                check(route, role, method, url, wanted, send(client, url))
            check(route, "outsider", method, url, {404}, send(outsider, url))
            if route.record:
                foreign = reverse(
                    route.name, kwargs=route.kwargs_for(partnership, other_partnership)
                )
                role = next(r for r in Membership.Role.values if r in GRANTS[route.need])
                check(
                    route, f"{role} (B's record)", "GET", foreign, {404}, clients[role].get(foreign)
                )
    assert failures == []
