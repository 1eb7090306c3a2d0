from django.db import migrations
from django.utils import timezone


def forget_locations_without_districts(apps, schema_editor):
    """An episode located from its postcode (no override) in a partnership that has set no
    county districts was stored as out of county; with no districts its location is not
    known. Each change is a new version, with its history row, as settings_save writes."""
    Episode = apps.get_model("placements", "Episode")
    HistoricalEpisode = apps.get_model("placements", "HistoricalEpisode")
    Settings = apps.get_model("placements", "PlacementSettings")
    with_districts = [
        s.partnership_id for s in Settings.objects.all() if s.county_districts.strip()
    ]
    changed = Episode.objects.filter(location="", in_county__isnull=False).exclude(
        partnership_id__in=with_districts
    )
    fields = [f.attname for f in Episode._meta.concrete_fields]
    now = timezone.now()
    while True:
        batch = list(changed[:2000])
        if not batch:
            break
        history = []
        for episode in batch:
            episode.in_county = None
            episode.version += 1
            history.append(
                HistoricalEpisode(
                    **{name: getattr(episode, name) for name in fields},
                    history_date=now,
                    history_type="~",
                    history_change_reason="Location not known: no county districts are set",
                )
            )
        Episode.objects.bulk_update(batch, ["in_county", "version"])
        HistoricalEpisode.objects.bulk_create(history)


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0005_settings_not_negative_and_cost_ceiling"),
    ]

    operations = [
        migrations.RunPython(forget_locations_without_districts, migrations.RunPython.noop),
    ]
