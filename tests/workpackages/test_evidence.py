"""Realised savings from the placement log (workpackages.evidence) and the CIP homes they
read: a hand-built log whose answers are worked out here."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.services import child_reference
from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory
from tests.workpackages.factories import HomeFactory, WorkPackageFactory
from tests.workpackages.factories_business_cases import BusinessCaseFactory
from tests.workpackages.test_business_cases_views import _form_data
from workpackages import evidence
from workpackages.models import Home

pytestmark = pytest.mark.django_db

COUNTERFACTUAL = Decimal("4000")
AS_AT = date(2021, 6, 30)


def _child(partnership, n, born=(2008, 6)):
    return ChildFactory(
        partnership=partnership,
        reference=child_reference(f"EVIDENCE{n}"),
        birth_year=born[0],
        birth_month=born[1],
    )


def _placed(partnership, n, decom, dec, cost, *, urn="SC100001", provider=None, **kwargs):
    return EpisodeFactory(
        child=_child(partnership, n, kwargs.pop("born", (2008, 6))),
        decom=decom,
        dec=dec,
        urn=urn,
        provider=provider,
        place=kwargs.pop("place", "K2"),
        place_provider=kwargs.pop("place_provider", "PR1"),
        weekly_cost=cost,
        **kwargs,
    )


@pytest.fixture
def log(partnership):
    """Home A (URN SC100001, opened 1 May 2021) with two children; home B (a provider,
    opened 1 June 2021) with none; one child placed elsewhere."""
    work_package = WorkPackageFactory(partnership=partnership)
    HomeFactory(
        work_package=work_package,
        name="Home A",
        urn="SC100001",
        places=3,
        opened_on=date(2021, 5, 1),
    )
    HomeFactory(
        work_package=work_package,
        name="Home B",
        urn="",
        provider=ProviderFactory(partnership=partnership, name="Home B Ltd"),
        places=2,
        opened_on=date(2021, 6, 1),
    )
    # Placed before the home opened: counted from 1 May.
    first = _placed(partnership, 1, date(2021, 4, 20), None, Decimal("2800"))
    # Moves out on 16 June: counted 10 May to 15 June.
    second = _placed(partnership, 2, date(2021, 5, 10), date(2021, 6, 16), Decimal("3500"))
    # Elsewhere: not counted.
    _placed(partnership, 3, date(2021, 5, 1), None, Decimal("5000"), urn="SC777777")
    return work_package, first, second


def test_savings_by_month_and_year_worked_out_by_hand(log):
    work_package, first, second = log
    result = evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)

    may, june = result.months
    assert (may.label, june.label) == ("May 2021", "June 2021")
    # May: the first child 31 days × £1,200 a week less; the second 22 days (10 to 31 May)
    # × £500.
    assert may.days == 31 + 22
    assert may.saving == Decimal(31 * 1200 + 22 * 500) / 7
    # June: the first child 30 days; the second 1 to 15 June (left on the 16th) = 15 days.
    assert june.days == 30 + 15
    assert june.saving == Decimal(30 * 1200 + 15 * 500) / 7
    assert june.children == 2

    (year,) = result.years
    assert year.label == "2021/22"
    assert year.last == AS_AT
    assert year.days == 61 + 37
    assert year.saving == Decimal(61 * 1200 + 37 * 500) / 7
    assert result.total == year.saving
    assert round(result.total, 2) == Decimal("13100.00")  # 91,700 ÷ 7

    # The working: which children, from when, at what rate.
    stays = {s.child_ref: s for s in year.stays}
    assert set(stays) == {first.child.short_reference, second.child.short_reference}
    moved = stays[second.child.short_reference]
    assert (moved.first, moved.last, moved.days) == (date(2021, 5, 10), date(2021, 6, 15), 37)
    assert (moved.weekly_cost, moved.counterfactual, moved.home) == (
        Decimal("3500"),
        COUNTERFACTUAL,
        "Home A",
    )
    assert stays[first.child.short_reference].first == date(2021, 5, 1)


def test_a_home_with_no_placements_saves_nothing(partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    HomeFactory(work_package=work_package, urn="SC100009", opened_on=date(2021, 6, 1))
    _placed(partnership, 1, date(2021, 6, 1), None, Decimal("100"), urn="SC555555")
    result = evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
    assert [m.label for m in result.months] == ["June 2021"]
    assert result.total == 0
    assert result.days == 0
    assert result.years[0].stays == ()


def test_no_home_open_by_the_date_means_no_evidence(log):
    work_package, *_ = log
    result = evidence.for_work_package(
        work_package, counterfactual=COUNTERFACTUAL, as_at=date(2021, 4, 30)
    )
    assert (result.homes, result.months, result.years, result.total) == ((), (), (), 0)


def test_a_placement_by_provider_counts_and_one_without_cost_saves_nothing(log, partnership):
    work_package, *_ = log
    home_b = Home.objects.get(name="Home B")
    _placed(
        partnership, 4, date(2021, 6, 21), None, Decimal("3000"), urn="", provider=home_b.provider
    )
    _placed(partnership, 5, date(2021, 6, 25), None, None, urn="SC100001")
    result = evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
    june = result.months[-1]
    # 21 to 30 June inclusive = 10 days × £1,000; the uncosted stay's 6 days save nothing.
    assert june.saving == Decimal(30 * 1200 + 15 * 500 + 10 * 1000) / 7
    assert june.uncosted == 1
    assert june.days == 30 + 15 + 10 + 6


def test_the_external_price_beside_it(log, partnership):
    work_package, *_ = log
    # Five external residential placements of under-16s open in 2021/22...
    for n, cost in enumerate(["4000", "5000", "4200", "4600", "4400"], start=10):
        _placed(
            partnership,
            n,
            date(2021, 4, 5),
            None,
            Decimal(cost),
            urn=f"SC2000{n}",
            place_provider="PR4",
        )
    # ...and ones that are not like for like: a 16-year-old, fostering, last year's, in-house.
    _placed(
        partnership,
        20,
        date(2021, 4, 5),
        None,
        Decimal("9000"),
        urn="SC300001",
        place_provider="PR4",
        born=(2004, 1),
    )
    _placed(
        partnership,
        21,
        date(2021, 4, 5),
        None,
        Decimal("9000"),
        urn="",
        place="U4",
        place_provider="PR4",
    )
    _placed(
        partnership,
        22,
        date(2020, 4, 5),
        date(2021, 3, 1),
        Decimal("9000"),
        urn="SC300002",
        place_provider="PR4",
    )
    _placed(partnership, 23, date(2021, 4, 5), None, Decimal("9000"), urn="SC300003")

    (comparison,) = (
        evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
        .years[0]
        .comparisons
    )
    assert (comparison.category, comparison.band, comparison.count) == (
        "Residential: external",
        "Under 16",
        5,
    )
    # Sorted 4000, 4200, 4400, 4600, 5000: the median is the third, the quartiles the second
    # and fourth.
    assert (comparison.lower_quartile, comparison.median, comparison.upper_quartile) == (
        Decimal("4200"),
        Decimal("4400"),
        Decimal("4600"),
    )
    assert str(comparison).startswith("Median £4,400.00 a week")


def test_too_few_to_compare(log, partnership):
    work_package, *_ = log
    for n in range(4):
        _placed(
            partnership,
            10 + n,
            date(2021, 4, 5),
            None,
            Decimal("4000"),
            urn=f"SC20000{n}",
            place_provider="PR4",
        )
    (comparison,) = (
        evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
        .years[0]
        .comparisons
    )
    assert comparison.count == 4
    assert not comparison.enough
    assert comparison.median is None
    assert str(comparison) == "Too few to compare (4 external placements)"


def test_query_count_does_not_grow_with_children(log, partnership):
    work_package, *_ = log

    def count():
        with CaptureQueriesContext(connection) as queries:
            evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
        return len(queries)

    before = count()
    for n in range(30, 40):
        _placed(partnership, n, date(2021, 5, 1), None, Decimal("3000"))
        _placed(
            partnership,
            n + 100,
            date(2021, 5, 1),
            None,
            Decimal("4100"),
            urn=f"SC4{n:05d}",
            place_provider="PR4",
        )
    assert before == count() == 3


def test_for_case_uses_the_cases_counterfactual(log):
    work_package, *_ = log
    case = BusinessCaseFactory(
        work_package=work_package, counterfactual_weekly_cost=Decimal("3000")
    )
    result = evidence.for_case(case, as_at=AS_AT)
    # £3,000 against £2,800 for 61 days and against £3,500 for 37 days.
    assert result.total == Decimal(61 * 200 - 37 * 500) / 7


# --- occupancy -------------------------------------------------------------------------------


def test_occupancy_by_home_month_and_year_worked_out_by_hand(log):
    work_package, *_ = log
    result = evidence.for_work_package(
        work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT, assumption=Decimal("75")
    )
    may, june = result.months
    # May: only Home A is open (3 places × 31 days = 93 bed-days); the first child 31 days,
    # the second 10 to 31 May = 22 days.
    (home_a,) = may.occupancy
    assert (home_a.home, home_a.days_open, home_a.capacity, home_a.bed_days) == (
        "Home A",
        31,
        93,
        53,
    )
    assert home_a.pct == Decimal(53) * 100 / 93
    # June: Home A 3 × 30 = 90; the first child 30 days, the second left on 16 June, so 15.
    # Home B (2 places, opened 1 June) has nobody: 0 of 60, 0%.
    home_a, home_b = june.occupancy
    assert (home_a.capacity, home_a.bed_days, home_a.pct) == (90, 45, Decimal(50))
    assert (home_b.home, home_b.capacity, home_b.bed_days, home_b.pct) == ("Home B", 60, 0, 0)
    assert june.occupancy_pct == Decimal(45) * 100 / 150  # 30%

    (year,) = result.years
    home_a, home_b = year.occupancy
    # 1 May to 30 June: Home A 61 days × 3 = 183, used 61 + 37 = 98; Home B 30 × 2 = 60.
    assert (home_a.days_open, home_a.capacity, home_a.bed_days) == (61, 183, 98)
    assert (home_b.days_open, home_b.capacity, home_b.bed_days) == (30, 60, 0)
    assert year.occupancy_pct == Decimal(98) * 100 / 243
    assert result.occupancy_pct == Decimal(98) * 100 / 243  # about 40.3%
    assert result.assumption == Decimal("75")
    assert result.occupancy_below_assumption


def test_a_home_opening_mid_month_counts_only_its_open_days(partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    HomeFactory(
        work_package=work_package,
        name="Home C",
        urn="SC100003",
        places=2,
        opened_on=date(2021, 6, 16),
    )
    # Placed on 10 June, before the home opened, and still there: counted from 16 June.
    _placed(partnership, 1, date(2021, 6, 10), None, Decimal("3000"), urn="SC100003")
    # Arrives 20 June and leaves 25 June: 20 to 24 June = 5 days.
    _placed(partnership, 2, date(2021, 6, 20), date(2021, 6, 25), Decimal("3000"), urn="SC100003")
    result = evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
    (june,) = result.months
    (home_c,) = june.occupancy
    # Open 16 to 30 June = 15 days × 2 places = 30; used 15 + 5 = 20.
    assert (home_c.days_open, home_c.capacity, home_c.bed_days) == (15, 30, 20)
    assert june.occupancy_pct == Decimal(20) * 100 / 30
    assert result.occupancy_pct == Decimal(20) * 100 / 30
    assert result.assumption is None
    assert not result.occupancy_below_assumption


def test_a_home_with_no_placements_is_empty_and_no_home_has_no_occupancy(partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    HomeFactory(work_package=work_package, urn="SC100009", places=4, opened_on=date(2021, 6, 1))
    result = evidence.for_work_package(work_package, counterfactual=COUNTERFACTUAL, as_at=AS_AT)
    assert result.capacity == 4 * 30
    assert result.occupancy_pct == 0
    empty = evidence.for_work_package(
        WorkPackageFactory(partnership=partnership), counterfactual=COUNTERFACTUAL, as_at=AS_AT
    )
    assert empty.occupancy_pct is None


def test_for_case_reads_the_cases_occupancy_assumption(log):
    work_package, *_ = log
    case = BusinessCaseFactory(work_package=work_package, occupancy_pct=Decimal("30"))
    result = evidence.for_case(case, as_at=AS_AT)
    assert result.assumption == Decimal("30")
    assert not result.occupancy_below_assumption  # 40.3% against 30%


# --- the CIP home on the work package page ---------------------------------------------------


def _url(name, partnership, **kwargs):
    return reverse(f"workpackages:{name}", kwargs={"slug": partnership.slug, **kwargs})


def test_add_a_home_on_the_work_package_page(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    provider = ProviderFactory(partnership=partnership, name="Oak House Ltd")
    response = as_commissioner.post(
        _url("home-create", partnership, pk=work_package.pk),
        {
            "name": "Oak House",
            "provider": provider.pk,
            "urn": "sc123456",
            "places": "3",
            "opened_on": "2021-09-01",
        },
    )
    assert response.status_code == 302
    home = Home.objects.get()
    assert (home.provider, home.urn, home.places, home.opened_on) == (
        provider,
        "SC123456",
        3,
        date(2021, 9, 1),
    )
    assert home.history.count() == 1
    page = as_commissioner.get(_url("work-package-detail", partnership, pk=work_package.pk))
    assert "Oak House" in page.content.decode()
    assert "3 places, opened 1 September 2021" in page.content.decode()


def test_a_home_needs_a_provider_or_urn_and_places(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("home-create", partnership, pk=work_package.pk),
        {"name": "Oak House", "provider": "", "urn": "", "places": "0", "opened_on": "2021-09-01"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Give the home&#x27;s provider or its Ofsted URN (or both)." in text
    assert "Number of places must be at least 1" in text
    assert not Home.objects.exists()


def test_another_partnerships_provider_is_not_offered(
    as_commissioner, partnership, other_partnership
):
    work_package = WorkPackageFactory(partnership=partnership)
    theirs = ProviderFactory(partnership=other_partnership)
    response = as_commissioner.post(
        _url("home-create", partnership, pk=work_package.pk),
        {"name": "Oak House", "provider": theirs.pk, "places": "2", "opened_on": "2021-09-01"},
    )
    assert response.status_code == 200
    assert not Home.objects.exists()


# --- on the business case page ----------------------------------------------------------------


@pytest.fixture
def case_page(log, partnership):
    work_package, first, second = log
    partnership.data_as_at = AS_AT
    partnership.save()
    case = BusinessCaseFactory(work_package=work_package, counterfactual_weekly_cost=COUNTERFACTUAL)
    return case, first, second


def test_the_case_page_shows_the_log_savings_with_children_to_those_who_may_see_them(
    case_page, as_commissioner
):
    case, first, second = case_page
    text = as_commissioner.get(case.get_absolute_url()).content.decode()
    # 91,700 ÷ 7 = £13,100.
    assert "£13,100" in text
    assert "2 children, 98 days placed in Home A, Home B" in text
    assert "How this is worked out" in text
    assert first.child.short_reference in text and second.child.short_reference in text


def test_others_see_counts_not_references(case_page, as_officer):
    case, first, second = case_page
    text = as_officer.get(case.get_absolute_url()).content.decode()
    assert "£13,100" in text
    assert first.child.short_reference not in text
    assert second.child.short_reference not in text


def test_the_case_page_query_count_does_not_grow_with_children(
    case_page, partnership, as_commissioner
):
    case, *_ = case_page
    with CaptureQueriesContext(connection) as before:
        as_commissioner.get(case.get_absolute_url())
    for n in range(50, 60):
        _placed(partnership, n, date(2021, 5, 1), None, Decimal("3000"))
    with CaptureQueriesContext(connection) as after:
        as_commissioner.get(case.get_absolute_url())
    assert len(after) == len(before)


def test_the_counterfactual_is_entered_on_the_case_form(case_page, as_commissioner, partnership):
    case, *_ = case_page
    url = reverse(
        "workpackages:business-case-edit", kwargs={"slug": partnership.slug, "pk": case.pk}
    )
    data = _form_data(case, partnership, counterfactual_weekly_cost="4,250.50")
    response = as_commissioner.post(url, data)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "error" in line
    ]
    case.refresh_from_db()
    assert case.counterfactual_weekly_cost == Decimal("4250.50")


def test_the_case_page_shows_occupancy_against_the_assumption(case_page, as_officer):
    case, *_ = case_page
    case.occupancy_pct = Decimal("75")
    case.save()
    text = as_officer.get(case.get_absolute_url()).content.decode()
    # 98 of 243 bed-days (Home A 3 × 61, Home B 2 × 30) = 40.3%, under the 75% assumed.
    assert '40.3% <span class="govuk-body-s">(98 of 243 bed-days)</span>' in text
    assert "75%" in text and "Below the assumption" in text
    # The working by month: June, Home B, 2 places × 30 days, nobody placed.
    assert "2 × 30 = 60" in text
    assert "3 × 30 = 90" in text and "50.0%" in text


def test_the_work_package_page_shows_occupancy_against_its_approved_case(
    case_page, as_officer, partnership
):
    case, *_ = case_page
    case.occupancy_pct = Decimal("40")
    case.status = case.Status.APPROVED
    case.save()
    page = as_officer.get(_url("work-package-detail", partnership, pk=case.work_package_id))
    text = page.content.decode()
    assert "Occupancy from the placement log" in text
    assert "40.3%" in text and "At or above the assumption" in text
    assert f"Against {case.title}" in text


def test_the_work_package_page_without_a_case_shows_occupancy_alone(log, as_officer, partnership):
    work_package, *_ = log
    partnership.data_as_at = AS_AT
    partnership.save()
    text = as_officer.get(_url("work-package-detail", partnership, pk=work_package.pk)).content
    assert "40.3%" in text.decode() and "No business case" in text.decode()
