from cip.access import Capability
from tests.routes import Route

ROUTES = [
    Route("dashboard:dashboard", Capability.VIEW),
    Route(
        "dashboard:export",
        Capability.EXPORT,
        extra_kwargs=(("table", "cases"), ("export_format", "xlsx")),
    ),
    Route(
        "dashboard:add-to-agenda",
        Capability.EDIT,
        record="workpackages.BusinessCase",
        through="work_package__partnership",
        methods=("POST",),
    ),
]
