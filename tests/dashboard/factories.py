"""A partnership with something in every part of the dashboard, at any size."""

from datetime import date, timedelta
from decimal import Decimal

from board.models import Risk
from cip.models import ContractYear
from funding.models import Bid
from tests.board.factories import ActionFactory, AgendaItemFactory, MeetingFactory, RiskFactory
from tests.briefs.factories import BriefFactory
from tests.cip.factories import AgreementFactory, ContractYearFactory
from tests.funding.factories import AwardFactory, BidFactory
from tests.placements.factories import ChildFactory, EpisodeFactory, SettingsFactory
from tests.workpackages.factories import HomeFactory, WorkPackageFactory
from workpackages.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    WorkPackage,
)

# Placement types in turn: in-house fostering, IFA, external residential, in-house residential,
# supported accommodation, family and friends.
PLACEMENTS = [
    ("U4", "PR1", Decimal("450")),
    ("U4", "PR4", Decimal("900")),
    ("K2", "PR4", Decimal("3500")),
    ("K2", "PR1", Decimal("2800")),
    ("H5", "PR4", Decimal("1100")),
    ("U1", "PR1", Decimal("280")),
]


def approved_case(work_package, *, purchase, do_nothing, new_model, start_year=2019, **extra):
    case = BusinessCase.objects.create(
        work_package=work_package,
        title=f"Business case for {work_package.title}",
        status=BusinessCase.Status.APPROVED,
        decided_on=date(start_year, 3, 1),
        start_year=start_year,
        **extra,
    )
    CapitalLine.objects.create(
        business_case=case, kind=CapitalLine.Kind.PURCHASE, description="Purchase", amount=purchase
    )
    AnnualCostLine.objects.create(
        business_case=case,
        side=AnnualCostLine.Side.DO_NOTHING,
        description="Commissioned placements",
        amount=do_nothing,
    )
    AnnualCostLine.objects.create(
        business_case=case,
        side=AnnualCostLine.Side.NEW_MODEL,
        description="Running costs",
        amount=new_model,
    )
    return case


def build(partnership, *, episodes: int, today: date, extra: int = 0) -> None:
    """Agreement and contract years, placements (`episodes` of them, one child each, spread
    over the placement types and the last two years), bids, work packages and business cases,
    briefs, risks, actions and agenda items; `extra` more of each of the last kinds."""
    AgreementFactory(partnership=partnership)
    for number in (1, 2, 3):
        ContractYearFactory(
            partnership=partnership,
            number=number,
            start_date=date(2017 + number, 12, 1),
            end_date=date(2018 + number, 11, 30),
            status=ContractYear.Status.CONTINUED,
        )
    SettingsFactory(
        partnership=partnership,
        statistical_neighbours_rate=Decimal("51.0"),
        region_rate=Decimal("55.0"),
        england_rate=Decimal("62.0"),
    )

    package = WorkPackageFactory(
        partnership=partnership,
        title="Property 1",
        stage=WorkPackage.Stage.DELIVERY,
        rag=WorkPackage.Rag.AMBER,
        rag_set_on=date(2021, 1, 1),
    )
    WorkPackageFactory(partnership=partnership, title="Property 2")
    WorkPackageFactory(
        partnership=partnership,
        title="Family group conferencing",
        stage=WorkPackage.Stage.DELIVERY,
        rag=WorkPackage.Rag.GREEN,
        rag_set_on=date(2021, 1, 1),
    )
    approved_case(
        package,
        purchase=Decimal("431000"),
        do_nothing=Decimal("182000"),
        new_model=Decimal("100000"),
        payback_target_years=Decimal(5),
    )
    RealisedSaving.objects.create(
        work_package=package, financial_year=2019, amount=Decimal("60000"), evidence="Ledger"
    )
    # Its CIP home, with nobody placed in it (the log's figures stay as they are).
    HomeFactory(work_package=package, name="Home 1", urn="SC100001", places=3)
    RealisedSaving.objects.create(
        work_package=package, financial_year=2020, amount=Decimal("90000"), evidence="Ledger"
    )

    for index in range(episodes):
        place, provider, cost = PLACEMENTS[index % len(PLACEMENTS)]
        child = ChildFactory(partnership=partnership, birth_year=2006 + index % 10)
        start = today - timedelta(days=30 + (index * 53) % 700)
        EpisodeFactory(
            child=child,
            decom=start,
            dec=None if index % 4 else start + timedelta(days=60),
            place=place,
            place_provider=provider,
            weekly_cost=cost,
            purchase_route="in_house" if provider == "PR1" else "framework",
            in_county=index % 3 != 0,
            pl_post="LE1 1" if index % 3 else "NG1 1",
            work_package=package if index % 25 == 0 else None,
        )

    AwardFactory(
        partnership=partnership,
        submitted_on=date(2019, 3, 1),
        decided_on=date(2019, 4, 30),
        amount_awarded=798000,
    )
    AwardFactory(partnership=partnership, decided_on=date(2020, 7, 31))
    BidFactory(partnership=partnership, stage=Bid.Stage.DRAFTING, eligibility_note="Open")
    BidFactory(
        partnership=partnership,
        stage=Bid.Stage.PROSPECT,
        amount_requested=Decimal("250000"),
        probability=70,
    )

    BriefFactory(partnership=partnership)
    BriefFactory(partnership=partnership)
    BriefFactory(partnership=partnership, status="agreed")

    RiskFactory(partnership=partnership, likelihood=4, impact=4)
    RiskFactory(partnership=partnership, likelihood=2, impact=2)
    RiskFactory(
        partnership=partnership,
        likelihood=5,
        impact=5,
        status=Risk.Status.CLOSED,
        closed_on=date(2020, 12, 8),
    )
    ActionFactory(partnership=partnership, due_date=today - timedelta(days=10))
    ActionFactory(partnership=partnership, due_date=today + timedelta(days=10))
    ActionFactory(partnership=partnership, due_date=today - timedelta(days=40), status="done")

    meeting = MeetingFactory(partnership=partnership, date=today + timedelta(days=14))
    AgendaItemFactory(meeting=meeting, title="Approve the Property 2 business case")
    AgendaItemFactory(meeting=meeting, title="Note the risk register", purpose="noting")

    for index in range(extra):
        more = WorkPackageFactory(partnership=partnership, title=f"Extra package {index}")
        approved_case(
            more,
            purchase=Decimal("100000"),
            do_nothing=Decimal("50000"),
            new_model=Decimal("20000"),
            start_year=2020,
        )
        RealisedSaving.objects.create(
            work_package=more, financial_year=2020, amount=Decimal("25000"), evidence="Ledger"
        )
        HomeFactory(work_package=more, name=f"Extra home {index}", urn=f"SC7{index:05d}")
        BidFactory(partnership=partnership, probability=10 + index)
        AwardFactory(partnership=partnership, decided_on=date(2020, 7, 31))
        RiskFactory(partnership=partnership, likelihood=1 + index % 5, impact=1 + index % 3)
        ActionFactory(partnership=partnership, due_date=today - timedelta(days=index + 1))
        AgendaItemFactory(meeting=meeting, title=f"Extra decision {index}")
