from cip.access import Capability
from tests.routes import Route

VIEW, MANAGE = Capability.VIEW, Capability.MANAGE

ROUTES = [
    Route("login", None, public=True),
    Route("logout", None, methods=("POST",)),
    Route("two-factor-setup", None),
    Route("two-factor-verify", None),
    Route("cip:home", None),
    Route("cip:partnership-detail", VIEW),
    Route("cip:partnership-edit", MANAGE),
    Route("cip:agreement-edit", MANAGE),
    Route("cip:contract-year-create", MANAGE),
    Route("cip:contract-year-edit", MANAGE, record="cip.ContractYear"),
    Route("cip:membership-list", MANAGE),
    Route("cip:membership-create", MANAGE),
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
    Route("cip:organisation-edit", MANAGE, record="cip.Organisation", tenant_scoped=False),
]
