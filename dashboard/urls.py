from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cases.<str:export_format>", views.dashboard_export, name="export"),
]
