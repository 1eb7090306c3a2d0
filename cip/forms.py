from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorList, pretty_name

from cip.models import (
    Archivable,
    CollaborationAgreement,
    ContractYear,
    Membership,
    Organisation,
    OrganisationLocalName,
    OrganisationProposal,
    Partnership,
)


class GovukFormRenderer(TemplatesSetting):
    """Django's own form rendering, with GOV.UK field templates (templates/govuk/forms)."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class MoneyInput(forms.TextInput):
    """GOV.UK asks for text inputs with a decimal keyboard for money, shown with a £ prefix."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "spellcheck": "false", **(attrs or {})})


class DecimalField(forms.DecimalField):
    """Django's DecimalField, refusing what is not a finite number as soon as it is read.

    Django's own reads "sNaN" as a signalling NaN and refuses it only in validate(); but
    has_changed() reads it first and compares it with the record's value, and comparing a
    signalling NaN raises decimal.InvalidOperation: a 500 on any edit form with a decimal.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class MoneyField(DecimalField):
    """Pounds and pence; accepts '£431,000' or '431000.50'. Never a float."""

    widget = MoneyInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter an amount in pounds, like 431000 or 431,000.50"

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        try:
            return super().to_python(value)
        except InvalidOperation as exc:  # pragma: no cover - DecimalField maps these already
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def widget_attrs(self, widget):
        # No min/step attributes: the input is text, and the server checks the amount.
        return {}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# Django's default message for a missing value, which names nothing.
REQUIRED = forms.Field.default_error_messages["required"]


# No date the service records is outside these years; dates beyond them (year 9999) break
# the date arithmetic that pages do with them (a term added, a notice period taken off).
FIRST_YEAR, LAST_YEAR = 1900, 2199


def plausible_date(day) -> None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}", code="implausible_date"
        )


class NamedErrorsMixin:
    """Every error message names its field, so the error summary reads on its own:
    "Occupancy must be 100% or less", "Appraisal period (years): Enter a whole number".
    Every date must also fall between FIRST_YEAR and LAST_YEAR."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and plausible_date not in field.validators:
                field.validators.append(plausible_date)
        for name, field in self.fields.items():
            # Only Django's own wording is replaced: a form's own message stands.
            if field.error_messages.get("required") == REQUIRED:
                verb = "Choose" if isinstance(field, forms.ChoiceField) else "Enter"
                label = str(field.label or pretty_name(name)).lower()
                field.error_messages["required"] = f"{verb} the {label}"

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._errors is None:
            return
        for name, errors in list(self._errors.items()):
            if name not in self.fields:
                continue
            label = str(self.fields[name].label or pretty_name(name))
            named = [
                message if label.lower() in message.lower() else f"{label}: {message}"
                for message in errors
            ]
            self._errors[name] = ErrorList(named, renderer=getattr(self, "renderer", None))


class Form(NamedErrorsMixin, forms.Form):
    """A plain form whose messages name their fields."""


# A key beyond this is no record's: SQLite's driver refuses to bind it (OverflowError), which
# Django's model choice fields do not catch, so a junk post of one was a 500.
_LARGEST_KEY = 2**63 - 1


def _too_large(field: forms.ModelChoiceField, value) -> bool:
    meta = field.queryset.model._meta
    key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    text = str(value).strip().lstrip("+-")
    # isdigit() alone takes "¹" and other digits int() refuses (a 500 on a fuzzed post)
    digits = text.isascii() and text.isdigit()
    return isinstance(key, models.IntegerField) and digits and int(text) > _LARGEST_KEY


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, with a key too large for the database refused as a choice that does not
    exist (used for every foreign key of a VersionedModelForm, by model_form_field)."""

    def to_python(self, value):
        if _too_large(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with a key too large for the database refused like any unknown key."""

    def _check_values(self, value):
        for key in value:
            if _too_large(self, key):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)


def model_form_field(model_field, **kwargs):
    """The form field of a model field, in every VersionedModelForm: decimals are read by
    DecimalField above, keys by the model choice fields above, and a link typed without a
    scheme is taken as https:// (Django 6's default)."""
    if isinstance(model_field, models.DecimalField):
        kwargs.setdefault("form_class", DecimalField)
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(model_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(model_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return model_field.formfield(**kwargs)


class ModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Gives every model form's Meta the project's model_form_field, unless it names its
    own: Django reads formfield_callback from the form's own Meta only, not its bases'."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(model_form_field)
        return super().__new__(mcs, name, bases, attrs)


def partnership_id_of(record: models.Model) -> int | None:
    """The key of the partnership a record hangs off (its `partnership`, or the lookup its
    model names in `partnership_path`), read from the instance as the form has it."""
    if isinstance(record, Partnership):
        return record.pk
    *hops, last = getattr(record, "partnership_path", "partnership").split("__")
    for hop in hops:
        record = getattr(record, hop, None)
        if record is None:
            return None
    return getattr(record, f"{last}_id", None)


# No record has version 0 (versions start at 1), so an edit expecting it is refused as stale.
STALE = 0


class VersionField(forms.Field):
    """The version a record had when its page was loaded, in a hidden input. Anything that is
    not a plausible version (left out, empty, 0, junk, out of range) cleans to `STALE`, which
    `save_versioned` refuses with the usual "someone else saved" message: an edit never
    overwrites a version it was not loaded with, and never fails on a bad number."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs["required"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            return STALE
        return number if 1 <= number <= 2**31 - 1 else STALE


class VersionedModelForm(NamedErrorsMixin, forms.ModelForm, metaclass=ModelFormMetaclass):
    """Carries the version the record had when the form was loaded (see save_versioned)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    @property
    def loaded_version(self) -> int:
        return self.cleaned_data.get("version", STALE)

    # Pickers leave archived records out (their default managers do). A record that already
    # points at one keeps it until someone chooses another: its own choice stays on offer.
    # Done when the form is shown or checked, after subclasses have set their querysets.
    def _offer_archived_choices_in_use(self) -> None:
        if self.instance._state.adding or getattr(self, "_archived_choices_offered", False):
            return
        self._archived_choices_offered = True
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                continue
            model = field.queryset.model
            current = getattr(self.instance, f"{name}_id", None)
            if current is None or not issubclass(model, Archivable):
                continue
            offered = model.all_objects.filter(
                Q(pk__in=field.queryset.values("pk")) | Q(pk=current)
            )
            field.queryset = offered.order_by(*field.queryset.query.order_by)

    # Organisation pickers offer the register the record's partnership sees: the shared
    # entries and its own, never another partnership's.
    def _offer_the_partnerships_register(self) -> None:
        if getattr(self, "_register_offered", False):
            return
        self._register_offered = True
        partnership_id = partnership_id_of(self.instance)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Organisation:
                field.queryset = field.queryset.filter(
                    Q(owner__isnull=True) | Q(owner_id=partnership_id)
                )

    def _prepare_choices(self) -> None:
        self._offer_the_partnerships_register()
        self._offer_archived_choices_in_use()

    def full_clean(self):
        self._prepare_choices()
        super().full_clean()

    def get_context(self):
        self._prepare_choices()
        return super().get_context()


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        # No autofocus (Django's default): it skips the skip link and the page's introduction.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self):
        # Django sets the field's max_length after building it, so nothing checks it, and a
        # failed sign-in with a longer name reached the lockout's record of attempts (255
        # characters on PostgreSQL): a DataError, a 500.
        username = self.cleaned_data["username"]
        if len(username) > self.username_field.max_length:
            raise ValidationError(
                f"Username must be {self.username_field.max_length} characters or fewer",
                code="max_length",
            )
        return username


class PartnershipForm(VersionedModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "council", "partner", "description"]


class AgreementForm(VersionedModelForm):
    advertised_maximum_value = MoneyField(label="Advertised maximum value")
    annual_value_basis = MoneyField(
        label="Yearly value basis",
        help_text="The yearly spend that the advertised maximum was based on",
    )

    # What the date arithmetic of the agreement's pages can hold; the database checks the
    # term too, but only after the form has put the typed value on the record.
    BOUNDS = {
        "maximum_term_years": (1, 25),
        "renewal_period_months": (1, 60),
        "termination_notice_months": (0, 12),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in self.BOUNDS.items():
            self.fields[name].validators += [MinValueValidator(low), MaxValueValidator(high)]

    class Meta:
        model = CollaborationAgreement
        fields = [
            "title",
            "award_date",
            "commencement_date",
            "maximum_term_years",
            "renewal_period_months",
            "termination_notice_months",
            "advertised_maximum_value",
            "annual_value_basis",
            "objectives",
            "shared_values",
            "governance",
            "evaluation_partner",
        ]


class ContractYearForm(VersionedModelForm):
    class Meta:
        model = ContractYear
        # No status: a year is continued (or not) only by a board decision, which also adds
        # the year when it is not yet recorded (board.services.contract_year_next).
        fields = ["number", "start_date", "end_date", "notes"]
        help_texts = {
            "number": "Years run one after another with no gap. A board decision continues "
            "the partnership into a year, and adds the year if it is not recorded yet",
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "identifier"]

    def clean_identifier(self):
        return self.cleaned_data["identifier"].strip().upper()


class OrganisationLocalNameForm(VersionedModelForm):
    class Meta:
        model = OrganisationLocalName
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = (
            "The name your partnership's pages, tables, exports and reports show. "
            "Leave it empty to show the register's name."
        )

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class OrganisationProposalForm(VersionedModelForm):
    class Meta:
        model = OrganisationProposal
        fields = ["name", "kind", "identifier", "why"]

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip().upper()
        taken = Organisation.all_objects.filter(identifier=identifier).exclude(
            pk=self.instance.organisation_id
        )
        if taken.exists():
            raise forms.ValidationError("Another organisation in the register has this identifier")
        return identifier


class ProposalDecisionForm(Form):
    """A site administrator's decision on one proposal (the page lists several, each with its
    own prefix)."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept the change"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept or decline the proposal"},
    )
    decline_reason = forms.CharField(
        label="Reason for declining",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The proposing partnership reads this",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("decline_reason", "").strip():
            self.add_error("decline_reason", "Enter why the proposal is declined")
        return cleaned


class MembershipRoleForm(VersionedModelForm):
    class Meta:
        model = Membership
        fields = ["role", "side"]
        widgets = {"role": forms.RadioSelect, "side": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Name the two organisations: "Leicestershire County Council (the council)".
        partnership = self.instance.partnership
        names = {
            Membership.Side.COUNCIL: str(partnership.council),
            Membership.Side.PARTNER: str(partnership.partner),
        }
        self.fields["side"].choices = [
            (value, f"{names[value]} ({label.lower()})") for value, label in Membership.Side.choices
        ] + [("", "Neither")]


class AsAtForm(Form):
    """The date a page's figures are as at, sent by GET: today, unless a past day is given."""

    as_at = forms.DateField(
        label="As at",
        required=False,
        widget=DateInput(),
        help_text="Figures from dated records are worked out for this day, for example 31/3/2021",
        error_messages={"invalid": "Enter the as-at date as a real date, for example 31/3/2021"},
    )

    def __init__(self, *args, today: date, default: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # Where the page opens with no date given: today, or where a partnership's data ends.
        self.default = min(default or today, today)

    def clean_as_at(self):
        day = self.cleaned_data.get("as_at")
        if day is not None and day > self.today:
            raise forms.ValidationError("The as-at date must be today or in the past")
        return day

    def day(self) -> date:
        """The as-at date to show: the default unless the form is valid and says otherwise."""
        if self.is_bound:
            self.is_valid()  # keeps the fields that are valid even when another is not
            return self.cleaned_data.get("as_at") or self.default
        return self.default
