from cip.access import Capability
from tests.routes import Route

VIEW, EDIT, MANAGE = Capability.VIEW, Capability.EDIT, Capability.MANAGE
EXPORT = Capability.EXPORT
CHILDREN = Capability.VIEW_CHILDREN  # child-level records

ROUTES = [
    Route("placements:episode-list", CHILDREN),
    Route("placements:episode-create", EDIT),
    Route("placements:episode-edit", EDIT, record="placements.Episode"),
    Route("placements:child-detail", CHILDREN, record="placements.Child"),
    Route("placements:provider-list", VIEW),
    Route("placements:provider-create", EDIT),
    Route("placements:provider-edit", EDIT, record="placements.Provider"),
    Route("placements:measures", VIEW),
    Route(
        "placements:measures-export",
        EXPORT,
        extra_kwargs=(("table", "mix"), ("export_format", "csv")),
    ),
    Route("placements:data-quality", CHILDREN),
    Route("placements:bulk-costing", EDIT),
    Route("placements:import", EDIT, also=(CHILDREN,)),
    Route("placements:return-detail", CHILDREN, record="placements.Return"),
    Route("placements:return-findings", CHILDREN, record="placements.Return"),
    Route("placements:return-mark-failed", EDIT, record="placements.Return", methods=("POST",)),
    Route("placements:ssda903-export", CHILDREN),
    Route("placements:settings", MANAGE),
]
