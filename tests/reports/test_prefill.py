from dataclasses import dataclass
from decimal import Decimal

from cip.reports import prefill
from tests.board.factories import RiskFactory
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


def test_the_business_case_hook_reads_a_cases_computed_summary():
    @dataclass
    class Payback:
        years: Decimal

        def __str__(self):
            return f"{self.years} years"

    @dataclass
    class Summary:
        gross_investment: Decimal
        annual_net_saving: Decimal
        gross_payback: Payback | None
        net_payback: Payback | None

    class Case:
        def summary(self):
            return Summary(Decimal(869000), Decimal(247000), Payback(Decimal("3.5")), Payback(1))

    figures = prefill._case_figures(Case())
    assert figures["capital"] == Decimal(869000)
    assert figures["payback"] == "1 years net of the retained asset; 3.5 years gross"


def test_a_case_with_no_saving_shows_no_payback_rather_than_an_error():
    class Case:
        def summary(self):
            class S:
                gross_investment = Decimal(1)
                annual_net_saving = Decimal(0)
                gross_payback = None
                net_payback = None

            return S()

    assert prefill._case_figures(Case())["payback"] == "no payback"


def test_the_business_case_model_is_found_by_lookup_when_it_exists():
    model = prefill.business_case_model()
    assert model is None or model._meta.label == "workpackages.BusinessCase"


def test_the_risk_appendix_lists_open_risks_highest_score_first(partnership):
    RiskFactory(partnership=partnership, title="Low", likelihood=1, impact=2)
    RiskFactory(partnership=partnership, title="Award", likelihood=4, impact=5)
    RiskFactory(partnership=partnership, title="Closed", likelihood=5, impact=5, status="closed")
    appendix = prefill.appendix_risks(partnership)
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
