"""Who may do what in a partnership, and the one way views fetch a partnership.

Every partnership page starts with `partnership_for(request, slug, need)`: a non-member gets a
404 (we do not reveal that the partnership exists), a member whose role lacks the capability
gets a 403. Records are then fetched through the partnership, so another partnership's record
is a 404 as well.
"""

import logging
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpRequest

from cip.models import (
    ContractYear,
    Membership,
    OrganisationLocalName,
    Partnership,
    use_local_names,
)

log = logging.getLogger("cip.access")
Role = Membership.Role


class Capability(StrEnum):
    VIEW = "view"  # read every page of the partnership
    EDIT = "edit"  # create and change briefs, work packages, business cases, placements, bids
    DECIDE = "decide"  # take part in board meetings: attendees, agenda items, minutes
    CHAIR = "chair"  # create board meetings and record (reword, correct) their decisions
    EXPORT = "export"  # export report PDFs, board packs and tables
    MANAGE = "manage"  # manage members, the agreement and the partnership itself
    # see child-level records: the placement log, a child's page and history, SSDA903 files.
    # Whoever has it signs in with a second factor (cip.two_factor); whoever may edit
    # placements has it.
    VIEW_CHILDREN = "view_children"


GRANTS: dict[Capability, frozenset[str]] = {
    Capability.VIEW: frozenset(Role.values),
    Capability.EDIT: frozenset({Role.COMMISSIONER}),
    Capability.DECIDE: frozenset({Role.BOARD_MEMBER, Role.CHAIR}),
    Capability.CHAIR: frozenset({Role.CHAIR}),
    Capability.EXPORT: frozenset({Role.OFFICER, Role.COMMISSIONER, Role.ADMINISTRATOR}),
    Capability.MANAGE: frozenset({Role.ADMINISTRATOR}),
    Capability.VIEW_CHILDREN: frozenset({Role.COMMISSIONER}),
}
# Records about one child, seen only with VIEW_CHILDREN (their history pages too).
CHILD_LEVEL_MODELS = frozenset({"placements.child", "placements.episode"})


def role_can(role: str, need: Capability) -> bool:
    return role in GRANTS[need]


def _memberships():
    """The membership with what every partnership page shows in its frame, in one query: the
    partnership's council and partner, and the continuation banner's agreement, settings,
    latest continued year and first ended one (board/context.py)."""
    years = ContractYear.objects.filter(partnership=OuterRef("partnership"))
    continued = years.filter(status=ContractYear.Status.CONTINUED).order_by("-number")
    ended = years.filter(status=ContractYear.Status.ENDED).order_by("number")
    return Membership.objects.select_related(
        "partnership__council",
        "partnership__partner",
        "partnership__agreement",
        "partnership__board_settings",
    ).annotate(
        last_continued_end=Subquery(continued.values("end_date")[:1]),
        last_continued_number=Subquery(continued.values("number")[:1]),
        first_ended_number=Subquery(ended.values("number")[:1]),
        keeps_local_names=Exists(
            OrganisationLocalName.objects.filter(partnership=OuterRef("partnership"))
        ),
    )


def partnership_for(
    request: HttpRequest, slug: str, need: Capability = Capability.VIEW
) -> Partnership:
    membership = _memberships().filter(user_id=request.user.pk, partnership__slug=slug).first()
    if membership is None:
        raise Http404("No such partnership")
    if not role_can(membership.role, need):
        log.warning(
            "permission refused: user=%s partnership=%s role=%s needs=%s path=%s",
            request.user.pk,
            slug,
            membership.role,
            need,
            request.path,
        )
        raise PermissionDenied(f"Your role cannot {need.value} in this partnership.")
    request.membership = membership
    use_local_names(membership.partnership_id, any_kept=membership.keeps_local_names)
    return membership.partnership


class LocalNamesMiddleware:
    """Each request starts showing the register's names; `partnership_for` switches to the
    partnership's local names. (Set, not reset afterwards: a streamed export is written after
    the view returns, and still shows the local names.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        use_local_names(None)
        return self.get_response(request)
