"""Work package, contract and outcome rules as pure functions over plain values."""

from dataclasses import dataclass
from decimal import Decimal

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
