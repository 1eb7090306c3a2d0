"""Realistic synthetic data at any scale (`manage.py generate_data`), deterministic by seed.

Each partnership is a council and its charity partner with a collaboration agreement and its
contract years, a monthly CIP Board (meetings, agenda items, actions, risks), work packages
with business cases (capital and annual cost lines, realised savings), grant bids at every
stage, and a placement log (`devkit.synthetic_placements`: providers, pseudonymous children and
SSDA903 episodes). Episodes are shared out as councils' sizes are (the first partnership, a
regional group, has the most: shares 1, 1/2, 1/3, ...).

Every row goes through `cip.bulk.insert_with_history`, so each one has its '+' history row,
and rows are streamed in batches (COPY on PostgreSQL), so memory stays flat at any size.
Names and identifiers carry the seed (`synthetic-<seed>-<n>`), so two seeds can share a
database; the same seed twice is refused.
"""

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from board.models import Action, AgendaItem, Meeting, Risk
from cip import periods
from cip.bulk import batches, insert_with_history, refresh_statistics
from cip.models import CollaborationAgreement, ContractYear, Organisation, Partnership
from devkit import synthetic_placements as placements
from funding.models import Bid
from placements.models import Child, Episode, PlacementSettings, Provider
from workpackages.models import (
    AnnualCostLine,
    BusinessCase,
    CapitalLine,
    RealisedSaving,
    WorkPackage,
)

DATA_END = placements.DATA_END
CHILDREN_PER_BATCH = 3000

# (county, the districts of its postcode area that count as in the county)
COUNTIES = [
    ("Leicestershire", "LE6 LE7 LE8 LE9 LE10 LE11 LE12 LE13 LE14 LE16 LE17 LE18 LE65 LE67"),
    ("Derbyshire", "DE4 DE6 DE7 DE11 DE12 DE45 DE55 DE56 DE65 DE72 DE73 DE75 S18 S40 S41"),
    ("Nottinghamshire", "NG4 NG9 NG10 NG11 NG12 NG14 NG15 NG16 NG17 NG19 NG20 NG21 NG22 S80"),
    ("Lincolnshire", "LN1 LN4 LN5 LN6 LN9 LN11 LN12 NG31 NG34 PE10 PE11 PE12 PE20 PE25"),
    ("Northamptonshire", "NN2 NN3 NN4 NN5 NN6 NN7 NN8 NN9 NN10 NN11 NN12 NN13 NN14 NN15"),
    ("Warwickshire", "CV7 CV8 CV9 CV10 CV11 CV12 CV21 CV22 CV23 CV31 CV32 CV34 CV35 CV37"),
    ("Staffordshire", "ST3 ST5 ST7 ST8 ST10 ST11 ST13 ST15 ST16 ST17 ST18 WS11 WS13 DE13"),
    ("Worcestershire", "WR1 WR2 WR3 WR4 WR6 WR8 WR9 WR10 WR11 WR14 B60 B61 B97 DY10 DY11"),
    ("Shropshire", "SY1 SY2 SY4 SY5 SY6 SY7 SY8 SY11 SY12 SY13 TF9 WV15 WV16"),
    ("Cambridgeshire", "CB1 CB4 CB6 CB7 CB21 CB22 CB23 CB24 PE13 PE15 PE16 PE19 PE27 PE28"),
    ("Norfolk", "NR1 NR2 NR3 NR5 NR9 NR10 NR14 NR18 NR20 NR26 NR28 NR30 PE30 PE37"),
    ("Suffolk", "IP1 IP2 IP3 IP4 IP5 IP11 IP12 IP13 IP14 IP17 IP24 IP28 IP30 IP33 CB8"),
]
WORK_PACKAGES = [
    "Residential home for under-16s",
    "Residential home for 16+",
    "Family residential centre",
    "Assessment and resource team",
    "Edge of care outreach",
    "Foster carer recruitment",
    "Supported lodgings",
    "Step-down to fostering",
    "Short breaks for disabled children",
    "Reunification programme",
    "Care leavers' accommodation",
    "Emotional wellbeing service",
]
FUNDERS = [
    "Department for Education innovation programme",
    "National Lottery Community Fund",
    "Youth Endowment Fund",
    "Esmée Fairbairn Foundation",
    "What Works for Children's Social Care",
]
AGENDA = [
    ("Minutes of the last meeting and matters arising", "noting"),
    ("Finance and savings report", "discussion"),
    ("Work package highlight reports", "discussion"),
    ("Placement measures", "noting"),
    ("Risk register review", "discussion"),
    ("Business case for decision", "decision"),
    ("Funding bids", "discussion"),
    ("Contract year continuation", "decision"),
]
RISKS = [
    "Properties not ready on time",
    "Ofsted registration delayed",
    "Staff recruitment and retention",
    "Placement demand above forecast",
    "Savings not realised as planned",
    "Funding bid unsuccessful",
    "Data sharing agreement not in place",
    "Market prices rise faster than inflation",
    "Partner capacity",
    "Evaluation evidence too thin",
]


@dataclass
class Summary:
    """How many rows of each model were written (history rows as many again), and how long."""

    rows: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    largest: str = ""  # the slug of the partnership with the most episodes

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def shares(episodes: int, partnerships: int) -> list[int]:
    """Episodes for each partnership, in proportion 1, 1/2, 1/3, ... (Zipf, as councils'
    sizes are), adding up to `episodes` exactly."""
    weights = [1 / (n + 1) for n in range(partnerships)]
    counts = [int(episodes * w / sum(weights)) for w in weights]
    counts[0] += episodes - sum(counts)
    return counts


def slug_for(seed: int, number: int) -> str:
    return f"synthetic-{seed}-{number}"


class Generator:
    def __init__(self, *, seed: int, progress: Callable[[str], None] | None = None):
        self.seed = seed
        self.summary = Summary()
        self.progress = progress or (lambda message: None)

    def write(self, model, rows, **kwargs) -> list[dict]:
        rows = list(rows)
        self.summary.rows[model.__name__] += insert_with_history(model, rows, **kwargs)
        return rows

    @transaction.atomic
    def run(self, *, episodes: int, partnerships: int) -> Summary:
        started = time.perf_counter()
        slugs = [slug_for(self.seed, n + 1) for n in range(partnerships)]
        taken = list(Partnership.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if taken:
            raise ValueError(f"Seed {self.seed} is already in this database ({taken[0]}).")
        funders = self.write(
            Organisation,
            (
                {
                    "name": f"{name} (synthetic {self.seed})",
                    "kind": "funder",
                    "identifier": f"XX-SYN-{self.seed}-F{n + 1}",
                }
                for n, name in enumerate(FUNDERS)
            ),
        )
        for number, count in enumerate(shares(episodes, partnerships), start=1):
            self.partnership(number, count, funders)
        refresh_statistics(Episode, Child, Provider)
        self.summary.largest = slugs[0]
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def partnership(self, number: int, episodes: int, funders: list[dict]) -> None:
        rng = random.Random(f"{self.seed}:{number}")  # noqa: S311 - synthetic data, not secrets
        county, districts = COUNTIES[(number - 1) % len(COUNTIES)]
        if number > len(COUNTIES):
            county = f"{county} {(number - 1) // len(COUNTIES) + 1}"
        council, partner = self.write(
            Organisation,
            [
                {
                    "name": f"{county} County Council (synthetic {self.seed})",
                    "kind": "council",
                    "identifier": f"XX-SYN-{self.seed}-C{number}",
                },
                {
                    "name": f"{county} Children's Charity (synthetic {self.seed})",
                    "kind": "charity",
                    "identifier": f"XX-SYN-{self.seed}-P{number}",
                },
            ],
        )
        (partnership,) = self.write(
            Partnership,
            [
                {
                    "name": f"{county} CIP (synthetic)",
                    "slug": slug_for(self.seed, number),
                    "council_id": council["id"],
                    "partner_id": partner["id"],
                    "description": f"Synthetic data, seed {self.seed}: {episodes:,} episodes.",
                }
            ],
        )
        pid = partnership["id"]
        commencement = date(2018 + rng.randint(0, 2), rng.choice((4, 7, 10)), 1)
        self.contract(rng, pid, commencement)
        packages = self.delivery(rng, pid, partner, commencement)
        self.bids(rng, pid, council, partner, funders, packages, commencement)
        self.board(rng, pid, commencement, packages)
        self.placements(rng, number, partnership, county, districts.split(), episodes, packages)

    def contract(self, rng: random.Random, pid: int, commencement: date) -> None:
        annual = Decimal(rng.randint(8, 40) * 100_000)
        self.write(
            CollaborationAgreement,
            [
                {
                    "partnership_id": pid,
                    "award_date": commencement - timedelta(days=rng.randint(30, 120)),
                    "commencement_date": commencement,
                    "advertised_maximum_value": annual * 10,
                    "annual_value_basis": annual,
                    "objectives": "Better outcomes for children in care, closer to home.",
                }
            ],
        )
        years = []
        number, start = 1, commencement
        while start <= DATA_END:
            end = periods.add_months(start, 12) - timedelta(days=1)
            status = "continued" if end < DATA_END else "pending"
            years.append(
                {
                    "partnership_id": pid,
                    "number": number,
                    "start_date": start,
                    "end_date": end,
                    "status": status,
                }
            )
            number, start = number + 1, end + timedelta(days=1)
        self.write(ContractYear, years)

    def delivery(self, rng: random.Random, pid: int, partner: dict, commencement: date):
        """Work packages (the first three are homes the CIP opens), business cases with their
        cost lines, and the savings realised by the approved ones."""
        count = rng.randint(6, len(WORK_PACKAGES))
        packages = self.write(
            WorkPackage,
            (
                {
                    "partnership_id": pid,
                    "title": title,
                    "scope": f"{title}, designed by the partnership's design team.",
                    "stage": _stage(rng, n),
                    "delivery_model": rng.choice(("partner", "co_delivery", "third_party")),
                    "lead_organisation_id": partner["id"],
                    "rag": (rag := rng.choice(("red", "amber", "green", "green", ""))),
                    "rag_set_on": DATA_END - timedelta(days=rng.randint(5, 60)) if rag else None,
                }
                for n, title in enumerate(WORK_PACKAGES[:count])
            ),
        )
        cases, lines, costs, savings = [], [], [], []
        for n, package in enumerate(packages):
            approved = package["stage"] != "design"
            if not approved and rng.random() < 0.5:
                continue  # no case written yet
            start_year = max(commencement.year + 1 + n // 4, 2019)
            decided = date(start_year, rng.randint(1, 3), rng.randint(1, 28))
            weekly = Decimal(rng.randint(8, 30) * 100)
            case = {
                "work_package_id": package["id"],
                "title": package["title"],
                "status": "approved" if approved else rng.choice(("draft", "submitted")),
                "submitted_on": decided - timedelta(days=30) if approved else None,
                "decided_on": decided if approved else None,
                "strategic_case": "Fewer children placed far from home, at lower cost.",
                "placements": rng.randint(2, 6),
                "weekly_saving": weekly,
                "occupancy_pct": Decimal(rng.choice((80, 85, 90))),
                "start_year": start_year,
                "project_type": rng.choice(("standard_buildings", "outsourcing", "")),
                "payback_target_years": Decimal(rng.choice((3, 5, 7))),
            }
            cases.append(case)
            if approved:
                annual = weekly * 52 * case["placements"] * case["occupancy_pct"] / 100
                for year in range(start_year, DATA_END.year):
                    savings.append(
                        {
                            "work_package_id": package["id"],
                            "financial_year": year,
                            "amount": (annual * Decimal(rng.uniform(0.4, 1.1))).quantize(
                                Decimal("0.01")
                            ),
                            "evidence": "The finance ledger and the placement log.",
                        }
                    )
        self.write(BusinessCase, cases)
        for case in cases:
            for kind, low, high in (("purchase", 300, 900), ("fees", 10, 40), ("works", 30, 200)):
                lines.append(
                    {
                        "business_case_id": case["id"],
                        "kind": kind,
                        "description": kind.capitalize(),
                        "amount": Decimal(rng.randint(low, high) * 1000),
                    }
                )
            for side, description, low, high in (
                ("do_nothing", "Commissioned placements", 600, 1800),
                ("new_model", "Staffing, running and maintenance", 300, 900),
            ):
                costs.append(
                    {
                        "business_case_id": case["id"],
                        "side": side,
                        "description": description,
                        "amount": Decimal(rng.randint(low, high) * 1000),
                    }
                )
        self.write(CapitalLine, lines)
        self.write(AnnualCostLine, costs)
        self.write(RealisedSaving, savings)
        return packages

    def bids(self, rng, pid, council, partner, funders, packages, commencement) -> None:
        rows = []
        for n in range(rng.randint(15, 40)):
            stage = rng.choice(Bid.Stage.values)
            requested = Decimal(rng.randint(2, 120) * 5000)
            days = rng.randint(30, (DATA_END - commencement).days)
            deadline = commencement + timedelta(days=days)
            submitted = deadline if stage not in Bid.OPEN_STAGES[:4] else None
            decided = (
                submitted + timedelta(days=rng.randint(30, 150))
                if submitted and stage not in ("submitted", "withdrawn")
                else None
            )
            awarded = (
                (requested * Decimal(rng.choice((1, 1, 0.8, 0.6)))).quantize(Decimal("1"))
                if stage in Bid.SECURED_STAGES
                else None
            )
            start = decided + timedelta(days=30) if stage in ("in_delivery", "closed") else None
            rows.append(
                {
                    "partnership_id": pid,
                    "title": f"Bid {n + 1}: {rng.choice(WORK_PACKAGES).lower()}",
                    "funder_id": rng.choice(funders)["id"],
                    "lead_applicant_id": rng.choice((council, partner))["id"],
                    "eligibility_note": "Councils with a voluntary-sector partner.",
                    "stage": stage,
                    "deadline": deadline,
                    "submitted_on": submitted,
                    "decided_on": decided,
                    "amount_requested": requested,
                    "amount_awarded": awarded,
                    "start_date": start,
                    "end_date": start + timedelta(days=730) if stage == "closed" else None,
                    "probability": rng.choice((10, 25, 50, 75)),
                    "work_package_id": rng.choice(packages)["id"] if rng.random() < 0.5 else None,
                }
            )
        self.write(Bid, rows)

    def board(self, rng, pid, commencement, packages) -> None:
        """A board meeting every month from commencement to three months after DATA_END:
        past ones held and signed off, with their agenda and the actions they raised."""
        meetings, day = [], commencement + timedelta(days=14)
        while day <= DATA_END + timedelta(days=90):
            past = day <= DATA_END - timedelta(days=30)
            meetings.append(
                {
                    "partnership_id": pid,
                    "date": day,
                    "place": "County Hall",
                    "status": "signed_off" if past else "scheduled",
                    "signed_off_on": day + timedelta(days=28) if past else None,
                }
            )
            day = periods.add_months(day, 1)
        self.write(Meeting, meetings)
        items, actions = [], []
        for meeting in meetings:
            chosen = rng.sample(AGENDA, rng.randint(4, 6))
            for position, (title, purpose) in enumerate(chosen, start=1):
                items.append(
                    {
                        "meeting_id": meeting["id"],
                        "position": position,
                        "title": title,
                        "purpose": purpose,
                        "presenter": "Programme lead",
                    }
                )
            for _ in range(rng.randint(0, 3)):
                due = meeting["date"] + timedelta(days=rng.randint(14, 90))
                actions.append(
                    {
                        "partnership_id": pid,
                        "meeting_id": meeting["id"],
                        "description": f"Report back on {rng.choice(AGENDA)[0].lower()}",
                        "owner": rng.choice(("Programme lead", "Finance lead", "Head of service")),
                        "due_date": due,
                        "status": "done" if due < DATA_END and rng.random() < 0.9 else "open",
                    }
                )
        self.write(AgendaItem, items)
        self.write(Action, actions)
        risks = []
        for title in RISKS:
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            closed = rng.random() >= 0.8
            # The dates from a generator of their own, so the rest of the data stays the same.
            days = random.Random(f"risk {pid} {title}")  # noqa: S311 (demonstration data)
            raised = commencement + timedelta(days=days.randint(0, (DATA_END - commencement).days))
            risks.append(
                {
                    "partnership_id": pid,
                    "title": title,
                    "owner": "Programme lead",
                    "likelihood": likelihood,
                    "impact": impact,
                    "score": likelihood * impact,
                    "status": "closed" if closed else "open",
                    "raised_on": raised,
                    "closed_on": raised + timedelta(days=days.randint(0, (DATA_END - raised).days))
                    if closed
                    else None,
                    "last_reviewed": DATA_END - timedelta(days=rng.randint(0, 90)),
                    "work_package_id": rng.choice(packages)["id"] if rng.random() < 0.5 else None,
                }
            )
        self.write(Risk, risks)

    def placements(self, rng, number, partnership, county, districts, episodes, packages):
        register = placements.providers(
            rng, council=f"{county} County Council", episodes=episodes, number=number
        )
        homes = []
        for package in packages[:3]:
            if package["stage"] == "design":
                continue
            register.rows.append(
                home := {
                    "name": f"{package['title']} (CIP)",
                    "ofsted_urn": f"SC{900000 + number * 10 + len(homes):06d}",
                    "provider_type": "PR5",
                    "councils_own": False,
                    "framework_status": "other",
                    "weekly_price": None,
                    "quality_score": None,
                }
            )
            homes.append(
                placements.Home(
                    work_package=package,
                    provider=home,
                    opens=date(2021, rng.randint(1, 12), 1),
                    weekly=Decimal(rng.randint(3000, 4200)),
                )
            )
        for row in register.rows:
            row["partnership_id"] = partnership["id"]
        self.write(Provider, register.rows)
        log = placements.Log(
            seed=str(self.seed),
            number=number,
            partnership=partnership,
            districts=districts,
            register=register,
            homes=homes,
        )
        made = 0
        for chunk in batches(placements.children(log, rng, episodes), CHILDREN_PER_BATCH):
            kids = self.write(Child, (child for _, child, _ in chunk))
            rows = []
            for child, (_, _, child_episodes) in zip(kids, chunk, strict=True):
                for row in child_episodes:
                    row["child_id"] = child["id"]
                    rows.append(row)
            self.summary.rows["Episode"] += insert_with_history(Episode, rows)
            made += len(rows)
            self.progress(f"{partnership['slug']}: {made:,} of {episodes:,} episodes")
        # About 70 children in 10,000 are looked after (England, 2024).
        self.write(
            PlacementSettings,
            [
                {
                    "partnership_id": partnership["id"],
                    "county_districts": " ".join(districts),
                    "under_18_population": max(1000, log.children_open * 10_000 // 70),
                    "population_year": 2025,
                    "statistical_neighbours_rate": Decimal("72.0"),
                    "region_rate": Decimal("66.0"),
                    "england_rate": Decimal("70.0"),
                }
            ],
        )


def _stage(rng: random.Random, n: int) -> str:
    if n < 3:  # the homes: open and running
        return rng.choice(("delivery", "delivery", "evaluation"))
    return rng.choice(("design", "delivery", "evaluation", "closed"))


def generate(*, seed: int, episodes: int, partnerships: int = 1, progress=None) -> Summary:
    """Write the data for `seed` in one transaction; ValueError when it is there already."""
    return Generator(seed=seed, progress=progress).run(episodes=episodes, partnerships=partnerships)
