"""Funding pages, read and posted as their users would."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Bid, SubGrant, SupportingOrganisation
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

pytestmark = pytest.mark.django_db
Stage = Bid.Stage


def _url(name, partnership, **kwargs):
    return reverse(f"funding:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _bid_data(partnership, **overrides):
    funder = OrganisationFactory(name="Department for Education")
    data = {
        "title": "Family Group Conferencing",
        "funder": funder.pk,
        "programme": "Supporting Families: Investing in Practice",
        "lead_applicant": partnership.council_id,
        "eligibility_note": "",
        "amount_requested": "£234,600",
        "amount_awarded": "",
        "match_funding": "",
        "evaluation_share": "",
        "probability": "60",
        "notes": "",
    }
    data.update(overrides)
    return data


# Recording and editing bids -----------------------------------------------------------------


def test_a_commissioner_records_a_bid_as_a_prospect(as_commissioner, partnership):
    response = as_commissioner.post(_url("bid-create", partnership), _bid_data(partnership))
    bid = Bid.objects.get()
    assert response.status_code == 302
    assert response.url == _url("bid-detail", partnership, pk=bid.pk)
    assert bid.partnership == partnership
    assert bid.stage == Stage.PROSPECT
    assert bid.amount_requested == Decimal("234600")
    assert bid.match_funding == Decimal(0)
    page = as_commissioner.get(response.url).text
    assert "Family Group Conferencing" in page
    assert "£234,600" in page


def test_a_bid_like_one_already_recorded_is_saved_only_once_confirmed(as_commissioner, partnership):
    first = as_commissioner.post(_url("bid-create", partnership), _bid_data(partnership))
    assert first.status_code == 302
    funder = Bid.objects.get().funder
    # The same funder and programme, the title with a different case, punctuation and a slip.
    data = _bid_data(partnership, funder=funder.pk, title="Family group conferencing -  2")
    data["programme"] = "supporting families: investing in practice"
    response = as_commissioner.post(_url("bid-create", partnership), data)
    assert response.status_code == 200
    assert Bid.objects.count() == 1
    assert "“Family Group Conferencing” (Prospect) is already recorded" in response.text
    assert 'href="#id_confirm_not_duplicate"' in response.text  # in the error summary
    confirmed = as_commissioner.post(
        _url("bid-create", partnership), {**data, "confirm_not_duplicate": "on"}
    )
    assert confirmed.status_code == 302
    assert Bid.objects.count() == 2
    # Another programme of the same funder, or another title, is not asked about.
    other = as_commissioner.post(
        _url("bid-create", partnership),
        {**_bid_data(partnership, funder=funder.pk), "programme": "Holiday Activities and Food"},
    )
    assert other.status_code == 302
    renamed = as_commissioner.post(
        _url("bid-create", partnership),
        _bid_data(partnership, funder=funder.pk, title="Mockingbird family model"),
    )
    assert renamed.status_code == 302
    assert Bid.objects.count() == 4
    # Saving the first bid again, unchanged, does not ask about the bids like it.
    bid = Bid.objects.order_by("pk").first()
    edit = as_commissioner.post(
        _url("bid-edit", partnership, pk=bid.pk),
        {**_bid_data(partnership, funder=funder.pk, notes="Checked"), "version": bid.version},
    )
    assert edit.status_code == 302


def _past_award(partnership, **overrides):
    award = {
        "stage": "in_delivery",
        "eligibility_note": "Open to councils in England",
        "amount_requested": "£800,000",
        "amount_awarded": "£798,000",
        "submitted_on": "2019-03-01",
        "decided_on": "2019-04-30",
        "start_date": "2019-07-01",
        "end_date": "2020-03-31",
        "probability": "100",
    }
    return _bid_data(partnership, **{**award, **overrides})


def test_a_past_award_is_recorded_in_one_step_with_every_stage_in_its_history(
    as_commissioner, commissioner, partnership
):
    response = as_commissioner.post(_url("bid-past-award", partnership), _past_award(partnership))
    bid = Bid.objects.get()
    assert response.status_code == 302 and response.url == bid.get_absolute_url()
    assert bid.stage == Stage.IN_DELIVERY
    assert (bid.submitted_on, bid.decided_on) == (date(2019, 3, 1), date(2019, 4, 30))
    assert (bid.start_date, bid.end_date) == (date(2019, 7, 1), date(2020, 3, 31))
    assert bid.amount_awarded == Decimal("798000")
    # Every stage a bid passes through to delivery, in order, each by the commissioner.
    versions = list(bid.history.order_by("history_id"))
    assert [v.stage for v in versions] == [
        Stage.PROSPECT,
        Stage.ELIGIBILITY_CHECKED,
        Stage.DRAFTING,
        Stage.INTERNAL_SIGN_OFF,
        Stage.SUBMITTED,
        Stage.AWARDED,
        Stage.AGREEMENT_SIGNED,
        Stage.IN_DELIVERY,
    ]
    assert {v.history_user_id for v in versions} == {commissioner.pk}
    assert bid.version == len(versions)
    page = as_commissioner.get(response.url).text
    assert "£798,000" in page


def test_a_past_award_missing_what_its_stage_needs_is_refused_naming_the_fields(
    as_commissioner, partnership
):
    data = _past_award(partnership, start_date="", decided_on="")
    response = as_commissioner.post(_url("bid-past-award", partnership), data)
    assert response.status_code == 200
    assert Bid.objects.count() == 0
    assert "Enter the start date" in response.text
    assert "Enter the date the funder decided" in response.text
    over = _past_award(partnership, amount_awarded="£900,000")
    response = as_commissioner.post(_url("bid-past-award", partnership), over)
    assert "tick the box to confirm it is right" in response.text
    assert Bid.objects.count() == 0
    response = as_commissioner.post(
        _url("bid-past-award", partnership), {**over, "confirm_over_request": "on"}
    )
    assert response.status_code == 302
    assert Bid.objects.get().amount_awarded == Decimal("900000")


def test_similar_titles_are_the_same_words_or_nearly_the_same_letters():
    from funding.calculations import similar_titles

    assert similar_titles("Holiday Activities & Food 2021", "holiday activities and food 2021")
    assert similar_titles("Family Group Conferencing", "Family Group Conferencng")
    assert not similar_titles("Family Group Conferencing", "LifeSkills in schools")
    # Next year's bid to the same programme is asked about too: one tick says it is new.
    assert similar_titles("HAF 2021", "HAF 2022")
    assert not similar_titles("", "Anything")


def test_a_negative_amount_is_refused_naming_the_field(as_commissioner, partnership):
    response = as_commissioner.post(
        _url("bid-create", partnership), _bid_data(partnership, amount_requested="-5")
    )
    assert response.status_code == 200
    assert 'href="#id_amount_requested"' in response.text
    assert "Amount requested cannot be negative" in response.text
    assert not Bid.objects.exists()


def test_an_award_above_the_request_needs_the_confirmation_box(as_commissioner, partnership):
    bid = AwardFactory(partnership=partnership, amount_requested=Decimal("200000"))
    url = _url("bid-edit", partnership, pk=bid.pk)
    data = _bid_data(
        partnership,
        eligibility_note="Councils only",
        amount_requested="200000",
        amount_awarded="250000",
        submitted_on="2019-06-30",
        decided_on="2019-07-31",
        version="1",
    )
    response = as_commissioner.post(url, data)
    assert response.status_code == 200
    assert 'href="#id_confirm_over_request"' in response.text
    bid.refresh_from_db()
    assert bid.amount_awarded == Decimal("234600")

    response = as_commissioner.post(url, {**data, "confirm_over_request": "on"})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.amount_awarded == Decimal("250000")
    assert bid.version == 2

    # Once confirmed, a later edit that leaves the amounts alone is not asked again.
    response = as_commissioner.post(url, {**data, "notes": "Agreement due", "version": "2"})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.notes == "Agreement due"


def test_a_decided_date_before_the_submitted_date_is_refused(as_commissioner, partnership):
    bid = AwardFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("bid-edit", partnership, pk=bid.pk),
        _bid_data(
            partnership,
            eligibility_note="Councils only",
            amount_awarded="234600",
            submitted_on="2019-06-30",
            decided_on="2019-06-01",
            version="1",
        ),
    )
    assert response.status_code == 200
    assert 'href="#id_decided_on"' in response.text
    assert "The decided date cannot be before the submitted date" in response.text
    bid.refresh_from_db()
    assert bid.decided_on == date(2019, 7, 31)


def test_clearing_the_amount_of_an_award_is_refused(as_commissioner, partnership):
    bid = AwardFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("bid-edit", partnership, pk=bid.pk),
        _bid_data(
            partnership,
            eligibility_note="Councils only",
            submitted_on="2019-06-30",
            decided_on="2019-07-31",
            amount_awarded="",
            version="1",
        ),
    )
    assert response.status_code == 200
    assert "Enter the amount awarded" in response.text
    bid.refresh_from_db()
    assert bid.amount_awarded == Decimal("234600")


def test_the_edit_form_offers_only_this_partnerships_work_packages(
    as_commissioner, partnership, other_partnership
):
    from tests.workpackages.factories import WorkPackageFactory

    ours = WorkPackageFactory(partnership=partnership)
    theirs = WorkPackageFactory(partnership=other_partnership)
    bid = BidFactory(partnership=partnership)
    form = as_commissioner.get(_url("bid-edit", partnership, pk=bid.pk)).context["form"]
    assert list(form.fields["work_package"].queryset) == [ours]
    response = as_commissioner.post(
        _url("bid-edit", partnership, pk=bid.pk),
        _bid_data(partnership, work_package=theirs.pk, version="1"),
    )
    assert response.status_code == 200
    assert 'href="#id_work_package"' in response.text
    response = as_commissioner.post(
        _url("bid-edit", partnership, pk=bid.pk),
        _bid_data(partnership, work_package=ours.pk, version="1"),
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.work_package == ours


# Moving a bid on ------------------------------------------------------------------------------


def test_the_stage_form_moves_a_submitted_bid_to_awarded(as_commissioner, partnership):
    bid = AwardFactory(
        partnership=partnership, stage=Stage.SUBMITTED, decided_on=None, amount_awarded=None
    )
    response = as_commissioner.post(
        _url("bid-stage", partnership, pk=bid.pk),
        {
            "stage": "awarded",
            "decided_on": "2019-07-31",
            "amount_awarded": "234,600",
            "version": "1",
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert (bid.stage, bid.amount_awarded) == (Stage.AWARDED, Decimal("234600"))
    page = as_commissioner.get(response.url).text
    assert "Bid moved to “Awarded”" in page


def test_an_award_without_a_decided_date_is_refused_on_the_stage_form(as_commissioner, partnership):
    bid = AwardFactory(
        partnership=partnership, stage=Stage.SUBMITTED, decided_on=None, amount_awarded=None
    )
    response = as_commissioner.post(
        _url("bid-stage", partnership, pk=bid.pk),
        {"stage": "awarded", "amount_awarded": "234600", "version": "1"},
    )
    assert response.status_code == 200
    assert 'href="#id_decided_on"' in response.text
    assert "Enter the date the funder decided" in response.text
    bid.refresh_from_db()
    assert (bid.stage, bid.amount_awarded, bid.version) == (Stage.SUBMITTED, None, 1)


def test_a_skipped_stage_cannot_be_chosen(as_commissioner, partnership):
    bid = BidFactory(partnership=partnership, stage=Stage.DRAFTING, eligibility_note="Any")
    url = _url("bid-stage", partnership, pk=bid.pk)
    page = as_commissioner.get(url).text
    assert 'value="internal_sign_off"' in page
    assert 'value="awarded"' not in page
    response = as_commissioner.post(
        url,
        {"stage": "awarded", "decided_on": "2019-07-31", "amount_awarded": "1", "version": "1"},
    )
    assert response.status_code == 200
    assert 'href="#id_stage_0"' in response.text
    bid.refresh_from_db()
    assert bid.stage == Stage.DRAFTING


def test_a_closed_bid_says_it_cannot_move(as_commissioner, partnership):
    bid = AwardFactory(
        partnership=partnership,
        stage=Stage.CLOSED,
        start_date=date(2019, 5, 1),
        end_date=date(2019, 9, 30),
    )
    page = as_commissioner.get(_url("bid-stage", partnership, pk=bid.pk)).text
    assert "is a final stage" in page
    assert as_commissioner.post(_url("bid-stage", partnership, pk=bid.pk)).status_code == 200


# Records around an award ----------------------------------------------------------------------


def test_sub_grants_cannot_add_up_to_more_than_the_award(as_commissioner, partnership):
    award = AwardFactory(partnership=partnership, amount_awarded=Decimal("100000"))
    SubGrantFactory(bid=award, amount=Decimal("60000"))
    provider = OrganisationFactory()
    response = as_commissioner.post(
        _url("sub-grant-create", partnership, pk=award.pk),
        {
            "recipient": provider.pk,
            "amount": "40000.01",
            "purpose": "Holiday club",
            "awarded_on": "2019-06-14",
        },
    )
    assert response.status_code == 200
    assert "The sub-grants would add up to more than the award (£100,000)" in response.text
    assert SubGrant.objects.count() == 1


def test_a_prospect_cannot_make_sub_grants(as_commissioner, partnership):
    bid = BidFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("sub-grant-create", partnership, pk=bid.pk),
        {
            "recipient": OrganisationFactory().pk,
            "amount": "10",
            "purpose": "Club",
            "awarded_on": "2019-06-14",
        },
    )
    assert response.status_code == 200
    assert "only be made from a bid that has been awarded" in response.text
    assert not SubGrant.objects.exists()


def test_the_same_supporter_twice_is_refused_without_an_error_page(as_commissioner, partnership):
    supporter = SupporterFactory(bid=BidFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("supporter-create", partnership, pk=supporter.bid_id),
        {"organisation": supporter.organisation_id, "role": "Delivery"},
    )
    assert response.status_code == 200
    assert "This organisation already supports the bid." in response.text
    assert SupportingOrganisation.objects.count() == 1


def test_a_reach_figure_is_added_and_shown_with_its_unit(as_commissioner, partnership):
    award = AwardFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("reach-create", partnership, pk=award.pk),
        {"value": "30464", "unit": "meal opportunities", "as_at": "2019-09-30", "source": ""},
        follow=True,
    )
    assert "30,464" in response.text
    assert "Meal opportunities" in response.text


def test_a_condition_edited_as_done_is_no_longer_overdue(as_commissioner, partnership):
    condition = ConditionFactory(bid=AwardFactory(partnership=partnership))
    detail = _url("bid-detail", partnership, pk=condition.bid_id)
    assert "1 condition overdue" in as_commissioner.get(detail).text
    response = as_commissioner.post(
        _url("condition-edit", partnership, pk=condition.pk),
        {
            "kind": "monitoring_report",
            "title": condition.title,
            "due_on": "2020-01-31",
            "completed_on": "2020-01-30",
            "amount": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert "overdue" not in as_commissioner.get(detail).text


# Pages ----------------------------------------------------------------------------------------


def test_the_conditions_list_marks_overdue_ones(as_board, partnership):
    award = AwardFactory(partnership=partnership)
    today = timezone.localdate()
    ConditionFactory(bid=award, title="Late report", due_on=today - timedelta(days=1))
    ConditionFactory(bid=award, title="Future report", due_on=today + timedelta(days=30))
    page = as_board.get(_url("condition-list", partnership)).text
    assert page.count("cip-row-overdue") == 1
    assert page.count(">Overdue</strong>") == 1
    late = as_board.get(_url("condition-list", partnership) + "?status=overdue").text
    assert "Late report" in late
    assert "Future report" not in late


def test_the_pipeline_groups_bids_by_stage_with_the_weighted_value(as_board, partnership):
    BidFactory(
        partnership=partnership,
        title="Drafted bid",
        stage=Stage.DRAFTING,
        eligibility_note="Any",
        amount_requested=Decimal("350000"),
        probability=30,
    )
    AwardFactory(partnership=partnership, title="Won bid")
    page = as_board.get(_url("pipeline", partnership)).text
    assert 'id="stage-drafting">Drafting (1)' in page
    assert 'id="stage-awarded">Awarded (1)' in page
    assert "£105,000" in page  # 30% of £350,000
    assert "Record a bid" not in page  # board members read, commissioners record


def test_the_totals_show_the_arithmetic_against_the_headline(as_board, partnership):
    for title, amount in [
        ("HAF", "798000"),
        ("FGC", "234600"),
        ("FGC N", "514212"),
        ("YEF", "486165"),
    ]:
        AwardFactory(
            partnership=partnership,
            title=title,
            amount_requested=Decimal(amount),
            amount_awarded=Decimal(amount),
        )
    page = as_board.get(_url("totals", partnership)).text
    for figure in ("£798,000", "£234,600", "£514,212", "£486,165", "£2,032,977", "+£32,977"):
        assert figure in page
    assert "101.6% of the headline" in page
    assert "2019/20" in page


def test_the_bid_list_exports_for_an_officer_but_not_a_board_member(
    as_officer, as_board, partnership
):
    AwardFactory(partnership=partnership, title="Family Group Conferencing")
    url = _url("bid-list", partnership) + "?_export=csv"
    response = as_officer.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Family Group Conferencing" in text
    assert "<a " not in text
    assert as_board.get(url).status_code == 403


def test_the_bid_list_filters_by_stage(as_board, partnership):
    AwardFactory(partnership=partnership, title="Won bid")
    BidFactory(partnership=partnership, title="A prospect")
    page = as_board.get(_url("bid-list", partnership) + "?stage=awarded").text
    assert "Won bid" in page
    assert "A prospect" not in page


def test_another_partnerships_bid_is_not_found(as_board, other_partnership):
    bid = AwardFactory(partnership=other_partnership)
    response = as_board.get(
        reverse("funding:bid-detail", kwargs={"slug": "partnership-a", "pk": bid.pk})
    )
    assert response.status_code == 404


# Query counts ---------------------------------------------------------------------------------


def _fill(partnership, n):
    for _ in range(n):
        award = AwardFactory(partnership=partnership)
        BidFactory(partnership=partnership)
        SupporterFactory(bid=award)
        DocumentFactory(bid=award)
        ConditionFactory(bid=award)
        SubGrantFactory(bid=award, amount=Decimal(1))
        ReachFactory(bid=award)
    return award


PAGES = [
    ("bid-list", 7),
    ("pipeline", 4),
    ("totals", 5),  # the pipeline as at the date: one query for the bids' history rows
    ("condition-list", 5),
    ("sub-grant-list", 6),
    ("giving-360", 5),
]


@pytest.mark.parametrize(("name", "queries"), PAGES)
def test_each_list_asks_the_same_number_of_queries_for_few_or_many_rows(
    name, queries, as_commissioner, partnership, django_assert_num_queries
):
    url = _url(name, partnership)
    _fill(partnership, 2)
    with django_assert_num_queries(queries):
        assert as_commissioner.get(url).status_code == 200
    _fill(partnership, 30)
    with django_assert_num_queries(queries):
        assert as_commissioner.get(url).status_code == 200


def test_the_bid_page_asks_the_same_number_of_queries_for_few_or_many_records(
    as_commissioner, partnership, django_assert_num_queries
):
    award = AwardFactory(partnership=partnership, amount_awarded=Decimal("1000000"))
    url = _url("bid-detail", partnership, pk=award.pk)

    def records(n):
        for _ in range(n):
            SupporterFactory(bid=award)
            DocumentFactory(bid=award)
            ConditionFactory(bid=award)
            SubGrantFactory(bid=award, amount=Decimal(1))
            ReachFactory(bid=award)

    records(1)
    # session, user, membership + partnership, bid, supporters, documents, conditions,
    # sub-grants, reach
    with django_assert_num_queries(9):
        as_commissioner.get(url)
    records(20)
    with django_assert_num_queries(9):
        as_commissioner.get(url)


def test_the_funding_section_is_in_the_partnership_navigation(as_board, partnership):
    page = as_board.get(_url("bid-list", partnership)).text
    link = f'govuk-service-navigation__link" href="{_url("bid-list", partnership)}"'
    assert f'{link} aria-current="page"><strong' in page
    assert ">Funding</strong>" in page


def test_the_history_of_a_bid_and_its_records_is_reachable_only_in_its_partnership(
    as_commissioner, partnership, other_partnership
):
    bid = AwardFactory(
        partnership=partnership, stage=Stage.SUBMITTED, decided_on=None, amount_awarded=None
    )
    as_commissioner.post(
        _url("bid-stage", partnership, pk=bid.pk),
        {"stage": "awarded", "decided_on": "2019-07-31", "amount_awarded": "1", "version": "1"},
    )
    detail = as_commissioner.get(_url("bid-detail", partnership, pk=bid.pk)).text
    history_url = reverse(
        "cip:record-history",
        kwargs={"slug": partnership.slug, "model": "funding.bid", "pk": bid.pk},
    )
    assert f'href="{history_url}"' in detail
    assert "Awarded" in as_commissioner.get(history_url).text

    ours = SubGrantFactory(bid=AwardFactory(partnership=partnership))
    theirs = SubGrantFactory(bid=AwardFactory(partnership=other_partnership))
    for record, status in ((ours, 200), (theirs, 404)):
        url = reverse(
            "cip:record-history",
            kwargs={"slug": partnership.slug, "model": "funding.subgrant", "pk": record.pk},
        )
        assert as_commissioner.get(url).status_code == status


def test_a_document_link_without_a_scheme_is_taken_as_https(as_commissioner, partnership):
    bid = BidFactory(partnership=partnership)
    as_commissioner.post(
        _url("document-create", partnership, pk=bid.pk),
        {"title": "Application", "url": "example.org/bid.pdf"},
    )
    assert bid.documents.get().url == "https://example.org/bid.pdf"


JUNK = {
    "title": "x" * 300,
    "funder": "not-a-number",
    "lead_applicant": "999999",
    "amount_requested": "1e99",
    "amount_awarded": "£-£",
    "match_funding": "-1",
    "evaluation_share": "NaN",
    "probability": "500",
    "duration_months": "-3",
    "deadline": "2019-13-45",
    "submitted_on": "yesterday",
    "decided_on": "0000-00-00",
    "stage": "closed",
    "version": "x",
    "organisation": "",
    "role": "",
    "url": "javascript:alert(1)",
    "kind": "bribe",
    "due_on": "31/02/2020",
    "amount": "Infinity",
    "recipient": "-1",
    "awarded_on": "",
    "value": "-7",
    "as_at": "2019-02-30",
}


@pytest.mark.parametrize(
    "name",
    [
        "bid-create",
        "bid-edit",
        "bid-stage",
        "supporter-create",
        "document-create",
        "condition-create",
        "sub-grant-create",
        "reach-create",
    ],
)
def test_nonsense_in_any_form_is_answered_with_errors_and_changes_nothing(
    name, as_commissioner, partnership
):
    from django.apps import apps

    bid = AwardFactory(partnership=partnership)
    before = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("funding").get_models()
    }
    kwargs = {} if name == "bid-create" else {"pk": bid.pk}
    response = as_commissioner.post(_url(name, partnership, **kwargs), JUNK)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    after = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("funding").get_models()
    }
    assert after == before
    bid.refresh_from_db()
    assert bid.version == 1


def test_the_sub_grant_export_carries_the_recipients_org_id(as_officer, partnership):
    provider = OrganisationFactory(name="Holiday club", identifier="GB-CHC-509300")
    SubGrantFactory(bid=AwardFactory(partnership=partnership), recipient=provider)
    response = as_officer.get(_url("sub-grant-list", partnership) + "?_export=csv")
    header, row = response.content.decode().splitlines()[:2]
    assert "Recipient org-id" in header
    assert "GB-CHC-509300" in row
    assert "Holiday club" in row
