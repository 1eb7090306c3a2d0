"""The project's URLs with a Django admin site mounted, for the test that staff accounts are
asked for their second factor before any admin page (the project itself mounts none)."""

from django.contrib.admin.sites import AdminSite
from django.urls import path

from cip.urls import urlpatterns as project

urlpatterns = [*project, path("admin/", AdminSite(name="admin").urls)]
