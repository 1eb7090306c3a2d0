"""Pure functions over plain values, unit-tested without a database.

First, work package, contract and outcome rules. Then the business-case financial model,
over Decimal money and percentages.

Percentages are given as numbers of per cent (75 means 75%). Money is Decimal pounds; results
are rounded to pence only where they are shown, never in the middle of a calculation.
Discounting follows HM Treasury's Green Book: the social time preference rate schedule
(3.5% for years 0-30, 3.0% for 31-75, 2.5% beyond), a discount factor of 1 in year 0, and
each later year discounted at the rate of its band. Payback is not a Green Book measure, but
it is what the council's reports state, so it is computed the way they state it: investment
divided by the annual net saving.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cip.periods import add_months, financial_year_label

DESIGN, DELIVERY, EVALUATION, CLOSED = "design", "delivery", "evaluation", "closed"
STAGE_ORDER = [DESIGN, DELIVERY, EVALUATION, CLOSED]

C_DRAFT, C_APPROVED, C_LIVE, C_ENDED = "draft", "approved", "live", "ended"


def stage_problem(
    *, current: str, target: str, has_business_case: bool, has_contract: bool
) -> str | None:
    """Why a work package may not move from `current` to `target`, or None.

    Entering delivery needs an approved business case and an approved tier-2 contract; the
    message names each condition that is missing.
    """
    if current == target:
        return "The work package is already at that stage."
    if current not in STAGE_ORDER or target not in STAGE_ORDER:
        return "Choose a stage: design, delivery, evaluation or closed."
    if STAGE_ORDER.index(target) != STAGE_ORDER.index(current) + 1:
        return "A work package moves one stage at a time: design, delivery, evaluation, closed."
    if target == DELIVERY:
        missing = []
        if not has_business_case:
            missing.append("an approved business case")
        if not has_contract:
            missing.append("an approved tier-2 contract")
        if missing:
            return f"It cannot enter delivery without {' and '.join(missing)}."
    return None


CONTRACT_NEXT = {C_APPROVED: C_LIVE, C_LIVE: C_ENDED}


def contract_move_problem(*, current: str, target: str) -> str | None:
    """Why a contract may not move by hand from `current` to `target`, or None."""
    if target == C_APPROVED:
        return "Only a board decision can approve a contract: put it on a board agenda."
    if current == C_DRAFT:
        return "A draft contract must first be approved by a board decision."
    if current == C_ENDED:
        return "The contract has ended."
    if CONTRACT_NEXT.get(current) != target:
        return "A contract moves from approved to live, then to ended."
    return None


@dataclass(frozen=True)
class Progress:
    latest: Decimal | None
    share_of_gap_closed: Decimal | None  # 0 at the baseline, 1 at the target
    met: bool


def progress(
    *, baseline: Decimal, target: Decimal, higher_is_better: bool, latest: Decimal | None
) -> Progress:
    """How far the latest actual has moved from the baseline towards the target."""
    if latest is None:
        return Progress(latest=None, share_of_gap_closed=None, met=False)
    met = latest >= target if higher_is_better else latest <= target
    gap = target - baseline
    share = None if gap == 0 else ((latest - baseline) / gap).quantize(Decimal("0.001"))
    return Progress(latest=latest, share_of_gap_closed=share, met=met)


# --- The business-case financial model (issue 6) ---------------------------------------

ZERO = Decimal(0)
HUNDRED = Decimal(100)
WEEKS_A_YEAR = Decimal(52)

# (first year, last year or None, rate %): the Green Book STPR schedule.
GREEN_BOOK_STPR: tuple[tuple[int, int | None, Decimal], ...] = (
    (0, 30, Decimal("3.5")),
    (31, 75, Decimal("3.0")),
    (76, None, Decimal("2.5")),
)

# Green Book optimism bias upper bounds (% uplift) by project type.
OPTIMISM_BIAS_UPPER = {
    "standard_buildings": Decimal(24),
    "non_standard_buildings": Decimal(51),
    "standard_civil_engineering": Decimal(44),
    "non_standard_civil_engineering": Decimal(66),
    "equipment_development": Decimal(200),
    "outsourcing": Decimal(41),
}


def pct(value: Decimal) -> Decimal:
    return Decimal(value) / HUNDRED


@dataclass(frozen=True)
class CaseInputs:
    """Everything the model needs, as a commissioner enters it."""

    purchase: Decimal = ZERO
    fees: Decimal = ZERO
    works: Decimal = ZERO
    other_capital: Decimal = ZERO
    contingency_pct: Decimal = ZERO
    inflation_pct: Decimal = ZERO
    asset_transfer: Decimal = ZERO
    retained_value: Decimal = ZERO
    do_nothing_costs: Sequence[Decimal] = ()  # annual: placements, social worker, IRO, travel
    new_model_costs: Sequence[Decimal] = ()  # annual: service, running, maintenance
    placements: Decimal = ZERO
    weekly_saving: Decimal = ZERO  # per person per week
    occupancy_pct: Decimal = HUNDRED
    appraisal_years: int = 10
    optimism_bias_pct: Decimal = ZERO
    optimism_bias_mitigation_pct: Decimal = ZERO
    rate_schedule: tuple[tuple[int, int | None, Decimal], ...] = GREEN_BOOK_STPR


def capital_total(inputs: CaseInputs) -> Decimal:
    """Capital lines, plus contingency, plus inflation on both."""
    lines = inputs.purchase + inputs.fees + inputs.works + inputs.other_capital
    return lines * (1 + pct(inputs.contingency_pct)) * (1 + pct(inputs.inflation_pct))


def gross_investment(inputs: CaseInputs) -> Decimal:
    return capital_total(inputs) + inputs.asset_transfer


def net_investment(inputs: CaseInputs) -> Decimal:
    """Gross investment less the asset's retained (resale) value."""
    return gross_investment(inputs) - inputs.retained_value


def placement_saving(inputs: CaseInputs) -> Decimal:
    """Placements x weekly saving per person x 52 x occupancy."""
    return inputs.placements * inputs.weekly_saving * WEEKS_A_YEAR * pct(inputs.occupancy_pct)


def annual_net_saving(inputs: CaseInputs) -> Decimal:
    """Do-nothing costs avoided, less the new model's costs, plus placement savings."""
    return (
        sum(inputs.do_nothing_costs, ZERO)
        - sum(inputs.new_model_costs, ZERO)
        + (placement_saving(inputs))
    )


@dataclass(frozen=True)
class Payback:
    years: Decimal  # exact, e.g. 2.3245

    @property
    def whole_years(self) -> int:
        return int(self.months_total // 12)

    @property
    def months(self) -> int:
        return self.months_total % 12

    @property
    def months_total(self) -> int:
        return int((self.years * 12).to_integral_value(rounding=ROUND_HALF_UP))

    def __str__(self) -> str:
        years, months = self.whole_years, self.months
        parts = []
        if years:
            parts.append(f"{years} year{'s' if years != 1 else ''}")
        if months or not years:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " ".join(parts)


def payback(investment: Decimal, annual_saving: Decimal) -> Payback | None:
    """Simple payback; None ("no payback") when the saving is zero or negative."""
    if annual_saving <= 0:
        return None
    return Payback(years=max(investment, ZERO) / annual_saving)


def discount_rate(year: int, schedule=GREEN_BOOK_STPR) -> Decimal:
    for first, last, rate in schedule:
        if year >= first and (last is None or year <= last):
            return rate
    raise ValueError(f"No discount rate for year {year}")


def discount_factors(years: int, schedule=GREEN_BOOK_STPR) -> list[Decimal]:
    """Factors for years 0..years: 1 in year 0; year t is year t-1's over (1 + rate of t)."""
    factors = [Decimal(1)]
    for year in range(1, years + 1):
        factors.append(factors[-1] / (1 + pct(discount_rate(year, schedule))))
    return factors


def optimism_bias_capital(inputs: CaseInputs) -> Decimal:
    """Capital uplifted by optimism bias, less the share the case has mitigated."""
    uplift = pct(inputs.optimism_bias_pct) * (1 - pct(inputs.optimism_bias_mitigation_pct))
    return gross_investment(inputs) * (1 + uplift)


@dataclass(frozen=True)
class Appraisal:
    pv_costs: Decimal
    pv_benefits: Decimal

    @property
    def npsv(self) -> Decimal:
        return self.pv_benefits - self.pv_costs

    @property
    def bcr(self) -> Decimal | None:
        return self.pv_benefits / self.pv_costs if self.pv_costs > 0 else None


def appraise(inputs: CaseInputs) -> Appraisal:
    """Green Book appraisal over the period: costs are the (optimism-adjusted) investment in
    year 0 and the new model's running costs; benefits are the avoided do-nothing costs and
    placement savings each year, and the retained value at the end of the period."""
    if inputs.appraisal_years < 1:
        raise ValueError("The appraisal period must be at least one year")
    factors = discount_factors(inputs.appraisal_years, inputs.rate_schedule)
    running = sum(inputs.new_model_costs, ZERO)
    benefits = sum(inputs.do_nothing_costs, ZERO) + placement_saving(inputs)
    later = sum(factors[1:], ZERO)
    pv_costs = optimism_bias_capital(inputs) + running * later
    pv_benefits = benefits * later + inputs.retained_value * factors[-1]
    return Appraisal(pv_costs=pv_costs, pv_benefits=pv_benefits)


@dataclass(frozen=True)
class SwitchingValue:
    variable: str
    base: Decimal
    switch: Decimal | None  # the value at which the test is just met; None if it never is

    @property
    def change_pct(self) -> Decimal | None:
        if self.switch is None or self.base == 0:
            return None
        return (self.switch - self.base) / self.base * HUNDRED


_VARIABLES = {
    "weekly_saving": "weekly_saving",
    "occupancy": "occupancy_pct",
    "capital": "purchase",  # capital moves as a whole: scaled through a factor below
}


def _with(inputs: CaseInputs, variable: str, value: Decimal) -> CaseInputs:
    if variable == "capital":
        base = capital_total(inputs)
        factor = value / base if base else ZERO
        return replace(
            inputs,
            purchase=inputs.purchase * factor,
            fees=inputs.fees * factor,
            works=inputs.works * factor,
            other_capital=inputs.other_capital * factor,
        )
    return replace(inputs, **{_VARIABLES[variable]: value})


def _base(inputs: CaseInputs, variable: str) -> Decimal:
    if variable == "capital":
        return capital_total(inputs)
    return getattr(inputs, _VARIABLES[variable])


def switching_value_npv(inputs: CaseInputs, variable: str) -> SwitchingValue:
    """The value of `variable` at which NPSV falls to zero. NPSV is linear in each of them,
    so two evaluations give the line exactly."""
    base = _base(inputs, variable)
    at_base = appraise(inputs).npsv
    step = base if base else Decimal(1)
    slope = (appraise(_with(inputs, variable, base + step)).npsv - at_base) / step
    if slope == 0:
        return SwitchingValue(variable, base, None)
    return SwitchingValue(variable, base, base - at_base / slope)


def switching_value_payback(
    inputs: CaseInputs, variable: str, target_years: Decimal, *, net: bool = True
) -> SwitchingValue:
    """The value of `variable` at which payback is exactly `target_years`."""
    investment = net_investment(inputs) if net else gross_investment(inputs)
    base = _base(inputs, variable)
    needed_saving = investment / target_years
    if variable == "capital":
        saving = annual_net_saving(inputs)
        if saving <= 0:
            return SwitchingValue(variable, base, None)
        # investment = capital + fixed part; payback = investment / saving.
        fixed = investment - capital_total(inputs)
        return SwitchingValue(variable, base, target_years * saving - fixed)
    other = annual_net_saving(inputs) - placement_saving(inputs)
    if variable == "weekly_saving":
        per_unit = inputs.placements * WEEKS_A_YEAR * pct(inputs.occupancy_pct)
    else:  # occupancy, in per cent
        per_unit = inputs.placements * inputs.weekly_saving * WEEKS_A_YEAR / HUNDRED
    if per_unit <= 0:
        return SwitchingValue(variable, base, None)
    return SwitchingValue(variable, base, (needed_saving - other) / per_unit)


@dataclass(frozen=True)
class SensitivityRow:
    variable: str
    change_pct: int
    npsv: Decimal
    payback: Payback | None


def sensitivity(
    inputs: CaseInputs, changes: Sequence[int] = (-20, -10, 0, 10, 20)
) -> list[SensitivityRow]:
    """NPSV and net payback when each variable moves by each percentage."""
    rows = []
    for variable in ("weekly_saving", "occupancy", "capital"):
        base = _base(inputs, variable)
        for change in changes:
            moved = _with(inputs, variable, base * (1 + pct(Decimal(change))))
            rows.append(
                SensitivityRow(
                    variable=variable,
                    change_pct=change,
                    npsv=appraise(moved).npsv,
                    payback=payback(net_investment(moved), annual_net_saving(moved)),
                )
            )
    return rows


def cumulative(values: Sequence[Decimal]) -> list[Decimal]:
    total, out = ZERO, []
    for value in values:
        total += value
        out.append(total)
    return out


def payback_reached(
    investment: Decimal, realised_by_period: Sequence[tuple[str, Decimal]]
) -> str | None:
    """The first period whose cumulative realised saving covers the investment."""
    total = ZERO
    for period, amount in realised_by_period:
        total += amount
        if total >= investment:
            return period
    return None


def realisation_rag(realised: Decimal, projected: Decimal) -> str:
    """Green at 95% of plan or better, amber from 75%, red below."""
    if projected <= 0:
        return "green" if realised >= 0 else "red"
    ratio = realised / projected
    if ratio >= Decimal("0.95"):
        return "green"
    if ratio >= Decimal("0.75"):
        return "amber"
    return "red"


# ---------------------------------------------------------------------------------------------
# The whole picture of one case, and the checks a reader makes of a paper's stated figures.


@dataclass(frozen=True)
class Summary:
    """Every computed figure a case page, a board paper or a report shows."""

    capital_total: Decimal
    gross_investment: Decimal
    net_investment: Decimal
    placement_saving: Decimal
    annual_net_saving: Decimal
    gross_payback: Payback | None
    net_payback: Payback | None
    appraisal: Appraisal
    optimism_adjusted_investment: Decimal
    payback_target_years: Decimal | None
    payback_target_net: bool
    npv_switching: tuple[SwitchingValue, ...]
    payback_switching: tuple[SwitchingValue, ...]
    sensitivity: tuple[SensitivityRow, ...]

    @property
    def npsv(self) -> Decimal:
        return self.appraisal.npsv

    @property
    def bcr(self) -> Decimal | None:
        return self.appraisal.bcr

    @property
    def target_payback(self) -> Payback | None:
        return self.net_payback if self.payback_target_net else self.gross_payback

    @property
    def meets_payback_target(self) -> bool | None:
        if self.payback_target_years is None:
            return None
        pay = self.target_payback
        return pay is not None and pay.years <= self.payback_target_years


SWITCHING_VARIABLES = ("weekly_saving", "occupancy", "capital")


def summarise(
    inputs: CaseInputs, *, payback_target_years: Decimal | None = None, target_net: bool = False
) -> Summary:
    """All the figures at once. Needs an appraisal period of at least a year (appraise)."""
    gross, net, saving = gross_investment(inputs), net_investment(inputs), annual_net_saving(inputs)
    target = payback_target_years if payback_target_years and payback_target_years > 0 else None
    return Summary(
        capital_total=capital_total(inputs),
        gross_investment=gross,
        net_investment=net,
        placement_saving=placement_saving(inputs),
        annual_net_saving=saving,
        gross_payback=payback(gross, saving),
        net_payback=payback(net, saving),
        appraisal=appraise(inputs),
        optimism_adjusted_investment=optimism_bias_capital(inputs),
        payback_target_years=target,
        payback_target_net=target_net,
        npv_switching=tuple(switching_value_npv(inputs, v) for v in SWITCHING_VARIABLES),
        payback_switching=tuple(
            switching_value_payback(inputs, v, target, net=target_net) for v in SWITCHING_VARIABLES
        )
        if target
        else (),
        sensitivity=tuple(sensitivity(inputs)),
    )


MONEY_TOLERANCE = Decimal(1000)  # papers round to the nearest £1k
PAYBACK_TOLERANCE_MONTHS = 1
ABOUT_TOLERANCE_PCT = Decimal(10)  # "about £1.1m", "in the region of"


@dataclass(frozen=True)
class Comparison:
    agrees: bool
    # computed - stated (money in pounds, paybacks in months); None when nothing was computed
    difference: Decimal | None
    note: str


def compare_money(stated: Decimal, computed: Decimal, *, about: bool = False) -> Comparison:
    """A stated amount agrees when within £1k of the computed one (within 10% if 'about')."""
    difference = computed - stated
    tolerance = abs(stated) * pct(ABOUT_TOLERANCE_PCT) if about else MONEY_TOLERANCE
    agrees = abs(difference) <= tolerance
    note = "Agrees" if agrees else "Differs"
    return Comparison(agrees=agrees, difference=difference, note=note)


def compare_payback(stated_years: Decimal, computed: Payback | None, *, within: bool) -> Comparison:
    """Compared in whole months, as the page shows paybacks: 'N years' agrees when the computed
    payback is within PAYBACK_TOLERANCE_MONTHS of N years (5 years 3 months is not 'five
    years'); 'within N years' when it is no more than that over N years."""
    if computed is None:
        return Comparison(agrees=False, difference=None, note="No payback computed")
    stated_months = int((stated_years * 12).to_integral_value(rounding=ROUND_HALF_UP))
    months_over = computed.months_total - stated_months
    if within:
        agrees = months_over <= PAYBACK_TOLERANCE_MONTHS
    else:
        agrees = abs(months_over) <= PAYBACK_TOLERANCE_MONTHS
    return Comparison(
        agrees=agrees, difference=Decimal(months_over), note="Agrees" if agrees else "Differs"
    )


# ---------------------------------------------------------------------------------------------
# Benefits realisation: periods are financial years (1 April to 31 March) or their quarters.


def period_label(start_year: int, quarter: int | None) -> str:
    year = financial_year_label(start_year)
    return f"Q{quarter} {year}" if quarter else year


def projected_for(annual_saving: Decimal, quarter: int | None) -> Decimal:
    """What the plan expects in one period: a year's saving, or a quarter of it."""
    return annual_saving / 4 if quarter else annual_saving


@dataclass(frozen=True)
class PaybackDate:
    on: date
    reached: bool  # True: the realised savings have covered the investment; False: forecast


def payback_date(
    *,
    investment: Decimal,
    annual_saving: Decimal,
    start: date,  # the day the savings start
    realised: Sequence[tuple[date, Decimal]] = (),  # (period end date, amount), in order
) -> PaybackDate | None:
    """When the realised savings covered the investment, or when they are forecast to: after
    the last realised period, at the plan's annual saving. None when there is no payback."""
    total, last_end = ZERO, None
    for end, amount in realised:
        total += amount
        last_end = end
        if total >= investment:
            return PaybackDate(on=end, reached=True)
    if annual_saving <= 0:
        return None
    remaining = max(investment - total, ZERO)
    from_day = last_end or start
    months = int((remaining / annual_saving * 12).to_integral_value(rounding=ROUND_HALF_UP))
    return PaybackDate(on=add_months(from_day, months), reached=False)
