from django.urls import path

from board import committee_views, views

app_name = "board"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/sign-off/", views.meeting_sign_off, name="meeting-sign-off"),
    path("meetings/<int:pk>/pack/", views.meeting_pack, name="meeting-pack"),
    path("meetings/<int:pk>/attendees/new/", views.attendee_create, name="attendee-create"),
    path("attendees/<int:pk>/remove/", views.attendee_remove, name="attendee-remove"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item-create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/decisions/new/", views.decision_create, name="decision-create"),
    path(
        "items/<int:pk>/declarations/new/",
        views.declaration_create,
        name="declaration-create",
    ),
    path("decisions/", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision-correct"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("risks/", views.RiskListView.as_view(), name="risk-list"),
    path("risks/new/", views.risk_create, name="risk-create"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("secondments/", views.SecondmentListView.as_view(), name="secondment-list"),
    path("secondments/new/", views.secondment_create, name="secondment-create"),
    path("secondments/<int:pk>/", views.secondment_detail, name="secondment-detail"),
    path("secondments/<int:pk>/edit/", views.secondment_edit, name="secondment-edit"),
    path("settings/", views.settings_edit, name="settings-edit"),
    path("interests/", committee_views.interest_list, name="interest-list"),
    path("interests/new/", committee_views.interest_create, name="interest-create"),
    path("interests/<int:pk>/edit/", committee_views.interest_edit, name="interest-edit"),
    path("proposals/", committee_views.proposal_list, name="proposal-list"),
    path("proposals/new/", committee_views.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", committee_views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/vote/", committee_views.proposal_vote, name="proposal-vote"),
]
