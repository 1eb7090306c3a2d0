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
