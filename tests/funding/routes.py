from cip.access import Capability
from tests.routes import Route

VIEW, EDIT, EXPORT = Capability.VIEW, Capability.EDIT, Capability.EXPORT
THROUGH_BID = "bid__partnership"

ROUTES = [
    Route("funding:bid-list", VIEW),
    Route("funding:pipeline", VIEW),
    Route("funding:totals", VIEW),
    Route("funding:condition-list", VIEW),
    Route("funding:sub-grant-list", VIEW),
    Route("funding:giving-360", VIEW),
    Route("funding:giving-360-json", EXPORT),
    Route("funding:giving-360-csv", EXPORT),
    Route("funding:bid-create", EDIT),
    Route("funding:bid-past-award", EDIT),
    Route("funding:bid-detail", VIEW, record="funding.Bid"),
    Route("funding:bid-edit", EDIT, record="funding.Bid"),
    Route("funding:bid-stage", EDIT, record="funding.Bid"),
    Route("funding:supporter-create", EDIT, record="funding.Bid"),
    Route(
        "funding:supporter-edit",
        EDIT,
        record="funding.SupportingOrganisation",
        through=THROUGH_BID,
    ),
    Route("funding:document-create", EDIT, record="funding.Bid"),
    Route("funding:document-edit", EDIT, record="funding.BidDocument", through=THROUGH_BID),
    Route("funding:condition-create", EDIT, record="funding.Bid"),
    Route("funding:condition-edit", EDIT, record="funding.Condition", through=THROUGH_BID),
    Route("funding:sub-grant-create", EDIT, record="funding.Bid"),
    Route("funding:sub-grant-edit", EDIT, record="funding.SubGrant", through=THROUGH_BID),
    Route("funding:reach-create", EDIT, record="funding.Bid"),
    Route("funding:reach-edit", EDIT, record="funding.ReachFigure", through=THROUGH_BID),
]
