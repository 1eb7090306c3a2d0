"""Business case routes for the permission table (tests/routes.py gathers them)."""

from cip.access import Capability
from tests.routes import Route

VIEW, EDIT = Capability.VIEW, Capability.EDIT
CASE = "workpackages.BusinessCase"
VIA_WP = "work_package__partnership"
VIA_CASE = "business_case__work_package__partnership"
GET_POST = ("GET", "POST")

ROUTES = [
    Route("workpackages:business-case-list", VIEW),
    Route("workpackages:business-case-create", EDIT, methods=GET_POST),
    Route("workpackages:business-case-detail", VIEW, record=CASE, through=VIA_WP),
    Route("workpackages:business-case-edit", EDIT, record=CASE, through=VIA_WP, methods=GET_POST),
    Route("workpackages:business-case-move", EDIT, record=CASE, through=VIA_WP),
    Route(
        "workpackages:business-case-revise", EDIT, record=CASE, through=VIA_WP, methods=("POST",)
    ),
]
for part, model, through in [
    ("capital-line", "workpackages.CapitalLine", VIA_CASE),
    ("cost-line", "workpackages.AnnualCostLine", VIA_CASE),
    ("stated-figure", "workpackages.StatedFigure", VIA_CASE),
    ("saving", "workpackages.RealisedSaving", VIA_WP),
]:
    ROUTES += [
        Route(f"workpackages:business-case-{part}-create", EDIT, record=CASE, through=VIA_WP),
        Route(f"workpackages:business-case-{part}-edit", EDIT, record=model, through=through),
        Route(f"workpackages:business-case-{part}-delete", EDIT, record=model, through=through),
    ]
