"""The demonstration data reproduces the seed documents' funding figures."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cip.models import Partnership
from funding import exporters
from tests.funding import schema_check
from tests.funding.test_exporters import SCHEMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")
    return Partnership.objects.get(slug="leicestershire-cip")


def _signed_in(username):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_four_awards_carry_the_seeds_figures(demo):
    awarded = dict(demo.bids.secured().values_list("title", "amount_awarded"))
    assert awarded == {
        "Holiday Activities and Food programme 2019": Decimal("798000"),
        "Family Group Conferencing": Decimal("234600"),
        "Family Group Conferencing for Northamptonshire": Decimal("514212"),
        "Advanced LifeSkills in 6 secondary schools": Decimal("486165"),
    }
    yef = demo.bids.get(title__startswith="Advanced LifeSkills")
    assert yef.evaluation_partner.name == "Sheffield Hallam University"
    assert yef.evaluation_share == Decimal("100000")
    haf = demo.bids.get(title="Holiday Activities and Food programme 2019")
    assert haf.lead_applicant.identifier == "GB-CHC-216250"
    reach = dict(haf.reach_figures.values_list("unit", "value"))
    assert {
        "places offered": 1904,
        "meal opportunities": 30464,
        "hours of activity opportunities": 121856,
        "eligible children engaged": 2023,
    }.items() <= reach.items()
    assert set(haf.sub_grants.values_list("granted_through", flat=True)) == {"Shire Grants portal"}
    fgc = demo.bids.get(title="Family Group Conferencing")
    assert fgc.duration_months == 18


def test_the_boards_funding_total_reproduces_the_seed_figures(demo):
    page = _signed_in("board").get(reverse("funding:totals", kwargs={"slug": demo.slug})).text
    for figure in ("£798,000", "£234,600", "£514,212", "£486,165", "£2,032,977"):
        assert figure in page


def test_the_pipeline_bids_are_marked_illustrative(demo):
    for bid in demo.bids.open():
        assert "(illustrative)" in bid.title
        assert "Illustrative" in bid.notes
    assert demo.bids.open().count() == 4


def test_the_demo_360giving_package_validates(demo):
    grants = exporters.package(demo)["grants"]
    assert len(grants) == 4 + 3
    for grant in grants:
        assert schema_check.errors(grant, SCHEMA) == []
    response = _signed_in("officer").get(
        reverse("funding:giving-360-json", kwargs={"slug": demo.slug})
    )
    assert json.loads(response.content)["grants"] == json.loads(json.dumps(grants))


def test_every_demo_funding_page_renders(demo):
    client = _signed_in("commissioner")
    names = ["bid-list", "pipeline", "totals", "condition-list", "sub-grant-list", "giving-360"]
    for name in names:
        assert client.get(reverse(f"funding:{name}", kwargs={"slug": demo.slug})).status_code == 200
    for bid in demo.bids.all():
        page = client.get(bid.get_absolute_url())
        assert page.status_code == 200
        assert bid.title in page.text
