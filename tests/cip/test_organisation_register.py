"""The organisation register: shared entries that only site administrators change, and each
partnership's own entries, which no other partnership sees or changes."""

import pytest
from django.urls import reverse

from cip.models import Organisation
from tests.cip.factories import OrganisationFactory, UserFactory
from tests.conftest import signed_in
from tests.funding.factories import BidFactory

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
    assert "Shared register" in page.text


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
    assert "someone outside this partnership" in page.text


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
