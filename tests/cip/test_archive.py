"""Domain records are archived rather than deleted; administrators alone delete for good."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from briefs.models import BriefTask, DesignBrief
from cip.access import Capability, role_can
from cip.archive import archivable_models
from cip.models import Membership
from funding.models import Bid
from tests.board.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    RiskFactory,
    SecondmentFactory,
)
from tests.briefs.factories import BriefFactory, PriorityAreaFactory, TaskFactory
from tests.cip.factories import MembershipFactory, OrganisationFactory
from tests.conftest import signed_in
from tests.funding.factories import AwardFactory, BidFactory, ConditionFactory, SubGrantFactory
from tests.placements.factories import ChildFactory, EpisodeFactory, ProviderFactory
from tests.reports.factories import ReportFactory
from tests.workpackages.factories import ContractFactory, WorkPackageFactory
from tests.workpackages.factories_business_cases import BusinessCaseFactory

pytestmark = pytest.mark.django_db


Role = Membership.Role

# One record of each archivable kind in a partnership.
MAKERS = {
    "cip.organisation": lambda p: OrganisationFactory(owner=p),
    "cip.meeting": lambda p: MeetingFactory(partnership=p),
    "cip.action": lambda p: ActionFactory(partnership=p),
    "cip.risk": lambda p: RiskFactory(partnership=p),
    "cip.secondment": lambda p: SecondmentFactory(partnership=p),
    "cip.report": lambda p: ReportFactory(partnership=p),
    "briefs.priorityarea": lambda p: PriorityAreaFactory(partnership=p),
    "briefs.designbrief": lambda p: BriefFactory(partnership=p),
    "workpackages.workpackage": lambda p: WorkPackageFactory(partnership=p),
    "workpackages.deliverycontract": lambda p: ContractFactory(
        work_package=WorkPackageFactory(partnership=p)
    ),
    "placements.provider": lambda p: ProviderFactory(partnership=p),
    "funding.bid": lambda p: BidFactory(partnership=p),
}


def _url(name, partnership, record=None, **kwargs):
    if record is not None:
        kwargs |= {"model": record._meta.label_lower, "pk": record.pk}
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


def _listed(client, partnership, record, **query) -> bool:
    response = client.get(
        reverse(record.archive_list_url, kwargs={"slug": partnership.slug}), query
    )
    assert response.status_code == 200
    return record.pk in {row.pk for row in response.context["filter"].qs}


def _member(partnership, role):
    return MembershipFactory(partnership=partnership, role=role).user


def test_every_archivable_kind_is_tested_here():
    assert set(MAKERS) == {model._meta.label_lower for model in archivable_models()}


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_each_kind_is_archived_and_restored_by_those_who_may_change_it(partnership, label):
    record = MAKERS[label](partnership)
    needs = [Capability(need) for need in record.archive_needs]
    editor_role = next(r for r in Role.values if any(role_can(r, n) for n in needs))
    other_role = next(r for r in Role.values if not any(role_can(r, n) for n in needs))
    editor = _member(partnership, editor_role)
    client, other = signed_in(editor), signed_in(_member(partnership, other_role))
    archive_url = _url("cip:record-archive", partnership, record)

    assert other.get(archive_url).status_code == 403
    assert other.post(archive_url).status_code == 403
    assert _listed(client, partnership, record)
    page = client.get(archive_url)
    assert page.status_code == 200
    assert escape(f"Archive {record}?") in page.text

    response = client.post(archive_url, {"version": record.version})

    assert response.status_code == 302
    assert not _listed(client, partnership, record)
    assert _listed(client, partnership, record, archived="archived")
    record.refresh_from_db()
    assert (record.archived_by, record.is_archived) == (editor, True)
    archived_page = client.get(_url("cip:record-archived", partnership, record))
    assert "Archived by" in archived_page.text
    if hasattr(record, "get_absolute_url"):  # its own page now shows it as archived
        assert client.get(record.get_absolute_url()).url == _url(
            "cip:record-archived", partnership, record
        )

    restore_url = _url("cip:record-unarchive", partnership, record)
    assert other.post(restore_url).status_code == 403
    assert client.post(restore_url).status_code == 302
    assert _listed(client, partnership, record)
    kinds = list(record.history.order_by("history_id").values_list("history_change_reason"))
    assert kinds[-2:] == [("Archived",), ("Restored from the archive",)]


def test_an_archived_record_leaves_pickers_and_totals(as_commissioner, partnership):
    funder = OrganisationFactory(kind="funder")
    bid = AwardFactory(partnership=partnership, title="Archived award", funder=funder)
    ConditionFactory(bid=bid, title="Report quarterly")
    SubGrantFactory(bid=bid)
    live = AwardFactory(partnership=partnership, title="Live award", funder=funder)
    archived = as_commissioner.post(
        _url("cip:record-archive", partnership, bid), {"version": bid.version}, follow=True
    )
    assert "Archived award archived" in archived.text

    totals = as_commissioner.get(_url("funding:totals", partnership)).text
    assert "Live award" in totals
    assert "Archived award" not in totals
    conditions = as_commissioner.get(_url("funding:condition-list", partnership))
    assert "Report quarterly" not in conditions.text
    subgrants = as_commissioner.get(_url("funding:sub-grant-list", partnership))
    assert list(subgrants.context["filter"].qs) == []
    assert partnership.bids.count() == 1
    assert set(Bid.all_objects.filter(partnership=partnership)) == {live, bid}


def test_a_record_pointing_at_an_archived_one_keeps_it_until_changed(
    as_commissioner, commissioner, partnership
):
    funder = OrganisationFactory(kind="funder", name="Archived funder")
    bid = BidFactory(partnership=partnership, funder=funder)
    funder.archived_at = timezone.now()
    funder.save()
    edit = as_commissioner.get(_url("funding:bid-edit", partnership, pk=bid.pk))
    assert "Archived funder" in edit.text  # still its funder
    create = as_commissioner.get(_url("funding:bid-create", partnership))
    assert "Archived funder" not in create.text  # not offered for a new bid


def test_an_archived_brief_keeps_its_number(as_commissioner, partnership):
    brief = BriefFactory(partnership=partnership, number=1)
    archive = _url("cip:record-archive", partnership, brief)
    assert as_commissioner.post(archive, {"version": brief.version}).status_code == 302
    page = as_commissioner.get(_url("briefs:brief-create", partnership))
    assert page.context["form"].initial["number"] == 2
    response = as_commissioner.post(
        _url("briefs:brief-create", partnership), {"number": "1", "title": "Another"}
    )
    assert response.status_code == 200
    assert "already has a brief with this number" in response.text


def _own(organisation, partnership):
    organisation.owner = partnership
    organisation.save()
    return organisation


@pytest.mark.parametrize(
    ("label", "make", "reason"),
    [
        (
            "workpackage",
            lambda p: (
                BusinessCaseFactory(work_package=WorkPackageFactory(partnership=p)).work_package
            ),
            "It has business cases",
        ),
        (
            "meeting",
            lambda p: (
                DecisionFactory(
                    item=AgendaItemFactory(meeting=MeetingFactory(partnership=p))
                ).item.meeting
            ),
            "Decisions were recorded at it",
        ),
        (
            "report",
            lambda p: ReportFactory(partnership=p, status="final"),
            "It is final",
        ),
        (
            "provider",
            lambda p: (
                EpisodeFactory(
                    child=ChildFactory(partnership=p), provider=ProviderFactory(partnership=p)
                ).provider
            ),
            "Children are placed with it now",
        ),
        ("organisation", lambda p: _own(p.council, p), "council or the partner of a partnership"),
        (
            "contract",
            lambda p: ContractFactory(
                work_package=WorkPackageFactory(partnership=p), status="live"
            ),
            "The board approved it",
        ),
    ],
)
def test_a_record_others_depend_on_is_not_archived_and_the_page_says_why(
    partnership, label, make, reason
):
    record = make(partnership)
    needs = [Capability(need) for need in record.archive_needs]
    role = next(r for r in Role.values if any(role_can(r, n) for n in needs))
    client = signed_in(_member(partnership, role))
    url = _url("cip:record-archive", partnership, record)
    assert reason in client.get(url).text
    response = client.post(url, {"version": record.version})
    assert response.status_code == 200
    assert reason in response.text
    record.refresh_from_db()
    assert not record.is_archived


def test_only_an_administrator_deletes_for_good_after_confirming_and_the_history_stays(
    as_admin, administrator, as_commissioner, partnership
):
    brief = BriefFactory(partnership=partnership, title="Brief made by mistake")
    task = TaskFactory(brief=brief)
    url = _url("cip:record-delete", partnership, brief)
    assert as_commissioner.get(url).status_code == 403
    assert as_commissioner.post(url, {"confirm": "on"}).status_code == 403

    page = as_admin.get(url)
    assert "1 brief tasks" in page.text  # what goes with it
    unconfirmed = as_admin.post(url)
    assert unconfirmed.status_code == 200
    assert "Tick the box to confirm" in unconfirmed.text
    assert DesignBrief.all_objects.filter(pk=brief.pk).exists()

    response = as_admin.post(url, {"confirm": "on"})

    history_url = _url("cip:record-history", partnership, brief)
    assert response.url == history_url
    assert not DesignBrief.all_objects.filter(pk=brief.pk).exists()
    assert not BriefTask.objects.filter(pk=task.pk).exists()
    deleted = brief.history.order_by("-history_id")
    assert deleted.first().history_type == "-"
    assert deleted.first().history_user == administrator
    assert deleted.count() == 2  # created, deleted: every version is kept
    assert task.history.order_by("-history_id").first().history_user == administrator
    page = as_admin.get(history_url)
    assert page.status_code == 200
    assert "was deleted for good" in page.text
    assert "Brief made by mistake" in page.text
    assert "Restore version" not in page.text


def test_a_record_still_referred_to_is_not_deleted(as_admin, partnership):
    brief = BriefFactory(partnership=partnership)
    WorkPackageFactory(partnership=partnership, brief=brief)
    url = _url("cip:record-delete", partnership, brief)
    page = as_admin.get(url)
    assert "It cannot be deleted" in page.text
    assert "1 work packages" in page.text
    assert as_admin.post(url, {"confirm": "on"}).status_code == 200
    assert DesignBrief.objects.filter(pk=brief.pk).exists()


def test_the_history_of_a_record_deleted_in_another_partnership_is_a_404(
    as_admin, partnership, other_partnership
):
    brief = BriefFactory(partnership=other_partnership)
    url = _url("cip:record-history", partnership, brief)
    brief.delete()
    assert as_admin.get(url).status_code == 404


def test_the_archive_pages_of_another_partnerships_record_are_404s(
    as_commissioner, partnership, other_partnership
):
    brief = BriefFactory(partnership=other_partnership, archived_at=timezone.now())
    for name in ("cip:record-archived", "cip:record-archive", "cip:record-delete"):
        assert as_commissioner.get(_url(name, partnership, brief)).status_code in (403, 404)
    assert as_commissioner.get(_url("cip:record-archived", partnership, brief)).status_code == 404
    assert as_commissioner.post(_url("cip:record-unarchive", partnership, brief)).status_code == 404


def test_a_kind_that_is_not_archivable_is_a_404(as_commissioner, partnership):
    url = reverse(
        "cip:record-archive",
        kwargs={"slug": partnership.slug, "model": "briefs.brieftask", "pk": 1},
    )
    assert as_commissioner.get(url).status_code == 404


def test_an_archived_meeting_leaves_the_decisions_waiting(as_board, as_chair, partnership):
    meeting = MeetingFactory(partnership=partnership, date=date(2019, 2, 12))
    item = AgendaItemFactory(meeting=meeting, title="A paper")
    archive = _url("cip:record-archive", partnership, meeting)
    assert as_board.post(archive, {"version": meeting.version}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_archived
    decide = reverse("board:decision-create", kwargs={"slug": partnership.slug, "pk": item.pk})
    assert as_chair.get(decide).status_code == 404
