import html
from datetime import date

import pytest
from django.urls import reverse

from cip.models import (
    CollaborationAgreement,
    ContractYear,
    Invitation,
    Membership,
    Organisation,
    OrganisationLocalName,
    Partnership,
)
from tests.cip.factories import (
    AgreementFactory,
    ContractYearFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


def test_signing_in_with_the_real_form_reaches_the_partnerships(partnership, board_member):
    from django.test import Client

    client = Client()
    response = client.post(
        reverse("login"),
        {"username": "board", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert partnership.name in response.text


def test_a_wrong_password_shows_the_error_summary(board_member, anonymous):
    response = anonymous.post(reverse("login"), {"username": "board", "password": "wrong"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "<title>Error: Sign in" in response.text
    assert "Enter a correct username and password" in response.text


def test_signing_out_ends_the_session(as_board):
    response = as_board.post(reverse("logout"))
    assert response.status_code == 302
    assert as_board.get(reverse("cip:home")).status_code == 302


def test_home_lists_only_the_users_own_partnerships(as_board, partnership, other_partnership):
    response = as_board.get(reverse("cip:home"))
    assert partnership.name in response.text
    assert other_partnership.name not in response.text


def test_home_shows_each_partnerships_own_names_for_its_council_and_partner(
    board_member, partnership, django_assert_num_queries
):
    """One person in two partnerships with the same council: each row shows the name its own
    partnership keeps for the council (or the register's, where it keeps none)."""
    council = OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)
    second = PartnershipFactory(name="Partnership C", slug="partnership-c", council=council)
    Partnership.objects.filter(pk=partnership.pk).update(council=council)
    MembershipFactory(partnership=second, user=board_member, role=Membership.Role.BOARD_MEMBER)
    OrganisationLocalName.objects.create(
        partnership=partnership, organisation=council, name="KCC Children's Services"
    )
    OrganisationLocalName.objects.create(
        partnership=second, organisation=second.partner, name="The trust"
    )
    client = signed_in(board_member)
    with django_assert_num_queries(3):  # session, user, the partnerships with their names
        page = html.unescape(client.get(reverse("cip:home")).text)
    partner_a = Organisation.objects.get(pk=partnership.partner_id).name
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[1]: " ".join(
            row.split('govuk-!-display-block">')[1].split("</span>")[0].split()
        )
        for row in page.split("<li>")[1:]
    }
    assert rows == {
        "Partnership A": f"KCC Children's Services with {partner_a}",
        "Partnership C": "Kent County Council with The trust",
    }


def test_the_partnership_page_shows_the_agreement_and_next_decision(as_board, partnership):
    AgreementFactory(partnership=partnership, termination_notice_months=3)
    ContractYearFactory(
        partnership=partnership,
        number=1,
        start_date=date(2018, 12, 1),
        end_date=date(2019, 11, 30),
    )
    response = as_board.get(_url("cip:partnership-detail", partnership))
    assert "£700m (£70m a year)" in response.text
    assert "10 years, to 1 December 2028" in response.text
    assert "Into year 2, starting 1 December 2019: overdue" in response.text
    assert "Notice by 1 September 2019" in response.text


def test_the_partnership_page_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries
):
    AgreementFactory(partnership=partnership)
    for number in range(1, 4):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
        )
    # session, user, membership with partnership and agreement, contract years
    with django_assert_num_queries(4):
        as_board.get(_url("cip:partnership-detail", partnership))


def test_an_administrator_edits_the_agreement_through_the_real_form(as_admin, partnership):
    agreement = AgreementFactory(partnership=partnership)
    url = _url("cip:agreement-edit", partnership)
    form = as_admin.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        advertised_maximum_value="£650,000,000",
        annual_value_basis="65000000",
        award_date="2018-11-01",
        commencement_date="2018-12-01",
        evaluation_partner="",
    )
    response = as_admin.post(url, data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert str(agreement.advertised_maximum_value) == "650000000.00"
    assert agreement.version == 2
    assert agreement.history.count() == 2


def test_a_bad_agreement_names_each_field_and_changes_nothing(as_admin, partnership):
    agreement = AgreementFactory(partnership=partnership)
    url = _url("cip:agreement-edit", partnership)
    response = as_admin.post(
        url,
        {
            "title": "Agreement",
            "award_date": "2019-01-01",
            "commencement_date": "2018-12-01",
            "maximum_term_years": "10",
            "renewal_period_months": "12",
            "termination_notice_months": "3",
            "advertised_maximum_value": "lots",
            "annual_value_basis": "-5",
            "version": agreement.version,
        },
    )
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert 'href="#id_advertised_maximum_value"' in text
    assert "Enter an amount in pounds" in text
    assert 'href="#id_annual_value_basis"' in text
    assert "cannot commence before it is awarded" in text
    agreement.refresh_from_db()
    assert agreement.version == 1


def test_a_second_editor_is_told_what_changed_and_nothing_is_overwritten(partnership):
    admin_1 = MembershipFactory(partnership=partnership, role=Membership.Role.ADMINISTRATOR).user
    admin_2 = MembershipFactory(partnership=partnership, role=Membership.Role.ADMINISTRATOR).user
    year = ContractYearFactory(partnership=partnership, notes="")
    url = _url("cip:contract-year-edit", partnership, pk=year.pk)
    first, second = signed_in(admin_1), signed_in(admin_2)
    base = {
        "number": "1",
        "start_date": "2018-12-01",
        "end_date": "2019-11-30",
        "version": "1",
    }
    first.get(url)
    second.get(url)
    assert first.post(url, {**base, "end_date": "2019-11-29", "notes": "First"}).status_code == 302
    response = second.post(url, {**base, "notes": "Second"})
    assert response.status_code == 200
    assert "saved this record while you were editing it" in response.text
    assert "End date: 2019-11-30 → 2019-11-29" in response.text
    assert "Notes: (blank) → First" in response.text
    assert 'name="version" value="2"' in response.text
    year.refresh_from_db()
    assert (year.end_date, year.notes) == (date(2019, 11, 29), "First")
    # Saving again, knowingly, keeps the second editor's values.
    response = second.post(url, {**base, "version": "2", "notes": "Second"})
    assert response.status_code == 302
    year.refresh_from_db()
    assert (year.notes, year.version) == ("Second", 3)


def test_a_contract_year_cannot_end_before_it_starts(as_admin, partnership):
    response = as_admin.post(
        _url("cip:contract-year-create", partnership),
        {"number": "1", "start_date": "2020-12-01", "end_date": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "The end date must be after the start date." in response.text
    assert not ContractYear.objects.exists()


def _three_years(partnership):
    AgreementFactory(partnership=partnership)  # commences 1 December 2018, for 10 years
    for number in (1, 2, 3):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
        )


def test_a_gap_between_contract_years_is_refused_on_the_start_date(as_admin, partnership):
    _three_years(partnership)
    response = as_admin.post(
        _url("cip:contract-year-create", partnership),
        {"number": "4", "start_date": "2021-12-15", "end_date": "2022-12-14"},
    )
    assert response.status_code == 200
    assert 'href="#id_start_date"' in response.text
    assert (
        "Year 4 must start on 1 December 2021, the day after Year 3 ends: "
        "contract years have no gap or overlap between them" in response.text
    )
    assert not partnership.contract_years.filter(number=4).exists()


def test_an_overlap_with_the_next_year_is_refused_on_the_end_date(as_admin, partnership):
    _three_years(partnership)
    year_two = partnership.contract_years.get(number=2)
    response = as_admin.post(
        _url("cip:contract-year-edit", partnership, pk=year_two.pk),
        {"number": "2", "start_date": "2019-12-01", "end_date": "2020-12-31", "version": "1"},
    )
    assert response.status_code == 200
    assert 'href="#id_end_date"' in response.text
    assert "Year 2 must end on 30 November 2020, the day before Year 3 starts" in response.text
    year_two.refresh_from_db()
    assert year_two.end_date == date(2020, 11, 30)


def test_a_year_is_added_only_after_the_one_before_it(as_admin, partnership):
    _three_years(partnership)
    response = as_admin.post(
        _url("cip:contract-year-create", partnership),
        {"number": "5", "start_date": "2022-12-01", "end_date": "2023-11-30"},
    )
    assert response.status_code == 200
    assert 'href="#id_number"' in response.text
    assert "Year 4 is not recorded" in response.text


def test_a_contract_year_cannot_run_past_the_maximum_term(as_admin, partnership):
    AgreementFactory(partnership=partnership, maximum_term_years=1)
    response = as_admin.post(
        _url("cip:contract-year-create", partnership),
        {"number": "1", "start_date": "2018-12-01", "end_date": "2019-12-31"},
    )
    assert response.status_code == 200
    # 1 year from 1 December 2018: the last day is 30 November 2019
    assert "A contract year must end by 30 November 2019" in response.text
    assert not partnership.contract_years.exists()


def test_the_next_year_is_added_contiguous_and_pending_with_no_status_to_set(as_admin, partnership):
    _three_years(partnership)
    url = _url("cip:contract-year-create", partnership)
    form = as_admin.get(url).text
    assert 'name="status"' not in form
    assert 'name="start_date" value="2021-12-01"' in form
    response = as_admin.post(
        url,
        {
            "number": "4",
            "start_date": "2021-12-01",
            "end_date": "2022-11-30",
            "status": "continued",
        },
    )
    assert response.status_code == 302
    year = partnership.contract_years.get(number=4)
    assert year.status == ContractYear.Status.PENDING


def test_posting_fields_that_are_not_on_the_form_changes_nothing(as_admin, partnership):
    year = ContractYearFactory(partnership=partnership)
    other = PartnershipFactory()
    as_admin.post(
        _url("cip:contract-year-edit", partnership, pk=year.pk),
        {
            "number": "1",
            "start_date": "2018-12-01",
            "end_date": "2019-11-30",
            "status": "ended",
            "version": "1",
            "partnership": other.pk,
            "created_at": "2000-01-01T00:00:00Z",
        },
    )
    year.refresh_from_db()
    assert year.partnership == partnership
    assert year.created_at.year != 2000
    assert year.status == ContractYear.Status.CONTINUED


def test_the_last_administrator_cannot_be_removed_or_demoted(as_admin, administrator, partnership):
    membership = administrator.memberships.get(partnership=partnership)
    remove = _url("cip:membership-remove", partnership, pk=membership.pk)
    assert "only administrator" in as_admin.get(remove).text
    as_admin.post(remove)
    assert partnership.memberships.filter(pk=membership.pk).exists()
    response = as_admin.post(
        _url("cip:membership-edit", partnership, pk=membership.pk),
        {"role": "board", "version": membership.version},
    )
    assert "needs at least one administrator" in response.text
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMINISTRATOR


def test_removing_a_member_keeps_the_membership_in_history(as_admin, partnership, officer):
    membership = officer.memberships.get(partnership=partnership)
    response = as_admin.post(_url("cip:membership-remove", partnership, pk=membership.pk))
    assert response.status_code == 302
    assert not partnership.memberships.filter(pk=membership.pk).exists()
    deleted = Membership.history.filter(id=membership.pk, history_type="-").get()
    assert deleted.history_user.username == "admin"


@pytest.mark.parametrize("rows", [2, 30])
def test_the_member_list_asks_a_fixed_number_of_queries(
    rows, as_admin, partnership, django_assert_num_queries
):
    MembershipFactory.create_batch(rows, partnership=partnership)
    for n in range(rows):
        Invitation.objects.create(partnership=partnership, email=f"p{n}@example.org", role="board")
    # the session, the user, the membership, the members, and the open invitations
    with django_assert_num_queries(5):
        response = as_admin.get(_url("cip:membership-list", partnership))
    assert response.text.count("Change role<span") == rows + 1
    assert response.text.count("Withdraw<span") == rows


@pytest.mark.parametrize("rows", [2, 40])
def test_the_organisation_list_asks_a_fixed_number_of_queries(
    rows, as_board, partnership, django_assert_num_queries
):
    OrganisationFactory.create_batch(rows)
    with django_assert_num_queries(5):
        response = as_board.get(_url("cip:organisation-list", partnership))
    assert response.status_code == 200


def test_organisations_filter_and_export_without_formula_injection(as_officer, partnership):
    OrganisationFactory(name="=HYPERLINK(evil)", kind=Organisation.Kind.FUNDER)
    OrganisationFactory(name="Plain Council", kind=Organisation.Kind.COUNCIL)
    url = _url("cip:organisation-list", partnership)
    page = as_officer.get(url, {"kind": "funder"})
    assert "HYPERLINK" in page.text
    assert "Plain Council" not in page.text
    export = as_officer.get(url, {"kind": "funder", "_export": "csv"})
    body = export.content.decode()
    assert export["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(evil)" in body
    assert "Plain Council" not in body


def test_a_board_member_cannot_export_tables(as_board, partnership):
    url = _url("cip:organisation-list", partnership)
    assert as_board.get(url, {"_export": "csv"}).status_code == 403


def test_an_organisation_identifier_is_unique_and_normalised(as_admin, partnership):
    OrganisationFactory(identifier="GB-CHC-216250")
    url = _url("cip:organisation-create", partnership)
    response = as_admin.post(url, {"name": "Dup", "kind": "charity", "identifier": "gb-chc-216250"})
    assert "Organisation with this Org-id identifier already exists." in response.text
    response = as_admin.post(url, {"name": "New", "kind": "charity", "identifier": "gb-chc-1"})
    assert response.status_code == 302
    assert Organisation.objects.get(name="New").identifier == "GB-CHC-1"


def test_the_agreement_can_be_created_when_missing(as_admin, partnership):
    response = as_admin.post(
        _url("cip:agreement-edit", partnership),
        {
            "title": "Agreement",
            "award_date": "2018-11-01",
            "commencement_date": "2018-12-01",
            "maximum_term_years": "10",
            "renewal_period_months": "12",
            "termination_notice_months": "3",
            "advertised_maximum_value": "700000000",
            "annual_value_basis": "70000000",
        },
    )
    assert response.status_code == 302
    assert CollaborationAgreement.objects.get(partnership=partnership).maximum_term_years == 10


def test_the_history_page_shows_who_changed_what(as_admin, administrator, as_board, partnership):
    year = ContractYearFactory(partnership=partnership, notes="")
    url = _url("cip:contract-year-edit", partnership, pk=year.pk)
    as_admin.post(
        url,
        {
            "number": "1",
            "start_date": "2018-12-01",
            "end_date": "2019-11-29",
            "notes": "Board agreed",
            "version": "1",
        },
    )
    page = as_board.get(
        _url("cip:record-history", partnership, model="cip.contractyear", pk=year.pk)
    )
    assert page.status_code == 200
    text = page.text
    assert "Version 2: Changed" in text
    assert f"by {administrator.get_full_name()}" in text
    assert '<th scope="row" class="govuk-table__header">End date</th>' in text
    assert "Board agreed" in text
    assert "Restore version" not in text  # board members cannot restore


def test_an_administrator_restores_a_version_and_the_restore_is_recorded(as_admin, partnership):
    year = ContractYearFactory(partnership=partnership, notes="original")
    year.notes = "changed"
    year.version = 2
    year.save()
    first = year.history.order_by("history_id").first()
    history_url = _url("cip:record-history", partnership, model="cip.contractyear", pk=year.pk)
    restore_url = _url("cip:record-restore", partnership, model="cip.contractyear", pk=year.pk)
    response = as_admin.post(restore_url, {"history_id": first.history_id}, follow=True)
    assert "Restored an earlier version" in response.text
    year.refresh_from_db()
    assert year.notes == "original"
    latest = year.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Restored version 1"
    assert latest.history_user.username == "admin"
    assert "Restore version 1" in as_admin.get(history_url).text


def test_restoring_with_no_version_says_so_and_changes_nothing(as_admin, partnership):
    year = ContractYearFactory(partnership=partnership, notes="kept")
    restore_url = _url("cip:record-restore", partnership, model="cip.contractyear", pk=year.pk)
    response = as_admin.post(restore_url, {"history_id": "nonsense"}, follow=True)
    assert "Choose a version of this record to restore." in response.text
    year.refresh_from_db()
    assert (year.notes, year.version) == ("kept", 1)


def test_history_of_an_unknown_kind_or_another_partnerships_record_is_a_404(
    as_board, partnership, other_partnership
):
    theirs = ContractYearFactory(partnership=other_partnership)
    for model, pk in [("auth.user", 1), ("nosuch.model", 1), ("cip.contractyear", theirs.pk)]:
        url = _url("cip:record-history", partnership, model=model, pk=pk)
        assert as_board.get(url).status_code == 404


def test_an_empty_form_names_every_missing_field(as_admin, partnership):
    agreement = AgreementFactory(partnership=partnership)
    response = as_admin.post(
        _url("cip:agreement-edit", partnership), {"version": agreement.version}
    )
    assert response.status_code == 200
    for message in ("Enter the title", "Enter the award date", "Enter the advertised maximum"):
        assert message in response.text
    assert "This field is required" not in response.text


def test_a_rule_on_a_field_the_form_does_not_show_comes_back_named(rf, administrator, partnership):
    from cip.forms import PartnershipForm
    from cip.views import save_form

    form = PartnershipForm(
        {
            "name": "Renamed",
            "council": partnership.council_id,
            "partner": partnership.partner_id,
            "version": partnership.version,
        },
        instance=partnership,
    )
    partnership.slug = ""  # the slug is not on the form, and may not be blank
    request = rf.post("/")
    request.user = administrator

    assert save_form(request, form, message="saved") is False
    assert form.non_field_errors() == ["Slug: This field cannot be blank."]
    assert Partnership.objects.get(pk=partnership.pk).name != "Renamed"


def test_the_navigation_marks_the_longest_matching_section_as_current(as_board, partnership):
    response = as_board.get(reverse("workpackages:business-case-list", args=[partnership.slug]))
    current = [item["text"] for item in response.context["nav_items"] if item["current"]]
    assert current == ["Business cases"]
    response = as_board.get(reverse("workpackages:work-package-list", args=[partnership.slug]))
    current = [item["text"] for item in response.context["nav_items"] if item["current"]]
    assert current == ["Work packages"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("maximum_term_years", "7982", "Ensure this value is less than or equal to 25."),
        ("termination_notice_months", "30000", "Ensure this value is less than or equal to 12."),
        ("commencement_date", "9999-06-01", "Enter a date between 1900 and 2199"),
    ],
)
def test_an_agreement_term_or_date_past_what_dates_can_hold_is_refused_by_name(
    as_admin, partnership, field, value, message
):
    # Found by tests/test_every_form.py: the page's banner added the term to the dates the
    # form had just put on the record, past year 9999, and answered 500.
    agreement = AgreementFactory(partnership=partnership)
    url = _url("cip:agreement-edit", partnership)
    form = as_admin.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data[field] = value
    response = as_admin.post(url, data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    agreement.refresh_from_db()
    assert agreement.version == 1
