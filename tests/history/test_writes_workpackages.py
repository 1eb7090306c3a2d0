"""One test per write path of work packages, their tier-2 contracts and their parts."""

import pytest
from django.urls import reverse

from tests.history.writes import assert_written, entries, post_form, writes
from tests.workpackages.factories import (
    ActualFactory,
    ContractFactory,
    EvidenceFactory,
    HomeFactory,
    KeyDateFactory,
    MeasureFactory,
    WorkPackageFactory,
)
from workpackages.models import (
    DeliveryContract,
    EvaluationEvidence,
    Home,
    KeyDate,
    OutcomeActual,
    OutcomeMeasure,
    WorkPackage,
)

pytestmark = pytest.mark.django_db
SERVICES = "workpackages.services"


def _url(name, partnership, **kwargs):
    return reverse(f"workpackages:{name}", kwargs={"slug": partnership.slug, **kwargs})


@pytest.fixture
def work_package(partnership):
    return WorkPackageFactory(partnership=partnership)


@writes("workpackages:work-package-create", f"{SERVICES}.work_package_create")
def test_opening_a_work_package(as_commissioner, commissioner, partnership):
    post_form(as_commissioner, _url("work-package-create", partnership), title="Residential")
    work_package = WorkPackage.objects.get(partnership=partnership)
    assert_written(work_package, "+", commissioner)
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:work-package-edit")
def test_editing_a_work_package(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("work-package-edit", partnership, pk=work_package.pk),
        scope="Two homes",
    )
    assert_written(work_package, "~", commissioner, {"scope"})


@writes("workpackages:work-package-move", f"{SERVICES}.work_package_move")
def test_moving_a_work_package_on(as_commissioner, commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership, stage="delivery")
    post_form(
        as_commissioner,
        _url("work-package-move", partnership, pk=work_package.pk),
        target="evaluation",
        on="2021-04-01",
    )
    assert_written(work_package, "~", commissioner, {"stage"})
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:work-package-rag", f"{SERVICES}.rag_set")
def test_setting_the_rag_status(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("work-package-rag", partnership, pk=work_package.pk),
        rag="amber",
        commentary="Recruitment is slow",
        on="2021-04-01",
    )
    assert_written(work_package, "~", commissioner, {"rag", "rag_commentary", "rag_set_on"})
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:contract-create", f"{SERVICES}.contract_create")
def test_drafting_a_contract(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("contract-create", partnership, pk=work_package.pk),
        reference="T2-001",
    )
    contract = DeliveryContract.objects.get(work_package=work_package)
    kinds = list(entries(contract).values_list("history_type", "history_user"))
    # created, then its parties (the council and the partner, ticked on the form) set
    assert kinds == [("~", commissioner.pk), ("+", commissioner.pk)]
    latest = assert_written(contract, "~", commissioner, {"parties"})
    assert {row.organisation for row in latest.parties.all()} == {
        partnership.council,
        partnership.partner,
    }
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:contract-edit")
def test_editing_a_contract(as_commissioner, commissioner, partnership, work_package):
    contract = ContractFactory(work_package=work_package)
    post_form(
        as_commissioner,
        _url("contract-edit", partnership, pk=contract.pk),
        break_clauses="Either side, on six months' notice",
        parties=[str(partnership.council_id)],
    )
    assert_written(contract, "~", commissioner, {"parties"})
    first_save = entries(contract)[1]
    assert first_save.history_type == "~"
    assert first_save.break_clauses == "Either side, on six months' notice"


@writes("workpackages:contract-move", f"{SERVICES}.contract_move")
def test_a_contract_going_live(as_commissioner, commissioner, partnership, work_package):
    contract = ContractFactory(work_package=work_package, status="approved")
    post_form(
        as_commissioner,
        _url("contract-move", partnership, pk=contract.pk),
        target="live",
        on="2021-01-04",
    )
    assert_written(contract, "~", commissioner, {"status"})
    assert_written(work_package.events.get(), "+", commissioner)


@writes("workpackages:key-date-create")
def test_adding_a_key_date(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("key-date-create", partnership, pk=work_package.pk),
        label="Opens",
        date="2021-06-01",
    )
    assert_written(KeyDate.objects.get(work_package=work_package), "+", commissioner)


@writes("workpackages:key-date-edit")
def test_editing_a_key_date(as_commissioner, commissioner, partnership, work_package):
    key_date = KeyDateFactory(work_package=work_package)
    post_form(as_commissioner, _url("key-date-edit", partnership, pk=key_date.pk), is_estimate="on")
    assert_written(key_date, "~", commissioner, {"is_estimate"})


@writes("workpackages:key-date-delete")
def test_removing_a_key_date(as_commissioner, commissioner, partnership, work_package):
    key_date = KeyDateFactory(work_package=work_package)
    post_form(as_commissioner, _url("key-date-delete", partnership, pk=key_date.pk))
    assert_written(key_date, "-", commissioner)


@writes("workpackages:home-create")
def test_adding_a_cip_home(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("home-create", partnership, pk=work_package.pk),
        name="Oak House",
        urn="SC123456",
        places="3",
        opened_on="2021-09-01",
    )
    assert_written(Home.objects.get(work_package=work_package), "+", commissioner)


@writes("workpackages:home-edit")
def test_editing_a_cip_home(as_commissioner, commissioner, partnership, work_package):
    home = HomeFactory(work_package=work_package)
    post_form(as_commissioner, _url("home-edit", partnership, pk=home.pk), places="4")
    assert_written(home, "~", commissioner, {"places"})


@writes("workpackages:home-delete")
def test_removing_a_cip_home(as_commissioner, commissioner, partnership, work_package):
    home = HomeFactory(work_package=work_package)
    post_form(as_commissioner, _url("home-delete", partnership, pk=home.pk))
    assert_written(home, "-", commissioner)


@writes("workpackages:evidence-create")
def test_recording_evidence(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("evidence-create", partnership, pk=work_package.pk),
        heading="children",
        summary="Children said they felt safe",
    )
    assert_written(EvaluationEvidence.objects.get(work_package=work_package), "+", commissioner)


@writes("workpackages:evidence-edit")
def test_editing_evidence(as_commissioner, commissioner, partnership, work_package):
    evidence = EvidenceFactory(work_package=work_package)
    post_form(as_commissioner, _url("evidence-edit", partnership, pk=evidence.pk), source="Survey")
    assert_written(evidence, "~", commissioner, {"source"})


@writes("workpackages:evidence-delete")
def test_removing_evidence(as_commissioner, commissioner, partnership, work_package):
    evidence = EvidenceFactory(work_package=work_package)
    post_form(as_commissioner, _url("evidence-delete", partnership, pk=evidence.pk))
    assert_written(evidence, "-", commissioner)


@writes("workpackages:measure-create")
def test_adding_a_measure(as_commissioner, commissioner, partnership, work_package):
    post_form(
        as_commissioner,
        _url("measure-create", partnership, pk=work_package.pk),
        name="Children reached",
        unit="children",
        baseline="0",
        target="2852",
        direction="higher",
    )
    assert_written(OutcomeMeasure.objects.get(work_package=work_package), "+", commissioner)


@writes("workpackages:measure-edit")
def test_editing_a_measure(as_commissioner, commissioner, partnership, work_package):
    measure = MeasureFactory(work_package=work_package)
    post_form(as_commissioner, _url("measure-edit", partnership, pk=measure.pk), target="3000")
    assert_written(measure, "~", commissioner, {"target"})


@writes("workpackages:measure-delete")
def test_removing_a_measure(as_commissioner, commissioner, partnership, work_package):
    measure = MeasureFactory(work_package=work_package)
    post_form(as_commissioner, _url("measure-delete", partnership, pk=measure.pk))
    assert_written(measure, "-", commissioner)


@writes("workpackages:actual-create")
def test_recording_an_actual(as_commissioner, commissioner, partnership, work_package):
    measure = MeasureFactory(work_package=work_package)
    post_form(
        as_commissioner,
        _url("actual-create", partnership, pk=measure.pk),
        period="Summer 2019",
        period_end="2019-08-31",
        value="2023",
    )
    assert_written(OutcomeActual.objects.get(measure=measure), "+", commissioner)


@writes("workpackages:actual-edit")
def test_editing_an_actual(as_commissioner, commissioner, partnership, work_package):
    actual = ActualFactory(measure=MeasureFactory(work_package=work_package))
    post_form(as_commissioner, _url("actual-edit", partnership, pk=actual.pk), value="2100")
    assert_written(actual, "~", commissioner, {"value"})
