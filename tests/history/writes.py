"""Helpers for the write-path tests: post a page's own form, and read the history it left.

Each write-path test is marked with `@writes(...)`, naming the URLs, service functions and
decision kinds it exercises; tests/history/test_coverage.py fails when a URL, a function in a
services module or a decision kind is neither covered by such a test nor declared read-only.
"""

from html.parser import HTMLParser

from django.db import models

from cip.services import field_changes

COVERED: dict[str, list[str]] = {}  # "briefs:brief-create", "briefs.services.brief_create" ...


def writes(*names: str):
    """Record that the decorated test exercises each named write path."""

    def mark(test):
        for name in names:
            COVERED.setdefault(name, []).append(f"{test.__module__}.{test.__name__}")
        return test

    return mark


class _Forms(HTMLParser):
    """The POST forms of a page, with what a browser would send for each as it stands."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "data": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        data = self._form["data"]
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] or [self._select["first"] or ""]
            self._form["data"].setdefault(self._select["name"], []).extend(chosen)
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][-1] += text.removeprefix("\n")


def form_on(client, url: str) -> dict:
    """What the page's own POST form (the one posting back to the page) sends as it stands."""
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    parser = _Forms()
    parser.feed(response.content.decode())
    own = [f for f in parser.forms if f["action"] in ("", url)]
    assert own, f"{url} has no form posting back to it"
    return {k: v if len(v) > 1 else v[0] for k, v in own[0]["data"].items()}


def post_form(client, url: str, /, **changes):
    """Post the page's form with `changes` made to it, as someone filling it in would; the
    form must be accepted (a redirect)."""
    data = form_on(client, url)
    data.update({k: v for k, v in changes.items() if v is not None})
    for name in [k for k, v in changes.items() if v is None]:
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == 302, _why_refused(url, response)
    return response


def _why_refused(url, response) -> str:
    form = response.context.get("form") if response.context else None
    errors = form.errors.as_data() if form is not None else None
    return f"POST {url}: {response.status_code} {errors or ''}"


def entries(record: models.Model):
    """The record's history, newest first."""
    model = type(record)
    return model.history.filter(**{model._meta.pk.attname: record.pk}).order_by("-history_id")


def changed_fields(entry) -> set[str]:
    """What the history page shows this entry changed."""
    previous = entry.prev_record
    if previous is None:
        return set()
    return set(field_changes(entry, previous))


def assert_written(record: models.Model, kind: str, user, changed: set[str] = frozenset()):
    """The latest history entry of `record` is of `kind` ("+", "~", "-"), by `user`, changes
    at least the fields `changed`, and (unless deleted) holds exactly what the table holds:
    a write that skipped the history would leave it behind."""
    latest = entries(record).first()
    assert latest is not None, f"{record!r} has no history"
    assert latest.history_type == kind, f"{record!r}: {latest.history_type} is not {kind}"
    assert latest.history_user_id == getattr(user, "pk", None), (
        f"{record!r}: written by {latest.history_user}, not {user}"
    )
    missing = set(changed) - changed_fields(latest)
    assert not missing, f"{record!r}: history does not show {missing} changed"
    if kind != "-":
        stored = type(record)._base_manager.get(pk=record.pk)
        for field in stored._meta.concrete_fields:
            assert getattr(latest, field.attname) == getattr(stored, field.attname), (
                f"{record!r}.{field.name}: history {getattr(latest, field.attname)!r}, "
                f"table {getattr(stored, field.attname)!r}"
            )
    return latest


def rows_without_history() -> dict[str, int]:
    """For every domain model: how many rows the history has not caught up with (no entry,
    or a latest entry of another version). A bulk write or an update() that skipped the
    history shows here."""
    from django.apps import apps
    from django.db.models import Max

    from cip.models import DomainModel

    behind = {}
    for model in apps.get_models():
        if not issubclass(model, DomainModel):
            continue
        key = model._meta.pk.attname
        rows = dict(model._base_manager.values_list(key, "version"))
        latest = dict(
            model.history.values(key).annotate(top=Max("version")).values_list(key, "top")
        )
        count = sum(1 for pk, version in rows.items() if latest.get(pk) != version)
        if count:
            behind[model._meta.label] = count
    return behind
