from datetime import date
from decimal import Decimal

from reports import prefill
from tests.board.factories import RiskFactory
from tests.dashboard.factories import approved_case
from tests.funding.factories import AwardFactory, BidFactory
from tests.reports.factories import report_with_sections
from tests.workpackages.factories import ContractFactory, WorkPackageFactory


def test_achievements_list_each_award_and_the_total_as_the_council_writes_them(partnership):
    AwardFactory(
        partnership=partnership, title="Holiday Activities and Food", amount_awarded=798000
    )
    AwardFactory(partnership=partnership, title="Advanced LifeSkills", amount_awarded=486165)
    BidFactory(partnership=partnership, title="Still a prospect")
    report = report_with_sections(partnership, prefill_sections=False)
    text = prefill.achievements(report)
    assert text.startswith("£1.3m has been achieved through bids")
    # in the order decided, then by title (both factories decide on the same day)
    assert "(a) Advanced LifeSkills: £486,165 from" in text
    assert "(b) Holiday Activities and Food: £798,000 from" in text
    assert "Still a prospect" not in text


def test_resource_implications_fall_back_to_work_packages_without_approved_cases(partnership):
    package = WorkPackageFactory(partnership=partnership, title="Assessment & Resource Team")
    ContractFactory(work_package=package, value=Decimal("1100000"))
    report = report_with_sections(partnership, prefill_sections=False)
    assert "(a) Assessment & Resource Team (design): £1.1m." in prefill.resource_implications(
        report
    )


def test_the_risk_appendix_lists_open_risks_highest_score_first(partnership):
    RiskFactory(partnership=partnership, title="Low", likelihood=1, impact=2)
    RiskFactory(partnership=partnership, title="Award", likelihood=4, impact=5)
    RiskFactory(partnership=partnership, title="Closed", likelihood=5, impact=5, status="closed")
    appendix = prefill.appendix_risks(partnership, date.today())
    rows = appendix["tables"][0]["rows"]
    assert [row[0] for row in rows] == ["Award", "Low"]
    assert rows[0][4] == "20 (Red)"


def test_the_list_of_appendices_counts_the_officers_own_first(partnership):
    report = report_with_sections(
        partnership, prefill_sections=False, include_risks=True, include_placements=False
    )
    appendices = report.sections.get(key="appendices")
    appendices.text = "## Appendix 1 - Detailed descriptions\n\nText."
    appendices.save()
    assert prefill.appendix_list(report).splitlines() == [
        "Appendix 1: Detailed descriptions",
        "Appendix 2: Business case summaries",
        "Appendix 3: Funding awards",
        "Appendix 4: Risk register",
    ]


def test_a_report_shows_no_record_dated_after_its_meeting(partnership):
    """The 9 March 2021 report: an award decided and a case approved after it, and a risk
    opened after it, are not in its prefills or appendices; what was there by then is."""
    AwardFactory(partnership=partnership, title="Early award", decided_on=date(2020, 5, 1))
    AwardFactory(partnership=partnership, title="Award of 2027", decided_on=date(2027, 5, 1))
    early = WorkPackageFactory(partnership=partnership, title="Property 1")
    approved_case(
        early, purchase=Decimal(431000), do_nothing=Decimal(182000), new_model=Decimal(100000)
    )  # decided 1 March 2019
    late = WorkPackageFactory(partnership=partnership, title="Property 9")
    approved_case(
        late,
        purchase=Decimal(500000),
        do_nothing=Decimal(200000),
        new_model=Decimal(100000),
        start_year=2025,
    )  # decided 1 March 2025
    report = report_with_sections(partnership, prefill_sections=False)
    assert report.meeting_date == date(2021, 3, 9)

    text = prefill.achievements(report) + prefill.resource_implications(report)
    assert "Early award" in text and "Award of 2027" not in text
    assert (
        "Property 1: investment £431k; annual saving £82k; payback 5 years 3 months (gross)" in text
    )
    assert "Property 9" not in text

    funding = prefill.appendix_funding(partnership, prefill.as_at(report))
    titles = [row[0] for row in funding["tables"][0]["rows"]]
    assert titles == ["Early award", "Total secured"]
    cases = prefill.appendix_business_cases(partnership, prefill.as_at(report))
    rows = cases["tables"][0]["rows"]
    assert [row[0] for row in rows] == ["Property 1"]
    # 5 years 3 months from 1 April 2019: forecast for July 2024, not yet past on 9 March 2021
    assert rows[0][3:] == ["5 years 3 months (gross)", "Forecast July 2024"]


def test_the_placement_appendix_is_as_at_the_report_not_the_latest_data(partnership):
    from tests.placements.factories import ChildFactory, EpisodeFactory

    child = ChildFactory(partnership=partnership, birth_year=2010)
    EpisodeFactory(child=child, decom=date(2019, 6, 1), dec=None)
    later = ChildFactory(partnership=partnership, birth_year=2012)
    EpisodeFactory(child=later, decom=date(2022, 6, 1), dec=None)
    appendix = prefill.appendix_placements(partnership, date(2021, 3, 9))
    assert appendix["title"] == "Placement measures, 2020/21 to 9 March 2021"
    rows = dict(appendix["tables"][0]["rows"])
    assert rows["Children looked after at 9 March 2021"] == "1"
    trend = appendix["charts"][0]
    assert trend["labels"][-1] == "2020"  # the last 31 March before the report
