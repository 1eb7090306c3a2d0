"""Spreadsheet formula injection: no exported cell starts with = + - @ tab or CR unless it is
neutralised (a leading apostrophe) or is a plain number, in every CSV and XLSX export."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import django_tables2 as tables
import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.urls import resolve, reverse
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from cip.access import Capability, role_can
from cip.models import Membership
from cip.tables import (
    DateColumn,
    MoneyColumn,
    PartnershipTableView,
    PercentColumn,
    SafeTableExport,
    neutralise,
)
from tests.cip.factories import MembershipFactory
from tests.conftest import signed_in
from tests.formpages import PROJECT, project_classes
from tests.routes import all_routes, populate_all

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _unsafe(cell) -> bool:
    text = "" if cell is None else str(cell)
    return text.startswith(TRIGGERS) and not NUMBER.fullmatch(text)


class Named:
    """A record as a table column holds it: exported as its str()."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


FORMULAS = st.sampled_from(TRIGGERS).flatmap(lambda t: st.text(max_size=20).map(lambda s: t + s))
TEXT = st.one_of(FORMULAS, st.text(max_size=20))
CELLS = st.one_of(
    TEXT,
    TEXT.map(mark_safe),
    TEXT.map(lambda s: lazy(lambda: s, str)()),
    TEXT.map(Named),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2),
    st.dates(),
    st.none(),
)


@settings(max_examples=300)
@given(CELLS)
def test_a_neutralised_cell_is_inert_and_otherwise_unchanged(value):
    cell = neutralise(value)
    assert not _unsafe(cell)
    if isinstance(value, int | Decimal | date) or value is None:
        assert cell is value
    else:
        assert str(cell) in (str(value), "'" + str(value))


class Table(tables.Table):
    a = tables.Column()
    b = tables.Column()
    c = tables.Column()


def _csv_cells(body: bytes) -> list:
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def _xlsx_cells(body: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), "a formula in the workbook"
    return [cell.value for cell in cells]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({"a": CELLS, "b": CELLS, "c": CELLS}), max_size=5))
def test_no_cell_of_a_table_export_starts_a_formula(rows):
    from cip.tables import SafeTableExport

    table = Table(rows)
    for kind, cells in (("csv", _csv_cells), ("xlsx", _xlsx_cells)):
        body = SafeTableExport(kind, table).export()
        found = cells(body if isinstance(body, bytes) else body.encode())
        assert [c for c in found if _unsafe(c)] == [], kind


# --- every list of the project, through its real export ----------------------------------

_KEEP = {"slug", "username", "password", "email"}  # what routes and sign-in depend on


def _poison(prefixes):
    """Every free-text field of every record starts with a formula trigger."""
    turn = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT or model.__name__.startswith("Historical"):
            continue
        texts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, models.URLField | models.EmailField)
            and not f.choices  # codes the application writes itself, shown by their labels
            and f.name not in _KEEP
        ]
        for record in model._default_manager.values("pk", *texts):
            values = {}
            for name in (n for n in texts if record[n]):  # a blank may be a rule's choice
                # The record's own value after the trigger keeps unique fields unique.
                limit = model._meta.get_field(name).max_length or 10_000
                values[name] = (prefixes[turn % len(prefixes)] + record[name])[:limit]
                turn += 1
            model._default_manager.filter(pk=record["pk"]).update(**values)


@pytest.mark.django_db
def test_every_list_exports_csv_and_xlsx_without_a_live_formula(partnership):
    populate_all(partnership)
    _poison(TRIGGERS)
    # Each list as a role that may open it and export (the placement log: commissioners).
    exporters = [r for r in Membership.Role.values if role_can(r, Capability.EXPORT)]
    clients = {
        role: signed_in(MembershipFactory(partnership=partnership, role=role).user)
        for role in exporters
    }
    views = project_classes(PartnershipTableView)
    exported = set()
    for route in all_routes().values():
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        view = getattr(resolve(url).func, "view_class", None)
        if view not in views:
            continue
        exported.add(view)
        client = clients[next(r for r in exporters if route.allows(r))]
        for kind, cells in (("csv", _csv_cells), ("xlsx", _xlsx_cells)):
            response = client.get(url, {"_export": kind})
            body = b"".join(response.streaming_content) if response.streaming else response.content
            found = cells(body)
            assert len(found) > 1, f"{route.name} {kind} exported no rows"
            assert [c for c in found if _unsafe(c)] == [], f"{route.name} {kind}"
    assert exported == views


@pytest.mark.django_db
def test_the_360giving_csv_has_no_live_formula(partnership):
    populate_all(partnership)
    _poison(TRIGGERS)
    client = signed_in(
        MembershipFactory(partnership=partnership, role=Membership.Role.OFFICER).user
    )
    body = client.get(reverse("funding:giving-360-csv", kwargs={"slug": partnership.slug}))
    found = _csv_cells(body.content)
    assert len(found) > 10
    assert [c for c in found if _unsafe(c)] == []


# --- an XLSX is a spreadsheet to work in ----------------------------------------------------


class Typed(tables.Table):
    name = tables.Column()
    on = DateColumn(format="j M Y", verbose_name="On")
    amount = MoneyColumn()
    weekly = MoneyColumn()
    chance = PercentColumn()


def _sheet(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_an_xlsx_export_types_its_cells_freezes_the_header_and_filters_the_data():
    rows = [
        {
            "name": "=cmd",
            "on": date(2026, 3, 31),
            "amount": Decimal("798000"),
            "weekly": Decimal("4250.50"),
            "chance": 60,
        },
        {
            "name": "Beta",
            "on": date(2019, 4, 1),
            "amount": Decimal("1200"),
            "weekly": Decimal("450"),
            "chance": 100,
        },
    ]
    body = SafeTableExport("xlsx", Typed(rows)).export()
    sheet = _sheet(body)
    assert [c.value for c in sheet[1]] == ["Name", "On", "Amount", "Weekly", "Chance"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    name, on, amount, weekly, chance = sheet[2]
    assert name.value == "'=cmd" and name.data_type == "s"
    # A date cell, shown the British way; openpyxl reads a date cell back as a datetime.
    assert on.is_date and on.value.date() == date(2026, 3, 31)
    assert on.number_format == "dd/mm/yyyy"
    assert amount.data_type == "n" and amount.value == 798000
    assert amount.number_format == '"£"#,##0'
    # One amount of the column has pence, so the whole column shows pence.
    assert weekly.value == 4250.5 and weekly.number_format == '"£"#,##0.00'
    assert sheet["D3"].value == 450 and sheet["D3"].number_format == '"£"#,##0.00'
    assert chance.data_type == "n" and chance.value == 0.6 and chance.number_format == "0%"
    assert sheet["E3"].value == 1


def test_the_csv_export_of_the_same_table_is_unchanged():
    rows = [
        {
            "name": "Beta",
            "on": date(2019, 4, 1),
            "amount": Decimal("1200"),
            "weekly": Decimal("450.25"),
            "chance": 60,
        }
    ]
    body = SafeTableExport("csv", Typed(rows)).export()
    assert list(csv.reader(io.StringIO(body))) == [
        ["Name", "On", "Amount", "Weekly", "Chance"],
        ["Beta", "2019-04-01", "1200", "450.25", "60"],
    ]


@pytest.mark.django_db
def test_the_bid_and_episode_lists_export_typed_cells(partnership):
    from tests.funding.factories import AwardFactory
    from tests.placements.factories import ChildFactory, EpisodeFactory

    AwardFactory(
        partnership=partnership,
        title="Residential",
        probability=100,
        amount_awarded=Decimal("234600"),
        decided_on=date(2019, 7, 31),
    )
    EpisodeFactory(
        child=ChildFactory(partnership=partnership),
        decom=date(2018, 1, 15),
        dec=date(2018, 9, 30),
        weekly_cost=Decimal("450.75"),
    )
    client = signed_in(
        MembershipFactory(partnership=partnership, role=Membership.Role.OFFICER).user
    )
    bids = client.get(
        reverse("funding:bid-list", kwargs={"slug": partnership.slug}), {"_export": "xlsx"}
    )
    sheet = _sheet(bids.content)
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Awarded"].value == 234600 and row["Awarded"].number_format == '"£"#,##0'
    assert row["Probability"].value == 1 and row["Probability"].number_format == "0%"
    assert row["Decided"].is_date and row["Decided"].value.date() == date(2019, 7, 31)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")

    commissioner = signed_in(  # child-level records need the children's-data capability
        MembershipFactory(partnership=partnership, role=Membership.Role.COMMISSIONER).user
    )
    episodes = commissioner.get(
        reverse("placements:episode-list", kwargs={"slug": partnership.slug}), {"_export": "xlsx"}
    )
    sheet = _sheet(episodes.content)
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Start"].value.date() == date(2018, 1, 15)
    assert row["End"].number_format == "dd/mm/yyyy"
    assert row["Weekly cost"].value == 450.75
    assert row["Weekly cost"].number_format == '"£"#,##0.00'
