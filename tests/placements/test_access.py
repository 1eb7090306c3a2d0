"""Children's records are for those who need them: commissioners, with a second factor.

Board members, officers and administrators see the placement figures, never a child's
records: the placement log, a child's page, an episode's or child's history, SSDA903 files.
(The permission matrix checks each placements URL; this checks what it cannot: history
pages, navigation, and the second factor.)
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from cip.models import Membership
from tests.cip.factories import ContractYearFactory, MembershipFactory
from tests.conftest import signed_in
from tests.placements.factories import ChildFactory, EpisodeFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _history(partnership, record) -> str:
    label = record._meta.label_lower
    return reverse(
        "cip:record-history", kwargs={"slug": partnership.slug, "model": label, "pk": record.pk}
    )


@pytest.mark.parametrize(
    "role, allowed",
    [
        (Role.BOARD_MEMBER, False),
        (Role.OFFICER, False),
        (Role.ADMINISTRATOR, False),
        (Role.COMMISSIONER, True),
    ],
)
def test_only_commissioners_open_a_childs_and_an_episodes_history(partnership, role, allowed):
    child = ChildFactory(partnership=partnership)
    episode = EpisodeFactory(child=child)
    client = signed_in(MembershipFactory(partnership=partnership, role=role).user)
    for record in (child, episode):
        response = client.get(_history(partnership, record))
        assert response.status_code == (200 if allowed else 403), record
    # Other records' history stays open to every member.
    year = ContractYearFactory(partnership=partnership)
    assert client.get(_history(partnership, year)).status_code == 200


def _navigation(client, partnership) -> str:
    page = client.get(reverse("cip:partnership-detail", kwargs={"slug": partnership.slug}))
    return page.content.decode()


def test_the_placements_link_takes_each_role_to_a_page_it_may_open(partnership, as_board):
    commissioner = signed_in(
        MembershipFactory(partnership=partnership, role=Role.COMMISSIONER).user
    )
    log = reverse("placements:episode-list", kwargs={"slug": partnership.slug})
    figures = reverse("placements:measures", kwargs={"slug": partnership.slug})
    board_page = _navigation(as_board, partnership)
    assert f'href="{figures}"' in board_page
    assert f'href="{log}"' not in board_page
    assert board_page.count(">Placements<") == 1
    commissioner_page = _navigation(commissioner, partnership)
    assert f'href="{log}"' in commissioner_page
    assert commissioner_page.count(">Placements<") == 1
    # The placements pages' own menu offers the log only to those who may open it.
    assert f'href="{log}"' not in as_board.get(figures).content.decode()
    assert f'href="{log}"' in commissioner.get(figures).content.decode()


@override_settings(OTP_REQUIRED=True)
@pytest.mark.parametrize(
    "role, sent_to_set_up",
    [
        (Role.COMMISSIONER, True),  # may see children's records: a second factor first
        (Role.OFFICER, True),
        (Role.ADMINISTRATOR, True),
        (Role.BOARD_MEMBER, False),  # no second factor, and no children's records
    ],
)
def test_whoever_may_see_childrens_records_must_use_a_second_factor(
    partnership, role, sent_to_set_up
):
    client = signed_in(MembershipFactory(partnership=partnership, role=role).user)
    log = client.get(reverse("placements:episode-list", kwargs={"slug": partnership.slug}))
    if sent_to_set_up:
        assert log.status_code == 302
        assert log.url.startswith(reverse("two-factor-setup"))
    else:
        assert log.status_code == 403
