"""Writes to bids that are more than one plain save."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from cip.services import save_versioned
from funding import calculations
from funding.models import Bid

OVER_REQUEST = (
    "The amount awarded is more than the amount requested: tick the box to confirm it is right"
)


def _label(stage: str) -> str:
    return str(Bid.Stage(stage).label)


@transaction.atomic
def bid_move_stage(
    *,
    bid: Bid,
    to_stage: str,
    expected_version: int,
    user=None,
    eligibility_note: str | None = None,
    amount_requested: Decimal | None = None,
    submitted_on: date | None = None,
    decided_on: date | None = None,
    amount_awarded: Decimal | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    confirm_over_request: bool = False,
) -> Bid:
    """Move a bid to the next stage, recording what that stage needs.

    Refuses a skipped stage ("awarded" straight from "drafting"), a stage without what it
    needs (an award without a decided date or an amount), and an award larger than the
    request unless confirmed. Raises ValidationError keyed by field; nothing is saved then.
    """
    if not calculations.can_move(bid.stage, to_stage):
        allowed = calculations.NEXT_STAGES.get(bid.stage, ())
        options = " or ".join(f"“{_label(s)}”" for s in allowed) or "no other stage"
        raise ValidationError(
            {
                "stage": f"A bid at “{_label(bid.stage)}” cannot move to "
                f"“{_label(to_stage) if to_stage in Bid.Stage.values else to_stage}”: "
                f"it can move to {options}"
            }
        )
    supplied = {
        "eligibility_note": eligibility_note or None,
        "amount_requested": amount_requested,
        "submitted_on": submitted_on,
        "decided_on": decided_on,
        "amount_awarded": amount_awarded,
        "start_date": start_date,
        "end_date": end_date,
    }
    for name, value in supplied.items():
        if value is not None:
            setattr(bid, name, value)
    if (
        to_stage in calculations.SECURED
        and calculations.awarded_exceeds_request(
            requested=bid.amount_requested, awarded=bid.amount_awarded
        )
        and not confirm_over_request
    ):
        raise ValidationError({"confirm_over_request": OVER_REQUEST})
    bid.stage = to_stage
    return save_versioned(instance=bid, expected_version=expected_version, user=user)


# The stages a bid passes through on its way to an award and beyond, in order.
_TO_AWARD = (
    Bid.Stage.ELIGIBILITY_CHECKED,
    Bid.Stage.DRAFTING,
    Bid.Stage.INTERNAL_SIGN_OFF,
    Bid.Stage.SUBMITTED,
    Bid.Stage.AWARDED,
    Bid.Stage.AGREEMENT_SIGNED,
    Bid.Stage.IN_DELIVERY,
    Bid.Stage.CLOSED,
)


@transaction.atomic
def bid_record_past_award(
    *, bid: Bid, to_stage: str, user=None, confirm_over_request: bool = False
) -> Bid:
    """Record an award decided before the partnership kept its bids here, in one step.

    `bid` is unsaved and holds everything the stage `to_stage` (awarded or later) needs. It is
    saved as a prospect and moved through each stage to `to_stage`, so its history holds every
    stage as a bid recorded as it went would, each version by `user`. Raises ValidationError
    keyed by field, and then nothing is saved."""
    if to_stage not in calculations.SECURED:
        raise ValidationError({"stage": "Choose awarded or a later stage for a past award"})
    if (
        calculations.awarded_exceeds_request(
            requested=bid.amount_requested, awarded=bid.amount_awarded
        )
        and not confirm_over_request
    ):
        raise ValidationError({"confirm_over_request": OVER_REQUEST})
    bid.stage = to_stage
    bid.full_clean()  # everything the final stage needs, before anything is saved
    bid.stage = Bid.Stage.PROSPECT
    save_versioned(instance=bid, expected_version=None, user=user)
    for stage in _TO_AWARD[: _TO_AWARD.index(to_stage) + 1]:
        bid.stage = stage
        save_versioned(instance=bid, expected_version=bid.version, user=user)
    return bid
