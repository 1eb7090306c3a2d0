"""One test per write path of the partnership core: each leaves a history entry naming who
made it, of the right type, with the fields it changed."""

import pytest
from django.test import Client
from django.urls import reverse

from cip.invitations import token_for
from cip.models import (
    CollaborationAgreement,
    ContractYear,
    Invitation,
    Membership,
    Organisation,
    OrganisationLocalName,
    OrganisationProposal,
)
from tests.cip.factories import (
    AgreementFactory,
    ContractYearFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.conftest import signed_in
from tests.history.writes import assert_written, post_form, writes

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


@writes("cip:partnership-edit")
def test_editing_the_partnership(as_admin, administrator, partnership):
    post_form(as_admin, _url("cip:partnership-edit", partnership), name="Renamed partnership")
    assert_written(partnership, "~", administrator, {"name"})


@writes("cip:agreement-edit")
def test_entering_then_editing_the_agreement(as_admin, administrator, partnership):
    url = _url("cip:agreement-edit", partnership)
    post_form(
        as_admin,
        url,
        title="Collaboration agreement",
        award_date="2018-11-01",
        commencement_date="2018-12-01",
        maximum_term_years="10",
        advertised_maximum_value="700000000",
        annual_value_basis="70000000",
    )
    agreement = CollaborationAgreement.objects.get(partnership=partnership)
    assert_written(agreement, "+", administrator)
    post_form(as_admin, url, advertised_maximum_value="650,000,000")
    assert_written(agreement, "~", administrator, {"advertised_maximum_value"})


@writes("cip:contract-year-create")
def test_adding_a_contract_year(as_admin, administrator, partnership):
    post_form(
        as_admin,
        _url("cip:contract-year-create", partnership),
        number="1",
        start_date="2018-12-01",
        end_date="2019-11-30",
    )
    assert_written(ContractYear.objects.get(partnership=partnership), "+", administrator)


@writes("cip:contract-year-edit")
def test_editing_a_contract_year(as_admin, administrator, partnership):
    year = ContractYearFactory(partnership=partnership)
    post_form(as_admin, _url("cip:contract-year-edit", partnership, pk=year.pk), notes="Noted")
    assert_written(year, "~", administrator, {"notes"})


@writes("cip:invitation-create", "invitation-accept")
def test_inviting_someone_who_accepts_with_a_new_account(as_admin, administrator, partnership):
    post_form(
        as_admin,
        _url("cip:invitation-create", partnership),
        email="nia@example.org",
        role="officer",
    )
    invitation = Invitation.objects.get(partnership=partnership, email="nia@example.org")
    assert_written(invitation, "+", administrator)
    link = f"{reverse('invitation-accept')}?token={token_for(invitation)}"
    client = Client()
    post_form(client, link, full_name="Nia Newcomer", password="a-long-enough-passphrase")
    membership = partnership.memberships.get(user__username="nia@example.org")
    assert_written(membership, "+", membership.user)
    assert_written(invitation, "~", membership.user, {"accepted_at", "accepted_by"})


@writes("cip:invitation-cancel")
def test_withdrawing_an_invitation(as_admin, administrator, partnership):
    invitation = Invitation.objects.create(
        partnership=partnership, email="x@example.org", role="board"
    )
    url = _url("cip:invitation-cancel", partnership, pk=invitation.pk)
    assert as_admin.post(url).status_code == 302
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert_written(invitation, "-", administrator)


@writes("cip:membership-edit")
def test_changing_a_members_role(as_admin, administrator, partnership):
    membership = MembershipFactory(partnership=partnership, role=Membership.Role.OFFICER)
    post_form(
        as_admin, _url("cip:membership-edit", partnership, pk=membership.pk), role="commissioner"
    )
    assert_written(membership, "~", administrator, {"role"})


@writes("cip:membership-remove")
def test_removing_a_member(as_admin, administrator, partnership):
    membership = MembershipFactory(partnership=partnership, role=Membership.Role.OFFICER)
    post_form(as_admin, _url("cip:membership-remove", partnership, pk=membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert_written(membership, "-", administrator)


@writes("cip:organisation-create")
def test_adding_an_organisation(as_admin, administrator, partnership):
    post_form(
        as_admin,
        _url("cip:organisation-create", partnership),
        name="Barnardo's",
        kind="charity",
        identifier="gb-chc-216250",
    )
    assert_written(Organisation.objects.get(identifier="GB-CHC-216250"), "+", administrator)


@writes("cip:organisation-edit")
def test_editing_an_organisation(as_admin, administrator, partnership):
    organisation = OrganisationFactory(owner=partnership)
    post_form(
        as_admin,
        _url("cip:organisation-edit", partnership, pk=organisation.pk),
        name="Renamed body",
    )
    assert_written(organisation, "~", administrator, {"name"})


@writes("cip:record-restore", "cip.history.restore")
def test_restoring_an_earlier_version(as_admin, administrator, partnership):
    agreement = AgreementFactory(partnership=partnership)
    post_form(as_admin, _url("cip:agreement-edit", partnership), title="A new title")
    first = agreement.history.order_by("history_id").first()
    response = as_admin.post(
        _url(
            "cip:record-restore", partnership, model="cip.collaborationagreement", pk=agreement.pk
        ),
        {"history_id": first.history_id},
    )
    assert response.status_code == 302
    latest = assert_written(agreement, "~", administrator, {"title"})
    assert latest.title == "Collaboration agreement"
    assert latest.history_change_reason == "Restored version 1"


@writes("cip:organisation-local-name", "cip.register.forget_local_name")
def test_keeping_then_forgetting_a_local_name(as_admin, administrator, partnership):
    shared = OrganisationFactory(name="Register Name")
    url = _url("cip:organisation-local-name", partnership, pk=shared.pk)
    post_form(as_admin, url, name="Our Name")
    local = OrganisationLocalName.objects.get(partnership=partnership, organisation=shared)
    assert_written(local, "+", administrator)
    post_form(as_admin, url, name="Our Other Name")
    assert_written(local, "~", administrator, {"name"})
    post_form(as_admin, url, name="")
    assert not OrganisationLocalName.objects.filter(pk=local.pk).exists()
    assert_written(local, "-", administrator)


@writes("cip:organisation-propose")
def test_proposing_a_change_to_a_shared_organisation(as_admin, administrator, partnership):
    shared = OrganisationFactory(name="Old Name")
    post_form(
        as_admin,
        _url("cip:organisation-propose", partnership, pk=shared.pk),
        name="New Name",
        why="It was renamed",
    )
    proposal = OrganisationProposal.objects.get(organisation=shared)
    latest = assert_written(proposal, "+", administrator)
    assert latest.proposed_by_id == administrator.pk
    shared.refresh_from_db()
    assert shared.name == "Old Name"
    assert shared.history.count() == 1


def _proposed(partnership, organisation, **values):
    return OrganisationProposal.objects.create(
        partnership=partnership,
        organisation=organisation,
        name=values.get("name", organisation.name),
        kind=values.get("kind", organisation.kind),
        identifier=values.get("identifier", organisation.identifier),
    )


@writes("cip:organisation-proposals", "cip.register.accept_proposal")
def test_a_site_administrator_accepts_a_proposal(partnership):
    site_admin = UserFactory(is_superuser=True)
    shared = OrganisationFactory(name="Old Name", kind="charity")
    proposal = _proposed(partnership, shared, name="New Name", kind="provider")
    post_form(
        signed_in(site_admin),
        reverse("cip:organisation-proposals"),
        **{f"p{proposal.pk}-decision": "accept"},
    )
    assert_written(proposal, "~", site_admin, {"status", "decided_by", "decided_at"})
    assert_written(shared, "~", site_admin, {"name", "kind"})


@writes("cip:organisation-proposals", "cip.register.decline_proposal")
def test_a_site_administrator_declines_a_proposal(partnership):
    site_admin = UserFactory(is_superuser=True)
    shared = OrganisationFactory(name="Old Name")
    proposal = _proposed(partnership, shared, name="New Name")
    post_form(
        signed_in(site_admin),
        reverse("cip:organisation-proposals"),
        **{f"p{proposal.pk}-decision": "decline", f"p{proposal.pk}-decline_reason": "No source"},
    )
    latest = assert_written(proposal, "~", site_admin, {"status", "decline_reason"})
    assert latest.decline_reason == "No source"
    assert shared.history.count() == 1
