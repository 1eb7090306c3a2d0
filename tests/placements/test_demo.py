"""The demonstration placement log matches the seed documents' figures, and loads once."""

from datetime import date
from decimal import Decimal

import pytest

from devkit.demo import placements as demo
from placements import calculations, codes, measures
from placements.models import Child, Episode
from tests.workpackages.factories import WorkPackageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(partnership):
    for title in (
        "Property 1: residential care for under-16s",
        "Property 2: residential care for 16 and over",
        "Property 3: family residential centre",
    ):
        WorkPackageFactory(partnership=partnership, title=title)
    demo.load(partnership)
    return partnership


def test_march_2018_matches_the_cabinet_report(loaded):
    first, last = codes.collection_year_bounds(2018)
    figures = measures.for_year(loaded, first=first, last=last)
    assert figures.looked_after == 575
    assert figures.rate == Decimal("40.5")
    assert figures.residential_external == 63
    assert figures.residential_external_share == Decimal("11.0")
    assert figures.residential_in_county_share < 50
    residential = figures.spend.by_category[calculations.Category.RESIDENTIAL_EXTERNAL]
    assert Decimal("9650000") <= residential <= Decimal("9750000")  # £9.7m in 2017/18
    averages = figures.spend.average_weekly
    ifa = averages[calculations.Category.FOSTERING_IFA]
    in_house = averages[calculations.Category.FOSTERING_IN_HOUSE]
    assert Decimal("1.8") <= ifa / in_house <= Decimal("2.3")  # "often twice"


def test_16_plus_residential_costs_about_5117_a_week(loaded):
    costs = [
        e.weekly_cost
        for e in Episode.objects.filter(
            partnership=loaded, place="K2", work_package=None
        ).select_related("child")
        if calculations.age_on((e.child.birth_year, e.child.birth_month), e.decom) >= 16
        and e.purchase_route == "framework"
    ]
    average = sum(costs) / len(costs)
    assert Decimal("4900") <= average <= Decimal("5350")


def test_children_move_into_the_cip_properties_from_their_opening(loaded):
    cip = Episode.objects.filter(partnership=loaded).in_cip_provision()
    assert cip.count() == 8
    assert min(cip.values_list("decom", flat=True)) == date(2021, 10, 1)
    first, last = codes.collection_year_bounds(2022)
    figures = measures.for_year(loaded, first=first, last=last)
    assert figures.cip_placements == 8
    assert figures.spend.cost_avoided > 0


def test_the_log_keeps_to_its_own_rules(loaded):
    spans: dict[int, list] = {}
    for child, start, end in Episode.objects.values_list("child_id", "decom", "dec"):
        spans.setdefault(child, []).append((start, end))
    assert all(calculations.overlapping(s) is None for s in spans.values())
    for episode in Episode.objects.all()[:500]:
        year = codes.collection_year(episode.decom)
        for name in ("rne", "ls", "cin", "place", "place_provider", "rec"):
            value = getattr(episode, name)
            if value and year >= codes.FIRST_YEAR:
                assert codes.problem(name.upper(), value, year) is None
        assert bool(episode.dec) == bool(episode.rec)


def test_loading_twice_changes_nothing(loaded):
    counts = (Child.objects.count(), Episode.objects.count(), Episode.history.count())
    demo.load(loaded)
    assert (Child.objects.count(), Episode.objects.count(), Episode.history.count()) == counts


def test_no_child_is_in_care_before_the_data_begins_or_after_turning_18(loaded):
    episodes = Episode.objects.filter(partnership=loaded).select_related("child")
    assert min(e.decom for e in episodes) == demo.DATA_FROM
    assert max(e.dec for e in episodes if e.dec) <= demo.DATA_TO
    for episode in episodes:
        birth = (episode.child.birth_year, episode.child.birth_month)
        eighteenth = date(birth[0] + 18, birth[1], 1)
        assert (episode.dec or demo.DATA_TO) <= eighteenth, episode.child.reference
    first, last = codes.collection_year_bounds(2017)
    assert measures.for_year(loaded, first=first, last=last).looked_after == 0
