"""One test walks every URL pattern of the project against the table in tests/routes.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cip.access import Capability
from cip.models import Membership
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in
from tests.routes import HOLDS, all_routes, populate_all


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else repr(pattern)


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url)


def test_the_table_names_every_role_and_every_capability():
    assert set(HOLDS) == set(Membership.Role.values)
    assert set().union(*HOLDS.values()) == set(Capability)


@pytest.mark.django_db
def test_every_url_answers_each_persona_as_the_table_says(partnership, other_partnership):
    table = all_routes()
    project = set(_named_patterns())
    assert project - set(table) == set(), "URLs missing from the permission table"
    assert set(table) - project == set(), "table rows for URLs that no longer exist"

    populate_all(partnership)
    populate_all(other_partnership)
    members = {
        role: MembershipFactory(partnership=partnership, role=role).user
        for role in Membership.Role.values
    }
    outsider = MembershipFactory(
        partnership=other_partnership, role=Membership.Role.ADMINISTRATOR
    ).user
    clients = {role: signed_in(user) for role, user in members.items()}
    site_admin = signed_in(UserFactory(is_superuser=True))
    from django.test import Client

    anonymous = Client()
    failures = []

    def expect(route, who, method, url, wanted, response):
        if response.status_code not in wanted:
            failures.append(f"{route.name} {method} {url} as {who}: {response.status_code}")

    for route in table.values():
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        for method in route.methods:
            response = _request(anonymous, method, url)
            if route.public:
                expect(route, "anonymous", method, url, {200}, response)
                continue
            if response.status_code != 302 or not response.url.startswith(reverse("login")):
                failures.append(f"{route.name} {method} {url} as anonymous: not sent to sign-in")
            if route.name == "logout":
                continue
            for role, client in clients.items():
                allowed = route.allows(role)
                wanted = {200, 302} if method == "POST" else {200}
                response = _request(client, method, url)
                expect(route, role, method, url, wanted if allowed else {403}, response)
            if route.site_admin:
                wanted = {200, 302} if method == "POST" else {200}
                response = _request(site_admin, method, url)
                expect(route, "site administrator", method, url, wanted, response)
            if route.need is not None:
                response = _request(signed_in(outsider), method, url)
                expect(route, "outsider", method, url, {404}, response)
            if route.record and route.tenant_scoped:
                foreign = reverse(
                    route.name, kwargs=route.kwargs_for(partnership, other_partnership)
                )
                role = next(r for r in Membership.Role.values if route.allows(r))
                response = _request(clients[role], method, foreign)
                expect(route, f"{role} (B's record)", method, foreign, {404}, response)
    assert failures == []
