"""A forecast's one rate change and one move (six flat fields) become adjustment rows, and its
four entered category costs become unit-cost rows (an entered category cost applies to both
routes). Each row gets its first history version, as a save would give it."""

from django.db import migrations
from django.utils import timezone

REASON = "Moved from the forecast's own fields (migration 0003)"


def _create(apps, model_name, user_id, **values):
    model = apps.get_model("forecast", model_name)
    history = apps.get_model("forecast", f"Historical{model_name}")
    row = model.objects.create(**values)
    fields = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    history.objects.create(
        **fields,
        history_date=timezone.now(),
        history_type="+",
        history_user_id=user_id,
        history_change_reason=REASON,
    )


def forwards(apps, schema_editor):
    Forecast = apps.get_model("forecast", "Forecast")
    for forecast in Forecast.objects.order_by("pk").iterator():
        user = forecast.requested_by_id
        position = 0
        if forecast.rate_from and forecast.rate_to and forecast.rate_percent is not None:
            position += 1
            _create(
                apps,
                "ForecastAdjustment",
                user,
                forecast=forecast,
                position=position,
                kind="rate",
                from_category=forecast.rate_from,
                to_category=forecast.rate_to,
                percent=forecast.rate_percent,
            )
        if forecast.move_children and forecast.move_from and forecast.move_to:
            if forecast.move_from != forecast.move_to:
                position += 1
                _create(
                    apps,
                    "ForecastAdjustment",
                    user,
                    forecast=forecast,
                    position=position,
                    kind="move",
                    from_category=forecast.move_from,
                    to_category=forecast.move_to,
                    children=forecast.move_children,
                )
        for category in ("fostering", "residential", "supported", "other"):
            cost = getattr(forecast, f"cost_{category}")
            if cost is None:
                continue
            for route in ("in_house", "external"):
                _create(
                    apps,
                    "ForecastUnitCost",
                    user,
                    forecast=forecast,
                    category=category,
                    route=route,
                    weekly_cost=cost,
                )


class Migration(migrations.Migration):
    dependencies = [("forecast", "0002_adjustments_and_unit_costs")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
