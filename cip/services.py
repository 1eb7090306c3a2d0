"""Writes that every app shares: versioned saves that never silently overwrite."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


class StaleEditError(Exception):
    """Someone else saved the record after this edit was loaded."""

    def __init__(self, *, current: models.Model, changes: list[FieldChange], who: str):
        self.current = current
        self.changes = changes
        self.who = who
        super().__init__(f"{type(current).__name__} {current.pk} changed since it was loaded")


def _display(record, field_name: str) -> str:
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else "(none)"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    return "(blank)" if value in (None, "") else str(value)


def changes_since(record: models.Model, version: int) -> list[FieldChange]:
    """What differs between the saved `version` of a record and its latest saved state."""
    history = record.history.order_by("-history_id")
    latest, then = history.first(), history.filter(version=version).first()
    if latest is None or then is None:
        return []
    delta = latest.diff_against(then, excluded_fields=["version", "updated_at", "created_at"])
    return [
        FieldChange(
            field=capfirst(str(record._meta.get_field(change.field).verbose_name)),
            before=_display(then, change.field),
            after=_display(latest, change.field),
        )
        for change in delta.changes
    ]


@transaction.atomic
def save_versioned(*, instance: models.Model, expected_version: int | None, user=None):
    """Validate and save `instance`, refusing if its stored version is not `expected_version`.

    The version check is one conditional UPDATE, so it holds on SQLite and PostgreSQL alike
    without a row lock: of two concurrent savers exactly one matches the old version.
    """
    if user is not None:
        instance._history_user = user
    instance.full_clean()
    if instance._state.adding:
        instance.save()
        return instance
    model = type(instance)
    # The base manager: an archived record (hidden by an archivable model's default manager)
    # is still saved with a version check, when it is archived, restored or put back.
    moved = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not moved:
        current = model._base_manager.get(pk=instance.pk)
        latest = current.history.order_by("-history_id").first()
        who = str(latest.history_user) if latest and latest.history_user else "someone else"
        raise StaleEditError(
            current=current, changes=changes_since(current, expected_version), who=who
        )
    instance.version = expected_version + 1
    instance.save()
    return instance
