"""No list hands out more than 100 rows a page, whatever `?per_page=` asks."""

import re

import pytest
from django.urls import reverse
from django_tables2 import Table

from cip.models import Membership
from tests.board.factories import RiskFactory
from tests.cip.factories import MembershipFactory
from tests.conftest import signed_in
from tests.routes import all_routes, populate_all

# A list is drawn by templates/govuk/table.html inside this container; other tables on the
# page (a risk heat map) are not.
_LIST_BODY = re.compile(r'<div class="cip-table-container">.*?<tbody[^>]*>(.*?)</tbody>', re.S)


def _rows_on_page(html: str) -> int:
    return sum(body.count("<tr") for body in _LIST_BODY.findall(html))


@pytest.mark.django_db
def test_every_list_clamps_a_huge_page_size_to_100_rows(partnership):
    populate_all(partnership)
    # More risks than a page may hold, so the sweep can see a page that was not clamped.
    RiskFactory.create_batch(130, partnership=partnership)
    clients = {
        role: signed_in(MembershipFactory(partnership=partnership, role=role).user)
        for role in Membership.Role.values
    }
    lists, failures = {}, []
    for route in all_routes().values():
        if "GET" not in route.methods or route.public or route.name == "logout":
            continue
        if route.site_admin:
            continue  # the site administrators' pages list no table
        role = next(r for r in Membership.Role.values if route.allows(r))
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        response = clients[role].get(url, {"per_page": "1000000"})
        table = response.context.get("table") if response.context else None
        if not isinstance(table, Table):
            continue
        assert response.status_code == 200, f"{url}: {response.status_code}"
        rows = _rows_on_page(response.content.decode())
        lists[route.name] = rows
        if rows > 100:
            failures.append(f"{url}?per_page=1000000: {rows} rows")
    assert failures == []
    # The sweep found the lists, and the one with 131 risks (130 + populate's live one)
    # shows a full page of 100 and the remaining 31 on page 2.
    assert len(lists) >= 15, lists
    assert lists["board:risk-list"] == 100
    url = reverse("board:risk-list", kwargs={"slug": partnership.slug})
    page_two = clients[Membership.Role.BOARD_MEMBER].get(url, {"per_page": "1000000", "page": 2})
    assert _rows_on_page(page_two.content.decode()) == 31


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["0", "-5", "abc", "100", "99999999999999999999999"])
def test_an_odd_page_size_still_gives_a_page(partnership, as_board, asked):
    RiskFactory.create_batch(120, partnership=partnership)
    url = reverse("board:risk-list", kwargs={"slug": partnership.slug})
    response = as_board.get(url, {"per_page": asked})
    assert response.status_code == 200
    assert 1 <= _rows_on_page(response.content.decode()) <= 100
