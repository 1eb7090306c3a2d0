"""The small records that belong to a parent record and are edited on small forms of their own:
a brief's tasks and design team, a work package's key dates and homes. One set of views serves
every app, so adding, editing and removing a part read, check and record the same way.

An app declares its parts and where their parent lives, then takes the URLs:

    parts = PartViews(
        parents=lambda partnership: partnership.design_briefs,
        parent_field="brief",
        describe=lambda brief: f"brief {brief.number}",
        parts={"task": Part(BriefTask, TaskForm, "task", plural="tasks")},
    )
    urlpatterns += parts.urls()

The parent is reached through the partnership (another partnership's part is a 404), an
archived parent's parts cannot be changed, and removing one writes its history.
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


class PartViews:
    def __init__(
        self,
        *,
        parents: Callable[..., QuerySet],
        parent_field: str,
        describe: Callable[[Model], str],
        parts: dict[str, Part],
    ):
        self.parents = parents
        self.parent_field = parent_field
        self.describe = describe
        self.parts = parts

    def urls(self) -> list[URLPattern]:
        get_or_post = require_http_methods(["GET", "POST"])
        patterns = []
        for name, part in self.parts.items():
            for route, view, action in [
                (f"<int:pk>/{part.plural}/new/", self.create, "create"),
                (f"{part.plural}/<int:pk>/edit/", self.edit, "edit"),
                (f"{part.plural}/<int:pk>/remove/", self.delete, "delete"),
            ]:
                patterns.append(
                    path(route, get_or_post(view), {"part": name}, name=f"{name}-{action}")
                )
        return patterns

    def _record(self, partnership, part: Part, pk: int) -> Model:
        """The part, reached through a live parent of the partnership."""
        parent = self.parent_field
        return get_object_or_404(
            part.model.objects.select_related(parent).filter(
                **{f"{parent}__partnership": partnership, f"{parent}__archived_at__isnull": True}
            ),
            pk=pk,
        )

    def _form_page(self, request, form, title: str, parent) -> HttpResponse:
        return render(
            request,
            "cip/form.html",
            {"form": form, "title": title, "cancel_url": parent.get_absolute_url()},
        )

    def create(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership = partnership_for(request, slug, Capability.EDIT)
        parent = get_object_or_404(self.parents(partnership), pk=pk)
        spec = self.parts[part]
        form = spec.form(request.POST or None, parent=parent, initial=spec.initial(parent))
        message = f"{spec.noun.capitalize()} added"
        if request.method == "POST" and save_form(request, form, message=message):
            return redirect(parent)
        title = f"Add a {spec.noun} to {self.describe(parent)}"
        return self._form_page(request, form, title, parent)

    def edit(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership = partnership_for(request, slug, Capability.EDIT)
        spec = self.parts[part]
        record = self._record(partnership, spec, pk)
        parent = getattr(record, self.parent_field)
        form = spec.form(request.POST or None, instance=record, parent=parent)
        message = f"{spec.noun.capitalize()} saved"
        if request.method == "POST" and save_form(request, form, message=message):
            return redirect(parent)
        title = f"Edit the {spec.noun} on {self.describe(parent)}"
        return self._form_page(request, form, title, parent)

    def delete(self, request: HttpRequest, slug: str, pk: int, part: str) -> HttpResponse:
        partnership = partnership_for(request, slug, Capability.EDIT)
        spec = self.parts[part]
        record = self._record(partnership, spec, pk)
        parent = getattr(record, self.parent_field)
        if request.method == "POST":
            delete_with_history(record=record, user=request.user)
            messages.success(request, f"{spec.noun.capitalize()} removed")
            return redirect(parent)
        return render(
            request,
            "cip/part_delete.html",
            {
                "partnership": partnership,
                "record": record,
                "noun": spec.noun,
                "back": parent.get_absolute_url(),
            },
        )
