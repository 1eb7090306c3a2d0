"""The demo's Properties 1-4 reproduce the 9 March 2021 Scrutiny report's table."""

from datetime import date
from decimal import Decimal as D

import pytest

from devkit.demo import business_cases as business_case_demo
from tests.workpackages.factories import WorkPackageFactory
from workpackages.business_cases.models import BusinessCase, RealisedSaving

pytestmark = pytest.mark.django_db


def _load(partnership):
    for spec in business_case_demo.CASES:
        WorkPackageFactory(partnership=partnership, title=spec["title"])
    business_case_demo.load(partnership)
    business_case_demo.load(partnership)  # idempotent
    return {
        int(c.work_package.title.split(":")[0].split()[-1]): c.summary()
        for c in BusinessCase.objects.select_related("work_package")
    }


def _near(value, expected):
    return abs(value - D(expected)) <= 1000


def test_the_demo_reproduces_the_reports_table(partnership):
    s = _load(partnership)
    assert BusinessCase.objects.count() == 4
    assert _near(s[1].capital_total, 431000) and _near(s[1].annual_net_saving, 82000)
    assert s[1].gross_payback.whole_years == 5  # "five years"
    assert _near(s[2].capital_total, 437000) and _near(s[2].annual_net_saving, 188000)
    assert s[2].gross_payback.years < D("2.5")  # "within 2.5 years"
    assert _near(s[3].gross_investment, 869000) and _near(s[3].annual_net_saving, 247000)
    assert s[3].net_payback.years < 2 and 3 < s[3].gross_payback.years <= 4
    assert _near(s[3].net_investment, 269000)  # the report states £369k
    assert _near(s[4].capital_total, 1100000) and s[4].gross_payback is None


def test_the_demo_has_realised_savings_and_leaves_property_4_before_the_board(partnership):
    _load(partnership)
    assert RealisedSaving.objects.count() == 4
    statuses = dict(BusinessCase.objects.values_list("work_package__title", "status"))
    assert statuses["Property 4: assessment residential unit"] == "submitted"
    assert statuses["Property 2: residential care for 16 and over"] == "approved"


def test_the_demo_skips_work_packages_that_do_not_exist(partnership):
    business_case_demo.load(partnership)
    assert not BusinessCase.objects.exists()


def _worked_out(home, cases, as_at):
    """A home's savings and occupancy to `as_at`, worked out here from its episodes: each
    stay from the later of its start and the opening to the day before it ended, or to as_at."""
    from datetime import timedelta

    from placements.models import Episode

    case = cases[home.work_package_id]
    stop_at = as_at + timedelta(days=1)
    bed_days, saving7 = 0, D(0)
    for episode in Episode.objects.filter(provider=home.provider):
        start = max(episode.decom, home.opened_on)
        stop = min(episode.dec, stop_at) if episode.dec else stop_at
        days = max(0, (stop - start).days)
        bed_days += days
        if episode.weekly_cost is not None:
            saving7 += days * (case.counterfactual_weekly_cost - episode.weekly_cost)
    capacity = home.places * ((as_at - home.opened_on).days + 1)
    return bed_days, capacity, saving7 / 7


def test_the_demo_case_pages_show_savings_and_occupancy_from_the_log(partnership, as_officer):
    from decimal import ROUND_HALF_UP

    from cip.money import format_money
    from devkit.demo import placements as placement_demo
    from workpackages.models import Home

    as_at = date(2022, 3, 31)
    partnership.data_as_at = as_at
    partnership.save()
    for spec in business_case_demo.CASES:
        WorkPackageFactory(partnership=partnership, title=spec["title"])
    placement_demo.load(partnership)
    business_case_demo.load(partnership)
    cases = {c.work_package_id: c for c in BusinessCase.objects.all()}
    homes = list(Home.objects.select_related("provider"))
    assert len(homes) == 3
    for home in homes:
        case = cases[home.work_package_id]
        assert case.counterfactual_weekly_cost > 0
        bed_days, capacity, saving = _worked_out(home, cases, as_at)
        assert bed_days > 0 and saving > 0, home.name
        text = as_officer.get(case.get_absolute_url()).content.decode()
        assert (
            'Realised to 31 March 2022</dt><dd class="govuk-summary-list__value">'
            f"{format_money(saving)}" in text
        ), home.name
        pct = (D(bed_days) * 100 / capacity).quantize(D("0.1"), rounding=ROUND_HALF_UP)
        assert f'{pct}% <span class="govuk-body-s">({bed_days} of {capacity} bed-days)' in text
        assert f"{case.occupancy_pct.normalize():f}%" in text
