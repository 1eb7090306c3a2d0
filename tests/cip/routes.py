from board.access import ACTION_RISK_EDITORS
from cip.access import Capability
from tests.routes import Route

VIEW, MANAGE = Capability.VIEW, Capability.MANAGE

ROUTES = [
    Route("login", None, public=True),
    Route("logout", None, methods=("POST",)),
    Route("two-factor-setup", None),
    Route("two-factor-verify", None),
    # Single sign-on (cip.sso): off in the matrix, where each says it is not set up;
    # tests/cip/test_sso.py runs them against a provider.
    Route("sso-start", None, public=True),
    Route("sso-callback", None, public=True),
    Route("sso-unknown", None, public=True),
    Route("cip:home", None),
    Route("cip:partnership-detail", VIEW),
    Route("cip:partnership-edit", MANAGE),
    Route("cip:agreement-edit", MANAGE),
    Route("cip:contract-year-create", MANAGE),
    Route("cip:contract-year-edit", MANAGE, record="cip.ContractYear"),
    Route("cip:membership-list", MANAGE),
    Route("cip:invitation-create", MANAGE),
    Route("cip:invitation-cancel", MANAGE, record="cip.Invitation", methods=("POST",)),
    # Without a token the page says to open the e-mail's link; tests/cip/test_invitations.py
    # follows real links.
    Route("invitation-accept", None, public=True),
    Route("cip:membership-edit", MANAGE, record="cip.Membership"),
    Route("cip:membership-remove", MANAGE, record="cip.Membership"),
    Route(
        "cip:record-history",
        VIEW,
        record="cip.ContractYear",
        extra_kwargs=(("model", "cip.contractyear"),),
    ),
    Route(
        "cip:record-restore",
        MANAGE,
        record="cip.ContractYear",
        extra_kwargs=(("model", "cip.contractyear"),),
        methods=("POST",),
    ),
    Route("cip:organisation-list", VIEW),
    Route("cip:organisation-create", MANAGE),
    Route("cip:organisation-edit", MANAGE, record="cip.Organisation", through="owner"),
    # A shared organisation (the first by key: partnership A's council), which every
    # partnership sees: another partnership's record is not what these pages can be refused.
    Route(
        "cip:organisation-local-name",
        MANAGE,
        record="cip.Organisation",
        tenant_scoped=False,
        methods=("GET", "POST"),
    ),
    Route(
        "cip:organisation-propose",
        MANAGE,
        record="cip.Organisation",
        tenant_scoped=False,
        methods=("GET", "POST"),
    ),
    Route("cip:organisation-proposals", None, site_admin=True, methods=("GET", "POST")),
]

# The archive's pages, shown here for a risk (archived and restored by board members and
# commissioners). tests/routes.py puts them last, as the matrix test archives and restores.
RISK = {"record": "cip.Risk", "extra_kwargs": (("model", "cip.risk"),)}
ARCHIVE_ROUTES = [
    Route("cip:record-archived", VIEW, archived=True, **RISK),
    Route("cip:record-delete", MANAGE, archived=True, methods=("GET", "POST"), **RISK),
    Route("cip:record-archive", ACTION_RISK_EDITORS, methods=("GET", "POST"), **RISK),
    Route("cip:record-unarchive", ACTION_RISK_EDITORS, archived=True, methods=("POST",), **RISK),
]
