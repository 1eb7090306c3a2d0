from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report-list"),
    path("new/", views.report_create, name="report-create"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("<int:pk>/headings/new/", views.section_create, name="section-create"),
    path("<int:pk>/final/", views.report_finalise, name="report-finalise"),
    path("<int:pk>/new-draft/", views.report_new_draft, name="report-new-draft"),
    path("<int:pk>/export/", views.report_export, name="report-export"),
    path("<int:pk>/word/", views.report_word, name="report-word"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("sections/<int:pk>/remove/", views.section_delete, name="section-delete"),
    path("sections/<int:pk>/prefill/", views.section_prefill, name="section-prefill"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
    path("final/<int:pk>/pdf/", views.final_pdf, name="final-pdf"),
]
