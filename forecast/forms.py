from cip.forms import MoneyField, VersionedModelForm
from forecast.models import Forecast


def _cost(label: str) -> MoneyField:
    field = MoneyField(
        label=label,
        required=False,
        help_text="Leave empty to use the median weekly cost in the placement log",
    )
    field.error_messages["min_value"] = f"{label} cannot be negative"
    return field


class ForecastForm(VersionedModelForm):
    cost_fostering = _cost("Weekly cost of fostering")
    cost_residential = _cost("Weekly cost of residential care")
    cost_supported = _cost("Weekly cost of supported accommodation")
    cost_other = _cost("Weekly cost of other placements")

    class Meta:
        model = Forecast
        fields = [
            "name",
            "window_start",
            "window_end",
            "horizon_years",
            "cost_fostering",
            "cost_residential",
            "cost_supported",
            "cost_other",
            "scenario_name",
            "rate_from",
            "rate_to",
            "rate_percent",
            "move_children",
            "move_from",
            "move_to",
        ]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
