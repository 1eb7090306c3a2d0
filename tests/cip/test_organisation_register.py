"""The organisation register: shared entries that only site administrators change, and each
partnership's own entries, which no other partnership sees or changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cip.models import Organisation, OrganisationLocalName, OrganisationProposal
from tests.cip.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.conftest import signed_in
from tests.funding.factories import BidFactory
from tests.history.writes import form_on, post_form

pytestmark = pytest.mark.django_db


def _edit(slug, organisation):
    return reverse("cip:organisation-edit", kwargs={"slug": slug, "pk": organisation.pk})


def _archive(slug, organisation):
    return reverse(
        "cip:record-archive",
        kwargs={"slug": slug, "model": "cip.organisation", "pk": organisation.pk},
    )


def _history(slug, organisation):
    return reverse(
        "cip:record-history",
        kwargs={"slug": slug, "model": "cip.organisation", "pk": organisation.pk},
    )


def _page(slug, name, organisation):
    return reverse(f"cip:{name}", kwargs={"slug": slug, "pk": organisation.pk})


def _form(organisation, **changes):
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "identifier": organisation.identifier,
        "version": organisation.version,
        **changes,
    }


def test_another_partnerships_administrator_cannot_rename_its_council(
    outsider, other_partnership, partnership
):
    council = partnership.council
    response = signed_in(outsider).post(
        _edit(other_partnership.slug, council), _form(council, name="Renamed")
    )
    assert response.status_code == 403
    council.refresh_from_db()
    assert council.name != "Renamed"
    assert council.history.count() == 1


def test_another_partnerships_administrator_cannot_archive_a_shared_funder(
    outsider, other_partnership
):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    response = signed_in(outsider).post(
        _archive(other_partnership.slug, funder), {"version": funder.version}
    )
    assert response.status_code == 403
    funder.refresh_from_db()
    assert funder.archived_at is None


def test_a_partnerships_own_entry_is_a_404_to_every_other_partnership(
    as_admin, partnership, other_partnership
):
    theirs = OrganisationFactory(owner=other_partnership, name="B's local provider")
    assert as_admin.get(_edit(partnership.slug, theirs)).status_code == 404
    assert as_admin.post(_edit(partnership.slug, theirs), _form(theirs)).status_code == 404
    assert as_admin.post(_archive(partnership.slug, theirs)).status_code == 404
    assert as_admin.get(_history(partnership.slug, theirs)).status_code == 404
    listing = as_admin.get(reverse("cip:organisation-list", kwargs={"slug": partnership.slug}))
    assert "B's local provider" not in listing.text


def test_an_administrator_adds_and_changes_the_partnerships_own_entries(as_admin, partnership):
    create = reverse("cip:organisation-create", kwargs={"slug": partnership.slug})
    response = as_admin.post(
        create, {"name": "Local Provider", "kind": "provider", "identifier": "GB-COH-01234567"}
    )
    assert response.status_code == 302
    own = Organisation.objects.get(identifier="GB-COH-01234567")
    assert own.owner == partnership
    response = as_admin.post(_edit(partnership.slug, own), _form(own, name="Renamed Provider"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Renamed Provider"


def test_a_site_administrator_changes_a_shared_entry(partnership, administrator):
    administrator.is_superuser = True
    administrator.save()
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    response = signed_in(administrator).post(
        _edit(partnership.slug, funder), _form(funder, name="Renamed Funder")
    )
    assert response.status_code == 302
    funder.refresh_from_db()
    assert funder.name == "Renamed Funder"


def test_the_list_marks_shared_entries_as_not_editable_here(as_admin, partnership):
    shared = OrganisationFactory(name="Shared Funder")
    own = OrganisationFactory(name="Own Provider", owner=partnership)
    page = as_admin.get(reverse("cip:organisation-list", kwargs={"slug": partnership.slug}))
    assert _edit(partnership.slug, own) in page.text
    assert _edit(partnership.slug, shared) not in page.text
    assert _page(partnership.slug, "organisation-local-name", shared) in page.text
    assert _page(partnership.slug, "organisation-propose", shared) in page.text


def test_a_shared_entrys_history_names_no_user_of_another_partnership(
    as_admin, partnership, other_partnership
):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    stranger = UserFactory(username="b-admin", first_name="Bertie", last_name="Elsewhere")
    funder.name = "Renamed by B"
    funder._history_user = stranger
    funder.save()
    page = as_admin.get(_history(partnership.slug, funder))
    assert page.status_code == 200
    assert "Bertie" not in page.text
    assert "b-admin" not in page.text
    assert "another partnership" in page.text


def test_pickers_offer_no_other_partnerships_own_entries(
    as_commissioner, partnership, other_partnership
):
    OrganisationFactory(owner=other_partnership, name="B's private funder", kind="funder")
    OrganisationFactory(owner=partnership, name="A's own funder", kind="funder")
    bid = BidFactory(partnership=partnership)
    page = as_commissioner.get(
        reverse("funding:bid-edit", kwargs={"slug": partnership.slug, "pk": bid.pk})
    )
    assert page.status_code == 200
    assert "A&#x27;s own funder" in page.text or "A's own funder" in page.text
    assert "private funder" not in page.text


# A partnership's local name for a shared organisation


def _keep_local_name(client, slug, organisation, name):
    url = _page(slug, "organisation-local-name", organisation)
    return post_form(client, url, name=name)


def test_a_local_name_shows_on_the_partnerships_pages_tables_and_exports_only(
    as_admin, partnership, other_partnership, outsider
):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER, name="Register Funder Trust")
    BidFactory(partnership=partnership, funder=funder, title="A's bid")
    BidFactory(partnership=other_partnership, funder=funder, title="B's bid")
    _keep_local_name(as_admin, partnership.slug, funder, "Our Funder")
    _keep_local_name(as_admin, partnership.slug, partnership.partner, "Our Partner")

    bids = reverse("funding:bid-list", kwargs={"slug": partnership.slug})
    assert "Our Funder" in as_admin.get(bids).text
    export = as_admin.get(bids + "?_export=csv").content.decode()
    assert "Our Funder" in export
    assert "Register Funder Trust" not in export
    detail = as_admin.get(reverse("cip:partnership-detail", kwargs={"slug": partnership.slug}))
    assert "Our Partner" in detail.text
    register = as_admin.get(reverse("cip:organisation-list", kwargs={"slug": partnership.slug}))
    assert "Our Funder" in register.text
    assert "Register name: Register Funder Trust" in register.text

    theirs = signed_in(outsider)
    their_bids = theirs.get(reverse("funding:bid-list", kwargs={"slug": other_partnership.slug}))
    assert "Register Funder Trust" in their_bids.text
    assert "Our Funder" not in their_bids.text
    funder.refresh_from_db()
    assert funder.name == "Register Funder Trust"
    assert funder.history.count() == 1


def test_an_empty_local_name_shows_the_register_name_again(as_admin, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER, name="Register Funder Trust")
    BidFactory(partnership=partnership, funder=funder)
    _keep_local_name(as_admin, partnership.slug, funder, "Our Funder")
    _keep_local_name(as_admin, partnership.slug, funder, "")
    page = as_admin.get(reverse("funding:bid-list", kwargs={"slug": partnership.slug})).text
    assert "Register Funder Trust" in page
    assert "Our Funder" not in page


def test_a_list_with_local_names_asks_one_more_query_however_many_rows(
    as_admin, commissioner, partnership, django_assert_num_queries
):
    client = signed_in(commissioner)
    url = reverse("funding:bid-list", kwargs={"slug": partnership.slug})
    BidFactory(partnership=partnership)
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    base = len(without)  # read now: the next request empties the connection's query log
    funders = [OrganisationFactory(kind=Organisation.Kind.FUNDER) for _ in range(3)]
    for funder in funders:
        BidFactory(partnership=partnership, funder=funder)
        _keep_local_name(as_admin, partnership.slug, funder, f"Local {funder.name}")
    # the same page's queries, and the local names read once
    with django_assert_num_queries(base + 1):
        page = client.get(url)
    assert all(f"Local {funder.name}" in page.text for funder in funders)
    for _ in range(20):
        BidFactory(partnership=partnership, funder=funders[0])
    with django_assert_num_queries(base + 1):
        client.get(url)


def test_a_local_name_is_kept_in_its_history(as_admin, administrator, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    _keep_local_name(as_admin, partnership.slug, funder, "Our Funder")
    _keep_local_name(as_admin, partnership.slug, funder, "Our Other Funder")
    local = OrganisationLocalName.objects.get(partnership=partnership, organisation=funder)
    assert list(local.history.order_by("history_id").values_list("name", "history_user")) == [
        ("Our Funder", administrator.pk),
        ("Our Other Funder", administrator.pk),
    ]


def test_local_names_and_proposals_are_for_administrators_of_the_shared_register_only(
    as_admin, as_commissioner, partnership, other_partnership, outsider
):
    shared = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    own = OrganisationFactory(owner=partnership)
    theirs = OrganisationFactory(owner=other_partnership)
    for name in ("organisation-local-name", "organisation-propose"):
        assert as_admin.get(_page(partnership.slug, name, shared)).status_code == 200
        assert as_commissioner.get(_page(partnership.slug, name, shared)).status_code == 403
        # another partnership's administrator, in A's pages
        assert signed_in(outsider).get(_page(partnership.slug, name, shared)).status_code == 404
        # B's own entry, from A: not in A's register
        assert as_admin.get(_page(partnership.slug, name, theirs)).status_code == 404
        assert as_admin.post(_page(partnership.slug, name, theirs)).status_code == 404
        # A's own entry is edited, not proposed or renamed locally
        assert as_admin.get(_page(partnership.slug, name, own)).status_code == 404


# Proposals to the shared register


def _propose(client, slug, organisation, **changes):
    return post_form(client, _page(slug, "organisation-propose", organisation), **changes)


def _proposals():
    return reverse("cip:organisation-proposals")


def _site_admin():
    return UserFactory(is_superuser=True, username="site-admin", first_name="Sita")


def test_a_proposal_accepted_by_a_site_administrator_changes_the_register(
    as_admin, partnership, other_partnership
):
    funder = OrganisationFactory(kind=Organisation.Kind.CHARITY, name="Old Trust")
    _propose(
        as_admin, partnership.slug, funder, name="New Trust", kind="funder", why="Renamed in 2024"
    )
    funder.refresh_from_db()
    assert (funder.name, funder.kind) == ("Old Trust", "charity")

    site = signed_in(_site_admin())
    page = site.get(_proposals())
    assert page.status_code == 200
    assert "New Trust" in page.text
    assert "Renamed in 2024" in page.text
    assert "Partnership A" in page.text
    proposal = OrganisationProposal.objects.get(organisation=funder)
    post_form(site, _proposals(), **{f"p{proposal.pk}-decision": "accept"})

    funder.refresh_from_db()
    assert (funder.name, funder.kind) == ("New Trust", "funder")
    proposal.refresh_from_db()
    assert proposal.status == OrganisationProposal.Status.ACCEPTED
    assert "New Trust" not in site.get(_proposals()).text  # decided: off the page
    # every partnership's register reads the new name, and the history keeps the old one
    history = as_admin.get(_history(partnership.slug, funder)).text
    assert "Old Trust" in history and "New Trust" in history
    assert "a site administrator" in history
    assert "site-admin" not in history and "Sita" not in history
    b_admin = UserFactory()
    MembershipFactory(partnership=other_partnership, user=b_admin, role="administrator")
    b_list = signed_in(b_admin).get(
        reverse("cip:organisation-list", kwargs={"slug": other_partnership.slug})
    )
    assert "New Trust" in b_list.text


def test_a_declined_proposal_needs_a_reason_and_the_partnership_reads_it(as_admin, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER, name="Old Trust")
    _propose(as_admin, partnership.slug, funder, name="Wrong Trust")
    proposal = OrganisationProposal.objects.get(organisation=funder)
    site = signed_in(_site_admin())
    data = form_on(site, _proposals())
    data[f"p{proposal.pk}-decision"] = "decline"
    refused = site.post(_proposals(), data)
    assert refused.status_code == 200
    assert "Reason for declining: Enter why the proposal is declined" in refused.text
    proposal.refresh_from_db()
    assert proposal.status == OrganisationProposal.Status.PROPOSED

    data[f"p{proposal.pk}-decline_reason"] = "The Charity Commission still lists Old Trust"
    assert site.post(_proposals(), data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == OrganisationProposal.Status.DECLINED
    funder.refresh_from_db()
    assert funder.name == "Old Trust"
    mine = as_admin.get(_page(partnership.slug, "organisation-propose", funder)).text
    assert "Declined: The Charity Commission still lists Old Trust" in mine


def test_a_proposal_decided_twice_is_refused_the_second_time(as_admin, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER, name="Old Trust")
    _propose(as_admin, partnership.slug, funder, name="New Trust")
    proposal = OrganisationProposal.objects.get(organisation=funder)
    first, second = signed_in(_site_admin()), signed_in(UserFactory(is_superuser=True))
    stale = form_on(second, _proposals())  # both have the page open
    post_form(first, _proposals(), **{f"p{proposal.pk}-decision": "accept"})
    stale[f"p{proposal.pk}-decision"] = "decline"
    stale[f"p{proposal.pk}-decline_reason"] = "No"
    response = second.post(_proposals(), stale, follow=True)
    assert response.status_code == 200
    assert "already been decided" in response.text
    proposal.refresh_from_db()
    assert proposal.status == OrganisationProposal.Status.ACCEPTED


def test_a_proposal_keeps_identifiers_unique(as_admin, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER, identifier="GB-CHC-1")
    OrganisationFactory(identifier="GB-CHC-2")
    url = _page(partnership.slug, "organisation-propose", funder)
    data = form_on(as_admin, url)
    taken = as_admin.post(url, {**data, "identifier": "gb-chc-2"})
    assert taken.status_code == 200
    assert "Another organisation in the register has this identifier" in taken.text
    assert 'href="#id_identifier"' in taken.text  # the summary points at the field
    assert not OrganisationProposal.objects.exists()


def test_only_a_site_administrator_opens_the_proposals(as_admin, partnership):
    funder = OrganisationFactory(kind=Organisation.Kind.FUNDER)
    _propose(as_admin, partnership.slug, funder, name="Something else")
    assert as_admin.get(_proposals()).status_code == 403
    assert as_admin.post(_proposals(), {"proposal": "1"}).status_code == 403
    assert OrganisationProposal.objects.get().status == OrganisationProposal.Status.PROPOSED


def test_history_names_this_partnerships_own_users(as_admin, administrator, partnership):
    own = OrganisationFactory(owner=partnership, name="Own Provider")
    post_form(as_admin, _edit(partnership.slug, own), name="Renamed Provider")
    page = as_admin.get(_history(partnership.slug, own)).text
    assert administrator.username in page or administrator.get_full_name() in page
    assert "another partnership" not in page
