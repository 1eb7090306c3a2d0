from cip.access import Capability
from tests.routes import Route

VIEW, EDIT, MANAGE = Capability.VIEW, Capability.EDIT, Capability.MANAGE
BRIEF = "briefs.DesignBrief"
VIA_BRIEF = "brief__partnership"

ROUTES = [
    Route("briefs:brief-list", VIEW),
    Route("briefs:brief-create", EDIT),
    Route("briefs:brief-detail", VIEW, record=BRIEF),
    Route("briefs:brief-edit", EDIT, record=BRIEF),
    Route("briefs:brief-move", EDIT, record=BRIEF),
    Route("briefs:priority-area-list", MANAGE),
    Route("briefs:priority-area-create", MANAGE),
    Route("briefs:priority-area-edit", MANAGE, record="briefs.PriorityArea"),
    Route("briefs:task-create", EDIT, record=BRIEF),
    Route("briefs:task-edit", EDIT, record="briefs.BriefTask", through=VIA_BRIEF),
    Route("briefs:member-create", EDIT, record=BRIEF),
    Route("briefs:member-edit", EDIT, record="briefs.DesignTeamMember", through=VIA_BRIEF),
    Route("briefs:research-create", EDIT, record=BRIEF),
    Route("briefs:research-edit", EDIT, record="briefs.ResearchItem", through=VIA_BRIEF),
    Route("briefs:document-create", EDIT, record=BRIEF),
    Route("briefs:document-edit", EDIT, record="briefs.DocumentLink", through=VIA_BRIEF),
    Route("briefs:task-delete", EDIT, record="briefs.BriefTask", through=VIA_BRIEF),
    Route("briefs:member-delete", EDIT, record="briefs.DesignTeamMember", through=VIA_BRIEF),
    Route("briefs:research-delete", EDIT, record="briefs.ResearchItem", through=VIA_BRIEF),
    Route("briefs:document-delete", EDIT, record="briefs.DocumentLink", through=VIA_BRIEF),
]
