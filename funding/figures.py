"""Funding's figures, as at a date: the one reader that the funding totals page, the
dashboard, report prefills and appendices and the board pack all call.

An award counts as secured once it was decided by the as-at date; a bid lost counts as lost
from the day it was decided. An award with no decision date is not counted at any date, and
the figures say how many there are. The pipeline (bids still open) is the bids' stages as
they stand today: bids keep no dated stage history that would tell their stage on a day.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from funding import calculations
from funding.models import Bid

ZERO = Decimal(0)


@dataclass(frozen=True)
class Award:
    pk: int
    title: str
    funder: str
    lead: str
    decided_on: date
    amount: Decimal


@dataclass(frozen=True)
class FundingFigures:
    as_at: date
    totals: calculations.FundingTotals
    awards: list[Award]  # secured by as_at, in the order they were decided
    undated_awards: int  # secured, but with no decision date: counted at no date
    headline: calculations.HeadlineCheck

    def secured_in(self, financial_year: str):
        return dict(self.totals.secured_by_year).get(financial_year, ZERO)


def _decided_by(bid: Bid, as_at: date) -> bool:
    return bid.decided_on is not None and bid.decided_on <= as_at


def figures(partnership, *, as_at: date) -> FundingFigures:
    """One query: every live bid of the partnership with its funder and lead."""
    bids = list(
        partnership.bids.select_related("funder", "lead_applicant").order_by(
            "decided_on", "title", "pk"
        )
    )
    counted, awards, undated = [], [], 0
    for bid in bids:
        if bid.stage in Bid.DECIDED_STAGES and not _decided_by(bid, as_at):
            undated += bid.stage in Bid.SECURED_STAGES and bid.decided_on is None
            continue
        counted.append(
            calculations.BidFigures(
                title=bid.title,
                stage=bid.stage,
                lead=str(bid.lead_applicant),
                amount_requested=bid.amount_requested,
                amount_awarded=bid.amount_awarded,
                decided_on=bid.decided_on,
                probability=bid.probability,
            )
        )
        if bid.stage in Bid.SECURED_STAGES:
            awards.append(
                Award(
                    pk=bid.pk,
                    title=bid.title,
                    funder=str(bid.funder),
                    lead=str(bid.lead_applicant),
                    decided_on=bid.decided_on,
                    amount=bid.amount_awarded or ZERO,
                )
            )
    totals = calculations.funding_totals(counted)
    return FundingFigures(
        as_at=as_at,
        totals=totals,
        awards=awards,
        undated_awards=undated,
        headline=calculations.check_headline(computed=totals.secured),
    )
