from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.BidListView.as_view(), name="bid-list"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("totals/", views.totals, name="totals"),
    path("conditions/", views.ConditionListView.as_view(), name="condition-list"),
    path("sub-grants/", views.SubGrantListView.as_view(), name="sub-grant-list"),
    path("360giving/", views.giving_360, name="giving-360"),
    path("360giving.json", views.giving_360_json, name="giving-360-json"),
    path("360giving.csv", views.giving_360_csv, name="giving-360-csv"),
    path("new/", views.bid_create, name="bid-create"),
    path("past-award/", views.bid_past_award, name="bid-past-award"),
    path("<int:pk>/", views.bid_detail, name="bid-detail"),
    path("<int:pk>/edit/", views.bid_edit, name="bid-edit"),
    path("<int:pk>/stage/", views.bid_stage, name="bid-stage"),
    path("<int:pk>/supporters/new/", views.supporter_create, name="supporter-create"),
    path("supporters/<int:pk>/edit/", views.supporter_edit, name="supporter-edit"),
    path("<int:pk>/documents/new/", views.document_create, name="document-create"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("<int:pk>/conditions/new/", views.condition_create, name="condition-create"),
    path("conditions/<int:pk>/edit/", views.condition_edit, name="condition-edit"),
    path("<int:pk>/sub-grants/new/", views.sub_grant_create, name="sub-grant-create"),
    path("sub-grants/<int:pk>/edit/", views.sub_grant_edit, name="sub-grant-edit"),
    path("<int:pk>/reach/new/", views.reach_create, name="reach-create"),
    path("reach/<int:pk>/edit/", views.reach_edit, name="reach-edit"),
]
