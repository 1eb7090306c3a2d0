"""One test per write path of funding: bids, their stages, and what hangs off an award."""

import pytest
from django.urls import reverse

from funding.models import (
    Bid,
    BidDocument,
    Condition,
    ReachFigure,
    SubGrant,
    SupportingOrganisation,
)
from tests.cip.factories import OrganisationFactory
from tests.funding.factories import (
    AwardFactory,
    BidFactory,
    ConditionFactory,
    DocumentFactory,
    ReachFactory,
    SubGrantFactory,
    SupporterFactory,
)
from tests.history.writes import assert_written, post_form, writes

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(f"funding:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def award(partnership):
    return AwardFactory(partnership=partnership)


@writes("funding:bid-create")
def test_adding_a_bid(as_commissioner, commissioner, partnership):
    funder = OrganisationFactory(kind="funder")
    post_form(
        as_commissioner,
        _url("bid-create", partnership),
        title="Holiday activities",
        funder=str(funder.pk),
        lead_applicant=str(partnership.council_id),
        probability="50",
    )
    assert_written(Bid.objects.get(partnership=partnership), "+", commissioner)


@writes("funding:bid-past-award", "funding.services.bid_record_past_award")
def test_recording_a_past_award(as_commissioner, commissioner, partnership):
    funder = OrganisationFactory(kind="funder")
    post_form(
        as_commissioner,
        _url("bid-past-award", partnership),
        stage="awarded",
        title="Holiday activities",
        funder=str(funder.pk),
        lead_applicant=str(partnership.council_id),
        eligibility_note="Open to councils",
        amount_requested="800000",
        amount_awarded="798000",
        submitted_on="2019-03-01",
        decided_on="2019-04-30",
        probability="100",
    )
    bid = Bid.objects.get(partnership=partnership)
    assert_written(bid, "~", commissioner, {"stage"})
    assert bid.history.filter(history_type="+").get().history_user == commissioner


@writes("funding:bid-edit")
def test_editing_a_bid(as_commissioner, commissioner, partnership):
    bid = BidFactory(partnership=partnership)
    post_form(as_commissioner, _url("bid-edit", partnership, pk=bid.pk), notes="Call back")
    assert_written(bid, "~", commissioner, {"notes"})


@writes("funding:bid-stage", "funding.services.bid_move_stage")
def test_moving_a_bid_on(as_commissioner, commissioner, partnership):
    bid = BidFactory(partnership=partnership)
    post_form(
        as_commissioner,
        _url("bid-stage", partnership, pk=bid.pk),
        stage="eligibility_checked",
        eligibility_note="Open to councils",
    )
    assert_written(bid, "~", commissioner, {"stage", "eligibility_note"})


@writes("funding:supporter-create")
def test_adding_a_supporter(as_commissioner, commissioner, partnership, award):
    post_form(
        as_commissioner,
        _url("supporter-create", partnership, pk=award.pk),
        organisation=str(OrganisationFactory().pk),
        role="Bid writing",
    )
    assert_written(SupportingOrganisation.objects.get(bid=award), "+", commissioner)


@writes("funding:supporter-edit")
def test_editing_a_supporter(as_commissioner, commissioner, partnership, award):
    supporter = SupporterFactory(bid=award)
    post_form(
        as_commissioner, _url("supporter-edit", partnership, pk=supporter.pk), role="Evaluation"
    )
    assert_written(supporter, "~", commissioner, {"role"})


@writes("funding:document-create")
def test_linking_a_bid_document(as_commissioner, commissioner, partnership, award):
    post_form(
        as_commissioner,
        _url("document-create", partnership, pk=award.pk),
        title="Application form",
        url="https://example.org/application.pdf",
    )
    assert_written(BidDocument.objects.get(bid=award), "+", commissioner)


@writes("funding:document-edit")
def test_editing_a_bid_document(as_commissioner, commissioner, partnership, award):
    document = DocumentFactory(bid=award)
    post_form(as_commissioner, _url("document-edit", partnership, pk=document.pk), title="Form")
    assert_written(document, "~", commissioner, {"title"})


@writes("funding:condition-create")
def test_adding_a_condition(as_commissioner, commissioner, partnership, award):
    post_form(
        as_commissioner,
        _url("condition-create", partnership, pk=award.pk),
        kind="monitoring_report",
        title="Quarterly report",
        due_on="2020-01-31",
    )
    assert_written(Condition.objects.get(bid=award), "+", commissioner)


@writes("funding:condition-edit")
def test_meeting_a_condition(as_commissioner, commissioner, partnership, award):
    condition = ConditionFactory(bid=award)
    post_form(
        as_commissioner,
        _url("condition-edit", partnership, pk=condition.pk),
        completed_on="2020-01-20",
    )
    assert_written(condition, "~", commissioner, {"completed_on"})


@writes("funding:sub-grant-create")
def test_adding_a_sub_grant(as_commissioner, commissioner, partnership, award):
    post_form(
        as_commissioner,
        _url("sub-grant-create", partnership, pk=award.pk),
        recipient=str(OrganisationFactory(kind="provider").pk),
        amount="10000",
        purpose="Holiday club",
        awarded_on="2019-06-14",
    )
    assert_written(SubGrant.objects.get(bid=award), "+", commissioner)


@writes("funding:sub-grant-edit")
def test_editing_a_sub_grant(as_commissioner, commissioner, partnership, award):
    sub_grant = SubGrantFactory(bid=award)
    post_form(as_commissioner, _url("sub-grant-edit", partnership, pk=sub_grant.pk), amount="12000")
    assert_written(sub_grant, "~", commissioner, {"amount"})


@writes("funding:reach-create")
def test_adding_a_reach_figure(as_commissioner, commissioner, partnership, award):
    post_form(
        as_commissioner,
        _url("reach-create", partnership, pk=award.pk),
        value="1904",
        unit="places offered",
        as_at="2019-09-30",
    )
    assert_written(ReachFigure.objects.get(bid=award), "+", commissioner)


@writes("funding:reach-edit")
def test_editing_a_reach_figure(as_commissioner, commissioner, partnership, award):
    reach = ReachFactory(bid=award)
    post_form(as_commissioner, _url("reach-edit", partnership, pk=reach.pk), value="2000")
    assert_written(reach, "~", commissioner, {"value"})
