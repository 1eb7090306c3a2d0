"""The permission-matrix table: every URL of the project and who may reach it.

Each app lists its routes in tests/<app>/routes.py and a `populate(partnership)` in
tests/<app>/factories.py that makes one of each of its records. The matrix test
(tests/test_permission_matrix.py) and the axe sweep (tests/browser) both read this table.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model

from cip.access import Capability

# The expected answer for every role, written out here: which capabilities each role holds.
# It is not read from cip.access.GRANTS, so a wrong grant in the code (an officer given EDIT)
# fails the matrix instead of moving the matrix's expectation with it. Routes name the
# capability they need; a role x URL outcome is this table's row for the role.
HOLDS: dict[str, frozenset[Capability]] = {
    "board": frozenset({Capability.VIEW, Capability.DECIDE}),
    "chair": frozenset({Capability.VIEW, Capability.DECIDE, Capability.CHAIR}),
    "commissioner": frozenset(
        {Capability.VIEW, Capability.EDIT, Capability.EXPORT, Capability.VIEW_CHILDREN}
    ),
    "officer": frozenset({Capability.VIEW, Capability.EXPORT}),
    "administrator": frozenset({Capability.VIEW, Capability.EXPORT, Capability.MANAGE}),
}


@dataclass(frozen=True)
class Route:
    name: str
    # None: any signed-in user, outside a partnership; a tuple: any one of these capabilities
    need: Capability | tuple[Capability, ...] | None
    record: str | None = None  # "app.Model" whose pk the URL takes, fetched via `through`
    through: str = "partnership"  # the lookup from the record to its partnership
    tenant_scoped: bool = True  # False only for the shared register of organisations
    public: bool = False  # reachable without signing in
    methods: tuple[str, ...] = ("GET",)
    extra_kwargs: tuple[tuple[str, str], ...] = ()  # fixed URL kwargs beyond slug and pk
    archived: bool = False  # the URL takes an archived record (cip.archive)
    also: tuple[Capability, ...] = ()  # capabilities needed as well as one of `need`
    # Only the installation's site administrators (is_superuser) may use it: every role of a
    # partnership gets 403. The sweeps reach it signed in as a site administrator.
    site_admin: bool = False

    def allows(self, role: str) -> bool:
        if self.site_admin:
            return False
        if self.need is None:
            return True
        needs = self.need if isinstance(self.need, tuple) else (self.need,)
        held = HOLDS[role]
        return any(need in held for need in needs) and all(need in held for need in self.also)

    def record_for(self, partnership) -> Model:
        model = apps.get_model(self.record)
        if self.archived:
            queryset = model.all_objects.filter(archived_at__isnull=False).order_by("pk")
        else:
            queryset = model._default_manager.order_by("pk")
        if self.tenant_scoped:
            queryset = queryset.filter(**{self.through: partnership})
        return queryset.first()

    def kwargs_for(self, partnership, record_partnership=None) -> dict:
        if self.need is None or self.public:
            return {}
        kwargs = {"slug": partnership.slug}
        if self.record:
            kwargs["pk"] = self.record_for(record_partnership or partnership).pk
        return {**kwargs, **dict(self.extra_kwargs)}


def all_routes() -> dict[str, Route]:
    from tests.board.routes import ROUTES as BOARD
    from tests.briefs.routes import ROUTES as BRIEFS
    from tests.cip.routes import ARCHIVE_ROUTES as ARCHIVE
    from tests.cip.routes import ROUTES as CIP
    from tests.dashboard.routes import ROUTES as DASHBOARD
    from tests.forecast.routes import ROUTES as FORECAST
    from tests.funding.routes import ROUTES as FUNDING
    from tests.placements.routes import ROUTES as PLACEMENTS
    from tests.reminders.routes import ROUTES as REMINDERS
    from tests.reports.routes import ROUTES as REPORTS
    from tests.workpackages.routes import ROUTES as WORKPACKAGES
    from tests.workpackages.routes_business_cases import ROUTES as BUSINESS_CASES

    table: dict[str, Route] = {}
    for group in (
        CIP,
        BOARD,
        BRIEFS,
        WORKPACKAGES,
        BUSINESS_CASES,
        PLACEMENTS,
        FUNDING,
        FORECAST,
        REPORTS,
        DASHBOARD,
        REMINDERS,
        ARCHIVE,  # last: the matrix test archives and restores records through these
    ):
        for route in group:
            assert route.name not in table, f"{route.name} is listed twice"
            table[route.name] = route
    return table


def populate_all(partnership) -> None:
    from tests.board.factories import populate as board
    from tests.briefs.factories import populate as briefs
    from tests.cip.factories import populate as cip
    from tests.forecast.factories import populate as forecast
    from tests.funding.factories import populate as funding
    from tests.placements.factories import populate as placements
    from tests.reports.factories import populate as reports
    from tests.workpackages.factories import populate as workpackages
    from tests.workpackages.factories_business_cases import populate as business_cases

    # Order matters where records refer across apps (a work package to its brief).
    for populate in (
        cip,
        board,
        briefs,
        workpackages,
        business_cases,
        placements,
        funding,
        forecast,
        reports,
    ):
        populate(partnership)
