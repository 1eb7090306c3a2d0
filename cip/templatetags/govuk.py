"""Template helpers for GOV.UK markup and the council's way of writing money.

Loaded as a builtin (settings.TEMPLATES), so every template can use them without {% load %}.
"""

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cip.access import Capability, role_can
from cip.money import format_money, format_money_short

register = template.Library()

_INPUT_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "date": "govuk-input govuk-input--width-10",
    "money": "govuk-input govuk-input--width-10",
    "number": "govuk-input govuk-input--width-5",
}


@register.filter
def can(role: str, capability: str) -> bool:
    """`{% if request.membership.role|can:"view_children" %}`: what cip.access grants."""
    return role_can(role, Capability(capability))


@register.filter
def money(value) -> str:
    """£798,000: the exact amount, as in the council's tables of awards."""
    return format_money(value)


@register.filter
def money_short(value) -> str:
    """£431k, £3.7m: as the council writes figures in narrative."""
    return format_money_short(value)


@register.simple_tag
def govuk_widget(field):
    """Render a bound field's widget with GOV.UK classes, error state and described-by ids."""
    kind = field.widget_type
    classes = [_INPUT_CLASSES.get(kind, "govuk-input")]
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        classes.append(classes[0].split()[0] + "--error")
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    widget = field.field.widget
    if (
        isinstance(widget, forms.Select)
        and not widget.allow_multiple_selected
        and widget.template_name == forms.Select.template_name
        and widget.option_template_name == forms.Select.option_template_name
    ):
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field, attrs: dict) -> str:
    """What Django's select templates render, written in Python: they include a template for
    every option, which for a register of 200 providers was most of a filter form's time."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    parts = [format_html('<select name="{}"{}>', context["name"], _attrs(context["attrs"]))]
    for group, options, _ in context["optgroups"]:
        if group:
            parts.append(format_html('\n  <optgroup label="{}">', group))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',  # the option template ends in a new line
                str(option["value"]),
                _attrs(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, none for False."""
    return mark_safe(  # noqa: S308 - escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


@register.simple_tag
def error_summary_items(form):
    """(href, message) pairs for the GOV.UK error summary, first field first. Errors of the
    whole form link to `form.summary_href` when the page lists them in detail somewhere."""
    whole_form = getattr(form, "summary_href", "#main-content")
    items = [(whole_form, error) for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        anchor = bound.auto_id
        if bound.widget_type in ("radioselect", "checkboxselectmultiple"):
            anchor = f"{anchor}_0"
        items.extend((f"#{anchor}", error) for error in errors)
    return items


@register.simple_tag
def govuk_tag(text, colour=""):
    colour_class = f" govuk-tag--{colour}" if colour else ""
    return format_html('<strong class="govuk-tag{}">{}</strong>', colour_class, text)


@register.filter
def days_from_now(days: int) -> str:
    """'in 12 days', 'today' or '1,817 days ago'."""
    if days == 0:
        return "today"
    return f"in {days:,} days" if days > 0 else f"{-days:,} days ago"


@register.simple_tag(takes_context=True)
def history_link(context, record, text="View the history of changes"):
    """A link to the record's history page (who changed what, and when)."""
    from django.urls import reverse

    membership = getattr(context.get("request"), "membership", None)
    if membership is None or record is None:
        return ""
    url = reverse(
        "cip:record-history",
        kwargs={
            "slug": membership.partnership.slug,
            "model": record._meta.label_lower,
            "pk": record.pk,
        },
    )
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


@register.simple_tag(takes_context=True)
def archive_link(context, record):
    """A link to archive the record, for a member whose role may (its `archive_needs`)."""
    from django.urls import reverse

    from cip.access import Capability, role_can

    membership = getattr(context.get("request"), "membership", None)
    if membership is None or record is None or getattr(record, "is_archived", True):
        return ""
    if not any(role_can(membership.role, Capability(need)) for need in record.archive_needs):
        return ""
    url = reverse(
        "cip:record-archive",
        kwargs={
            "slug": membership.partnership.slug,
            "model": record._meta.label_lower,
            "pk": record.pk,
        },
    )
    return format_html(
        '<a class="govuk-link" href="{}">Archive<span class="govuk-visually-hidden"> {}</span></a>',
        url,
        record,
    )
