from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:table>.<str:export_format>", views.dashboard_export, name="export"),
    path("cases/<int:pk>/add-to-agenda/", views.add_to_agenda, name="add-to-agenda"),
]
