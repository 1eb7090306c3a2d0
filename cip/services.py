"""Writes that every app shares: versioned saves that never silently overwrite."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.utils import get_m2m_reverse_field_name


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


def _related_in_entry(entry, field) -> list:
    """The records a historical entry's many-to-many field held (simple-history's copy)."""
    target = get_m2m_reverse_field_name(field)
    return [getattr(row, target) for row in getattr(entry, field.name).all()]


def _m2m_field(record, field_name: str):
    return next(
        (f for f in getattr(record, "_history_m2m_fields", ()) if f.name == field_name), None
    )


def _display(record, field_name: str) -> str:
    if (m2m := _m2m_field(record, field_name)) is not None:
        return ", ".join(sorted(str(r) for r in _related_in_entry(record, m2m))) or "(none)"
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


_BOOKKEEPING = {"version", "created_at", "updated_at"}


def field_changes(newer, older) -> list[str]:
    """The names of the fields that differ from one historical entry to another: every field
    the history keeps, those no form edits included (a status a decision moved, who archived
    it), less the bookkeeping. (simple-history's diff_against leaves non-editable fields out.)"""
    names = [
        field.name
        for field in older.tracked_fields
        if field.name not in _BOOKKEEPING
        and getattr(newer, field.attname) != getattr(older, field.attname)
    ]
    for field in getattr(older, "_history_m2m_fields", ()):
        held = [{r.pk for r in _related_in_entry(e, field)} for e in (newer, older)]
        if held[0] != held[1]:
            names.append(field.name)
    return names


def changes_since(record: models.Model, version: int) -> list[FieldChange]:
    """What differs between the saved `version` of a record and its latest saved state."""
    history = record.history.order_by("-history_id")
    latest, then = history.first(), history.filter(version=version).first()
    if latest is None or then is None:
        return []
    return [
        FieldChange(
            field=capfirst(str(record._meta.get_field(name).verbose_name)),
            before=_display(then, name),
            after=_display(latest, name),
        )
        for name in field_changes(latest, then)
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


@transaction.atomic
def delete_with_history(*, record: models.Model, user) -> None:
    """Remove a part of a record (a task, a key date, a cost line, an attendee, a heading):
    the removal is a '-' version in its history, made by `user`."""
    record._history_user = user
    record.delete()
