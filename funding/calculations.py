"""The arithmetic of grant funding: stages, weighting and totals, over plain values.

Nothing here touches the database, so each figure can be checked against the seed documents
(the Scrutiny report of 9 March 2021: "almost £2m has been achieved through bids").
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from cip.periods import financial_year

PROSPECT = "prospect"
ELIGIBILITY_CHECKED = "eligibility_checked"
DRAFTING = "drafting"
INTERNAL_SIGN_OFF = "internal_sign_off"
SUBMITTED = "submitted"
AWARDED = "awarded"
UNSUCCESSFUL = "unsuccessful"
WITHDRAWN = "withdrawn"
AGREEMENT_SIGNED = "agreement_signed"
IN_DELIVERY = "in_delivery"
CLOSED = "closed"

OPEN = (PROSPECT, ELIGIBILITY_CHECKED, DRAFTING, INTERNAL_SIGN_OFF, SUBMITTED)
SECURED = (AWARDED, AGREEMENT_SIGNED, IN_DELIVERY, CLOSED)

# Where a bid may go from each stage. Anything else is a skipped (or backwards) stage.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    PROSPECT: (ELIGIBILITY_CHECKED, WITHDRAWN),
    ELIGIBILITY_CHECKED: (DRAFTING, WITHDRAWN),
    DRAFTING: (INTERNAL_SIGN_OFF, WITHDRAWN),
    # Sign-off may send the draft back for more work.
    INTERNAL_SIGN_OFF: (SUBMITTED, DRAFTING, WITHDRAWN),
    SUBMITTED: (AWARDED, UNSUCCESSFUL, WITHDRAWN),
    # An award can still be declined before the agreement is signed.
    AWARDED: (AGREEMENT_SIGNED, WITHDRAWN),
    AGREEMENT_SIGNED: (IN_DELIVERY,),
    IN_DELIVERY: (CLOSED,),
    UNSUCCESSFUL: (),
    WITHDRAWN: (),
    CLOSED: (),
}

# What a bid must have recorded to be at each stage, with the message naming the field.
_NEEDS = {
    "eligibility_note": "Enter the eligibility note: who may apply to this programme",
    "amount_requested": "Enter the amount requested",
    "submitted_on": "Enter the date the bid was submitted",
    "decided_on": "Enter the date the funder decided",
    "amount_awarded": "Enter the amount awarded",
    "start_date": "Enter the start date",
    "end_date": "Enter the end date",
}
STAGE_FIELDS = tuple(_NEEDS)
_PREPARED = ("eligibility_note",)
_SIGNED_OFF = (*_PREPARED, "amount_requested")
_SUBMITTED = (*_SIGNED_OFF, "submitted_on")
_AWARDED = (*_SUBMITTED, "decided_on", "amount_awarded")
STAGE_NEEDS: dict[str, tuple[str, ...]] = {
    PROSPECT: (),
    ELIGIBILITY_CHECKED: _PREPARED,
    DRAFTING: _PREPARED,
    INTERNAL_SIGN_OFF: _SIGNED_OFF,
    SUBMITTED: _SUBMITTED,
    AWARDED: _AWARDED,
    UNSUCCESSFUL: (*_SUBMITTED, "decided_on"),
    WITHDRAWN: (),
    AGREEMENT_SIGNED: _AWARDED,
    IN_DELIVERY: (*_AWARDED, "start_date"),
    CLOSED: (*_AWARDED, "start_date", "end_date"),
}


def can_move(from_stage: str, to_stage: str) -> bool:
    return to_stage in NEXT_STAGES.get(from_stage, ())


def missing_for_stage(*, stage: str, values: dict) -> dict[str, str]:
    """The fields a bid at `stage` still lacks, each with a message naming it."""
    return {
        name: _NEEDS[name]
        for name in STAGE_NEEDS.get(stage, ())
        if values.get(name) is None or values.get(name) == ""
    }


def weighted_value(amount: Decimal | None, probability: int) -> Decimal:
    """The amount counted in a weighted pipeline: amount × probability%, to the penny."""
    if amount is None:
        return Decimal("0.00")
    return (amount * Decimal(probability) / Decimal(100)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def success_rate(*, won: int, decided: int) -> Decimal | None:
    """Percentage of decided bids that were awarded, to one place; None before any decision."""
    if decided == 0:
        return None
    return (Decimal(100) * won / decided).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def is_overdue(*, due: date | None, done: date | None, today: date) -> bool:
    return due is not None and done is None and due < today


@dataclass(frozen=True)
class BidFigures:
    """The plain values of one bid that the totals need."""

    title: str
    stage: str
    lead: str
    amount_requested: Decimal | None
    amount_awarded: Decimal | None
    decided_on: date | None
    probability: int


@dataclass(frozen=True)
class FundingTotals:
    secured: Decimal
    awards: list[tuple[str, Decimal]]  # (title, amount): the terms of the secured sum
    secured_by_year: list[tuple[str, Decimal]]
    secured_by_lead: list[tuple[str, Decimal]]
    pipeline_requested: Decimal
    weighted_pipeline: Decimal
    open_bids: int
    won: int
    lost: int
    success_rate: Decimal | None
    by_stage: dict[str, tuple[int, Decimal, Decimal]] = field(default_factory=dict)


def funding_totals(bids: Iterable[BidFigures]) -> FundingTotals:
    """Secured to date (by financial year of decision and by lead), the weighted pipeline of
    bids still open, and the success rate of decided bids (withdrawn bids are not decided)."""
    secured = Decimal(0)
    awards: list[tuple[str, Decimal]] = []
    by_year: dict[str, Decimal] = {}
    by_lead: dict[str, Decimal] = {}
    by_stage: dict[str, tuple[int, Decimal, Decimal]] = {}
    requested = weighted = Decimal(0)
    open_bids = won = lost = 0
    for bid in bids:
        count, stage_requested, stage_weighted = by_stage.get(
            bid.stage, (0, Decimal(0), Decimal(0))
        )
        bid_weighted = weighted_value(bid.amount_requested, bid.probability)
        by_stage[bid.stage] = (
            count + 1,
            stage_requested + (bid.amount_requested or 0),
            stage_weighted + (bid_weighted if bid.stage in OPEN else 0),
        )
        if bid.stage in SECURED:
            won += 1
            amount = bid.amount_awarded or Decimal(0)
            secured += amount
            awards.append((bid.title, amount))
            year = financial_year(bid.decided_on) if bid.decided_on else "Not recorded"
            by_year[year] = by_year.get(year, Decimal(0)) + amount
            by_lead[bid.lead] = by_lead.get(bid.lead, Decimal(0)) + amount
        elif bid.stage == UNSUCCESSFUL:
            lost += 1
        elif bid.stage in OPEN:
            open_bids += 1
            requested += bid.amount_requested or 0
            weighted += bid_weighted
    return FundingTotals(
        secured=secured,
        awards=awards,
        secured_by_year=sorted(by_year.items()),
        secured_by_lead=sorted(by_lead.items(), key=lambda item: (-item[1], item[0])),
        pipeline_requested=requested,
        weighted_pipeline=weighted,
        open_bids=open_bids,
        won=won,
        lost=lost,
        success_rate=success_rate(won=won, decided=won + lost),
        by_stage=by_stage,
    )


@dataclass(frozen=True)
class HeadlineCheck:
    """A document's stated figure beside the one computed from the records."""

    stated: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.computed - self.stated

    @property
    def percent_of_stated(self) -> Decimal:
        if self.stated == 0:
            return Decimal(0)
        return (Decimal(100) * self.computed / self.stated).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def agrees(self) -> bool:
        """'Almost £2m' read generously: within 5% either side of the stated figure."""
        return abs(self.difference) <= self.stated * Decimal("0.05")


BOARD_HEADLINE = Decimal(2_000_000)  # "almost £2m has been achieved through bids" (seed 004)


def check_headline(*, computed: Decimal, stated: Decimal = BOARD_HEADLINE) -> HeadlineCheck:
    return HeadlineCheck(stated=stated, computed=computed)


def awarded_exceeds_request(*, requested: Decimal | None, awarded: Decimal | None) -> bool:
    """An award above the request is unusual enough to need a person to confirm it."""
    return requested is not None and awarded is not None and awarded > requested


def _title_words(title: str) -> str:
    return " ".join(re.findall(r"[0-9a-z]+", title.casefold()))


def similar_titles(first: str, second: str) -> bool:
    """Whether two bid titles probably name the same bid: the same words whatever the case
    and punctuation, or nearly the same letters (a typing slip, a word added or dropped)."""
    a, b = _title_words(first), _title_words(second)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85
