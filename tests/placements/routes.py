from cip.access import Capability
from tests.routes import Route

VIEW, EDIT, EXPORT, MANAGE = Capability.VIEW, Capability.EDIT, Capability.EXPORT, Capability.MANAGE

ROUTES = [
    Route("placements:episode-list", VIEW),
    Route("placements:episode-create", EDIT),
    Route("placements:episode-edit", EDIT, record="placements.Episode"),
    Route("placements:child-detail", VIEW, record="placements.Child"),
    Route("placements:provider-list", VIEW),
    Route("placements:provider-create", EDIT),
    Route("placements:provider-edit", EDIT, record="placements.Provider"),
    Route("placements:measures", VIEW),
    Route("placements:import", EDIT),
    Route("placements:ssda903-export", EXPORT),
    Route("placements:settings", MANAGE),
]
