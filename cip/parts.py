"""The small records that belong to a parent record and are edited on small forms of their own:
a brief's tasks and design team, a work package's key dates and homes, a business case's cost
lines and stated figures. One set of views serves every app, so adding, editing and removing a
part read, check and record the same way.

An app declares its parts and where their parent lives, then takes the URLs:

    parts = PartViews(
        parents=lambda partnership: partnership.design_briefs,
        parent_field="brief",
        describe=lambda brief: f"brief {brief.number}",
        parts={"task": Part(BriefTask, TaskForm, "task", plural="tasks")},
    )
    urlpatterns += parts.urls()

The parent is reached through the partnership (another partnership's part is a 404), along
the part model's `partnership_path`; a part whose owning record (the one holding the
partnership) is archived cannot be changed, and removing one writes its history. Two hooks
serve parents with rules of their own: `locked` answers instead of the form when the parent
may not change now (a business case the board has decided is frozen), and a `Part` may be
kept on another record than the parent its URL names (a case's realised saving belongs to
the case's work package: `parent_field`, `own_parent`, and `page` back to the case).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from cip.access import Capability, partnership_for
from cip.services import delete_with_history
from cip.views import save_form


@dataclass(frozen=True)
class Part:
    model: type[Model]
    form: type[BaseForm]
    noun: str
    plural: str  # the URL segment: /<parent>/<plural>/new/, /<plural>/<pk>/edit/
    # The new form's starting values, from its parent (a brief's next task number).
    initial: Callable[[Model], dict] = field(default=lambda parent: {})
    # A part kept on another record than the parent its "new" URL names: the field naming its
    # own parent (the views' `parent_field` otherwise), that parent from the URL's, and the
    # page its forms come from and return to, from its own parent.
    parent_field: str | None = None
    own_parent: Callable[[Model], Model] = field(default=lambda parent: parent)
    page: Callable[[Model], Model] = field(default=lambda parent: parent)
    # Whether the views' `locked` check holds it (a frozen case locks its lines, not savings).
    lockable: bool = True


def _owner_path(model: type[Model]) -> list[str]:
    """The fields from a record to the one holding its partnership (the owner): [] for a
    record that holds it itself."""
    return getattr(model, "partnership_path", "partnership").split("__")[:-1]


def _set_partnership(record: Model, partnership) -> None:
    """Give the record's owner the partnership already read, so its URLs cost no query."""
    for name in _owner_path(type(record)):
        record = getattr(record, name)
    record.partnership = partnership


class PartViews:
    def __init__(
        self,
        *,
        parents: Callable[..., QuerySet],
        parent_field: str,
        describe: Callable[[Model], str],
        parts: dict[str, Part],
        locked: Callable[[HttpRequest, object, Model], HttpResponse | None] | None = None,
    ):
        self.parents = parents
        self.parent_field = parent_field
        self.describe = describe
        self.parts = parts
        # (request, partnership, page parent) -> the page refusing the change, or None.
        self.locked = locked

    def urls(self, *, prefix: str = "", name_prefix: str = "", remove: str = "remove"):
        """The parts' URLs: `prefix` before each path, `name_prefix` before each name, and
        `remove` as the removal's last segment."""
        get_or_post = require_http_methods(["GET", "POST"])
        patterns: list[URLPattern] = []
        for name, part in self.parts.items():
            for route, view, action in [
                (f"<int:pk>/{part.plural}/new/", self.create, "create"),
                (f"{part.plural}/<int:pk>/edit/", self.edit, "edit"),
                (f"{part.plural}/<int:pk>/{remove}/", self.delete, "delete"),
            ]:
                patterns.append(
                    path(
                        prefix + route,
                        get_or_post(view),
                        {"part": name},
                        name=f"{name_prefix}{name}-{action}",
                    )
                )
        return patterns

    def _record(self, partnership, spec: Part, pk: int) -> Model:
        """The part, reached through its live owner in the partnership."""
        path_to_owner = _owner_path(spec.model)
        owner = "__".join(path_to_owner)
        lookups = {getattr(spec.model, "partnership_path", "partnership"): partnership}
        owner_model = spec.model
        for name in path_to_owner:
            owner_model = owner_model._meta.get_field(name).related_model
        if hasattr(owner_model, "archived_at"):
            lookups[f"{owner}__archived_at__isnull"] = True
        record = get_object_or_404(
            spec.model.objects.select_related(owner).filter(**lookups), pk=pk
        )
        _set_partnership(record, partnership)
        return record

    def _refusal(self, request, partnership, spec: Part, page: Model) -> HttpResponse | None:
        if self.locked is None or not spec.lockable:
            return None
        return self.locked(request, partnership, page)

    def _form_page(self, request, form, title: str, page) -> HttpResponse:
        return render(
            request,
            "cip/form.html",
            {"form": form, "title": title, "cancel_url": page.get_absolute_url()},
        )

    def create(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership = partnership_for(request, slug, Capability.EDIT)
        page = get_object_or_404(self.parents(partnership), pk=pk)
        _set_partnership(page, partnership)
        spec = self.parts[part]
        if refusal := self._refusal(request, partnership, spec, page):
            return refusal
        parent = spec.own_parent(page)
        form = spec.form(request.POST or None, parent=parent, initial=spec.initial(parent))
        message = f"{spec.noun.capitalize()} added"
        if request.method == "POST" and save_form(request, form, message=message):
            return redirect(page)
        title = f"Add a {spec.noun} to {self.describe(page)}"
        return self._form_page(request, form, title, page)

    def _reached(self, request, slug: str, pk: int, part: str):
        partnership = partnership_for(request, slug, Capability.EDIT)
        spec = self.parts[part]
        record = self._record(partnership, spec, pk)
        parent = getattr(record, spec.parent_field or self.parent_field)
        page = spec.page(parent)
        return partnership, spec, record, parent, page

    def edit(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership, spec, record, parent, page = self._reached(request, slug, pk, part)
        if refusal := self._refusal(request, partnership, spec, page):
            return refusal
        form = spec.form(request.POST or None, instance=record, parent=parent)
        message = f"{spec.noun.capitalize()} saved"
        if request.method == "POST" and save_form(request, form, message=message):
            return redirect(page)
        title = f"Edit the {spec.noun} on {self.describe(page)}"
        return self._form_page(request, form, title, page)

    def delete(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership, spec, record, _parent, page = self._reached(request, slug, pk, part)
        if refusal := self._refusal(request, partnership, spec, page):
            return refusal
        if request.method == "POST":
            delete_with_history(record=record, user=request.user)
            messages.success(request, f"{spec.noun.capitalize()} removed")
            return redirect(page)
        return render(
            request,
            "cip/part_delete.html",
            {
                "partnership": partnership,
                "record": record,
                "noun": spec.noun,
                "back": page.get_absolute_url(),
            },
        )
