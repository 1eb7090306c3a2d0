"""One test per write path of design briefs: the brief, its lifecycle, its parts."""

import pytest
from django.urls import reverse

from briefs.models import (
    BriefTask,
    DesignBrief,
    DesignTeamMember,
    DocumentLink,
    PriorityArea,
    ResearchItem,
)
from tests.briefs.factories import (
    BriefFactory,
    DocumentFactory,
    MemberFactory,
    PriorityAreaFactory,
    ResearchFactory,
    TaskFactory,
)
from tests.cip.factories import OrganisationFactory
from tests.history.writes import assert_written, post_form, writes

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(f"briefs:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def brief(partnership):
    return BriefFactory(partnership=partnership)


@writes("briefs:brief-create", "briefs.services.brief_create")
def test_drafting_a_brief(as_commissioner, commissioner, partnership):
    area = PriorityAreaFactory(partnership=partnership)
    post_form(
        as_commissioner,
        _url("brief-create", partnership),
        title="Residential Design Brief",
        priority_area=str(area.pk),
        purpose="Why are young people placed out of county?",
    )
    brief = DesignBrief.objects.get(partnership=partnership)
    assert_written(brief, "+", commissioner)
    assert_written(brief.events.get(), "+", commissioner)


@writes("briefs:brief-edit")
def test_editing_a_brief(as_commissioner, commissioner, partnership, brief):
    post_form(as_commissioner, _url("brief-edit", partnership, pk=brief.pk), findings="Found.")
    assert_written(brief, "~", commissioner, {"findings"})


@writes("briefs:brief-move", "briefs.services.brief_move")
def test_moving_a_brief_on(as_commissioner, commissioner, partnership):
    brief = BriefFactory(partnership=partnership, status=DesignBrief.Status.AGREED)
    for organisation in (partnership.council, partnership.partner):
        MemberFactory(brief=brief, organisation=organisation, is_lead=True)
    post_form(
        as_commissioner,
        _url("brief-move", partnership, pk=brief.pk),
        target="in_design",
        on="2019-04-01",
    )
    assert_written(brief, "~", commissioner, {"status"})
    assert_written(brief.events.get(), "+", commissioner)


@writes("briefs:priority-area-create")
def test_adding_a_priority_area(as_admin, administrator, partnership):
    post_form(as_admin, _url("priority-area-create", partnership), name="Stability", order="1")
    assert_written(PriorityArea.objects.get(partnership=partnership), "+", administrator)


@writes("briefs:priority-area-edit")
def test_editing_a_priority_area(as_admin, administrator, partnership):
    area = PriorityAreaFactory(partnership=partnership)
    post_form(as_admin, _url("priority-area-edit", partnership, pk=area.pk), name="Sufficiency")
    assert_written(area, "~", administrator, {"name"})


# The parts of a brief, each added, edited and removed on its own small form.


@writes("briefs:task-create")
def test_adding_a_task(as_commissioner, commissioner, partnership, brief):
    post_form(
        as_commissioner,
        _url("task-create", partnership, pk=brief.pk),
        description="Analyse the data",
    )
    assert_written(BriefTask.objects.get(brief=brief), "+", commissioner)


@writes("briefs:task-edit")
def test_editing_a_task(as_commissioner, commissioner, partnership, brief):
    task = TaskFactory(brief=brief)
    post_form(as_commissioner, _url("task-edit", partnership, pk=task.pk), done="on")
    assert_written(task, "~", commissioner, {"done"})


@writes("briefs:task-delete")
def test_removing_a_task(as_commissioner, commissioner, partnership, brief):
    task = TaskFactory(brief=brief)
    post_form(as_commissioner, _url("task-delete", partnership, pk=task.pk))
    assert_written(task, "-", commissioner)


@writes("briefs:member-create")
def test_adding_a_team_member(as_commissioner, commissioner, partnership, brief):
    post_form(
        as_commissioner,
        _url("member-create", partnership, pk=brief.pk),
        name="A practitioner",
        organisation=str(OrganisationFactory().pk),
        expertise="Residential care",
    )
    assert_written(DesignTeamMember.objects.get(brief=brief), "+", commissioner)


@writes("briefs:member-edit")
def test_editing_a_team_member(as_commissioner, commissioner, partnership, brief):
    member = MemberFactory(brief=brief)
    post_form(as_commissioner, _url("member-edit", partnership, pk=member.pk), is_lead="on")
    assert_written(member, "~", commissioner, {"is_lead"})


@writes("briefs:member-delete")
def test_removing_a_team_member(as_commissioner, commissioner, partnership, brief):
    member = MemberFactory(brief=brief)
    post_form(as_commissioner, _url("member-delete", partnership, pk=member.pk))
    assert_written(member, "-", commissioner)


@writes("briefs:research-create")
def test_adding_a_research_item(as_commissioner, commissioner, partnership, brief):
    post_form(as_commissioner, _url("research-create", partnership, pk=brief.pk), title="A study")
    assert_written(ResearchItem.objects.get(brief=brief), "+", commissioner)


@writes("briefs:research-edit")
def test_editing_a_research_item(as_commissioner, commissioner, partnership, brief):
    item = ResearchFactory(brief=brief)
    post_form(as_commissioner, _url("research-edit", partnership, pk=item.pk), title="Renamed")
    assert_written(item, "~", commissioner, {"title"})


@writes("briefs:research-delete")
def test_removing_a_research_item(as_commissioner, commissioner, partnership, brief):
    item = ResearchFactory(brief=brief)
    post_form(as_commissioner, _url("research-delete", partnership, pk=item.pk))
    assert_written(item, "-", commissioner)


@writes("briefs:document-create")
def test_linking_a_document(as_commissioner, commissioner, partnership, brief):
    post_form(
        as_commissioner,
        _url("document-create", partnership, pk=brief.pk),
        title="Scrutiny report",
        url="https://example.org/report.pdf",
    )
    assert_written(DocumentLink.objects.get(brief=brief), "+", commissioner)


@writes("briefs:document-edit")
def test_editing_a_document_link(as_commissioner, commissioner, partnership, brief):
    document = DocumentFactory(brief=brief)
    post_form(as_commissioner, _url("document-edit", partnership, pk=document.pk), title="New")
    assert_written(document, "~", commissioner, {"title"})


@writes("briefs:document-delete")
def test_removing_a_document_link(as_commissioner, commissioner, partnership, brief):
    document = DocumentFactory(brief=brief)
    post_form(as_commissioner, _url("document-delete", partnership, pk=document.pk))
    assert_written(document, "-", commissioner)
