"""Every form of the project, through the real views: junk from hypothesis, and extra fields.

Every form class and FilterSet is reached through a route of the permission table (a new
one that no route reaches fails the first test); tests/formpages.py finds them.

- Junk: each form page gets its own form back, as the browser would submit it, with some
  fields replaced by junk (unicode, NUL bytes, very long strings, huge and negative numbers,
  money with signs and symbols, impossible dates, other records' ids) or left out. The answer
  must be a redirect (saved) or the page again with an error summary and nothing written.
  Filters and query forms get junk in the query string and must answer with the page.
- Mass assignment: posting fields that are not on the form (partnership, version, status,
  created_by, id, archived, and every field of the record the form does not show) changes
  nothing that posting the form without them would not.

Examples per form: FORM_FUZZ_EXAMPLES (default 4, as make test runs it); for a longer
search: FORM_FUZZ_EXAMPLES=200 pytest tests/test_every_form.py.
"""

import os
from datetime import date, datetime, timedelta

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board.forms import BoardModelForm
from briefs.forms import ParentedForm
from cip.forms import Form, VersionedModelForm
from cip.invitations import NewAccountForm
from cip.models import Organisation, Partnership
from funding.forms import ChildForm
from tests.cip.factories import PASSWORD, PartnershipFactory
from tests.formpages import (
    PROJECT,
    build_site,
    client_for,
    forms_built,
    project_classes,
    rolled_back,
    write_marks,
)
from tests.fuzz import ssda903
from tests.routes import all_routes

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "4"))
# Reached only through a link sent by e-mail: fuzzed in tests/cip/test_invitations.py.
BY_EMAIL = {NewAccountForm}
# Shared bases: never built themselves, each has forms of its own below it.
BASES = {Form, VersionedModelForm, BoardModelForm, ParentedForm, ChildForm}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Both partnerships populated and every route's forms read, once for this module; each
    test runs in a savepoint inside this transaction, which is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_site(
            PartnershipFactory(name="Partnership A", slug="partnership-a"),
            PartnershipFactory(name="Partnership B", slug="partnership-b"),
            prepare=_in_delivery,
        )
        transaction.set_rollback(True)


def _in_delivery(partnership):
    """The work package the move page names is put in delivery, so that its next step
    (evaluation) needs nothing more and the move can be saved."""
    first = partnership.work_packages.order_by("pk").first()
    type(first).objects.filter(pk=first.pk).update(stage="delivery")


def test_every_form_and_filter_of_the_project_is_reached_through_a_route(site):
    posted = {type(f) for page in site.pages for f in page.bound_forms}
    got = {type(b) for built in site.built_by_get.values() for b in built}
    form_classes = project_classes(forms.BaseForm)
    assert form_classes >= BASES
    assert all(any(issubclass(c, base) for c in form_classes - BASES) for base in BASES)
    assert form_classes - BASES - posted - got - BY_EMAIL == set(), "forms no route reaches"
    # A FilterSet without a model is a mixin (cip.archive.ArchivedFilterMixin), not a filter.
    filter_classes = {
        c for c in project_classes(django_filters.FilterSet) if c._meta.model is not None
    }
    assert filter_classes - got == set(), "filters no list page uses"


# --- junk ---------------------------------------------------------------------------------

WORDS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202e\u0000\ufeff",
    "💷",
    "0",
    "-1",
    "1e400",
    "-1e-400",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 40,
    "-£1,000.00",
    "£-5",
    "£1,000,000,000,000,000",
    "0.001",
    "1,2,3",
    "31/02/2020",
    "2020-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "2020-13-01",
    "-2020-01-01",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://example.com")',
    "' OR 1=1 --",
    "../../etc/passwd",
    "on",
    "true",
    "None",
]
JUNK = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(date.isoformat),
    st.integers(min_value=1000, max_value=20000).map(lambda n: "x" * n),
    st.integers(min_value=1, max_value=400).map(str),  # ids of this and the other partnership
)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _value(field):
    if isinstance(field, forms.FileField):
        return st.binary(max_size=2000).map(lambda b: SimpleUploadedFile("junk.csv", b))
    # None leaves the field out; a list sends it several times.
    return st.one_of(JUNK, st.lists(JUNK, min_size=2, max_size=3), st.none())


def _problem(response, before) -> str | None:
    if response.status_code in (302, 303):
        return None
    if response.status_code != 200:
        return f"answered {response.status_code}"
    if b"govuk-error-summary" not in response.content:
        return "answered 200 without an error summary"
    if write_marks() != before:
        return "showed errors but wrote to the database"
    return None


def _run(label, failures, check, *args):
    """Run one form's search; a failure is listed, so one run reports every form that fails."""
    try:
        check(*args)
    except Exception as error:
        notes = "\n".join(getattr(error, "__notes__", []))
        failures.append(f"{label}: {type(error).__name__}: {error}\n{notes}")


def _fuzz_form(page, before):
    fields = page.fields
    # The CSRF token is always sent: without it the middleware refuses the post (the test
    # client skips that check), and an empty post leaves Django's forms unbound.
    names = sorted((set(fields) | set(page.baseline)) - {"csrfmiddlewaretoken"})
    changes = st.lists(st.sampled_from(names), min_size=1, unique=True).flatmap(
        lambda picked: st.fixed_dictionaries({name: _value(fields.get(name)) for name in picked})
    )

    @FUZZ
    @given(changes)
    def post_junk(changed):
        data = {**page.baseline, **changed}
        data = {name: value for name, value in data.items() if value is not None}
        with rolled_back():
            problem = _problem(page.post(data), before)
        assert problem is None, f"{problem} for {changed!r}"

    post_junk()


def test_junk_posted_to_every_form_is_saved_or_named_and_never_half_written(site):
    assert len(site.pages) > 60
    failures: list[str] = []
    for page in site.pages:
        _run(page.route.name, failures, _fuzz_form, page, write_marks())
    assert failures == [], "\n\n".join(failures)


def test_not_a_number_in_every_decimal_is_named_not_a_500(site):
    """Found by the junk above on the bid edit form: Django compares a typed "sNaN" with the
    record's amount to see what changed, and that comparison raised decimal.InvalidOperation.
    Each word is tried in every decimal field of every form, with the record's own values
    elsewhere."""
    decimals = [
        (page, name)
        for page in site.pages
        for name, field in page.fields.items()
        if isinstance(field, forms.DecimalField)
    ]
    pages = {page.route.name for page, _ in decimals}
    assert pages >= {"funding:bid-edit", "placements:provider-edit"}
    before = write_marks()
    for page, name in decimals:
        for word in ("sNaN", "-sNaN", "NaN", "Infinity", "1e400"):
            with rolled_back():
                response = page.post({**page.baseline, name: word})
            assert _problem(response, before) is None, f"{page.route.name} {name}={word}"
            assert b"govuk-error-summary" in response.content, f"{page.route.name} {name}"


def _fuzz_query(client, url, names):
    @FUZZ
    @given(st.dictionaries(st.sampled_from(names), st.one_of(JUNK, st.lists(JUNK, max_size=3))))
    def get_junk(query):
        with rolled_back():
            response = client.get(url, query)
        assert response.status_code == 200, f"answered {response.status_code} for {query!r}"

    get_junk()


def test_junk_in_every_filter_and_query_string_gives_the_page(site):
    table = all_routes()
    failures: list[str] = []
    queried = 0
    for name, built in site.built_by_get.items():
        query_forms = [
            b.form if isinstance(b, django_filters.FilterSet) else b
            for b in built
            if isinstance(b, django_filters.FilterSet) or (b.is_bound and b.prefix is None)
        ]
        if not query_forms:
            continue
        queried += 1
        route = table[name]
        names = sorted({f.add_prefix(n) for f in query_forms for n in f.fields} | {"page", "sort"})
        url = reverse(name, kwargs=route.kwargs_for(site.partnership))
        _run(name, failures, _fuzz_query, client_for(route, site.clients), url, names)
    assert queried >= 15
    assert failures == [], "\n\n".join(failures)


# --- mass assignment ----------------------------------------------------------------------

# Names an attacker would try on any form, whatever the model.
ALWAYS = {
    "partnership": "",
    "partnership_id": "",
    "version": "99",
    "status": "approved",
    "created_by": "",
    "created_by_id": "",
    "id": "999999",
    "pk": "999999",
    "archived": "on",
    "is_archived": "on",
    "created_at": "2000-01-01T00:00:00Z",
    "updated_at": "2000-01-01T00:00:00Z",
}


def _models_of(page) -> set[type[models.Model]]:
    found = {f._meta.model for f in page.bound_forms if isinstance(f, forms.ModelForm)}
    if page.record is not None:
        found.add(type(page.record))
    return found


def _other_value(field: models.Field, current, other_partnership) -> str:
    """A value for `field` that differs from `current` and would pass the form if it were
    on it: the other partnership's record, another choice, another date."""
    if field.is_relation:
        related = field.related_model._default_manager.exclude(pk=current).order_by("-pk")
        scoped = [f for f in field.related_model._meta.fields if f.name == "partnership"]
        if scoped:
            related = related.filter(partnership=other_partnership) or related
        other = related.first()
        return str(other.pk) if other else "999999"
    if field.choices:
        values = [str(value) for value, _ in field.flatchoices if value not in ("", None)]
        return next((v for v in values if v != str(current)), "INJECTED")
    if isinstance(field, models.BooleanField):
        return "false" if current else "on"
    if isinstance(field, models.DateTimeField):
        return "2001-02-03T04:05:06Z"
    if isinstance(field, models.DateField):
        return "2001-02-03"
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return "77"
    return "INJECTED"


def _extras(page, site) -> dict[str, str]:
    on_form = set(page.fields) | set(page.baseline)
    extras = dict(ALWAYS)
    extras["partnership"] = extras["partnership_id"] = str(site.other_partnership.pk)
    extras["created_by"] = extras["created_by_id"] = str(site.outsider.pk)
    for model in _models_of(page):
        record = page.record if isinstance(page.record, model) else None
        for field in model._meta.concrete_fields:
            if field.name in on_form or field.attname in on_form:
                continue
            current = getattr(record, field.attname, None) if record else None
            value = _other_value(field, current, site.other_partnership)
            extras[field.name] = extras[field.attname] = value
    return {name: value for name, value in extras.items() if name not in on_form}


def _watched():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT or m is User]


def _written(since: datetime, floor: dict[str, int]) -> dict[str, list]:
    """What the project's tables and the users hold that was saved since `since`: records by
    their updated_at, history rows by their date, and tables without either whole. Times
    after `since` read "now" and ids of rows made since then read "new" (PostgreSQL's
    sequences do not roll back, so the same post twice makes different ids), as do the ids
    of tasks queued for the worker."""
    written = {}
    for model in _watched():
        names = {f.name for f in model._meta.fields}
        stamp = next((n for n in ("history_date", "updated_at") if n in names), None)
        rows = model._default_manager.all()
        if stamp:
            rows = rows.filter(**{f"{stamp}__gte": since})
        found = []
        for row in rows:
            values = []
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                target = field.related_model if field.is_relation else model
                if field.name == "id" and hasattr(model, "instance_type"):  # a history row's
                    target = model.instance_type
                if (field.primary_key or field.is_relation or field.name == "id") and (
                    isinstance(value, int) and value > floor.get(target._meta.label, 0)
                ):
                    value = "new"
                elif isinstance(value, datetime) and value >= since:
                    value = "now"
                elif field.name == "task_id" and value:
                    value = "queued"  # the worker's queue gives each task a new id
                elif model is User and field.name == "password":
                    value = bool(value)  # salted: the same password hashes differently
                values.append((field.name, value))
            found.append(tuple(values))
        if found:
            written[model._meta.label] = sorted(found, key=repr)
    return written


def _post_and_read(page, data, floor) -> tuple[int, dict, list]:
    with rolled_back(), forms_built() as built:
        since = timezone.now()
        response = page.post(data)
        errors = [dict(f.errors) for f in built if isinstance(f, forms.BaseForm) and f.errors]
        return response.status_code, _written(since, floor), errors


def _first_choice(field) -> str:
    for value, label in field.choices:
        options = label if isinstance(label, list | tuple) else [(value, label)]
        for option, _ in options:
            if str(option) != "":
                return str(option)
    return ""


def _typed(field) -> str:
    """What a person would type into a required field the page leaves empty."""
    if isinstance(field, forms.ChoiceField):
        return _first_choice(field)
    if isinstance(field, forms.DateField):
        return "2026-01-15"
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return str(max(field.min_value or 1, 1))
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/paper"
    return "Filled in"


def _totp(site) -> str:
    from django_otp.oath import totp

    return f"{totp(site.device.bin_key):06d}"


def _next_contract_year(partnership) -> dict:
    latest = partnership.contract_years.order_by("-number").first()
    start = latest.end_date + timedelta(days=1)
    return {
        "number": str(latest.number + 1),
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=364)).isoformat(),
    }


def _meeting_to_come(partnership):
    """A meeting still to come, and the quorum a written procedure needs to carry."""
    from board.models import BoardSettings
    from tests.board.factories import MeetingFactory

    BoardSettings.objects.update_or_create(partnership=partnership, defaults={"quorum_members": 3})
    return MeetingFactory(partnership=partnership, date=date.today() + timedelta(days=30))


# Where the page's own values clash with a record already there (a unique number or name),
# or where only a person knows the answer: what they would type instead.
TYPED = {
    "login": lambda site: {"username": site.board.username, "password": PASSWORD},
    "two-factor-setup": lambda site: {"token": _totp(site)},
    "cip:invitation-create": lambda site: {"email": "new@example.org"},
    # the year after the latest, contiguous with it (contract years have no gap)
    "cip:contract-year-create": lambda site: _next_contract_year(site.partnership),
    "cip:organisation-create": lambda site: {"identifier": "GB-CHC-999999"},
    "board:attendee-create": lambda site: {"guest_name": "A guest"},
    "board:item-create": lambda site: {"position": "9"},
    # a reference window that ends after it starts
    "forecast:create": lambda site: {"window_start": "2023-04-01", "window_end": "2024-03-31"},
    # a meeting still to come, to report the decision to
    "board:proposal-create": lambda site: {
        "meeting": str(_meeting_to_come(site.partnership).pk),
        "deadline": (date.today() + timedelta(days=14)).isoformat(),
    },
    "board:declaration-create": lambda site: {
        "user": str(site.board.pk),
        "interest": "A trustee of the provider",
    },
    "briefs:brief-create": lambda site: {"number": "99"},
    "briefs:priority-area-create": lambda site: {"name": "Another priority"},
    "briefs:task-create": lambda site: {"order": "9"},
    "workpackages:work-package-create": lambda site: {"title": "Another work package"},
    "workpackages:contract-create": lambda site: {"reference": "T2-999"},
    "workpackages:measure-create": lambda site: {"name": "Another measure"},
    "workpackages:actual-create": lambda site: {
        "period": "Winter 2030",
        "period_end": "2030-12-31",
    },
    "workpackages:business-case-create": lambda site: {
        "work_package": str(_package_without_an_open_case().pk)
    },
    "workpackages:business-case-stated-figure-create": lambda site: {"figure": "npsv"},
    "workpackages:business-case-saving-create": lambda site: {"financial_year": "2030"},
    "placements:episode-create": lambda site: {
        "case_id": "CASE-NEW-1",
        "birth_month": "6",
        "birth_year": "2012",
        "sex": "2",
    },
    "placements:provider-create": lambda site: {"name": "Another provider", "ofsted_urn": ""},
    # Applied for as many episodes as the preview counted: every one of the partnership's
    # (none costs £512.25 yet).
    "placements:bulk-costing": lambda site: {
        "set-weekly_cost": "512.25",
        "set-previewed": str(site.partnership.episodes.count()),
    },
    "placements:import": lambda site: {
        "header": SimpleUploadedFile("header.csv", ssda903.csv_bytes(ssda903.HEADER)),
        "episodes": SimpleUploadedFile("episodes.csv", ssda903.csv_bytes(ssda903.EPISODES)),
    },
    # The create pages take the edit page's bid, so they are like a bid already recorded:
    # the person ticks that theirs is a different one.
    "funding:bid-create": lambda site: {"confirm_not_duplicate": "on"},
    "funding:bid-past-award": lambda site: {"confirm_not_duplicate": "on"},
    "funding:supporter-create": lambda site: {
        "organisation": str(Organisation.objects.order_by("-pk").first().pk)
    },
}


def _package_without_an_open_case():
    """A new case needs a work package whose last version is not still open (draft or before
    the board): which package the edit page shows depends on the order of the pages."""
    from tests.workpackages.factories import WorkPackageFactory
    from workpackages.models import WorkPackage

    free = (
        WorkPackage.objects.filter(partnership__slug="partnership-a")
        .exclude(business_cases__status__in=["draft", "submitted"])
        .order_by("pk")
        .first()
    )
    return free or WorkPackageFactory(partnership=Partnership.objects.get(slug="partnership-a"))


def _saving_data(page, site) -> dict:
    """The page's form as a browser would submit it, filled in where a person would: a
    create page takes what the edit page of the same form shows."""
    data = dict(page.baseline)
    made = {f._meta.model for f in page.bound_forms if isinstance(f, forms.ModelForm)}
    if made and type(page.record) not in made:
        for other in site.pages:
            if type(other.record) in made:
                shown = {k: v for k, v in other.baseline.items() if k in page.baseline}
                data.update({k: v for k, v in shown.items() if k != "version"})
                break
    for name, field in page.fields.items():
        if field.required and not "".join(map(str, data.get(name, []))).strip():
            data[name] = [_typed(field)]
    for name, value in TYPED.get(page.route.name, lambda site: {})(site).items():
        data[name] = value if hasattr(value, "read") else [value]
    return data


def test_posting_fields_that_are_not_on_the_form_changes_nothing(site):
    floor = {
        model._meta.label: model._default_manager.order_by("-pk").values_list("pk", flat=True)[0]
        for model in _watched()
        if model._default_manager.exists()
    }
    unsaved, failures = [], []
    for page in site.pages:
        data = _saving_data(page, site)
        status, plain, errors = _post_and_read(page, data, floor)
        if status not in (302, 303):
            unsaved.append(f"{page.route.name} ({status}): {errors}")
            continue
        extras = _extras(page, site)
        with_extras_data = {**_saving_data(page, site), **extras}  # files are read once
        _, with_extras, _ = _post_and_read(page, with_extras_data, floor)
        if with_extras != plain:
            changed = sorted(
                label
                for label in set(plain) | set(with_extras)
                if plain.get(label) != with_extras.get(label)
            )
            differences = [
                f"{label}: {set(plain.get(label, [])) ^ set(with_extras.get(label, []))}"
                for label in changed
            ]
            failures.append(f"{page.route.name}: posting {sorted(extras)} changed {differences}")
    assert unsaved == [], "these forms must save as posted, so that extra fields are tried"
    assert failures == [], "\n".join(failures)


def test_a_key_too_large_for_the_database_in_every_choice_of_a_record_is_named_not_a_500(site):
    """Found by the junk above on the contract edit form: SQLite's driver cannot bind a key
    beyond 2**63 - 1 (OverflowError), which Django's model choice fields do not catch. Each
    key is tried in every choice of a record, single or multiple, on every form."""
    choices = [
        (page, name, isinstance(field, forms.ModelMultipleChoiceField))
        for page in site.pages
        for name, field in page.fields.items()
        if isinstance(field, forms.ModelChoiceField)
    ]
    pages = {page.route.name for page, _, _ in choices}
    assert pages >= {"workpackages:contract-edit", "board:attendee-create"}
    before = write_marks()
    for page, name, multiple in choices:
        for key in ("9" * 40, str(2**63), "-" + "9" * 30):
            with rolled_back():
                response = page.post({**page.baseline, name: [key] if multiple else key})
            assert _problem(response, before) is None, f"{page.route.name} {name}={key}"
            assert b"govuk-error-summary" in response.content, f"{page.route.name} {name}"


# --- the version an edit was loaded with -----------------------------------------------------

# A stale page's version, tampered with: the edit must be refused as someone else's save.
BAD_VERSIONS = {
    "left out": None,
    "empty": "",
    "zero": "0",
    "not a number": "two",
    "negative": "-1",
    "too large for the database": "9" * 30,
    "one the record never had": "999",
}


def _edits_a_stored_record(page) -> bool:
    """The page's form carries a version for a record already stored (not a create page:
    what a create page saved while its forms were read was rolled back)."""
    return any(
        "version" in f.fields
        and not (
            isinstance(f, forms.ModelForm)
            and not type(f.instance)._base_manager.filter(pk=f.instance.pk).exists()
        )
        for f in page.bound_forms
    )


def test_every_edit_without_the_version_it_was_loaded_with_is_refused_as_stale(site):
    """A stale page whose version is left out, emptied or changed is never saved over a newer
    version (it was, on every edit form, when a missing version meant "the current one")."""
    pages = [page for page in site.pages if _edits_a_stored_record(page)]
    assert len(pages) >= 29, [page.route.name for page in pages]
    floor = {
        model._meta.label: model._default_manager.order_by("-pk").values_list("pk", flat=True)[0]
        for model in _watched()
        if model._default_manager.exists()
    }
    failures = []
    for page in pages:
        data = _saving_data(page, site)
        assert "version" in data, page.route.name
        status, _, errors = _post_and_read(page, data, floor)
        if status not in (302, 303):  # the form as loaded saves: only the version is wrong
            failures.append(f"{page.route.name}: the untouched form did not save: {errors}")
            continue
        for label, version in BAD_VERSIONS.items():
            tampered = {k: v for k, v in _saving_data(page, site).items() if k != "version"}
            if version is not None:
                tampered["version"] = [version]
            with rolled_back():
                before = write_marks()
                response = page.post(tampered)
                after = write_marks()
            html = response.content.decode() if response.status_code == 200 else ""
            if response.status_code != 200 or "while you were" not in html:
                failures.append(f"{page.route.name}, version {label}: {response.status_code}")
            elif after != before:
                failures.append(f"{page.route.name}, version {label}: refused but wrote")
    assert failures == [], "\n".join(failures)
