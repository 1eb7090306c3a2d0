"""The history of any domain record: who changed what, and when; restore for administrators.

Every model inheriting DomainModel has a simple-history table. A record is reached through
its partnership: through a `partnership` field, or the lookup a model names in
`partnership_path` (e.g. "work_package__partnership"). Organisations are reached through the
register a partnership sees: the shared entries and its own.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404

from cip.models import DomainModel, Organisation, Partnership
from cip.services import _display, field_changes, save_versioned


def model_named(label: str, base: type) -> type[models.Model]:
    """The concrete subclass of `base` named "app_label.modelname" in a URL, or 404."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise Http404("No such kind of record") from exc
    if not issubclass(model, base) or model._meta.abstract:
        raise Http404("No such kind of record")
    return model


def domain_model(label: str) -> type[models.Model]:
    """The DomainModel subclass named "app_label.modelname", or 404."""
    return model_named(label, DomainModel)


def _in_partnership(queryset, model: type[models.Model], partnership: Partnership):
    if model is Partnership:  # the live table or its history: `id` is the partnership's key
        return queryset.filter(**{model._meta.pk.attname: partnership.pk})
    if model is Organisation:  # the live table or its history: both have `owner`
        return queryset.filter(Q(owner__isnull=True) | Q(owner=partnership))
    return queryset.filter(**{getattr(model, "partnership_path", "partnership"): partnership})


def record_in(partnership: Partnership, model: type[models.Model], pk: int):
    """The record, archived or not (the base manager), if it is in `partnership`; else 404."""
    record = _in_partnership(model._base_manager.all(), model, partnership).filter(pk=pk).first()
    if record is None:
        raise Http404("No such record")
    return record


def record_to_change(partnership: Partnership, model: type[models.Model], pk: int, user):
    """The record, as `record_in`, for a user who is to change it: 403 when it is not the
    partnership's to change (a shared organisation, for all but site administrators)."""
    record = record_in(partnership, model, pk)
    if not record.changeable_by(user, partnership):
        raise PermissionDenied(
            f"Only a site administrator can change this {model._meta.verbose_name}."
        )
    return record


def deleted_in(partnership: Partnership, model: type[models.Model], pk: int):
    """A record deleted for good, as its last version left it, if its history shows it in
    `partnership`; else 404. Its history (`record.history`) is all there."""
    entries = model.history.filter(**{model._meta.pk.attname: pk})
    last = _in_partnership(entries, model, partnership).order_by("-history_id").first()
    if last is None or last.history_type != "-":
        raise Http404("No such record")
    return last.instance


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    entry: models.Model  # the historical row
    changes: list[Change]
    # Who made it, as the reader may see it: someone outside the partnership (a shared record's
    # earlier editors) is not named.
    who: str

    @property
    def kind(self) -> str:
        return {"+": "Created", "~": "Changed", "-": "Deleted"}[self.entry.history_type]


def _who(user, members: set[int] | None) -> str:
    if user is None:
        return "the system"
    if members is not None and user.pk not in members:
        # A shared organisation's change made elsewhere: by whom is not this partnership's to
        # know, only whether the register's keepers or another partnership made it.
        return "a site administrator" if user.is_superuser else "another partnership"
    return user.get_full_name() or user.username


def versions(record, partnership: Partnership) -> list[Version]:
    """Newest first, each with what differs from the version before it."""
    entries = list(record.history.select_related("history_user").order_by("-history_id"))
    members = None
    if isinstance(record, Organisation):  # the one kind several partnerships may change
        members = set(partnership.memberships.values_list("user_id", flat=True))
    out = []
    for newer, older in zip(entries, [*entries[1:], None], strict=True):
        changes = []
        if older is not None:
            for name in field_changes(newer, older):
                changes.append(
                    Change(
                        field=str(record._meta.get_field(name).verbose_name).capitalize(),
                        before=_display(older, name),
                        after=_display(newer, name),
                    )
                )
        out.append(Version(entry=newer, changes=changes, who=_who(newer.history_user, members)))
    return out


# Bookkeeping, and whether the record is archived: that has its own way back (cip.archive).
_NOT_RESTORED = {"version", "created_at", "updated_at", "archived_at", "archived_by"}


@transaction.atomic
def restore(*, record, history_id: int, user):
    """Put the record's fields back as they were in one historical version; the restore is
    itself a new version in the history, made by `user`."""
    entry = record.history.filter(history_id=history_id).first()
    if entry is None:
        raise ValidationError("Choose a version of this record to restore.")
    old = entry.instance
    for field in record._meta.concrete_fields:
        if field.primary_key or field.name in _NOT_RESTORED:
            continue
        setattr(record, field.attname, getattr(old, field.attname))
    record._change_reason = f"Restored version {entry.version}"
    return save_versioned(instance=record, expected_version=record.version, user=user)
