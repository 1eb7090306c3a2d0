import logging
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from cip.models import Membership, Partnership
from devkit.management.commands.load_demo import site_address
from tests.history.writes import rows_without_history, writes

pytestmark = pytest.mark.django_db


def _snapshot():
    """Row counts of every model, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_demo_loads_the_leicestershire_partnership_from_the_seeds(capsys, caplog):
    caplog.set_level(logging.INFO)
    call_command("load_demo", address="127.0.0.1:8001")
    partnership = Partnership.objects.get(slug="leicestershire-cip")
    assert partnership.council.identifier == "GB-LAE-LEC"
    assert partnership.partner.identifier == "GB-CHC-216250"
    agreement = partnership.agreement
    assert agreement.commencement_date == date(2018, 12, 1)
    assert agreement.maximum_term_years == 10
    assert agreement.advertised_maximum_value == Decimal("700000000")
    assert agreement.annual_value_basis == Decimal("70000000")
    assert list(partnership.contract_years.values_list("number", flat=True))[:3] == [1, 2, 3]
    roles = dict(partnership.memberships.values_list("user__username", "role"))
    assert roles == {
        "board": Membership.Role.BOARD_MEMBER,
        "chair": Membership.Role.CHAIR,
        "commissioner": Membership.Role.COMMISSIONER,
        "officer": Membership.Role.OFFICER,
        "admin": Membership.Role.ADMINISTRATOR,
    }
    printed = capsys.readouterr().out
    assert "demo-password-for-tests" in printed  # DEMO_PASSWORD, set by pytest-env
    # A short summary and the sign-ins at the address served, not a page of PDF progress.
    lines = printed.splitlines()
    assert len(lines) == 2 + len(roles)  # the summary, the address, a sign-in per role
    assert lines[0].startswith("Leicestershire Children's Innovation Partnership: ")
    assert f"{partnership.children.count():,} children" in lines[0]
    assert lines[1] == "Demo sign-ins for http://127.0.0.1:8001/sign-in/ :"
    assert [r for r in caplog.records if r.name.startswith("weasyprint")] == []


@pytest.mark.parametrize(
    ("given", "address"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("0.0.0.0:8002", "http://0.0.0.0:8002"),
        (":8003", "http://127.0.0.1:8003"),
        ("8004", "http://127.0.0.1:8004"),
        ("https://cip.example.org/", "https://cip.example.org"),
    ],
)
def test_the_sign_in_hint_names_the_address_given(given, address):
    assert site_address(given) == address


@writes("command:load_demo")
def test_loading_the_demo_twice_changes_nothing_and_every_row_is_in_the_history():
    call_command("load_demo")
    first = _snapshot()
    assert rows_without_history() == {}
    call_command("load_demo")
    assert _snapshot() == first
    assert rows_without_history() == {}


def test_the_demo_sign_ins_work_with_the_demo_password(client):
    call_command("load_demo")
    for username in ("board", "chair", "commissioner", "officer", "admin"):
        assert client.login(username=username, password="demo-password-for-tests")


def test_the_demo_has_a_final_cabinet_report_and_a_ready_export_with_their_pdfs():
    call_command("load_demo")
    from reports.models import Export, Report

    cabinet = Report.objects.get(kind=Report.Kind.CABINET)
    assert cabinet.is_final
    assert cabinet.final_version.pdf_sha256 and bytes(cabinet.final_version.pdf)[:5] == b"%PDF-"
    assert cabinet.final_version.finalised_by.username == "officer"
    export = Export.objects.get()
    assert export.status == Export.Status.READY
    assert bytes(export.data)[:5] == b"%PDF-"
    assert export.requested_by.username == "officer"


def test_the_demo_reads_true_at_the_date_its_data_ends():
    """The demo's dashboard opens at the partnership's data date (the view reads
    `Partnership.data_as_at`); at that date nothing on it contradicts the records."""
    from dashboard.selectors import dashboard_figures
    from placements.calculations import age_on
    from placements.models import Episode

    call_command("load_demo")
    partnership = Partnership.objects.get(slug="leicestershire-cip")
    as_at = partnership.data_as_at
    assert as_at == date(2022, 3, 31)  # the last day of 2021/22, the log's last year
    figures = dashboard_figures(partnership, as_at=as_at, financial_year="2021/22")
    # Year 4 (1 December 2021 to 30 November 2022), continued by the board in July 2021; the
    # next decision, into Year 5, is months ahead rather than overdue.
    position = figures.contract.position
    assert (position.year, position.recorded) == (4, True)
    assert position.outlook.next_year_number == 5
    assert position.outlook.days_to_decision > -31
    # Nobody looked after at the end of the day is 18 or over, and the dashboard counts
    # exactly them (as the DfE counts at 31 March: an episode ending that day is not open).
    open_on_the_day = Episode.objects.filter(partnership=partnership, decom__lte=as_at).exclude(
        dec__lte=as_at
    )
    births = dict(open_on_the_day.values_list("child_id", "child__birth_year").distinct())
    months = dict(open_on_the_day.values_list("child_id", "child__birth_month").distinct())
    ages = [age_on((births[child], months[child]), as_at) for child in births]
    assert ages and max(ages) < 18
    assert figures.placements.looked_after == len(ages)
    # No board action is overdue by more than a month at the data date.
    overdue = [a.due for a in figures.governance.oldest_overdue]
    assert all((as_at - due).days <= 31 for due in overdue)
