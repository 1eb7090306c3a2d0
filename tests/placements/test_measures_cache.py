"""The placement figures are cached on a stamp of the data: reused while nothing changes, and
computed afresh after any write, whichever path made it."""

import re
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cip.services import save_versioned
from placements import measures
from placements.models import Child, Episode
from tests.placements.factories import EpisodeFactory, SettingsFactory
from tests.placements.test_importers import EPISODES, HEADER, _csv, _import, _with
from tests.placements.test_views import NEW_EPISODE

pytestmark = pytest.mark.django_db

YEAR = {"first": date(2018, 4, 1), "last": date(2019, 3, 31)}


def test_the_figures_are_read_once_while_nothing_changes(partnership, django_assert_num_queries):
    SettingsFactory(partnership=partnership)
    EpisodeFactory.create_batch(3, child__partnership=partnership)
    first = measures.for_year(partnership, **YEAR, years=[2018, 2019])
    with django_assert_num_queries(2):  # the settings and the data's stamp
        again = measures.for_year(partnership, **YEAR, years=[2018, 2019])
    assert again.looked_after == first.looked_after == 3
    assert again.trend == first.trend
    assert again.spend == first.spend


@override_settings(PLACEMENT_MEASURES_CACHE_SECONDS=0)
def test_with_the_cache_off_the_figures_are_read_every_time(partnership, django_assert_num_queries):
    EpisodeFactory(child__partnership=partnership)
    measures.for_year(partnership, **YEAR)
    with django_assert_num_queries(5):  # settings, snapshot, mix, spend, stability
        measures.for_year(partnership, **YEAR)


def test_an_insert_an_edit_and_a_delete_each_show_at_once(partnership):
    episode = EpisodeFactory(child__partnership=partnership, weekly_cost=100)
    assert measures.for_year(partnership, **YEAR).looked_after == 1

    other = EpisodeFactory(child__partnership=partnership)
    assert measures.for_year(partnership, **YEAR).looked_after == 2

    spent = measures.for_year(partnership, **YEAR).spend.total
    episode.weekly_cost = 800
    save_versioned(instance=episode, expected_version=episode.version)
    assert measures.for_year(partnership, **YEAR).spend.total > spent

    other.child.delete()
    assert measures.for_year(partnership, **YEAR).looked_after == 1


def test_a_child_s_birth_date_corrected_shows_at_once(partnership):
    episode = EpisodeFactory(
        child__partnership=partnership, child__birth_year=2010, decom=date(2015, 1, 1)
    )
    assert measures.for_year(partnership, **YEAR).stability.long_term_cohort == 1
    child = episode.child
    child.birth_year = 2002  # 16 by the year end: out of the long-term cohort
    save_versioned(instance=child, expected_version=child.version)
    assert measures.for_year(partnership, **YEAR).stability.long_term_cohort == 0


def test_a_re_import_that_only_updates_episodes_shows_at_once(partnership):
    _import(partnership)
    assert measures.for_year(partnership, **YEAR).looked_after == 2
    closed = _with(3, "DEC", "01/03/2019")
    closed = _with(3, "REC", "E4A", closed)
    result = _import(partnership, header=_csv(HEADER), episodes=_csv(closed))
    assert (result.episodes_created, result.episodes_updated) == (0, 3)
    assert measures.for_year(partnership, **YEAR).looked_after == 1
    assert Episode.objects.count() == 3 and Child.objects.count() == 2
    assert EPISODES[3][7] == ""  # the first import had left it open


def test_a_placement_logged_through_the_form_shows_on_the_dashboard_at_once(
    as_commissioner, partnership
):
    SettingsFactory(partnership=partnership, county_districts="LE16")
    # Children under 18 today (the dashboard counts as at today): born five years ago.
    born = timezone.localdate().year - 5
    EpisodeFactory(
        child__partnership=partnership, child__birth_year=born, decom=date(born + 1, 1, 1)
    )
    dashboard = reverse("dashboard:dashboard", kwargs={"slug": partnership.slug})
    assert _figure(as_commissioner.get(dashboard), "looked-after") == "1"

    start = timezone.localdate() - timedelta(days=7)
    response = as_commissioner.post(
        reverse("placements:episode-create", kwargs={"slug": partnership.slug}),
        {**NEW_EPISODE, "birth_year": str(born), "decom": start.isoformat()},
    )
    assert response.status_code == 302
    assert _figure(as_commissioner.get(dashboard), "looked-after") == "2"


def _figure(response, name: str) -> str:
    match = re.search(rf'id="figure-{name}">(.*?)</', response.content.decode(), re.S)
    assert match, f"figure {name} not on the page"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()
