import csv
import io
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cip.access import Capability, partnership_for, role_can
from cip.archive_views import redirect_if_archived
from cip.services import StaleEditError
from cip.tables import PartnershipTableView, rows_file
from cip.views import save_form
from placements import codes, measures, quality
from placements.filters import EpisodeFilter, ProviderFilter
from placements.forms import (
    BulkCostForm,
    EpisodeForm,
    ImportForm,
    ProviderForm,
    SettingsForm,
)
from placements.importers import export_episodes, export_header
from placements.models import Return, child_reference, settings_for
from placements.services import (
    ReturnNotStuck,
    bulk_cost,
    child_find_or_create,
    episode_save,
    episodes_to_cost,
    return_mark_failed,
    return_upload,
    settings_save,
)
from placements.tables import EpisodeTable
from placements.tasks import last_progress, read_progress


class EpisodeListView(PartnershipTableView):
    need = Capability.VIEW_CHILDREN
    table_class = EpisodeTable

    filterset_class = EpisodeFilter
    template_name = "placements/episode_list.html"
    export_name = "placements"

    def get_queryset(self):
        return self.partnership.episodes.select_related("child", "provider").order_by(
            "-decom", "-pk"
        )

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "partnership": self.partnership}

    def get_table_kwargs(self):
        can_edit = role_can(self.request.membership.role, Capability.EDIT)
        return {"partnership": self.partnership, "can_edit": can_edit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = role_can(self.request.membership.role, Capability.EDIT)
        context["years"] = _export_years()
        context["dfe_warnings"] = dfe_warnings(self.partnership)
        return context

    def csv_values(self, episodes, names):
        """The CSV export's rows, streamed: what the table's columns export, read with
        values_list (cip.tables.PartnershipTableView.create_export)."""
        return EpisodeTable.csv_values(episodes, names)


class ProviderListView(PartnershipTableView):
    from placements.tables import ProviderTable as table_class

    filterset_class = ProviderFilter
    template_name = "placements/provider_list.html"
    export_name = "providers"

    def get_queryset(self):
        return (
            self.partnership.providers(manager="all_objects")
            .ranked()
            .annotate(
                rank=Window(RowNumber(), order_by=F("price_per_quality").asc(nulls_last=True))
            )
        )

    def get_table_kwargs(self):
        can_edit = role_can(self.request.membership.role, Capability.EDIT)
        return {"partnership": self.partnership, "can_edit": can_edit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = role_can(self.request.membership.role, Capability.EDIT)
        return context


def _export_years() -> list[tuple[int, str]]:
    latest = codes.collection_year(timezone.localdate())
    return [(y, codes.collection_year_label(y)) for y in range(latest, 2016, -1)]


def _save_episode(request, form: EpisodeForm, *, message: str) -> bool:
    """Find or create the child of a new episode, then save with the overlap and version
    checks; problems go back onto the form, keeping what the user typed."""
    if not form.is_valid():
        return False
    episode = form.instance
    if episode.child_id is None:
        data = form.cleaned_data
        known = form.partnership.children.filter(
            reference=child_reference(data["case_id"])
        ).exists()
        if not known:
            missing = [n for n in ("birth_month", "birth_year", "sex") if not data.get(n)]
            for name in missing:
                form.add_error(
                    name, f"Enter the {form[name].label.lower()} of a child new to the log"
                )
            if missing:
                return False
    try:
        # One transaction: a new child is not kept when its first episode is refused.
        with transaction.atomic():
            if episode.child_id is None:
                data = form.cleaned_data
                episode.child = child_find_or_create(
                    partnership=form.partnership,
                    case_id=data["case_id"],
                    birth_year=data.get("birth_year") or 0,
                    birth_month=data.get("birth_month") or 0,
                    sex=data.get("sex") or "",
                    user=request.user,
                )
            episode_save(episode=episode, expected_version=form.loaded_version, user=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    except StaleEditError:
        # Reuse the shared wording for a concurrent edit.
        return save_form(request, form, message=message)
    messages.success(request, message)
    return True


@require_http_methods(["GET", "POST"])
def episode_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    form = EpisodeForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and _save_episode(request, form, message="Placement logged"):
        return redirect(form.instance.child.get_absolute_url())
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": "Log a placement", "partnership": partnership},
    )


@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    episode = get_object_or_404(partnership.episodes.select_related("child"), pk=pk)
    form = EpisodeForm(request.POST or None, instance=episode, partnership=partnership)
    if request.method == "POST" and _save_episode(request, form, message="Placement saved"):
        return redirect(episode.child.get_absolute_url())
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": f"Edit the placement of child {episode.child.short_reference}",
            "partnership": partnership,
            "cancel_url": episode.child.get_absolute_url(),
        },
    )


def child_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.VIEW_CHILDREN)
    child = get_object_or_404(partnership.children, pk=pk)
    episodes = list(child.episodes.select_related("provider").order_by("decom"))
    return render(
        request,
        "placements/child_detail.html",
        {
            "partnership": partnership,
            "child": child,
            "episodes": episodes,
            "can_edit": role_can(request.membership.role, Capability.EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    form = ProviderForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message="Provider added"):
        return redirect("placements:provider-list", slug=slug)
    return render(request, "cip/form.html", {"form": form, "title": "Add a provider"})


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.EDIT)
    provider = get_object_or_404(partnership.providers(manager="all_objects"), pk=pk)
    if archived := redirect_if_archived(provider, partnership):
        return archived
    form = ProviderForm(request.POST or None, instance=provider, partnership=partnership)
    if request.method == "POST" and save_form(request, form, message=f"{provider} saved"):
        return redirect("placements:provider-list", slug=slug)
    return render(
        request,
        "cip/form.html",
        {"form": form, "title": f"Edit {provider}", "archive_record": provider},
    )


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.MANAGE)
    form = SettingsForm(request.POST or None, instance=settings_for(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            settings_save(
                instance=form.instance, expected_version=form.loaded_version, user=request.user
            )
        except StaleEditError:
            save_form(request, form, message="")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Placement settings saved")
            return redirect("placements:measures", slug=slug)
    return render(
        request,
        "cip/form.html",
        {
            "form": form,
            "title": "Placement settings",
            "cancel_url": reverse("placements:measures", kwargs={"slug": slug}),
        },
    )


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a return: the files are checked by their first bytes here, kept, and imported
    by the background worker (placements.tasks); the page then shows its progress."""
    partnership = partnership_for(request, slug, Capability.EDIT)
    # The import writes children's records and names them, row by row, in its problems: it
    # needs seeing child-level records as well as editing.
    if not role_can(request.membership.role, Capability.VIEW_CHILDREN):
        raise PermissionDenied("Your role cannot see children's records in this partnership.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = return_upload(
            partnership=partnership,
            header=form.cleaned_data["header"],
            episodes=form.cleaned_data["episodes"],
            user=request.user,
        )
        return redirect(record.get_absolute_url())
    return render(
        request,
        "placements/import.html",
        {
            "form": form,
            "partnership": partnership,
            "returns": partnership.returns.select_related("uploaded_by").defer(
                "header_data", "episodes_data", "problems", "dfe_findings"
            )[:RETURNS_LISTED],
        },
    )


RETURNS_LISTED = 50


def dfe_warnings(partnership) -> dict | None:
    """The DfE rules' warnings on the latest imported return, until a later return is
    imported without them: {"count", "record"}, or None when there are none."""
    latest = (
        partnership.returns.filter(status=Return.Status.IMPORTED)
        .only("pk", "partnership_id", "collection_year", "dfe_total", "dfe_blocking", "created_at")
        .first()
    )
    if latest is None or not latest.warnings:
        return None
    return {"count": latest.warnings, "record": latest}


REFRESH_SECONDS = 3


def return_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A return's progress while the worker imports it (the page refreshes itself, by the
    Refresh header, without JavaScript), then its outcome and the DfE's rules' findings."""
    partnership = partnership_for(request, slug, Capability.VIEW_CHILDREN)
    record = get_object_or_404(
        partnership.returns.select_related("uploaded_by").defer("header_data", "episodes_data"),
        pk=pk,
    )
    rows_read, problems_found = read_progress(record)
    findings = record.dfe_findings
    by_rule: dict[str, dict] = {}
    for finding in findings:
        group = by_rule.setdefault(
            finding["rule"],
            {
                "rule": finding["rule"],
                "message": finding["message"],
                "blocking": finding["blocking"],
                "rows": [],
            },
        )
        group["rows"].append(finding)
    response = render(
        request,
        "placements/return_detail.html",
        {
            "partnership": partnership,
            "record": record,
            "rows_read": rows_read,
            "problems_found": problems_found,
            "rules": sorted(by_rule.values(), key=lambda g: (not g["blocking"], g["rule"])),
            "refresh": REFRESH_SECONDS if not record.is_finished else None,
            "can_mark_failed": record.is_stuck(last_progress(record))
            and role_can(request.membership.role, Capability.EDIT),
        },
    )
    if not record.is_finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_http_methods(["POST"])
def return_mark_failed_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark a return whose worker has died as failed (placements.services.return_mark_failed)."""
    partnership = partnership_for(request, slug, Capability.EDIT)
    record = get_object_or_404(
        partnership.returns.defer("header_data", "episodes_data", "dfe_findings"), pk=pk
    )
    try:
        return_mark_failed(record=record, user=request.user, last_progress=last_progress(record))
    except ReturnNotStuck:
        messages.error(
            request,
            "The return was not marked as failed: it has finished, or its import has shown "
            "progress in the last 30 minutes.",
        )
    else:
        messages.success(request, "The return is marked as failed. You can upload it again.")
    return redirect(record.get_absolute_url())


def return_findings_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The DfE's rules' findings on a return as CSV: one line a failing row and rule."""
    partnership = partnership_for(request, slug, Capability.VIEW_CHILDREN)
    record = get_object_or_404(partnership.returns.only("pk", "dfe_findings"), pk=pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Rule", "Stops the import", "Message", "File", "Row", "Column"])
    for f in record.dfe_findings:
        writer.writerow(
            [
                f["rule"],
                "yes" if f["blocking"] else "no",
                f["message"],
                f["file"],
                f["row"],
                f["column"],
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="ssda903-return-{record.pk}-dfe-rules.csv"'
    )
    return response


def ssda903_export(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, Capability.VIEW_CHILDREN)
    years = dict(_export_years())
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = next(iter(years))
    if year not in years:
        year = next(iter(years))
    table = request.GET.get("table", "episodes")
    rows = export_header if table == "header" else export_episodes
    name = "header" if table == "header" else "episodes"
    response = StreamingHttpResponse(rows(partnership, year), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="ssda903-{partnership.slug}-{year - 1}-{str(year)[2:]}-{name}.csv"'
    )
    return response


@require_http_methods(["GET", "POST"])
def bulk_costing(request: HttpRequest, slug: str) -> HttpResponse:
    """Set the weekly cost (and provider) of many episodes at once: the placement log's
    filter (in the query string) picks them; "Preview" (a GET) says how many would change;
    "Apply" (a POST) changes them, each with its history, only if that number still holds."""
    partnership = partnership_for(request, slug, Capability.EDIT)
    episodes = EpisodeFilter(
        request.GET, queryset=partnership.episodes.all(), partnership=partnership
    )
    chosen = episodes.qs if episodes.is_valid() else partnership.episodes.none()
    if request.method == "POST":
        data = request.POST
    else:
        data = request.GET if "set-weekly_cost" in request.GET else None
    form = BulkCostForm(data, partnership=partnership, prefix="set")
    preview = None
    if data is not None and form.is_valid():
        cost, provider = form.cleaned_data["weekly_cost"], form.cleaned_data["provider"]
        changing = episodes_to_cost(chosen, weekly_cost=cost, provider=provider).count()
        if request.method == "POST" and form.cleaned_data["previewed"] != changing:
            form.add_error(
                None,
                f"{changing} episodes would change now, not the "
                f"{form.cleaned_data['previewed'] or 0} previewed: check the preview below",
            )
        elif request.method == "POST":
            changed = bulk_cost(
                partnership=partnership,
                episodes=chosen,
                weekly_cost=cost,
                provider=provider,
                user=request.user,
            )
            messages.success(request, f"Weekly cost set on {changed} episodes")
            log = reverse("placements:episode-list", kwargs={"slug": slug})
            query = _filter_query(request)
            return redirect(f"{log}?{query}" if query else log)
        preview = {
            "matching": chosen.count(),
            "changing": changing,
            "cost": cost,
            "provider": provider,
            "confirm": form.cleaned_data["confirm_cost"],
        }
    return render(
        request,
        "placements/bulk_costing.html",
        {
            "partnership": partnership,
            "filter": episodes,
            "form": form,
            "preview": preview,
            "query": _filter_query(request),
        },
    )


def _filter_query(request: HttpRequest) -> str:
    """The query string's filters of the placement log, without the values to set."""
    query = request.GET.copy()
    for key in [k for k in query if k.startswith("set-")]:
        del query[key]
    return query.urlencode()


def data_quality(request: HttpRequest, slug: str) -> HttpResponse:
    """What the figures leave out or would get wrong: each check's count, why it matters,
    and a link to its rows on the placement log."""
    partnership = partnership_for(request, slug, Capability.VIEW_CHILDREN)
    found = quality.for_partnership(partnership, today=date.today())
    log = reverse("placements:episode-list", kwargs={"slug": slug})
    return render(
        request,
        "placements/data_quality.html",
        {
            "partnership": partnership,
            "checks": [
                {
                    "key": key,
                    "label": label,
                    "count": found.counts[key],
                    "why": quality.WHY[key],
                    "url": f"{log}?quality={key}",
                }
                for key, label in quality.CHECKS.items()
            ],
            "providers_without_location": found.providers_without_location,
            "can_manage": role_can(request.membership.role, Capability.MANAGE),
        },
    )


def _measures_year(request: HttpRequest, partnership):
    """The collection year the page (or its export) shows: `?year=`, else the latest with data."""
    latest_year = codes.collection_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    available = measures.years_with_data(partnership) or [latest_year]
    if year not in available:
        year = available[-1]
    first, last = codes.collection_year_bounds(year)
    return year, available, measures.for_year(partnership, first=first, last=last, years=available)


def _mix_table(board, year_label: str) -> tuple[str, list, list, list]:
    rows = [
        [
            category.label,
            count,
            part,
            board.spend.by_category.get(category),
            board.spend.average_weekly.get(category),
        ]
        for category, count, part in board.mix
    ]
    rows.append(["Total", board.looked_after, None, board.spend.total, None])
    headers = [
        "Category",
        f"Children at {board.last:%-d %b %Y}",
        "Share",
        f"Spend {year_label}",
        "Average weekly cost",
    ]
    return "Placement mix", headers, [None, None, "percent", "money", "money"], rows


def _trend_table(board, year_label: str) -> tuple[str, list, list, list]:
    rows = [[label, count, rate] for label, count, rate in board.trend]
    return "Children looked after", ["Date", "Children", "Rate per 10,000"], [None] * 3, rows


def _stability_table(board, year_label: str) -> tuple[str, list, list, list]:
    s = board.stability
    rows = [
        [
            "Looked after at 31 March with 3 or more placements during the year",
            s.three_plus_placements,
            s.looked_after,
            s.three_plus_share,
        ],
        [
            "Looked after for 2 years or more with 3 or more placements in those 2 years",
            s.two_year_three_plus,
            s.two_year_cohort,
            s.two_year_share,
        ],
        [
            "Under 16, looked after for 2.5 years or more, in the same placement for 2 years "
            "(long-term stability)",
            s.long_term_stable,
            s.long_term_cohort,
            s.long_term_share,
        ],
    ]
    headers = ["Indicator", "Children", "Of", "Share"]
    return f"Stability {year_label}", headers, [None, None, None, "percent"], rows


# The measures page's tables, by the name in the export's URL (/measures/<name>.csv).
MEASURES_TABLES = {"mix": _mix_table, "trend": _trend_table, "stability": _stability_table}


def measures_export(
    request: HttpRequest, slug: str, table: str, export_format: str
) -> HttpResponse:
    """One of the measures page's tables (MEASURES_TABLES) as CSV or XLSX for the page's
    year, from the same reader."""
    if export_format not in ("csv", "xlsx") or table not in MEASURES_TABLES:
        raise Http404("No such table or format")
    partnership = partnership_for(request, slug, Capability.EXPORT)
    year, _, board = _measures_year(request, partnership)
    year_label = codes.collection_year_label(year)
    title, headers, kinds, rows = MEASURES_TABLES[table](board, year_label)
    return rows_file(
        export_format,
        title=title,
        filename=f"{partnership.slug}-measures-{table}-{year_label}".replace("/", "-"),
        headers=headers,
        kinds=kinds,
        rows=rows,
    )


def measures_page(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug)
    year, available, board = _measures_year(request, partnership)
    return render(
        request,
        "placements/measures.html",
        {
            "partnership": partnership,
            "m": board,
            "mix_rows": [
                {
                    "category": category,
                    "count": count,
                    "share": part,
                    "spend": board.spend.by_category.get(category),
                    "average": board.spend.average_weekly.get(category),
                }
                for category, count, part in board.mix
            ],
            "year": year,
            "year_label": codes.collection_year_label(year),
            "years": [(y, codes.collection_year_label(y)) for y in reversed(available)],
            "can_manage": role_can(request.membership.role, Capability.MANAGE),
            "today": date.today(),
            "dfe_warnings": dfe_warnings(partnership),
        },
    )
