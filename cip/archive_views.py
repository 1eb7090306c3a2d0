"""The archive's pages, shared by every archivable kind of record (cip.archive).

URLs name the kind as "app_label.modelname", like the history pages. Archiving and restoring
need what changing that kind of record needs (its `archive_needs`); deleting for good is for
administrators (MANAGE). Records are fetched through the partnership, archived or not.
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from cip import archive, history
from cip.access import Capability, partnership_for, role_can
from cip.forms import VersionField
from cip.models import Archivable, Partnership
from cip.services import StaleEditError

log = logging.getLogger("cip.access")


class ArchiveForm(forms.Form):
    version = VersionField()


class DeleteForGoodForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Tick the box to confirm that it is to be deleted for good"},
    )


def archived_url(record: Archivable, partnership: Partnership) -> str:
    return reverse(
        "cip:record-archived",
        kwargs={"slug": partnership.slug, "model": record._meta.label_lower, "pk": record.pk},
    )


def redirect_if_archived(record: Archivable, partnership: Partnership) -> HttpResponse | None:
    """For a record's own page fetched with `all_objects`: an archived one shows as such."""
    return redirect(archived_url(record, partnership)) if record.is_archived else None


def _list_url(record: Archivable, partnership: Partnership) -> str:
    if record.archive_list_url:
        return reverse(record.archive_list_url, kwargs={"slug": partnership.slug})
    return partnership.get_absolute_url()


def _needs(model) -> tuple[Capability, ...]:
    return tuple(Capability(need) for need in model.archive_needs)


def _can(request: HttpRequest, model) -> bool:
    return any(role_can(request.membership.role, need) for need in _needs(model))


def _to_change(request: HttpRequest, slug: str, model, pk: int) -> tuple[Partnership, Archivable]:
    """The partnership and the record, for a member whose role may change records of this
    kind and who may change this one (cip.history.record_to_change)."""
    partnership = partnership_for(request, slug)
    if not _can(request, model):
        log.warning(
            "permission refused: user=%s partnership=%s role=%s needs any of=%s path=%s",
            request.user.pk,
            slug,
            request.membership.role,
            ",".join(model.archive_needs),
            request.path,
        )
        raise PermissionDenied("Your role cannot archive or restore this kind of record.")
    return partnership, history.record_to_change(partnership, model, pk, request.user)


def record_archived(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    kind = archive.archivable_model(model)
    partnership = partnership_for(request, slug)
    record = history.record_in(partnership, kind, pk)
    if not record.is_archived:
        return redirect(_record_url(record, partnership))
    return render(
        request,
        "cip/record_archived.html",
        {
            "partnership": partnership,
            "record": record,
            "model_label": kind._meta.label_lower,
            "verbose_name": kind._meta.verbose_name,
            "verbose_name_plural": kind._meta.verbose_name_plural,
            "list_url": _list_url(record, partnership),
            "can_restore": _can(request, kind) and record.changeable_by(request.user, partnership),
            "can_delete": role_can(request.membership.role, Capability.MANAGE)
            and record.changeable_by(request.user, partnership),
        },
    )


def _record_url(record: Archivable, partnership: Partnership) -> str:
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    return _list_url(record, partnership)


@require_http_methods(["GET", "POST"])
def record_archive(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    kind = archive.archivable_model(model)
    partnership, record = _to_change(request, slug, kind, pk)
    if record.is_archived:
        messages.info(request, f"{capfirst(str(record))} is already archived")
        return redirect(archived_url(record, partnership))
    posted = request.POST if request.method == "POST" else None  # bound even when empty
    form = ArchiveForm(posted, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            archive.archive(
                record=record, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except StaleEditError as stale:
            form.add_error(
                None,
                f"{stale.who} changed this record while you were looking at it. Check it "
                "before you archive it.",
            )
        else:
            messages.success(
                request,
                f"{capfirst(str(record))} archived. Choose “Archived records” in the list's "
                "filter to see it again or restore it.",
            )
            return redirect(_list_url(record, partnership))
    return render(
        request,
        "cip/record_archive.html",
        {
            "partnership": partnership,
            "record": record,
            "verbose_name": kind._meta.verbose_name,
            "form": form,
            "blockers": record.archive_blockers(),
            "back": _record_url(record, partnership),
        },
    )


@require_http_methods(["POST"])
def record_unarchive(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    kind = archive.archivable_model(model)
    partnership, record = _to_change(request, slug, kind, pk)
    if record.is_archived:
        archive.unarchive(record=record, user=request.user)
        messages.success(request, f"{capfirst(str(record))} restored from the archive")
    return redirect(_record_url(record, partnership))


@require_http_methods(["GET", "POST"])
def record_delete(request: HttpRequest, slug: str, model: str, pk: int) -> HttpResponse:
    kind = archive.archivable_model(model)
    partnership = partnership_for(request, slug, Capability.MANAGE)
    record = history.record_to_change(partnership, kind, pk, request.user)
    deletion = archive.deletion_of(record)
    form = DeleteForGoodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and deletion.allowed and form.is_valid():
        try:
            archive.delete_for_good(record=record, user=request.user)
        except ValidationError as error:  # something came to depend on it meanwhile
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{capfirst(str(record))} deleted for good. Its history is kept."
            )
            return redirect("cip:record-history", slug=slug, model=kind._meta.label_lower, pk=pk)
    return render(
        request,
        "cip/record_delete.html",
        {
            "partnership": partnership,
            "record": record,
            "verbose_name": kind._meta.verbose_name,
            "deletion": deletion,
            "form": form,
            "back": (
                archived_url(record, partnership)
                if record.is_archived
                else _record_url(record, partnership)
            ),
        },
    )
