"""Demonstration placement log for the Leicestershire CIP, shaped by the seed documents.

Cabinet report, 6 July 2018 (seed 001): 40.5 children looked after per 10,000 at March 2018
(statistical neighbours 51, East Midlands 55, England 62); 63 children in external residential
placements, about 11% of those looked after; residential spend £9.7m in 2017/18; 125 in-house
foster carers; IFA placements often cost twice an in-house one; off-framework purchases at a
higher price. Scrutiny report, 9 March 2021 (seed 004): fewer than half of the county's
children in residential care are placed in the county; the 16+ cohort averages £5,117 a week;
the CIP properties open from late 2021 (the family centre in October, the two homes by the end
of the year). Everything is generated from a fixed seed, so every run makes the same records,
and only what is missing is created: running it twice changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from placements import calculations
from placements.models import (
    Child,
    Episode,
    PlacementSettings,
    Provider,
    Return,
    child_reference,
)

SEED = 20180706  # the date of the Cabinet report
SNAPSHOT = date(2018, 3, 31)
# The log the council handed over runs from the start of 2017/18, the year the Cabinet report's
# figures describe, to the end of 2021/22: a child already in care on 1 April 2017 has an
# episode from that day, not from years before the partnership's data begins.
DATA_FROM = date(2017, 4, 1)
DATA_TO = date(2022, 3, 31)
POPULATION = 142_000  # 575 children / 142,000 × 10,000 = 40.5
RESIDENTIAL_SPEND_2017_18 = Decimal("9700000")

COUNTY = "LE6 LE7 LE8 LE9 LE10 LE11 LE12 LE13 LE14 LE16 LE17 LE18 LE19 LE65 LE67 DE12 DE74"
OUTSIDE = [
    "NG7 2",
    "NG5 1",
    "DE1 3",
    "DE22 4",
    "CV1 4",
    "B12 9",
    "NN1 5",
    "S10 2",
    "LE2 7",
    "PE1 3",
    "ST4 6",
    "WS1 2",
    "LN2 1",
    "NG18 4",
]

# Children at 31 March 2018 by what they were in: 575 in all, 63 (11%) in external residential.
SNAPSHOT_MIX = {
    "fostering_in_house": 232,
    "fostering_ifa": 128,
    "fostering_family": 60,
    "residential_external": 63,
    "supported": 30,
    "adoption": 25,
    "parents": 25,
    "other": 12,
}
ENTRANTS_PER_YEAR = 290

# (name, URN, PLACE_PROVIDER, council's own, framework status, weekly price, quality score)
PROVIDERS = [
    (
        "Leicestershire County Council fostering service",
        "SC059001",
        "PR1",
        True,
        "other",
        None,
        None,
    ),
    (
        "Leicestershire County Council children's home, Market Harborough",
        "SC059002",
        "PR1",
        True,
        "other",
        None,
        None,
    ),
    ("Charnwood Foster Care", "SC412345", "PR4", False, "preferred", "780", "86"),
    ("Soar Valley Fostering", "SC412346", "PR5", False, "preferred", "795", "84"),
    ("Midlands Family Placements", "SC412347", "PR4", False, "reserve", "845", "79"),
    ("Trent Fostering Partnership", "SC412348", "PR4", False, "other", "905", "72"),
    ("Heart of England Foster Care", "SC412349", "PR4", False, "off", None, None),
    ("Wreake House", "SC480101", "PR4", False, "preferred", "2850", "88"),
    ("Bosworth Children's Homes", "SC480102", "PR4", False, "preferred", "2990", "85"),
    ("Sence Valley Care", "SC480103", "PR5", False, "reserve", "3150", "81"),
    ("East Midlands Residential Care", "SC480104", "PR4", False, "other", "3350", "74"),
    ("Peak Children's Services", "SC480105", "PR4", False, "off", None, None),
    ("Northern Therapeutic Homes", "SC480106", "PR4", False, "off", None, None),
    ("Pathways Supported Living", "", "PR5", False, "other", "1050", "70"),
    ("Barnardo's: CIP residential home (under 16s)", "SC800001", "PR5", False, "other", None, None),
    ("Barnardo's: CIP residential home (16+)", "SC800002", "PR5", False, "other", None, None),
    ("Barnardo's: CIP family residential centre", "SC800003", "PR5", False, "other", None, None),
]

# The CIP's own provision: provider, the words a work package's title is matched on, opening
# date, places, PLACE code, weekly cost (the external average less the business case's saving).
CIP_HOMES = [
    (
        "Barnardo's: CIP family residential centre",
        ("family residential", "property 3"),
        date(2021, 10, 1),
        3,
        "R3",
        Decimal("1900"),
    ),
    (
        "Barnardo's: CIP residential home (under 16s)",
        ("under 16", "property 1"),
        date(2021, 12, 1),
        3,
        "K2",
        None,
    ),
    (
        "Barnardo's: CIP residential home (16+)",
        ("16+", "property 2"),
        date(2021, 12, 1),
        2,
        "K2",
        Decimal("3953"),
    ),
]


@dataclass
class _Plan:
    """One generated episode before it is saved."""

    key: str
    start: date
    end: date | None
    kind: str
    rne: str
    ls: str
    cin: str
    rec: str = ""
    reason: str = ""
    cip: str = ""


def _days(first: date, last: date, rng: random.Random) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _eighteenth(birth: tuple[int, int]) -> date:
    return date(birth[0] + 18, birth[1], 1)


def _birth_for(kind: str, on: date, rng: random.Random) -> tuple[int, int]:
    low, high = {
        "residential_external": (11, 17),
        "supported": (16, 17),
        "adoption": (0, 3),
        "fostering_family": (1, 16),
    }.get(kind, (0, 16))
    age = rng.randint(low, high)
    month = rng.randint(1, 12)
    year = on.year - age - (1 if month > on.month else 0)
    return year, month


def _kind_for_move(age: int, rng: random.Random) -> str:
    if age >= 16 and rng.random() < 0.5:
        return "supported"
    if age >= 11 and rng.random() < 0.18:
        return "residential_external"
    return rng.choices(
        ["fostering_in_house", "fostering_ifa", "fostering_family", "parents", "other"],
        weights=[45, 30, 12, 8, 2],
    )[0]


def _split(first: date, last: date, parts: int, rng: random.Random) -> list[date]:
    """`parts - 1` ordered cut dates strictly inside first..last."""
    span = (last - first).days
    if parts <= 1 or span < parts * 14:
        return []
    cuts = sorted(rng.sample(range(7, span - 7), parts - 1))
    return [first + timedelta(days=c) for c in cuts]


def _period(
    key: str,
    start: date,
    end: date | None,
    kinds: list[str],
    birth: tuple[int, int],
    rng: random.Random,
    cuts: list[date],
) -> list[_Plan]:
    ls = rng.choices(["C2", "V2", "C1", "E1"], weights=[55, 25, 15, 5])[0]
    cin = rng.choices(["N1", "N2", "N4", "N5", "N6", "N8"], weights=[60, 6, 8, 14, 6, 6])[0]
    bounds = [start, *cuts, end]
    plans = []
    for index, kind in enumerate(kinds):
        plans.append(
            _Plan(
                key=key,
                start=bounds[index],
                end=bounds[index + 1],
                kind=kind,
                rne="S" if index == 0 else "P",
                ls="E1" if kind == "adoption" else ("C2" if kind == "parents" else ls),
                cin=cin,
            )
        )
    for plan, following in pairwise(plans):
        plan.rec = "X1"
        plan.reason = rng.choices(
            ["CARPL", "CREQB", "CREQO", "CHILD", "STAND", "LAREQ"], weights=[50, 18, 12, 8, 4, 8]
        )[0]
        following.ls = following.ls if following.kind in ("adoption", "parents") else plans[0].ls
        if following.ls != plan.ls:
            following.rne = "B"  # placement and legal status changed together
    last = plans[-1]
    if last.end is not None:
        if last.kind == "adoption":
            last.rec = "E11"
        elif last.end >= _eighteenth(birth) - timedelta(days=1):
            last.rec = rng.choice(["E5", "E6", "E17"])
        else:
            last.rec = rng.choices(
                ["E4A", "E41", "E45", "E13", "E8"], weights=[45, 10, 20, 10, 15]
            )[0]
    # Now and then a change of legal status part-way through a placement (RNE L).
    if plans[0].ls == "C2" and rng.random() < 0.12:
        target = plans[0]
        stop = target.end or DATA_TO
        if (stop - target.start).days > 120:
            middle = target.start + timedelta(days=(stop - target.start).days // 2)
            tail = _Plan(
                key, middle, target.end, target.kind, "L", "C2", cin, target.rec, target.reason
            )
            # An interim care order becomes a full one, in the same placement.
            target.end, target.rec, target.reason, target.ls = middle, "X1", "", "C1"
            plans.insert(1, tail)
    return plans


def _generate(rng: random.Random) -> tuple[dict[str, tuple[int, int, str]], list[_Plan]]:
    children: dict[str, tuple[int, int, str]] = {}
    plans: list[_Plan] = []
    number = 0
    for kind, count in SNAPSHOT_MIX.items():
        for _ in range(count):
            number += 1
            key = f"LCC-DEMO-{number:05d}"
            birth = _birth_for(kind, SNAPSHOT, rng)
            children[key] = (
                *birth,
                rng.choice("12")
                if kind != "residential_external"
                else rng.choices("12", weights=[62, 38])[0],
            )
            years_in_care = min(rng.expovariate(1 / 2.6), 7.5)
            start = max(
                SNAPSHOT - timedelta(days=int(years_in_care * 365)), date(birth[0], birth[1], 15)
            )
            start = min(start, SNAPSHOT - timedelta(days=3))
            leaves = SNAPSHOT + timedelta(days=int(rng.expovariate(1 / (2.8 * 365))) + 1)
            end = min(leaves, _eighteenth(birth))
            end = None if end > DATA_TO else max(end, SNAPSHOT + timedelta(days=1))
            current_from = (
                _days(start, SNAPSHOT - timedelta(days=1), rng) if rng.random() < 0.55 else start
            )
            current_to = (
                end
                if rng.random() < 0.6
                else min(end or DATA_TO, SNAPSHOT + timedelta(days=rng.randint(30, 900)))
            )
            if current_to is not None and current_to >= (end or DATA_TO):
                current_to = end
            before = (
                _split(start, current_from, rng.randint(1, 3), rng) if current_from > start else []
            )
            after_stop = end or DATA_TO
            after = (
                _split(current_to, after_stop, rng.randint(1, 2), rng)
                if current_to is not None and current_to < after_stop
                else []
            )
            age_then = SNAPSHOT.year - birth[0]
            before_kinds = (
                [_kind_for_move(max(0, age_then - 1), rng) for _ in range(len(before) + 1)]
                if current_from > start
                else []
            )
            after_kinds = (
                [_kind_for_move(age_then + 1, rng) for _ in range(len(after) + 1)]
                if current_to is not None and current_to < after_stop
                else []
            )
            if kind == "residential_external":
                # Children in residential care have mostly moved between homes before.
                before_kinds = [kind if rng.random() < 0.7 else other for other in before_kinds]
            kinds = [*before_kinds, kind, *after_kinds]
            cuts = [
                *before,
                *([current_from] if current_from > start else []),
                *([current_to] if after_kinds else []),
                *after,
            ]
            if kind == "adoption":
                kinds, cuts = (
                    ["fostering_in_house", "adoption"],
                    [current_from] if current_from > start else [],
                )
                if not cuts:
                    kinds = ["adoption"]
                end = end or min(DATA_TO, SNAPSHOT + timedelta(days=rng.randint(30, 300)))
            plans.extend(_period(key, start, end, kinds, birth, rng, cuts))
    first_year = SNAPSHOT + timedelta(days=1)
    entrants = ENTRANTS_PER_YEAR * 4
    for _ in range(entrants):
        number += 1
        key = f"LCC-DEMO-{number:05d}"
        start = _days(first_year, DATA_TO - timedelta(days=10), rng)
        age = rng.choices(
            range(18), weights=[14, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 8, 9, 8, 4]
        )[0]
        month = rng.randint(1, 12)
        birth = (start.year - age - (1 if month > start.month else 0), month)
        children[key] = (*birth, rng.choice("12"))
        end_day = start + timedelta(days=int(rng.expovariate(1 / (2.5 * 365))) + 14)
        end = min(end_day, _eighteenth(birth))
        end = None if end > DATA_TO else end
        if end is not None and end <= start:
            end = start + timedelta(days=14)
        moves = rng.choices([1, 2, 3, 4], weights=[45, 30, 17, 8])[0]
        cuts = _split(start, end or DATA_TO, moves, rng)
        kinds = [_kind_for_move(age + i, rng) for i in range(len(cuts) + 1)]
        plans.extend(_period(key, start, end, kinds, birth, rng, cuts))
    return children, plans


_PLACE = {
    "fostering_in_house": (["U4", "U6", "U5"], [55, 40, 5], "PR1"),
    "fostering_ifa": (["U4", "U6"], [50, 50], None),
    "fostering_family": (["U1", "U3"], [60, 40], "PR1"),
    "residential_external": (["K2"], [1], None),
    "supported": (["H5", "P2"], [80, 20], "PR5"),
    "adoption": (["A6", "A4"], [80, 20], "PR1"),
    "parents": (["P1"], [1], "PR0"),
    "other": (["R3", "S1", "R2", "R5"], [3, 4, 2, 1], "PR3"),
}
_COST = {
    "fostering_in_house": (420, 60),
    "fostering_ifa": (850, 90),
    "fostering_family": (290, 40),
    "residential_external": (2900, 450),
    "supported": (1100, 180),
    "adoption": (0, 0),
    "parents": (0, 0),
    "other": (3400, 600),
}


def _postcode(inside: bool, rng: random.Random, districts: list[str]) -> str:
    if inside:
        return f"{rng.choice(districts)} {rng.randint(1, 9)}"
    return rng.choice(OUTSIDE)


def load(partnership) -> None:
    """Create whatever of the demonstration placement log is missing."""
    _return_record(partnership)
    rng = random.Random(SEED)  # noqa: S311 - repeatable demo data, not secrets
    PlacementSettings.objects.get_or_create(
        partnership=partnership,
        defaults={
            "county_districts": COUNTY,
            "under_18_population": POPULATION,
            "population_year": 2018,
            "statistical_neighbours_rate": Decimal("51.0"),
            "region_rate": Decimal("55.0"),
            "england_rate": Decimal("62.0"),
        },
    )
    providers = {}
    for name, urn, kind, own, status, price, quality in PROVIDERS:
        providers[name], _ = Provider.all_objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={
                "ofsted_urn": urn,
                "provider_type": kind,
                "councils_own": own,
                "framework_status": status,
                "weekly_price": Decimal(price) if price else None,
                "quality_score": Decimal(quality) if quality else None,
            },
        )
    _homes(partnership, providers)
    children, plans = _generate(rng)
    districts = sorted(calculations.parse_districts(COUNTY))
    _cost_and_place(plans, children, providers, districts, rng)
    _cip_moves(plans, children, providers, rng)
    _save(partnership, children, _from_data_start(plans), providers, districts)


def _pick_provider(kind: str, route: str, providers: dict, rng: random.Random):
    if kind == "fostering_in_house" or kind == "fostering_family":
        return providers["Leicestershire County Council fostering service"]
    if kind == "fostering_ifa":
        names = (
            [
                "Charnwood Foster Care",
                "Soar Valley Fostering",
                "Midlands Family Placements",
                "Trent Fostering Partnership",
            ]
            if route == "framework"
            else ["Heart of England Foster Care"]
        )
    elif kind == "residential_external":
        names = (
            [
                "Wreake House",
                "Bosworth Children's Homes",
                "Sence Valley Care",
                "East Midlands Residential Care",
            ]
            if route == "framework"
            else ["Peak Children's Services", "Northern Therapeutic Homes"]
        )
    elif kind == "supported":
        names = ["Pathways Supported Living"]
    else:
        return None
    return providers[rng.choice(names)]


def _cost_and_place(plans, children, providers, districts, rng) -> None:
    previous = None
    for plan in plans:
        if plan.rne == "L" and previous is not None and previous.key == plan.key:
            # A change of legal status only: the same placement, carer and cost.
            for name in (
                "place",
                "route",
                "provider",
                "provider_code",
                "cost",
                "pl_post",
                "home_post",
            ):
                setattr(plan, name, getattr(previous, name))
            previous = plan
            continue
        previous = plan
        places, weights, provider_code = _PLACE[plan.kind]
        plan.place = rng.choices(places, weights=weights)[0]
        plan.route = ""
        if plan.kind in ("fostering_ifa", "residential_external"):
            framework = rng.random() < (0.72 if plan.kind == "fostering_ifa" else 0.55)
            plan.route = "framework" if framework else "spot"
        elif provider_code == "PR1":
            plan.route = "in_house"
        elif plan.kind == "supported":
            plan.route = "framework"
        plan.provider = _pick_provider(plan.kind, plan.route, providers, rng)
        plan.provider_code = provider_code or (
            plan.provider.provider_type if plan.provider else "PR4"
        )
        mean, spread = _COST[plan.kind]
        cost = max(0.0, rng.gauss(mean, spread))
        birth = children[plan.key][:2]
        if plan.kind == "residential_external" and calculations.age_on(birth, plan.start) >= 16:
            cost = rng.gauss(5117, 350)
        if plan.route == "spot":
            cost *= 1.15
        plan.cost = Decimal(round(cost))
        inside = {
            "residential_external": 0.42,
            "fostering_ifa": 0.55,
            "supported": 0.6,
            "other": 0.3,
        }.get(plan.kind, 0.85)
        plan.pl_post = _postcode(rng.random() < inside, rng, districts)
        plan.home_post = _postcode(rng.random() < 0.92, rng, districts)
        if plan.home_post == plan.pl_post and plan.place != "P1":
            plan.home_post = _postcode(False, rng, districts)
    # Scale the under-16 external residential costs so that 2017/18 spend is the £9.7m the
    # Cabinet report gives; the 16+ costs stay at the Scrutiny report's £5,117 average.
    first, last = date(2017, 4, 1), date(2018, 3, 31)
    fixed = variable = Decimal(0)
    for plan in plans:
        if plan.kind != "residential_external":
            continue
        days = calculations.days_in_period(plan.start, plan.end, first, last)
        amount = calculations.spend(days, plan.cost)
        if calculations.age_on(children[plan.key][:2], plan.start) >= 16:
            fixed += amount
        else:
            variable += amount
    scale = (RESIDENTIAL_SPEND_2017_18 - fixed) / variable if variable else Decimal(1)
    for plan in plans:
        if (
            plan.kind == "residential_external"
            and calculations.age_on(children[plan.key][:2], plan.start) < 16
        ):
            plan.cost = (plan.cost * scale).quantize(Decimal(1))


def _cip_moves(plans, children, providers, rng) -> None:
    """From each CIP property's opening date, move children in from external placements."""
    by_child: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_child.setdefault(plan.key, []).append(plan)
    taken: set[str] = set()
    for name, _words, opens, places, place, cost in CIP_HOMES:
        provider = providers[name]
        candidates = []
        for key, child_plans in sorted(by_child.items()):
            if key in taken:
                continue
            last_plan = child_plans[-1]
            if not (last_plan.start < opens - timedelta(days=30) and last_plan.end is None):
                continue
            age = calculations.age_on(children[key][:2], opens)
            if place == "R3":
                fits = last_plan.kind in ("fostering_in_house", "fostering_ifa") and age <= 1
            elif "16+" in name:
                fits = last_plan.kind == "residential_external" and 16 <= age < 18
            else:
                fits = last_plan.kind == "residential_external" and age < 16
            if fits:
                candidates.append(key)
        for index, key in enumerate(candidates[:places]):
            previous = by_child[key][-1]
            move_in = opens + timedelta(days=7 * index)
            previous.end, previous.rec, previous.reason = move_in, "X1", "CARPL"
            weekly = cost if cost is not None else max(previous.cost - Decimal(183), Decimal(0))
            plan = _Plan(key, move_in, None, "cip", "P", previous.ls, previous.cin, cip=name)
            plan.place, plan.route, plan.provider = place, "in_house", provider
            plan.provider_code, plan.cost = "PR5", weekly
            plan.pl_post, plan.home_post = (
                "LE16 7" if place != "R3" else "LE11 3",
                previous.home_post,
            )
            plans.append(plan)
            by_child[key].append(plan)
            taken.add(key)


def _from_data_start(plans: list[_Plan]) -> list[_Plan]:
    """The plans as the log holds them: those ended before DATA_FROM left out, and a child's
    first episode starting no earlier than DATA_FROM (where the log starts for that child)."""
    kept, seen = [], set()
    for plan in plans:
        if plan.end is not None and plan.end <= DATA_FROM:
            continue
        if plan.key not in seen and plan.start < DATA_FROM:
            plan.start, plan.rne = DATA_FROM, "S"
        seen.add(plan.key)
        kept.append(plan)
    return kept


def _work_packages(partnership) -> dict[str, object]:
    """The work package of each CIP home, matched on its title, when that app has them."""
    found = {}
    packages = list(partnership.work_packages.all())
    for name, words, *_ in CIP_HOMES:
        for package in packages:
            if any(word in package.title.lower() for word in words):
                found[name] = package
                break
    return found


def _save(partnership, children, plans, providers, districts) -> None:
    references = {key: child_reference(key) for key in children}
    existing = dict(Child.objects.filter(partnership=partnership).values_list("reference", "pk"))
    new_children = [
        Child(
            partnership=partnership, reference=references[key], birth_year=y, birth_month=m, sex=s
        )
        for key, (y, m, s) in children.items()
        if references[key] not in existing
    ]
    if new_children:
        bulk_create_with_history(new_children, Child, batch_size=1000)
        existing = dict(
            Child.objects.filter(partnership=partnership).values_list("reference", "pk")
        )
    stored = set(Episode.objects.filter(partnership=partnership).values_list("child_id", "decom"))
    packages = _work_packages(partnership)
    county = frozenset(districts)
    new_episodes = []
    for plan in plans:
        child_id = existing[references[plan.key]]
        if (child_id, plan.start) in stored:
            continue
        episode = Episode(
            partnership=partnership,
            child_id=child_id,
            decom=plan.start,
            dec=plan.end,
            rne=plan.rne,
            ls=plan.ls,
            cin=plan.cin,
            place=plan.place,
            place_provider=plan.provider_code,
            rec=plan.rec if plan.end else "",
            reason_place_change=plan.reason if plan.end else "",
            home_post=plan.home_post,
            pl_post=plan.pl_post,
            urn=plan.provider.ofsted_urn if plan.provider and plan.place[0] in "KRS" else "",
            provider=plan.provider,
            weekly_cost=plan.cost,
            purchase_route=plan.route,
            work_package=packages.get(plan.cip),
        )
        episode.derive_location(county)
        new_episodes.append(episode)
    if new_episodes:
        bulk_create_with_history(new_episodes, Episode, batch_size=1000)
    # Work packages may arrive after the log was first loaded: link the CIP homes' episodes.
    unlinked = []
    for name, package in packages.items():
        for episode in Episode.objects.filter(
            partnership=partnership, provider=providers[name], work_package__isnull=True
        ):
            episode.work_package, episode.version = package, episode.version + 1
            unlinked.append(episode)
    if unlinked:
        bulk_update_with_history(unlinked, Episode, ["work_package", "version"])


def _return_record(partnership) -> None:
    """The log as if loaded from the council's 2021/22 SSDA903 return: the returns page lists it."""
    Return.objects.get_or_create(
        partnership=partnership,
        collection_year=DATA_TO.year,
        defaults={
            "header_name": "ssda903-2021-22-header.csv",
            "episodes_name": "ssda903-2021-22-episodes.csv",
            "status": Return.Status.IMPORTED,
            "step": "Imported",
        },
    )


def _homes(partnership, providers) -> None:
    """Each CIP property, recorded on its work package as the home the log's provider is, with
    its places and opening date (workpackages.Home: the realised savings count from it)."""
    from workpackages.models import Home

    packages = _work_packages(partnership)
    for name, _words, opens, places, _place, _cost in CIP_HOMES:
        package = packages.get(name)
        if package is None:
            continue
        provider = providers[name]
        Home.objects.get_or_create(
            work_package=package,
            provider=provider,
            defaults={
                "name": name,
                "urn": provider.ofsted_urn,
                "places": places,
                "opened_on": opens,
            },
        )
