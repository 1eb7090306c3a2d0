"""Loads the Leicestershire Children's Innovation Partnership from the seed documents.

Idempotent: records are found by their natural keys and only created when missing, so a
second run changes nothing. Later apps add their own demonstration records through
`DEMO_LOADERS` (module paths of functions taking the partnership).
"""

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string
from environ import Env

from cip.bulk import refresh_statistics
from cip.models import CollaborationAgreement, ContractYear, Membership, Organisation, Partnership
from cip.services import save_versioned
from placements.models import Child, Episode, Provider

ORGANISATIONS = [
    ("GB-LAE-LEC", "Leicestershire County Council", Organisation.Kind.COUNCIL),
    ("GB-CHC-216250", "Barnardo's", Organisation.Kind.CHARITY),
    ("GB-EDU-133801", "University of Bedfordshire", Organisation.Kind.UNIVERSITY),
    ("GB-GOR-PR1092", "Department for Education", Organisation.Kind.FUNDER),
    ("GB-CHC-1185413", "Youth Endowment Fund", Organisation.Kind.FUNDER),
    ("GB-LAE-NTH", "Northamptonshire County Council", Organisation.Kind.COUNCIL),
]

# The demonstration's records stop here: the placement log's last day
# (devkit.demo.placements.DATA_TO), the end of 2021/22, after the seeds' last paper. Its
# dashboard opens at this date and says so, rather than showing today's date against
# records that end years before it.
DATA_AS_AT = date(2022, 3, 31)

DEMO_USERS = [
    ("board", "Bea", "Member", Membership.Role.BOARD_MEMBER),
    ("chair", "Chris", "Chair", Membership.Role.CHAIR),
    ("commissioner", "Cal", "Commissioner", Membership.Role.COMMISSIONER),
    ("officer", "Olu", "Officer", Membership.Role.OFFICER),
    ("admin", "Ada", "Administrator", Membership.Role.ADMINISTRATOR),
]

# Each app's demonstration records, in dependency order; each takes the partnership and is
# idempotent.
DEMO_LOADERS = [
    "devkit.demo.partnership.load",
    "devkit.demo.briefs.load",
    "devkit.demo.partnership.load_brief_decisions",
    "devkit.demo.workpackages.load",
    "devkit.demo.business_cases.load",
    "devkit.demo.placements.load",
    "devkit.demo.funding.load",
    "devkit.demo.forecast.load",
    "devkit.demo.reports.load",  # last: its reports draw on everything above
]


def _generated_password() -> str:
    """Made once and kept beside the database, so that running the loader again changes nothing."""
    path = settings.BASE_DIR / ".demo-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def site_address(given: str) -> str:
    """The address the site is served at, as `runserver` takes it (127.0.0.1:8001, :8001,
    8001) or as a URL (https://cip.example.org), without a trailing slash."""
    address = given.strip().rstrip("/")
    if "://" in address:
        return address
    if address.isdigit():
        address = f"127.0.0.1:{address}"
    elif address.startswith(":"):
        address = f"127.0.0.1{address}"
    return f"http://{address}"


class Command(BaseCommand):
    help = "Load the Leicestershire CIP demonstration partnership and one sign-in per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default=Env().str("DEMO_ADDRESS", default="127.0.0.1:8000"),
            help="Where the site is served, for the sign-in link it prints "
            "(runserver's addrport or a URL; default $DEMO_ADDRESS or 127.0.0.1:8000).",
        )

    def handle(self, *args, **options):
        # WeasyPrint's step-by-step logging of the demo's PDFs is held at WARNING in settings.
        partnership, password = self._load()
        self.stdout.write(_summary(partnership))
        self.stdout.write(f"Demo sign-ins for {site_address(options['address'])}/sign-in/ :")
        for username, _, _, role in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label:<14} password: {password}")

    @transaction.atomic
    def _load(self) -> tuple[Partnership, str]:
        orgs = {
            identifier: Organisation.all_objects.get_or_create(
                identifier=identifier, defaults={"name": name, "kind": kind}
            )[0]
            for identifier, name, kind in ORGANISATIONS
        }
        partnership, _ = Partnership.objects.get_or_create(
            slug="leicestershire-cip",
            defaults={
                "name": "Leicestershire Children's Innovation Partnership",
                "council": orgs["GB-LAE-LEC"],
                "partner": orgs["GB-CHC-216250"],
                "description": (
                    "A learning partnership between Leicestershire County Council and "
                    "Barnardo's to co-design, co-invest in and co-deliver services for "
                    "children looked after and their families."
                ),
                "data_as_at": DATA_AS_AT,
            },
        )
        if partnership.data_as_at != DATA_AS_AT:  # a database loaded before the field
            partnership.data_as_at = DATA_AS_AT
            save_versioned(instance=partnership, expected_version=partnership.version)
        CollaborationAgreement.objects.get_or_create(
            partnership=partnership,
            defaults={
                "title": "Children's Innovation Partnership collaboration agreement",
                "award_date": date(2018, 11, 1),
                "commencement_date": date(2018, 12, 1),
                "maximum_term_years": 10,
                "renewal_period_months": 12,
                "termination_notice_months": 3,
                "advertised_maximum_value": Decimal("700000000"),
                "annual_value_basis": Decimal("70000000"),
                "objectives": (
                    "Share expertise and knowledge to co-design looked after children's "
                    "services.\nCo-deliver services that focus on outcomes and value for money."
                    "\nCo-invest in reviewing and developing new ways of working.\nDevelop "
                    "the system leadership and collaboration needed for systems change."
                ),
                "shared_values": "A learning partnership rather than a traditional "
                "commissioner-provider relationship; an asset-based, solution-focused approach.",
                "governance": "The CIP Board meets monthly: senior leaders of both "
                "organisations and the council's Lead Member. Each side has a CIP strategic lead.",
                "evaluation_partner": orgs["GB-EDU-133801"],
            },
        )
        for number, start, end in [
            (1, date(2018, 12, 1), date(2019, 11, 30)),
            (2, date(2019, 12, 1), date(2020, 11, 30)),
            (3, date(2020, 12, 1), date(2021, 11, 30)),
            (4, date(2021, 12, 1), date(2022, 11, 30)),
        ]:
            ContractYear.objects.get_or_create(
                partnership=partnership,
                number=number,
                defaults={
                    "start_date": start,
                    "end_date": end,
                    "status": ContractYear.Status.CONTINUED,
                },
            )
        # The sign-ins first, so that the records the loaders make name who made them.
        password = self._sign_ins(partnership)
        for loader in DEMO_LOADERS:
            import_string(loader)(partnership)
        # The planner has not seen the demo's rows yet (autovacuum waits for a tenth of a
        # table to change): without fresh statistics the stability query takes seconds.
        refresh_statistics(Episode, Child, Provider)
        return partnership, password

    def _sign_ins(self, partnership: Partnership) -> str:
        password = Env().str("DEMO_PASSWORD", default="") or _generated_password()
        User = get_user_model()
        for username, first, last, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last},
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, partnership=partnership, defaults={"role": role}
            )
        return password


def _summary(partnership: Partnership) -> str:
    counts = [
        (partnership.board_meetings.count(), "board meetings"),
        (partnership.design_briefs.count(), "design briefs"),
        (partnership.work_packages.count(), "work packages"),
        (partnership.children.count(), "children"),
        (partnership.episodes.count(), "placements"),
        (partnership.bids.count(), "grant bids"),
        (partnership.reports.count(), "reports"),
    ]
    return f"{partnership.name}: " + ", ".join(f"{n:,} {what}" for n, what in counts) + "."
