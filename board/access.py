"""Who may change the board's action log and risk register."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cip.access import Capability, partnership_for, role_can
from cip.models import Partnership

log = logging.getLogger("cip.access")

# Actions and risks may be changed by board members (DECIDE) and commissioners (EDIT).
ACTION_RISK_EDITORS: tuple[Capability, ...] = (Capability.DECIDE, Capability.EDIT)


def partnership_for_any(
    request: HttpRequest,
    slug: str,
    needs: tuple[Capability, ...],
    why: str = "Your role cannot change the board's actions and risks.",
) -> Partnership:
    """Like cip.access.partnership_for, for a page that any one of several capabilities opens."""
    partnership = partnership_for(request, slug, Capability.VIEW)
    role = request.membership.role
    if not any(role_can(role, need) for need in needs):
        log.warning(
            "permission refused: user=%s partnership=%s role=%s needs any of=%s path=%s",
            request.user.pk,
            slug,
            role,
            ",".join(needs),
            request.path,
        )
        raise PermissionDenied(why)
    return partnership


def can_edit_actions_and_risks(role: str) -> bool:
    return any(role_can(role, need) for need in ACTION_RISK_EDITORS)
