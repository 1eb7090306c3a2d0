from django.urls import include, path

from workpackages import views

app_name = "workpackages"

urlpatterns = [
    path("", views.WorkPackageListView.as_view(), name="work-package-list"),
    path("new/", views.work_package_create, name="work-package-create"),
    path("<int:pk>/", views.work_package_detail, name="work-package-detail"),
    path("<int:pk>/edit/", views.work_package_edit, name="work-package-edit"),
    path("<int:pk>/stage/", views.work_package_move, name="work-package-move"),
    path("<int:pk>/rag/", views.work_package_rag, name="work-package-rag"),
    path("<int:pk>/contracts/new/", views.contract_create, name="contract-create"),
    path("contracts/", views.ContractListView.as_view(), name="contract-list"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract-edit"),
    path("contracts/<int:pk>/status/", views.contract_move, name="contract-move"),
    path("measures/<int:pk>/actuals/new/", views.actual_create, name="actual-create"),
    path("actuals/<int:pk>/edit/", views.actual_edit, name="actual-edit"),
    path("", include("workpackages.business_cases.urls")),
]

urlpatterns += views.parts.urls()
