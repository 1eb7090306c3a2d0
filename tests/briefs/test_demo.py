import pytest

from briefs.models import BriefEvent, DesignBrief, DesignTeamMember, PriorityArea
from devkit.demo import briefs as demo

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (PriorityArea, DesignBrief, DesignTeamMember, BriefEvent)]


def test_the_demo_holds_the_residential_brief_with_its_five_tasks_and_two_agreed_briefs(
    partnership,
):
    demo.load(partnership)
    residential = partnership.design_briefs.get(number=1)
    assert residential.title == "Residential Design Brief"
    assert residential.priority_area.name == "Stability and sufficient placements"
    tasks = list(residential.tasks.values_list("description", flat=True))
    assert len(tasks) == 5
    assert tasks[0].startswith("Further analysis of current residential data")
    assert tasks[-1] == "Identify creative solutions to respond to those gaps"
    assert residential.research.get().commissioned_by == partnership.partner
    assert {m.organisation for m in residential.members.filter(is_lead=True)} == {
        partnership.council,
        partnership.partner,
    }
    assert list(
        partnership.design_briefs.filter(number__in=[2, 3]).values_list("status", flat=True)
    ) == [
        "agreed",
        "agreed",
    ]


def test_loading_the_brief_demo_twice_changes_nothing(partnership):
    demo.load(partnership)
    first = _counts()
    demo.load(partnership)
    assert _counts() == first


def test_every_brief_has_a_real_title_and_a_priority_area(partnership):
    demo.load(partnership)
    briefs = dict(partnership.design_briefs.values_list("number", "title"))
    assert briefs == {
        1: "Residential Design Brief",
        2: "Family support at the edge of care",
        3: "Early help and prevention for young people",
    }
    areas = dict(partnership.design_briefs.values_list("number", "priority_area__order"))
    assert areas == {1: 1, 2: 2, 3: 3}
