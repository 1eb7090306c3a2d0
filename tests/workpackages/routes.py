from cip.access import Capability
from tests.routes import Route

VIEW, EDIT = Capability.VIEW, Capability.EDIT
WP = "workpackages.WorkPackage"
VIA_WP = "work_package__partnership"

ROUTES = [
    Route("workpackages:work-package-list", VIEW),
    Route("workpackages:work-package-create", EDIT),
    Route("workpackages:work-package-detail", VIEW, record=WP),
    Route("workpackages:work-package-edit", EDIT, record=WP),
    Route("workpackages:work-package-move", EDIT, record=WP),
    Route("workpackages:work-package-rag", EDIT, record=WP),
    Route("workpackages:contract-create", EDIT, record=WP),
    Route("workpackages:contract-list", VIEW),
    Route(
        "workpackages:contract-detail",
        VIEW,
        record="workpackages.DeliveryContract",
        through=VIA_WP,
    ),
    Route(
        "workpackages:contract-edit", EDIT, record="workpackages.DeliveryContract", through=VIA_WP
    ),
    Route(
        "workpackages:contract-move", EDIT, record="workpackages.DeliveryContract", through=VIA_WP
    ),
    Route("workpackages:key-date-delete", EDIT, record="workpackages.KeyDate", through=VIA_WP),
    Route(
        "workpackages:evidence-delete",
        EDIT,
        record="workpackages.EvaluationEvidence",
        through=VIA_WP,
    ),
    Route(
        "workpackages:measure-delete", EDIT, record="workpackages.OutcomeMeasure", through=VIA_WP
    ),
    Route("workpackages:key-date-create", EDIT, record=WP),
    Route("workpackages:home-create", EDIT, record=WP),
    Route("workpackages:home-edit", EDIT, record="workpackages.Home", through=VIA_WP),
    Route("workpackages:home-delete", EDIT, record="workpackages.Home", through=VIA_WP),
    Route("workpackages:key-date-edit", EDIT, record="workpackages.KeyDate", through=VIA_WP),
    Route("workpackages:evidence-create", EDIT, record=WP),
    Route(
        "workpackages:evidence-edit",
        EDIT,
        record="workpackages.EvaluationEvidence",
        through=VIA_WP,
    ),
    Route("workpackages:measure-create", EDIT, record=WP),
    Route("workpackages:measure-edit", EDIT, record="workpackages.OutcomeMeasure", through=VIA_WP),
    Route(
        "workpackages:actual-create",
        EDIT,
        record="workpackages.OutcomeMeasure",
        through=VIA_WP,
    ),
    Route(
        "workpackages:actual-edit",
        EDIT,
        record="workpackages.OutcomeActual",
        through="measure__work_package__partnership",
    ),
]
