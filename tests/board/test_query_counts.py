"""Each board list and page costs the same number of queries with few rows or many."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from board.models import Decision, Declaration
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendeeFactory,
    InterestFactory,
    MeetingFactory,
    ProposalFactory,
    RiskFactory,
    SecondmentFactory,
)
from tests.cip.factories import ContractYearFactory, UserFactory


def _rows(partnership, n: int) -> None:
    first = MeetingFactory(partnership=partnership, date=date(2018, 12, 11))
    for index in range(n):
        meeting = MeetingFactory(
            partnership=partnership, date=date(2019, 1, 8) + timedelta(days=30 * index)
        )
        item = AgendaItemFactory(meeting=meeting, position=1)
        Decision.objects.create(
            partnership=partnership,
            number=index + 1,
            meeting=meeting,
            item=item,
            kind="other",
            outcome="approved",
            resolution=f"Resolution {index}",
        )
        ActionFactory(
            partnership=partnership,
            meeting=meeting,
            due_date=date(2019, 1, 1) + timedelta(days=index),
        )
        RiskFactory(partnership=partnership, likelihood=1 + index % 5, impact=1 + (index // 5) % 5)
        SecondmentFactory(partnership=partnership)
    year = ContractYearFactory(partnership=partnership)
    for position in range(1, n + 1):
        item = AgendaItemFactory(meeting=first, position=position, minutes=f"Minute {position}")
        item.paper = year
        item.save()
        Decision.objects.create(
            partnership=partnership,
            number=1000 + position,
            meeting=first,
            item=item,
            kind="other",
            outcome="approved",
            resolution="Agreed.",
        )
        AttendeeFactory(meeting=first)
        ProposalFactory(meeting=first)
        InterestFactory(partnership=partnership)
        Declaration.objects.create(
            item=item, user=UserFactory(), interest="A relative works for the provider."
        )


PAGES = {
    # name: (queries without the banner, needs the first meeting's pk)
    "board:meeting-list": (5, False),
    "board:decision-list": (5, False),
    "board:action-list": (5, False),
    "board:risk-list": (7, False),  # the settings and the heat map's one aggregate
    "board:secondment-list": (5, False),
    "board:meeting-detail": (10, True),
    "board:meeting-pack": (11, True),  # and the decisions between meetings
    "board:proposal-list": (4, False),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_costs_the_same_queries_with_few_or_many_rows(
    name, rows, as_board, partnership, django_assert_num_queries
):
    _rows(partnership, rows)
    expected, needs_pk = PAGES[name]
    kwargs = {"slug": partnership.slug}
    if needs_pk:
        kwargs["pk"] = partnership.board_meetings.order_by("date").first().pk
    url = reverse(name, kwargs=kwargs)
    with django_assert_num_queries(expected):
        response = as_board.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_whole_register_costs_the_same_queries_with_few_or_many_entries(
    rows, as_chair, partnership, django_assert_num_queries
):
    _rows(partnership, rows)
    with django_assert_num_queries(4):
        response = as_chair.get(reverse("board:interest-list", kwargs={"slug": partnership.slug}))
    assert response.status_code == 200
    # One row for each entry, under the header row.
    assert response.content.decode().count('<tr class="govuk-table__row">') == rows + 1
