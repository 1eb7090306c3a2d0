from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("", views.EpisodeListView.as_view(), name="episode-list"),
    path("log/", views.episode_create, name="episode-create"),
    path("episodes/<int:pk>/edit/", views.episode_edit, name="episode-edit"),
    path("children/<int:pk>/", views.child_detail, name="child-detail"),
    path("providers/", views.ProviderListView.as_view(), name="provider-list"),
    path("providers/add/", views.provider_create, name="provider-create"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider-edit"),
    path("measures/", views.measures_page, name="measures"),
    path(
        "measures/<slug:table>.<str:export_format>",
        views.measures_export,
        name="measures-export",
    ),
    path("data-quality/", views.data_quality, name="data-quality"),
    path("costing/", views.bulk_costing, name="bulk-costing"),
    path("import/", views.import_upload, name="import"),
    path("returns/<int:pk>/", views.return_detail, name="return-detail"),
    path("returns/<int:pk>/dfe-rules.csv", views.return_findings_csv, name="return-findings"),
    path(
        "returns/<int:pk>/mark-failed/",
        views.return_mark_failed_view,
        name="return-mark-failed",
    ),
    path("ssda903/", views.ssda903_export, name="ssda903-export"),
    path("settings/", views.settings_edit, name="settings"),
]
