from django.urls import path

from briefs import views

app_name = "briefs"

urlpatterns = [
    path("", views.BriefListView.as_view(), name="brief-list"),
    path("new/", views.brief_create, name="brief-create"),
    path("<int:pk>/", views.brief_detail, name="brief-detail"),
    path("<int:pk>/edit/", views.brief_edit, name="brief-edit"),
    path("<int:pk>/move/", views.brief_move, name="brief-move"),
    path("priority-areas/", views.PriorityAreaListView.as_view(), name="priority-area-list"),
    path("priority-areas/new/", views.priority_area_create, name="priority-area-create"),
    path("priority-areas/<int:pk>/edit/", views.priority_area_edit, name="priority-area-edit"),
]

urlpatterns += views.parts.urls()
