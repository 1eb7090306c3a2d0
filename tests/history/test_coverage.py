"""Every write path has its history test: a new URL, service function, decision kind or
management command fails here until a test marked @writes(...) covers it (tests/history), or
it is listed below as writing no domain record, with the reason."""

import importlib
import inspect
import pkgutil
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import get_commands
from django.urls import URLPattern, URLResolver, get_resolver

from cip import decisions
from cip.archive import archivable_models
from cip.models import DomainModel, LiveManager, Organisation, Partnership
from tests.formpages import PROJECT as PROJECT_APPS
from tests.history import writes
from tests.routes import all_routes

# URLs that only read (they take no POST).
READ_URLS = {
    "sso-start",  # single sign-on (cip.sso): sends the browser to the provider
    "sso-callback",  # signs in a linked identity: a session, no domain record
    "sso-unknown",
    "cip:home",
    "cip:partnership-detail",
    "cip:membership-list",
    "cip:organisation-list",
    "cip:record-history",
    "cip:record-archived",
    "board:meeting-list",
    "board:meeting-detail",
    "board:meeting-pack",
    "board:decision-list",
    "board:decision-detail",
    "board:action-list",
    "board:risk-list",
    "board:risk-detail",
    "board:secondment-list",
    "board:secondment-detail",
    "board:interest-list",
    "board:proposal-list",
    "board:proposal-detail",
    "board:forward-plan",
    "board:forward-plan-pdf",
    "board:meeting-minutes-pdf",
    "board:decision-notice-pdf",
    "briefs:brief-list",
    "briefs:brief-detail",
    "briefs:priority-area-list",
    "workpackages:work-package-list",
    "workpackages:work-package-detail",
    "workpackages:contract-list",
    "workpackages:contract-detail",
    "workpackages:business-case-list",
    "workpackages:business-case-detail",
    "placements:episode-list",
    "placements:child-detail",
    "placements:provider-list",
    "placements:measures",
    "placements:measures-export",
    "placements:ssda903-export",
    "placements:return-detail",
    "placements:data-quality",
    "placements:return-findings",
    "funding:bid-list",
    "funding:bid-detail",
    "funding:pipeline",
    "funding:totals",
    "funding:condition-list",
    "funding:sub-grant-list",
    "funding:giving-360",
    "funding:giving-360-json",
    "funding:giving-360-csv",
    "reports:report-list",
    "reports:report-detail",
    "reports:export-detail",
    "reports:export-download",
    "reports:final-pdf",
    "reports:report-word",
    "dashboard:dashboard",
    "dashboard:export",
    "forecast:list",
    "forecast:detail",
}
# URLs that take a POST but write no domain record.
NOT_DOMAIN_URLS = {
    "login": "signs in (django-axes keeps the attempt; no domain record)",
    "logout": "signs out",
    "two-factor-setup": "a TOTP device of django-otp, not a domain record",
    "two-factor-verify": "checks a TOTP code",
}

# The modules whose public functions write, or are listed as not writing.
WRITING_MODULES = [
    "cip.services",
    "cip.register",
    "board.services",
    "board.tasks",
    "reports.services",
    "reports.tasks",
    "cip.archive",
    "cip.history",
    "briefs.services",
    "workpackages.services",
    "workpackages.business_cases.services",
    "placements.services",
    "placements.importers",
    "placements.tasks",
    "funding.services",
    "forecast.services",
    "forecast.tasks",
    "cip.work",
]
NOT_WRITES = {
    "placements.importers.sniff": "reads an upload's first bytes",
    "placements.importers.file_size": "formats a size for a message",
    "cip.services.changes_since": "reads the history",
    "cip.services.field_changes": "reads the history",
    "cip.services.save_versioned": "the shared save every write path goes through",
    "cip.services.delete_with_history": "the shared removal every part-delete path goes through",
    "board.services.ensure_open": "a check",
    "board.services.register_board_kinds": "registers decision kinds at start-up",
    "board.services.meeting_items": "reads",
    "board.services.ensure_quorate": "a check",
    "board.services.next_continuation_for": "reads",
    "board.services.present_members": "reads",
    "board.services.prejudiced_members": "reads",
    "board.services.check_kind_and_record": "a check",
    "board.services.proposal_voters": "reads",
    "reports.services.register_papers": "registers papers at start-up",
    "board.tasks.render_minutes": "the signed-off minutes' PDF bytes, written once by the "
    "worker with update(); the minutes record's history records who signed them off",
    "reports.tasks.run_export": "the worker's progress and the PDF's bytes, written with "
    "update() on purpose (see its docstring): the export's history records who asked, when",
    "reports.tasks.render_final": "the final PDF's bytes, written once by the worker "
    "with update(); the final version's history records who finalised it",
    "cip.work.progress_of": "the worker's progress, written with update() on purpose: the "
    "job's history records who asked, when",
    "cip.work.run_with_progress": "the worker's progress and results (run_export, "
    "run_forecast), written with update() on purpose",
    "cip.work.render_once": "a frozen snapshot's PDF bytes (render_final, render_minutes), "
    "written once with update()",
    "forecast.tasks.run_forecast": "the worker's progress and the results, written with "
    "update() on purpose (see its docstring): the forecast's history records who asked, when "
    "and with which settings",
    "cip.archive.archivable_model": "a lookup",
    "cip.archive.archivable_models": "a lookup",
    "cip.archive.deletion_of": "reads what a deletion would take",
    "cip.history.domain_model": "a lookup",
    "cip.history.model_named": "a lookup",
    "cip.history.record_in": "reads",
    "cip.history.record_to_change": "reads, and checks the record may be changed",
    "cip.history.deleted_in": "reads the history",
    "cip.history.versions": "reads the history",
    "workpackages.services.delivery_problem": "a check",
    "workpackages.business_cases.services.register_decisions": "registers kinds at start-up",
    "workpackages.business_cases.services.business_case_summary": "a calculation",
    "workpackages.business_cases.services.approved_case": "reads",
    "placements.services.check_no_overlap": "a check",
    "placements.services.episodes_to_cost": "reads (what bulk costing would change)",
    "placements.importers.export_episodes": "reads",
    "placements.importers.export_header": "reads",
    "placements.tasks.progress_file": "a path",
    "placements.tasks.read_progress": "reads",
    "placements.tasks.last_progress": "reads a file's time",
    "placements.tasks.latest_year": "reads a file",
}
NOT_WRITING_COMMANDS = {
    "benchmark_ssda903": "writes through import_ssda903 (covered), and rolls it back",
    "bench": "writes through generate_data and the import, into a throwaway database",
    "generate_data": "streams rows with their history rows (cip.bulk; tests/cip/test_synthetic.py)",
    "send_reminders": "queues the digest task and sends mail; it changes no record",
}


def _covered() -> dict[str, list[str]]:
    """Import every write-path test module, so that its @writes marks are recorded."""
    folder = Path(__file__).parent
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("test_writes_"):
            importlib.import_module(f"tests.history.{module.name}")
    importlib.import_module("tests.cip.test_load_demo")
    return writes.COVERED


def _project_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _project_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _declared_methods(view) -> set[str] | None:
    """The methods a view says it takes (a class view's handlers, require_http_methods), or
    None when it does not say."""
    if hasattr(view, "view_class"):
        return {m.upper() for m in view.view_class.http_method_names if hasattr(view.view_class, m)}
    for cell in view.__closure__ or ():
        value = cell.cell_contents
        if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            return {v.upper() for v in value}
    return None


def test_every_url_is_a_covered_write_path_or_writes_nothing():
    covered = _covered()
    urls = dict(_project_urls())
    assert set(urls) == set(all_routes()), "the permission table and the URLs differ"
    writing_nothing = READ_URLS | set(NOT_DOMAIN_URLS)
    unclassified = sorted(set(urls) - set(covered) - writing_nothing)
    assert unclassified == [], "write paths without a history test (tests/history)"
    assert sorted(writing_nothing & set(covered)) == []
    assert sorted(writing_nothing - set(urls)) == [], "listed URLs that do not exist"
    # A URL listed as reading says it takes no POST, or says nothing (a plain GET view).
    posting = [name for name in READ_URLS if "POST" in (_declared_methods(urls[name]) or set())]
    assert posting == []


def _public_functions(module_name: str):
    module = importlib.import_module(module_name)
    for name, value in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(getattr(value, "func", value)):
            continue
        function = getattr(value, "func", value)  # a django-tasks task wraps its function
        if function.__module__ == module_name:
            yield f"{module_name}.{name}"


def test_every_function_of_the_services_is_covered_or_writes_nothing():
    covered = _covered()
    functions = {name for module in WRITING_MODULES for name in _public_functions(module)}
    assert sorted(functions - set(covered) - set(NOT_WRITES)) == []
    assert sorted(set(NOT_WRITES) - functions) == [], "NOT_WRITES names a function that is gone"
    assert sorted(set(NOT_WRITES) & set(covered)) == []


def test_every_services_module_is_scanned():
    found = set()
    for app in PROJECT_APPS:
        root = Path(apps.get_app_config(app).path)
        for path in root.rglob("*services.py"):
            found.add(".".join(path.relative_to(root.parent).with_suffix("").parts))
    assert found <= set(WRITING_MODULES)


def test_every_decision_kind_is_covered():
    covered = _covered()
    assert sorted(f"decision:{key}" for key in decisions.kinds() if key) == sorted(
        name for name in covered if name.startswith("decision:")
    )


def test_every_management_command_is_covered_or_writes_nothing():
    covered = _covered()
    ours = {name for name, app in get_commands().items() if app in PROJECT_APPS}
    tested = {name.removeprefix("command:") for name in covered}
    assert sorted(ours - tested - set(NOT_WRITING_COMMANDS)) == []


def test_every_model_of_the_project_keeps_a_history():
    plain = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and not issubclass(model, DomainModel)
        and not hasattr(model, "history")  # a history of its own (reminders.Preference)
        and not model._meta.auto_created
    ]
    assert plain == []
    for model in apps.get_models():
        if issubclass(model, DomainModel):  # simple-history registered its table
            history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
            assert model.history.model is history


def test_every_domain_model_is_reached_through_its_partnership():
    """The history and archive pages find a record's partnership through `partnership` or
    the model's `partnership_path`: every one of them must resolve."""
    unresolved = []
    for model in apps.get_models():
        if not issubclass(model, DomainModel) or model in (Partnership, Organisation):
            continue
        path = getattr(model, "partnership_path", "partnership")
        try:
            str(model._base_manager.filter(**{path: 1}).query)
            str(model.history.filter(**{path: 1}).query)
        except FieldError:
            unresolved.append(model._meta.label)
    assert unresolved == []


def test_every_archivable_model_hides_archived_rows_by_default():
    for model in archivable_models():
        assert isinstance(model._default_manager, LiveManager), model._meta.label
        assert model._default_manager.name == "objects"
        assert not isinstance(model.all_objects, LiveManager)
