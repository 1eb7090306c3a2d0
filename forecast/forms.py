"""A new forecast: its settings, a fixed number of adjustment rows for its scenario (empty rows
are ignored) and a weekly cost for each category and route (empty: the log's median). One form
with numbered fields, so every error names its row and field and links to it, without
JavaScript."""

from django import forms
from django.core.exceptions import ValidationError

from cip.forms import DecimalField, MoneyField, VersionedModelForm
from forecast.calculations import CATEGORIES, CATEGORY_LABELS, ROUTE_LABELS, ROUTES
from forecast.models import Forecast, ForecastAdjustment, ForecastUnitCost

ADJUSTMENT_ROWS = 5
KIND_CHOICES = [("", "No change"), *ForecastAdjustment.Kind.choices]


def _places(*, either: str) -> list[tuple[str, str]]:
    places = []
    for cat in CATEGORIES:
        places.append((cat, f"{CATEGORY_LABELS[cat]}, {either}"))
        places += [
            (f"{cat}:{way}", f"{CATEGORY_LABELS[cat]}, {ROUTE_LABELS[way].lower()}")
            for way in ROUTES
        ]
    return places


FROM_CHOICES = [("", "Choose"), ("entry", "Entries into care"), *_places(either="either route")]
TO_CHOICES = [("", "Choose"), *_places(either="either route"), ("exit", "Leaving care")]
# Where a model error lands among a row's fields.
ROW_FIELD = {
    "kind": "kind",
    "from_category": "from",
    "from_route": "from",
    "to_category": "to",
    "to_route": "to",
    "percent": "percent",
    "children": "children",
}


def _split(place: str) -> tuple[str, str]:
    cat, _, way = place.partition(":")
    return cat, way


class ForecastForm(VersionedModelForm):
    class Meta:
        model = Forecast
        fields = ["name", "window_start", "window_end", "horizon_years", "scenario_name"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        for n in range(1, ADJUSTMENT_ROWS + 1):
            row = f"Adjustment {n}"
            self.fields[f"adjustment_{n}_kind"] = forms.ChoiceField(
                label=f"{row}: change", choices=KIND_CHOICES, required=False
            )
            self.fields[f"adjustment_{n}_from"] = forms.ChoiceField(
                label=f"{row}: from", choices=FROM_CHOICES, required=False
            )
            self.fields[f"adjustment_{n}_to"] = forms.ChoiceField(
                label=f"{row}: to", choices=TO_CHOICES, required=False
            )
            self.fields[f"adjustment_{n}_percent"] = DecimalField(
                label=f"{row}: percentage",
                required=False,
                max_digits=6,
                decimal_places=1,
                min_value=-100,
                max_value=1000,
                help_text="To change a rate: for example -10 for a tenth fewer",
            )
            self.fields[f"adjustment_{n}_children"] = forms.IntegerField(
                label=f"{row}: children",
                required=False,
                min_value=1,
                max_value=100000,
                help_text="To move children on the first day: how many, for example 9",
            )
        for cat in CATEGORIES:
            for way in ROUTES:
                label = (
                    f"Weekly cost of {CATEGORY_LABELS[cat].lower()}, {ROUTE_LABELS[way].lower()}"
                )
                field = MoneyField(label=label, required=False)
                field.error_messages["min_value"] = f"{label} cannot be negative"
                self.fields[f"cost_{cat}_{way}"] = field
        self.adjustments: list[ForecastAdjustment] = []
        self.unit_costs: list[ForecastUnitCost] = []

    # The page lays the fields out in groups: the settings, the adjustments, the costs.
    def settings_fields(self):
        return [self[name] for name in self._meta.fields]

    def adjustment_rows(self):
        return [
            (
                n,
                [
                    self[f"adjustment_{n}_{part}"]
                    for part in ("kind", "from", "to", "percent", "children")
                ],
            )
            for n in range(1, ADJUSTMENT_ROWS + 1)
        ]

    def cost_rows(self):
        return [
            (CATEGORY_LABELS[cat], [self[f"cost_{cat}_{way}"] for way in ROUTES])
            for cat in CATEGORIES
        ]

    def _row_error(self, n: int, part: str, message: str) -> None:
        name = f"adjustment_{n}_{part}"
        self.add_error(name, f"{self.fields[name].label}: {message}")

    def _adjustment(self, n: int, position: int) -> ForecastAdjustment | None:
        data = self.cleaned_data
        kind = data.get(f"adjustment_{n}_kind")
        place_from = data.get(f"adjustment_{n}_from")
        place_to = data.get(f"adjustment_{n}_to")
        percent = data.get(f"adjustment_{n}_percent")
        children = data.get(f"adjustment_{n}_children")
        if not kind:
            if place_from or place_to or percent is not None or children is not None:
                self._row_error(n, "kind", "choose whether to change a rate or move children")
            return None
        failed = False
        if not place_from:
            self._row_error(n, "from", "choose where the change is from")
            failed = True
        if not place_to:
            self._row_error(n, "to", "choose where the change is to")
            failed = True
        if kind == ForecastAdjustment.Kind.RATE:
            if percent is None:
                self._row_error(n, "percent", "give the percentage change, for example -10")
                failed = True
            if children is not None:
                self._row_error(n, "children", "leave it empty to change a rate")
                failed = True
        else:
            if children is None:
                self._row_error(n, "children", "give how many children move, for example 9")
                failed = True
            if percent is not None:
                self._row_error(n, "percent", "leave it empty to move children")
                failed = True
        if failed:
            return None
        from_category, from_route = _split(place_from)
        to_category, to_route = _split(place_to)
        adjustment = ForecastAdjustment(
            position=position,
            kind=kind,
            from_category=from_category,
            from_route=from_route,
            to_category=to_category,
            to_route=to_route,
            percent=percent if kind == ForecastAdjustment.Kind.RATE else None,
            children=children if kind == ForecastAdjustment.Kind.MOVE else None,
        )
        try:
            adjustment.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self._row_error(
                        n, ROW_FIELD.get(field, "kind"), message[0].lower() + message[1:]
                    )
            return None
        return adjustment

    def clean(self):
        cleaned = super().clean()
        self.adjustments = []
        for n in range(1, ADJUSTMENT_ROWS + 1):
            adjustment = self._adjustment(n, len(self.adjustments) + 1)
            if adjustment is not None:
                self.adjustments.append(adjustment)
        has_rows = any(
            self.data.get(f"{self.add_prefix(f'adjustment_{n}_kind')}")
            for n in range(1, ADJUSTMENT_ROWS + 1)
        )
        name = cleaned.get("scenario_name")
        if has_rows and not name and "scenario_name" not in self.errors:
            self.add_error(
                "scenario_name", "Name the scenario, for example Properties 1 to 4 open."
            )
        if name and not has_rows:
            self.add_error(
                "scenario_name",
                "Add the scenario's adjustments, or leave its name empty for the baseline alone.",
            )
        self.unit_costs = [
            ForecastUnitCost(category=cat, route=way, weekly_cost=cleaned[f"cost_{cat}_{way}"])
            for cat in CATEGORIES
            for way in ROUTES
            if cleaned.get(f"cost_{cat}_{way}") is not None
        ]
        return cleaned
