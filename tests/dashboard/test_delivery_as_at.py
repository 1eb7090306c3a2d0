"""Briefs and work packages on the dashboard and in a board pack are counted as their
timelines stood on the paper's date: a brief agreed later, or a work package opened later,
is not on an earlier paper, and a stage or RAG status set later does not show."""

from datetime import date

import pytest

from briefs.models import DesignBrief
from dashboard.selectors import dashboard_figures, headline_rows
from tests.briefs.factories import BriefEventFactory, BriefFactory
from tests.workpackages.factories import EventFactory, WorkPackageFactory
from workpackages.models import WorkPackage, WorkPackageEvent

Brief = DesignBrief.Status
Stage, Rag, Kind = WorkPackage.Stage, WorkPackage.Rag, WorkPackageEvent.Kind


@pytest.fixture
def timelines(partnership):
    # Brief 1: drafted March 2019, agreed June 2019, in design from January 2020.
    first = BriefFactory(partnership=partnership, status=Brief.IN_DESIGN)
    BriefEventFactory(brief=first, date=date(2019, 3, 1), to_status=Brief.DRAFT)
    BriefEventFactory(brief=first, date=date(2019, 6, 1), to_status=Brief.AGREED)
    BriefEventFactory(brief=first, date=date(2019, 7, 1), to_status="", description="A note")
    BriefEventFactory(brief=first, date=date(2020, 1, 1), to_status=Brief.IN_DESIGN)
    # Brief 2: drafted in 2022, so on no paper before then.
    second = BriefFactory(partnership=partnership, status=Brief.DRAFT)
    BriefEventFactory(brief=second, date=date(2022, 2, 1), to_status=Brief.DRAFT)
    # A package in design (no step recorded for its opening) that went live in December
    # 2020 and was rated amber in March 2021.
    live = WorkPackageFactory(partnership=partnership, brief=first, stage=Stage.DELIVERY)
    live.rag, live.rag_set_on = Rag.AMBER, date(2021, 3, 9)
    live.save()
    EventFactory(
        work_package=live, date=date(2020, 12, 1), from_value="design", to_value="delivery"
    )
    EventFactory(work_package=live, kind=Kind.RAG, date=date(2021, 3, 9), to_value="amber")
    # A package opened in design in 2023.
    later = WorkPackageFactory(partnership=partnership, brief=first, stage=Stage.DESIGN)
    EventFactory(work_package=later, date=date(2023, 5, 1), from_value="", to_value="design")


def _delivery(partnership, day):
    figures = dashboard_figures(partnership, as_at=day, financial_year="2020/21")
    briefs = {link.label: link.value for link in figures.delivery.briefs if link.value}
    cells = {
        cell.label: cell.value for _, row in figures.delivery.grid for cell in row if cell.value
    }
    return figures, briefs, cells


@pytest.mark.django_db
def test_each_paper_counts_briefs_and_work_packages_as_their_timelines_stood(
    partnership, timelines
):
    _, briefs, cells = _delivery(partnership, date(2019, 2, 1))
    assert briefs == {} and cells == {"Design, Not set": 1}

    _, briefs, cells = _delivery(partnership, date(2019, 8, 1))
    assert briefs == {"Agreed": 1} and cells == {"Design, Not set": 1}

    _, briefs, cells = _delivery(partnership, date(2021, 1, 31))
    assert briefs == {"In design": 1} and cells == {"Delivery, Not set": 1}

    figures, briefs, cells = _delivery(partnership, date(2021, 3, 31))
    assert briefs == {"In design": 1} and cells == {"Delivery, Amber": 1}
    rows = {name: value for name, value, _ in headline_rows(figures)}
    assert rows["Design briefs"] == "1: 1 in design"
    assert rows["Work packages"].startswith("1: ")

    _, briefs, cells = _delivery(partnership, date(2023, 6, 1))
    assert briefs == {"In design": 1, "Draft": 1}
    assert cells == {"Delivery, Amber": 1, "Design, Not set": 1}
