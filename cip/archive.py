"""Archiving: domain records are archived rather than deleted.

An archivable record (cip.models.Archivable) that is archived drops out of every list, picker,
count and total, because its model's default manager leaves archived rows out; it keeps its
data, its links and its history, and those who may change it can restore it. Lists show
archived records again with their "Archived" filter (ArchivedFilterMixin).

Deleting for good is for administrators, after a confirmation: the record (and what the
database deletes with it) leaves its table, and its history stays, closed by a "Deleted"
version naming the administrator, so its history page still shows every version.
"""

from collections import Counter
from dataclasses import dataclass

import django_filters
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import capfirst

from cip.history import model_named
from cip.models import Archivable
from cip.services import save_versioned


def archivable_model(label: str) -> type[Archivable]:
    """The archivable model named "app_label.modelname", or 404."""
    return model_named(label, Archivable)


def archivable_models() -> list[type[Archivable]]:
    return [model for model in apps.get_models() if issubclass(model, Archivable)]


@transaction.atomic
def archive(*, record: Archivable, user, expected_version: int | None = None) -> Archivable:
    """Archive `record` (a new version in its history, by `user`); refuses, saying why, when
    other records in lists of their own still point at it."""
    if record.is_archived:
        raise ValidationError(f"{capfirst(str(record))} is already archived.")
    if blockers := record.archive_blockers():
        raise ValidationError(blockers)
    record.archived_at = timezone.now()
    record.archived_by = user
    record._change_reason = "Archived"
    if expected_version is None:  # not from a page: the record as it stands
        expected_version = record.version
    return save_versioned(instance=record, expected_version=expected_version, user=user)


@transaction.atomic
def unarchive(*, record: Archivable, user) -> Archivable:
    """Put an archived record back in its lists (a new version in its history, by `user`)."""
    if not record.is_archived:
        raise ValidationError(f"{capfirst(str(record))} is not archived.")
    record.archived_at = None
    record.archived_by = None
    record._change_reason = "Restored from the archive"
    return save_versioned(instance=record, expected_version=record.version, user=user)


@dataclass(frozen=True)
class Deletion:
    """What deleting a record for good would take with it, or what stops it."""

    takes: list[tuple[str, int]]  # (verbose name, how many) of the records deleted with it
    blocked_by: list[tuple[str, int]]  # records that must not lose it (PROTECT / RESTRICT)

    @property
    def allowed(self) -> bool:
        return not self.blocked_by


def _collector(record: models.Model) -> Collector:
    collector = Collector(using=router.db_for_write(type(record)), origin=record)
    collector.collect([record])
    return collector


def _counted(objects) -> list[tuple[str, int]]:
    counts = Counter(str(obj._meta.verbose_name_plural) for obj in objects)
    return sorted(counts.items())


def deletion_of(record: models.Model) -> Deletion:
    try:
        collector = _collector(record)
    except (ProtectedError, RestrictedError) as refused:
        objects = getattr(refused, "protected_objects", None) or refused.restricted_objects
        return Deletion(takes=[], blocked_by=_counted(objects))
    takes = _counted(
        obj for instances in collector.data.values() for obj in instances if obj is not record
    )
    return Deletion(takes=takes, blocked_by=[])


@transaction.atomic
def delete_for_good(*, record: Archivable, user) -> None:
    """Delete `record` and what the database deletes with it. Every one of them keeps its
    history, closed by a "Deleted" version naming `user`. Refuses (ValidationError) while
    other records must keep pointing at it."""
    deletion = deletion_of(record)
    if not deletion.allowed:
        named = ", ".join(f"{count} {name}" for name, count in deletion.blocked_by)
        raise ValidationError(
            f"{capfirst(str(record))} cannot be deleted: {named} still refer to it."
        )
    collector = _collector(record)
    for instances in collector.data.values():
        for obj in instances:
            # simple-history reads these when it writes each "Deleted" version.
            obj._history_user = user
            obj._change_reason = (
                "Deleted for good" if obj is record else f"Deleted for good with {record}"
            )
    collector.delete()


class ArchivedFilterMixin(django_filters.FilterSet):
    """A list's "Show" filter: current records (the default) or archived ones. The list view's
    queryset starts from the model's `all_objects`; this decides which of them show."""

    archived = django_filters.ChoiceFilter(
        label="Show",
        choices=[("archived", "Archived records")],
        empty_label="Current records",
        method="_archived",
    )

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Here rather than in the filter: an unbound or empty filter must still hide them.
        wanted = (data or {}).get("archived") == "archived"
        self.queryset = self.queryset.filter(archived_at__isnull=not wanted)

    def _archived(self, queryset, name, value):
        return queryset
