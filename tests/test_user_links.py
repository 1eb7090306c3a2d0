"""A link to a person that is emptied when their account is deleted (SET_NULL) must be allowed
blank: every versioned save validates the whole record (full_clean), so a null the database
accepts but validation refuses stops any later change to the record (a stuck return could not
be marked as failed once its uploader had gone)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models


def _links_emptied_on_delete():
    user = get_user_model()
    for model in apps.get_models():
        if model.__module__.startswith("simple_history") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.remote_field.model is user
                and field.remote_field.on_delete is models.SET_NULL
            ):
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_link_to_a_person_emptied_on_delete_may_be_blank():
    links = dict(_links_emptied_on_delete())
    assert "placements.Return.uploaded_by" in links  # the walk finds them
    refused = sorted(name for name, field in links.items() if not field.blank)
    assert refused == []
