"""Funding's figures, as at a date: the one reader that the funding totals page, the
dashboard, report prefills and appendices and the board pack all call.

An award counts as secured once it was decided by the as-at date; a bid lost counts as lost
from the day it was decided. An award with no decision date is not counted at any date, and
the figures say how many there are. The pipeline is the bids open on the as-at date: their
stage, amount and chance as their history stood at the end of that day (`open_bids`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

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


def _bid_figures(bid) -> calculations.BidFigures:
    """A bid, live or a history row of it (the same fields), as the totals count it."""
    return calculations.BidFigures(
        title=bid.title,
        stage=bid.stage,
        lead=str(bid.lead_applicant),
        amount_requested=bid.amount_requested,
        amount_awarded=bid.amount_awarded,
        decided_on=bid.decided_on,
        probability=bid.probability,
    )


def open_bids(partnership, *, as_at: date):
    """The bids open on `as_at`, each as its history record that stood at the end of that
    day: a QuerySet of `Bid.history` rows (stage, amount, probability as they were then; `id`
    is the bid's). First recorded by then, an open stage then, and not archived by then."""
    end = timezone.make_aware(datetime.combine(as_at + timedelta(days=1), time.min))
    History = Bid.history.model
    then = History.objects.filter(id=OuterRef("pk"), history_date__lt=end).order_by(
        "-history_date", "-history_id"
    )
    stood = (
        partnership.bids(manager="all_objects")
        .filter(Q(archived_at__isnull=True) | Q(archived_at__gte=end))
        .annotate(stood=Subquery(then.values("history_id")[:1]))
        .filter(stood__isnull=False)
        .values("stood")
    )
    return History.objects.filter(
        history_id__in=stood, stage__in=Bid.OPEN_STAGES, history_type__in=("+", "~")
    ).select_related("lead_applicant")


def figures(partnership, *, as_at: date) -> FundingFigures:
    """Two queries: every live bid of the partnership with its funder and lead (awards and
    losses), and the bids' history rows open at the end of `as_at` (the pipeline)."""
    bids = list(
        partnership.bids.select_related("funder", "lead_applicant").order_by(
            "decided_on", "title", "pk"
        )
    )
    counted, awards, undated, decided = [], [], 0, set()
    for bid in bids:
        if bid.stage in Bid.OPEN_STAGES:
            continue  # the pipeline comes from history, below
        if bid.stage in Bid.DECIDED_STAGES and not _decided_by(bid, as_at):
            undated += bid.stage in Bid.SECURED_STAGES and bid.decided_on is None
            continue
        counted.append(_bid_figures(bid))
        if bid.stage in Bid.DECIDED_STAGES:
            decided.add(bid.pk)
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
    for row in open_bids(partnership, as_at=as_at).order_by("title", "id"):
        if row.id in decided:
            continue
        counted.append(_bid_figures(row))
    totals = calculations.funding_totals(counted)
    return FundingFigures(
        as_at=as_at,
        totals=totals,
        awards=awards,
        undated_awards=undated,
        headline=calculations.check_headline(computed=totals.secured),
    )
