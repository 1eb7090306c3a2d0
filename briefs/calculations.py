"""The brief lifecycle as plain rules over status values, checked without a database."""

DRAFT, AGREED, IN_DESIGN, RECOMMENDATIONS_MADE, CLOSED = (
    "draft",
    "agreed",
    "in_design",
    "recommendations_made",
    "closed",
)

# The one next step from each status that a commissioner may take. Agreeing is missing on
# purpose: only a board decision moves a draft brief to agreed.
NEXT_STEP = {
    AGREED: IN_DESIGN,
    IN_DESIGN: RECOMMENDATIONS_MADE,
    RECOMMENDATIONS_MADE: CLOSED,
}


def move_problem(
    *,
    current: str,
    target: str,
    has_council_lead: bool = True,
    has_partner_lead: bool = True,
    has_recommendations: bool = True,
) -> str | None:
    """Why a brief may not move from `current` to `target` by a commissioner, or None."""
    if target == AGREED:
        return "Only a board decision can agree a brief: put it on a board agenda."
    if current == target:
        return "The brief is already at that stage."
    if current == DRAFT:
        return "A draft brief must first be agreed by a board decision."
    if current == CLOSED:
        return "The brief is closed."
    if NEXT_STEP.get(current) != target:
        return "A brief moves one stage at a time: agreed, in design, recommendations made, closed."
    if target == IN_DESIGN and not (has_council_lead and has_partner_lead):
        missing = [
            side
            for side, present in (
                ("the council", has_council_lead),
                ("the partner", has_partner_lead),
            )
            if not present
        ]
        return f"Name a design team lead from {' and '.join(missing)} before design starts."
    if target == RECOMMENDATIONS_MADE and not has_recommendations:
        return "Record the design team's recommendations first."
    return None


def decision_problem(*, current: str) -> str | None:
    """Why a board decision cannot be taken on a brief with this status, or None."""
    if current != DRAFT:
        return "Only a draft brief can be put to the board for agreement."
    return None
