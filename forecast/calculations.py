"""The demand model: stock and flow by age band x placement category, as Social Finance's
children's services demand model (cs-demand-model 0.5.1, `population_stats.py` and
`prediction.py`) does it, in pure Python and linear in the number of episodes.

- Each episode is counted in the state (age band at its start, placement category) from its
  start (DECOM) to its end (DEC), as the reference model does.
- Over the reference window [start, end], the daily rate of each move (from a state to another
  state, or out of care) is the mean, over the window's days, of that day's moves divided by the
  state's population the day before. Entries are episodes beginning in the window with no
  episode ending that day before them, per day ((end - start) days, as the reference).
- Ageing moves a state's children to the next band at 1 / (the band's length in days) a day.
- The projection starts from the population on the window's last day and steps a day at a
  time: each state loses population x (sum of its rates), capped at its population, shared
  among the destinations in proportion to their rates; entries are added.
- In-house and external: each (band, category) state is split by purchase route (in-house, or
  external: framework, spot or unknown) without changing the model's numbers by category. Every
  route of a (band, category) leaves at that state's rates; entries into a category and moves
  into it from another category are shared between its routes as its inflows were in the
  reference window (else as its children on the window's last day, else all external); ageing
  and moves within a category keep the route. Summed over routes, this is the model above.
- The range is a 95% Poisson interval on the counts behind the rates: the low projection takes
  each entry count at its lower bound and each exit count at its upper bound, the high one the
  opposite (moves between categories and ageing stay at their estimate).
"""

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

# PLACE codes per category, as cs-demand-model's standard-v1 configuration maps them.
CATEGORIES = ("fostering", "residential", "supported", "other")
CATEGORY_LABELS = {
    "fostering": "Fostering",
    "residential": "Residential",
    "supported": "Supported",
    "other": "Other",
}
PLACE_CATEGORY = {
    **dict.fromkeys(("U1", "U2", "U3", "U4", "U5", "U6"), "fostering"),
    **dict.fromkeys(("K2", "R1"), "residential"),
    **dict.fromkeys(("H5", "P2"), "supported"),
}

# Age bands: (label, lowest age, length in days for ageing). The last band ages out at the
# reference model's default upper age of 30, (30 - 16) x 365 days.
YEAR_IN_DAYS = 365.24
BANDS = (
    ("Under 1", 0, 365),
    ("1 to 4", 1, 4 * 365),
    ("5 to 9", 5, 5 * 365),
    ("10 to 15", 10, 6 * 365),
    ("16 and over", 16, 14 * 365),
)
_BAND_STARTS = [band[1] for band in BANDS]
ROUTES = ("in_house", "external")
ROUTE_LABELS = {"in_house": "In-house", "external": "External"}
EXIT = None  # the destination "out of care"
Z95 = 1.959963984540054


def category(place: str) -> str:
    return PLACE_CATEGORY.get(place, "other")


def route(purchase_route: str) -> str:
    """Episode.purchase_route: in_house is in-house; framework, spot or blank external."""
    return "in_house" if purchase_route == "in_house" else "external"


def band(decom: date, birth_year: int, birth_month: int) -> int:
    """The age band at the episode's start, taking birth as the 1st of the month of birth."""
    age = (decom - date(birth_year, birth_month, 1)).days / YEAR_IN_DAYS
    return max(bisect_right(_BAND_STARTS, age) - 1, 0)


@dataclass(frozen=True)
class Episode:
    child: int
    decom: date
    dec: date | None
    place: str
    birth_year: int
    birth_month: int
    route: str = "external"  # "in_house" or "external" (calculations.route)


@dataclass
class Rates:
    """Daily rates and the counts behind them, estimated over a window."""

    start: date
    end: date
    moves: dict = field(default_factory=dict)  # (state, state|EXIT) -> daily rate
    move_counts: dict = field(default_factory=dict)  # (state, state|EXIT) -> moves counted
    entries: dict = field(default_factory=dict)  # state -> children a day
    entry_counts: dict = field(default_factory=dict)  # state -> entries counted
    population: dict = field(default_factory=dict)  # state -> children on `end`
    # (band, category, route) -> children on `end`; summed over routes, `population`
    population_routes: dict = field(default_factory=dict)
    # category -> {route: entries and moves in from another category over the window}
    inflow_routes: dict = field(default_factory=dict)

    def route_shares(self, cat: str) -> dict:
        """How the category's inflows are shared between routes: as in the window, else as its
        children on the window's last day, else all external."""
        counts = self.inflow_routes.get(cat) or {}
        if not sum(counts.values()):
            counts = dict.fromkeys(ROUTES, 0)
            for (_band, c, r), n in self.population_routes.items():
                if c == cat:
                    counts[r] += n
        total = sum(counts.values())
        if not total:
            return {"in_house": 0.0, "external": 1.0}
        return {r: counts.get(r, 0) / total for r in ROUTES}


def estimate(episodes, start: date, end: date) -> Rates:
    """Rates over [start, end] from episodes sorted by child then start date."""
    if end <= start:
        raise ValueError("The reference window must end after it starts.")
    # Per episode: state, next/previous contiguity, with overlaps cut as the reference does.
    rows = []
    previous = None
    for ep in episodes:
        state = (band(ep.decom, ep.birth_year, ep.birth_month), category(ep.place))
        rows.append([ep.child, ep.decom, ep.dec, state, True, EXIT, ep.route, True])
        if previous is not None and previous[0] == ep.child:
            if previous[2] is None or previous[2] > ep.decom:
                previous[2] = ep.decom
            if previous[2] == ep.decom:
                rows[-1][4] = False  # not an entry: continues the episode before
                previous[5] = state[1]  # the category it moves to
                rows[-1][7] = previous[3][1] != state[1]  # an inflow if from another category
        previous = rows[-1]

    days = (end - start).days + 1
    first = start - timedelta(days=1)
    # Population by state for each day from `first` to `end`, by differences.
    diff: dict = defaultdict(lambda: [0] * (days + 2))
    moves_by_day: list = []
    entry_counts: dict = defaultdict(int)
    population_routes: dict = defaultdict(int)
    inflow_routes: dict = {}
    for _child, decom, dec, state, entry, after, way, inflow in rows:
        if dec is not None and dec < first:
            continue
        if decom > end:
            continue
        if dec is None or dec > end:
            population_routes[(*state, way)] += 1
        if inflow and start <= decom:
            shares = inflow_routes.setdefault(state[1], dict.fromkeys(ROUTES, 0))
            shares[way] += 1
        d = diff[state]
        d[max((decom - first).days, 0)] += 1
        if dec is not None and dec <= end:
            d[(dec - first).days] -= 1
            if dec >= start:
                to = EXIT if after is EXIT else (state[0], after)
                moves_by_day.append(((dec - first).days, state, to))
        if entry and start <= decom:
            entry_counts[state] += 1
    stock = {}
    for state, d in diff.items():
        running, series = 0, [0] * (days + 1)
        for i in range(days + 1):
            running += d[i]
            series[i] = running
        stock[state] = series
    sums: dict = defaultdict(float)
    counts: dict = defaultdict(int)
    for offset, state, to in moves_by_day:
        # The population the day before; on the window's first day the reference model
        # back-fills with the first day's own.
        before = stock[state][offset - 1] if offset > 1 else stock[state][1]
        if before > 0:
            sums[(state, to)] += 1 / before
        counts[(state, to)] += 1
    span = (end - start).days
    return Rates(
        start=start,
        end=end,
        moves={key: total / days for key, total in sums.items()},
        move_counts=dict(counts),
        entries={state: n / span for state, n in entry_counts.items()},
        entry_counts=dict(entry_counts),
        population={state: series[days] for state, series in stock.items() if series[days]},
        population_routes=dict(population_routes),
        inflow_routes=inflow_routes,
    )


def poisson_bounds(n: int) -> tuple[float, float]:
    """An approximate 95% interval for a Poisson count (Wilson-Hilferty's cube roots)."""
    if n <= 0:
        return 0.0, 3.689  # the exact upper bound for a count of 0
    low = n * (1 - 1 / (9 * n) - Z95 / (3 * math.sqrt(n))) ** 3
    m = n + 1
    high = m * (1 - 1 / (9 * m) + Z95 / (3 * math.sqrt(m))) ** 3
    return max(low, 0.0), high


@dataclass(frozen=True)
class Adjustment:
    """A scenario's change: `kind` "rate" multiplies the rate of entries into `to_category`
    (from_category "entry"), exits from `from_category` (to_category "exit"), or moves between
    two categories by (100 + percent) / 100, for both routes; "move" moves `children` from one
    category (and route, or either in proportion) to another category and route (or its routes
    as its inflows are shared) on the first day."""

    kind: str
    from_category: str
    to_category: str
    percent: float = 0.0
    children: int = 0
    from_route: str = ""
    to_route: str = ""

    def describe(self) -> str:
        """In words, for the page and the reports."""

        def place(cat, way):
            label = CATEGORY_LABELS[cat].lower()
            return f"{ROUTE_LABELS[way].lower()} {label}" if way else label

        if self.kind == "move":
            return (
                f"{self.children} {'child moves' if self.children == 1 else 'children move'} "
                f"from {place(self.from_category, self.from_route)} "
                f"to {place(self.to_category, self.to_route)} on the first day"
            )
        change = f"{self.percent:+g}%".replace("-", "\u2212")
        if self.from_category == "entry":
            return f"entries into {place(self.to_category, '')} {change}"
        if self.to_category == "exit":
            return f"leaving care from {place(self.from_category, '')} {change}"
        return (
            f"moves from {place(self.from_category, '')} to {place(self.to_category, '')} {change}"
        )


def _transitions(rates: Rates, adjustments=(), bound: str = "mid") -> tuple[dict, dict]:
    """The daily rates out of each state ({state: [(to, rate)]}) and the entries a day."""
    moves = dict(rates.moves)
    entries = dict(rates.entries)
    if bound != "mid":
        for key, rate in moves.items():
            if key[1] is EXIT and rates.move_counts.get(key):
                n = rates.move_counts[key]
                low, high = poisson_bounds(n)
                moves[key] = rate * (high if bound == "low" else low) / n
        for state, rate in entries.items():
            n = rates.entry_counts[state]
            low, high = poisson_bounds(n)
            entries[state] = rate * (low if bound == "low" else high) / n
    for adj in adjustments:
        if adj.kind != "rate":
            continue
        factor = (100 + adj.percent) / 100
        if adj.from_category == "entry":
            for state in entries:
                if state[1] == adj.to_category:
                    entries[state] *= factor
        else:
            for key in moves:
                (_band, cat), to = key
                target = "exit" if to is EXIT else to[1]
                if cat == adj.from_category and target == adj.to_category:
                    moves[key] *= factor
    out: dict = defaultdict(list)
    for (state, to), rate in moves.items():
        out[state].append((to, rate))
    for b, (_label, _age, length) in enumerate(BANDS):
        for cat in CATEGORIES:
            to = (b + 1, cat) if b + 1 < len(BANDS) else EXIT
            out[(b, cat)].append((to, 1 / length))
    return dict(out), entries


def _route_states(rates: Rates) -> dict:
    """The population on the window's last day by (band, category, route)."""
    if rates.population_routes or not rates.population:
        return {s: float(n) for s, n in rates.population_routes.items()}
    return {(*s, "external"): float(n) for s, n in rates.population.items()}


def _move_children(population: dict, adjustments, shares: dict) -> dict:
    population = dict(population)
    for adj in adjustments:
        if adj.kind != "move" or adj.children <= 0:
            continue
        source = {
            s: n
            for s, n in population.items()
            if s[1] == adj.from_category and adj.from_route in ("", s[2]) and n > 0
        }
        total = sum(source.values())
        if not total:
            continue
        moving = min(adj.children, total)
        into = (
            {adj.to_route: 1.0} if adj.to_route else shares[adj.to_category]
        )  # a route given, or the category's inflows' shares
        for state, n in source.items():
            share = moving * n / total
            population[state] = n - share
            for way, part in into.items():
                target = (state[0], adj.to_category, way)
                population[target] = population.get(target, 0) + share * part
    return population


def project(rates: Rates, days: int, adjustments=(), bound: str = "mid") -> list[dict]:
    """The population by (band, category, route) for each of the `days` days after the
    window's end."""
    out, entries = _transitions(rates, adjustments, bound)
    shares = {c: rates.route_shares(c) for c in CATEGORIES}
    pairs = set(rates.population) | set(out) | set(entries)
    states = {(b, c, r) for b, c in pairs for r in ROUTES}
    population = dict.fromkeys(states, 0.0)
    population.update(_route_states(rates))
    population = _move_children(population, adjustments, shares)
    states |= set(population)
    arriving = {(b, c, r): rate * shares[c][r] for (b, c), rate in entries.items() for r in ROUTES}
    plan = []
    for state in states:
        b, c, r = state
        flows = out.get((b, c), [])
        total = sum(rate for _to, rate in flows)
        split = []
        for to, rate in flows:
            if to is EXIT:
                continue
            if to[0] != b or to[1] == c:  # ageing, or a move within the category: same route
                split.append(((*to, r), rate / total))
            else:  # into another category: shared as its inflows are
                split.extend(
                    ((*to, way), rate / total * part) for way, part in shares[to[1]].items() if part
                )
        plan.append((state, total, split))
    days_out = []
    for _ in range(days):
        nxt = {s: population.get(s, 0.0) + arriving.get(s, 0.0) for s in states}
        for state, total, shares_out in plan:
            n = population.get(state, 0.0)
            if not n or not total:
                continue
            leaving = min(n * total, n) if total > 0 else 0.0
            nxt[state] -= leaving
            for to, share in shares_out:
                nxt[to] = nxt.get(to, 0.0) + leaving * share
        population = nxt
        days_out.append(population)
    return days_out


def by_category(population: dict) -> dict[str, float]:
    totals = dict.fromkeys(CATEGORIES, 0.0)
    for (_band, cat, *_route), n in population.items():
        totals[cat] += n
    return totals


def by_route(population: dict) -> dict[tuple[str, str], float]:
    """Children by (category, route); states without a route count as external."""
    totals = {(c, r): 0.0 for c in CATEGORIES for r in ROUTES}
    for state, n in population.items():
        way = state[2] if len(state) > 2 else "external"
        totals[(state[1], way)] += n
    return totals
