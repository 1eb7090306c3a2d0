"""The GOV.UK widget tag writes selects in Python, exactly as Django's templates would."""

import pytest
from django import forms

from cip.models import Organisation
from cip.templatetags.govuk import _INPUT_CLASSES, govuk_widget
from tests.cip.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class Sample(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Any"), ("a", "A & B"), ("b", '"Quoted" <b>')],
        required=False,
        help_text="Pick one",
    )
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("veg", "Veg")]
    )
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"))
    answer = forms.NullBooleanField()
    fixed = forms.ChoiceField(choices=[("x", "X")], disabled=True, required=False)


def _expected(field) -> str:
    """Django's own rendering, with the attributes govuk_widget gives a select."""
    kind = _INPUT_CLASSES.get(field.widget_type, "govuk-input")
    attrs = {"class": kind + (f" {kind.split()[0]}--error" if field.errors else "")}
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    described += [f"{field.auto_id}-error"] if field.errors else []
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "b", "grouped": "pear", "answer": "true"}, {"grouped": "nonsense"}],
)
def test_selects_render_as_django_renders_them(data):
    OrganisationFactory(name="Barnardo's & Co")
    OrganisationFactory(name="<Council>")
    form = Sample(data)
    if data:
        form.is_valid()
    for name in form.fields:
        assert str(govuk_widget(form[name])) == str(_expected(form[name])), name
