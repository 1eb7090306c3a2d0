"""Synthetic placement logs at any scale, for `manage.py generate_data` and `make bench`.

Everything comes from one `random.Random` per partnership, so a seed always gives the same
providers, children and episodes, whenever and wherever it runs (the data end on a fixed day,
not today). The shape follows the published SSDA903 statistics (DfE, children looked after in
England): about seven placements in ten are fostering, about one in ten is residential (older
children more often), children move between placements within a period of care (touching
episodes, REC X1), some leave and come back, legal status changes part-way (RNE L), and a
period ends by age, adoption, a return home or an order. Children are pseudonymous: a keyed
hash of a made-up case ID, the month and year of birth and the sex only.

The rows are plain dicts of column values, streamed child by child; `devkit.synthetic` writes
them with their history rows through `cip.bulk.insert_with_history`.
"""

import csv
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from placements import calculations, codes
from placements.models import child_reference

# The first day an SSDA903 import accepts (collection year 2014/15), and a fixed last day.
FIRST_DAY = date(2014, 4, 1)
DATA_END = date(2026, 3, 31)
COST_GROWTH = 0.05  # placement prices rise about 5% a year (2016 prices below)

# Districts from all over England, for placements made out of the county.
ELSEWHERE = " ".join(
    (
        "B12 B23 BS5 CB4 CF10 CV1 DE1 DE22 DN4 HU3 LE2 LE3 LN2 LS9 M14 NE6 NG5 NG7 NG18 NN1 NR3",
        "OX4 PE1 PE21 PO4 S10 SK4 ST4 SY3 TF1 TS3 WF1 WR5 WS1 WV6 YO24",
    )
).split()

# Place names for providers' names (made up from rivers and districts of the Midlands).
NAMES = " ".join(
    (
        "Charnwood Soar Trent Derwent Peak Wolds Fosse Welland Nene Avon Severn Dove Erewash",
        "Amber Witham Ancholme Wreake Sence Swift Idle Ryton Leam Tame Anker Mease Sow Teme",
    )
).split()


@dataclass(frozen=True)
class Kind:
    """A group of placements: its PLACE codes (weights), providers and how long it lasts."""

    places: tuple[tuple[str, int], ...]
    mean_days: int
    moves_on: float  # the chance that another placement follows in the same period of care
    in_county: float  # the chance the placement is in the county
    weekly: int | None  # a typical 2016 weekly cost when the provider has no price


KINDS = {
    "fostering_in_house": Kind((("U6", 60), ("U4", 35), ("U5", 5)), 330, 0.5, 0.92, 420),
    "fostering_ifa": Kind((("U6", 55), ("U4", 40), ("U5", 5)), 360, 0.5, 0.7, 860),
    "fostering_family": Kind((("U3", 55), ("U1", 40), ("U2", 5)), 520, 0.35, 0.85, 300),
    "residential": Kind((("K2", 88), ("R1", 8), ("K1", 4)), 300, 0.6, 0.42, 3400),
    "supported": Kind((("H5", 70), ("P2", 30)), 280, 0.35, 0.65, 1100),
    "parents": Kind((("P1", 1),), 240, 0.35, 0.95, None),
    "adoption": Kind((("A6", 45), ("A4", 25), ("A5", 20), ("A3", 10)), 190, 0.0, 0.6, None),
    "other": Kind((("R3", 40), ("S1", 25), ("R2", 20), ("R5", 15)), 120, 0.6, 0.5, 1800),
}
# The kind of a child's first placement, and of each move, by age.
FIRST_KIND = {
    "baby": {"fostering_in_house": 52, "fostering_ifa": 22, "fostering_family": 12, "other": 8},
    "child": {"fostering_in_house": 45, "fostering_ifa": 30, "fostering_family": 13},
    "teen": {"fostering_in_house": 34, "fostering_ifa": 30, "fostering_family": 8},
    "older": {"fostering_in_house": 22, "fostering_ifa": 20, "fostering_family": 4},
}
FIRST_KIND["baby"] |= {"parents": 6}
FIRST_KIND["child"] |= {"parents": 7, "residential": 2, "other": 3}
FIRST_KIND["teen"] |= {"parents": 6, "residential": 14, "other": 4, "supported": 4}
FIRST_KIND["older"] |= {"parents": 3, "residential": 11, "other": 3, "supported": 37}
MOVE_KIND = {
    "baby": {"fostering_in_house": 40, "fostering_ifa": 25, "fostering_family": 12},
    "child": {"fostering_in_house": 40, "fostering_ifa": 30, "fostering_family": 10},
    "teen": {"fostering_in_house": 27, "fostering_ifa": 27, "fostering_family": 6},
    "older": {"fostering_in_house": 18, "fostering_ifa": 18, "fostering_family": 4},
}
MOVE_KIND["baby"] |= {"adoption": 18, "parents": 5}
MOVE_KIND["child"] |= {"adoption": 3, "parents": 7, "residential": 6, "other": 4}
MOVE_KIND["teen"] |= {"parents": 5, "residential": 20, "other": 4, "supported": 7}
MOVE_KIND["older"] |= {"parents": 3, "residential": 14, "other": 3, "supported": 40}
AGE_AT_ENTRY = (range(18), (16, 6, 5, 5, 5, 5, 4, 4, 4, 4, 5, 5, 6, 7, 8, 9, 8, 4))
LEGAL_STATUS = (("C2", 45), ("C1", 20), ("V2", 28), ("J1", 2), ("L2", 2), ("E1", 1), ("V3", 1))
LONG_TERM = frozenset({"U1", "U4"})  # long-term fostering lasts years
NEED = (("N1", 62), ("N2", 4), ("N3", 3), ("N4", 8), ("N5", 14), ("N6", 3), ("N7", 1), ("N8", 5))
MOVE_REASON = (("CARPL", 50), ("CREQB", 16), ("CREQO", 10), ("CHILD", 8), ("STAND", 4))
MOVE_REASON += (("LAREQ", 6), ("ALLEG", 2), ("CLOSE", 2), ("OTHER", 2))
LEAVING = (("E4A", 38), ("E4B", 4), ("E45", 7), ("E46", 3), ("E47", 6), ("E48", 2))
LEAVING += (("E41", 8), ("E13", 8), ("E8", 14), ("E3", 4), ("E9", 1), ("E16", 1), ("E2", 1))
AGED_OUT = (("E5", 45), ("E6", 20), ("E8", 35))
FRAMEWORK_STATUS = (("preferred", 30), ("reserve", 20), ("other", 25), ("off", 25))
# How each kind's provider is found: PLACE_PROVIDER codes (weights) and the register's group.
PROVIDER = {
    "fostering_in_house": ((("PR1", 1),), "council_fostering"),
    "fostering_family": ((("PR1", 1),), "council_fostering"),
    "fostering_ifa": ((("PR4", 75), ("PR5", 25)), "ifa"),
    "residential": ((("PR4", 76), ("PR5", 10), ("PR1", 11), ("PR2", 3)), "residential"),
    "supported": ((("PR4", 60), ("PR5", 40)), "supported"),
    "parents": ((("PR0", 1),), None),
    "adoption": ((("PR1", 70), ("PR2", 15), ("PR5", 15)), None),
    "other": ((("PR4", 50), ("PR3", 40), ("PR5", 10)), "other"),
}


_CUMULATIVE: dict[int, tuple[tuple, list[float], float]] = {}


def _pick(rng: random.Random, weighted) -> str:
    """One key of a {key: weight} dict or ((key, weight), ...) tuple: one of the module's
    tables above, whose cumulative weights are worked out once."""
    found = _CUMULATIVE.get(id(weighted))
    if found is None:
        pairs = weighted.items() if isinstance(weighted, dict) else weighted
        keys, weights = zip(*pairs, strict=True)
        found = _CUMULATIVE[id(weighted)] = (keys, list(accumulate(weights)), sum(weights))
    keys, cumulative, total = found
    return keys[bisect(cumulative, rng.random() * total)]


def _band(age: int) -> str:
    return "baby" if age < 1 else "child" if age < 11 else "teen" if age < 16 else "older"


@dataclass
class Register:
    """A partnership's providers, as rows, and the weighted lists episodes draw them from."""

    rows: list[dict] = field(default_factory=list)
    groups: dict[tuple[str, str], list[dict]] = field(default_factory=dict)

    def add(self, group: str, **row) -> dict:
        self.rows.append(row)
        weight = {"preferred": 5, "reserve": 3, "other": 2, "off": 1}[row["framework_status"]]
        key = (group, "PR1" if row["councils_own"] else row["provider_type"])
        self.groups.setdefault(key, []).extend([row] * weight)
        return row

    def choose(self, rng: random.Random, group: str | None, provider_type: str) -> dict | None:
        found = self.groups.get((group, provider_type)) if group else None
        return rng.choice(found) if found else None


def providers(rng: random.Random, *, council: str, episodes: int, number: int) -> Register:
    """The provider register: the council's own fostering service and homes, independent
    fostering agencies, children's homes, supported accommodation and a few others, more of
    them for a bigger log. Framework providers have a weekly price and a quality score."""
    register = Register()
    scale = min(episodes // 4000, 60)
    names = iter(f"{name} {n}" if n else name for n in range(100) for name in NAMES)
    urns = iter(f"SC{number % 90 * 10000 + 100000 + i:06d}" for i in range(10**6))

    def framework(low: int, high: int) -> dict:
        status = _pick(rng, FRAMEWORK_STATUS)
        if status == "off":
            return {"framework_status": status, "weekly_price": None, "quality_score": None}
        quality = rng.randint(55, 95)
        # Better providers charge a little more.
        price = rng.randint(low, high) * (0.9 + quality / 500)
        return {
            "framework_status": status,
            "weekly_price": Decimal(round(price)),
            "quality_score": Decimal(quality),
        }

    own = {"councils_own": True, "framework_status": "other"}
    own |= {"weekly_price": None, "quality_score": None}
    register.add(
        "council_fostering",
        name=f"{council} fostering service",
        ofsted_urn=next(urns),
        provider_type="PR1",
        **own,
    )
    for home in range(1 + scale // 8):
        register.add(
            "residential",
            name=f"{council} children's home {home + 1}",
            ofsted_urn=next(urns),
            provider_type="PR1",
            **own,
        )
    groups = (
        ("ifa", "Fostering", 6 + scale // 2, ("PR4", "PR5"), (760, 960)),
        ("residential", "Children's Homes", 10 + scale, ("PR4", "PR4", "PR4", "PR5"), (2700, 4300)),
        ("supported", "Supported Living", 3 + scale // 3, ("PR4", "PR5"), (900, 1500)),
        ("other", "Care Services", 2 + scale // 6, ("PR4", "PR5"), (1500, 2500)),
    )
    for group, word, count, types, (low, high) in groups:
        for provider_type in types:  # at least one of each type, then any
            register.add(
                group,
                name=f"{next(names)} {word}",
                ofsted_urn=next(urns),
                provider_type=provider_type,
                councils_own=False,
                **framework(low, high),
            )
        for _ in range(max(0, count - len(types))):
            register.add(
                group,
                name=f"{next(names)} {word}",
                ofsted_urn=next(urns) if group != "supported" or rng.random() < 0.5 else "",
                provider_type=rng.choice(types),
                councils_own=False,
                **framework(low, high),
            )
    for name, provider_type in (
        ("Neighbouring council residential service", "PR2"),
        ("NHS trust", "PR3"),
    ):
        register.add(
            "residential" if provider_type == "PR2" else "other",
            name=f"{next(names)} {name}",
            ofsted_urn=next(urns),
            provider_type=provider_type,
            councils_own=False,
            framework_status="other",
            weekly_price=None,
            quality_score=None,
        )
    return register


@dataclass
class Home:
    """A home the CIP opened (a work package's provision): episodes placed there use it."""

    work_package: dict
    provider: dict
    opens: date
    weekly: Decimal
    share: float = 0.06  # the share of new residential placements it takes once open


@dataclass
class Log:
    """What a partnership's log is generated from."""

    seed: str
    number: int
    partnership: dict
    districts: list[str]
    register: Register
    homes: list[Home]
    children_open: int = 0  # looked after at DATA_END (for the population setting)

    @property
    def elsewhere(self) -> list[str]:
        return [d for d in ELSEWHERE if d not in self.districts]


def _cost(rng: random.Random, kind: Kind, provider: dict | None, start: date) -> Decimal | None:
    if provider is not None and provider["weekly_price"] is not None:
        base = float(provider["weekly_price"]) * rng.uniform(0.95, 1.12)
    elif kind.weekly is None:
        return None
    elif provider is not None and provider["framework_status"] == "off":
        base = kind.weekly * rng.uniform(1.15, 1.45)  # a spot purchase costs more
    else:
        base = kind.weekly * rng.uniform(0.85, 1.15)
    if rng.random() < 0.02:
        return None  # not yet costed
    grown = base * (1 + COST_GROWTH) ** ((start - date(2016, 4, 1)).days / 365.25)
    return Decimal(round(grown * 100)) / 100


def _place(rng: random.Random, name: str, start: date) -> str:
    return _current_code(_pick(rng, KINDS[name].places), start)


def _current_code(place: str, start: date) -> str:
    """The PLACE code as the collection year of `start` has it: 2024/25 brings registered
    supported accommodation (K3), and 2025/26 ends H5 and P2."""
    if place in ("H5", "P2") and codes.collection_year(start) >= 2025:
        return "K3"
    return place


def _route(provider_type: str, provider: dict | None) -> str:
    if provider_type == "PR1":
        return "in_house"
    if provider is None:
        return ""
    return "spot" if provider["framework_status"] == "off" else "framework"


def episodes_of(log: Log, rng: random.Random, *, start: date, birth: tuple[int, int]):
    """A child's episodes from `start` to DATA_END or leaving care, as column dicts (without
    the child), plus whether the child is still looked after at DATA_END."""
    eighteenth = date(birth[0] + 18, birth[1], 1)
    rows: list[dict] = []
    home_post = (
        f"{rng.choice(log.districts)} {rng.randint(1, 9)}"
        if rng.random() < 0.93
        else f"{rng.choice(log.elsewhere)} {rng.randint(1, 9)}"
    )
    period_start = start
    while period_start < min(eighteenth, DATA_END):
        ls = _pick(rng, LEGAL_STATUS)
        cin = _pick(rng, NEED)
        if ls == "V3":  # a series of short breaks, each an episode of its own
            day = period_start
            for _ in range(rng.randint(2, 8)):
                end = day + timedelta(days=rng.randint(2, 14))
                if end >= min(eighteenth, DATA_END):
                    break
                kind = "residential" if rng.random() < 0.5 else "fostering_in_house"
                rows.append(_row(log, rng, kind, day, end, "S", ls, cin, home_post))
                rows[-1]["rec"] = "E8"
                day = end + timedelta(days=rng.randint(20, 70))
            return rows, False
        age = calculations.age_on(birth, period_start)
        name = _pick(rng, FIRST_KIND[_band(age)])
        if ls == "J1" and age < 10:
            ls = "V2"
        rne, day = "S", period_start
        while True:
            kind = KINDS[name]
            row = _row(log, rng, name, day, None, rne, ls, cin, home_post)
            mean = kind.mean_days * (3 if row["place"] in LONG_TERM else 1)
            end = row["dec"] = day + timedelta(days=1 + int(rng.expovariate(1 / mean)))
            rows.append(row)
            if end >= eighteenth:
                end = row["dec"] = eighteenth
                if end > DATA_END:
                    break
                row["rec"] = (
                    "E17"
                    if name.startswith("fostering") and rng.random() < 0.35
                    else _pick(rng, AGED_OUT)
                )
                return rows, False
            if end > DATA_END:
                break
            if name == "adoption":
                row["rec"] = "E11" if rng.random() < 0.8 else "E12"
                return rows, False
            if rng.random() >= kind.moves_on:
                row["rec"] = "E14" if ls == "J1" else _pick(rng, LEAVING)
                break
            row["rec"] = "X1"
            if ls in ("C1", "V2", "L2") and rng.random() < 0.3:
                # The legal status changes, the placement does not (an interim care order
                # becomes a full one): same place, provider and cost.
                place = _current_code(row["place"], end)
                following = dict(row, decom=end, dec=None, rec="", rne="L", ls="C2", place=place)
                ls = "C2"
                rows.append(following)
                row = following
                mean = kind.mean_days * (3 if row["place"] in LONG_TERM else 1)
                row["dec"] = end = end + timedelta(days=1 + int(rng.expovariate(1 / mean)))
                if end >= eighteenth or end > DATA_END:
                    row["dec"] = None if min(end, eighteenth) > DATA_END else eighteenth
                    row["rec"] = "" if row["dec"] is None else "E8"
                    return rows, row["dec"] is None
                if rng.random() >= kind.moves_on:
                    row["rec"] = _pick(rng, LEAVING)
                    break
                row["rec"] = "X1"
            row["reason_place_change"] = _pick(rng, MOVE_REASON)
            if ls == "C2" and age < 5 and rng.random() < 0.3:
                ls = "E1"  # a placement order, on the way to adoption
            name = _pick(rng, MOVE_KIND[_band(calculations.age_on(birth, end))])
            if name == "adoption" and ls != "E1":
                name = "fostering_in_house"
            rne, day = ("B" if rows[-1]["ls"] != ls else "P"), end
        last = rows[-1]
        if last["dec"] is None or last["dec"] > DATA_END:
            last["dec"], last["rec"], last["reason_place_change"] = None, "", ""
            return rows, True
        if last["rec"] not in ("E4A", "E4B", "E13", "E8") or rng.random() >= 0.15:
            return rows, False
        period_start = last["dec"] + timedelta(days=rng.randint(30, 700))  # comes back
    return rows, False


def _row(log: Log, rng: random.Random, name: str, start: date, end, rne, ls, cin, home):
    kind = KINDS[name]
    codes_, group = PROVIDER[name]
    provider_type = _pick(rng, codes_)
    provider = log.register.choose(rng, group, provider_type)
    work_package = None
    place = _place(rng, name, start)
    weekly = _cost(rng, kind, provider, start)
    if name == "residential" and rne != "L":
        for home_ in log.homes:
            if start >= home_.opens and rng.random() < home_.share:
                provider, provider_type = home_.provider, home_.provider["provider_type"]
                work_package = home_.work_package["id"]
                weekly = home_.weekly
                break
    inside = rng.random() < kind.in_county
    pl_post = f"{rng.choice(log.districts if inside else log.elsewhere)} {rng.randint(1, 9)}"
    return {
        "partnership_id": log.partnership["id"],
        "decom": start,
        "dec": end,
        "rne": rne,
        "ls": ls,
        "cin": cin,
        "place": place,
        "place_provider": provider_type,
        "rec": "",
        "reason_place_change": "",
        "home_post": home,
        "pl_post": pl_post,
        "urn": provider["ofsted_urn"] if provider and name in ("residential", "supported") else "",
        "provider_id": provider["id"] if provider else None,
        "in_county": calculations.in_county(pl_post, log.districts),
        "weekly_cost": weekly,
        "purchase_route": _route(provider_type, provider),
        "work_package_id": work_package,
    }


def children(log: Log, rng: random.Random, episodes: int) -> Iterator[tuple[str, dict, list]]:
    """(made-up case ID, child, its episodes) until exactly `episodes` episodes are made;
    children come into care on any day from FIRST_DAY to DATA_END. The case ID is only for
    writing an SSDA903 return (`write_return`): the child's row holds its keyed hash."""
    span = (DATA_END - FIRST_DAY).days
    ages, weights = AGE_AT_ENTRY
    made, number = 0, 0
    while made < episodes:
        number += 1
        start = FIRST_DAY + timedelta(days=rng.randrange(span))
        age = rng.choices(ages, weights=weights)[0]
        month = rng.randint(1, 12)
        birth = (start.year - age - (1 if month > start.month else 0), month)
        if date(birth[0] + 18, birth[1], 1) <= start + timedelta(days=14):
            birth = (birth[0] + 1, birth[1])  # in care for at least a fortnight before 18
        rows, still_in_care = episodes_of(log, rng, start=start, birth=birth)
        if len(rows) > episodes - made:
            rows = rows[: episodes - made]
            rows[-1].update(dec=None, rec="", reason_place_change="")
            still_in_care = True
        if not rows:
            continue
        made += len(rows)
        log.children_open += still_in_care
        case_id = f"SYN{log.seed}-{log.number}-{number:07d}"
        child = {
            "partnership_id": log.partnership["id"],
            "reference": child_reference(case_id),
            "birth_year": birth[0],
            "birth_month": birth[1],
            "sex": "1" if rng.random() < 0.56 else "2",
        }
        yield case_id, child, rows


def write_return(log: Log, rng: random.Random, episodes: int, header: Path, table: Path) -> None:
    """The SSDA903 header and episodes files (CSV, dates dd/mm/yyyy, as DfE shapes them) of
    `episodes` generated episodes: what `import_ssda903` reads. The header's day of birth,
    ethnicity and UPN are made up and dropped by the import."""
    from placements.importers import EPISODE_COLUMNS

    with header.open("w", newline="") as h, table.open("w", newline="") as e:
        heads, rows = csv.writer(h, lineterminator="\r\n"), csv.writer(e, lineterminator="\r\n")
        heads.writerow(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
        rows.writerow(EPISODE_COLUMNS)
        for case_id, child, child_episodes in children(log, rng, episodes):
            born = date(child["birth_year"], child["birth_month"], rng.randint(1, 28))
            heads.writerow([case_id, child["sex"], f"{born:%d/%m/%Y}", "WBRI", "", "", ""])
            for row in child_episodes:
                rows.writerow(
                    [
                        case_id,
                        f"{row['decom']:%d/%m/%Y}",
                        row["rne"],
                        row["ls"],
                        row["cin"],
                        row["place"],
                        row["place_provider"],
                        f"{row['dec']:%d/%m/%Y}" if row["dec"] else "",
                        row["rec"],
                        row["reason_place_change"],
                        row["home_post"],
                        row["pl_post"],
                        row["urn"],
                    ]
                )
