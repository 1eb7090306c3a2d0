"""The data-quality page: each check counted, worked out by hand, and linked to its rows."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _page_counts(text: str) -> dict[str, str]:
    found = {}
    for key, cell in re.findall(
        r'id="check-([a-z_]+)">.*?<td class="govuk-table__cell govuk-table__cell--numeric">'
        r"(.*?)</td>",
        text,
        re.S,
    ):
        found[key] = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(cell)).split()).split()[0]
    return found


def test_each_check_counts_its_episodes_and_links_to_them(as_commissioner, partnership):
    provider = ProviderFactory(partnership=partnership)
    # Born June 2000: 18 since June 2018, and still placed.
    adult = ChildFactory(partnership=partnership, birth_year=2000, birth_month=6)
    EpisodeFactory(child=adult, decom=date(2015, 1, 10), in_county=True)
    # Two episodes of one child overlap (June 2018 to January 2019), the first has no cost.
    twice = ChildFactory(partnership=partnership, birth_year=2010)
    EpisodeFactory(
        child=twice, decom=date(2018, 1, 15), dec=date(2019, 1, 1), weekly_cost=None, in_county=True
    )
    EpisodeFactory(child=twice, decom=date(2018, 6, 1), in_county=False)
    # Two that touch (one ends the day the next begins) do not overlap; the second has no
    # location, with a provider.
    touching = ChildFactory(partnership=partnership, birth_year=2010)
    EpisodeFactory(child=touching, decom=date(2018, 1, 1), dec=date(2018, 5, 1), in_county=True)
    EpisodeFactory(child=touching, decom=date(2018, 5, 1), provider=provider, in_county=None)

    url = reverse("placements:data-quality", kwargs={"slug": partnership.slug})
    page = as_commissioner.get(url)
    assert page.status_code == 200
    assert _page_counts(page.text) == {
        "adult_open": "1",
        "no_cost": "1",
        "overlapping": "2",
        "no_location": "1",
    }
    assert "Providers with a placement without a location: 1." in page.text

    log = reverse("placements:episode-list", kwargs={"slug": partnership.slug})
    expected = {"adult_open": 1, "no_cost": 1, "overlapping": 2, "no_location": 1}
    for key, count in expected.items():
        assert f'href="{log}?quality={key}"' in page.text
        rows = as_commissioner.get(log, {"quality": key}).context["table"].rows
        assert len(rows) == count, key


def test_an_unknown_check_on_the_log_is_a_message_not_an_error(as_commissioner, partnership):
    log = reverse("placements:episode-list", kwargs={"slug": partnership.slug})
    response = as_commissioner.get(log, {"quality": "nonsense"})
    assert response.status_code == 200
