"""Moving a bid through its stages: one step at a time, each with what it needs."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cip.services import StaleEditError
from funding.models import Bid
from funding.services import bid_move_stage
from tests.funding.factories import AwardFactory, BidFactory

pytestmark = pytest.mark.django_db
Stage = Bid.Stage


def _submitted(partnership, **kwargs):
    return BidFactory(
        partnership=partnership,
        stage=Stage.SUBMITTED,
        eligibility_note="Councils only",
        submitted_on=date(2019, 6, 30),
        amount_requested=Decimal("234600"),
        **kwargs,
    )


def _refusal(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_prospect_walks_to_an_award_one_stage_at_a_time(partnership):
    bid = BidFactory(partnership=partnership)
    steps = [
        (Stage.ELIGIBILITY_CHECKED, {"eligibility_note": "Open to councils only"}),
        (Stage.DRAFTING, {}),
        (Stage.INTERNAL_SIGN_OFF, {"amount_requested": Decimal("234600")}),
        (Stage.SUBMITTED, {"submitted_on": date(2019, 6, 30)}),
        (
            Stage.AWARDED,
            {"decided_on": date(2019, 7, 31), "amount_awarded": Decimal("234600")},
        ),
        (Stage.AGREEMENT_SIGNED, {}),
        (Stage.IN_DELIVERY, {"start_date": date(2020, 10, 1)}),
        (Stage.CLOSED, {"end_date": date(2022, 3, 31)}),
    ]
    for stage, values in steps:
        bid = bid_move_stage(bid=bid, to_stage=stage, expected_version=bid.version, **values)
    bid.refresh_from_db()
    assert bid.stage == Stage.CLOSED
    assert bid.version == 9
    assert bid.history.count() == 9


def test_a_skipped_stage_is_refused_and_nothing_changes(partnership):
    bid = BidFactory(partnership=partnership, stage=Stage.DRAFTING, eligibility_note="Any")
    with pytest.raises(ValidationError) as excinfo:
        bid_move_stage(
            bid=bid,
            to_stage=Stage.AWARDED,
            expected_version=1,
            decided_on=date(2019, 7, 31),
            amount_awarded=Decimal(1),
        )
    assert _refusal(excinfo)["stage"] == [
        "A bid at “Drafting” cannot move to “Awarded”: it can move to “Internal sign-off” or "
        "“Withdrawn”"
    ]
    fresh = Bid.objects.get(pk=bid.pk)
    assert (fresh.stage, fresh.amount_awarded, fresh.version) == (Stage.DRAFTING, None, 1)


def test_an_award_without_a_decided_date_or_amount_is_refused(partnership):
    bid = _submitted(partnership)
    with pytest.raises(ValidationError) as excinfo:
        bid_move_stage(bid=bid, to_stage=Stage.AWARDED, expected_version=1)
    refusal = _refusal(excinfo)
    assert refusal["decided_on"] == ["Enter the date the funder decided"]
    assert refusal["amount_awarded"] == ["Enter the amount awarded"]
    assert Bid.objects.get(pk=bid.pk).stage == Stage.SUBMITTED


def test_a_decision_before_the_submission_is_refused(partnership):
    bid = _submitted(partnership)
    with pytest.raises(ValidationError) as excinfo:
        bid_move_stage(
            bid=bid,
            to_stage=Stage.UNSUCCESSFUL,
            expected_version=1,
            decided_on=date(2019, 6, 1),
        )
    assert _refusal(excinfo)["decided_on"] == [
        "The decided date cannot be before the submitted date"
    ]
    assert Bid.objects.get(pk=bid.pk).decided_on is None


def test_an_award_above_the_request_needs_confirming(partnership):
    bid = _submitted(partnership)
    values = {"decided_on": date(2019, 7, 31), "amount_awarded": Decimal("250000")}
    with pytest.raises(ValidationError) as excinfo:
        bid_move_stage(bid=bid, to_stage=Stage.AWARDED, expected_version=1, **values)
    assert "confirm_over_request" in _refusal(excinfo)
    assert Bid.objects.get(pk=bid.pk).amount_awarded is None

    bid = Bid.objects.get(pk=bid.pk)
    bid_move_stage(
        bid=bid, to_stage=Stage.AWARDED, expected_version=1, confirm_over_request=True, **values
    )
    assert Bid.objects.get(pk=bid.pk).amount_awarded == Decimal("250000")


def test_a_final_stage_goes_nowhere(partnership):
    bid = AwardFactory(partnership=partnership, stage=Stage.UNSUCCESSFUL, amount_awarded=None)
    with pytest.raises(ValidationError) as excinfo:
        bid_move_stage(bid=bid, to_stage=Stage.SUBMITTED, expected_version=1)
    assert "it can move to no other stage" in _refusal(excinfo)["stage"][0]


def test_a_move_from_a_stale_page_is_refused(partnership):
    bid = _submitted(partnership)
    stale = Bid.objects.get(pk=bid.pk)
    bid_move_stage(bid=bid, to_stage=Stage.WITHDRAWN, expected_version=1)
    with pytest.raises(StaleEditError):
        bid_move_stage(
            bid=stale, to_stage=Stage.UNSUCCESSFUL, expected_version=1, decided_on=date(2019, 8, 1)
        )
    assert Bid.objects.get(pk=bid.pk).stage == Stage.WITHDRAWN


def test_the_database_refuses_a_negative_award(partnership):
    from django.db import IntegrityError, transaction

    bid = AwardFactory(partnership=partnership)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bid.objects.filter(pk=bid.pk).update(amount_awarded=Decimal(-1))
