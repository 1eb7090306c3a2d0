import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from tests.briefs.factories import BriefFactory
from tests.cip.factories import OrganisationFactory
from tests.placements.factories import ProviderFactory
from tests.workpackages.factories import (
    ActualFactory,
    ContractFactory,
    EventFactory,
    EvidenceFactory,
    HomeFactory,
    KeyDateFactory,
    MeasureFactory,
    WorkPackageFactory,
)
from workpackages.models import DeliveryContract, WorkPackage

pytestmark = pytest.mark.django_db


def _url(name, partnership, **kwargs):
    return reverse(f"workpackages:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _packages(partnership, count):
    brief = BriefFactory(partnership=partnership)
    lead = OrganisationFactory()
    for n in range(count):
        work_package = WorkPackageFactory(
            partnership=partnership,
            brief=brief,
            lead_organisation=lead,
            rag="amber" if n % 2 else "",
            rag_set_on=date(2021, 3, 9) if n % 2 else None,
        )
        ContractFactory(work_package=work_package)


@pytest.mark.parametrize("rows", [3, 40])
def test_the_work_package_list_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    _packages(partnership, rows)
    # session, user, membership, filter choices (areas, briefs), count, page of rows
    with django_assert_num_queries(7):
        assert as_board.get(_url("work-package-list", partnership)).status_code == 200


@pytest.mark.parametrize("rows", [3, 40])
def test_the_contract_list_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    _packages(partnership, rows)
    # session, user, membership, filter's work packages, count, page of rows
    with django_assert_num_queries(6):
        assert as_board.get(_url("contract-list", partnership)).status_code == 200


def test_the_list_shows_only_this_partnerships_packages_and_filters_by_stage(
    as_board, partnership, other_partnership
):
    WorkPackageFactory(partnership=partnership, title="Assessment & Resource Team")
    WorkPackageFactory(partnership=partnership, title="Property 1")
    WorkPackage.objects.filter(title="Assessment & Resource Team").update(stage="delivery")
    WorkPackageFactory(partnership=other_partnership, title="Not ours")
    response = as_board.get(_url("work-package-list", partnership))
    assert "Property 1" in response.text and "Not ours" not in response.text
    response = as_board.get(_url("work-package-list", partnership), {"stage": "delivery"})
    assert "Assessment &amp; Resource Team" in response.text
    assert "Property 1" not in response.text


def test_the_xlsx_and_csv_exports_hold_plain_values(as_commissioner, partnership):
    WorkPackageFactory(
        partnership=partnership,
        title="Family Group Conferencing",
        rag="green",
        rag_set_on=date(2021, 3, 9),
    )
    response = as_commissioner.get(_url("work-package-list", partnership), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Work package"
    assert rows[1][0] == "Family Group Conferencing"
    assert "Green" in rows[1]
    xlsx = as_commissioner.get(_url("work-package-list", partnership), {"_export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_a_commissioner_adds_a_work_package_from_a_brief(as_commissioner, partnership):
    brief = BriefFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("work-package-create", partnership),
        {
            "title": "Property 1: under 16s",
            "brief": str(brief.pk),
            "priority_area": str(brief.priority_area.pk),
            "scope": "Three placements",
            "delivery_model": "partner",
            "lead_organisation": str(partnership.partner.pk),
        },
    )
    assert response.status_code == 302
    work_package = WorkPackage.objects.get(title="Property 1: under 16s")
    assert work_package.stage == "design"
    assert work_package.events.get().description == "Work package opened in design"
    brief_page = as_commissioner.get(
        reverse("briefs:brief-detail", kwargs={"slug": partnership.slug, "pk": brief.pk})
    )
    assert "Property 1: under 16s" in brief_page.text


def test_a_work_package_cannot_take_another_partnerships_brief(
    as_commissioner, partnership, other_partnership
):
    foreign = BriefFactory(partnership=other_partnership)
    response = as_commissioner.post(
        _url("work-package-create", partnership), {"title": "Sneaky", "brief": str(foreign.pk)}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not WorkPackage.objects.filter(title="Sneaky").exists()


def test_entering_delivery_is_refused_and_the_page_names_the_missing_conditions(
    as_commissioner, partnership
):
    work_package = WorkPackageFactory(partnership=partnership)
    url = _url("work-package-move", partnership, pk=work_package.pk)
    page = as_commissioner.get(url)
    assert "without an approved business case and an approved tier-2 contract" in page.text
    response = as_commissioner.post(url, {"target": "delivery", "on": "2020-12-01", "version": "1"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.text
    assert "without an approved business case and an approved tier-2 contract" in response.text
    work_package.refresh_from_db()
    assert work_package.stage == "design"


def test_setting_the_rag_status_keeps_the_commentary_and_date(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("work-package-rag", partnership, pk=work_package.pk),
        {
            "rag": "amber",
            "commentary": "Paused by school closures",
            "on": "2020-03-20",
            "version": "1",
        },
    )
    assert response.status_code == 302
    work_package.refresh_from_db()
    assert (work_package.rag, work_package.rag_set_on) == ("amber", date(2020, 3, 20))
    page = as_commissioner.get(_url("work-package-detail", partnership, pk=work_package.pk))
    assert "Amber, set 20 March 2020" in page.text
    assert "Paused by school closures" in page.text


def test_a_contract_ending_before_it_starts_is_refused_on_the_form(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("contract-create", partnership, pk=work_package.pk),
        {
            "reference": "T2-ART",
            "parties": [str(partnership.council.pk), str(partnership.partner.pk)],
            "value": "£250,000",
            "start_date": "2020-12-01",
            "end_date": "2020-11-30",
        },
    )
    assert response.status_code == 200
    assert "The end date must be after the start date." in response.text
    assert not DeliveryContract.objects.exists()


def test_sub_contractors_are_named_only_for_third_party_delivery(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership, delivery_model="partner")
    provider = OrganisationFactory(name="Leicester-Shire & Rutland Sport")
    url = _url("contract-create", partnership, pk=work_package.pk)
    data = {"reference": "T2-HAF", "subcontractors": [str(provider.pk)]}
    response = as_commissioner.post(url, data)
    assert "only named when a third-party provider delivers" in response.text
    WorkPackage.objects.filter(pk=work_package.pk).update(delivery_model="third_party")
    response = as_commissioner.post(url, data)
    assert response.status_code == 302
    contract = DeliveryContract.objects.get(reference="T2-HAF")
    assert list(contract.subcontractors.all()) == [provider]
    assert contract.status == "draft"


def test_an_approved_contract_is_locked_from_editing(as_commissioner, partnership):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    DeliveryContract.objects.filter(pk=contract.pk).update(status="approved")
    response = as_commissioner.post(
        _url("contract-edit", partnership, pk=contract.pk), {"reference": "changed"}
    )
    assert "cannot be edited" in response.text
    contract.refresh_from_db()
    assert contract.reference != "changed"


def test_the_work_package_shows_measures_against_targets(as_board, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    measure = MeasureFactory(work_package=work_package, name="Eligible children engaged")
    ActualFactory(measure=measure, value=2023)
    response = as_board.get(_url("work-package-detail", partnership, pk=work_package.pk))
    assert "Eligible children engaged" in response.text
    assert "2,852" in response.text and "2,023" in response.text
    assert "71% of the way" in response.text


def test_a_measure_whose_target_goes_the_wrong_way_is_refused(as_commissioner, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    response = as_commissioner.post(
        _url("measure-create", partnership, pk=work_package.pk),
        {
            "name": "Placements",
            "unit": "children",
            "baseline": "10",
            "target": "5",
            "direction": "higher",
        },
    )
    assert "The target must improve on the baseline" in response.text


@pytest.mark.parametrize("rows", [1, 8])
def test_the_work_package_page_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    work_package = WorkPackageFactory(partnership=partnership)
    WorkPackage.objects.filter(pk=work_package.pk).update(stage="delivery")
    for n in range(rows):
        ContractFactory(work_package=work_package)
        KeyDateFactory(work_package=work_package)
        EvidenceFactory(work_package=work_package)
        ActualFactory(measure=MeasureFactory(work_package=work_package))
        EventFactory(work_package=work_package, description=f"Step {n}")
        HomeFactory(work_package=work_package, provider=ProviderFactory(partnership=partnership))
    # session, user, membership, package, key dates, evidence, CIP homes (with providers),
    # contracts, measures, actuals, events; for the homes' occupancy: the current business case
    # and the homes' episodes (none here, so no external prices)
    with django_assert_num_queries(13):
        as_board.get(_url("work-package-detail", partnership, pk=work_package.pk))


def test_evaluation_evidence_sits_under_the_four_cabinet_report_headings(as_board, partnership):
    work_package = WorkPackageFactory(partnership=partnership)
    EvidenceFactory(work_package=work_package, heading="value", summary="£798,000 awarded")
    text = as_board.get(_url("work-package-detail", partnership, pk=work_package.pk)).text
    for heading in [
        "Impact and improved outcomes for children and young people",
        "Improved outcomes for families",
        "Value for money",
        "Benefits of the partnership approach",
    ]:
        assert heading in text
    assert text.index("Value for money") < text.index("£798,000 awarded")


def test_a_stage_move_from_a_stale_page_is_refused_not_applied(
    as_commissioner, partnership, monkeypatch
):
    work_package = WorkPackageFactory(partnership=partnership)
    WorkPackage.objects.filter(pk=work_package.pk).update(stage="delivery", version=2)
    response = as_commissioner.post(
        _url("work-package-move", partnership, pk=work_package.pk),
        {"target": "evaluation", "on": "2021-03-09", "version": "1"},
    )
    assert response.status_code == 200
    assert "changed this record while you were looking at it" in response.text
    work_package.refresh_from_db()
    assert work_package.stage == "delivery"


@pytest.mark.parametrize("rows", [1, 6])
def test_the_contract_page_asks_a_fixed_number_of_queries(
    as_board, partnership, django_assert_num_queries, rows
):
    contract = ContractFactory(work_package=WorkPackageFactory(partnership=partnership))
    contract.parties.set([OrganisationFactory() for _ in range(rows)])
    for n in range(rows):
        EventFactory(work_package=contract.work_package, contract=contract, description=f"{n}")
    # session, user, membership, contract + package, parties, sub-contractors, events
    with django_assert_num_queries(7):
        response = as_board.get(_url("contract-detail", partnership, pk=contract.pk))
    assert "put it on a board agenda" in response.text


def test_a_commissioner_records_an_actual_and_the_page_lists_it_by_period(
    as_commissioner, partnership
):
    measure = MeasureFactory(work_package=WorkPackageFactory(partnership=partnership))
    response = as_commissioner.post(
        _url("actual-create", partnership, pk=measure.pk),
        {"period": "Summer 2019", "period_end": "2019-08-31", "value": "2023"},
    )
    assert response.status_code == 302
    page = as_commissioner.get(response.url).text
    actual = measure.actuals.get()
    assert "Actuals for " + measure.name in page
    assert _url("actual-edit", partnership, pk=actual.pk) in page
    duplicate = as_commissioner.post(
        _url("actual-create", partnership, pk=measure.pk),
        {"period": "Summer 2019 again", "period_end": "2019-08-31", "value": "1"},
    )
    assert "already has an actual for this period" in duplicate.text


def test_adding_a_work_package_from_a_brief_prefills_the_brief_and_priority_area(
    as_commissioner, partnership, other_partnership
):
    brief = BriefFactory(partnership=partnership)
    form = as_commissioner.get(
        _url("work-package-create", partnership), {"brief": brief.pk}
    ).context["form"]
    assert (form.initial["brief"], form.initial["priority_area"]) == (
        brief.pk,
        brief.priority_area_id,
    )
    foreign = BriefFactory(partnership=other_partnership)
    form = as_commissioner.get(
        _url("work-package-create", partnership), {"brief": foreign.pk}
    ).context["form"]
    assert "brief" not in form.initial
    response = as_commissioner.get(_url("work-package-create", partnership), {"brief": "x'"})
    assert response.status_code == 200
