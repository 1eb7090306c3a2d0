from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from cip.models import Membership, Partnership
from tests.history.writes import rows_without_history, writes

pytestmark = pytest.mark.django_db


def _snapshot():
    """Row counts of every model, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_demo_loads_the_leicestershire_partnership_from_the_seeds(capsys):
    call_command("load_demo")
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
    from cip.models import Export, Report

    cabinet = Report.objects.get(kind=Report.Kind.CABINET)
    assert cabinet.is_final
    assert cabinet.final_version.pdf_sha256 and bytes(cabinet.final_version.pdf)[:5] == b"%PDF-"
    assert cabinet.final_version.finalised_by.username == "officer"
    export = Export.objects.get()
    assert export.status == Export.Status.READY
    assert bytes(export.data)[:5] == b"%PDF-"
    assert export.requested_by.username == "officer"
