"""Demonstration business cases: Properties 1-4 of the Scrutiny report of 9 March 2021,
paragraph 14, with their inputs as the report gives them (called by `load_demo` after
devkit.demo.workpackages.load, which creates the work packages; idempotent).

Where the report gives a total but not its parts, the part is entered so the total comes out:
Property 1's avoided social worker, IRO and QA time and travel is £82k less the £28,548 of
placement savings (£183 x 3 x 52); Property 3's capital before its 10% contingency and 4.5%
inflation is £549k / 1.1 / 1.045. Property 4 gives no saving, so no payback is computed, and
the page shows that beside the report's "within five years". The realised savings are
illustrative (the seeds give none) and say so in their evidence.

Each case with a CIP home has the counterfactual weekly cost per placement its realised savings
from the placement log are read against: Property 1 the external residential average for
under-16s (£2,900, the log's), Property 2 its home's £3,953 plus the £1,164 saving (£5,117, the
16+ external average), Property 3 the £480k of commissioning over 3 places x 52 weeks.
"""

from decimal import Decimal as D

from workpackages.business_cases.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    StatedFigure,
)
from workpackages.models import WorkPackage

SOURCE = "Scrutiny report, 9 March 2021, paragraph 14"
Figure = StatedFigure.Figure
Qualifier = StatedFigure.Qualifier
Status = BusinessCase.Status
DO_NOTHING, NEW_MODEL = AnnualCostLine.Side.DO_NOTHING, AnnualCostLine.Side.NEW_MODEL

STRATEGIC = (
    "The Care Placement Strategy's priority of stability and sufficient placements: fewer than "
    "half of the council's children in residential care are placed inside the county. The "
    "Residential Design Brief found a need for local residential provision that the council "
    "owns and Barnardo's runs."
)
COMMERCIAL = (
    "The council buys (or transfers) and keeps the property; Barnardo's provides the care under "
    "a tier-2 delivery contract of the Children's Innovation Partnership."
)
MANAGEMENT = (
    "Delivered by the residential design team and monitored by the CIP Board monthly; savings "
    "are tracked against commissioned placement costs."
)
DO_NOTHING_TEXT = (
    "Continue to commission external residential placements, mostly out of county, with the "
    "social worker, Independent Reviewing Officer and Quality Assurance time and travel they "
    "bring."
)

CASES = [
    {
        "title": "Property 1: residential care for under-16s",
        "case": {
            "retained_value": D(365000),
            "placements": 3,
            "weekly_saving": D(183),
            "occupancy_pct": D(100),
            "counterfactual_weekly_cost": D(2900),
            "payback_target_years": D(5),
            "economic_case": "Three placements for children up to 16. The difference between "
            "Barnardo's providing the care and the current average cost for these young people "
            "is £183 per person per week.",
            "financial_case": "£431k: up to £365k for the property, £11k fees and about £55k "
            "for redecoration and modifications including a sprinkler system (significantly "
            "less if a domestic mist system can be used). No capital appreciation; the property "
            "is assumed resaleable at its current market value of £365k.",
        },
        "status": Status.APPROVED,
        "capital": [
            ("purchase", "Purchase of the property", D(365000)),
            ("fees", "Fees", D(11000)),
            ("works", "Redecoration and modifications, including a sprinkler system", D(55000)),
        ],
        "costs": [
            (
                DO_NOTHING,
                "Avoided social worker, IRO and QA time and out-of-county travel",
                D(53452),
            ),
        ],
        "stated": [
            (Figure.CAPITAL_TOTAL, Qualifier.EXACT, D(431000), "£431k"),
            (Figure.ANNUAL_NET_SAVING, Qualifier.EXACT, D(82000), "£82k per annum"),
            (Figure.GROSS_PAYBACK, Qualifier.EXACT, D(5), "a payback of five years"),
        ],
        "savings": [
            (2021, 4, D(15000)),
            (2022, None, D(76000)),
        ],
    },
    {
        "title": "Property 2: residential care for 16 and over",
        "case": {
            "retained_value": D(385000),
            "placements": 3,
            "weekly_saving": D(1164),
            "occupancy_pct": D(75),
            "counterfactual_weekly_cost": D(5117),
            "payback_target_years": D("2.5"),
            "economic_case": "Three 16+ placements. The 16+ cohort averages £5,117 a week per "
            "person (£5,985 for those about to turn 16); providing the property with Barnardo's "
            "care saves £1,164 per person per week.",
            "financial_case": "£437k: up to £385k for the property, £12k fees and about £40k for "
            "fire safety works. Running costs and maintenance are in the costing.",
        },
        "status": Status.APPROVED,
        "capital": [
            ("purchase", "Purchase of the property", D(385000)),
            ("fees", "Fees", D(12000)),
            ("works", "Fire safety works", D(40000)),
        ],
        "costs": [
            (DO_NOTHING, "Avoided travel time and expenses", D(52000)),
        ],
        "stated": [
            (Figure.CAPITAL_TOTAL, Qualifier.EXACT, D(437000), "£437k"),
            (Figure.ANNUAL_NET_SAVING, Qualifier.EXACT, D(188000), "£188k per annum"),
            (Figure.GROSS_PAYBACK, Qualifier.WITHIN, D("2.5"), "a payback within 2.5 years"),
        ],
        "savings": [
            (2021, 4, D(40000)),
            (2022, None, D(171000)),
        ],
    },
    {
        "title": "Property 3: family residential centre",
        "case": {
            "contingency_pct": D(10),
            "inflation_pct": D("4.5"),
            "asset_transfer": D(320000),
            "retained_value": D(600000),
            "counterfactual_weekly_cost": D("3076.92"),  # £480,000 / (3 x 52)
            "payback_target_years": D(2),
            "payback_target_net": True,
            "economic_case": "Parent and child residential assessment. Doing nothing costs "
            "£543k a year: £480k to commission the equivalent service and £63k of social "
            "worker and IRO time and travel. The new service costs £296k a year.",
            "financial_case": "£549k of capital including major refurbishment, fees, 10% "
            "contingency and 4.5% inflation, plus the £320k internal asset transfer value of a "
            "property the council owns: £869k. The retained value of about £600k reduces the "
            "net investment to £269k (the report states £369k).",
        },
        "status": Status.APPROVED,
        "capital": [
            (
                "other",
                "Major refurbishment and fees, before contingency and inflation",
                D("477618.66"),
            ),
        ],
        "costs": [
            (DO_NOTHING, "Commissioning the equivalent service", D(480000)),
            (DO_NOTHING, "Social worker and IRO time and travel", D(63000)),
            (NEW_MODEL, "Service (Barnardo's block contract), running and maintenance", D(296000)),
        ],
        "stated": [
            (Figure.CAPITAL_TOTAL, Qualifier.EXACT, D(549000), "£549k"),
            (Figure.GROSS_INVESTMENT, Qualifier.EXACT, D(869000), "total investment cost £869k"),
            (Figure.NET_INVESTMENT, Qualifier.EXACT, D(369000), "net investment to £369k"),
            (Figure.ANNUAL_NET_SAVING, Qualifier.EXACT, D(247000), "£247k pa"),
            (Figure.NET_PAYBACK, Qualifier.WITHIN, D(2), "a payback within two years"),
            (Figure.GROSS_PAYBACK, Qualifier.WITHIN, D(4), "four years based on the gross"),
        ],
        "savings": [],
    },
    {
        "title": "Property 4: assessment residential unit",
        "case": {
            "payback_target_years": D(5),
            "economic_case": "Three short-term placements for comprehensive assessment. The "
            "report states no annual saving.",
            "financial_case": "In the region of £1.1m including the property, based on "
            "Barnardo's detailed resource costs. The council keeps the land and buildings.",
        },
        "status": Status.SUBMITTED,
        "capital": [
            ("other", "Property and service costs (in the region of)", D(1100000)),
        ],
        "costs": [],
        "stated": [
            (Figure.CAPITAL_TOTAL, Qualifier.ABOUT, D(1100000), "in the region of £1.1m"),
            (Figure.GROSS_PAYBACK, Qualifier.WITHIN, D(5), "a payback within five years"),
        ],
        "savings": [],
    },
]


def load(partnership) -> None:
    for spec in CASES:
        work_package = WorkPackage.all_objects.filter(
            partnership=partnership, title=spec["title"]
        ).first()
        if work_package is None:
            continue  # the work packages' own demo did not create it
        case, created = BusinessCase.objects.get_or_create(
            work_package=work_package,
            number=1,
            defaults={
                "title": f"{spec['title']}: business case",
                "status": Status.DRAFT,
                "start_year": 2021,
                "appraisal_years": 10,
                "strategic_case": STRATEGIC,
                "commercial_case": COMMERCIAL,
                "management_case": MANAGEMENT,
                "do_nothing_option": DO_NOTHING_TEXT,
                "submitted_on": None,
                **spec["case"],
            },
        )
        if created:
            for kind, description, amount in spec["capital"]:
                CapitalLine.objects.create(
                    business_case=case, kind=kind, description=description, amount=amount
                )
            for side, description, amount in spec["costs"]:
                AnnualCostLine.objects.create(
                    business_case=case, side=side, description=description, amount=amount
                )
            for figure, qualifier, value, wording in spec["stated"]:
                StatedFigure.objects.create(
                    business_case=case,
                    figure=figure,
                    qualifier=qualifier,
                    value=value,
                    wording=wording,
                    source=SOURCE,
                )
            # Entered as history: the lines first (a frozen case refuses them), then the status.
            case.status = spec["status"]
            case.save()
        for year, quarter, amount in spec["savings"]:
            RealisedSaving.objects.get_or_create(
                work_package=work_package,
                financial_year=year,
                quarter=quarter,
                defaults={
                    "amount": amount,
                    "evidence": "Illustrative figure for the demonstration (the seed documents "
                    "give no realised savings): placement costs avoided, from the finance "
                    "ledger.",
                },
            )
