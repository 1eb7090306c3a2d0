"""The demo's Properties 1-4 reproduce the 9 March 2021 Scrutiny report's table."""

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
