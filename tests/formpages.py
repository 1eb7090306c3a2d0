"""Every form of the project, found through the permission table (tests/routes.py).

Each route is visited as a role that may use it: the GET page's form is read as a browser
would submit it unchanged (`FormPage.baseline`), and the forms the view builds when that is
posted are recorded. Every POST here runs in a savepoint that is rolled back, so each one
starts from the same data. tests/test_form_fuzz.py and tests/test_mass_assignment.py use this.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import django_filters
from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cip.models import Membership
from tests.cip.factories import MembershipFactory, UserFactory
from tests.conftest import signed_in
from tests.routes import Route, all_routes, populate_all

# The project's own apps (the packages at its root), whatever their number: a new app's forms,
# models and commands are checked without anyone remembering to list it.
PROJECT = tuple(
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).parent == Path(settings.BASE_DIR)
)
# Modules not imported to find forms: they configure or start the process.
_NOT_SCANNED = ("cip.settings", "cip.wsgi", "cip.asgi")


def project_modules() -> Iterator[str]:
    for package in PROJECT:
        root = importlib.import_module(package)
        yield package
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or info.name in _NOT_SCANNED:
                continue
            yield info.name


def _subclasses(base) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def project_classes(base) -> set[type]:
    """Every subclass of `base` defined in the project's own modules (all imported first)."""
    for name in project_modules():
        importlib.import_module(name)
    return {c for c in _subclasses(base) if c.__module__.split(".")[0] in PROJECT}


class _FormReader(HTMLParser):
    """The fields of each <form> on a page, with what a browser would submit unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "data": {},
                    "submit": None,
                }
            )
            return
        if not self.forms:
            return
        data = self.forms[-1]["data"]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                data.setdefault(name, [])
                if "checked" in a:
                    data[name].append(a.get("value", "on"))
            elif kind in ("submit", "image", "button", "reset"):
                if self.forms[-1]["submit"] is None:
                    self.forms[-1]["submit"] = (name, a.get("value", ""))
            elif kind != "file":
                data.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            if self.forms[-1]["submit"] is None:
                self.forms[-1]["submit"] = (name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "first": None, "chosen": []}
        elif tag == "option" and self._select is not None:
            self._option = a
            value = a.get("value")
            self._option_text = ""
            if value is not None:
                self._note_option(value)
        elif tag == "textarea" and name:
            self._textarea = name
            data[name] = [""]

    def _note_option(self, value):
        if self._select["first"] is None:
            self._select["first"] = value
        if "selected" in self._option:
            self._select["chosen"].append(value)
        self._option = None

    def handle_data(self, text):
        if self._textarea:
            self.forms[-1]["data"][self._textarea][0] += text
        elif self._option is not None:
            self._option_text += text

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:  # no value attribute: its text
            self._note_option(self._option_text.strip())
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self.forms[-1]["data"][self._select["name"]] = chosen
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def submitted(html: str, url: str) -> dict[str, list[str]] | None:
    """What the page's POST form for `url` submits as it stands, or None if it has none."""
    reader = _FormReader()
    reader.feed(html)
    for found in reader.forms:
        action = urlsplit(found["action"]).path
        if found["method"] == "post" and action in ("", url):
            data = {name: values for name, values in found["data"].items() if values}
            if found["submit"]:
                data.setdefault(found["submit"][0], [found["submit"][1]])
            return data
    return None


@contextmanager
def rolled_back():
    """Run a request whose writes are undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@contextmanager
def forms_built() -> Iterator[list]:
    """Every form (and FilterSet) instance built inside the block."""
    built: list = []
    form_init = forms.BaseForm.__init__
    filter_init = django_filters.FilterSet.__init__

    def record_form(self, *args, **kwargs):
        form_init(self, *args, **kwargs)
        built.append(self)

    def record_filter(self, *args, **kwargs):
        filter_init(self, *args, **kwargs)
        built.append(self)

    with (
        mock.patch.object(forms.BaseForm, "__init__", record_form),
        mock.patch.object(django_filters.FilterSet, "__init__", record_filter),
    ):
        yield built


@dataclass
class FormPage:
    route: Route
    url: str
    client: Client
    baseline: dict[str, list[str]]  # the GET page's form, as a browser submits it unchanged
    bound_forms: list = field(default_factory=list)  # the forms the POST builds, bound
    record: object = None  # the record the URL names, if any

    @property
    def fields(self) -> dict[str, forms.Field]:
        return {
            form.add_prefix(name): field
            for form in self.bound_forms
            for name, field in form.fields.items()
        }

    def post(self, data) -> object:
        return self.client.post(self.url, data)


@dataclass
class Site:
    partnership: object
    other_partnership: object
    clients: dict[str, Client]
    pages: list[FormPage]  # every route whose POST handles a project form
    outsider: object = None  # an administrator of the other partnership
    board: object = None  # the board member, who also uses the pages outside a partnership
    device: object = None  # the board member's authenticator, not yet confirmed
    built_by_get: dict[str, list] = field(default_factory=dict)  # route name -> GET's forms


def _is_project(instance) -> bool:
    return type(instance).__module__.split(".")[0] in PROJECT


SITE_ADMIN = "site administrator"  # a client beside the roles', for Route.site_admin pages


def client_for(route: Route, clients: dict[str, Client]) -> Client:
    if route.public:
        return Client()
    if route.site_admin:
        return clients[SITE_ADMIN]
    if route.need is None:
        return clients[Membership.Role.BOARD_MEMBER]
    role = next(r for r in Membership.Role.values if route.allows(r))
    return clients[role]


def build_site(partnership, other_partnership, prepare=None) -> Site:
    """Populate both partnerships, sign in each role of A, and read every route's forms."""
    populate_all(partnership)
    populate_all(other_partnership)
    if prepare:
        prepare(partnership)
    users = {
        role: MembershipFactory(partnership=partnership, role=role).user
        for role in Membership.Role.values
    }
    clients = {role: signed_in(user) for role, user in users.items()}
    clients[SITE_ADMIN] = signed_in(UserFactory(is_superuser=True))
    site = Site(partnership, other_partnership, clients, [])
    site.board = users[Membership.Role.BOARD_MEMBER]
    site.device = TOTPDevice.objects.create(user=site.board, confirmed=False, name="App")
    site.outsider = MembershipFactory(
        partnership=other_partnership, role=Membership.Role.ADMINISTRATOR
    ).user
    for route in all_routes().values():
        if route.name == "logout":
            continue
        client = client_for(route, clients)
        url = reverse(route.name, kwargs=route.kwargs_for(partnership))
        record = route.record_for(partnership) if route.record and route.need else None
        baseline = {}
        if "GET" in route.methods:
            with rolled_back(), forms_built() as built:
                page = client.get(url)
            site.built_by_get[route.name] = [b for b in built if _is_project(b)]
            if not any(isinstance(b, forms.BaseForm) for b in site.built_by_get[route.name]):
                continue  # a page with no form of its own to post
            if page.status_code == 200 and "html" in page["Content-Type"]:
                baseline = submitted(page.content.decode(), url) or {}
        with rolled_back(), forms_built() as built:
            client.post(url, baseline)
        bound = [b for b in built if isinstance(b, forms.BaseForm) and b.is_bound]
        if any(_is_project(b) for b in bound):
            site.pages.append(FormPage(route, url, client, baseline, bound, record))
    return site


def _tables() -> list[tuple[str, str, str, bool, bool]]:
    found = []
    for model in apps.get_models():
        if model._meta.app_label in PROJECT or model._meta.label == "auth.User":
            names = {f.attname for f in model._meta.concrete_fields}
            found.append(
                (
                    model._meta.label,
                    model._meta.db_table,
                    model._meta.pk.column,
                    "updated_at" in names,
                    "version" in names,
                )
            )
    return found


def write_marks() -> list[tuple]:
    """For each project table (history included) and the users: rows, the highest id, the
    latest change and the sum of versions, in one query. Any insert, any save of a record
    (which moves its updated_at and, through save_versioned, its version) changes it."""
    quote = connection.ops.quote_name
    parts = []
    for label, table, pk, updated, version in _tables():
        parts.append(
            f"SELECT '{label}', CAST(COUNT(*) AS TEXT), CAST(MAX({quote(pk)}) AS TEXT), "
            + (f"CAST(MAX({quote('updated_at')}) AS TEXT), " if updated else "'', ")
            + (f"CAST(SUM({quote('version')}) AS TEXT) " if version else "'' ")
            + f"FROM {quote(table)}"  # the names come from the models, not from input
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return sorted(cursor.fetchall())
