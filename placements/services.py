"""Writes to the placement log: pseudonymising a child, saving an episode, the settings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from cip.models import Partnership
from cip.services import save_versioned
from placements import calculations
from placements.models import (
    RETURN_STUCK_AFTER,
    Child,
    Episode,
    PlacementSettings,
    Return,
    child_reference,
    settings_for,
)


def check_no_overlap(episode: Episode) -> None:
    """A child is in one placement at a time: episodes may touch but not overlap."""
    others = (
        Episode.objects.filter(child_id=episode.child_id)
        .exclude(pk=episode.pk)
        .values_list("decom", "dec")
    )
    for start, end in others:
        clash = calculations.overlapping([(start, end), (episode.decom, episode.dec)])
        if clash:
            ends = f" to {end:%d/%m/%Y}" if end else " (still open)"
            raise ValidationError(
                {
                    "decom": f"This overlaps the child's episode from {start:%d/%m/%Y}{ends}. "
                    "End that episode first, or change the dates."
                }
            )


@transaction.atomic
def child_find_or_create(
    *, partnership: Partnership, case_id: str, birth_year: int, birth_month: int, sex: str, user
) -> Child:
    reference = child_reference(case_id)
    child = Child.objects.filter(partnership=partnership, reference=reference).first()
    if child is not None:
        return child
    child = Child(
        partnership=partnership,
        reference=reference,
        birth_year=birth_year,
        birth_month=birth_month,
        sex=sex,
    )
    return save_versioned(instance=child, expected_version=None, user=user)


@transaction.atomic
def episode_save(*, episode: Episode, expected_version: int | None, user) -> Episode:
    """Derive the location, refuse an overlap, then save with the version check."""
    episode.derive_location(settings_for(episode.partnership).districts)
    if episode.dec is None or episode.dec >= episode.decom:
        check_no_overlap(episode)
    return save_versioned(
        instance=episode,
        expected_version=None if episode._state.adding else expected_version,
        user=user,
    )


@transaction.atomic
def settings_save(*, instance: PlacementSettings, expected_version: int | None, user):
    """Save the settings and re-derive in/out of county for every episode without an override."""
    saved = save_versioned(
        instance=instance,
        expected_version=None if instance._state.adding else expected_version,
        user=user,
    )
    districts = saved.districts
    changed = []
    for episode in Episode.objects.filter(partnership=saved.partnership, location=""):
        before = episode.in_county
        episode.derive_location(districts)
        if episode.in_county != before:
            episode.version += 1
            changed.append(episode)
    if changed:
        bulk_update_with_history(
            changed, Episode, ["in_county", "version"], batch_size=1000, default_user=user
        )
    return saved


@transaction.atomic
def return_upload(*, partnership: Partnership, header, episodes, user) -> Return:
    """Keep an SSDA903 return's two files and queue its import (placements.tasks); the
    worker reads them, in a transaction of its own, and then clears them."""
    from placements.tasks import run_import

    record = Return(
        partnership=partnership,
        uploaded_by=user,
        header_name=header.name[:255],
        episodes_name=episodes.name[:255],
    )
    save_versioned(instance=record, expected_version=None, user=user)
    # The files (case IDs, full dates of birth) are written by update(), so that no history
    # row ever holds them; the upload's version says who loaded it and when.
    Return.objects.filter(pk=record.pk).update(
        header_data=_read(header), episodes_data=_read(episodes)
    )
    run_import.enqueue(record.pk)
    return record


def _read(upload) -> bytes:
    upload.seek(0)
    return upload.read()


def episodes_to_cost(episodes, *, weekly_cost, provider):
    """The episodes among `episodes` that setting this cost (and provider) would change."""
    changes = ~Q(weekly_cost=weekly_cost) | Q(weekly_cost__isnull=True)
    if provider is not None:
        changes |= ~Q(provider=provider) | Q(provider__isnull=True)
    return episodes.filter(changes)


@transaction.atomic
def bulk_cost(*, partnership: Partnership, episodes, weekly_cost, provider, user) -> int:
    """Set the weekly cost (and the provider, when given) on every episode of `episodes`
    it changes, each with a version in its history; returns how many changed."""
    changing = episodes_to_cost(
        episodes.filter(partnership=partnership), weekly_cost=weekly_cost, provider=provider
    ).select_for_update()
    fields = ["weekly_cost", "version", "updated_at"]
    # A new provider brings its purchase route, worked out as the import works it out.
    fields += ["provider", "purchase_route"] if provider is not None else []
    changed, now = [], timezone.now()
    for episode in changing.order_by("pk"):
        episode.weekly_cost, episode.updated_at = weekly_cost, now
        if provider is not None:
            episode.provider = provider
            episode.derive_route()
        episode.version += 1
        changed.append(episode)
    if changed:
        bulk_update_with_history(changed, Episode, fields, batch_size=2000, default_user=user)
    return len(changed)


class ReturnNotStuck(Exception):
    """The return has finished, or its worker showed progress within RETURN_STUCK_AFTER."""


@transaction.atomic
def return_mark_failed(*, record: Return, user, last_progress=None) -> Return:
    """Mark a return whose worker has shown no progress for RETURN_STUCK_AFTER as failed
    (its import, all or nothing, wrote nothing that survives its worker), and clear its
    files: a version in its history says who and when. A later upload is never blocked by it."""
    locked = Return.objects.select_for_update().defer("header_data", "episodes_data")
    if not locked.get(pk=record.pk).is_stuck(last_progress):
        raise ReturnNotStuck
    Return.objects.filter(pk=record.pk).update(header_data=None, episodes_data=None)
    record = Return.objects.get(pk=record.pk)
    record.status = Return.Status.FAILED
    record.step = (
        "Marked as failed: its import showed no progress for "
        f"{RETURN_STUCK_AFTER.seconds // 60} minutes. Nothing was imported; upload it again."
    )
    record.finished_at = timezone.now()
    return save_versioned(instance=record, expected_version=record.version, user=user)
