"""Business case URLs, included from workpackages/urls.py in its "workpackages" namespace."""

from django.urls import path

from workpackages.business_cases import views

urlpatterns = [
    path("business-cases/", views.BusinessCaseListView.as_view(), name="business-case-list"),
    path("business-cases/new/", views.business_case_create, name="business-case-create"),
    path("business-cases/<int:pk>/", views.business_case_detail, name="business-case-detail"),
    path("business-cases/<int:pk>/edit/", views.business_case_edit, name="business-case-edit"),
    path("business-cases/<int:pk>/status/", views.business_case_move, name="business-case-move"),
    path(
        "business-cases/<int:pk>/revise/", views.business_case_revise, name="business-case-revise"
    ),
]

urlpatterns += views.parts.urls(
    prefix="business-cases/", name_prefix="business-case-", remove="delete"
)
