"""No input to a briefs or work-packages form produces a server error, and nothing is written."""

import pytest
from django.apps import apps
from django.urls import reverse

from cip.access import Capability
from tests.briefs.factories import populate as populate_briefs
from tests.briefs.routes import ROUTES as BRIEF_ROUTES
from tests.workpackages.factories import populate as populate_workpackages
from tests.workpackages.routes import ROUTES as WP_ROUTES

pytestmark = pytest.mark.django_db

JUNK = [
    {},
    {
        "number": "-1",
        "order": "x",
        "title": "",
        "on": "31/02/2021",
        "target": "closed",
        "version": "abc",
        "value": "£1e400",
        "baseline": "NaN",
        "start_date": "2021-02-30",
        "end_date": "yesterday",
        "period_end": "0000-00-00",
        "priority_area": "999999",
        "brief": "'; drop table",
        "organisation": "-5",
        "parties": ["x"],
        "rag": "purple",
        "url": "javascript:alert(1)",
        "heading": "nonsense",
        "direction": "sideways",
    },
    {"title": "x" * 5000, "name": "\x00", "description": "\r\n\r", "value": "99999999999999999"},
]

MODELS = ["briefs", "workpackages"]


def _counts():
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in MODELS
    }


def test_junk_posted_to_every_form_is_refused_without_a_server_error(
    partnership, as_commissioner, as_admin
):
    populate_briefs(partnership)
    populate_workpackages(partnership)
    before = _counts()
    failures = []
    for route in BRIEF_ROUTES + WP_ROUTES:
        if route.need not in (Capability.EDIT, Capability.MANAGE) or route.name.endswith(
            ("-list", "-delete")
        ):
            continue
        client = as_admin if route.need == Capability.MANAGE else as_commissioner
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        for data in JUNK:
            response = client.post(url, data)
            if response.status_code != 200:
                failures.append(f"{route.name} with {len(data)} fields: {response.status_code}")
    assert failures == []
    assert _counts() == before
