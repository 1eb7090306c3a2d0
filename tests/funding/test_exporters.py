"""The 360Giving export: JSON validated against the official 1.4.3 schema, CSV with its titles."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from cip.models import Organisation
from funding import exporters
from tests.cip.factories import OrganisationFactory
from tests.funding import schema_check
from tests.funding.factories import AwardFactory, BidFactory, SubGrantFactory

SCHEMA_PATH = settings.BASE_DIR / "funding" / "schema" / "360-giving-schema-1.4.3.json"
# The product's shared folder sits beside the checkout (../shared), as in CI.
SHARED_SCHEMA = settings.BASE_DIR.parent / "shared" / "standards" / "360-giving-schema-1.4.3.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text())

pytestmark = pytest.mark.django_db


def _grants(partnership):
    dfe = OrganisationFactory(name="Department for Education", identifier="GB-GOR-PR1092")
    provider = OrganisationFactory(
        name="Holiday club", identifier="GB-CHC-509300", kind=Organisation.Kind.PROVIDER
    )
    award = AwardFactory(
        partnership=partnership,
        title="Holiday Activities and Food programme 2019",
        funder=dfe,
        amount_requested=Decimal("798000"),
        amount_awarded=Decimal("798000"),
        start_date=date(2019, 5, 1),
        end_date=date(2019, 9, 30),
        duration_months=5,
    )
    SubGrantFactory(bid=award, recipient=provider, amount=Decimal("42500.50"))
    BidFactory(partnership=partnership, title="Still a prospect")
    return award


def test_the_json_package_validates_against_the_360giving_schema(as_officer, partnership):
    _grants(partnership)
    response = as_officer.get(reverse("funding:giving-360-json", kwargs={"slug": partnership.slug}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    grants = response.json()["grants"]
    assert len(grants) == 2  # the award and its sub-grant; the prospect is not a grant
    for grant in grants:
        assert schema_check.errors(grant, SCHEMA) == []


def test_every_grant_has_the_fields_the_schema_requires_with_their_types(partnership):
    _grants(partnership)
    required = SCHEMA["oneOf"][0]["required"]
    organisation_required = SCHEMA["$defs"]["Organization"]["required"]
    for grant in exporters.grants_for(partnership):
        assert set(required) <= set(grant)
        for name in required:
            declared = SCHEMA["properties"][name].get("type", "string")
            assert schema_check.errors(grant[name], {"type": declared}) == [], name
        for org in grant["fundingOrganization"] + grant["recipientOrganization"]:
            assert set(organisation_required) <= set(org)


def test_ids_carry_the_360g_prefix_and_organisations_their_org_id(partnership):
    award = _grants(partnership)
    received, sub_grant = exporters.grants_for(partnership)
    assert received["id"] == f"360G-{partnership.slug}-award-{award.pk}"
    assert sub_grant["id"].startswith("360G-")
    assert received["fundingOrganization"] == [
        {"id": "GB-GOR-PR1092", "name": "Department for Education"}
    ]
    assert received["recipientOrganization"][0]["id"] == partnership.council.identifier
    assert received["amountAwarded"] == 798000
    assert received["amountAppliedFor"] == 798000
    assert received["plannedDates"][0]["duration"] == 5
    # The partnership funds the sub-grant through the organisation that holds the award.
    assert sub_grant["fundingOrganization"][0]["id"] == partnership.council.identifier
    assert sub_grant["fundingOrganization"][0]["department"] == partnership.name
    assert sub_grant["recipientOrganization"][0]["id"] == "GB-CHC-509300"
    assert sub_grant["amountAwarded"] == 42500.5


def test_the_checker_catches_a_grant_that_breaks_the_schema(partnership):
    _grants(partnership)
    grant = exporters.grants_for(partnership)[0]
    del grant["fundingOrganization"]
    grant["amountAwarded"] = "798,000"
    grant["awardDate"] = "31/07/2019"
    grant["currency"] = "POUNDS"
    found = "\n".join(schema_check.errors(grant, SCHEMA))
    assert "fundingOrganization is required" in found
    assert "$.amountAwarded: expected number" in found
    assert "$.awardDate: matches 0 of the oneOf branches" in found
    assert "$.currency: 'POUNDS' is not one of the allowed values" in found


def test_the_csv_uses_the_standards_column_titles(as_officer, partnership):
    _grants(partnership)
    response = as_officer.get(reverse("funding:giving-360-csv", kwargs={"slug": partnership.slug}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))
    assert len(rows) == 2
    assert list(rows[0])[:6] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Applied For",
        "Amount Awarded",
    ]
    for title in (
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
    ):
        assert title in rows[0]
    assert rows[0]["Amount Awarded"] == "798000"
    assert rows[0]["Funding Org:Identifier"] == "GB-GOR-PR1092"
    assert rows[1]["Recipient Org:Identifier"] == "GB-CHC-509300"


def test_a_formula_in_a_title_is_made_inert_in_the_csv(partnership):
    AwardFactory(partnership=partnership, title="=HYPERLINK(1)")
    text = exporters.to_csv(exporters.grants_for(partnership))
    assert "'=HYPERLINK(1)" in text


def test_a_board_member_cannot_download_the_360giving_files(as_board, partnership):
    for name in ("funding:giving-360-json", "funding:giving-360-csv"):
        assert as_board.get(reverse(name, kwargs={"slug": partnership.slug})).status_code == 403


def test_the_export_asks_the_same_number_of_queries_for_few_or_many_grants(
    as_officer, partnership, django_assert_num_queries
):
    url = reverse("funding:giving-360-json", kwargs={"slug": partnership.slug})
    award = _grants(partnership)
    # session, user, membership + partnership, awards, sub-grants
    with django_assert_num_queries(5):
        as_officer.get(url)
    for _ in range(10):
        SubGrantFactory(bid=award, amount=Decimal(1))
        AwardFactory(partnership=partnership)
    with django_assert_num_queries(5):
        as_officer.get(url)


def test_the_bundled_schema_is_the_shared_one():
    assert SCHEMA_PATH.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_an_award_without_an_award_date_is_left_out_rather_than_breaking_the_file(partnership):
    award = AwardFactory(partnership=partnership)
    type(award).objects.filter(pk=award.pk).update(decided_on=None)
    assert exporters.grants_for(partnership) == []
