"""The SSDA903 import needs both editing and seeing child-level records."""

import pytest
from django.urls import reverse

from cip.access import GRANTS, Capability
from cip.models import Membership

pytestmark = pytest.mark.django_db


def _import(partnership):
    return reverse("placements:import", kwargs={"slug": partnership.slug})


def test_an_editor_who_cannot_see_children_is_refused_the_import(
    monkeypatch, as_officer, partnership
):
    monkeypatch.setitem(
        GRANTS, Capability.EDIT, GRANTS[Capability.EDIT] | {Membership.Role.OFFICER}
    )
    assert as_officer.get(_import(partnership)).status_code == 403
    assert as_officer.post(_import(partnership)).status_code == 403


def test_with_both_rights_the_import_opens(monkeypatch, as_officer, partnership):
    officer = {Membership.Role.OFFICER}
    monkeypatch.setitem(GRANTS, Capability.EDIT, GRANTS[Capability.EDIT] | officer)
    monkeypatch.setitem(
        GRANTS, Capability.VIEW_CHILDREN, GRANTS[Capability.VIEW_CHILDREN] | officer
    )
    assert as_officer.get(_import(partnership)).status_code == 200


def test_seeing_children_without_editing_is_not_enough(monkeypatch, as_board, partnership):
    monkeypatch.setitem(
        GRANTS,
        Capability.VIEW_CHILDREN,
        GRANTS[Capability.VIEW_CHILDREN] | {Membership.Role.BOARD_MEMBER},
    )
    assert as_board.get(_import(partnership)).status_code == 403
