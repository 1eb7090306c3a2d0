from django.urls import path

from cip import archive_views, invitations, views

app_name = "cip"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.partnership_detail, name="partnership-detail"),
    path("p/<slug:slug>/edit/", views.partnership_edit, name="partnership-edit"),
    path("p/<slug:slug>/agreement/edit/", views.agreement_edit, name="agreement-edit"),
    path(
        "p/<slug:slug>/contract-years/new/",
        views.contract_year_create,
        name="contract-year-create",
    ),
    path(
        "p/<slug:slug>/contract-years/<int:pk>/edit/",
        views.contract_year_edit,
        name="contract-year-edit",
    ),
    path("p/<slug:slug>/members/", views.membership_list, name="membership-list"),
    path(
        "p/<slug:slug>/members/invite/",
        invitations.invitation_create,
        name="invitation-create",
    ),
    path(
        "p/<slug:slug>/members/invitations/<int:pk>/withdraw/",
        invitations.invitation_cancel,
        name="invitation-cancel",
    ),
    path("p/<slug:slug>/members/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path(
        "p/<slug:slug>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
    path(
        "p/<slug:slug>/organisations/",
        views.OrganisationListView.as_view(),
        name="organisation-list",
    ),
    path(
        "p/<slug:slug>/organisations/<int:pk>/local-name/",
        views.organisation_local_name,
        name="organisation-local-name",
    ),
    path(
        "p/<slug:slug>/organisations/<int:pk>/propose/",
        views.organisation_propose,
        name="organisation-propose",
    ),
    path(
        "register/proposals/",
        views.organisation_proposals,
        name="organisation-proposals",
    ),
    path(
        "p/<slug:slug>/history/<str:model>/<int:pk>/",
        views.record_history,
        name="record-history",
    ),
    path(
        "p/<slug:slug>/history/<str:model>/<int:pk>/restore/",
        views.record_restore,
        name="record-restore",
    ),
    path(
        "p/<slug:slug>/archive/<str:model>/<int:pk>/",
        archive_views.record_archived,
        name="record-archived",
    ),
    path(
        "p/<slug:slug>/archive/<str:model>/<int:pk>/archive/",
        archive_views.record_archive,
        name="record-archive",
    ),
    path(
        "p/<slug:slug>/archive/<str:model>/<int:pk>/restore/",
        archive_views.record_unarchive,
        name="record-unarchive",
    ),
    path(
        "p/<slug:slug>/archive/<str:model>/<int:pk>/delete/",
        archive_views.record_delete,
        name="record-delete",
    ),
    path(
        "p/<slug:slug>/organisations/new/",
        views.organisation_create,
        name="organisation-create",
    ),
    path(
        "p/<slug:slug>/organisations/<int:pk>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
]
