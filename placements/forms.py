from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from cip.forms import Form, MoneyField, VersionedModelForm
from cip.money import format_money as money
from cip.uploads import upload_limit
from placements import calculations, codes, importers
from placements.models import (
    DEFAULT_WEEKLY_COST_CEILING,
    Child,
    Episode,
    PlacementSettings,
    Provider,
    child_reference,
    settings_for,
)

_CODE_FIELDS = ("rne", "ls", "cin", "place", "place_provider", "rec", "reason_place_change")


class EpisodeForm(VersionedModelForm):
    """Log or change a placement episode. A new episode names its child by the case-system
    ID, which is pseudonymised at once and never stored."""

    case_id = forms.CharField(
        label="Child's case-system ID",
        max_length=50,
        required=False,
        help_text="Turned into a pseudonymous reference straight away; the ID is not stored",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    birth_month = forms.IntegerField(
        label="Month of birth",
        min_value=1,
        max_value=12,
        required=False,
        help_text="1 to 12; needed only for a child new to the log",
    )
    birth_year = forms.IntegerField(
        label="Year of birth",
        min_value=1990,
        max_value=2100,
        required=False,
        help_text="For example 2007; needed only for a child new to the log",
    )
    sex = forms.ChoiceField(
        choices=[("", "Not needed for a child already on the log"), *Child.Sex.choices],
        required=False,
    )
    weekly_cost = MoneyField(label="Weekly cost", required=False)

    class Meta:
        model = Episode
        fields = [
            "decom",
            "dec",
            "rne",
            "ls",
            "cin",
            "place",
            "place_provider",
            "provider",
            "rec",
            "reason_place_change",
            "home_post",
            "pl_post",
            "urn",
            "location",
            "weekly_cost",
            "purchase_route",
            "work_package",
        ]
        widgets = {"location": forms.RadioSelect, "purchase_route": forms.RadioSelect}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        self.ceiling = settings_for(partnership).weekly_cost_ceiling
        if self.is_bound and self._posted_cost_above_ceiling():
            # Appears with the error it answers: a cost above the partnership's ceiling.
            self.fields["confirm_cost"] = forms.BooleanField(
                label=f"Yes, the weekly cost is more than {money(self.ceiling)}",
                required=False,
            )
        self.fields["provider"].queryset = partnership.providers.order_by("name")
        self.fields["purchase_route"].choices = Episode.Route.choices
        self.fields["work_package"].queryset = partnership.work_packages.order_by("title")
        if self.instance.pk:
            for name in ("case_id", "birth_month", "birth_year", "sex"):
                del self.fields[name]
        else:
            self.fields["case_id"].required = True
            self.order_fields(["case_id", "birth_month", "birth_year", "sex"])

    def _posted_cost_above_ceiling(self) -> bool:
        try:
            cost = self.fields["weekly_cost"].clean(self.data.get(self.add_prefix("weekly_cost")))
        except ValidationError:
            return False
        return cost is not None and cost > self.ceiling

    def clean(self):
        data = super().clean()
        decom, dec, today = data.get("decom"), data.get("dec"), date.today()
        if decom and decom > today:
            self.add_error("decom", "The start date cannot be after today")
        if dec and dec > today:
            self.add_error("dec", "The end date cannot be after today")
        # The codes of a collection year in which the episode is open, whenever it began.
        years = (codes.collection_year(today),) * 2
        if decom and decom <= today and (dec is None or decom <= dec <= today):
            years = codes.open_years(decom, dec, today)
        for name in _CODE_FIELDS:
            value = data.get(name)
            if value:
                why = codes.problem_while_open(name.upper(), value, *years)
                if why:
                    self.add_error(name, why)
        born = (data.get("birth_year"), data.get("birth_month"))
        if decom and decom <= today and all(born) and "case_id" in self.fields:
            known = self.partnership.children.filter(
                reference=child_reference(data.get("case_id") or "")
            ).values_list("birth_year", "birth_month")
            # A child already on the log keeps its stored birth (the model checks that one).
            if not known.exists() and (why := calculations.age_problem(born, decom)):
                self.add_error("decom", why)
        cost = data.get("weekly_cost")
        if cost is not None and cost > self.ceiling and not data.get("confirm_cost"):
            self.add_error(
                "weekly_cost",
                f"The weekly cost is more than {money(self.ceiling)}: check it, and tick the "
                "box below to confirm it",
            )
        if data.get("dec") and not data.get("rec"):
            self.add_error("rec", "Enter the reason the episode ceased")
        for name in ("home_post", "pl_post"):
            if data.get(name):
                data[name] = calculations.postcode_sector(data[name])
                if not calculations.PARTIAL_POSTCODE.match(data[name]):
                    self.add_error(name, "Enter a postcode sector such as LE11 3")
        if data.get("urn"):
            data["urn"] = data["urn"].strip().upper()
        return data


class ProviderForm(VersionedModelForm):
    weekly_price = MoneyField(label="Framework weekly price", required=False)

    class Meta:
        model = Provider
        fields = [
            "name",
            "ofsted_urn",
            "provider_type",
            "councils_own",
            "framework_status",
            "weekly_price",
            "quality_score",
        ]
        widgets = {"framework_status": forms.RadioSelect}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def clean_ofsted_urn(self):
        return self.cleaned_data["ofsted_urn"].strip().upper()


class SettingsForm(VersionedModelForm):
    weekly_cost_ceiling = MoneyField(
        label=PlacementSettings._meta.get_field("weekly_cost_ceiling").verbose_name.capitalize(),
        help_text=PlacementSettings._meta.get_field("weekly_cost_ceiling").help_text
        + f" (left blank: {money(DEFAULT_WEEKLY_COST_CEILING)})",
        required=False,
    )

    def clean_weekly_cost_ceiling(self):
        value = self.cleaned_data["weekly_cost_ceiling"]
        return DEFAULT_WEEKLY_COST_CEILING if value is None else value

    class Meta:
        model = PlacementSettings
        fields = [
            "county_districts",
            "under_18_population",
            "population_year",
            "statistical_neighbours_rate",
            "region_rate",
            "england_rate",
            "weekly_cost_ceiling",
        ]
        widgets = {"county_districts": forms.Textarea(attrs={"rows": 3})}

    def clean_county_districts(self):
        text = self.cleaned_data["county_districts"]
        parts = text.upper().replace(",", " ").split()
        wrong = [p for p in parts if not (2 <= len(p) <= 4 and p[0].isalpha())]
        if wrong:
            raise ValidationError(
                f"These are not postcode districts: {', '.join(wrong[:5])}. "
                "Enter outward codes such as LE1 or LE67."
            )
        return " ".join(sorted(set(parts)))


class ImportForm(Form):
    """The two SSDA903 tables as CSV files: each is refused here, by name, when it is too
    large, not CSV (a workbook, an archive, XML) or not UTF-8 from its first bytes."""

    header = forms.FileField(
        label="Header file (CSV)",
        help_text="Columns CHILD, SEX, DOB. Only the month and year of birth are kept.",
    )
    episodes = forms.FileField(
        label="Episodes file (CSV)",
        help_text="Columns CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, "
        "REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN; dates as dd/mm/yyyy. "
        "Saved as CSV UTF-8.",
    )

    def clean_header(self):
        return _checked_upload(self.cleaned_data["header"])

    def clean_episodes(self):
        return _checked_upload(self.cleaned_data["episodes"])


def _checked_upload(upload):
    if not upload.name.lower().endswith((".csv", ".txt")):
        raise ValidationError(
            "Upload a CSV file (ending .csv); save spreadsheets as 'CSV UTF-8'", code="type"
        )
    limit = upload_limit()
    if upload.size > limit:
        raise ValidationError(
            f"The file is {importers.file_size(upload.size)}; the limit is "
            f"{importers.file_size(limit)}. Split it by collection year.",
            code="size",
        )
    start = upload.read(importers.SNIFF_BYTES)
    upload.seek(0)
    why = importers.sniff(start)
    if why:
        raise ValidationError(why, code="type")
    return upload


class BulkCostForm(Form):
    """The weekly cost (and, if chosen, the provider) to set on every episode the placement
    log's filter picks; applied only for the number of changes previewed."""

    weekly_cost = MoneyField(label="Weekly cost", help_text="In pounds, for example 4250")
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        required=False,
        empty_label="Leave each episode's provider as it is",
    )
    confirm_cost = forms.BooleanField(
        label="Yes, the weekly cost is more than the placement settings' highest weekly cost",
        required=False,
    )
    previewed = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = partnership.providers.order_by("name")
        self.ceiling = settings_for(partnership).weekly_cost_ceiling

    def clean(self):
        data = super().clean()
        cost = data.get("weekly_cost")
        if cost is not None and cost > self.ceiling and not data.get("confirm_cost"):
            self.add_error(
                "weekly_cost",
                f"The weekly cost is more than {money(self.ceiling)}: check it, and tick the "
                "box to confirm it",
            )
        return data
