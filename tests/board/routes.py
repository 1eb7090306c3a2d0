from board.access import ACTION_RISK_EDITORS
from cip.access import Capability
from tests.routes import Route

VIEW, DECIDE, MANAGE = Capability.VIEW, Capability.DECIDE, Capability.MANAGE
CHAIR = Capability.CHAIR
# Actions and risks: board members (DECIDE) and commissioners (EDIT) may change them.
EDITORS = ACTION_RISK_EDITORS

ITEM_THROUGH = "meeting__partnership"

ROUTES = [
    Route("board:meeting-list", VIEW),
    Route("board:meeting-create", CHAIR),
    Route("board:meeting-detail", VIEW, record="cip.Meeting"),
    Route("board:meeting-edit", DECIDE, record="cip.Meeting"),
    Route("board:meeting-sign-off", DECIDE, record="cip.Meeting"),
    Route("board:meeting-pack", VIEW, record="cip.Meeting"),
    Route("board:attendee-create", DECIDE, record="cip.Meeting"),
    Route("board:attendee-remove", DECIDE, record="cip.Attendee", through=ITEM_THROUGH),
    Route("board:item-create", DECIDE, record="cip.Meeting"),
    Route("board:item-edit", DECIDE, record="cip.AgendaItem", through=ITEM_THROUGH),
    Route("board:decision-create", CHAIR, record="cip.AgendaItem", through=ITEM_THROUGH),
    Route("board:declaration-create", DECIDE, record="cip.AgendaItem", through=ITEM_THROUGH),
    Route("board:decision-list", VIEW),
    Route("board:decision-detail", VIEW, record="cip.Decision"),
    Route("board:decision-edit", CHAIR, record="cip.Decision"),
    Route("board:decision-correct", CHAIR, record="cip.Decision"),
    Route("board:action-list", VIEW),
    Route("board:action-create", EDITORS),
    Route("board:action-edit", EDITORS, record="cip.Action"),
    Route("board:risk-list", VIEW),
    Route("board:risk-create", EDITORS),
    Route("board:risk-detail", VIEW, record="cip.Risk"),
    Route("board:risk-edit", EDITORS, record="cip.Risk"),
    Route("board:secondment-list", VIEW),
    Route("board:secondment-create", MANAGE),
    Route("board:secondment-detail", VIEW, record="cip.Secondment"),
    Route("board:secondment-edit", MANAGE, record="cip.Secondment"),
    Route("board:settings-edit", MANAGE),
    Route("board:interest-list", VIEW),  # each member's own entries; all for CHAIR, MANAGE
    Route("board:interest-create", (DECIDE, MANAGE)),
    # The entry's own member may edit it too; the table's personas are not its member.
    Route("board:interest-edit", (CHAIR, MANAGE), record="cip.Interest"),
    Route("board:proposal-list", VIEW),
    Route("board:proposal-create", CHAIR),
    Route("board:proposal-detail", VIEW, record="cip.Proposal"),
    Route("board:proposal-vote", DECIDE, record="cip.Proposal"),
    Route("board:forward-plan", VIEW),
    Route("board:forward-plan-create", CHAIR),
    Route("board:forward-plan-edit", CHAIR, record="cip.ForwardPlanEntry"),
    Route("board:forward-plan-pdf", VIEW),
    Route("board:meeting-minutes-pdf", VIEW, record="cip.Meeting"),
    Route("board:decision-notice-pdf", VIEW, record="cip.Decision"),
]
